"""Demand use cases: raise a wish-list item, assess it, decide on it under
``policy.investments``, plan it and deliver it.

Each step is a pure function of the policy, the demand, who acts and when
(:func:`decide`), guarded by the lifecycle table
(:data:`ccgov.records.demand.MOVES`); :func:`transition` wires it to the
repository and commits through the one write path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ValidationError

from ccgov.errors import RefusedError
from ccgov.planning.common import acting, committed_unchanged, find, local_time, render_update
from ccgov.policy.signoff import (
    band_text,
    demand_excluded,
    demand_signoff,
    describe_missing,
    in_band,
    investment_rule,
    signoff_problem,
)
from ccgov.policy.tolerance import mitigated_risks
from ccgov.records.config import Person, RepoConfig
from ccgov.records.demand import (
    NEXT_ACTIONS,
    Action,
    Assessment,
    Cost,
    Demand,
    DemandStatus,
    DemandTransition,
    NewDemand,
    amount,
    content_hash,
    record_data,
    sources,
)
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.records.plan import Plan, Planned, quarter_bounds
from ccgov.records.risk import RiskRecord
from ccgov.records.signoff import SignOff
from ccgov.store import git
from ccgov.store.ids import next_id
from ccgov.store.repo import Repository
from ccgov.workflow.drafts import render_new
from ccgov.workflow.transaction import Applied, Mutation, apply

DEMAND_DIR = KIND_BY_NAME["demand"].directory


# --- the requests ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assess:
    summary: str
    estimate: float | None = None
    band: str | None = None
    basis: str | None = None
    budget_owner: str | None = None
    action: ClassVar[Action] = "assess"


@dataclass(frozen=True, slots=True)
class Approve:
    comment: str | None = None
    action: ClassVar[Action] = "approve"


@dataclass(frozen=True, slots=True)
class Decline:
    reason: str
    action: ClassVar[Action] = "decline"


@dataclass(frozen=True, slots=True)
class PlanIt:
    plan: str
    objective: str
    quarter: str | None = None
    action: ClassVar[Action] = "plan"


@dataclass(frozen=True, slots=True)
class Deliver:
    note: str | None = None
    action: ClassVar[Action] = "deliver"


Request = Assess | Approve | Decline | PlanIt | Deliver


@dataclass(frozen=True, slots=True)
class Step:
    """Everything a step looks at."""

    config: RepoConfig
    demand: Demand
    actor: Person
    now: datetime
    risks: tuple[RiskRecord, ...] = ()

    def moved(self, demand: Demand, status: DemandStatus, note: str | None = None) -> Demand:
        entry: dict[str, Any] = {"status": status, "at": self.now, "by": self.actor.handle}
        transition = DemandTransition.model_validate(entry | ({"note": note} if note else {}))
        return demand.model_copy(
            update={"status": status, "history": [*demand.history, transition]}
        )


Outcome = tuple[Demand, list[str]]


def require_status(demand: Demand, action: Action) -> None:
    """Refuse ``action`` from a status the lifecycle table does not allow it from."""
    allowed = sources(action)
    if demand.status in allowed:
        return
    nxt = NEXT_ACTIONS[demand.status]
    raise RefusedError(
        f"{demand.id} is {demand.status}; {action} needs it to be {' or '.join(allowed)}",
        hint=(
            f"from {demand.status} you can: {', '.join(nxt)}"
            if nxt
            else f"{demand.status} is final: raise a new demand"
        ),
    )


def describe_decision(config: RepoConfig, demand: Demand) -> str:
    status = demand_signoff(config, demand)
    if status is None:
        return "no policy.investments rule covers it"
    if status.rejections:
        return "rejected by " + ", ".join(r.by for r in status.rejections)
    if status.missing:
        return "waiting for " + describe_missing(status.missing)
    return "decision complete"


def assess(step: Step, request: Assess) -> Outcome:
    config, demand = step.config, step.demand
    cost: dict[str, Any] = demand.cost.model_dump(exclude_none=True) if demand.cost else {}
    if request.estimate is not None:
        cost["estimate"] = amount(request.estimate)
    if request.band is not None:
        cost["band"] = request.band
    if request.basis is not None:
        cost["basis"] = request.basis
    if "estimate" not in cost or "band" not in cost:
        raise RefusedError(
            f"{demand.id} has no cost yet; an assessment gives it",
            hint="pass --estimate AMOUNT and --band small|medium|large",
        )
    owner = request.budget_owner or demand.budget_owner
    if owner is None:
        raise RefusedError(
            f"{demand.id} has no budget owner yet", hint="pass --budget-owner HANDLE"
        )
    if config.person(owner) is None:
        raise RefusedError(f"{owner} is not a person in ccgov.yaml (--budget-owner)")
    try:
        new_cost = Cost.model_validate(cost)
    except ValidationError as exc:
        detail = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in detail["loc"])
        raise RefusedError(f"cost {where}: {detail['msg']}") from None
    investments = config.policy.investments
    if not in_band(investments, new_cost.band, new_cost.estimate):
        raise RefusedError(
            f"an estimate of {new_cost.estimate:,.0f} {investments.currency} is not "
            f"{new_cost.band}: {new_cost.band} is {band_text(investments, new_cost.band)}",
            hint="give the band the estimate falls in (policy.investments.bands)",
        )
    entry = Assessment(by=step.actor.handle, at=step.now, summary=request.summary)
    updated = demand.model_copy(
        update={
            "cost": new_cost,
            "budget_owner": owner,
            "assessments": [*demand.assessments, entry],
        }
    )
    if demand.status == "approved":
        status = demand_signoff(config, updated)
        if content_hash(updated) == content_hash(demand) and (status is None or status.satisfied):
            raise RefusedError(
                f"{demand.id} is approved and its decision still covers its case",
                hint="reassessing an approved demand is for a case that changed: pass the new "
                "--estimate, --band or --budget-owner, or edit it and commit first",
            )
    notes = []
    if updated.status != "assessed":
        updated = step.moved(updated, "assessed")
    if demand.status == "approved":
        notes.append(f"{demand.id} is assessed again: it needs a new decision")
    notes.append(f"{demand.id} is assessed: {describe_decision(config, updated)}")
    return updated, notes


def _decider(step: Step) -> None:
    """Refuse someone who may not decide on the demand."""
    config, demand = step.config, step.demand
    rule = investment_rule(config, demand)
    if rule is None:
        band = demand.cost.band if demand.cost else "unbanded"
        raise RefusedError(
            f"no rule in ccgov.yaml policy.investments covers a {band} demand",
            hint="add one under policy.investments.approvals (a governance change)",
        )
    problem = signoff_problem(
        config, step.actor.handle, rule.require, excluded=demand_excluded(config, demand)
    )
    if problem is not None:
        raise RefusedError(problem)
    current = content_hash(demand)
    if any(a.by == step.actor.handle and a.content_hash == current for a in demand.approvals):
        raise RefusedError(f"{step.actor.handle} has already decided on {demand.id} as it stands")


def _signed(step: Step, decision: str, comment: str | None) -> Demand:
    entry = SignOff.model_validate(
        {
            "by": step.actor.handle,
            "decision": decision,
            "at": step.now,
            "content_hash": content_hash(step.demand),
            **({"comment": comment} if comment else {}),
        }
    )
    return step.demand.model_copy(update={"approvals": [*step.demand.approvals, entry]})


def approve(step: Step, request: Approve) -> Outcome:
    """Record an approval; the demand is approved once the policy is satisfied."""
    _decider(step)
    updated = _signed(step, "approve", request.comment)
    status = demand_signoff(step.config, updated)
    if status is not None and status.satisfied:
        updated = step.moved(updated, "approved")
    return updated, [f"{updated.id} is {updated.status}: {describe_decision(step.config, updated)}"]


def decline(step: Step, request: Decline) -> Outcome:
    """A decider declines the demand; the decision is recorded with the reason."""
    _decider(step)
    updated = step.moved(_signed(step, "reject", request.reason), "declined", request.reason)
    notes = []
    at_stake = mitigated_risks(step.config, step.demand.id, step.risks)
    if at_stake:
        notes.append(
            f"{step.demand.id} carries out the mitigation of {', '.join(at_stake)}, above "
            "policy.risk_tolerance: decide again on them (ccgov risk decide)"
        )
    return updated, notes


def deliver(step: Step, request: Deliver) -> Outcome:
    return step.moved(step.demand, "delivered", request.note), []


def decide(step: Step, request: Request) -> Outcome:
    """Apply one step: the status guard from the table, then the step."""
    require_status(step.demand, request.action)
    match request:
        case Assess():
            return assess(step, request)
        case Approve():
            return approve(step, request)
        case Decline():
            return decline(step, request)
        case Deliver():
            return deliver(step, request)
        case PlanIt():
            return step.moved(step.demand, "planned", f"{request.plan} {request.objective}"), []
    raise AssertionError(request)  # pragma: no cover


def placed(plan: Plan, demand_id: str, objective_id: str, quarter: str | None) -> Plan:
    """The plan with the demand under the objective (refusing what cannot be)."""
    objective = next((o for o in plan.objectives if o.id == objective_id), None)
    if objective is None:
        raise RefusedError(
            f"{plan.id} has no objective {objective_id!r}",
            hint=f"its objectives: {', '.join(o.id for o in plan.objectives)}",
        )
    if plan.status == "closed":
        raise RefusedError(f"{plan.id} is closed")
    if quarter is not None:
        first, last = quarter_bounds(quarter)
        if last < plan.horizon.start or first > plan.horizon.end:
            raise RefusedError(
                f"{quarter} is outside {plan.id}'s horizon "
                f"({plan.horizon.start} to {plan.horizon.end})"
            )
    if any(entry.id == demand_id for o in plan.objectives for entry in o.demands):
        raise RefusedError(f"{demand_id} is already in {plan.id}")
    entry = Planned.model_validate({"id": demand_id, **({"quarter": quarter} if quarter else {})})
    objectives = [
        o.model_copy(update={"demands": [*o.demands, entry]}) if o.id == objective_id else o
        for o in plan.objectives
    ]
    return plan.model_copy(update={"objectives": objectives})


def transition(
    root: Path, demand_id: str, request: Request, *, now: datetime, commit: bool = True
) -> Applied[None]:
    """Apply one step to a demand and commit it (planning it edits the plan too)."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        loaded = find(repository, "demand", demand_id)
        if isinstance(request, Approve | Decline):
            committed_unchanged(root, loaded.path, demand_id, request.action)
        risks = tuple(r.record for r in repository.of("risk"))
        step = Step(config, loaded.record, person, local_time(now, config), risks)
        updated, notes = decide(step, request)
        text = (root / loaded.path).read_text(encoding="utf-8")
        files = {loaded.path: render_update(text, updated)}
        if isinstance(request, PlanIt):
            plan = find(repository, "plan", request.plan)
            committed_unchanged(root, plan.path, request.plan, "plan a demand into")
            new_plan = placed(plan.record, demand_id, request.objective, request.quarter)
            plan_text = (root / plan.path).read_text(encoding="utf-8")
            files[plan.path] = render_update(plan_text, new_plan)
        return Mutation("demand", demand_id, request.action, files, notes=notes)

    return apply(root, build, commit=commit)


# --- new ---------------------------------------------------------------------------


def new(root: Path, spec: NewDemand, *, now: datetime, commit: bool = True) -> Applied[None]:
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        demand_id = next_id(root, config.id_prefixes.demand, DEMAND_DIR)
        at = local_time(now, config).isoformat()
        path = f"{DEMAND_DIR}/{demand_id}.yaml"
        data = record_data(spec, demand_id, person.handle, at)
        content = render_new(path, Demand, data, command="demand new")
        return Mutation("demand", demand_id, "new", {path: content})

    return apply(root, build, commit=commit)


def list_demands(repository: Repository, *, status: str | None = None) -> list[Demand]:
    found = [
        r.record for r in repository.of("demand") if status is None or r.record.status == status
    ]
    return sorted(found, key=lambda d: d.id)
