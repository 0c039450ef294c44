"""Traceability: requirement -> configuration items -> RFCs -> verification,
with the gaps a reviewer must see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from ccgov.records.change import ChangeRequest
from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class Trace:
    requirement: str
    title: str
    status: str
    priority: str
    verification: str
    items: list[str]
    changes: list[str]
    verified_by: list[str]  # RFCs with a passing test that touch its CIs or name it
    gaps: list[str]


@dataclass(slots=True)
class TraceabilityReport:
    traces: list[Trace] = field(default_factory=list)
    orphan_items: list[str] = field(default_factory=list)  # CIs no requirement needs
    untraced_changes: list[str] = field(default_factory=list)  # RFCs naming no requirement

    @property
    def gaps(self) -> int:
        return sum(len(t.gaps) for t in self.traces)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def build(repository: Repository) -> TraceabilityReport:
    changes: list[ChangeRequest] = [r.record for r in repository.of("change")]
    # RFCs by the requirements they name and the CIs they affect: one pass,
    # not one over every RFC per requirement (10,000 x 15,000 at 100,000 records).
    naming: dict[str, list[ChangeRequest]] = defaultdict(list)
    touching: dict[str, list[ChangeRequest]] = defaultdict(list)
    for change in changes:
        for requirement_id in set(change.requirements):
            naming[requirement_id].append(change)
        for item_id in set(change.affects):
            touching[item_id].append(change)
    needed: set[str] = set()
    report = TraceabilityReport()
    for loaded in sorted(repository.of("requirement"), key=lambda r: r.record.id):
        requirement = loaded.record
        items = sorted(requirement.satisfied_by)
        needed.update(items)
        found = {c.id: c for c in naming.get(requirement.id, ())}
        found.update((c.id, c) for item in items for c in touching.get(item, ()))
        related = list(found.values())
        verified_by = sorted(c.id for c in related if any(t.result == "pass" for t in c.tests))
        gaps = []
        if requirement.status in ("approved", "implemented", "verified") and not items:
            gaps.append("no configuration item satisfies it")
        if requirement.status in ("implemented", "verified") and not related:
            gaps.append("no RFC implemented it")
        if requirement.status == "verified" and not verified_by:
            gaps.append("marked verified without passing test evidence")
        if requirement.status != "retired" and not requirement.acceptance_criteria:
            gaps.append("no acceptance criteria")
        report.traces.append(
            Trace(
                requirement.id,
                requirement.title,
                requirement.status,
                requirement.priority,
                requirement.verification,
                items,
                sorted(c.id for c in related),
                verified_by,
                gaps,
            )
        )
    report.orphan_items = sorted(
        r.record.id
        for r in repository.of("item")
        if r.record.id not in needed and r.record.status == "active"
    )
    report.untraced_changes = sorted(
        c.id
        for c in changes
        if not c.requirements and c.type != "standard" and c.status not in ("rejected", "cancelled")
    )
    return report
