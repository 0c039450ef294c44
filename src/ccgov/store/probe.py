"""Which governed files changed since the record index last looked.

Asked of git where possible: one ``git status`` (git compares every tracked
file's stat data with its index in C, and re-reads what its racy-git rule
does not trust) says which tracked files differ from HEAD, a tree diff says
what a commit, checkout or branch switch changed, and listing the record
folders (names only) finds files added or removed. Only these *candidates*
are looked at; every other file is exactly as the index has it.

Git cannot vouch for every file: untracked and ignored ones, links (their
target can change), files modified in the work tree (a second edit leaves
``git status`` unchanged), files ccgov itself just wrote, artifacts git does
not track. These *volatile* files are checked on every run by their stat key,
as the old validation cache did: a key is trusted only once the file has
settled (git's racy rule), so an edit within the same timestamp tick is seen.

Without a usable git (a record folder that is a link, git failing) every file
is checked by its stat key instead ("stat" mode).
"""

from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccgov.findings import Finding
from ccgov.records.layout import (
    ARTIFACTS_DIR,
    CONFIG_FILE,
    KIND_OF_DIRECTORY,
    RECORD_DIRECTORIES,
    artifact_problem,
    misplaced,
    raw_listing,
    sort_listing,
)
from ccgov.store import git
from ccgov.store.files import (
    REGULAR_MODES,
    StatKey,
    blob_digest,
    read_inside,
    settled_key,
    unreadable_digest,
)
from ccgov.store.index import RecordIndex, Row, decode_findings, encode_findings

# Listing keys: each record folder, and "." for ccgov.yaml.
KIND_OF_LISTING = {".": "config", **KIND_OF_DIRECTORY}


@dataclass(slots=True)
class Observation:
    """The governed files as they are now, against the index."""

    raw: dict[str, list[str] | OSError]  # each record folder as listed (see raw_listing)
    config: bool  # whether there is anything named ccgov.yaml
    strays: list[Finding]  # what the listing found that is not a record
    changed: dict[str, str | None] = field(default_factory=dict)  # path -> digest (None: gone)
    artifacts: dict[str, str] = field(default_factory=dict)  # artifact -> its verdict, if changed
    # Files read again whose content was as indexed: their settled stat key.
    restat: dict[str, StatKey] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # new files not read yet (bulk loads)
    data: dict[str, bytes] = field(default_factory=dict)  # contents read while hashing
    problems: dict[str, Finding] = field(default_factory=dict)  # files that cannot be read
    stats: dict[str, StatKey | None] = field(default_factory=dict)  # as read, if settled
    summary: dict[str, Any] = field(default_factory=dict)  # to remember once applied
    # Files whose volatility is to be judged again (read from disk, or reported by git).
    recheck: set[str] = field(default_factory=set)
    # What git status listed: path -> the index's blob the work tree holds (None: it does not).
    differing: dict[str, str | None] = field(default_factory=dict)
    count: int = 0  # governed files (ccgov.yaml included when present)
    _names: dict[str, list[str]] | None = None
    _files: list[str] | None = None

    @property
    def nothing_changed(self) -> bool:
        return not self.changed and not self.unknown and not self.artifacts

    @property
    def names(self) -> dict[str, list[str]]:
        """Listing key ("." for ccgov.yaml) -> the record file names, sorted."""
        if self._names is None:
            found, _ = sort_listing(self.raw)
            self._names = {".": [CONFIG_FILE] if self.config else [], **found}
        return self._names

    @property
    def files(self) -> list[str]:
        """ccgov.yaml (when present) and every record file, in listing order."""
        if self._files is None:
            self._files = [
                name if directory == "." else f"{directory}/{name}"
                for directory, names in self.names.items()
                for name in names
            ]
        return self._files

    def listed(self, path: str) -> bool:
        directory, _, name = path.rpartition("/")
        found = self.names.get(directory or ".")
        if not found:
            return False
        index = bisect.bisect_left(found, name)
        return index < len(found) and found[index] == name


def _look(root: Path, previous: dict[str, Any] | None) -> Observation:
    """List the record folders. When they list exactly as last time, what
    was derived from the listing then (count, stray files) still holds."""
    raw = raw_listing(root)
    config = os.path.lexists(root / CONFIG_FILE)
    fingerprint = {
        d: hashlib.sha1("\0".join(e).encode()).hexdigest() if isinstance(e, list) else "error"
        for d, e in raw.items()
    }
    fingerprint["."] = str(config)
    if previous is not None and previous.get("raw") == fingerprint:
        strays = decode_findings(previous["strays"])
        counts: dict[str, int] = previous["counts"]
        observation = Observation(raw, config, strays + misplaced(root))
    else:
        found, strays = sort_listing(raw)
        counts = {directory: len(names) for directory, names in found.items()}
        observation = Observation(raw, config, strays + misplaced(root))
        observation._names = {".": [CONFIG_FILE] if config else [], **found}
    observation.count = sum(counts.values()) + int(config)
    observation.summary = {
        "raw": fingerprint,
        "counts": counts,
        "strays": encode_findings(strays),
    }
    return observation


