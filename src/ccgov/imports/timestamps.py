"""Reading a timestamp from an export's cell, as a mapping says.

Exports write local times without an offset, in formats of their own. The
mapping gives the formats (strptime patterns, or ``iso``), the zone such times
are in, and what to do with a local time that happens twice. The result is
always an aware instant inside the range ccgov supports (1970 to 2999):
anything else is a :class:`CellError` that names the cell's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from ccgov.imports.problems import CellError
from ccgov.records.base import EARLIEST, LATEST, check_moment

ISO = "iso"


@dataclass(frozen=True, slots=True)
class Timestamps:
    formats: list[str]
    zone: tzinfo | None
    zone_name: str | None
    ambiguous: Literal["error", "earlier", "later"]

    @classmethod
    def of(
        cls,
        formats: list[str],
        zone_name: str | None,
        ambiguous: Literal["error", "earlier", "later"] = "error",
    ) -> Timestamps:
        return cls(formats, ZoneInfo(zone_name) if zone_name else None, zone_name, ambiguous)

    def parse(self, field_name: str, text: str) -> datetime:
        value = self._match(text)
        if value is None:
            shown = ", ".join("ISO 8601" if f.lower() == ISO else f for f in self.formats)
            raise CellError(
                field_name,
                f"{text!r} is not a timestamp in the mapping's timestamp_formats ({shown})",
            )
        # Before any arithmetic with zones: near year 1 or 9999 it overflows.
        if not EARLIEST.year <= value.year < LATEST.year:
            raise CellError(field_name, _out_of_range(text))
        if value.tzinfo is None:
            value = self._localise(field_name, text, value)
        try:
            return check_moment(value)
        except ValueError:
            # 1970-01-01 00:30+01:00 is still 1969 in UTC.
            raise CellError(field_name, _out_of_range(text)) from None

    def _localise(self, field_name: str, text: str, value: datetime) -> datetime:
        if self.zone is None:
            raise CellError(
                field_name,
                f"{text!r} has no UTC offset and the mapping names no "
                "timezone; add the zone the export's times are in, e.g. "
                "timezone: America/Chicago",
            )
        early = value.replace(tzinfo=self.zone, fold=0)
        late = value.replace(tzinfo=self.zone, fold=1)
        if early.utcoffset() == late.utcoffset():
            return early
        if early.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) != value:
            raise CellError(
                field_name,
                f"{text!r} does not exist in {self.zone_name}: the "
                "clocks skipped that hour (daylight saving time); check the export",
            )
        if self.ambiguous == "error":
            raise CellError(
                field_name,
                f"{text!r} happens twice in {self.zone_name} (the clocks "
                f"went back): {early.isoformat()} or {late.isoformat()}; write the "
                "offset into the cell, or set ambiguous_times: earlier or later in "
                "the mapping",
            )
        return early if self.ambiguous == "earlier" else late

    def _match(self, text: str) -> datetime | None:
        for pattern in self.formats:
            try:
                if pattern.lower() == ISO:
                    # A bare date would become midnight: a guess, not a time.
                    if ":" not in text:
                        continue
                    return datetime.fromisoformat(text)
                return datetime.strptime(text, pattern)
            except ValueError:
                continue
        return None


def _out_of_range(text: str) -> str:
    return (
        f"{text!r} is outside the supported range ({EARLIEST.year} to "
        f"{LATEST.year - 1}); check the year"
    )
