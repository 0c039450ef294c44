"""The governed repository on disk: finding its root, discovering and loading
every record. Reading files is the only side effect; parsing is delegated to
the pure :func:`ccgov.store.loader.load_record`."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ccgov.errors import NotARepositoryError
from ccgov.findings import Finding
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import CONFIG_FILE, KIND_BY_DIRECTORY, KIND_BY_NAME, KINDS, Kind, KindName
from ccgov.records.layout import scan
from ccgov.store.cache import FileEntry, ValidationCache, stat_key
from ccgov.store.cache import digest as cache_digest
from ccgov.store.loader import LoadedRecord, load_record, locations_of
from ccgov.store.yamlio import MAX_BYTES, Locations


@dataclass(slots=True)
class Repository:
    root: Path
    config: RepoConfig | None
    config_record: LoadedRecord | None
    records: dict[KindName, list[LoadedRecord]]
    findings: list[Finding] = field(default_factory=list)
    # Ids of record files that exist but did not load: references to them are
    # not "dangling", the file's own findings say what is wrong.
    unloaded: set[str] = field(default_factory=set)
    # A hash of every file's content, when loaded through the validation cache.
    digests: dict[str, str] | None = None

    def of(self, kind: KindName) -> list[LoadedRecord]:
        return self.records.get(kind, [])


def find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` that holds ccgov.yaml."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    raise NotARepositoryError(
        f"{start} is not inside a governed repository (no {CONFIG_FILE} here or above)",
        hint="run `ccgov init` to create one, or pass -C PATH",
    )


def read_inside(
    root: Path, relative: str, *, parent_inside: bool = False
) -> tuple[bytes | None, Finding | None]:
    """Read a file of the repository, refusing directories, special files and
    links that leave it. Never reads more than a record may hold.

    ``parent_inside`` says the caller already knows the file's directory lies
    inside the repository: a plain regular file there is then read without
    resolving its path (the cost of a cold run over thousands of files).
    """
    path = root / relative

    def refuse(code: str, message: str) -> tuple[None, Finding]:
        return None, Finding.of(relative, 0, 0, code, message)

    def read(handle_path: Path) -> tuple[bytes | None, Finding | None]:
        with handle_path.open("rb") as handle:
            # Read one byte past the limit: enough to know a file is too big
            # without reading 50 MB of it.
            data = handle.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                size = os.fstat(handle.fileno()).st_size
                return refuse(
                    "YAML004",
                    f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for a record",
                )
        return data, None

    if parent_inside:
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                return read(path)
        except OSError:
            pass  # the careful path below says what is wrong
    try:
        # Resolve the whole path, not just its last part: a linked directory
        # (items -> /elsewhere) leaves the repository as surely as a linked file.
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            return refuse(
                "YAML008",
                f"is a link to {target}, outside the repository; "
                "records must live in the repository",
            )
        if path.is_dir():
            return refuse("YAML008", "is a directory, not a record file; rename or remove it")
        if not path.exists():
            return refuse("YAML008", f"is a broken link (to {target}); fix or remove it")
        if not path.is_file():
            # A FIFO or device would block or never end: never open it.
            return refuse("YAML008", "is not a regular file; records are plain files")
        return read(path)
    except RuntimeError:  # Python < 3.13 reports a symlink loop this way
        return refuse("YAML008", "is a symbolic link loop; fix or remove it")
    except OSError as exc:
        return refuse("YAML008", f"cannot be read: {exc.strerror or exc}")


def discover(root: Path) -> tuple[list[tuple[str, Kind]], list[Finding]]:
    """Record files under each kind's directory (direct children, ``*.yaml``)."""
    found, findings = scan(root)
    return [
        (relative, KIND_BY_DIRECTORY[relative.split("/", 1)[0]]) for relative in found
    ], findings


# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 400

Parsed = tuple[str, Any, list[Finding]]


def _parse(
    relative: str, kind_name: str | None, data: bytes
) -> tuple[LoadedRecord | None, list[Finding]]:
    if kind_name is None:
        return load_record(relative, data, RepoConfig, id_field=None)
    kind = KIND_BY_NAME[kind_name]
    return load_record(relative, data, kind.model, id_field=kind.id_field)


def _parse_batch(batch: list[tuple[str, str | None, bytes]]) -> list[Parsed]:
    """Worker side of a parallel parse: records travel back without locations."""
    results: list[Parsed] = []
    for relative, kind_name, data in batch:
        loaded, findings = _parse(relative, kind_name, data)
        results.append((relative, loaded.record if loaded else None, findings))
    return results


