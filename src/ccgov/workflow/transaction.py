"""Applying a change to the governed repository, all or nothing.

Every mutating command goes through :func:`apply`. Under an exclusive lock it
settles whatever an interrupted command left (:mod:`ccgov.workflow.journal`),
brings the record index up to date, lets the command compute its edits from
it (reading only the records it asks for), validates the resulting state
incrementally in the index, journals, writes the files atomically, stages
exactly the touched paths and commits them through git. If anything fails,
ccgov's own writes and index entries are put back and the journal goes; the
user's own edits are never touched.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from ccgov.errors import CcgovError, RefusedError
from ccgov.findings import Finding
from ccgov.store import git
from ccgov.store.probe import relist
from ccgov.store.repo import Repository
from ccgov.store.sync import written
from ccgov.store.yamlio import atomic_write
from ccgov.validation.change import ChangeVerdict, judge_change
from ccgov.validation.validate import up_to_date
from ccgov.workflow import journal as journals

T = TypeVar("T")


@dataclass(slots=True)
class Mutation:
    """What a command wants committed."""

    scope: str  # e.g. "rfc"
    record: str  # e.g. "RFC-0007"
    action: str  # e.g. "approve"
    files: dict[str, bytes] = field(default_factory=dict)  # written by ccgov
    adopt: list[str] = field(default_factory=list)  # edited by the user, committed as they are
    notes: list[str] = field(default_factory=list)  # warnings for the user
    tag: journals.Tag | None = None  # an annotated tag on the commit
    # The plain data ccgov generated some of ``files`` from (a baseline
    # manifest): validated as it is rather than parsed back.
    known: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return f"{self.scope}({self.record}): {self.action}"

    @property
    def paths(self) -> list[str]:
        return sorted({*self.files, *self.adopt})


@dataclass(frozen=True, slots=True)
class Applied(Generic[T]):
    mutation: Mutation
    commit: str | None
    result: T
    # What settling an earlier, interrupted command did (shown before the notes).
    recovered: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return [*self.recovered, *self.mutation.notes]


class InvalidResultError(RefusedError):
    """The change would leave the repository with new validation errors."""

    def __init__(self, findings: list[Finding], *, whole: bool = False) -> None:
        lines = "\n".join(
            f"  {f.file}:{f.line}:{f.column} {f.code} {f.message}" for f in findings[:20]
        )
        more = f"\n  ... and {len(findings) - 20} more" if len(findings) > 20 else ""
        what = "the repository does not validate" if whole else "the result would not validate"
        super().__init__(
            f"refused: {what}:\n{lines}{more}",
            hint="nothing was written; fix the record(s) named above and run the command again",
        )
        self.findings = findings


class WriteError(CcgovError):
    """The file system refused a write (read-only folder, disk full, ...)."""


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


def apply(
    root: Path, build: Callable[[Repository], Mutation], *, commit: bool = True
) -> Applied[None]:
    """Build a mutation from the current state and apply it atomically."""
    return apply_returning(root, lambda repository: (build(repository), None), commit=commit)


def apply_returning(
    root: Path,
    build: Callable[[Repository], tuple[Mutation, T]],
    *,
    commit: bool = True,
    require_clean: bool = False,
) -> Applied[T]:
    """:func:`apply` for a command that also returns what it built.

    ``require_clean`` (baseline snapshots) refuses a work tree with
    uncommitted changes and a repository with any validation error, checked
    under the lock, so the state described is the commit the change lands on.
    """
    check_state(root, commit=commit)
    with journals.repository_lock(root):
        # Only under the lock: a journal outside it may belong to a command still running.
        recovered = journals.recover(root)
        try:
            mutation, commit_id, result = _apply_locked(root, build, commit, require_clean)
        except CcgovError as exc:
            exc.notes[:0] = recovered
            raise
        return Applied(mutation, commit_id, result, recovered)


def _apply_locked(
    root: Path,
    build: Callable[[Repository], tuple[Mutation, T]],
    commit: bool,
    require_clean: bool,
) -> tuple[Mutation, str | None, T]:
    """Refresh the index, build, validate the result in it, write and commit (under the lock)."""
    if require_clean and not git.is_clean(root):
        raise RefusedError(
            "the work tree has uncommitted changes; a baseline must describe a commit",
            hint="commit or stash them (git status shows what), then run the command again",
        )
    with up_to_date(root) as indexed:
        mutation, result = build(indexed.repository())
        if not mutation.paths:
            raise CcgovError("nothing to change")
        with indexed.index.writing():
            verdict = judge_change(
                indexed,
                mutation.files,
                mutation.paths,
                require_valid=require_clean,
                committed=_committed_state(root, mutation.adopt),
                known=mutation.known,
            )
            if verdict.refused:
                # Leaving the writing block with the error undoes the trial state.
                raise InvalidResultError(verdict.introduced, whole=require_clean)
            # The index keeps the state about to be written; git has not seen those
            # files yet, so their content is checked again next time, and if the
            # commit fails and they are put back, that is seen too.
            written(indexed.index, mutation.files)
        # No index transaction is open while git commits: hooks run ccgov too.
        commit_id = _write_and_commit(root, mutation, commit=commit)
        with contextlib.suppress(sqlite3.Error), indexed.index.writing():
            relist(root, indexed.index, sorted(mutation.files))
    return mutation, commit_id, result


def _committed_state(root: Path, adopted: list[str]) -> tuple[dict[str, bytes], list[str]] | None:
    """The user's edits a mutation adopts, as at HEAD (their files' content
    there, and those that do not exist there), so errors those edits cause
    elsewhere count as the change's: the index already holds them."""
    if not adopted:
        return None
    committed: dict[str, bytes] = {}
    new: list[str] = []
    for relative in adopted:
        data = git.file_at(root, "HEAD", f"./{relative}") if git.has_commits(root) else None
        if data is None:
            new.append(relative)
        else:
            committed[relative] = data
    return committed, new


