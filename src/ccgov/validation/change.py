"""Judging a change before it is written: the repository as it would be,
validated incrementally in the record index, and the errors the change itself
would introduce."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ccgov.findings import Finding
from ccgov.validation.validate import Indexed, keep_suppressions


@dataclass(frozen=True, slots=True)
class ChangeVerdict:
    findings: list[Finding]  # every finding of the resulting state
    introduced: list[Finding]  # the errors the change would introduce

    @property
    def refused(self) -> bool:
        return bool(self.introduced)


def _signature(finding: Finding) -> tuple[str, str, str]:
    return finding.file, finding.code, finding.message


def _apply(
    indexed: Indexed,
    files: Mapping[str, bytes],
    gone: Iterable[str] = (),
    known: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Put ``files`` in the index in place of what it holds (``gone``
    removed), follow the rules, and return every finding of that state."""
    from ccgov.rules import engine
    from ccgov.store.sync import overlay

    delta = overlay(indexed.root, indexed.index, files, gone, known)
    engine.run(indexed.root, indexed.index, delta, files)
    if delta.config_changed:
        keep_suppressions(indexed.index)
    return indexed.findings()


def judge_change(
    indexed: Indexed,
    files: Mapping[str, bytes],
    touched: Iterable[str],
    *,
    require_valid: bool = False,
    committed: tuple[Mapping[str, bytes], Iterable[str]] | None = None,
    known: Mapping[str, Any] | None = None,
) -> ChangeVerdict:
    """Validate the state ``files`` would produce, leaving it in the index
    (call inside ``index.writing()``; the transaction decides whether it stays).

    An error in a touched file is always the change's. An error elsewhere is
    the change's only if it was not there before: before is the index's
    current verdict, or, for a change that adopts the user's edits, the state
    ``committed`` (the adopted files as at HEAD, and those new since removed),
    tried and undone first. ``require_valid`` counts every error. ``known``:
    the plain data of files ccgov generated, which need no parsing.
    """
    before: list[Finding] | None = None
    if not require_valid:
        if committed is not None:
            with indexed.index.trial():
                before = _apply(indexed, committed[0], committed[1])
        else:
            before = indexed.findings()
    findings = _apply(indexed, files, known=known)
    errors = [f for f in findings if f.severity == "error"]
    if before is None:
        return ChangeVerdict(findings, errors)
    touched = set(touched)
    old = {_signature(f) for f in before if f.severity == "error"}
    elsewhere = [f for f in errors if f.file not in touched and _signature(f) not in old]
    introduced = [f for f in errors if f.file in touched] + elsewhere
    return ChangeVerdict(findings, sorted(introduced))
