"""The validate use case: load the repository, run the rules, filter."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ccgov.findings import Finding, count_by_severity
from ccgov.records.layout import CONFIG_FILE, STRAY_CODES, scan
from ccgov.store.cache import ValidationCache, findings_key, no_collection

if TYPE_CHECKING:
    # Imported where used: a warm validate answers from the cache without
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


def suppressed_codes(repository: Repository, today: date) -> set[str]:
    """Codes ccgov.yaml validation.ignore silences today (an expired one speaks again)."""
    if repository.config is None:
        return set()
    return {
        s.code for s in repository.config.validation.ignore if s.until is None or today < s.until
    }


def suppression_expiry(repository: Repository, today: date) -> date | None:
    """The next day a suppression runs out: a verdict cached before holds until then."""
    if repository.config is None:
        return None
    dates = [s.until for s in repository.config.validation.ignore if s.until and s.until > today]
    return min(dates, default=None)


def check_repository(repository: Repository, today: date | None = None) -> list[Finding]:
    """All findings for a loaded repository: load-time and cross-record, sorted."""
    from ccgov import rules

    findings = [*repository.findings, *rules.check(repository)]
    ignored = suppressed_codes(repository, today or date.today())
    return sorted({f for f in findings if f.code not in ignored})


def files_checked(repository: Repository) -> int:
    """Files whose content was checked: loaded or failed to load; stray files
    (FILE001, FILE003) were only noticed."""
    checked = {CONFIG_FILE}
    checked.update(r.path for records in repository.records.values() for r in records)
    checked.update(f.file for f in repository.findings if f.code not in STRAY_CODES)
    return len(checked)


def remember_verdict(
    cache: ValidationCache, repository: Repository, findings: list[Finding]
) -> None:
    """Keep ``findings`` as the verdict on exactly this repository state, so the
    next validate of an unchanged tree answers without parsing anything."""
    if repository.digests is None:
        return
    artifacts = [r.record.artifact for r in repository.of("item") if r.record.artifact]
    strays = [f.file for f in repository.findings if f.code in STRAY_CODES]
    key = findings_key(repository.root, repository.digests, artifacts, strays)
    expires = suppression_expiry(repository, date.today())
    cache.remember(key, findings, artifacts, files_checked(repository), expires)


def remembered_verdict(cache: ValidationCache, repository: Repository) -> list[Finding] | None:
    """The findings the cache holds for exactly this repository state, if any."""
    if repository.digests is None or cache.index.findings is None:
        return None
    if cache.index.expires is not None and date.today() >= cache.index.expires:
        return None
    artifacts = [r.record.artifact for r in repository.of("item") if r.record.artifact]
    strays = [f.file for f in repository.findings if f.code in STRAY_CODES]
    key = findings_key(repository.root, repository.digests, artifacts, strays)
    return cache.index.findings if key == cache.index.key else None


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
    cache = ValidationCache(root) if use_cache else None
    if cache is not None:
        # The fast path: nothing changed since the last run; no file is parsed
        # and no model is imported.
        paths, discovery = scan(root)
        strays = [f.file for f in discovery if f.code in STRAY_CODES]
        cached = cache.verdict(root, [CONFIG_FILE, *paths], strays)
        if cached is not None:
            return result(cached.findings, cached.files_checked)

    from ccgov.store.repo import load_repository

    with no_collection():  # tens of thousands of long-lived objects, no cycles to free
        repository = load_repository(root, cache=cache)
        findings = check_repository(repository)
    if cache is not None:
        remember_verdict(cache, repository, findings)
        cache.save()
    return result(findings, files_checked(repository))


def _validate_staged(
    root: Path, index_file: Path | None, result: Callable[[list[Finding], int], ValidationResult]
) -> ValidationResult:
    from ccgov.store import git
    from ccgov.store.repo import load_repository

    overrides, excluded = git.staged_view(root, index_file)
    cache = ValidationCache(root)
    with no_collection():
        repository = load_repository(root, overrides, cache=cache, exclude=excluded)
        findings = check_repository(repository)
    cache.save()
    return result(findings, files_checked(repository))


def _reported(finding: Finding, wanted: list[str]) -> bool:
    """Whether ``finding`` concerns one of the files or directories asked about."""
    if finding.code == "FILE002":
        # Without a valid ccgov.yaml no cross-record rule ran: a report about
        # one record must not look clean because of that.
        return True
    return any(finding.file == w or finding.file.startswith(w + "/") for w in wanted)