def listing_hashes(names: dict[str, list[str]]) -> dict[str, str]:
    """listing key -> a hash of the names in it."""
    return {
        key: hashlib.sha1("\n".join(names.get(key, ())).encode()).hexdigest()
        for key in KIND_OF_LISTING
    }


def artifact_digest(root: Path, path: str) -> str:
    """An artifact as validation sees it: usable, or why not."""
    problem = artifact_problem(root.resolve(), path)
    return "artifact ok" if problem is None else f"artifact {problem}"


def _git_usable(root: Path) -> bool:
    """Git sees the record folders as ccgov does (none of them is a link)."""
    return not any((root / d).is_symlink() for d in (*RECORD_DIRECTORIES, ARTIFACTS_DIR))


def observe(root: Path, index: RecordIndex) -> Observation:
    usable = _git_usable(root)
    # Git checks the tracked files while the record folders are listed here.
    running = git.start_status(root) if usable else None
    previous: dict[str, Any] | None = index.meta("probe")
    observation = _look(root, previous)
    if previous is not None and previous.get("mode") != "git":
        previous = None
    prefix = ""
    if usable:
        prefix = (
            previous["prefix"]
            if previous is not None
            else git.run(root, ["rev-parse", "--show-prefix"], check=False).strip()
        )
    status = git.work_tree_status(running, prefix)
    if status is None:
        observation.summary["mode"] = "stat"
        _by_stat(root, index, observation)
        return observation
    hashes = (
        previous["listing"]
        if previous is not None and previous["raw"] == observation.summary["raw"]
        else listing_hashes(observation.names)
    )
    object_format = "sha256" if status.head is not None and len(status.head) == 64 else "sha1"
    observation.differing = dict(status.differing)
    observation.summary |= {
        "mode": "git",
        "prefix": prefix,
        "format": object_format,
        "head": status.head,
        "status": status.fingerprint,
        "differing": sorted(status.differing),
        "listing": hashes,
        "volatile": [],
    }
    moved: dict[str, tuple[str, str] | None] | None = {}
    if previous is None or previous["format"] != object_format:
        moved = None
    elif previous["head"] != status.head:
        moved = (
            git.tree_changes(root, previous["head"], status.head)
            if previous["head"] is not None and status.head is not None
            else None
        )
    if moved is None:
        _everything(root, index, observation)
        return observation
    assert previous is not None
    observation.summary["volatile"] = previous["volatile"]
    candidates: set[str] = set(moved) | set(previous["volatile"])
    if previous["status"] != status.fingerprint:
        candidates |= set(observation.differing) | set(previous["differing"])
    for key, digest in hashes.items():
        if previous["listing"].get(key) != digest:
            now = {
                name if key == "." else f"{key}/{name}" for name in observation.names.get(key, ())
            }
            candidates |= now ^ set(index.paths(KIND_OF_LISTING[key]))
    observation.recheck |= candidates - set(previous["volatile"])
    volatile = set(previous["volatile"])
    rows = index.rows(candidates)
    _artifacts(root, index, observation, candidates)
    present = {path for path in candidates if observation.listed(path)}
    for path in sorted(candidates & (present | set(rows))):
        row = rows.get(path)
        if path not in present:
            observation.changed[path] = None
        elif path in volatile and _settled(root, path, row):
            continue  # a volatile file still as it was read last time
        else:
            blob = status.differing.get(path)
            if blob is None and path not in status.differing:
                entry = moved.get(path)
                blob = entry[1] if entry is not None and entry[0] in REGULAR_MODES else None
            stat = _stat(root, path) if blob is not None else None
            if blob is not None and stat is not None:
                # Git says what the file holds, and it has settled since it was
                # written: git's stat check will see the next edit.
                observation.stats[path] = stat
                observation.recheck.add(path)
                _compare(observation, path, row, blob)
            else:
                # A file written a moment ago may be edited again within the same
                # second, which git's stat check can miss: read it, judge it by
                # its own stat key until it settles.
                _compare(observation, path, row, _read(root, observation, path, object_format))
    return observation


def _stat(root: Path, path: str) -> StatKey | None:
    try:
        return settled_key(os.lstat(root / path))
    except OSError:
        return None


def _artifacts(
    root: Path, index: RecordIndex, observation: Observation, paths: set[str] | None
) -> None:
    """Artifacts (of ``paths``; None: all) whose verdict is not what the index holds."""
    for path, digest in index.artifacts(paths).items():
        current = artifact_digest(root, path)
        if current != digest:
            observation.artifacts[path] = current
        observation.recheck.add(path)


def _settled(root: Path, path: str, row: Row | None) -> bool:
    if row is None or row.stat is None:
        return False
    try:
        return settled_key(os.lstat(root / path)) == row.stat
    except OSError:
        return False


