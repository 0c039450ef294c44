"""The validate use case: load the repository, run the rules, filter."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ccgov import rules
from ccgov.findings import Finding, count_by_severity
from ccgov.records.kinds import CONFIG_FILE
from ccgov.rules.references import artifact_problem
from ccgov.store.cache import ValidationCache
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


def validate(
    root: Path, *, only: Iterable[str] = (), ignore: Iterable[str] = (), use_cache: bool = True
) -> ValidationResult:
    """Validate the governed repository at ``root``.

    ``only`` restricts the report to these repository-relative files (the
    rules still see every record); ``ignore`` drops finding codes.
    """
    cache = ValidationCache(root) if use_cache else None
    repository = load_repository(root, cache=cache)
    findings = None
    if cache is not None:
        key = _cache_key(repository)
        findings = cache.findings_for(key)
        if findings is None:
            findings = check_repository(repository)
            cache.remember(key, findings)
        cache.save()
    else:
        findings = check_repository(repository)
    skip = set(ignore)
    wanted = [w.rstrip("/") for w in only]
    findings = [f for f in findings if f.code not in skip and (not wanted or _reported(f, wanted))]
    # Files that failed to load were checked too; stray files (FILE001) were not.
    checked = {CONFIG_FILE}
    checked.update(r.path for records in repository.records.values() for r in records)
    checked.update(f.file for f in repository.findings if f.code != "FILE001")
    return ValidationResult(root, findings, len(checked))


def _cache_key(repository: Repository) -> str:
    """What the cross-record findings depend on: every record's content, the
    stray files discovery reports, and whether each artifact exists."""
    assert repository.fingerprint is not None
    # The artifact rule's own verdict, not just "is a file": a link that now
    # leads outside the repository is still a file, but no longer acceptable.
    root = repository.root.resolve()
    artifacts = sorted(
        (loaded.record.artifact, artifact_problem(root, loaded.record.artifact))
        for loaded in repository.of("item")
        if loaded.record.artifact
    )
    strays = sorted(f.file for f in repository.findings if f.code == "FILE001")
    payload = f"{repository.fingerprint}\n{artifacts}\n{strays}".encode()
    return hashlib.sha256(payload).hexdigest()


def _reported(finding: Finding, wanted: list[str]) -> bool:
    """Whether ``finding`` concerns one of the files or directories asked about."""
    if finding.code == "FILE002":
        # Without a valid ccgov.yaml no cross-record rule ran: a report about
        # one record must not look clean because of that.
        return True
    return any(finding.file == w or finding.file.startswith(w + "/") for w in wanted)
