"""What every report states about itself: where its numbers come from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ccgov import __version__
from ccgov.store import git
from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class Meta:
    organisation: str
    generated: str
    commit: str
    dirty: bool
    as_of: str = ""  # the moment still-open items are judged at
    period: str = ""  # the period the figures cover, and how it was chosen
    version: str = __version__
    links: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "organisation": self.organisation,
            "generated": self.generated,
            "as_of": self.as_of,
            "period": self.period,
            "commit": self.commit,
            "dirty": self.dirty,
            "ccgov": self.version,
        }


def meta(
    root: Path,
    repository: Repository,
    now: datetime,
    links: list[tuple[str, str]] | None = None,
    as_of: datetime | None = None,
    period: str = "",
) -> Meta:
    """The commit (and moment) the report is computed from, so an auditor can regenerate it."""
    config = repository.config
    zone = ZoneInfo(config.timezone if config else "UTC")
    commit = git.resolve(root, "HEAD") if git.has_commits(root) else None
    return Meta(
        organisation=config.organisation if config else root.name,
        generated=now.astimezone(zone).replace(microsecond=0).isoformat(),
        as_of=(as_of or now).astimezone(zone).replace(microsecond=0).isoformat(),
        commit=commit or "(no commit)",
        dirty=not git.is_clean(root),
        links=links or [],
        period=period,
    )
