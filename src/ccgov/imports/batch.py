"""What an import of new records would write, skip and did, and the one way
it commits: planned again under the lock, every new record in one change.

The incident and demand imports share the plan and its result; the KPI import
(figures added to existing records) shares the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sized
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from ccgov.errors import RefusedError
from ccgov.store import git
from ccgov.store.repo import Repository
from ccgov.workflow.identity import actor
from ccgov.workflow.transaction import Applied, Mutation, apply


class NewRecord(Protocol):
    """A record an import would write."""

    @property
    def id(self) -> str: ...

    @property
    def path(self) -> str: ...

    @property
    def content(self) -> bytes: ...

    def to_json(self) -> dict[str, Any]: ...


class Skipped(Protocol):
    """A row an import skips, and why."""

    def to_json(self) -> dict[str, Any]: ...


New = TypeVar("New", bound=NewRecord)
Dup = TypeVar("Dup", bound=Skipped)


# No slots: a slotted dataclass is a new class, which Generic's aliases
# (ImportPlan[NewIncident, DuplicateRow](...)) cannot instantiate.
@dataclass(frozen=True)
class ImportPlan(Generic[New, Dup]):
    source: str
    new: list[New]
    duplicates: list[Dup]
    blank_rows: int = 0

    @property
    def files(self) -> dict[str, bytes]:
        return {record.path: record.content for record in self.new}

    @property
    def label(self) -> str:
        """The record the commit names: one id, or the first..last of a run."""
        if len(self.new) == 1:
            return self.new[0].id
        return f"{self.new[0].id}..{self.new[-1].id}" if self.new else "none"


@dataclass(frozen=True)
class ImportResult(Generic[New, Dup]):
    plan: ImportPlan[New, Dup]
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
            "new": [record.to_json() for record in plan.new],
            "duplicates": [duplicate.to_json() for duplicate in plan.duplicates],
        }


class Writable(Protocol):
    @property
    def new(self) -> Sized: ...

    @property
    def files(self) -> dict[str, bytes]: ...


Plan = TypeVar("Plan", bound=Writable)


def write_import(
    repository: Repository,
    replan: Callable[[Repository], Plan],
    name: Callable[[Plan], tuple[str, str]],
    *,
    nothing_new: str,
    commit: bool,
) -> tuple[Plan, Applied[None]]:
    """Commit what ``replan`` plans under the lock (the repository may have
    changed since the dry run), as the record kind and label ``name`` gives;
    refused with ``nothing_new`` when there is nothing left to write."""
    email = git.config_value(repository.root, "user.email")
    planned: list[Plan] = []

    def build(current: Repository) -> Mutation:
        if current.config is not None:
            actor(current.config, email)
        locked = replan(current)
        if not len(locked.new):
            raise RefusedError(nothing_new)
        planned.append(locked)
        kind, label = name(locked)
        return Mutation(kind, label, "import", locked.files)

    applied = apply(repository.root, build, commit=commit)
    return planned[-1], applied
