"""Judging a change before it is written: the repository as it would be,
validated once, and the errors the change itself would introduce."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ccgov.findings import Finding
from ccgov.store.cache import FileEntry, ValidationCache, stat_key
from ccgov.store.repo import Repository, with_files
from ccgov.validation.validate import check_repository, remember_verdict, remembered_verdict


@dataclass(frozen=True, slots=True)
class ChangeVerdict:
    after: Repository
    findings: list[Finding]  # every finding of the resulting state
    introduced: list[Finding]  # the errors the change would introduce

    @property
    def refused(self) -> bool:
        return bool(self.introduced)


def _signature(finding: Finding) -> tuple[str, str, str]:
    return finding.file, finding.code, finding.message


def judge_change(
    before: Repository,
    files: Mapping[str, bytes],
    touched: Iterable[str],
    *,
    cache: ValidationCache | None = None,
    require_valid: bool = False,
    baseline: Repository | None = None,
) -> ChangeVerdict:
    """Validate the state ``files`` would produce (rules run once).

    An error in a touched file is always the change's. An error elsewhere is
    the change's only if it was not there before (in ``baseline``, by
    default ``before``: a change that adopts the user's edits compares with
    the state without them); the state before is then asked of the cache,
    and only if the cache has no verdict on it are the rules run on it too.
    ``require_valid`` counts every error.
    """
    after = with_files(before, files)
    findings = check_repository(after)
    errors = [f for f in findings if f.severity == "error"]
    if require_valid:
        return ChangeVerdict(after, findings, errors)
    touched = set(touched)
    elsewhere = [f for f in errors if f.file not in touched]
    if elsewhere:
        earlier = baseline if baseline is not None else before
        known = remembered_verdict(cache, earlier) if cache is not None else None
        if known is None:
            known = check_repository(earlier)
        old = {_signature(f) for f in known if f.severity == "error"}
        elsewhere = [f for f in elsewhere if _signature(f) not in old]
    introduced = [f for f in errors if f.file in touched] + elsewhere
    return ChangeVerdict(after, findings, sorted(introduced))


def remember_change(cache: ValidationCache, verdict: ChangeVerdict, written: Iterable[str]) -> None:
    """After the change is on disk: its verdict and the files ccgov wrote go
    into the cache, so the next command starts warm."""
    after = verdict.after
    by_path = {loaded.path: loaded for records in after.records.values() for loaded in records}
    if after.config_record is not None:
        by_path[after.config_record.path] = after.config_record
    for relative in written:
        path = after.root / relative
        digest = (after.digests or {}).get(relative)
        if digest is None or not path.is_file():
            continue
        loaded = by_path.get(relative)
        status = path.stat()
        cache.store(
            relative,
            FileEntry(
                stat_key(status),
                digest,
                loaded.record if loaded else None,
                [f for f in after.findings if f.file == relative],
            ),
            status,
        )
    remember_verdict(cache, after, verdict.findings)
