"""What every rule shares: the context it reads, what it declares it reads,
and the registry it joins.

A rule is a function ``(Context) -> Iterator[Finding]`` that yields findings
about the records ``context.of(kind)`` gives it. In a full run that is every
record; when records change, the engine (:mod:`ccgov.rules.engine`) gives a
rule only the records whose verdict can have changed, which it works out from
what the rule declares it reads::

    @rule(reads=(REFERENCES,))
    def records_exist(context: Context) -> Iterator[Finding]: ...

Every rule reads the record it reports on and ccgov.yaml (a change to
ccgov.yaml re-runs every rule on everything). ``reads`` adds what else it
looks at:

* ``REFERENCES``: whether each record it names exists, of which kind, and
  whether its file loads (``context.kind_of``, ``context.unloaded``);
* ``REFERENCED``: the content of the records it names (``context.resolve``);
* ``IDS``: the other records carrying the same id (``context.carriers``);
* ``shared(field)``: the other records that name the same targets in
  ``field`` (``context.sharing``);
* ``graph(kind, field)``: ``field`` of every record of ``kind``
  (``context.links``); the rule runs over all of them when one changes;
* ``every(kind)``: every record of ``kind`` (``context.every``, whatever
  ``of`` gives); when one of them changes, the rule runs over everything.

What a rule reads through ``REFERENCES``, ``REFERENCED`` and ``shared`` must
be in the table of references the index keeps (:mod:`ccgov.records.links`):
the engine finds the records naming a changed record there.

``about`` may name the kinds a rule reports on (``"config"`` for ccgov.yaml):
it is then not run at all when nothing of those kinds needs checking.

A rule registered with a bare ``@rule`` reads anything: it runs over every
record whenever anything changes (correct, but it loads every record of the
kinds it reads on each run). A rule must yield findings only about the
records ``of`` gave it (or ccgov.yaml); anything else it yields is dropped.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

from ccgov.findings import Finding
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import KINDS, Kind, KindName
from ccgov.records.links import key_of, references
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository

Rule = Callable[["Context"], Iterator[Finding]]
RULES: list[Rule] = []


@dataclass(frozen=True, slots=True)
class Read:
    """One thing a rule reads besides its record and ccgov.yaml."""

    what: Literal["references", "referenced", "ids", "shared", "graph", "every"]
    kind: KindName | None = None
    field: str | None = None


REFERENCES = Read("references")
REFERENCED = Read("referenced")
IDS = Read("ids")


def shared(field: str) -> Read:
    return Read("shared", field=field)


def graph(kind: KindName, field: str) -> Read:
    return Read("graph", kind=kind, field=field)


def every(kind: KindName) -> Read:
    return Read("every", kind=kind)


# rule -> what it declared it reads (None: nothing declared, so anything).
READS: dict[Rule, tuple[Read, ...] | None] = {}
# rule -> the kinds it reports on ("config": ccgov.yaml), where declared.
ABOUT: dict[Rule, frozenset[str] | None] = {}


@overload
def rule(function: Rule, /) -> Rule: ...


@overload
def rule(
    *, reads: Iterable[Read], about: Iterable[str] | None = None
) -> Callable[[Rule], Rule]: ...


def rule(
    function: Rule | None = None,
    /,
    *,
    reads: Iterable[Read] | None = None,
    about: Iterable[str] | None = None,
) -> Rule | Callable[[Rule], Rule]:
    """Register a rule. Rules are independent and run in registration order."""

    def register(target: Rule) -> Rule:
        RULES.append(target)
        READS[target] = tuple(reads) if reads is not None else None
        ABOUT[target] = frozenset(about) if about is not None else None
        return target

    return register(function) if function is not None else register


def rule_name(function: Rule) -> str:
    return f"{function.__module__.rsplit('.', 1)[-1]}.{function.__name__}"


KIND_ORDER: dict[str, int] = {kind.name: index for index, kind in enumerate(KINDS)}
KIND_OF = {kind.name: kind for kind in KINDS}


class Context(ABC):
    """What a rule sees of the repository."""

    root: Path
    config: RepoConfig
    config_record: LoadedRecord
    # Stems of record files that exist but do not load: references to them
    # are not "dangling", the file's own findings say what is wrong.
    unloaded: Container[str]

    @abstractmethod
    def of(self, kind: KindName) -> Sequence[LoadedRecord]:
        """The records of ``kind`` to check."""

    @abstractmethod
    def carriers(self, record_id: str) -> list[tuple[Kind, str]]:
        """(kind, path) of every loaded record known by ``record_id``, in
        repository order; more than one is a duplicate."""

    @abstractmethod
    def record(self, path: str) -> LoadedRecord:
        """The loaded record at ``path`` (one of the carriers)."""

    @abstractmethod
    def every(self, kind: KindName) -> Sequence[LoadedRecord]:
        """Every loaded record of ``kind``, whatever ``of`` gives (declare ``every(kind)``)."""

    @abstractmethod
    def links(self, kind: KindName, field: str) -> dict[str, tuple[str, list[str]]]:
        """id -> (path, targets of ``field``) for every record of ``kind`` (the
        last record wins where an id is duplicated)."""

    @abstractmethod
    def sharing(self, field: str, target: str) -> list[LoadedRecord]:
        """Every loaded record naming ``target`` in ``field``."""

    def kind_of(self, record_id: str) -> Kind | None:
        """The kind of the record ``record_id`` resolves to, without loading it."""
        found = self.carriers(record_id)
        return found[0][0] if found else None

    def resolve(self, record_id: str) -> tuple[Kind, LoadedRecord] | None:
        found = self.carriers(record_id)
        return (found[0][0], self.record(found[0][1])) if found else None


class RepositoryContext(Context):
    """Every record of a loaded repository (the reference the engine is tested against)."""

    def __init__(self, repository: Repository) -> None:
        assert repository.config is not None and repository.config_record is not None
        self.root = repository.root
        self.config = repository.config
        self.config_record = repository.config_record
        self.unloaded = repository.unloaded
        self._records = repository.records
        self._by_id: dict[str, list[tuple[Kind, str]]] = {}
        self._by_path: dict[str, LoadedRecord] = {}
        self._naming: dict[tuple[str, str], list[LoadedRecord]] | None = None
        for kind in KINDS:
            for loaded in repository.of(kind.name):
                self._by_id.setdefault(key_of(kind.name, loaded.record), []).append(
                    (kind, loaded.path)
                )
                self._by_path[loaded.path] = loaded

    def of(self, kind: KindName) -> Sequence[LoadedRecord]:
        return self._records.get(kind, [])

    def every(self, kind: KindName) -> Sequence[LoadedRecord]:
        return self.of(kind)

    def carriers(self, record_id: str) -> list[tuple[Kind, str]]:
        return self._by_id.get(record_id, [])

    def record(self, path: str) -> LoadedRecord:
        return self._by_path[path]

    def links(self, kind: KindName, field: str) -> dict[str, tuple[str, list[str]]]:
        return {
            key_of(kind, loaded.record): (loaded.path, list(getattr(loaded.record, field)))
            for loaded in self.of(kind)
        }

    def sharing(self, field: str, target: str) -> list[LoadedRecord]:
        if self._naming is None:
            self._naming = {}
            for kind in KINDS:
                for loaded in self.of(kind.name):
                    for name, value in references(kind.name, loaded.record):
                        self._naming.setdefault((name, value), []).append(loaded)
        return self._naming.get((field, target), [])


def finding(
    loaded: LoadedRecord, code: str, message: str, *path: str | int, key: bool = False
) -> Finding:
    """A finding at ``path`` inside a record, with the code's default severity."""
    line, column = loaded.key_at(*path) if key else loaded.at(*path)
    return Finding.of(loaded.path, line, column, code, message)
