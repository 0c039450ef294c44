"""The incident as it stood at a moment (sla/timeline.py), by hand: which
stops had happened, which pauses existed and how far they ran, the spells a
reopened incident was open. All times America/Chicago (CST, UTC-6)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ccgov.records.incident import Incident
from ccgov.sla.timeline import Span, Timeline, as_of

CHICAGO = ZoneInfo("America/Chicago")


def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=CHICAGO)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def incident(**fields: Any) -> Incident:
    return Incident.model_validate(
        {"id": "INC-0001", "title": "Queue stuck", "severity": 2, "sla": "SLA-0001",
         "opened": at(12, 9)} | fields
    )  # fmt: skip


def spans(*pairs: tuple[datetime, datetime]) -> tuple[Span, ...]:
    return tuple(Span(utc(a), utc(b)) for a, b in pairs)


REOPENED = incident(
    responded=at(12, 9, 10),
    resolved=at(12, 11),
    reopened=[
        {"at": at(12, 15), "reason": "again", "resolved": at(13, 10)},
        {"at": at(14, 9), "reason": "and again"},
    ],
    closed=at(15, 12),
    pauses=[{"start": at(12, 9, 30), "end": at(12, 10), "reason": "vendor"}],
)


def test_everything_in_utc_and_known_by_the_end() -> None:
    line = as_of(REOPENED, at(16))
    assert line.now == utc(at(16)) and line.now.tzinfo is UTC
    assert line.opened == utc(at(12, 9))
    assert line.responded == utc(at(12, 9, 10))
    # The last reopening was never resolved: closing stopped the clock.
    assert line.resolved == utc(at(15, 12))
    assert line.pauses == spans((at(12, 9, 30), at(12, 10)))
    assert line.gaps == spans((at(12, 11), at(12, 15)), (at(13, 10), at(14, 9)))
    assert line.stops == line.pauses + line.gaps  # sorted by start
    assert line.spells() == list(
        spans((at(12, 9), at(12, 11)), (at(12, 15), at(13, 10)), (at(14, 9), at(15, 12)))
    )


@pytest.mark.parametrize(
    ("moment", "resolved", "gaps", "last"),
    [
        # Before the first resolution: running, no gap, open until now.
        (at(12, 10, 30), None, (), (at(12, 9), at(12, 10, 30))),
        # At the first resolution itself: resolved (a stop at now has happened).
        (at(12, 11), at(12, 11), (), (at(12, 9), at(12, 11))),
        # Resolved, not yet reopened: stopped at 11:00.
        (at(12, 12), at(12, 11), (), (at(12, 9), at(12, 11))),
        # Reopened at 15:00: running again from then, the gap known.
        (at(12, 16), None, ((at(12, 11), at(12, 15)),), (at(12, 15), at(12, 16))),
        # Resolved again on the 13th.
        (at(13, 12), at(13, 10), ((at(12, 11), at(12, 15)),), (at(12, 15), at(13, 10))),
    ],
)
def test_as_it_stood(
    moment: datetime,
    resolved: datetime | None,
    gaps: tuple[tuple[datetime, datetime], ...],
    last: tuple[datetime, datetime],
) -> None:
    line = as_of(REOPENED, moment)
    assert line.resolved == (None if resolved is None else utc(resolved))
    assert line.gaps == spans(*gaps)
    assert line.spells()[-1] == Span(utc(last[0]), utc(last[1]))
    assert len(line.spells()) == len(gaps) + 1


def test_pauses_as_they_stood() -> None:
    record = incident(
        pauses=[
            {"start": at(12, 10), "end": at(12, 11), "reason": "vendor"},
            {"start": at(12, 13), "reason": "customer"},  # still waiting
            {"start": at(12, 16), "end": at(12, 17), "reason": "other"},
        ]
    )
    # 12:00: the first is over, the others do not exist yet.
    assert as_of(record, at(12, 12)).pauses == spans((at(12, 10), at(12, 11)))
    # 10:30: the first is running: it ends now as far as anyone knows.
    assert as_of(record, at(12, 10, 30)).pauses == spans((at(12, 10), at(12, 10, 30)))
    # 14:00: the open one runs until now.
    assert as_of(record, at(12, 14)).pauses == spans(
        (at(12, 10), at(12, 11)), (at(12, 13), at(12, 14))
    )
    # At the very instant a pause begins it has no length yet: not there.
    assert as_of(record, at(12, 13)).pauses == spans((at(12, 10), at(12, 11)))


def test_the_response_stops_at_the_first_of_responded_resolved_closed() -> None:
    assert as_of(incident(responded=at(12, 9, 5)), at(13)).responded == utc(at(12, 9, 5))
    assert as_of(incident(resolved=at(12, 9, 40)), at(13)).responded == utc(at(12, 9, 40))
    assert as_of(incident(closed=at(12, 10)), at(13)).responded == utc(at(12, 10))
    # Recorded after now: not yet.
    assert as_of(incident(responded=at(12, 9, 5)), at(12, 9)).responded is None
    assert as_of(incident(), at(13)).responded is None


def test_closing_stops_the_resolution_clock_when_nothing_else_did() -> None:
    assert as_of(incident(closed=at(12, 10)), at(13)).resolved == utc(at(12, 10))
    assert as_of(incident(closed=at(12, 10)), at(12, 9, 30)).resolved is None
    # Resolved first: the resolution, not the closing.
    assert as_of(incident(resolved=at(12, 9, 50), closed=at(12, 10)), at(13)).resolved == utc(
        at(12, 9, 50)
    )


def test_spells_before_the_incident_opened_are_empty() -> None:
    assert as_of(incident(), at(12, 8)).spells() == []
    assert as_of(incident(), at(12, 9)).spells() == []


def test_a_timeline_is_a_plain_value() -> None:
    line = as_of(incident(), at(12, 10))
    assert line == Timeline(utc(at(12, 10)), utc(at(12, 9)), None, None, (), ())


class NoOffset(tzinfo):
    """A time zone that does not know its offset: aware in name only."""

    def utcoffset(self, dt: datetime | None) -> None:
        return None


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"responded": datetime(2026, 1, 12, 9, 30, tzinfo=NoOffset())}, "timestamp"),
        ({"closed": datetime(2026, 1, 12, 9, 30, tzinfo=NoOffset())}, "timestamp"),
    ],
)
def test_an_instant_without_an_offset_is_named(fields: dict[str, Any], named: str) -> None:
    record = incident().model_copy(update=fields)
    with pytest.raises(ValueError, match=f"^{named} 2026-01-12T09:30:00 has no time zone"):
        as_of(record, at(13))


def test_now_and_opened_are_named_when_naive() -> None:
    with pytest.raises(ValueError, match=r"^now 2026-01-13T00:00:00 has no time zone"):
        as_of(incident(), datetime(2026, 1, 13))
    record = incident().model_copy(update={"opened": datetime(2026, 1, 12, 9)})
    with pytest.raises(ValueError, match=r"^opened 2026-01-12T09:00:00 has no time zone"):
        as_of(record, at(13))
    paused = incident().model_copy(
        update={"pauses": [incident(pauses=[{"start": at(12, 10), "reason": "vendor"}]).pauses[0]
                           .model_copy(update={"start": datetime(2026, 1, 12, 10)})]}
    )  # fmt: skip
    with pytest.raises(ValueError, match=r"^pause start 2026-01-12T10:00:00 has no time zone"):
        as_of(paused, at(13))
    ended = incident(pauses=[{"start": at(12, 10), "end": at(12, 11), "reason": "vendor"}])
    ended = ended.model_copy(
        update={"pauses": [ended.pauses[0].model_copy(update={"end": datetime(2026, 1, 12, 11)})]}
    )
    with pytest.raises(ValueError, match=r"^pause end 2026-01-12T11:00:00 has no time zone"):
        as_of(ended, at(13))
