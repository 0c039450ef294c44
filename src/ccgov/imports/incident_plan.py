"""What an incident import would write, skip and did: the plan and its result.

Plain data with ``to_json()``; the CLI renders it as text or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ccgov.workflow.transaction import Applied


@dataclass(frozen=True, slots=True)
class NewIncident:
    row: int
    id: str
    path: str
    title: str
    severity: int
    opened: datetime
    external_id: str | None
    content: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "id": self.id,
            "file": self.path,
            "severity": self.severity,
            "opened": self.opened.isoformat(),
            "title": self.title,
            "external_id": self.external_id,
        }


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    row: int
    title: str
    opened: datetime
    external_id: str | None
    duplicate_of: str  # an incident id, or "row N" of the same export

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "opened": self.opened.isoformat(),
            "title": self.title,
            "external_id": self.external_id,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(frozen=True, slots=True)
class ImportPlan:
    source: str
    new: list[NewIncident]
    duplicates: list[DuplicateRow]
    blank_rows: int = 0

    @property
    def files(self) -> dict[str, bytes]:
        return {incident.path: incident.content for incident in self.new}

    @property
    def label(self) -> str:
        """The record the commit names: one id, or the first..last of a run."""
        if len(self.new) == 1:
            return self.new[0].id
        return f"{self.new[0].id}..{self.new[-1].id}" if self.new else "none"


@dataclass(frozen=True, slots=True)
class ImportResult:
    plan: ImportPlan
    applied: Applied[None] | None  # None: a dry run, or nothing new to write

    def to_json(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "source": plan.source,
            "written": self.applied is not None,
            "commit": self.applied.commit if self.applied else None,
            "counts": {
                "new": len(plan.new),
                "duplicate": len(plan.duplicates),
                "blank": plan.blank_rows,
            },
            "new": [incident.to_json() for incident in plan.new],
            "duplicates": [duplicate.to_json() for duplicate in plan.duplicates],
        }
