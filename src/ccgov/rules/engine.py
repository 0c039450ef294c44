"""Running the rules over the record index and keeping their verdicts there.

A full run (a new index, ccgov.yaml changed, or too much changed to be worth
following) checks every record, a chunk of records at a time, so that no
more than a chunk of records is ever loaded. Otherwise each rule re-checks
only what its verdict can depend on (what it declares it reads, see
:mod:`ccgov.rules.base`): the changed records, and for instance the records
naming a record whose id, kind or loading changed. Its findings for exactly
those records are replaced.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from ccgov.findings import Finding
from ccgov.records.kinds import CONFIG_FILE, KIND_BY_NAME, KINDS, Kind, KindName
from ccgov.rules.base import ABOUT, KIND_ORDER, READS, RULES, Context, Read, Rule, rule_name
from ccgov.store.files import read_inside
from ccgov.store.index import RecordIndex, Row
from ccgov.store.loader import LoadedRecord, locations_of
from ccgov.store.sync import Delta

# Records loaded at once in a full run.
CHUNK = 2_000
# Past this share of the records, following each change costs more than a full run.
FULL_SHARE = 0.25
NO_RULES = "(rules)"  # where FILE002 is kept when ccgov.yaml does not load


class _Shared:
    """Records and id lookups shared by the rules of one run."""

    def __init__(
        self, root: Path, index: RecordIndex, overrides: Mapping[str, bytes], preload: bool
    ) -> None:
        self.root, self.index, self.overrides = root, index, overrides
        self.records: dict[str, LoadedRecord] = {}
        self.pinned: dict[str, LoadedRecord] = {}  # referenced records, kept across chunks
        self._carriers: dict[str, list[tuple[Kind, str]]] = {}
        self._all_carriers = preload
        if preload:
            for key, found in index.all_carriers().items():
                self._carriers[key] = _ordered(found)
        self.unloaded: Container[str] = index.unloaded_stems() if preload else _Unloaded(index)

    def load(self, paths: Iterable[str]) -> None:
        wanted = [p for p in paths if p not in self.records and p not in self.pinned]
        for path, record in self.index.models(wanted).items():
            self.records[path] = LoadedRecord(path, record, reparse=self._locator(path))

    def _locator(self, path: str):  # type: ignore[no-untyped-def]
        def locate():  # type: ignore[no-untyped-def]
            data = self.overrides.get(path)
            if data is None:
                data, _ = read_inside(self.root, path)
            return locations_of(path, data or b"")

        return locate

    def record(self, path: str) -> LoadedRecord:
        found = self.records.get(path) or self.pinned.get(path)
        if found is None:
            self.load([path])
            found = self.records[path]
            if len(self.pinned) < CHUNK:
                self.pinned[path] = found
        return found

    def carriers(self, key: str) -> list[tuple[Kind, str]]:
        found = self._carriers.get(key)
        if found is None:
            found = [] if self._all_carriers else _ordered(self.index.carriers([key]).get(key, []))
            self._carriers[key] = found
        return found

    def release(self) -> None:
        self.records.clear()


class _Unloaded:
    """Stems of files that do not load, asked of the index as needed."""

    def __init__(self, index: RecordIndex) -> None:
        self.index = index
        self.known: dict[str, bool] = {}

    def __contains__(self, stem: object) -> bool:
        if not isinstance(stem, str):
            return False
        if stem not in self.known:
            self.known[stem] = bool(self.index.unloaded_stems([stem]))
        return self.known[stem]


def _ordered(found: list[tuple[str, str]]) -> list[tuple[Kind, str]]:
    """Carriers in repository order: by kind as KINDS lists them, then path."""
    ordered = sorted(found, key=lambda entry: (KIND_ORDER[entry[0]], entry[1]))
    return [(KIND_BY_NAME[kind], path) for kind, path in ordered]


class IndexContext(Context):
    """The repository as the index holds it; ``subjects``: the records to check."""

    def __init__(self, shared: _Shared, subjects: dict[str, list[str]] | None) -> None:
        config = shared.record(CONFIG_FILE)
        self.root = shared.root
        self.config = config.record
        self.config_record = config
        self.unloaded = shared.unloaded
        self._shared = shared
        self._subjects = subjects
        self._of: dict[str, list[LoadedRecord]] = {}
        self._every: dict[str, list[LoadedRecord]] = {}

    def of(self, kind: KindName) -> Sequence[LoadedRecord]:
        if kind not in self._of:
            paths = (
                self._shared.index.loaded_paths(kind)
                if self._subjects is None
                else self._subjects.get(kind, [])
            )
            self._shared.load(paths)
            self._of[kind] = [self._shared.record(p) for p in paths]
        return self._of[kind]

    def every(self, kind: KindName) -> Sequence[LoadedRecord]:
        if self._subjects is None:
            return self.of(kind)
        if kind not in self._every:
            paths = self._shared.index.loaded_paths(kind)
            self._shared.load(paths)
            self._every[kind] = [self._shared.record(p) for p in paths]
        return self._every[kind]

    def carriers(self, record_id: str) -> list[tuple[Kind, str]]:
        return self._shared.carriers(record_id)

    def record(self, path: str) -> LoadedRecord:
        return self._shared.record(path)

    def links(self, kind: KindName, field: str) -> dict[str, tuple[str, list[str]]]:
        return {
            key: (path, targets) for path, key, targets in self._shared.index.links(kind, field)
        }

    def sharing(self, field: str, target: str) -> list[LoadedRecord]:
        kinds = self._shared.index.loaded_kinds(self._shared.index.referrers([target], field))
        ordered = sorted(kinds, key=lambda path: (KIND_ORDER[kinds[path]], path))
        return [self.record(path) for path in ordered]


def run(
    root: Path, index: RecordIndex, delta: Delta, overrides: Mapping[str, bytes] | None = None
) -> None:
    """Bring the rules' verdicts in the index up to date with ``delta``."""
    overrides = overrides or {}
    config = index.rows([CONFIG_FILE]).get(CONFIG_FILE)
    if config is None or not config.loaded:
        index.clear_verdicts()
        missing = Finding.of(
            CONFIG_FILE,
            0,
            0,
            "FILE002",
            "ccgov.yaml is missing or invalid; cross-record rules were not run",
        )
        index.replace_verdicts(NO_RULES, None, {CONFIG_FILE: [missing]})
        return
    records = index.count_files() - 1
    if (
        delta.rebuilt
        or delta.config_changed
        or index.has_verdicts(NO_RULES, [CONFIG_FILE])
        or len(delta.paths) > max(CHUNK, FULL_SHARE * records)
    ):
        _full(root, index, overrides)
    elif not delta.empty:
        _incremental(root, index, delta, overrides)


