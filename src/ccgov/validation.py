"""The validate use case: load the repository, run the rules, filter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ccgov import rules
from ccgov.findings import Finding, count_by_severity
from ccgov.store.repo import Repository, load_repository


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


def check_repository(repository: Repository) -> list[Finding]:
    """All findings for a loaded repository: load-time and cross-record, sorted."""
    findings = [*repository.findings, *rules.check(repository)]
    ignored = set(repository.config.validation.ignore) if repository.config else set()
    return sorted({f for f in findings if f.code not in ignored})


def validate(root: Path, *, only: Iterable[str] = (), ignore: Iterable[str] = ()) -> ValidationResult:
    """Validate the governed repository at ``root``.

    ``only`` restricts the report to these repository-relative files (the
    rules still see every record); ``ignore`` drops finding codes.
    """
    repository = load_repository(root)
    findings = check_repository(repository)
    skip = set(ignore)
    wanted = set(only)
    findings = [
        f for f in findings if f.code not in skip and (not wanted or f.file in wanted)
    ]
    files = 1 + sum(len(records) for records in repository.records.values())
    return ValidationResult(root, findings, files)
