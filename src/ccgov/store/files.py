"""Reading the repository's files safely, and saying whether they changed:
content digests as git computes them, stat keys and git's racy-clean rule."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import stat as stat_module
import time
from collections.abc import Iterator
from pathlib import Path

from ccgov.errors import NotARepositoryError
from ccgov.findings import Finding
from ccgov.records.layout import CONFIG_FILE

# The most a record file may hold (and ccgov reads of one).
MAX_BYTES = 1024 * 1024
# Baseline manifests list every CI (5 MB at 25,000 CIs); ccgov writes them.
_LIMITS = {"baselines": 64 * 1024 * 1024}


def max_bytes(relative: str) -> int:
    """The most the file at ``relative`` may hold."""
    return _LIMITS.get(relative.split("/", 1)[0], MAX_BYTES)


# A file modified this close to the moment it was hashed may change again
# within the same mtime tick: trust its content hash, not its stat.
RACY_NANOSECONDS = 2_000_000_000
StatKey = tuple[int, int, int, int]
# Regular files as git records them (a link or a submodule is something else).
REGULAR_MODES = frozenset({"100644", "100755"})


def blob_digest(data: bytes, object_format: str = "sha1") -> str:
    """The object id git gives ``data`` as a file, so that git's own answers
    (``git status``, tree diffs) can be compared with what ccgov read."""
    hasher = hashlib.sha256() if object_format == "sha256" else hashlib.sha1()
    hasher.update(b"blob %d\0" % len(data))
    hasher.update(data)
    return hasher.hexdigest()


def stat_key(stat: os.stat_result) -> StatKey:
    # Like git's index: size, mtime, ctime and inode. ctime cannot be set back
    # by hand, so an edit that restores size and mtime is still seen.
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def settled_key(stat: os.stat_result) -> StatKey | None:
    """The stat key to trust later, or None for a file modified so recently
    that it could change again within the same timestamp tick (git's "racily
    clean" entries): such a file is hashed again next time."""
    if not stat_module.S_ISREG(stat.st_mode):
        return None  # a link's target can change without the link changing
    if max(stat.st_mtime_ns, stat.st_ctime_ns) >= time.time_ns() - RACY_NANOSECONDS:
        return None
    return stat_key(stat)


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


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    # Loading or parsing tens of thousands of records triggers full
    # collections that find nothing to free (records hold no cycles): skip them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything allocated meanwhile sits in the youngest generation;
            # the first collection after enabling would walk it all (0.3 s
            # for 10,000 incidents). Freezing moves it out of the collector's
            # sight; refcounting still frees it.
            gc.freeze()
            gc.enable()


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
    limit = max_bytes(relative)

    def refuse(code: str, message: str) -> tuple[None, Finding]:
        return None, Finding.of(relative, 0, 0, code, message)

    def read(handle_path: Path) -> tuple[bytes | None, Finding | None]:
        with handle_path.open("rb") as handle:
            # Read one byte past the limit: enough to know a file is too big
            # without reading 50 MB of it.
            data = handle.read(limit + 1)
            if len(data) > limit:
                size = os.fstat(handle.fileno()).st_size
                return refuse(
                    "YAML004",
                    f"file is {size:,} bytes, over the {limit:,}-byte limit for a record",
                )
        return data, None

    if parent_inside:
        try:
            if stat_module.S_ISREG(os.lstat(path).st_mode):
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


def unreadable_digest(problem: Finding) -> str:
    """The digest of a file that cannot be read: what is wrong with it."""
    return f"unreadable {problem.code} {problem.message}"
