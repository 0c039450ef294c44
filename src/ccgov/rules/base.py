"""What every rule shares: the context it reads and the registry it joins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ccgov.findings import Finding
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import KINDS, Kind, KindName
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository

Rule = Callable[["Context"], Iterator[Finding]]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    """Register a rule. Rules are independent and run in registration order."""
    RULES.append(function)
    return function


@dataclass(slots=True)
class Context:
    root: Path
    config: RepoConfig
    config_record: LoadedRecord
    records: dict[KindName, list[LoadedRecord]]
    # id -> every (kind, record) carrying it; more than one is a duplicate
    by_id: dict[str, list[tuple[Kind, LoadedRecord]]]
    unloaded: set[str]

    @classmethod
    def build(cls, repository: Repository) -> Context:
        assert repository.config is not None and repository.config_record is not None
        by_id: dict[str, list[tuple[Kind, LoadedRecord]]] = {}
        for kind in KINDS:
            for loaded in repository.of(kind.name):
                key = (
                    f"{kind.name}:{getattr(loaded.record, kind.id_field)}"
                    if kind.id_style == "named"
                    else getattr(loaded.record, kind.id_field)
                )
                by_id.setdefault(key, []).append((kind, loaded))
        return cls(
            repository.root,
            repository.config,
            repository.config_record,
            repository.records,
            by_id,
            repository.unloaded,
        )

    def of(self, kind: KindName) -> list[LoadedRecord]:
        return self.records.get(kind, [])

    def resolve(self, record_id: str) -> tuple[Kind, LoadedRecord] | None:
        entries = self.by_id.get(record_id)
        return entries[0] if entries else None


def finding(
    loaded: LoadedRecord, code: str, message: str, *path: str | int, key: bool = False
) -> Finding:
    """A finding at ``path`` inside a record, with the code's default severity."""
    line, column = loaded.key_at(*path) if key else loaded.at(*path)
    return Finding.of(loaded.path, line, column, code, message)
