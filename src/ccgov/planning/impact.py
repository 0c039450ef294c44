"""Impact analysis: `ccgov impact ID` for a CI or a requirement, and the
impact section of `rfc show`.

For a CI, what a change to it touches: every CI that depends on it
(``depends_on``, directly or through others), the requirements those CIs
satisfy and the requirements those refine (``parents``), the availability
targets SLAs promise on them, and the open RFCs, incidents and risks on any
of them, the open problems at fault in any of them, the demands and plan objectives behind the requirements. For a
requirement: the requirements that refine it, the CIs that satisfy any of
them, and the same around those.

Every entry says why it is there (the path that reaches it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ccgov.errors import RefusedError
from ccgov.policy.dependencies import dependents, walk
from ccgov.records.change import ChangeRequest
from ccgov.store.repo import Repository

# RFCs that can still change the system (or be undone).
FINISHED_CHANGES = frozenset({"closed", "rejected", "cancelled"})


@dataclass(frozen=True, slots=True)
class Touch:
    """One record the subject reaches, and how."""

    id: str
    title: str
    status: str
    why: str


@dataclass(slots=True)
class Impact:
    subject: str
    kind: str  # "item", "requirement" or "change"
    title: str
    items: list[Touch] = field(default_factory=list)
    requirements: list[Touch] = field(default_factory=list)
    slas: list[Touch] = field(default_factory=list)
    changes: list[Touch] = field(default_factory=list)
    incidents: list[Touch] = field(default_factory=list)
    problems: list[Touch] = field(default_factory=list)
    risks: list[Touch] = field(default_factory=list)
    demands: list[Touch] = field(default_factory=list)
    objectives: list[Touch] = field(default_factory=list)

    SECTIONS = (
        "items",
        "requirements",
        "slas",
        "changes",
        "incidents",
        "problems",
        "risks",
        "demands",
        "objectives",
    )

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.SECTIONS)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"subject": self.subject, "kind": self.kind, "title": self.title}
        for name in self.SECTIONS:
            data[name] = [asdict(touch) for touch in getattr(self, name)]
        return data


def _chain(path: list[str]) -> str:
    """``[SBC, ACD, queue]`` -> ``through ACD`` (empty for a direct link)."""
    middle = path[1:-1]
    return f" through {', '.join(middle)}" if middle else ""


def impact(repository: Repository, record_id: str) -> Impact:
    """What a change to the CI or requirement ``record_id`` reaches."""
    items = {r.record.id: r.record for r in repository.of("item")}
    requirements = {r.record.id: r.record for r in repository.of("requirement")}
    if record_id in items:
        item = items[record_id]
        reached = {record_id: "it is the CI itself"}
        graph = {i: list(ci.depends_on) for i, ci in items.items()}
        for dependent, path in dependents(graph, record_id).items():
            reached[dependent] = f"depends on {record_id}{_chain(path)}"
        found = Impact(record_id, "item", item.name)
        return _around(repository, found, reached, {})
    if record_id in requirements:
        requirement = requirements[record_id]
        children: dict[str, list[str]] = {}
        for other in requirements.values():
            for parent in other.parents:
                children.setdefault(parent, []).append(other.id)
        covered = {record_id: "it is the requirement itself"}
        for child, path in walk(children, record_id).items():
            covered[child] = f"refines {record_id}{_chain(path)}"
        reached_items: dict[str, str] = {}
        for covered_id in covered:
            for item_id in requirements[covered_id].satisfied_by:
                reached_items.setdefault(item_id, f"satisfies {covered_id}")
        found = Impact(record_id, "requirement", requirement.title)
        return _around(repository, found, reached_items, covered)
    known = "a configuration item or a requirement"
    raise RefusedError(
        f"{record_id} is not {known}",
        hint="impact is traced from CIs (depends_on) and requirements (parents, satisfied_by)",
    )


def change_impact(repository: Repository, change: ChangeRequest) -> Impact:
    """What the CIs an RFC changes reach (its own CIs and what depends on them)."""
    items = {r.record.id: r.record for r in repository.of("item")}
    graph = {i: list(ci.depends_on) for i, ci in items.items()}
    reached: dict[str, str] = {}
    for item_id in change.affects:
        reached.setdefault(item_id, f"{change.id} changes it")
    for item_id in change.affects:
        for dependent, path in sorted(dependents(graph, item_id).items()):
            reached.setdefault(dependent, f"depends on {item_id}{_chain(path)}")
    found = Impact(change.id, "change", change.title)
    found = _around(repository, found, reached, {})
    found.changes = [c for c in found.changes if c.id != change.id]
    return found


def _around(
    repository: Repository, found: Impact, reached: dict[str, str], covered: dict[str, str]
) -> Impact:
    """Fill ``found`` from the CIs ``reached`` and requirements ``covered``
    (id -> why): requirements the CIs satisfy and what those refine, SLAs,
    RFCs, incidents, problems, risks, demands, plan objectives."""
    items = {r.record.id: r.record for r in repository.of("item")}
    requirements = {r.record.id: r.record for r in repository.of("requirement")}
    found.items = [
        Touch(i, items[i].name, items[i].status, why)
        for i, why in _ordered(reached)
        if i in items and i != found.subject
    ]
    covered = dict(covered)
    for requirement in requirements.values():
        satisfied = [i for i in requirement.satisfied_by if i in reached]
        if satisfied and requirement.id not in covered:
            covered[requirement.id] = f"satisfied by {', '.join(satisfied)}"
    # What the affected requirements refine is at stake too.
    parents = {r.id: list(r.parents) for r in requirements.values()}
    for requirement_id in list(covered):
        for parent, path in walk(parents, requirement_id).items():
            covered.setdefault(parent, f"refined by {requirement_id}{_chain(path)}")
    found.requirements = [
        Touch(r, requirements[r].title, requirements[r].status, why)
        for r, why in _ordered(covered)
        if r in requirements and r != found.subject
    ]
    for loaded in sorted(repository.of("sla"), key=lambda r: r.record.id):
        sla = loaded.record
        for target in sla.availability:
            if target.item in reached:
                why = f"availability {target.target:g} % of {target.item}"
                found.slas.append(Touch(sla.id, sla.title, sla.version, why))
    for loaded in sorted(repository.of("change"), key=lambda r: r.record.id):
        change = loaded.record
        if change.status in FINISHED_CHANGES:
            continue
        hits = [i for i in (*change.affects, *change.creates) if i in reached]
        named = [r for r in change.requirements if r in covered]
        if hits or named:
            why = f"changes {', '.join(hits)}" if hits else f"for {', '.join(named)}"
            found.changes.append(Touch(change.id, change.title, change.status, why))
    for loaded in sorted(repository.of("incident"), key=lambda r: r.record.id):
        incident = loaded.record
        hits = [i for i in incident.affects if i in reached]
        if hits and incident.closed is None:
            status = "resolved" if incident.resolved is not None else "open"
            found.incidents.append(
                Touch(incident.id, incident.title, status, f"affects {', '.join(hits)}")
            )
    for loaded in sorted(repository.of("problem"), key=lambda r: r.record.id):
        problem = loaded.record
        hits = [i for i in problem.items if i in reached]
        if hits and problem.status != "closed":
            why = f"{problem.status.replace('_', ' ')} at {', '.join(hits)}"
            found.problems.append(Touch(problem.id, problem.title, problem.status, why))
    for loaded in sorted(repository.of("risk"), key=lambda r: r.record.id):
        risk = loaded.record
        hits = [i for i in (*risk.items, *risk.requirements) if i in reached or i in covered]
        if hits and risk.status == "open":
            why = f"score {risk.score}; concerns {', '.join(hits)}"
            found.risks.append(Touch(risk.id, risk.title, risk.status, why))
    demands: set[str] = set()
    for loaded in sorted(repository.of("demand"), key=lambda r: r.record.id):
        demand = loaded.record
        named = [r for r in demand.requirements if r in covered]
        if named and demand.status not in ("declined", "delivered"):
            demands.add(demand.id)
            found.demands.append(
                Touch(demand.id, demand.title, demand.status, f"asks for {', '.join(named)}")
            )
    for loaded in sorted(repository.of("plan"), key=lambda r: r.record.id):
        plan = loaded.record
        for objective in plan.objectives:
            hits = [e.id for e in (*objective.requirements, *objective.demands)]
            hits = [h for h in hits if h in covered or h in demands]
            if hits and plan.status != "closed":
                found.objectives.append(
                    Touch(
                        f"{plan.id}/{objective.id}",
                        objective.title,
                        plan.status,
                        f"plans {', '.join(hits)}",
                    )
                )
    return found


def _ordered(reached: dict[str, str]) -> Iterable[tuple[str, str]]:
    return sorted(reached.items())
