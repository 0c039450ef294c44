"""What ``ci show`` and ``problem show`` print: a record with everything that
points at it (the links run one way in the files; these views show both)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ccgov.errors import RefusedError
from ccgov.records.change import ChangeRequest
from ccgov.records.incident import Incident
from ccgov.records.item import ConfigurationItem
from ccgov.records.knowledge import Knowledge
from ccgov.records.problem import Problem
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.sla.scope import covered_items
from ccgov.store.repo import Repository


def _by_id(repository: Repository, kind: Any) -> dict[str, Any]:
    return {loaded.record.id: loaded.record for loaded in repository.of(kind)}


@dataclass(slots=True)
class ItemView:
    item: ConfigurationItem
    depends_on: list[ConfigurationItem] = field(default_factory=list)
    dependents: list[ConfigurationItem] = field(default_factory=list)
    changes: list[ChangeRequest] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    knowledge: list[Knowledge] = field(default_factory=list)
    slas: list[ServiceLevelAgreement] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.item.model_dump(mode="json"),
            "dependents": [i.id for i in self.dependents],
            "changes": [c.id for c in self.changes],
            "incidents": [i.id for i in self.incidents],
            "problems": [p.id for p in self.problems],
            "knowledge": [k.id for k in self.knowledge],
            "slas": [s.id for s in self.slas],
        }


def item_view(repository: Repository, item_id: str) -> ItemView:
    items = _by_id(repository, "item")
    item = items.get(item_id)
    if item is None:
        raise RefusedError(f"there is no configuration item {item_id}", hint="ccgov ci list")
    vendors = [loaded.record for loaded in repository.of("vendor")]
    view = ItemView(item)
    view.depends_on = [items[d] for d in item.depends_on if d in items]
    view.dependents = sorted(
        (i for i in items.values() if item_id in i.depends_on), key=lambda i: i.id
    )
    view.changes = sorted(
        (
            loaded.record
            for loaded in repository.of("change")
            if item_id in (*loaded.record.affects, *loaded.record.creates)
        ),
        key=lambda c: c.id,
    )
    view.incidents = sorted(
        (loaded.record for loaded in repository.of("incident") if item_id in loaded.record.affects),
        key=lambda i: (i.opened, i.id),
    )
    view.problems = sorted(
        (loaded.record for loaded in repository.of("problem") if item_id in loaded.record.items),
        key=lambda p: p.id,
    )
    view.knowledge = sorted(
        (loaded.record for loaded in repository.of("knowledge") if item_id in loaded.record.items),
        key=lambda k: k.id,
    )
    for loaded in sorted(repository.of("sla"), key=lambda r: r.record.id):
        covered = covered_items(loaded.record, vendors, items.values())
        if covered is None or item_id in covered:
            view.slas.append(loaded.record)
    return view


@dataclass(slots=True)
class ProblemView:
    problem: Problem
    incidents: list[Incident] = field(default_factory=list)
    items: list[ConfigurationItem] = field(default_factory=list)
    knowledge: list[Knowledge] = field(default_factory=list)
    fixes: list[ChangeRequest] = field(default_factory=list)  # RFCs that fix it

    def to_json(self) -> dict[str, Any]:
        return {
            **self.problem.model_dump(mode="json"),
            "known_error": self.problem.known_error,
            "knowledge": [k.id for k in self.knowledge],
            "fixed_by": [c.id for c in self.fixes],
        }


def problem_view(repository: Repository, problem_id: str) -> ProblemView:
    problem = _by_id(repository, "problem").get(problem_id)
    if problem is None:
        raise RefusedError(f"there is no problem {problem_id}", hint="ccgov problem list")
    incidents = _by_id(repository, "incident")
    items = _by_id(repository, "item")
    changes = _by_id(repository, "change")
    view = ProblemView(problem)
    view.incidents = [incidents[i] for i in problem.incidents if i in incidents]
    view.items = [items[i] for i in problem.items if i in items]
    view.knowledge = sorted(
        (
            loaded.record
            for loaded in repository.of("knowledge")
            if problem_id in loaded.record.problems
        ),
        key=lambda k: k.id,
    )
    fixing = {c.id for c in changes.values() if problem_id in c.fixes}
    fixing |= {a.fix for a in problem.actions if a.fix is not None and a.fix in changes}
    view.fixes = [changes[c] for c in sorted(fixing)]
    return view
