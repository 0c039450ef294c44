"""Which SLA version and calendar were in force when an incident opened.

An incident is judged against the SLA as it was committed at the moment the
incident opened, not against a later edit: the last commit on the current
branch's first-parent line that touched ``slas/`` or ``ccgov.yaml`` before
that moment holds the version in force. "Last" is history order, not commit
time: equal or skewed commit times never make an older version win. An
incident older than the SLA's first commit is judged against that first
committed version, and says so.

A version also states when it applies (``effective``, dates in the
repository's time zone). When the version committed by then does not apply
on the day the incident opened (signed ahead of its start, or expired), the
newest earlier committed version that does applies, and a note says so; if
none does, the incident is not measured, and the note says that.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ccgov.records.config import Calendar, RepoConfig
from ccgov.records.kinds import CONFIG_FILE, KIND_BY_NAME
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.sla.clock import BusinessClock
from ccgov.store import git
from ccgov.store.loader import load_record
from ccgov.store.repo import Repository

SLAS_DIR = KIND_BY_NAME["sla"].directory


@dataclass(frozen=True, slots=True)
class Terms:
    sla: ServiceLevelAgreement
    calendar: Calendar | None
    commit: str | None  # the commit the SLA version comes from; None: the work tree
    note: str | None = None
    # The calendar's clock, shared by every Terms with an equal calendar so that
    # its span table is built once per run.
    clock: BusinessClock | None = None
    # False: no committed version applied on the day the incident opened (its
    # effective dates); the incident is not measured and ``note`` says why.
    in_force: bool = True

    @property
    def business(self) -> BusinessClock | Calendar | None:
        """What measure() takes for the business clock: the shared clock, or the
        calendar itself when no clock could be built (measure then says why,
        and only if a target needs it)."""
        return self.clock if self.clock is not None else self.calendar

    @property
    def calendar_name(self) -> str | None:
        return self.sla.calendar

    @property
    def version_label(self) -> str:
        where = f"commit {self.commit[:12]}" if self.commit else "the work tree"
        return f"{self.sla.id} version {self.sla.version} ({where})"


def suffix_minima(times: list[int]) -> list[int]:
    """For each commit (oldest first), the earliest commit time at or after it.

    The version in force at a moment is the *last* commit in history order
    whose commit time is at or before the moment. With times out of order
    (a rebase, a skewed clock) that is not a bisection of the times
    themselves, but of their suffix minima: the suffix minimum at ``i`` is at
    or before the moment exactly when some commit from ``i`` on is, so the
    last such ``i`` is the commit in force, and the minima never decrease.
    """
    minima = list(times)
    for index in range(len(minima) - 2, -1, -1):
        minima[index] = min(minima[index], minima[index + 1])
    return minima


def last_at_or_before(minima: list[int], moment: float) -> int:
    """The index of the last commit whose time is at or before ``moment`` (-1: none),
    given :func:`suffix_minima` of the commit times in history order."""
    return bisect.bisect_right(minima, moment) - 1


class TermsResolver:
    """The SLA version in force for each incident, read from git history once."""

    def __init__(self, repository: Repository) -> None:
        root = repository.root
        self.root = root
        self.current = {r.record.id: r.record for r in repository.of("sla")}
        self.config = repository.config
        # (commit, commit time) oldest first, in git's first-parent order: the
        # order is history's, never the timestamps' (equal or skewed commit
        # times must not reorder versions).
        self.commits: list[tuple[str, int]] = []
        if git.has_commits(root):
            output = git.run(
                root,
                ["log", "--first-parent", "--format=%H %ct", "--", f"{SLAS_DIR}/", CONFIG_FILE],
            )
            newest_first = [line.split() for line in output.splitlines() if line.strip()]
            self.commits = [(sha, int(t)) for sha, t in reversed(newest_first)]
        self._minima = suffix_minima([t for _, t in self.commits])
        self._versions: dict[tuple[str, str], Terms | None] = {}
        self._clocks: dict[str, BusinessClock] = {}
        self._configs: dict[str, RepoConfig | None] = {}
        self._chosen: dict[tuple[str, int, date], Terms | None] = {}
        # Effective dates are days of the repository's time zone, as periods are.
        self._zone = ZoneInfo(self.config.timezone if self.config else "UTC")

    def _terms(
        self,
        sla: ServiceLevelAgreement,
        calendar: Calendar | None,
        commit: str | None,
        note: str | None = None,
    ) -> Terms:
        clock = None
        if calendar is not None:
            # Keyed by content: many commits (people, policy edits) carry the same calendar.
            key = calendar.model_dump_json()
            clock = self._clocks.get(key)
            if clock is None:
                try:
                    clock = self._clocks[key] = BusinessClock(calendar)
                except ValueError:
                    clock = None  # an unknown holiday country: REF008 says so
        return Terms(sla, calendar, commit, note, clock)

    def _at(self, commit: str, sla_id: str) -> Terms | None:
        key = (commit, sla_id)
        if key not in self._versions:
            self._versions[key] = self._load(commit, sla_id)
        return self._versions[key]

    def _config_at(self, commit: str) -> RepoConfig | None:
        # Parsed once per commit, however many SLAs it serves.
        if commit not in self._configs:
            data = git.file_at(self.root, commit, CONFIG_FILE)
            loaded = None
            if data is not None:
                loaded, _ = load_record(CONFIG_FILE, data, RepoConfig, id_field=None)
            self._configs[commit] = None if loaded is None else loaded.record
        return self._configs[commit]

    def _load(self, commit: str, sla_id: str) -> Terms | None:
        path = f"{SLAS_DIR}/{sla_id}.yaml"
        sla_bytes = git.file_at(self.root, commit, path)
        if sla_bytes is None:
            return None
        sla, _ = load_record(path, sla_bytes, ServiceLevelAgreement)
        config = self._config_at(commit)
        if sla is None or config is None:
            return None
        calendar = config.calendars.get(sla.record.calendar) if sla.record.calendar else None
        return self._terms(sla.record, calendar, commit)

    def current_terms(self, sla_id: str) -> Terms | None:
        sla = self.current.get(sla_id)
        if sla is None:
            return None
        calendars = self.config.calendars if self.config else {}
        return self._terms(sla, calendars.get(sla.calendar) if sla.calendar else None, None)

    def for_moment(self, sla_id: str, moment: datetime) -> Terms | None:
        """The SLA version in force at ``moment`` (None if the SLA is unknown)."""
        day = moment.astimezone(self._zone).date()
        index = last_at_or_before(self._minima, moment.timestamp()) if self.commits else -2
        key = (sla_id, index, day)
        if key not in self._chosen:
            self._chosen[key] = self._choose(sla_id, index, day)
        return self._chosen[key]

    def _committed(self, sla_id: str, index: int) -> Iterator[Terms]:
        """The SLA as committed at ``index`` and before, newest first."""
        for commit, _ in reversed(self.commits[: index + 1]):
            found = self._at(commit, sla_id)
            if found is not None:
                yield found

    def _candidates(self, sla_id: str, index: int) -> tuple[Iterator[Terms], str | None]:
        """The versions that may apply, newest first (read lazily: most incidents
        need only the first), and a note for all of them."""
        if index == -2:  # no commit: the work tree
            current = self.current_terms(sla_id)
            return iter([] if current is None else [current]), None
        if index >= 0 and self._at(self.commits[index][0], sla_id) is not None:
            return self._committed(sla_id, index), None
        # Older than every committed version: the first committed one applies.
        for commit, _ in self.commits:
            found = self._at(commit, sla_id)
            if found is not None:
                return iter([found]), (
                    "the incident predates the SLA's first commit; judged against that "
                    "first committed version"
                )
        current = self.current_terms(sla_id)
        return iter([] if current is None else [current]), None

    def _choose(self, sla_id: str, index: int, day: date) -> Terms | None:
        candidates, note = self._candidates(sla_id, index)
        newest = next(candidates, None)
        if newest is None:
            return None
        if newest.sla.effective.covers(day):
            return replace(newest, note=note)
        for terms in candidates:
            if terms.sla.effective.covers(day):
                return replace(
                    terms,
                    note=f"{newest.version_label} applies {newest.sla.effective}; an incident "
                    f"opened outside those dates is judged against {terms.version_label}",
                )
        return replace(
            newest,
            note=f"opened {day}, outside the effective dates of {newest.version_label} "
            f"({newest.sla.effective}) and of every version committed before it: not measured",
            in_force=False,
        )
