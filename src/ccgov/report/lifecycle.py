"""`ccgov report lifecycle --within 12mo`: configuration items approaching (or
past) the end of their vendor's support, and what is planned about them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.errors import UsageError
from ccgov.store.repo import Repository

_WITHIN = re.compile(r"^\s*(\d+)\s*(mo|m|y|d|w)\s*$")
_DAYS = {"d": 1, "w": 7, "mo": 30.4375, "m": 30.4375, "y": 365.25}
# What the open RFCs touching a CI may do about it.
_OPEN = ("draft", "submitted", "approved", "scheduled")


def parse_within(text: str) -> int:
    """Days in ``12mo``, ``18m``, ``1y``, ``26w`` or ``90d``."""
    match = _WITHIN.match(text)
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"--within {text!r}: write e.g. 12mo, 1y, 26w or 90d")
    return round(int(match.group(1)) * _DAYS[match.group(2)])


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    name: str
    kind: str
    version: str
    vendor: str
    owner: str
    support_ends: date
    days_left: int
    changes: list[str]  # open RFCs that touch it

    @property
    def state(self) -> str:
        return "ended" if self.days_left < 0 else "ending"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "version": self.version,
            "vendor": self.vendor,
            "owner": self.owner,
            "support_ends": self.support_ends.isoformat(),
            "days_left": self.days_left,
            "state": self.state,
            "changes": self.changes,
        }


@dataclass(slots=True)
class Lifecycle:
    today: date
    within_days: int
    items: list[Ending] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.today.isoformat(),
            "within_days": self.within_days,
            "items": [i.to_json() for i in self.items],
        }


def build(repository: Repository, at: datetime, within_days: int) -> Lifecycle:
    zone = ZoneInfo(repository.config.timezone if repository.config else "UTC")
    today = at.astimezone(zone).date()
    horizon = today + timedelta(days=within_days)
    vendors = {r.record.id: r.record.name for r in repository.of("vendor")}
    open_changes: dict[str, list[str]] = {}  # CI -> the open RFCs affecting it
    for loaded_change in repository.of("change"):
        change = loaded_change.record
        if change.status in _OPEN:
            for item_id in set(change.affects):
                open_changes.setdefault(item_id, []).append(change.id)
    report = Lifecycle(today, within_days)
    for loaded in repository.of("item"):
        item = loaded.record
        if item.support_ends is None or item.status == "retired" or item.support_ends > horizon:
            continue
        report.items.append(
            Ending(
                item.id,
                item.name,
                item.kind,
                item.version,
                vendors.get(item.vendor or "", item.vendor or "-"),
                item.owner,
                item.support_ends,
                (item.support_ends - today).days,
                sorted(open_changes.get(item.id, ())),
            )
        )
    report.items.sort(key=lambda e: (e.support_ends, e.id))
    return report
