"""SLA consistency: business-time targets need a calendar; dates in order."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.rules.base import Context, finding, rule


@rule(reads=())
def business_targets_have_calendar(context: Context) -> Iterator[Finding]:
    for loaded in context.of("sla"):
        sla: ServiceLevelAgreement = loaded.record
        if sla.calendar is not None:
            continue
        for severity, terms in sla.severities.items():
            for name in ("response", "resolution"):
                if getattr(terms, name).clock == "business":
                    yield finding(
                        loaded,
                        "SLA001",
                        f"severity {severity} {name} counts business time but the SLA "
                        "names no calendar; add calendar: or use clock: 24x7",
                        "severities",
                        severity,
                        name,
                        "clock",
                    )
        for category, target in sla.change_turnaround.items():
            if target.clock == "business":
                yield finding(
                    loaded,
                    "SLA001",
                    f"{category} turnaround counts business time but the SLA names no calendar",
                    "change_turnaround",
                    category,
                )


def _has_hours(context: Context, name: str | None) -> bool:
    calendar = context.config.calendars.get(name) if name is not None else None
    if calendar is None:
        return True  # no calendar: SLA001 or REF says so
    return any(calendar.hours.values()) or any(e.hours for e in calendar.exceptions)


@rule(reads=())
def business_targets_have_working_hours(context: Context) -> Iterator[Finding]:
    for loaded in context.of("sla"):
        sla: ServiceLevelAgreement = loaded.record
        targets = [t for s in sla.severities.values() for t in (s.response, s.resolution)]
        targets += list(sla.change_turnaround.values())
        if any(t.clock == "business" for t in targets) and not _has_hours(context, sla.calendar):
            yield finding(
                loaded,
                "SLA003",
                f"calendar {sla.calendar} has no working hours, so no business-time target on "
                "it can ever be met; give it hours or use clock: 24x7",
                "calendar",
            )


@rule(reads=())
def effective_dates_ordered(context: Context) -> Iterator[Finding]:
    for loaded in context.of("sla"):
        effective = loaded.record.effective
        if effective.end is not None and effective.end < effective.start:
            yield finding(loaded, "SLA002", "effective 'to' is before 'from'", "effective", "to")


@functools.cache
def _countries() -> frozenset[str]:
    # The registry names every country without importing its 500 modules.
    from holidays.registry import COUNTRIES

    return frozenset(entry[1] for entry in COUNTRIES.values())


@functools.cache
def _subdivisions(country: str) -> tuple[str, ...]:
    import holidays

    return tuple(holidays.country_holidays(country).subdivisions)


@rule(reads=(), about=("config",))
def holiday_countries_exist(context: Context) -> Iterator[Finding]:
    for name, calendar in context.config.calendars.items():
        country, subdivision = calendar.holidays.country, calendar.holidays.subdivision
        if country is None:
            continue
        path = ("calendars", name, "holidays")
        if country not in _countries():
            yield finding(
                context.config_record,
                "REF008",
                f"holidays country {country!r} is not known; use an ISO 3166 code such as US",
                *path,
                "country",
            )
        elif subdivision is not None and subdivision not in _subdivisions(country):
            yield finding(
                context.config_record,
                "REF008",
                f"{country} has no subdivision {subdivision!r}; known: "
                f"{', '.join(_subdivisions(country)[:12])}...",
                *path,
                "subdivision",
            )
