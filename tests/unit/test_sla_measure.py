"""Incidents measured against an SLA: hand-computed cases in America/Chicago.

The SLA below: severity 1 on 24x7 time (15m / 4h), severity 2 on business
time (1h / 8h) with escalations, severity 3 in business days (4h / 2d),
no severity 4. The calendar is Mon-Fri 08:00-17:00 with US public holidays.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ccgov.records.config import Calendar
from ccgov.records.incident import Incident
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.sla.calendar import BusinessClock
from ccgov.sla.measure import (
    IncidentMeasurement,
    budget,
    clock_for,
    escalations_due,
    measure,
)

CHICAGO = ZoneInfo("America/Chicago")

CALENDAR = Calendar.model_validate(
    {
        "timezone": "America/Chicago",
        "hours": {day: ["08:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
        "holidays": {"country": "US"},
    }
)

SLA = ServiceLevelAgreement.model_validate(
    {
        "id": "SLA-0001",
        "title": "Contact center platform support",
        "version": "1.0",
        "provider": "IT",
        "customer": "Contact Center",
        "owner": "ann",
        "effective": {"from": "2026-01-01"},
        "calendar": "office",
        "severities": {
            1: {
                "response": {"within": "15m", "clock": "24x7"},
                "resolution": {"within": "4h", "clock": "24x7"},
                "escalation": [{"after": "2h", "notify": ["noc"]}],
            },
            2: {
                "response": {"within": "1h"},
                "resolution": {"within": "8h"},
                # Listed out of order on purpose: results come in due order.
                "escalation": [
                    {"after": "4h", "notify": ["cab"], "action": "bridge call"},
                    {"after": "2h", "notify": ["help_desk"]},
                ],
            },
            3: {"response": {"within": "4h"}, "resolution": {"within": "2d"}},
        },
    }
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHICAGO)


def incident(severity: int, opened: datetime, **times: Any) -> Incident:
    return Incident.model_validate(
        {
            "id": "INC-0001",
            "title": "Queue stuck",
            "severity": severity,
            "sla": "SLA-0001",
            "opened": opened,
        }
        | times
    )


def run(record: Incident, now: datetime) -> IncidentMeasurement:
    return measure(record, SLA, CALENDAR, now)


# --- 24x7 -----------------------------------------------------------------------------


def test_24x7_targets_met() -> None:
    record = incident(
        1, at(2026, 3, 7, 23), responded=at(2026, 3, 7, 23, 10), resolved=at(2026, 3, 8, 2, 30)
    )
    result = run(record, at(2026, 3, 9))
    assert result.response is not None and result.resolution is not None
    assert (result.response.state, result.response.elapsed_minutes) == ("met", 10)
    # 23:00 CST to 02:30 CST... which is 03:30 CDT on the spring-forward night: 3.5 real hours.
    assert result.resolution.elapsed_minutes == 210
    assert result.resolution.state == "met"
    assert result.resolution.deadline == at(2026, 3, 8, 4)  # 23:00 CST + 4 h = 04:00 CDT
    assert result.resolution.clock == "24x7" and result.resolution.within == "4h"
    assert result.resolution.target_minutes == 240
    assert result.to_json() == {
        "id": "INC-0001",
        "severity": 1,
        "response_minutes": 10.0,
        "resolution_minutes": 210.0,
        "response_met": True,
        "resolution_met": True,
    }


def test_24x7_target_breached() -> None:
    record = incident(
        1, at(2026, 1, 10, 10), responded=at(2026, 1, 10, 10, 20), resolved=at(2026, 1, 10, 15)
    )
    result = run(record, at(2026, 1, 11))
    assert result.response is not None and result.resolution is not None
    assert result.response.state == "breached" and result.response.overage_minutes == 5
    assert result.resolution.state == "breached" and result.resolution.overage_minutes == 60
    assert result.resolution.fraction_elapsed is None
    assert result.to_json()["resolution_met"] is False


# --- business hours ------------------------------------------------------------------------


def test_business_hours_over_a_weekend() -> None:
    # Opened Fri 16:30. Response: Fri 30 min + Mon 08:00-08:15 = 45 of 60.
    # Resolution: Fri 30 min + Mon 08:00-16:00 = 510 of 480: breached by 30; due Mon 15:30.
    record = incident(
        2, at(2026, 1, 9, 16, 30), responded=at(2026, 1, 12, 8, 15), resolved=at(2026, 1, 12, 16)
    )
    result = run(record, at(2026, 1, 13))
    assert result.response is not None and result.resolution is not None
    assert (result.response.state, result.response.elapsed_minutes) == ("met", 45)
    assert result.response.deadline == at(2026, 1, 12, 8, 30)
    assert result.resolution.deadline == at(2026, 1, 12, 15, 30)
    assert result.resolution.state == "breached"
    assert result.resolution.overage_minutes == 30
    assert result.resolution.stopped == at(2026, 1, 12, 16)


def test_pauses_stop_the_resolution_clock_only() -> None:
    # Same incident with a 1 h customer pause Monday morning: resolution 450 of 480, met;
    # the deadline moves an hour to 16:30. The response clock ignores the pause.
    pause = {"start": at(2026, 1, 12, 8), "end": at(2026, 1, 12, 9), "reason": "customer"}
    record = incident(
        2,
        at(2026, 1, 9, 16, 30),
        responded=at(2026, 1, 12, 8, 45),
        resolved=at(2026, 1, 12, 16),
        pauses=[pause],
    )
    result = run(record, at(2026, 1, 13))
    assert result.response is not None and result.resolution is not None
    assert (result.response.state, result.response.elapsed_minutes) == ("breached", 75)
    assert (result.resolution.state, result.resolution.elapsed_minutes) == ("met", 450)
    assert result.resolution.deadline == at(2026, 1, 12, 16, 30)


def test_open_within_target() -> None:
    record = incident(2, at(2026, 1, 12, 9))
    result = run(record, at(2026, 1, 12, 9, 45))
    assert result.response is not None and result.resolution is not None
    assert result.response.state == "open" and result.response.fraction_elapsed == 0.75
    assert result.resolution.state == "open" and result.resolution.fraction_elapsed == 45 / 480
    assert result.response.stopped is None and result.response.overage_minutes is None
    assert result.to_json() == {
        "id": "INC-0001",
        "severity": 2,
        "response_minutes": 45.0,
        "resolution_minutes": 45.0,
        "response_met": None,
        "resolution_met": None,
    }


def test_open_past_the_deadline_is_breached() -> None:
    result = run(incident(2, at(2026, 1, 12, 9)), at(2026, 1, 12, 16, 20))
    assert result.response is not None and result.resolution is not None
    assert result.response.state == "breached" and result.response.overage_minutes == 6 * 60 + 20
    assert result.resolution.state == "open"
    assert result.to_json()["response_met"] is False and result.to_json()["resolution_met"] is None


def test_off_hours_after_the_deadline_overrun_no_business_time() -> None:
    # Opened Mon 09:00: the 8 h resolution budget is spent at 17:00.
    record = incident(2, at(2026, 1, 12, 9), responded=at(2026, 1, 12, 9, 5))
    evening = run(record, at(2026, 1, 12, 19)).resolution
    assert evening is not None
    assert evening.deadline == at(2026, 1, 12, 17)
    assert (evening.state, evening.fraction_elapsed) == ("open", 1.0)
    # Resolved that evening: no business time past the target, so met.
    resolved = incident(
        2, at(2026, 1, 12, 9), responded=at(2026, 1, 12, 9, 5), resolved=at(2026, 1, 12, 19)
    )
    late_evening = run(resolved, at(2026, 1, 13)).resolution
    assert late_evening is not None and late_evening.state == "met"
    # Still open when business resumes: breached.
    morning = run(record, at(2026, 1, 13, 8, 1)).resolution
    assert morning is not None and morning.state == "breached" and morning.overage_minutes == 1


def test_business_days_skip_a_public_holiday() -> None:
    # Opened Fri 2026-01-16 10:00, "2d": day 1 is Tue (MLK Monday), day 2 Wed; due Wed 17:00.
    # Budget: Fri 7 h + Tue 9 h + Wed 9 h = 25 h.
    record = incident(
        3, at(2026, 1, 16, 10), responded=at(2026, 1, 16, 11), resolved=at(2026, 1, 21, 16)
    )
    result = run(record, at(2026, 1, 22))
    assert result.resolution is not None
    assert result.resolution.deadline == at(2026, 1, 21, 17)
    assert result.resolution.target_minutes == 25 * 60
    assert result.resolution.elapsed_minutes == 24 * 60
    assert result.resolution.state == "met"


def test_response_stops_at_resolution_when_no_response_was_recorded() -> None:
    record = incident(2, at(2026, 1, 12, 9), resolved=at(2026, 1, 12, 9, 40))
    result = run(record, at(2026, 1, 13))
    assert result.response is not None
    assert (result.response.state, result.response.elapsed_minutes) == ("met", 40)
    assert result.response.stopped == at(2026, 1, 12, 9, 40)


def test_a_stop_after_now_has_not_happened_yet() -> None:
    record = incident(
        2, at(2026, 1, 12, 9), responded=at(2026, 1, 12, 9, 30), resolved=at(2026, 1, 12, 12)
    )
    result = run(record, at(2026, 1, 12, 10))
    assert result.resolution is not None and result.response is not None
    assert result.response.state == "met"
    assert (result.resolution.state, result.resolution.elapsed_minutes) == ("open", 60)


def test_no_target_for_the_severity() -> None:
    result = run(incident(4, at(2026, 1, 12, 9)), at(2026, 1, 13))
    assert result.response is None and result.resolution is None
    assert result.to_json() == {
        "id": "INC-0001",
        "severity": 4,
        "response_minutes": None,
        "resolution_minutes": None,
        "response_met": None,
        "resolution_met": None,
    }
    assert escalations_due(incident(4, at(2026, 1, 12, 9)), SLA, CALENDAR, at(2026, 1, 13)) == []


def test_business_target_without_a_calendar_is_an_error() -> None:
    with pytest.raises(ValueError, match="SLA-0001 severity 2 response: a business-time target"):
        measure(incident(2, at(2026, 1, 12, 9)), SLA, None, at(2026, 1, 13))
    # 24x7 targets need no calendar.
    assert (
        measure(incident(1, at(2026, 1, 12, 9)), SLA, None, at(2026, 1, 13)).resolution is not None
    )


def test_a_prebuilt_clock_stands_for_the_calendar() -> None:
    clock = BusinessClock(CALENDAR)
    record = incident(
        2, at(2026, 1, 9, 16, 30), responded=at(2026, 1, 12, 8, 15), resolved=at(2026, 1, 12, 16)
    )
    assert measure(record, SLA, clock, at(2026, 1, 13)) == run(record, at(2026, 1, 13))
    assert clock_for(SLA.severities[2].resolution, clock) is clock
    with pytest.raises(ValueError, match="needs a calendar"):
        clock_for(SLA.severities[2].resolution, BusinessClock(None))


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        run(incident(2, at(2026, 1, 12, 9)), datetime(2026, 1, 13))


def test_minutes_are_rounded_in_json() -> None:
    record = incident(1, at(2026, 1, 12, 9), responded=datetime(2026, 1, 12, 15, 0, 20, tzinfo=UTC))
    assert run(record, at(2026, 1, 13)).to_json()["response_minutes"] == 0.3


# --- escalations ------------------------------------------------------------------------------


def test_escalations_due_on_the_resolution_clock_minus_pauses() -> None:
    # Opened Fri 16:30; Monday 08:00-09:00 paused. 2 h: Fri 30 min + Mon 09:00-10:30.
    # 4 h: Mon 12:30.
    pause = {"start": at(2026, 1, 12, 8), "end": at(2026, 1, 12, 9), "reason": "vendor"}
    record = incident(2, at(2026, 1, 9, 16, 30), pauses=[pause])
    due = escalations_due(record, SLA, CALENDAR, at(2026, 1, 12, 11))
    assert [(step.notify, when, passed) for step, when, passed in due] == [
        (["help_desk"], at(2026, 1, 12, 10, 30), True),
        (["cab"], at(2026, 1, 12, 12, 30), False),
    ]
    assert due[1].step.action == "bridge call"


def test_escalations_after_resolution_never_pass() -> None:
    record = incident(2, at(2026, 1, 9, 16, 30), resolved=at(2026, 1, 12, 10))
    due = escalations_due(record, SLA, CALENDAR, at(2026, 1, 20))
    assert [(when, passed) for _, when, passed in due] == [
        (at(2026, 1, 12, 9, 30), True),
        (at(2026, 1, 12, 11, 30), False),
    ]


def test_escalations_on_24x7() -> None:
    record = incident(1, at(2026, 1, 10, 22))
    [(step, when, passed)] = escalations_due(record, SLA, None, at(2026, 1, 10, 23))
    assert step.notify == ["noc"] and when == at(2026, 1, 11, 0) and not passed


# --- the incident as it stood at now: pauses, open pauses, reopenings ------------------------


def pause(start: datetime, end: datetime | None = None, reason: str = "customer") -> dict[str, Any]:
    return {"start": start, "end": end, "reason": reason}


def test_a_pause_that_begins_after_now_does_not_exist_yet() -> None:
    # Severity 2 (8 h business, Mon-Fri 08-17), opened Mon 09:00; the record says it
    # waited on the customer 13:00-15:00.
    record = incident(2, at(2026, 1, 12, 9), responded=at(2026, 1, 12, 9, 5),
                      pauses=[pause(at(2026, 1, 12, 13), at(2026, 1, 12, 15))])  # fmt: skip
    # At noon the wait has not begun: 3 h counted, due 17:00 as if no pause.
    noon = run(record, at(2026, 1, 12, 12)).resolution
    assert noon is not None
    assert (noon.elapsed_minutes, noon.deadline) == (180, at(2026, 1, 12, 17))
    # At 14:00 it is running: 4 h counted (09-13), and 4 h left from 14:00: Mon 14-17 and
    # Tue 08-09.
    during = run(record, at(2026, 1, 12, 14)).resolution
    assert during is not None
    assert (during.elapsed_minutes, during.deadline) == (240, at(2026, 1, 13, 9))
    # Tue 10:00: the whole wait is known: 09-13 (240) + 15-17 (120) + Tue 08-10 (120).
    later = run(record, at(2026, 1, 13, 10)).resolution
    assert later is not None
    assert (later.elapsed_minutes, later.state, later.deadline) == (
        480,
        "open",
        at(2026, 1, 13, 10),
    )
    # Escalations move with what is known. Waiting 12:00-14:00 instead: at 11:30 the
    # 4 h step (cab) is due 13:00; once the wait is known, 09-12 and 14-15: due 15:00.
    lunch = incident(
        2, at(2026, 1, 12, 9), pauses=[pause(at(2026, 1, 12, 12), at(2026, 1, 12, 14))]
    )
    steps = escalations_due(lunch, SLA, CALENDAR, at(2026, 1, 12, 11, 30))
    assert [when for _, when, _ in steps] == [at(2026, 1, 12, 11), at(2026, 1, 12, 13)]
    steps = escalations_due(lunch, SLA, CALENDAR, at(2026, 1, 13, 10))
    assert [when for _, when, _ in steps] == [at(2026, 1, 12, 11), at(2026, 1, 12, 15)]


def test_an_open_pause_counts_as_paused_until_now() -> None:
    # Waiting on the customer since Mon 10:00, no end recorded yet.
    record = incident(2, at(2026, 1, 12, 9), responded=at(2026, 1, 12, 9, 10),
                      pauses=[pause(at(2026, 1, 12, 10))])  # fmt: skip
    result = run(record, at(2026, 1, 12, 14)).resolution
    assert result is not None
    # Counted 09-10 only; as if the wait ended now: 7 h from 14:00 = Mon 14-17, Tue 08-12.
    assert (result.elapsed_minutes, result.state) == (60, "open")
    assert result.fraction_elapsed == 60 / 480
    assert result.deadline == at(2026, 1, 13, 12)
    # Next morning it still waits: still 60 min, due 7 h after Tue 09:00 = Tue 16:00.
    morning = run(record, at(2026, 1, 13, 9)).resolution
    assert morning is not None
    assert (morning.elapsed_minutes, morning.deadline) == (60, at(2026, 1, 13, 16))
    # The response clock ignores pauses: met at 10 minutes.
    response = run(record, at(2026, 1, 12, 14)).response
    assert response is not None and (response.state, response.elapsed_minutes) == ("met", 10)


def reopened(first: datetime, *spells: tuple[datetime, datetime | None]) -> dict[str, Any]:
    return {
        "resolved": first,
        "reopened": [{"at": a, "reason": "came back", "resolved": b} for a, b in spells],
    }


def test_a_reopened_incident_counts_every_open_spell() -> None:
    # Opened Mon 09:00, resolved 11:00, reopened 15:00, resolved again Tue 10:00.
    record = incident(2, at(2026, 1, 12, 9), responded=at(2026, 1, 12, 9, 10),
                      **reopened(at(2026, 1, 12, 11), (at(2026, 1, 12, 15), at(2026, 1, 13, 10))))  # fmt: skip
    result = run(record, at(2026, 1, 14))
    assert result.resolution is not None and result.response is not None
    # 09-11 (120) + 15-17 (120) + Tue 08-10 (120) = 360 of 480; 11-15 was resolved.
    assert (result.resolution.elapsed_minutes, result.resolution.state) == (360, "met")
    assert result.resolution.stopped == at(2026, 1, 13, 10)
    # Its deadline skips the resolved gap: 09-11, 15-17, Tue 08-12.
    assert result.resolution.deadline == at(2026, 1, 13, 12)
    assert (result.response.elapsed_minutes, result.response.state) == (10, "met")


def test_a_reopened_incident_as_it_stood_in_between() -> None:
    record = incident(2, at(2026, 1, 12, 9), responded=at(2026, 1, 12, 9, 10),
                      **reopened(at(2026, 1, 12, 11), (at(2026, 1, 12, 15), at(2026, 1, 13, 10))))  # fmt: skip
    # Mon 12:00: resolved at 11:00 and not yet reopened: met at 120 minutes.
    before = run(record, at(2026, 1, 12, 12)).resolution
    assert before is not None
    assert (before.state, before.elapsed_minutes, before.stopped) == (
        "met",
        120,
        at(2026, 1, 12, 11),
    )
    # Mon 16:00: reopened an hour ago, running: 120 + 60.
    during = run(record, at(2026, 1, 12, 16)).resolution
    assert during is not None
    assert (during.state, during.elapsed_minutes, during.stopped) == ("open", 180, None)
    # Escalations: 2 h falls due at 11:00 (spent just as it was resolved), 4 h at Mon 17:00.
    steps = escalations_due(record, SLA, CALENDAR, at(2026, 1, 12, 16))
    assert [(when, passed) for _, when, passed in steps] == [
        (at(2026, 1, 12, 11), True),
        (at(2026, 1, 12, 17), False),
    ]


def test_a_reopened_incident_can_breach() -> None:
    # Severity 1, 4 h on 24x7: opened Sat 10:00, resolved 11:00, reopened 13:00,
    # resolved again 16:30: 60 + 210 = 270 minutes, 30 over.
    record = incident(1, at(2026, 1, 10, 10), responded=at(2026, 1, 10, 10, 5),
                      **reopened(at(2026, 1, 10, 11), (at(2026, 1, 10, 13), at(2026, 1, 10, 16, 30))))  # fmt: skip
    result = run(record, at(2026, 1, 11)).resolution
    assert result is not None
    assert (result.elapsed_minutes, result.state, result.overage_minutes) == (270, "breached", 30)
    # Still open after the second reopening: closed stops it, 24x7 from 18:00 to 19:00.
    again = incident(1, at(2026, 1, 10, 10), closed=at(2026, 1, 10, 19),
                     **reopened(at(2026, 1, 10, 11), (at(2026, 1, 10, 18), None)))  # fmt: skip
    closed = run(again, at(2026, 1, 11)).resolution
    assert closed is not None
    assert (closed.elapsed_minutes, closed.stopped) == (60 + 60, at(2026, 1, 10, 19))


# --- names, messages and edges the figures rely on ------------------------------------------


def test_each_result_says_which_target_it_is() -> None:
    result = run(incident(2, at(2026, 1, 12, 9), responded=at(2026, 1, 12, 9, 5)), at(2026, 1, 13))
    assert result.response is not None and result.resolution is not None
    assert (result.response.name, result.resolution.name) == ("response", "resolution")
    assert (result.response.clock, result.resolution.clock) == ("business", "business")


def sla(**severity: Any) -> ServiceLevelAgreement:
    data = SLA.model_dump(by_alias=True)
    data["severities"] = {2: severity}
    return ServiceLevelAgreement.model_validate(data)


def test_a_missing_calendar_is_named_for_the_target_that_needs_it() -> None:
    terms = sla(
        response={"within": "1h", "clock": "24x7"},
        resolution={"within": "8h"},
        escalation=[{"after": "2h", "notify": ["noc"]}],
    )
    record = incident(2, at(2026, 1, 12, 9))
    with pytest.raises(
        ValueError,
        match=r"^SLA-0001 severity 2 resolution: a business-time target \(8h\) needs a "
        "calendar; name one in the SLA or use clock: 24x7$",
    ):
        measure(record, terms, None, at(2026, 1, 13))
    with pytest.raises(ValueError, match=r"^SLA-0001 severity 2 escalation: a business-time"):
        escalations_due(record, terms, None, at(2026, 1, 13))


def test_a_step_beyond_ten_years_is_left_out_and_the_others_kept() -> None:
    # Severity 2 (business): opened Mon 09:00, waiting on the customer since 11:30 and
    # still waiting eleven years on. The 2 h step fell due at 11:00; the 4 h step (listed
    # first) would need working time after the wait: not within ten years of searching.
    record = incident(2, at(2026, 1, 12, 9), pauses=[pause(at(2026, 1, 12, 11, 30))])
    steps = escalations_due(record, SLA, CALENDAR, at(2037, 1, 12))
    assert [(step.notify, when, passed) for step, when, passed in steps] == [
        (["help_desk"], at(2026, 1, 12, 11), True)
    ]
    result = run(record, at(2037, 1, 12)).resolution
    assert result is not None and result.deadline is None and result.elapsed_minutes == 150


def test_a_step_due_exactly_now_has_passed() -> None:
    record = incident(2, at(2026, 1, 12, 9))
    steps = escalations_due(record, SLA, CALENDAR, at(2026, 1, 12, 11))
    assert [(when, passed) for _, when, passed in steps] == [
        (at(2026, 1, 12, 11), True),
        (at(2026, 1, 12, 13), False),
    ]


def test_a_calendar_without_hours_allows_nothing_and_counts_nothing() -> None:
    closed = BusinessClock(Calendar.model_validate({"timezone": "UTC", "hours": {}}))
    assert budget(closed, at(2026, 1, 12, 9), "3d") == timedelta(0)
    assert budget(closed, at(2026, 1, 12, 9), "4h") == timedelta(hours=4)
    terms = sla(response={"within": "1h"}, resolution={"within": "2d"})
    result = measure(incident(2, at(2026, 1, 12, 9)), terms, closed, at(2026, 1, 20))
    assert result.resolution is not None and result.response is not None
    # Never breached (nothing is ever counted), fully used, and no deadline to show.
    assert (result.resolution.state, result.resolution.fraction_elapsed) == ("open", 1.0)
    assert (result.resolution.target_minutes, result.resolution.deadline) == (0, None)
    assert (result.response.fraction_elapsed, result.response.deadline) == (0, None)
