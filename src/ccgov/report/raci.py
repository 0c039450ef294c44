"""The RACI report: every matrix as a table of activities by roles."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class Matrix:
    id: str
    process: str
    description: str | None
    roles: list[str]  # columns, in ccgov.yaml role order
    rows: list[tuple[str, list[str]]]  # activity, letters per role ("" for none)


def build(repository: Repository) -> list[Matrix]:
    order = list(repository.config.roles) if repository.config else []
    matrices = []
    for loaded in sorted(repository.of("raci"), key=lambda r: r.record.id):
        matrix = loaded.record
        used = {role for activity in matrix.activities for role in activity.raci}
        roles = [r for r in order if r in used] + sorted(used - set(order))
        rows = [(a.name, [a.raci.get(role, "") for role in roles]) for a in matrix.activities]
        matrices.append(Matrix(matrix.id, matrix.process, matrix.description, roles, rows))
    return matrices


def to_json(matrices: list[Matrix]) -> list[dict[str, Any]]:
    return [asdict(m) for m in matrices]
