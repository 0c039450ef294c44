"""The validate use case: bring the record index up to date, read its verdict, filter."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ccgov.findings import Finding, count_by_severity
from ccgov.records.layout import CONFIG_FILE, STRAY_CODES
from ccgov.store.files import git_dir, no_collection
from ccgov.store.index import RecordIndex, index_path
from ccgov.store.probe import Observation, observe, remember

if TYPE_CHECKING:
    # Imported where used: a warm validate answers from the index without
    # importing the models, which these pull in.
    from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class ValidationResult:
    root: Path
    findings: list[Finding]
    files_checked: int

    @property
    def errors(self) -> int:
        return count_by_severity(self.findings)["error"]

    @property
    def warnings(self) -> int:
        return count_by_severity(self.findings)["warning"]

    def failed(self, *, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


@dataclass(frozen=True, slots=True)
class Indexed:
    """The record index, up to date with the work tree."""

    root: Path
    index: RecordIndex
    observation: Observation

    def findings(self) -> list[Finding]:
        """Every finding of the state the index holds, suppressions applied."""
        ignored = {
            code
            for code, until in self.index.meta("suppressions") or []
            if until is None or date.today() < date.fromisoformat(until)
        }
        found = [*self.index.findings(), *self.observation.strays]
        return sorted({f for f in found if f.code not in ignored})

    def files_checked(self) -> int:
        """Files whose content was checked; stray files (FILE001, FILE003) were only noticed."""
        observation = self.observation
        checked = observation.count + (0 if observation.config else 1)  # ccgov.yaml counts
        others = {f.file for f in observation.strays if f.code not in STRAY_CODES}
        return checked + len(others - {CONFIG_FILE})

    def repository(self) -> Repository:
        """The repository as the index holds it (records loaded as they are asked for)."""
        from ccgov.store.repo import from_index

        return from_index(
            self.root, self.index, [*self.index.load_findings(), *self.observation.strays]
        )


def _open(root: Path, use_cache: bool) -> RecordIndex:
    path = index_path(git_dir(root), root) if use_cache else None
    if path is not None:
        with contextlib.suppress(sqlite3.Error, OSError):
            return RecordIndex(path)
    # No git repository, --no-cache, or a .git ccgov cannot write: an index
    # in memory for this run only.
    return RecordIndex(None)


@contextlib.contextmanager
def up_to_date(root: Path, *, use_cache: bool = True) -> Iterator[Indexed]:
    """The record index of ``root``, brought up to date with the work tree
    (parsing only what changed and re-running the rules only on what that
    can affect), in one transaction."""
    index = _open(root, use_cache)
    try:
        try:
            indexed = _refresh(root, index)
        except sqlite3.Error:
            if index.path is None:
                raise
            index.close()  # a locked or damaged index: work without it this time
            index = RecordIndex(None)
            indexed = _refresh(root, index)
        yield indexed
    finally:
        index.close()


def _refresh(root: Path, index: RecordIndex) -> Indexed:
    with index.writing():
        previous = index.meta("probe")
        observation = observe(root, index)
        if observation.nothing_changed and not observation.restat:
            if not _summary_changed(previous, observation):
                return Indexed(root, index, observation)
            remember(root, index, observation)
            return Indexed(root, index, observation)
        from ccgov.rules import engine
        from ccgov.store.sync import refresh

        with no_collection():  # tens of thousands of long-lived objects, no cycles to free
            delta = refresh(root, index, observation)
            engine.run(root, index, delta)
        if delta.config_changed or delta.rebuilt:
            keep_suppressions(index)
    return Indexed(root, index, observation)


def open_indexed(root: Path) -> Repository:
    """The repository through its up-to-date record index, for commands that
    read it: the index stays open while the repository is in use."""
    index = _open(root, True)
    try:
        indexed = _refresh(root, index)
    except sqlite3.Error:
        index.close()
        index = RecordIndex(None)
        indexed = _refresh(root, index)
    return indexed.repository()


def _summary_changed(previous: Any, observation: Observation) -> bool:
    if not isinstance(previous, dict):
        return True
    now = observation.summary
    if {k: v for k, v in previous.items() if k != "volatile"} != {
        k: v for k, v in now.items() if k != "volatile"
    }:
        return True
    return bool(observation.recheck - set(previous.get("volatile", [])))


def keep_suppressions(index: RecordIndex) -> None:
    """ccgov.yaml's validation.ignore, kept so that an unchanged repository
    is answered without loading ccgov.yaml."""
    config = index.models([CONFIG_FILE]).get(CONFIG_FILE)
    ignore = config.validation.ignore if config is not None else []
    index.set_meta(
        "suppressions", [[s.code, s.until.isoformat() if s.until else None] for s in ignore]
    )


def suppressed_codes(repository: Repository, today: date) -> set[str]:
    """Codes ccgov.yaml validation.ignore silences today (an expired one speaks again)."""
    if repository.config is None:
        return set()
    return {
        s.code for s in repository.config.validation.ignore if s.until is None or today < s.until
    }


def check_repository(repository: Repository, today: date | None = None) -> list[Finding]:
    """All findings for a repository loaded from scratch: load-time and
    cross-record, sorted (what the index's verdict must always equal)."""
    from ccgov import rules

    findings = [*repository.findings, *rules.check(repository)]
    ignored = suppressed_codes(repository, today or date.today())
    return sorted({f for f in findings if f.code not in ignored})


def validate(
    root: Path,
    *,
    only: Iterable[str] = (),
    ignore: Iterable[str] = (),
    use_cache: bool = True,
    staged: bool = False,
    index_file: Path | None = None,
) -> ValidationResult:
    """Validate the governed repository at ``root``.

    ``only`` restricts the report to these repository-relative files (the
    rules still see every record); ``ignore`` drops finding codes.
    ``staged`` validates what the index holds (what a commit would record):
    untracked files are left out and unstaged edits read as staged.
    """
    skip = set(ignore)
    wanted = [w.rstrip("/") for w in only]

    def result(findings: list[Finding], checked: int) -> ValidationResult:
        kept = [f for f in findings if f.code not in skip and (not wanted or _reported(f, wanted))]
        return ValidationResult(root, kept, checked)

    if staged:
        return _validate_staged(root, index_file, result)
    with up_to_date(root, use_cache=use_cache) as indexed:
        return result(indexed.findings(), indexed.files_checked())


def _validate_staged(
    root: Path, index_file: Path | None, result: Callable[[list[Finding], int], ValidationResult]
) -> ValidationResult:
    """The work tree's verdict, with the files whose staged content differs
    tried in its place (and untracked ones taken away), then undone."""
    from ccgov.rules import engine
    from ccgov.store import git
    from ccgov.store.sync import overlay

    overrides, excluded = git.staged_view(root, index_file)
    with up_to_date(root) as indexed, indexed.index.writing(), indexed.index.trial():
        strays = indexed.observation.strays
        delta = overlay(root, indexed.index, overrides, excluded)
        engine.run(root, indexed.index, delta, overrides)
        if delta.config_changed:
            keep_suppressions(indexed.index)
        findings = [f for f in indexed.findings() if f.file not in excluded]
        files = [f for f in indexed.observation.files if f not in excluded]
        checked = len({CONFIG_FILE, *files, *(f.file for f in strays if f.code not in STRAY_CODES)})
        return result(findings, checked)


def _reported(finding: Finding, wanted: list[str]) -> bool:
    """Whether ``finding`` concerns one of the files or directories asked about."""
    if finding.code == "FILE002":
        # Without a valid ccgov.yaml no cross-record rule ran: a report about
        # one record must not look clean because of that.
        return True
    return any(finding.file == w or finding.file.startswith(w + "/") for w in wanted)
