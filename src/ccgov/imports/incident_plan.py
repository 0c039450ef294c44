"""What an incident import would write, skip and did: the plan and its result.

Plain data with ``to_json()``; the CLI renders it as text or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ccgov.imports.batch import ImportPlan, ImportResult


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


IncidentPlan = ImportPlan[NewIncident, DuplicateRow]
IncidentImport = ImportResult[NewIncident, DuplicateRow]
