"""Risk register use cases: raise a risk, decide on it, review it, list it.

Decisions and reviews are appended, never rewritten: the last decision
stands, every review keeps the rating given then. A decision is checked
against ``policy.risk_tolerance`` before it is written
(:mod:`ccgov.policy.tolerance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ccgov.errors import RefusedError
from ccgov.planning.common import acting, committed_unchanged, find, local_time, render_update
from ccgov.policy.tolerance import above_tolerance, acceptance_problem, decision_problem
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.records.risk import RiskDecision, RiskRecord, RiskReview
from ccgov.store import git
from ccgov.store.ids import next_id
from ccgov.store.repo import Repository
from ccgov.workflow.drafts import render_new
from ccgov.workflow.transaction import Applied, Mutation, apply

RISKS_DIR = KIND_BY_NAME["risk"].directory
# When a review does not say when the next one is.
DEFAULT_REVIEW = timedelta(days=91)


def _model(model: type[Any], data: dict[str, Any], option_names: dict[str, str]) -> Any:
    """Validate command-line values, naming the option at fault."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        detail = exc.errors(include_url=False)[0]
        where = str(detail["loc"][0]) if detail["loc"] else ""
        option = option_names.get(where, where)
        raise RefusedError(f"{option}: {detail['msg'].removeprefix('Value error, ')}") from None


@dataclass(slots=True)
class NewRisk:
    title: str
    cause: str
    probability: str
    impact: str
    review_by: date
    effect: str | None = None
    owner: str | None = None  # default: whoever raises it
    items: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)


def new(root: Path, spec: NewRisk, *, now: datetime, commit: bool = True) -> Applied[None]:
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        risk_id = next_id(root, config.id_prefixes.risk, RISKS_DIR)
        record: dict[str, Any] = {
            "id": risk_id,
            "title": spec.title,
            "cause": spec.cause,
            **({"effect": spec.effect} if spec.effect else {}),
            "probability": spec.probability,
            "impact": spec.impact,
            "owner": spec.owner or person.handle,
            "items": spec.items,
            "requirements": spec.requirements,
            "status": "open",
            "review_by": spec.review_by.isoformat(),
        }
        path = f"{RISKS_DIR}/{risk_id}.yaml"
        content = render_new(path, RiskRecord, record, command="risk new")
        risk = RiskRecord.model_validate(record)
        notes = [f"{risk_id} scores {risk.score} ({risk.probability} x {risk.impact})"]
        if above_tolerance(config, risk):
            notes.append(
                f"{risk_id} is above policy.risk_tolerance.accept_up_to "
                f"({config.policy.risk_tolerance.accept_up_to}): it may not be accepted as it is"
            )
        return Mutation("risk", risk_id, "new", {path: content}, notes=notes)

    return apply(root, build, commit=commit)


@dataclass(slots=True)
class Decision:
    response: str
    rationale: str
    changes: list[str] = field(default_factory=list)
    demands: list[str] = field(default_factory=list)
    transfer_to: str | None = None


def decide(
    root: Path, risk_id: str, decision: Decision, *, now: datetime, commit: bool = True
) -> Applied[None]:
    """Record a decision on the risk (the last one stands), within tolerance."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        loaded = find(repository, "risk", risk_id)
        risk: RiskRecord = loaded.record
        if risk.status == "closed":
            raise RefusedError(f"{risk_id} is closed")
        committed_unchanged(root, loaded.path, risk_id, "decide on")
        data: dict[str, Any] = {
            "response": decision.response,
            "by": person.handle,
            "at": local_time(now, config),
            "rationale": decision.rationale,
        }
        if decision.changes:
            data["changes"] = list(dict.fromkeys(decision.changes))
        if decision.demands:
            data["demands"] = list(dict.fromkeys(decision.demands))
        if decision.transfer_to:
            data["transfer_to"] = decision.transfer_to
        entry = _model(RiskDecision, data, {"response": "--response"})
        updated = risk.model_copy(update={"decisions": [*risk.decisions, entry]})
        for problem in (acceptance_problem(config, updated), decision_problem(updated)):
            if problem is not None:
                raise RefusedError(
                    problem,
                    hint="name what carries it out: --change RFC-ID or --demand DEM-ID"
                    if decision.response in ("mitigate", "avoid")
                    else None,
                )
        _exist(repository, entry)
        text = (root / loaded.path).read_text(encoding="utf-8")
        notes = [f"{risk_id}: {entry.response} (score {risk.score})"]
        return Mutation(
            "risk", risk_id, "decide", {loaded.path: render_update(text, updated)}, notes=notes
        )

    return apply(root, build, commit=commit)


def _exist(repository: Repository, decision: RiskDecision) -> None:
    changes = {r.record.id for r in repository.of("change")}
    demands = {r.record.id for r in repository.of("demand")}
    unknown = [c for c in decision.changes if c not in changes]
    unknown += [d for d in decision.demands if d not in demands]
    if unknown:
        raise RefusedError(f"{', '.join(unknown)}: no such RFC or demand (--change, --demand)")


@dataclass(slots=True)
class Review:
    note: str
    probability: str | None = None
    impact: str | None = None
    next_review: date | None = None
    close: bool = False


def review(
    root: Path, risk_id: str, request: Review, *, now: datetime, commit: bool = True
) -> Applied[None]:
    """Record a review: the rating now (changed or confirmed) and the next review date."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        loaded = find(repository, "risk", risk_id)
        risk: RiskRecord = loaded.record
        if risk.status == "closed":
            raise RefusedError(f"{risk_id} is closed")
        committed_unchanged(root, loaded.path, risk_id, "review")
        at = local_time(now, config)
        entry = _model(
            RiskReview,
            {
                "by": person.handle,
                "at": at,
                "note": request.note,
                "probability": request.probability or risk.probability,
                "impact": request.impact or risk.impact,
            },
            {"probability": "--probability", "impact": "--impact"},
        )
        next_review = request.next_review or (at.date() + DEFAULT_REVIEW)
        if next_review <= at.date() and not request.close:
            raise RefusedError(f"--next {next_review} is not after today ({at.date()})")
        updates: dict[str, Any] = {
            "reviews": [*risk.reviews, entry],
            "probability": entry.probability,
            "impact": entry.impact,
            "review_by": next_review,
        }
        if request.close:
            updates["status"] = "closed"
        updated = risk.model_copy(update=updates)
        notes = [f"{risk_id} scores {updated.score}; next review by {next_review.isoformat()}"]
        problem = acceptance_problem(config, updated)
        if problem is not None:
            raise RefusedError(
                problem,
                hint="the new rating is above tolerance for an accepted risk: decide "
                "again first (ccgov risk decide), then review",
            )
        text = (root / loaded.path).read_text(encoding="utf-8")
        return Mutation(
            "risk", risk_id, "review", {loaded.path: render_update(text, updated)}, notes=notes
        )

    return apply(root, build, commit=commit)


def list_risks(
    repository: Repository, *, status: str | None = None, due_by: date | None = None
) -> list[RiskRecord]:
    """Risks, highest score first; ``due_by``: only open risks to review by then."""
    found = [
        r.record
        for r in repository.of("risk")
        if (status is None or r.record.status == status)
        and (due_by is None or (r.record.status == "open" and r.record.review_by <= due_by))
    ]
    return sorted(found, key=lambda r: (-r.score, r.id))
