"""Resolving "A" and "B": a baseline name, a date or timestamp, or a git revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from ccgov.baseline.manifest import baselines
from ccgov.baseline.state import ItemState, items_at
from ccgov.errors import RefusedError, UsageError
from ccgov.store import git
from ccgov.store.repo import Repository
from ccgov.validation.validate import open_indexed


@dataclass(frozen=True, slots=True)
class Point:
    """A moment the system can be described at: a label and the commit that holds it."""

    label: str
    commit: str


def parse_moment(text: str, timezone: str) -> datetime | None:
    """A timestamp (which must carry a zone) or a bare date, which means the
    end of that day in the repository's time zone; None if it is neither."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        if len(text) <= 10:
            return datetime.combine(moment.date(), time.max, ZoneInfo(timezone))
        raise UsageError(f"{text!r} has no time zone; add one, e.g. {text}Z")
    return moment


def _timezone(repository: Repository) -> str:
    return repository.config.timezone if repository.config else "UTC"


def point_at(root: Path, repository: Repository, text: str) -> Point:
    """The commit that held the documented state at a moment."""
    moment = parse_moment(text, _timezone(repository))
    if moment is None:
        raise UsageError(
            f"{text!r} is not a date or an ISO 8601 timestamp",
            hint="e.g. 2026-03-01 or 2026-03-01T09:00:00Z",
        )
    commit = git.commit_before(root, moment)
    if commit is None:
        raise RefusedError(
            f"{text} is before the repository's first commit: nothing was documented then"
        )
    # Shown to people: to the second (a bare date means 23:59:59.999999).
    return Point(f"as of {moment.replace(microsecond=0).isoformat(sep=' ')}", commit)


def resolve_point(root: Path, repository: Repository, spec: str) -> Point:
    """A baseline name, a date or timestamp, or a git revision such as HEAD."""
    for loaded in repository.of("baseline"):
        if loaded.record.name == spec:
            return Point(f"baseline {spec}", loaded.record.commit)
    if parse_moment(spec, _timezone(repository)) is not None:
        return point_at(root, repository, spec)
    commit = git.resolve(root, spec)
    if commit is None:
        known = ", ".join(b.name for b in baselines(repository)) or "none yet"
        raise RefusedError(
            f"{spec!r} is not a baseline, a date or a git revision", hint=f"baselines: {known}"
        )
    return Point(spec, commit)


def state_at(root: Path, moment: str) -> tuple[Point, dict[str, ItemState]]:
    """Every CI as it was at ``moment``, from git history (not from a manifest)."""
    point = point_at(root, open_indexed(root), moment)
    return point, items_at(root, point.commit)
