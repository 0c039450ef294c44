"""What incidents owe besides their targets (ccgov.sla.duties): root-cause
analysis due dates on business calendars, the update cadence, and when the
next update is due. Every expected figure is worked out by hand in the
comments."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.records.config import Calendar, CommunicationRule
from ccgov.records.incident import Incident
from ccgov.sla.calendar import BusinessClock
from ccgov.sla.duties import analysis, gaps, next_update_due, rca_due, spells, stretches

CHICAGO = ZoneInfo("America/Chicago")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
US_OFFICE = BusinessClock(
    Calendar.model_validate(
        {
            "timezone": "America/Chicago",
            "hours": {day: ["08:00-17:00"] for day in WEEKDAYS},
            "holidays": {"country": "US"},
        }
    )
)
ALWAYS = BusinessClock(None)
EVERY_30 = CommunicationRule.model_validate({"severities": [1, 2], "every": "30m"})


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHICAGO)


def iso(month: int, day: int, hour: int, minute: int = 0) -> str:
    return at(month, day, hour, minute).isoformat()


def incident(**fields: Any) -> Incident:
    base = {
        "id": "INC-0001",
        "title": "Calls failing",
        "severity": 1,
        "sla": "SLA-0001",
        "opened": iso(1, 16, 9),
    }
    return Incident.model_validate({**base, **fields})


def update(month: int, day: int, hour: int, minute: int = 0, audience: str = "center") -> Any:
    return {"at": iso(month, day, hour, minute), "by": "ann", "audience": audience, "text": "x"}


# --- root-cause analysis due dates -------------------------------------------------


def test_five_business_days_skip_a_public_holiday() -> None:
    # Resolved Friday 16 January 2026 at 16:00, inside working hours: the start
    # day is that Friday. Monday 19 January is Martin Luther King Jr. Day, so the
    # five business days after it are Tue 20, Wed 21, Thu 22, Fri 23, Mon 26:
    # due at close of business on Monday 26 January, 17:00.
    assert rca_due(US_OFFICE, at(1, 16, 16), "5d") == at(1, 26, 17)


def test_resolved_after_closing_starts_on_the_next_working_day() -> None:
    # Friday 18:00 is after closing: the start day is the next working day,
    # Tuesday 20 (Monday is the holiday); five after it: Wed 21, Thu 22, Fri 23,
    # Mon 26, Tue 27 -> Tuesday 27 January, 17:00.
    assert rca_due(US_OFFICE, at(1, 16, 18), "5d") == at(1, 27, 17)


def test_business_days_across_the_spring_forward() -> None:
    # Monday 2 March 10:45 CST; five business days after it: Tue 3 .. Fri 6 and
    # Monday 9 March, after the clocks went forward on Sunday 8: 17:00 CDT.
    due = rca_due(US_OFFICE, at(3, 2, 10, 45), "5d")
    assert due == at(3, 9, 17)
    assert due is not None and due.astimezone(CHICAGO).utcoffset() == at(3, 9, 17).utcoffset()
    assert str(due.astimezone(CHICAGO)) == "2026-03-09 17:00:00-05:00"


def test_hours_count_working_time() -> None:
    # 4 working hours from Friday 16:00: one hour Friday (to 17:00), Monday is a
    # holiday, three hours Tuesday from 08:00 -> Tuesday 20 January, 11:00.
    assert rca_due(US_OFFICE, at(1, 16, 16), "4h") == at(1, 20, 11)


def test_around_the_clock_days_are_whole_days() -> None:
    # An SLA without a calendar: 5 x 24 hours of real time.
    assert rca_due(ALWAYS, at(1, 16, 16), "5d") == at(1, 21, 16)


def test_analysis_takes_the_earliest_root_cause_or_problem() -> None:
    due = at(1, 26, 17)
    late = incident(root_cause="Licence expired", root_cause_at=iso(1, 27, 9))
    found = analysis(late, [], due)
    assert found.done and found.late and found.by == "root cause"
    # A problem raised before the late root cause was written meets it in time.
    found = analysis(late, [("PRB-0001", at(1, 20, 10))], due)
    assert found.done and not found.late and found.by == "PRB-0001"
    # A root cause without a time cannot be shown late.
    undated = analysis(incident(root_cause="Licence expired"), [("PRB-0002", at(2, 1, 9))], due)
    assert undated.done and not undated.late and undated.by == "root cause"
    nothing = analysis(incident(), [], due)
    assert not nothing.done and not nothing.late


# --- the update cadence --------------------------------------------------------------


def test_stretches_between_updates_and_to_the_resolution() -> None:
    # Opened 09:00, updates 09:25 and 10:00 (35 minutes after the first: a gap),
    # resolved 10:20 (20 minutes after the last).
    record = incident(
        updates=[update(1, 16, 9, 25), update(1, 16, 10)], resolved=iso(1, 16, 10, 20)
    )
    found = [(s.minutes, s.ended_by) for s in stretches(record, ["center"], ALWAYS)]
    assert found == [(25.0, ("updates", 0)), (35.0, ("updates", 1)), (20.0, ("resolved",))]
    assert [(g.start, g.end, g.minutes) for g in gaps(record, EVERY_30, ALWAYS)] == [
        (at(1, 16, 9, 25), at(1, 16, 10), 35.0)
    ]


def test_only_the_rules_audience_counts() -> None:
    # The 09:25 update went to IT: the center heard nothing from 09:00 to 10:00.
    record = incident(
        updates=[update(1, 16, 9, 25, audience="it"), update(1, 16, 10)],
        resolved=iso(1, 16, 10, 10),
    )
    assert [(g.minutes, g.ended_by) for g in gaps(record, EVERY_30, ALWAYS)] == [
        (60.0, ("updates", 1))
    ]


def test_a_pause_stops_the_count() -> None:
    # Updates 09:00 and 09:50 with a vendor pause 09:10-09:40: 20 minutes counted.
    record = incident(
        opened=iso(1, 16, 8, 50),
        updates=[update(1, 16, 9), update(1, 16, 9, 50)],
        pauses=[{"start": iso(1, 16, 9, 10), "end": iso(1, 16, 9, 40), "reason": "vendor"}],
        resolved=iso(1, 16, 10, 10),
    )
    assert [s.minutes for s in stretches(record, ["center"], ALWAYS)] == [10.0, 20.0, 20.0]
    assert gaps(record, EVERY_30, ALWAYS) == []


def test_a_calendar_counts_only_its_hours() -> None:
    # Thursday 15 January 16:40 to the next update Friday 08:20: 20 minutes on
    # Thursday (to 17:00) and 20 on Friday (from 08:00) = 40 > 30.
    record = incident(
        opened=iso(1, 15, 16, 40),
        updates=[update(1, 16, 8, 20)],
        resolved=iso(1, 16, 8, 20),
    )
    assert [(g.minutes, g.ended_by) for g in gaps(record, EVERY_30, US_OFFICE)] == [
        (40.0, ("updates", 0))
    ]


def test_the_time_resolved_before_a_reopening_needs_no_update() -> None:
    # Resolved 09:20 (20 minutes), reopened 11:00, next update 11:20, resolved
    # again 11:40: the hour and forty minutes in between is not a stretch.
    record = incident(
        resolved=iso(1, 16, 9, 20),
        reopened=[{"at": iso(1, 16, 11), "reason": "Back", "resolved": iso(1, 16, 11, 40)}],
        updates=[update(1, 16, 11, 20)],
    )
    assert [(s.start, s.minutes) for s in stretches(record, ["center"], ALWAYS)] == [
        (at(1, 16, 9), 20.0),
        (at(1, 16, 11), 20.0),
        (at(1, 16, 11, 20), 20.0),
    ]
    assert [s.end for s in spells(record)] == [at(1, 16, 9, 20), at(1, 16, 11, 40)]


def test_a_running_incident_is_judged_up_to_now_only_when_asked() -> None:
    record = incident(updates=[update(1, 16, 9, 25)])
    # Validation passes no now: nothing after the last update is judged.
    assert [s.ended_by for s in stretches(record, ["center"], ALWAYS)] == [("updates", 0)]
    # At 10:05 the stretch since 09:25 has run 40 minutes: a gap still running.
    running = gaps(record, EVERY_30, ALWAYS, now=at(1, 16, 10, 5))
    assert [(g.minutes, g.ended_by) for g in running] == [(40.0, None)]


def test_next_update_due() -> None:
    record = incident(updates=[update(1, 16, 9, 25)])
    # Last update 09:25 + 30 minutes.
    assert next_update_due(record, EVERY_30, ALWAYS, at(1, 16, 9, 40)) == at(1, 16, 9, 55)
    # A pause since 09:30 that ended 09:50 pushes it out by 20 minutes.
    paused = incident(
        updates=[update(1, 16, 9, 25)],
        pauses=[{"start": iso(1, 16, 9, 30), "end": iso(1, 16, 9, 50), "reason": "vendor"}],
    )
    assert next_update_due(paused, EVERY_30, ALWAYS, at(1, 16, 10)) == at(1, 16, 10, 15)
    # While it waits, nothing is due; once resolved, nothing is due.
    waiting = incident(pauses=[{"start": iso(1, 16, 9, 30), "reason": "vendor"}])
    assert next_update_due(waiting, EVERY_30, ALWAYS, at(1, 16, 10)) is None
    done = incident(resolved=iso(1, 16, 9, 45))
    assert next_update_due(done, EVERY_30, ALWAYS, at(1, 16, 10)) is None
    # No update yet: 30 minutes from the opening.
    assert next_update_due(incident(), EVERY_30, ALWAYS, at(1, 16, 9, 10)) == at(1, 16, 9, 30)