def _check(rule: Rule, context: Context, keep: set[str] | None) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for f in rule(context):
        # A rule reports on the records it was given; anything else is a verdict
        # on records that did not change, which stands.
        if keep is None or f.file in keep:
            found.setdefault(f.file, []).append(f)
    return found


def _chunked(reads: tuple[Read, ...] | None) -> bool:
    """A rule whose verdict on a record depends on that record and what it
    names can be run over the records a chunk at a time."""
    return reads is not None and all(r.what not in ("graph", "every") for r in reads)


def _full(root: Path, index: RecordIndex, overrides: Mapping[str, bytes]) -> None:
    index.clear_verdicts()
    shared = _Shared(root, index, overrides, preload=True)
    paths = [(kind.name, p) for kind in KINDS for p in index.loaded_paths(kind.name)]
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)] or [[]]
    local = [r for r in RULES if _chunked(READS[r])]
    for number, chunk in enumerate(chunks):
        subjects: dict[str, list[str]] = {}
        for kind, path in chunk:
            subjects.setdefault(kind, []).append(path)
        keep = {path for _, path in chunk} | ({CONFIG_FILE} if number == 0 else set())
        shared.load(path for _, path in chunk)
        context = IndexContext(shared, subjects)
        for rule in local:
            index.replace_verdicts(rule_name(rule), (), _check(rule, context, keep))
        shared.release()
    for rule in RULES:
        if not _chunked(READS[rule]):
            context = IndexContext(shared, None)
            index.replace_verdicts(rule_name(rule), (), _check(rule, context, None))
            shared.release()


