"""The governed repository on disk: finding its root, discovering and loading
every record. Reading files is the only side effect; parsing is delegated to
the pure :func:`ccgov.store.loader.load_record`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ccgov.findings import Finding
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import CONFIG_FILE, KIND_BY_DIRECTORY, KIND_BY_NAME, KINDS, Kind, KindName
from ccgov.records.layout import scan
from ccgov.records.links import key_of, references
from ccgov.store.files import blob_digest, find_root, max_bytes, read_inside
from ccgov.store.loader import LoadedRecord, load_record, locations_of
from ccgov.store.yamlio import Locations

if TYPE_CHECKING:
    from ccgov.store.index import RecordIndex

__all__ = ["Repository", "find_root", "load_repository", "read_inside"]


class Records(Mapping[KindName, list[LoadedRecord]]):
    """Records per kind, each kind loaded the first time it is asked for."""

    def __init__(self, load: Callable[[KindName], list[LoadedRecord]]) -> None:
        self._load = load
        self._loaded: dict[KindName, list[LoadedRecord]] = {}

    def __getitem__(self, kind: KindName) -> list[LoadedRecord]:
        if kind not in self._loaded:
            if kind not in KIND_BY_NAME:
                raise KeyError(kind)
            self._loaded[kind] = self._load(kind)
        return self._loaded[kind]

    def __iter__(self) -> Iterator[KindName]:
        return iter(kind.name for kind in KINDS)

    def __len__(self) -> int:
        return len(KINDS)


@dataclass(slots=True)
class Repository:
    root: Path
    config: RepoConfig | None
    config_record: LoadedRecord | None
    records: Mapping[KindName, list[LoadedRecord]]
    findings: list[Finding] = field(default_factory=list)
    # Ids of record files that exist but did not load: references to them are
    # not "dangling", the file's own findings say what is wrong.
    unloaded: set[str] = field(default_factory=set)
    # A hash of every file's content, when known.
    digests: dict[str, str] | None = None
    # The record index this repository is read from, if any: lookups by id
    # or reference then load only the records they return.
    index: RecordIndex | None = None

    def of(self, kind: KindName) -> list[LoadedRecord]:
        return self.records.get(kind, [])

    def find(self, kind: KindName, record_id: str) -> LoadedRecord | None:
        """The first record of ``kind`` known by ``record_id``."""
        key = f"{kind}:{record_id}" if KIND_BY_NAME[kind].id_style == "named" else record_id
        if self.index is None:
            return next((r for r in self.of(kind) if key_of(kind, r.record) == key), None)
        paths = sorted(p for k, p in self.index.carriers([key]).get(key, []) if k == kind)
        return self._load(paths[0]) if paths else None

    def naming(self, field: str, target: str, kind: KindName) -> list[LoadedRecord]:
        """The records of ``kind`` that name ``target`` in ``field``."""
        if self.index is None:
            return [r for r in self.of(kind) if (field, target) in references(kind, r.record)]
        paths = self.index.referrers([target], field)
        return [
            self._load(p)
            for p in sorted(p for p in paths if KIND_BY_DIRECTORY[p.split("/", 1)[0]].name == kind)
        ]

    def ids(self, kind: KindName) -> list[str]:
        """The ids of the records of ``kind`` that load, sorted."""
        if self.index is None:
            return sorted(key_of(kind, r.record) for r in self.of(kind))
        return sorted(
            key for key, found in self.index.carriers_of_kind(kind).items() for _ in found[:1]
        )

    def named(self, field: str, kind: KindName) -> list[str]:
        """Every target records of ``kind`` name in ``field``."""
        if self.index is None:
            return [t for r in self.of(kind) for f, t in references(kind, r.record) if f == field]
        return self.index.targets(field)

    def edges(self, kind: KindName, field: str) -> dict[str, list[str]]:
        """id -> the targets it names in ``field``, for every record of
        ``kind`` (``depends_on`` between CIs), read from the index without
        loading the records when there is one."""
        if self.index is None:
            return {
                key_of(kind, r.record): [t for f, t in references(kind, r.record) if f == field]
                for r in self.of(kind)
            }
        return {key: targets for _, key, targets in self.index.links(kind, field)}

    def _load(self, path: str) -> LoadedRecord:
        assert self.index is not None
        record = self.index.models([path])[path]
        return _lazy(path, record, None, self.root)


def discover(root: Path) -> tuple[list[tuple[str, Kind]], list[Finding]]:
    """Record files under each kind's directory (direct children, ``*.yaml``)."""
    found, findings = scan(root)
    return [
        (relative, KIND_BY_DIRECTORY[relative.split("/", 1)[0]]) for relative in found
    ], findings


# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 400

Parsed = tuple[str, Any, list[Finding]]


def parse_file(
    relative: str, kind_name: str | None, data: bytes
) -> tuple[LoadedRecord | None, list[Finding]]:
    """One file's record and load findings (ccgov.yaml when ``kind_name`` is None)."""
    if kind_name is None:
        return load_record(relative, data, RepoConfig, id_field=None)
    kind = KIND_BY_NAME[kind_name]
    return load_record(
        relative, data, kind.model, id_field=kind.id_field, max_bytes=max_bytes(relative)
    )


def _parse_batch(batch: list[tuple[str, str | None, bytes]]) -> list[Parsed]:
    """Worker side of a parallel parse: records travel back without locations."""
    results: list[Parsed] = []
    for relative, kind_name, data in batch:
        loaded, findings = parse_file(relative, kind_name, data)
        results.append((relative, loaded.record if loaded else None, findings))
    return results


def _parse_all(
    root: Path, pending: list[tuple[str, str | None, bytes]]
) -> dict[str, tuple[LoadedRecord | None, list[Finding]]]:
    workers = min(os.cpu_count() or 1, 8)
    if len(pending) < PARALLEL_THRESHOLD or workers < 2:
        return {relative: parse_file(relative, kind, data) for relative, kind, data in pending}
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(pending) // (workers * 4))
    batches = [pending[i : i + size] for i in range(0, len(pending), size)]
    data_of = {relative: data for relative, _, data in pending}
    parsed: dict[str, tuple[LoadedRecord | None, list[Finding]]] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for results in pool.map(_parse_batch, batches):
            for relative, record, findings in results:
                parsed[relative] = (
                    _lazy(relative, record, data_of[relative]) if record is not None else None,
                    findings,
                )
    return parsed


def _lazy(relative: str, record: Any, data: bytes | None, root: Path | None = None) -> LoadedRecord:
    """A record whose locations are derived from its bytes (or file) when first needed."""
    if data is not None:
        return LoadedRecord(relative, record, reparse=lambda: locations_of(relative, data))

    def reread() -> Locations:
        assert root is not None
        content, _ = read_inside(root, relative)
        return locations_of(relative, content or b"")

    return LoadedRecord(relative, record, reparse=reread)