def _write_and_commit(root: Path, mutation: Mutation, *, commit: bool) -> str | None:
    head = git.resolve(root, "HEAD")
    entry = journals.Journal(
        message=mutation.message,
        record=mutation.record,
        action=mutation.action,
        head=head,
        commit=commit,
        written={
            relative: (_current(root / relative), content)
            for relative, content in mutation.files.items()
        },
        adopted={
            relative: data
            for relative in mutation.adopt
            if (data := _current(root / relative)) is not None
        },
        index={relative: git.index_entry(root, relative) for relative in mutation.paths},
        tag=mutation.tag if commit else None,
    )
    journals.begin(root, entry)
    try:
        for relative, content in mutation.files.items():
            _write(root, relative, content)
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
        _roll_back(root)
        raise
    if commit_id is not None and mutation.tag is not None:
        name, message = mutation.tag.name, mutation.tag.message
        try:
            git.tag_annotated(root, name, commit_id, message, sign=mutation.tag.signed)
        except CcgovError as exc:
            journals.end(root)
            raise RefusedError(
                f"committed {commit_id[:12]}, but the tag {name} could not be made: {exc.message}",
                hint=f"make it yourself: git tag --annotate -m {message.splitlines()[0]!r} "
                f"{name} {commit_id[:12]}",
            ) from exc
    journals.end(root)
    return commit_id


def _current(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _write(root: Path, relative: str, content: bytes) -> None:
    try:
        atomic_write(root / relative, content)
    except OSError as exc:
        raise WriteError(
            f"could not write {relative}: {exc.strerror or exc}",
            hint="check the folder's permissions and free space; nothing was changed",
        ) from exc


def _roll_back(root: Path) -> None:
    """Undo ccgov's own writes; the journal stays if that is not possible,
    so the next command finishes the job."""
    with contextlib.suppress(OSError, CcgovError):
        journals.recover(root)


__all__ = [
    "Applied",
    "ChangeVerdict",
    "InvalidResultError",
    "Mutation",
    "WriteError",
    "apply",
    "apply_returning",
    "check_state",
]