def _compare(observation: Observation, path: str, row: Row | None, digest: str) -> None:
    """Record ``path`` as changed unless the index holds exactly this content."""
    if row is None or row.digest != digest:
        observation.changed[path] = digest
        return
    observation.data.pop(path, None)
    observation.problems.pop(path, None)
    stat = observation.stats.get(path)
    if stat is not None and stat != row.stat:
        observation.restat[path] = stat  # read again, unchanged: its stat vouches next time


def _read(root: Path, observation: Observation, path: str, object_format: str) -> str:
    """Read and hash one file; what was read is kept for parsing."""
    try:
        stat = os.lstat(root / path)
    except OSError:
        stat = None
    data, problem = read_inside(root, path)
    observation.stats[path] = settled_key(stat) if stat is not None else None
    observation.recheck.add(path)
    if data is None:
        assert problem is not None
        observation.problems[path] = problem
        return unreadable_digest(problem)
    observation.data[path] = data
    return blob_digest(data, object_format)


def _gone_and_known(
    root: Path, index: RecordIndex, observation: Observation
) -> dict[str, tuple[str, StatKey | None]]:
    """Without git's word on what changed: artifacts looked at, the indexed
    files no longer present marked gone; the index's digests of the rest."""
    known = index.digests()
    _artifacts(root, index, observation, None)
    for path in sorted(set(known) - set(observation.files)):
        observation.changed[path] = None
    return known


def _by_stat(root: Path, index: RecordIndex, observation: Observation) -> None:
    """Every file checked by its stat key (no git)."""
    known = _gone_and_known(root, index, observation)
    for path in observation.files:
        entry = known.get(path)
        if entry is None:
            observation.unknown.append(path)
            continue
        row = Row(path, "", entry[0], stat=entry[1])
        if not _settled(root, path, row):
            _compare(observation, path, row, _read(root, observation, path, "sha1"))


def _everything(root: Path, index: RecordIndex, observation: Observation) -> None:
    """No usable memory of the last run: every file is looked at again. Files
    the index does not hold are left to the loader (read, hashed and parsed
    in worker processes); the others are hashed here, and parsed only if
    their content changed."""
    known = _gone_and_known(root, index, observation)
    fmt = observation.summary["format"]
    for path in observation.files:
        entry = known.get(path)
        if entry is None:
            observation.unknown.append(path)
        else:
            row = Row(path, "", entry[0], stat=entry[1])
            _compare(observation, path, row, _read(root, observation, path, fmt))
    observation.recheck |= set(observation.files)


def volatile_paths(root: Path, observation: Observation, existing: set[str]) -> list[str]:
    """The files of ``existing`` git will not vouch for next time: the
    previous volatile ones and those re-judged now, unless git tracks them as
    regular files that match the index."""
    judged = (observation.recheck | set(observation.summary.get("volatile", ()))) & existing
    if not judged:
        return []
    everything = len(judged) > 1000
    modes = git.tracked_modes(root, None if everything else sorted(judged))
    return sorted(
        path
        for path in judged
        # A file modified in the work tree stays listed the same way however often
        # it is edited again: only its stat can tell.
        if modes.get(path) not in REGULAR_MODES
        or (path in observation.differing and observation.differing[path] is None)
        # Changed within the racy window: git compares times to the second.
        or (path in observation.stats and observation.stats[path] is None)
    )


def remember(root: Path, index: RecordIndex, observation: Observation) -> None:
    """Keep what the work tree looked like, now that the index holds it."""
    summary = dict(observation.summary)
    if summary.get("mode") == "git":
        judged = observation.recheck | set(summary["volatile"])
        existing = {p for p in judged if observation.listed(p)} | set(index.artifacts(judged))
        summary["volatile"] = volatile_paths(root, observation, existing)
    index.set_meta("probe", summary)


def relist(root: Path, index: RecordIndex, paths: list[str]) -> None:
    """After ccgov wrote ``paths``: their folders' listings as they are now, so
    the next run need not sort and compare them (the files themselves are
    volatile until git has them)."""
    summary = index.meta("probe")
    if not summary or summary.get("mode") != "git":
        return
    directories = {p.split("/", 1)[0] for p in paths if "/" in p} & set(RECORD_DIRECTORIES)
    raw = {d: e for d, e in raw_listing(root).items() if d in directories}
    if set(raw) != directories or not all(isinstance(e, list) for e in raw.values()):
        return  # gone or unreadable: the next run looks properly
    found, strays = sort_listing(raw)
    for directory, names in found.items():
        indexed = {p.split("/", 1)[1] for p in index.paths(KIND_OF_DIRECTORY[directory])}
        if set(names) != indexed:
            return  # someone else added or removed a file meanwhile: look properly next time
    kept = [f for f in decode_findings(summary["strays"]) if f.file.split("/", 1)[0] not in raw]
    summary["strays"] = encode_findings([*kept, *strays])
    hashes = listing_hashes(found)
    for directory, entries in raw.items():
        assert isinstance(entries, list)
        summary["raw"][directory] = hashlib.sha1("\0".join(entries).encode()).hexdigest()
        summary["listing"][directory] = hashes[directory]
        summary["counts"][directory] = len(found[directory])
    index.set_meta("probe", summary)
