"""The lock and the journal that make a mutation safe to interrupt.

One mutation at a time holds an exclusive ``flock`` on ``.git/ccgov/lock``
(released by the kernel if the process dies). Before it writes anything, it
writes a journal: the operation, ``HEAD`` before it, every file it is about
to write with its bytes before and after, the user-edited files it will
commit (with a copy of each), and their index entries. The next mutation
reads a journal left behind by a killed process and settles it:

* the commit landed (``HEAD`` moved with this operation's message and
  trailers): nothing to undo; an annotated tag that was still owed is made;
* it did not: exactly ccgov's own writes are undone (a file is put back only
  if it still holds the bytes ccgov wrote), index entries ccgov staged are
  unstaged, and the user's own edits are never touched.

Either way the journal goes, with a note saying what happened.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ccgov.errors import CcgovError, RefusedError
from ccgov.store import git
from ccgov.store.yamlio import atomic_write

LOCK_TIMEOUT_SECONDS = 10.0
JOURNAL_FORMAT = 2
# What atomic_write's temporary files look like: ".<name>.<random>.tmp".
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{6,12}\.tmp$")

IndexEntry = tuple[str, str] | None


def ccgov_dir(root: Path) -> Path:
    directory = git.git_dir(root) / "ccgov"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def lock_timeout() -> float:
    """Seconds to wait for another mutation (CCGOV_LOCK_TIMEOUT overrides)."""
    try:
        return max(0.0, float(os.environ.get("CCGOV_LOCK_TIMEOUT", LOCK_TIMEOUT_SECONDS)))
    except ValueError:
        return LOCK_TIMEOUT_SECONDS


@contextlib.contextmanager
def repository_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """One ccgov mutation at a time per repository (released if the process dies)."""
    path = ccgov_dir(root) / "lock"
    wait = lock_timeout() if timeout is None else timeout
    with path.open("a+") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                    raise RefusedError(
                        "another ccgov command is changing this repository",
                        hint="wait for it to finish and run the command again",
                    ) from exc
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _encode(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _decode(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Tag:
    """An annotated tag a mutation puts on its commit (baselines)."""

    name: str
    message: str
    signed: bool = False


@dataclass(slots=True)
class Journal:
    message: str  # e.g. "rfc(RFC-0007): approve"
    record: str
    action: str
    head: str | None  # HEAD before the operation (None: no commits yet)
    commit: bool  # False: --no-commit, the operation ends once staged
    written: dict[str, tuple[bytes | None, bytes]]  # path -> (before, after)
    adopted: dict[str, bytes]  # user-edited files committed as they are
    index: dict[str, IndexEntry]  # index entries before the operation
    tag: Tag | None = None  # tag the commit once made
    pid: int = field(default_factory=os.getpid)
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def paths(self) -> list[str]:
        return sorted({*self.written, *self.adopted})

    def to_json(self) -> dict[str, Any]:
        return {
            "format": JOURNAL_FORMAT,
            "message": self.message,
            "record": self.record,
            "action": self.action,
            "head": self.head,
            "commit": self.commit,
            "written": {
                path: {"before": _encode(before), "after": _encode(after)}
                for path, (before, after) in self.written.items()
            },
            "adopted": {path: _sha(data) for path, data in self.adopted.items()},
            "index": {path: list(entry) if entry else None for path, entry in self.index.items()},
            "tag": [self.tag.name, self.tag.message, self.tag.signed] if self.tag else None,
            "pid": self.pid,
            "started": self.started,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], copies: Path) -> Journal:
        if data.get("format") != JOURNAL_FORMAT:
            raise ValueError("unknown journal format")
        written: dict[str, tuple[bytes | None, bytes]] = {}
        for path, entry in data["written"].items():
            after = _decode(entry["after"])
            assert after is not None
            written[path] = (_decode(entry["before"]), after)
        adopted = {}
        for path, digest in data["adopted"].items():
            copy = copies / digest
            adopted[path] = copy.read_bytes() if copy.is_file() else b""
        index: dict[str, IndexEntry] = {
            path: (entry[0], entry[1]) if entry else None for path, entry in data["index"].items()
        }
        tag = data.get("tag")
        return cls(
            message=data["message"],
            record=data["record"],
            action=data["action"],
            head=data["head"],
            commit=bool(data["commit"]),
            written=written,
            adopted=adopted,
            index=index,
            tag=Tag(tag[0], tag[1], bool(tag[2])) if tag else None,
            pid=int(data.get("pid", 0)),
            started=str(data.get("started", "")),
        )


def journal_path(root: Path) -> Path:
    return ccgov_dir(root) / "pending.json"


def _copies(root: Path) -> Path:
    return ccgov_dir(root) / "pending"


def begin(root: Path, journal: Journal) -> None:
    """Record the operation before any file of the repository is written."""
    copies = _copies(root)
    for data in journal.adopted.values():
        atomic_write(copies / _sha(data), data)
    atomic_write(journal_path(root), json.dumps(journal.to_json(), indent=1))


def end(root: Path) -> None:
    """The operation finished or was undone: forget it."""
    journal_path(root).unlink(missing_ok=True)
    copies = _copies(root)
    if copies.is_dir():
        for copy in copies.iterdir():
            copy.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            copies.rmdir()


def sweep_temporary(root: Path, paths: list[str]) -> list[str]:
    """Remove what a write killed between creating and renaming its temporary
    file leaves: ``.<name>.<random>.tmp`` beside the files ccgov writes."""
    removed: list[str] = []
    targets: dict[Path, set[str]] = {ccgov_dir(root): {"pending.json"}}
    for relative in paths:
        path = root / relative
        targets.setdefault(path.parent, set()).add(path.name)
    for directory, names in targets.items():
        if not directory.is_dir():
            continue
        for entry in directory.iterdir():
            match = _TEMPORARY.match(entry.name)
            if match and match.group("name") in names and entry.is_file():
                entry.unlink(missing_ok=True)
                removed.append(
                    str(entry.relative_to(root)) if entry.is_relative_to(root) else entry.name
                )
    return removed


def _landed(root: Path, journal: Journal) -> str | None:
    """The commit the interrupted operation made, if it made one."""
    head = git.resolve(root, "HEAD")
    if head is None or head == journal.head:
        return None
    for info in reversed(git.commits_between(root, journal.head, head)):
        parents = list(info.parents[:1])
        if (
            parents == ([journal.head] if journal.head else [])
            and info.subject == journal.message
            and info.trailers.get("Ccgov-Record") == [journal.record]
            and info.trailers.get("Ccgov-Action") == [journal.action]
        ):
            return info.sha
    return None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _staged_completely(root: Path, journal: Journal) -> bool:
    """A --no-commit operation got as far as staging everything it wrote."""
    for relative, (_before, after) in journal.written.items():
        if _read(root / relative) != after:
            return False
        entry = git.index_entry(root, relative)
        if entry is None or entry[1] != git.blob_id(root, after):
            return False
    return True


def _undo(root: Path, journal: Journal) -> list[str]:
    """Put back exactly what ccgov wrote and staged; leave everything else."""
    notes: list[str] = []
    staged: dict[str, bytes] = dict(journal.adopted)
    for relative, (before, after) in journal.written.items():
        path = root / relative
        current = _read(path)
        staged[relative] = after
        if current == after:
            if before is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, before)
        elif current != before:
            notes.append(f"{relative} was changed after the interruption; left as it is")
    for relative, content in staged.items():
        entry = git.index_entry(root, relative)
        if entry is not None and entry[1] == git.blob_id(root, content):
            with contextlib.suppress(CcgovError):
                git.restore_index_entry(root, relative, journal.index.get(relative))
    for relative, content in journal.adopted.items():
        if _read(root / relative) != content:
            copy = _copies(root) / _sha(content)
            notes.append(
                f"{relative} differs from the version the interrupted command was committing; "
                f"that version is kept in {copy}"
            )
    return notes


def _git_running_in(top: Path) -> bool:
    """Whether some git process works in this repository now (Linux /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return True  # cannot tell: assume it does
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0", 1)[0]
            if Path(command.decode(errors="replace")).name != "git":
                continue
            if (entry / "cwd").readlink().is_relative_to(top):
                return True
        except OSError:
            continue
    return False


def _release_index_lock(root: Path, journal: Journal) -> list[str]:
    """git killed with ccgov leaves .git/index.lock: remove it when it is
    ours (made during the operation, and no git runs here any more)."""
    lock = git.git_dir(root) / "index.lock"
    if not lock.exists():
        return []
    started = datetime.fromisoformat(journal.started).timestamp() if journal.started else 0.0
    top = Path(git.run(root, ["rev-parse", "--show-toplevel"]).strip() or root)
    if lock.stat().st_mtime + 1 < started or _git_running_in(top):
        raise RefusedError(
            f"`{journal.message}` was interrupted, and git's index is locked ({lock})",
            hint="if no git command is running, remove that file and run the command again; "
            "ccgov then finishes undoing the interrupted command",
        )
    lock.unlink(missing_ok=True)
    return [f"removed {lock.name}, left by the git process killed with the command"]


def recover(root: Path) -> list[str]:
    """Settle an operation a killed process left behind (call under the lock).

    Returns notes for the user; raises RefusedError only when the journal
    cannot be read, leaving everything as it is.
    """
    path = journal_path(root)
    if not path.exists():
        sweep_temporary(root, [])
        return []
    try:
        journal = Journal.from_json(json.loads(path.read_text(encoding="utf-8")), _copies(root))
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise RefusedError(
            f"an interrupted ccgov command left a journal that cannot be read ({path}: {exc})",
            hint="check `git status` and `git diff` and commit what you want to keep; "
            f"then remove {path}",
        ) from exc
    what = f"`{journal.message}` (started {journal.started}) was interrupted"
    notes: list[str] = _release_index_lock(root, journal)
    landed = _landed(root, journal) if journal.commit else None
    if landed is not None:
        notes.append(f"{what} after its commit {landed[:12]} landed; nothing was lost")
        if journal.tag and git.tag_target(root, journal.tag.name) is None:
            tag = journal.tag
            git.tag_annotated(root, tag.name, landed, tag.message, sign=tag.signed)
            notes.append(f"made the tag {tag.name} it still owed")
    elif not journal.commit and _staged_completely(root, journal):
        notes.append(f"{what} after staging its files; they are staged, nothing was lost")
    else:
        undone = _undo(root, journal)
        kept = list(journal.adopted)
        detail = f"; your edits to {', '.join(kept)} are untouched" if kept else ""
        notes.append(
            f"{what} before it committed; ccgov undid its own writes to "
            f"{', '.join(journal.written) or 'nothing'}{detail}; run it again if you still want it"
        )
        notes.extend(undone)
    removed = sweep_temporary(root, journal.paths)
    if removed:
        notes.append(f"removed temporary files a killed write left: {', '.join(removed)}")
    end(root)
    return notes
