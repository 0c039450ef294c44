"""Bringing the record index up to date: parse what changed, keep its facts,
and say what changed (a :class:`Delta`) so the rules can follow.

Two sources of change: what :mod:`ccgov.store.probe` observed in the work
tree (:func:`refresh`), and the files a mutation would write, judged before
anything is written (:func:`overlay`, inside a trial transaction).

Many new files (a first run, a clone) are read, hashed and parsed in a
process pool; each worker returns only the index row (the record pickled),
which goes straight into the index: the parent never holds every record.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccgov.findings import Finding
from ccgov.records.kinds import CONFIG_FILE, KIND_BY_DIRECTORY, KIND_BY_NAME
from ccgov.records.links import key_of, references
from ccgov.store.files import (
    StatKey,
    blob_digest,
    no_collection,
    read_inside,
    settled_key,
    unreadable_digest,
)
from ccgov.store.index import RecordIndex, Row, dump_model
from ccgov.store.loader import load_known
from ccgov.store.probe import Observation, artifact_digest, remember
from ccgov.store.repo import PARALLEL_THRESHOLD, parse_file

# Rows written per batch while a process pool streams them in.
_BATCH = 500
_UNKNOWN: Any = object()


@dataclass(slots=True)
class Delta:
    """What changed in the index: each changed file's row before and after
    (without the record itself; None: absent), and artifacts whose verdict
    changed. ``rebuilt``: the index held nothing, every rule runs on everything."""

    before: dict[str, Row | None] = field(default_factory=dict)
    after: dict[str, Row | None] = field(default_factory=dict)
    artifacts: set[str] = field(default_factory=set)
    rebuilt: bool = False

    @property
    def paths(self) -> set[str]:
        return set(self.after)

    @property
    def config_changed(self) -> bool:
        return CONFIG_FILE in self.after

    @property
    def empty(self) -> bool:
        return not self.after and not self.artifacts and not self.rebuilt


def kind_of_path(path: str) -> str:
    return "config" if path == CONFIG_FILE else KIND_BY_DIRECTORY[path.split("/", 1)[0]].name


def parse_row(
    path: str,
    data: bytes | None,
    problem: Finding | None = None,
    *,
    object_format: str = "sha1",
    stat: StatKey | None = None,
    known: Any = _UNKNOWN,
) -> Row:
    """The index row of one file, from its content (or why it cannot be read).
    ``known``: the plain data ccgov wrote ``data`` from (not read again)."""
    kind = kind_of_path(path)
    if data is None:
        assert problem is not None
        return Row(path, kind, unreadable_digest(problem), findings=[problem], stat=stat)
    digest = blob_digest(data, object_format)
    loaded = None
    findings: list[Finding] = []
    if known is not _UNKNOWN and kind != "config":
        spec = KIND_BY_NAME[kind]
        loaded = load_known(path, data, known, spec.model, id_field=spec.id_field)
    if loaded is None:
        loaded, findings = parse_file(path, None if kind == "config" else kind, data)
    if loaded is None:
        return Row(path, kind, digest, findings=findings, stat=stat)
    record = loaded.record
    if kind == "config":
        return Row(path, kind, digest, None, True, findings, [], dump_model(record), stat)
    return Row(
        path,
        kind,
        digest,
        key_of(kind, record),  # type: ignore[arg-type]
        True,
        findings,
        references(kind, record),  # type: ignore[arg-type]
        dump_model(record),
        stat,
    )


def _load_batch(job: tuple[str, str, list[str], set[str]]) -> list[Row]:
    """Worker side: read, hash and parse files."""
    root_text, object_format, paths, inside = job
    root = Path(root_text)
    rows = []
    for path in paths:
        try:
            stat: StatKey | None = settled_key(os.lstat(root / path))
        except OSError:
            stat = None
        data, problem = read_inside(root, path, parent_inside=path.split("/", 1)[0] in inside)
        rows.append(parse_row(path, data, problem, object_format=object_format, stat=stat))
    return rows


def _inside(root: Path, paths: Iterable[str]) -> set[str]:
    """Record folders that lie inside the repository (their files need no resolving)."""
    resolved = root.resolve()
    return {
        directory
        for directory in {p.split("/", 1)[0] for p in paths if "/" in p}
        if (root / directory).resolve().is_relative_to(resolved)
    }


def load_rows(root: Path, paths: list[str], object_format: str) -> Iterator[list[Row]]:
    """Rows of files read from disk, in batches; a process pool for many."""
    inside = _inside(root, paths)
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_THRESHOLD or workers < 2:
        yield _load_batch((str(root), object_format, paths, inside))
        return
    import gc
    from concurrent.futures import ProcessPoolExecutor

    batches = [paths[i : i + _BATCH] for i in range(0, len(paths), _BATCH)]
    # Workers are forked while the parent has garbage collection paused; the
    # parser leaves reference cycles behind, which a worker must collect or
    # it grows by gigabytes over 100,000 files.
    with ProcessPoolExecutor(max_workers=workers, initializer=gc.enable) as pool:
        yield from pool.map(
            _load_batch, [(str(root), object_format, batch, inside) for batch in batches]
        )


def _parsed(observation: Observation, paths: list[str], object_format: str) -> Iterator[Row]:
    """Rows of changed files the probe has already read."""
    for path in paths:
        data = observation.data.get(path)
        problem = observation.problems.get(path)
        yield parse_row(
            path, data, problem, object_format=object_format, stat=observation.stats.get(path)
        )


def refresh(root: Path, index: RecordIndex, observation: Observation) -> Delta:
    """Make the index hold the work tree as observed; call inside ``index.writing()``."""
    object_format = str(observation.summary.get("format", "sha1"))
    changed = observation.changed
    rebuilt = not index.count_files() and bool(observation.unknown)
    delta = Delta(rebuilt=rebuilt)
    if not rebuilt:
        delta.before = dict.fromkeys([*changed, *observation.unknown], None)
        delta.before.update(index.rows(delta.before))
    gone = [p for p, d in changed.items() if d is None]
    index.remove(gone)
    delta.after.update(dict.fromkeys(gone))
    present = [p for p, d in changed.items() if d is not None]
    read = [p for p in present if p in observation.data or p in observation.problems]
    unread = [p for p in present if p not in observation.data and p not in observation.problems]
    if len(read) >= PARALLEL_THRESHOLD:
        unread, read = unread + read, []  # the pool reads them again, in parallel
    with no_collection():
        _keep(index, list(_parsed(observation, read, object_format)), delta, rebuilt)
        for rows in load_rows(root, [*unread, *observation.unknown], object_format):
            _keep(index, rows, delta, rebuilt)
            for row in rows:  # read from disk: their stat decides whether git can vouch
                observation.stats[row.path] = row.stat
                observation.recheck.add(row.path)
    for path, stat in observation.restat.items():
        index.set_stat(path, stat)
    index.put_artifacts(observation.artifacts)
    delta.artifacts |= set(observation.artifacts)
    _follow_artifacts(root, index, delta, observation)
    remember(root, index, observation)
    return delta


def _keep(index: RecordIndex, rows: list[Row], delta: Delta, rebuilt: bool) -> None:
    index.put(rows, new=rebuilt)
    for row in rows:
        row.model = None  # the delta keeps facts, not records
        if not rebuilt:
            delta.after[row.path] = row


def _follow_artifacts(
    root: Path, index: RecordIndex, delta: Delta, observation: Observation | None
) -> None:
    """Artifacts newly named get their verdict; those no CI names any more go."""
    if not delta.rebuilt and not any(
        row is not None and row.kind == "item"
        for row in [*delta.before.values(), *delta.after.values()]
    ):
        return
    named = set(index.targets("artifact"))
    new = named - set(index.artifacts(named))
    index.put_artifacts({path: artifact_digest(root, path) for path in sorted(new)})
    index.drop_unnamed_artifacts()
    if observation is not None:
        observation.recheck |= new


def overlay(
    root: Path,
    index: RecordIndex,
    files: Mapping[str, bytes],
    gone: Iterable[str] = (),
    known: Mapping[str, Any] | None = None,
) -> Delta:
    """The index as it would be with ``files`` written and ``gone`` removed:
    only record files and ccgov.yaml count (artifacts are read from disk).
    ``known``: the plain data of files ccgov generated (not parsed again)."""
    known = known or {}
    governed = {p: d for p, d in files.items() if _governed(p)}
    removed = [p for p in gone if _governed(p) and p not in governed]
    delta = Delta()
    delta.before = dict.fromkeys([*governed, *removed], None)
    delta.before.update(index.rows(delta.before))
    summary = index.meta("probe") or {}
    object_format = str(summary.get("format", "sha1"))
    index.remove(removed)
    delta.after.update(dict.fromkeys(removed))
    rows = [
        parse_row(p, data, object_format=object_format, known=known.get(p, _UNKNOWN))
        for p, data in sorted(governed.items())
    ]
    _keep(index, rows, delta, False)
    _follow_artifacts(root, index, delta, None)
    return delta


def _governed(path: str) -> bool:
    if path == CONFIG_FILE:
        return True
    directory, _, name = path.partition("/")
    return (
        directory in KIND_BY_DIRECTORY
        and "/" not in name
        and name.endswith(".yaml")
        and not name.startswith(".")
    )


def written(index: RecordIndex, paths: Iterable[str]) -> None:
    """Files ccgov wrote: git has not seen them yet, so their stat is what
    vouches for them next time (they join the volatile files)."""
    summary = index.meta("probe")
    if not summary or summary.get("mode") != "git":
        return
    summary["volatile"] = sorted(set(summary["volatile"]) | set(paths))
    # Their folders' listings changed too (a new RFC): compare them next time.
    for path in paths:
        directory = path.split("/", 1)[0] if "/" in path else "."
        summary["listing"].pop(directory, None)
    index.set_meta("probe", summary)
