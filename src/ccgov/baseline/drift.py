"""Drift: the system you have versus the system you have documented.

The observed inventory (exported from the live platform) is read by
:mod:`ccgov.imports.inventory`; this module only compares it with the CI
records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ccgov.baseline.state import ItemState
from ccgov.imports.inventory import Observed


@dataclass(frozen=True, slots=True)
class Drift:
    kind: str  # undocumented, missing, version, hash, retired
    id: str | None
    name: str
    documented: str | None
    observed: str | None
    row: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "drift": self.kind,
            "id": self.id,
            "name": self.name,
            "documented": self.documented,
            "observed": self.observed,
            "row": self.row,
        }


def compare(documented: dict[str, ItemState], observed: list[Observed]) -> list[Drift]:
    by_name = {state.item.name.lower(): state for state in documented.values()}
    matched: set[str] = set()
    drift: list[Drift] = []
    for row in observed:
        state = documented.get(row.id) if row.id else by_name.get((row.name or "").lower())
        if state is None:
            drift.append(
                Drift("undocumented", row.id, row.name or row.id or "", None, row.version, row.row)
            )
            continue
        matched.add(state.id)
        item = state.item
        if item.status == "retired":
            drift.append(Drift("retired", item.id, item.name, "retired", row.version, row.row))
        if item.version != row.version:
            drift.append(Drift("version", item.id, item.name, item.version, row.version, row.row))
        if row.hash and state.artifact_sha256 and row.hash.lower() != state.artifact_sha256:
            drift.append(
                Drift("hash", item.id, item.name, state.artifact_sha256, row.hash, row.row)
            )
    for state in sorted(documented.values(), key=lambda s: s.id):
        if state.id not in matched and state.item.status == "active":
            drift.append(
                Drift("missing", state.id, state.item.name, state.item.version, None, None)
            )
    return drift
