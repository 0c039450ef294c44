"""Applying a change to the governed repository, all or nothing.

Every mutating command goes through :func:`apply`: under an exclusive lock it
loads the repository, lets the command compute its edits, validates the whole
resulting state in memory, writes files atomically, stages exactly the touched
paths and commits them through git. If anything fails the work tree and index
are put back as they were. A journal in ``.git/ccgov/`` lets the next run
explain a process that was killed between writing and committing.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ccgov.errors import CcgovError, RefusedError
from ccgov.findings import Finding
from ccgov.store import git
from ccgov.store.repo import Repository, load_cached
from ccgov.store.yamlio import atomic_write

LOCK_TIMEOUT_SECONDS = 10.0


@dataclass(slots=True)
class Mutation:
    """What a command wants committed."""

    scope: str  # e.g. "rfc"
    record: str  # e.g. "RFC-0007"
    action: str  # e.g. "approve"
    files: dict[str, bytes] = field(default_factory=dict)  # written by ccgov
    adopt: list[str] = field(default_factory=list)  # edited by the user, committed as they are
    notes: list[str] = field(default_factory=list)  # warnings for the user

    @property
    def message(self) -> str:
        return f"{self.scope}({self.record}): {self.action}"

    @property
    def paths(self) -> list[str]:
        return sorted({*self.files, *self.adopt})


@dataclass(frozen=True, slots=True)
class Applied:
    mutation: Mutation
    commit: str | None


class InvalidResultError(RefusedError):
    """The change would leave the repository with new validation errors."""

    def __init__(self, findings: list[Finding]) -> None:
        lines = "\n".join(
            f"  {f.file}:{f.line}:{f.column} {f.code} {f.message}" for f in findings[:20]
        )
        super().__init__(
            f"refused: the result would not validate:\n{lines}",
            hint="nothing was written; fix the record(s) named above and run the command again",
        )
        self.findings = findings


def _ccgov_dir(root: Path) -> Path:
    directory = git.git_dir(root) / "ccgov"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@contextlib.contextmanager
def repository_lock(root: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """One ccgov mutation at a time per repository (released if the process dies)."""
    path = _ccgov_dir(root) / "lock"
    with path.open("a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise RefusedError(
                        "another ccgov command is changing this repository",
                        hint="wait for it to finish and run the command again",
                    ) from exc
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _journal(root: Path) -> Path:
    return _ccgov_dir(root) / "pending.json"


def check_pending(root: Path) -> None:
    """Refuse to go on while an interrupted mutation's files sit uncommitted."""
    journal = _journal(root)
    if not journal.exists():
        return
    try:
        pending = json.loads(journal.read_text(encoding="utf-8"))
        what = f"`{pending['message']}` (started {pending['started']})"
        paths = " ".join(pending["paths"])
    except (OSError, ValueError, KeyError):
        what, paths = "an earlier ccgov command", "(unknown: the journal is unreadable)"
    raise RefusedError(
        f"{what} was interrupted after writing files and before committing them: {paths}",
        hint=f"inspect them with `git status` and `git diff`; keep them by committing yourself, or "
        f"undo them with `git checkout HEAD -- {paths}` (new files: delete them); then delete "
        f"{journal}",
    )


def check_state(root: Path, *, commit: bool) -> None:
    """The repository must be able to take a commit cleanly."""
    operation = git.in_progress_operation(root)
    if operation is not None:
        raise RefusedError(
            f"git is in the middle of {operation}",
            hint="finish or abort it (e.g. `git merge --abort`) before running ccgov commands that commit",
        )
    if commit and git.current_branch(root) is None:
        raise RefusedError(
            "HEAD is detached: a ccgov commit here would belong to no branch",
            hint="check out a branch first (`git switch -c my-change`)",
        )


def _new_errors(before: list[Finding], after: list[Finding], touched: set[str]) -> list[Finding]:
    """Errors the change introduces: any error in a touched file, or new ones elsewhere."""
    old = {(f.file, f.code, f.message) for f in before if f.severity == "error"}
    return [
        f
        for f in after
        if f.severity == "error" and (f.file in touched or (f.file, f.code, f.message) not in old)
    ]


def apply(
    root: Path,
    build: Callable[[Repository], Mutation],
    *,
    commit: bool = True,
) -> Applied:
    """Build a mutation from the current state and apply it atomically."""
    from ccgov.validation.validate import check_repository

    check_state(root, commit=commit)
    with repository_lock(root):
        # Only under the lock: a journal outside it may belong to a command still running.
        check_pending(root)
        repository = load_cached(root)
        mutation = build(repository)
        if not mutation.paths:
            raise CcgovError("nothing to change")
        overrides = dict(mutation.files)
        for relative in mutation.adopt:
            path = root / relative
            if path.is_file():
                overrides[relative] = path.read_bytes()
        after = check_repository(load_cached(root, overrides))
        problems = _new_errors(check_repository(repository), after, set(mutation.paths))
        if problems:
            raise InvalidResultError(problems)
        return Applied(mutation, _write_and_commit(root, mutation, commit=commit))


def _write_and_commit(root: Path, mutation: Mutation, *, commit: bool) -> str | None:
    backups = {
        relative: (
            (root / relative).read_bytes() if (root / relative).is_file() else None,
            git.index_entry(root, relative),
        )
        for relative in mutation.paths
    }
    journal = _journal(root)
    atomic_write(
        journal,
        json.dumps(
            {
                "message": mutation.message,
                "paths": mutation.paths,
                "pid": os.getpid(),
                "started": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        ),
    )
    try:
        for relative, content in mutation.files.items():
            atomic_write(root / relative, content)
        git.stage(root, mutation.paths)
        commit_id = None
        if commit:
            commit_id = git.commit_staged_paths(
                root,
                mutation.paths,
                mutation.message,
                {"Ccgov-Record": mutation.record, "Ccgov-Action": mutation.action},
            )
    except BaseException:
        _restore(root, mutation, backups)
        journal.unlink(missing_ok=True)
        raise
    journal.unlink(missing_ok=True)
    return commit_id


def _restore(
    root: Path, mutation: Mutation, backups: dict[str, tuple[bytes | None, tuple[str, str] | None]]
) -> None:
    for relative, (content, entry) in backups.items():
        if relative in mutation.files:
            path = root / relative
            if content is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, content)
        with contextlib.suppress(CcgovError):
            git.restore_index_entry(root, relative, entry)