def _incremental(
    root: Path, index: RecordIndex, delta: Delta, overrides: Mapping[str, bytes]
) -> None:
    shared = _Shared(root, index, overrides, preload=False)
    changes = _Changes(index, delta)
    for rule in RULES:
        dirty = changes.dirty(rule, READS[rule])
        name = rule_name(rule)
        if dirty is None:
            index.replace_verdicts(name, None, _check(rule, IndexContext(shared, None), None))
            continue
        kinds = index.loaded_kinds(dirty)
        about = ABOUT[rule]
        if not dirty or (about is not None and not about & set(kinds.values())):
            # Nothing it reports on needs checking; stale verdicts of changed
            # records that no longer load (or are gone) still go.
            index.replace_verdicts(name, sorted(dirty), {})
            continue
        subjects: dict[str, list[str]] = {}
        for path in sorted(kinds):
            subjects.setdefault(kinds[path], []).append(path)
        context = IndexContext(shared, subjects)
        index.replace_verdicts(name, sorted(dirty), _check(rule, context, dirty))


class _Changes:
    """What changed, and which records each kind of read makes depend on it."""

    def __init__(self, index: RecordIndex, delta: Delta) -> None:
        self.index, self.delta = index, delta
        self.paths = set(delta.after)
        rows = [
            (path, delta.before.get(path), delta.after.get(path)) for path in sorted(self.paths)
        ]
        self.identity: set[str] = set(
            delta.artifacts
        )  # ids whose existence, kind or loading changed
        self.content: set[str] = set(delta.artifacts)  # ids whose record changed at all
        self.keys: set[str] = set()
        self.rows = rows
        for path, before, after in rows:
            names = _names(path, before, after)
            self.content |= names
            self.keys |= {r.key for r in (before, after) if r is not None and r.key}
            if before is None or after is None or _identity(before) != _identity(after):
                self.identity |= names
        self._memo: dict[Read, set[str] | None] = {}

    def dirty(self, rule: Rule, reads: tuple[Read, ...] | None) -> set[str] | None:
        """The records ``rule`` must check again (None: every record)."""
        if reads is None:
            return None
        graphs = [read for read in reads if read.what == "graph"]
        if graphs:
            # Its verdict is a function of the graph alone: all again, or nothing.
            return None if any(self._graph_changed(rule, read) for read in graphs) else set()
        dirty = set(self.paths)
        for read in reads:
            if read.what == "every" and any(
                r is not None and r.kind == read.kind for _, b, a in self.rows for r in (b, a)
            ):
                return None
            found = self._follow(read)
            if found is not None:
                dirty |= found
        return dirty

    def _follow(self, read: Read) -> set[str] | None:
        if read not in self._memo:
            index = self.index
            if read.what == "references":
                self._memo[read] = index.referrers(self.identity)
            elif read.what == "referenced":
                self._memo[read] = index.referrers(self.content)
            elif read.what == "ids":
                self._memo[read] = {
                    path for found in index.carriers(self.keys).values() for _, path in found
                }
            elif read.what == "shared":
                targets = {
                    target
                    for _, b, a in self.rows
                    for r in (b, a)
                    if r is not None
                    for name, target in r.refs
                    if name == read.field
                }
                self._memo[read] = index.referrers(targets, read.field)
            else:
                self._memo[read] = None
        return self._memo[read]

    def _graph_changed(self, rule: Rule, read: Read) -> bool:
        """Whether a changed record of the graph's kind changed its links (or
        holds this rule's findings, whose place in the file may have moved)."""
        touched = [
            (path, b, a)
            for path, b, a in self.rows
            if any(r is not None and r.kind == read.kind for r in (b, a))
        ]
        if any(_links(b, read.field) != _links(a, read.field) for _, b, a in touched):
            return True
        return self.index.has_verdicts(rule_name(rule), [path for path, _, _ in touched])


def _identity(row: Row) -> tuple[str, str | None, bool]:
    return row.kind, row.key, row.loaded


def _links(row: Row | None, field: str | None) -> tuple[object, ...] | None:
    if row is None or not row.loaded:
        return None
    return (row.key, [target for name, target in row.refs if name == field])


def _names(path: str, before: Row | None, after: Row | None) -> set[str]:
    """Everything a reference to this file could be written as: its ids
    before and after, and its file name (what marks a file that does not load).
    A reference to a named record (``vendor:genesys``) accepts any file of
    that stem that does not load, whatever its folder: each named form of the
    stem is a name of this file too."""
    stem = PurePosixPath(path).stem
    names = {stem} | {r.key for r in (before, after) if r is not None and r.key}
    names |= {f"{kind}:{stem}" for kind in _NAMED_KINDS}
    return names


_NAMED_KINDS = tuple(kind.name for kind in KINDS if kind.id_style == "named")