def load_repository(
    root: Path,
    overrides: Mapping[str, bytes] | None = None,
    *,
    records: bool = True,
    exclude: frozenset[str] | set[str] = frozenset(),
) -> Repository:
    """Load ccgov.yaml and every record from scratch; problems become
    findings, never exceptions. (Commands read the repository through the
    record index instead; this is what the index is tested against.)

    ``overrides`` maps repository-relative paths to content that replaces (or
    adds to) what is on disk, so a state can be validated before anything is
    written. ``exclude`` names files to read as absent (untracked files, for
    a view of git's index).
    """
    overrides = overrides or {}
    files: list[tuple[str, Kind | None]] = [] if CONFIG_FILE in exclude else [(CONFIG_FILE, None)]
    findings: list[Finding] = []
    if records:
        discovered, findings = discover(root)
        discovered = [(relative, kind) for relative, kind in discovered if relative not in exclude]
        findings = [f for f in findings if f.file not in exclude]
        files += discovered
        known = {relative for relative, _ in discovered}
        for relative in sorted(set(overrides) - known - {CONFIG_FILE}):
            kind = KIND_BY_DIRECTORY.get(relative.split("/", 1)[0])
            if kind is not None and relative.count("/") == 1 and relative.endswith(".yaml"):
                files.append((relative, kind))
    inside = {
        directory
        for directory in {r.split("/", 1)[0] for r, _ in files}
        if (root / directory).resolve().is_relative_to(root.resolve())
    }
    results: dict[str, tuple[LoadedRecord | None, list[Finding]]] = {}
    digests: dict[str, str] = {}
    pending: list[tuple[str, str | None, bytes]] = []
    for relative, kind in files:
        if relative in overrides:
            data: bytes | None = overrides[relative]
        else:
            read, problem = read_inside(
                root, relative, parent_inside=relative.split("/", 1)[0] in inside
            )
            if read is None:
                if problem is not None:
                    results[relative] = (None, [problem])
                    digests[relative] = f"unreadable {problem.message}"
                continue
            data = read
        assert data is not None
        digests[relative] = blob_digest(data)
        pending.append((relative, kind.name if kind else None, data))
    results.update(_parse_all(root, pending))
    config_record, config_findings = results.get(CONFIG_FILE, (None, []))
    findings = [*config_findings, *findings]
    loaded_records: dict[KindName, list[LoadedRecord]] = {kind.name: [] for kind in KINDS}
    unloaded: set[str] = set()
    for relative, kind in files:
        if relative == CONFIG_FILE or relative not in results:
            continue
        loaded, record_findings = results[relative]
        findings.extend(record_findings)
        if loaded is not None and kind is not None:
            loaded_records[kind.name].append(loaded)
        else:
            unloaded.add(PurePosixPath(relative).stem)
    config = config_record.record if config_record is not None else None
    return Repository(root, config, config_record, loaded_records, findings, unloaded, digests)


def from_index(root: Path, index: RecordIndex, findings: list[Finding]) -> Repository:
    """The repository as the record index holds it: each kind's records are
    loaded when first asked for, lookups by id or reference load only what
    they find."""
    config_record: LoadedRecord | None = None
    models = index.models([CONFIG_FILE])
    if CONFIG_FILE in models:
        config_record = _lazy(CONFIG_FILE, models[CONFIG_FILE], None, root)

    def load(kind: KindName) -> list[LoadedRecord]:
        paths = index.loaded_paths(kind)
        found = index.models(paths)
        return [_lazy(path, found[path], None, root) for path in paths]

    return Repository(
        root,
        config_record.record if config_record is not None else None,
        config_record,
        Records(load),
        findings,
        index.unloaded_stems(),
        None,
        index,
    )


def with_files(repository: Repository, files: Mapping[str, bytes]) -> Repository:
    """The repository as it would be with ``files`` written: only those files
    are parsed again, everything else is shared with ``repository``."""
    if CONFIG_FILE in files:
        config_record, config_findings = parse_file(CONFIG_FILE, None, files[CONFIG_FILE])
    else:
        config_record = repository.config_record
        config_findings = [f for f in repository.findings if f.file == CONFIG_FILE]
    records = {kind: list(loaded) for kind, loaded in repository.records.items()}
    findings = [f for f in repository.findings if f.file not in files and f.file != CONFIG_FILE]
    unloaded = set(repository.unloaded)
    digests = dict(repository.digests) if repository.digests is not None else None
    for relative, data in sorted(files.items()):
        if digests is not None:
            digests[relative] = blob_digest(data)
        if relative == CONFIG_FILE:
            continue
        kind = KIND_BY_DIRECTORY.get(relative.split("/", 1)[0])
        if kind is None or relative.count("/") != 1 or not relative.endswith(".yaml"):
            continue  # not a record (an artifact): rules read it from disk
        kept = [r for r in records[kind.name] if r.path != relative]
        loaded, record_findings = parse_file(relative, kind.name, data)
        findings.extend(record_findings)
        stem = PurePosixPath(relative).stem
        if loaded is not None:
            kept.append(loaded)
            unloaded.discard(stem)
        else:
            unloaded.add(stem)
        records[kind.name] = sorted(kept, key=lambda r: r.path)
    return Repository(
        repository.root,
        config_record.record if config_record is not None else None,
        config_record,
        records,
        [*config_findings, *findings],
        unloaded,
        digests,
    )
