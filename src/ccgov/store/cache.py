"""The validation cache: per-file parse results keyed by content, and the
whole repository's findings keyed by everything they depend on.

It lives in ``.git/ccgov/`` so it never shows in ``git status``, in two
files: a small *index* (each file's stat key and sha256, the last findings
and what they depended on) and the *records* (each file's validated record
and load findings). A warm run whose files are all unchanged reads only the
index and never imports the models; a run with changes also reads the
records, and re-parses only the files whose content changed.

A file's entry is reused when its size, mtime, ctime and inode are unchanged
(and the file is older than the cache, git's "racy" rule), or when its
sha256 is unchanged; anything else is parsed again. Both files are written
atomically and stamped, so concurrent runs at worst lose an update, and
records that do not belong to the index are ignored. A cache that cannot be
read or was written by another ccgov version is ignored and rebuilt. It is a
local pickle written by ccgov itself, trusted like the rest of ``.git/``.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import stat as stat_module
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ccgov import __version__
from ccgov.findings import Finding
from ccgov.records.layout import artifact_problem
from ccgov.store.yamlio import atomic_write

# The records are pickled models: bump the number whenever a model gains or
# changes a field (6: incident reopened and open pauses, calendar exceptions;
# 7: requirement approvals, item vendor and support_ends, the planning and
# rhythm kinds and their id prefixes), or a cache written before would hand
# back records without it.
FORMAT = f"ccgov-validation-cache/8/{__version__}"
# A file modified this close to the cache write may change again within the
# same mtime tick: trust its content hash, not its stat.
RACY_NANOSECONDS = 2_000_000_000

StatKey = tuple[int, int, int, int]
# Records are split over this many files so that one edited record rewrites
# one small shard, not the whole cache.
SHARDS = 64
Records = dict[str, tuple[str, Any, list[Finding]]]


def shard_of(relative: str) -> int:
    return zlib.crc32(relative.encode()) % SHARDS


@dataclass(slots=True)
class FileEntry:
    # Like git's index: size, mtime, ctime and inode. ctime cannot be set back
    # by hand, so an edit that restores size and mtime is still seen.
    stat_key: StatKey
    digest: str
    record: Any | None
    findings: list[Finding]


@dataclass(slots=True)
class Index:
    format: str = FORMAT
    # shard -> stamp: the records shard file that belongs to this index carries it
    shard_stamps: dict[int, int] = field(default_factory=dict)
    files: dict[str, tuple[StatKey, str]] = field(default_factory=dict)
    key: str | None = None  # what ``findings`` were computed from
    findings: list[Finding] | None = None
    artifacts: list[str] = field(default_factory=list)
    files_checked: int = 0
    # The findings hold until this day (a suppression with an end date runs out).
    expires: date | None = None


@dataclass(frozen=True, slots=True)
class CachedVerdict:
    findings: list[Finding]
    files_checked: int


def git_dir(root: Path) -> Path | None:
    """The git directory of the repository holding ``root``, found without running git."""
    for directory in (root, *root.parents):
        dot_git = directory / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                target = Path(text.removeprefix("gitdir:").strip())
                return target if target.is_absolute() else (directory / target).resolve()
            return None
    return None


def stat_key(stat: os.stat_result) -> StatKey:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


# Never equal to a real stat key (inodes are positive).
UNSETTLED: StatKey = (-1, -1, -1, -1)


def settled_key(stat: os.stat_result) -> StatKey:
    """The stat key to trust later, or UNSETTLED for a file modified so
    recently that it could change again within the same timestamp tick
    (git's "racily clean" entries): such a file is hashed again next time."""
    if max(stat.st_mtime_ns, stat.st_ctime_ns) >= time.time_ns() - RACY_NANOSECONDS:
        return UNSETTLED
    return stat_key(stat)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(digests: dict[str, str]) -> str:
    hasher = hashlib.sha256(FORMAT.encode())
    for relative in sorted(digests):
        hasher.update(f"{relative}\0{digests[relative]}\n".encode())
    return hasher.hexdigest()


def findings_key(
    root: Path, digests: dict[str, str], artifacts: list[str], strays: list[str]
) -> str:
    """What the repository's findings depend on: every file's content, each
    artifact's verdict (a link that now leads outside is still a file, but no
    longer acceptable), and the stray files discovery reports."""
    resolved = root.resolve()
    verdicts = sorted((artifact, artifact_problem(resolved, artifact)) for artifact in artifacts)
    payload = f"{fingerprint(digests)}\n{verdicts}\n{sorted(strays)}"
    return hashlib.sha256(payload.encode()).hexdigest()


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    # Unpickling a large object graph triggers full collections that find
    # nothing to free (there are no cycles): skip them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(path: Path | None) -> Any:
    if path is None:
        return None
    try:
        with path.open("rb") as handle, no_collection():
            return pickle.load(handle)
    except Exception:  # missing, corrupt or foreign: rebuild
        return None


class ValidationCache:
    def __init__(self, root: Path) -> None:
        directory = git_dir(root)
        # One cache per governed root: a git repository may hold several.
        tag = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:12]
        base = directory / "ccgov" if directory is not None else None
        self.index_path = base / f"validation-index-{tag}.pickle" if base else None
        self._shard_base = base / f"validation-records-{tag}" if base else None
        loaded = _read(self.index_path)
        self.index = loaded if isinstance(loaded, Index) and loaded.format == FORMAT else Index()
        self._shards: dict[int, Records] = {}
        self._dirty_shards: set[int] = set()
        self.index_dirty = False

    @property
    def path(self) -> Path | None:
        return self.index_path

    def shard_path(self, shard: int) -> Path | None:
        return (
            self._shard_base.with_name(f"{self._shard_base.name}-{shard:02d}.pickle")
            if self._shard_base
            else None
        )

    def _shard(self, relative: str) -> Records:
        """A record's shard, read on first use (only when some file changed)."""
        shard = shard_of(relative)
        if shard not in self._shards:
            loaded = _read(self.shard_path(shard))
            valid = (
                isinstance(loaded, tuple)
                and len(loaded) == 3
                and loaded[0] == FORMAT
                and loaded[1] == self.index.shard_stamps.get(shard)
                and isinstance(loaded[2], dict)
            )
            self._shards[shard] = loaded[2] if valid else {}
        return self._shards[shard]

    def _trusted(self, relative: str, stat: os.stat_result) -> str | None:
        """The cached digest of a file whose stat vouches for it, else None."""
        entry = self.index.files.get(relative)
        return entry[1] if entry is not None and entry[0] == stat_key(stat) else None

    def verdict(self, root: Path, paths: list[str], strays: list[str]) -> CachedVerdict | None:
        """The last findings, if no file changed since they were computed."""
        if self.index.key is None or self.index.findings is None:
            return None
        if self.index.expires is not None and date.today() >= self.index.expires:
            return None
        if set(paths) != set(self.index.files):
            return None
        digests = {}
        base = os.fspath(root)
        for relative in paths:
            try:
                # Plain string paths: pathlib costs more than the lstat itself here.
                status = os.lstat(os.path.join(base, relative))  # noqa: PTH118
            except OSError:
                return None
            trusted = (
                self._trusted(relative, status) if stat_module.S_ISREG(status.st_mode) else None
            )
            if trusted is None:
                return None
            digests[relative] = trusted
        if findings_key(root, digests, self.index.artifacts, strays) != self.index.key:
            return None
        return CachedVerdict(self.index.findings, self.index.files_checked)

    def by_stat(self, relative: str, stat: os.stat_result) -> FileEntry | None:
        trusted = self._trusted(relative, stat)
        record = self._shard(relative).get(relative) if trusted is not None else None
        if record is None or record[0] != trusted:
            return None
        return FileEntry(stat_key(stat), trusted, record[1], record[2])

    def by_digest(
        self, relative: str, content_digest: str, stat: os.stat_result
    ) -> FileEntry | None:
        record = self._shard(relative).get(relative)
        if record is None or record[0] != content_digest:
            return None
        entry = self.index.files.get(relative)
        key = settled_key(stat)
        if entry is None or entry[0] != key:
            # Just hashed: once the file has settled its stat can vouch for it next time.
            self.index.files[relative] = (key, content_digest)
            self.index_dirty = True
        return FileEntry(stat_key(stat), content_digest, record[1], record[2])

    def store(self, relative: str, entry: FileEntry, stat: os.stat_result) -> None:
        self.index.files[relative] = (settled_key(stat), entry.digest)
        self._shard(relative)[relative] = (entry.digest, entry.record, entry.findings)
        self._dirty_shards.add(shard_of(relative))
        self.index_dirty = True

    def keep_only(self, relatives: set[str]) -> None:
        for relative in set(self.index.files) - relatives:
            del self.index.files[relative]
            self._shard(relative).pop(relative, None)
            self._dirty_shards.add(shard_of(relative))
            self.index_dirty = True

    def remember(
        self,
        key: str,
        findings: list[Finding],
        artifacts: list[str],
        files_checked: int,
        expires: date | None = None,
    ) -> None:
        if (key, findings, expires) != (self.index.key, self.index.findings, self.index.expires):
            self.index.key, self.index.findings = key, findings
            self.index.artifacts, self.index.files_checked = sorted(artifacts), files_checked
            self.index.expires = expires
            self.index_dirty = True

    def save(self) -> None:
        if self.index_path is None or not (self.index_dirty or self._dirty_shards):
            return
        # A read-only .git still validates, just without a cache.
        with contextlib.suppress(OSError):
            for shard in sorted(self._dirty_shards):
                # Shards first: the index only ever names shard files that exist.
                path = self.shard_path(shard)
                assert path is not None
                stamp = time.time_ns()
                atomic_write(
                    path,
                    pickle.dumps(
                        (FORMAT, stamp, self._shards[shard]), protocol=pickle.HIGHEST_PROTOCOL
                    ),
                )
                self.index.shard_stamps[shard] = stamp
            atomic_write(
                self.index_path, pickle.dumps(self.index, protocol=pickle.HIGHEST_PROTOCOL)
            )
        self.index_dirty = False
        self._dirty_shards.clear()