def _parse_all(
    root: Path, pending: list[tuple[str, str | None, bytes]]
) -> dict[str, tuple[LoadedRecord | None, list[Finding]]]:
    workers = min(os.cpu_count() or 1, 8)
    if len(pending) < PARALLEL_THRESHOLD or workers < 2:
        return {relative: _parse(relative, kind, data) for relative, kind, data in pending}
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
    cache: ValidationCache | None = None,
    records: bool = True,
    exclude: frozenset[str] | set[str] = frozenset(),
) -> Repository:
    """Load ccgov.yaml and every record; problems become findings, never exceptions.

    ``overrides`` maps repository-relative paths to content that replaces (or
    adds to) what is on disk, so a mutation can be validated before anything
    is written. With a ``cache``, unchanged files are not parsed again and the
    repository carries every file's content ``digests``. ``exclude`` names
    files to read as absent (untracked files, for a view of the index).
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
    stats: dict[str, os.stat_result] = {}
    for relative, kind in files:
        if relative in overrides:
            data: bytes | None = overrides[relative]
        else:
            if cache is not None and relative.split("/", 1)[0] in inside:
                try:
                    status = os.lstat(root / relative)
                except OSError:
                    status = None
                if status is not None and stat.S_ISREG(status.st_mode):
                    stats[relative] = status
                    entry = cache.by_stat(relative, status)
                    if entry is not None:
                        digests[relative] = entry.digest
                        results[relative] = (_cached(root, relative, entry.record), entry.findings)
                        continue
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
        content_digest = cache_digest(data)
        digests[relative] = content_digest
        if cache is not None and relative in stats:
            entry = cache.by_digest(relative, content_digest, stats[relative])
            if entry is not None:
                results[relative] = (
                    _lazy(relative, entry.record, data) if entry.record is not None else None,
                    entry.findings,
                )
                continue
        pending.append((relative, kind.name if kind else None, data))
    for relative, outcome in _parse_all(root, pending).items():
        results[relative] = outcome
        if cache is not None and relative in stats and relative not in overrides:
            loaded, record_findings = outcome
            cache.store(
                relative,
                FileEntry(
                    stat_key(stats[relative]),
                    digests[relative],
                    loaded.record if loaded else None,
                    record_findings,
                ),
                stats[relative],
            )
    if cache is not None and records and not overrides and not exclude:
        cache.keep_only(set(stats))
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
    return Repository(
        root,
        config,
        config_record,
        loaded_records,
        findings,
        unloaded,
        digests if cache is not None else None,
    )


def _cached(root: Path, relative: str, record: Any) -> LoadedRecord | None:
    return _lazy(relative, record, None, root) if record is not None else None


def load_cached(root: Path, overrides: Mapping[str, bytes] | None = None) -> Repository:
    """:func:`load_repository` through the validation cache, keeping it up to date:
    commands that read the whole repository parse only what changed."""
    cache = ValidationCache(root)
    repository = load_repository(root, overrides, cache=cache)
    cache.save()
    return repository


def with_files(repository: Repository, files: Mapping[str, bytes]) -> Repository:
    """The repository as it would be with ``files`` written: only those files
    are parsed again, everything else is shared with ``repository``."""
    if CONFIG_FILE in files:
        config_record, config_findings = _parse(CONFIG_FILE, None, files[CONFIG_FILE])
    else:
        config_record = repository.config_record
        config_findings = [f for f in repository.findings if f.file == CONFIG_FILE]
    records = {kind: list(loaded) for kind, loaded in repository.records.items()}
    findings = [f for f in repository.findings if f.file not in files and f.file != CONFIG_FILE]
    unloaded = set(repository.unloaded)
    digests = dict(repository.digests) if repository.digests is not None else None
    for relative, data in sorted(files.items()):
        if digests is not None:
            digests[relative] = cache_digest(data)
        if relative == CONFIG_FILE:
            continue
        kind = KIND_BY_DIRECTORY.get(relative.split("/", 1)[0])
        if kind is None or relative.count("/") != 1 or not relative.endswith(".yaml"):
            continue  # not a record (an artifact): rules read it from disk
        kept = [r for r in records[kind.name] if r.path != relative]
        loaded, record_findings = _parse(relative, kind.name, data)
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


def without_files(repository: Repository, paths: Iterable[str]) -> Repository:
    """The repository as it would be without the record files ``paths``
    (files that do not exist at ``HEAD``, such as a new CI record)."""
    gone = set(paths)
    if not gone:
        return repository
    records = {
        kind: [r for r in loaded if r.path not in gone]
        for kind, loaded in repository.records.items()
    }
    digests = repository.digests
    return Repository(
        repository.root,
        repository.config,
        repository.config_record,
        records,
        [f for f in repository.findings if f.file not in gone],
        repository.unloaded - {PurePosixPath(path).stem for path in gone},
        {k: v for k, v in digests.items() if k not in gone} if digests is not None else None,
    )
