"""The validation cache: per-file parse results keyed by content, and the
whole repository's findings keyed by a fingerprint of every file.

It lives in ``.git/ccgov/`` so it never shows in ``git status``. A file's
entry is reused when its size and modification time are unchanged (and the
file is older than the cache, git's "racy" rule), or when its sha256 is
unchanged; anything else is parsed again. The cache is written atomically, so
concurrent runs at worst lose an update; a cache that cannot be read, or was
written by another ccgov version, is ignored and rebuilt. It is a local pickle
written by ccgov itself, trusted like the rest of ``.git/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccgov import __version__
from ccgov.findings import Finding
from ccgov.store.yamlio import atomic_write

FORMAT = f"ccgov-validation-cache/2/{__version__}"
FILE_NAME = "validation-cache.pickle"
# A file modified this close to the cache write may change again within the
# same mtime tick: trust its content hash, not its stat.
RACY_NANOSECONDS = 2_000_000_000


@dataclass(slots=True)
class FileEntry:
    # Like git's index: size, mtime, ctime and inode. ctime cannot be set back
    # by hand, so an edit that restores size and mtime is still seen.
    stat_key: tuple[int, int, int, int]
    digest: str
    record: Any | None
    findings: list[Finding]


@dataclass(slots=True)
class CacheState:
    format: str = FORMAT
    written_ns: int = 0
    files: dict[str, FileEntry] = field(default_factory=dict)
    fingerprint: str | None = None
    findings: list[Finding] | None = None


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


def stat_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ValidationCache:
    def __init__(self, root: Path) -> None:
        directory = git_dir(root)
        # One cache per governed root: a git repository may hold several.
        name = FILE_NAME.replace(
            ".", f"-{hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:12]}.", 1
        )
        self.path = directory / "ccgov" / name if directory is not None else None
        self.state = CacheState()
        self.dirty = False
        if self.path is not None:
            self.state = self._read(self.path)

    @staticmethod
    def _read(path: Path) -> CacheState:
        try:
            with path.open("rb") as handle:
                state = pickle.load(handle)
        except Exception:  # missing, corrupt or foreign: rebuild
            return CacheState()
        if not isinstance(state, CacheState) or state.format != FORMAT:
            return CacheState()
        return state

    def by_stat(self, relative: str, stat: os.stat_result) -> FileEntry | None:
        entry = self.state.files.get(relative)
        if (
            entry is not None
            and entry.stat_key == stat_key(stat)
            and max(stat.st_mtime_ns, stat.st_ctime_ns) < self.state.written_ns - RACY_NANOSECONDS
        ):
            return entry
        return None

    def by_digest(
        self, relative: str, content_digest: str, stat: os.stat_result
    ) -> FileEntry | None:
        entry = self.state.files.get(relative)
        if entry is None or entry.digest != content_digest:
            return None
        if entry.stat_key != stat_key(stat):
            entry.stat_key = stat_key(stat)
            self.dirty = True
        elif max(stat.st_mtime_ns, stat.st_ctime_ns) < time.time_ns() - RACY_NANOSECONDS:
            # The file has settled: rewriting the cache now lets the next run trust its stat.
            self.dirty = True
        return entry

    def store(self, relative: str, entry: FileEntry) -> None:
        self.state.files[relative] = entry
        self.dirty = True

    def keep_only(self, relatives: set[str]) -> None:
        gone = set(self.state.files) - relatives
        for relative in gone:
            del self.state.files[relative]
        self.dirty = self.dirty or bool(gone)

    def findings_for(self, fingerprint: str) -> list[Finding] | None:
        return self.state.findings if self.state.fingerprint == fingerprint else None

    def remember(self, fingerprint: str, findings: list[Finding]) -> None:
        self.state.fingerprint, self.state.findings = fingerprint, findings
        self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        self.state.written_ns = time.time_ns()
        # A read-only .git still validates, just without a cache.
        with contextlib.suppress(OSError):
            atomic_write(self.path, pickle.dumps(self.state, protocol=pickle.HIGHEST_PROTOCOL))
        self.dirty = False


def fingerprint(digests: dict[str, str]) -> str:
    hasher = hashlib.sha256(FORMAT.encode())
    for relative in sorted(digests):
        hasher.update(f"{relative}\0{digests[relative]}\n".encode())
    return hasher.hexdigest()
