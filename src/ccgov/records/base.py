"""Shared model configuration and value types.

Strictness is per type, not per model: pydantic's strict mode would also
refuse ISO-8601 text for timestamps, which is exactly what YAML gives us.
Where lax coercion hides a real mistake, the type says so:

* ``Version`` and other text: plain ``str`` already refuses numbers, so an
  unquoted ``1.10`` (the float 1.1) is an error instead of a silent "1.1".
* ``Flag``: a strict bool, so the YAML 1.1 words ``no``/``on`` are errors.
* ``Count``: a strict positive int, so ``"3"``, ``2.5`` or ``0`` are errors.
* ``Timestamp``: must carry a time zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)


class Model(BaseModel):
    """Base of every record and sub-record: unknown keys are errors."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=False,
        validate_default=False,
        # Build validators on first use, not at import: `ccgov --help` and a
        # warm, cached `validate` never validate a record.
        defer_build=True,
    )


Text = Annotated[str, StringConstraints(min_length=1)]
Version = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    Field(description='A version is text: quote it ("1.10" is not "1.1").'),
]
Handle = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_.-]*$"),
    Field(description="A person's handle, declared in ccgov.yaml people."),
]
RoleName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$"),
    Field(description="A role declared in ccgov.yaml roles."),
]
RecordId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z][A-Z0-9]*-[0-9]{4,}$"),
    Field(description="A record id: PREFIX-NNNN."),
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Flag = StrictBool
Count = Annotated[StrictInt, Field(ge=1)]
Percent = Annotated[float, Field(ge=0, le=100)]
# The instants ccgov reasons about: business-time arithmetic adds days and
# years to these, which must never run past what datetime can hold.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)


def check_moment(value: datetime) -> datetime:
    """Refuse an instant outside the supported range (1970 to 2999)."""
    if not EARLIEST <= value < LATEST:
        raise ValueError(
            f"{value.isoformat()} is outside the supported range "
            f"({EARLIEST.year} to {LATEST.year - 1}); check the year"
        )
    return value


Timestamp = Annotated[
    AwareDatetime,
    AfterValidator(check_moment),
    Field(description="ISO 8601 with a time zone, e.g. 2026-03-01T09:00:00+01:00 or ...Z."),
]


def _check_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {name!r}; use an IANA name such as Europe/London"
        ) from exc
    return name


TimeZoneName = Annotated[
    str,
    AfterValidator(_check_zone),
    Field(description="An IANA time zone name, e.g. America/Chicago."),
]

_DURATION = re.compile(r"^\s*(\d+)\s*(m|min|h|d)\s*$")
_UNIT_MINUTES = {"m": 1, "min": 1, "h": 60, "d": 24 * 60}


def _parse_duration(value: Any) -> int:
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return int(match.group(1)) * _UNIT_MINUTES[match.group(2)]
    raise ValueError(f"{value!r} is not a duration; write e.g. 15m, 4h or 2d")


def _check_duration(value: str) -> str:
    if _parse_duration(value) == 0:
        raise ValueError(f"{value!r} is zero; a target or turnaround needs a length, e.g. 15m")
    return value


def _check_delay(value: str) -> str:
    _parse_duration(value)
    return value


Duration = Annotated[
    str,
    AfterValidator(_check_duration),
    Field(
        description="A duration longer than zero: a whole number and a unit, m (minutes), "
        "h (hours) or d (days)."
    ),
]
Delay = Annotated[
    str,
    AfterValidator(_check_delay),
    Field(description="A delay, 0m for at once: a whole number and a unit, m, h or d."),
]


def duration_minutes(value: str) -> int:
    """Minutes in a validated :data:`Duration`."""
    return _parse_duration(value)


_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def _check_span(value: str) -> str:
    match = _SPAN.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a time span; write HH:MM-HH:MM, e.g. 08:00-17:30")
    start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
    if end_h == 24 and end_m == 0:
        end = (24, 0)
    else:
        time(end_h, end_m)
        end = (end_h, end_m)
    time(start_h, start_m)
    if end <= (start_h, start_m):
        raise ValueError(f"{value!r} ends before it starts; a span cannot cross midnight, split it")
    return value


TimeSpan = Annotated[
    str,
    AfterValidator(_check_span),
    Field(description="Local working hours HH:MM-HH:MM; 24:00 may end a span."),
]
