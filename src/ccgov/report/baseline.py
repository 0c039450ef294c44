"""The baseline report: a document an outside person could be convinced by."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccgov.baseline.compare import BaselineDiff, compare
from ccgov.baseline.manifest import find_baseline
from ccgov.baseline.state import items_at
from ccgov.records.baseline import Baseline
from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class ItemLine:
    id: str
    name: str
    version: str
    owner: str
    vendor: str | None
    environment: str
    record_sha256: str
    artifact: str | None
    artifact_sha256: str | None


@dataclass(slots=True)
class BaselineReport:
    baseline: Baseline
    groups: dict[str, list[ItemLine]] = field(default_factory=dict)
    changes: list[dict[str, str]] = field(default_factory=list)  # id, title, status
    diff: BaselineDiff | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline.model_dump(mode="json", exclude={"items"}),
            "items": {kind: [_line(line) for line in lines] for kind, lines in self.groups.items()},
            "changes": self.changes,
            "diff": self.diff.to_json() if self.diff else None,
        }


def _line(line: ItemLine) -> dict[str, Any]:
    return {name: getattr(line, name) for name in ItemLine.__slots__}


def build(root: Path, repository: Repository, name: str) -> BaselineReport:
    baseline: Baseline = find_baseline(repository, name).record
    states = items_at(root, baseline.commit)
    report = BaselineReport(baseline)
    for entry in sorted(baseline.items, key=lambda i: (i.kind, i.id)):
        state = states.get(entry.id)
        report.groups.setdefault(entry.kind, []).append(
            ItemLine(
                entry.id,
                entry.name,
                entry.version,
                state.owner if state else "?",
                state.vendor if state else None,
                state.environment if state else "?",
                entry.record_sha256,
                entry.artifact,
                entry.artifact_sha256,
            )
        )
    titles = {r.record.id: r.record for r in repository.of("change")}
    for change_id in baseline.changes:
        change = titles.get(change_id)
        report.changes.append(
            {
                "id": change_id,
                "title": change.title if change else "(not found)",
                "status": change.status if change else "?",
            }
        )
    if baseline.previous:
        report.diff = compare(root, baseline.previous, baseline.name)
    return report
