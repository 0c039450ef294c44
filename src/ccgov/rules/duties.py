"""What ccgov.yaml's policy asks of incidents: updates at the cadence of
``policy.communications``, root-cause analysis by the due date of
``policy.rca`` (the maths is :mod:`ccgov.sla.duties`). Validation never reads
the clock, so only what the records settle is judged: a running incident's
current stretch without an update is for ``sla status`` to show."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from ccgov.findings import Finding
from ccgov.records.config import Calendar
from ccgov.records.incident_lifecycle import final_resolution
from ccgov.rules.base import REFERENCED, Context, every, finding, rule
from ccgov.sla.calendar import BusinessClock
from ccgov.sla.duties import analysis, communication_rule, gaps, rca_due, rca_rule


def _minutes(value: float) -> str:
    hours, minutes = divmod(round(value), 60)
    return f"{hours}h{minutes:02d}" if hours else f"{minutes}m"


class _Clocks:
    """One clock per calendar (None: around the clock), built on first use; a
    calendar that cannot make a clock (unknown holiday country, REF008) has none."""

    def __init__(self, calendars: dict[str, Calendar]) -> None:
        self.calendars = calendars
        self.built: dict[str | None, BusinessClock | None] = {}

    def get(self, name: str | None) -> BusinessClock | None:
        if name not in self.built:
            calendar = None if name is None else self.calendars.get(name)
            if name is not None and calendar is None:
                self.built[name] = None  # REF004 reports it
            else:
                try:
                    self.built[name] = BusinessClock(calendar)
                except ValueError:
                    self.built[name] = None
        return self.built[name]


@rule(reads=(), about=("config",))
def communication_calendars_exist(context: Context) -> Iterator[Finding]:
    known = context.config.calendars
    for index, cadence in enumerate(context.config.policy.communications):
        if cadence.calendar is not None and cadence.calendar not in known:
            names = ", ".join(known) or "none defined"
            yield finding(
                context.config_record,
                "REF004",
                f"calendar {cadence.calendar!r} is not defined in ccgov.yaml calendars ({names})",
                "policy",
                "communications",
                index,
                "calendar",
            )


# The cadence and its calendar are in ccgov.yaml.
@rule(reads=(), about=("incident",))
def updates_keep_the_cadence(context: Context) -> Iterator[Finding]:
    policy = context.config.policy
    if not policy.communications:
        return
    clocks = _Clocks(context.config.calendars)
    zone = ZoneInfo(context.config.timezone)
    for loaded in context.of("incident"):
        incident = loaded.record
        cadence = communication_rule(policy, incident.severity)
        if cadence is None:
            continue
        clock = clocks.get(cadence.calendar)
        if clock is None:
            continue
        audience = "/".join(cadence.audience)
        where = f" in {cadence.calendar} hours" if cadence.calendar else ""
        for gap in gaps(incident, cadence, clock):
            assert gap.ended_by is not None  # validation passes no now
            start = gap.start.astimezone(zone).isoformat()
            end = gap.end.astimezone(zone).isoformat()
            yield finding(
                loaded,
                "COM001",
                f"no update to the {audience} from {start} to {end}: {_minutes(gap.minutes)}"
                f"{where}, more than the {cadence.every} policy.communications allows for "
                f"severity {incident.severity}",
                *gap.ended_by,
            )


# The calendar of the incident's SLA (its content), and every problem: the
# problems listing an incident are found from theirs (a problem names its
# incidents, not the other way round).
@rule(reads=(REFERENCED, every("problem")), about=("incident",))
def root_cause_in_time(context: Context) -> Iterator[Finding]:
    policy = context.config.policy
    if not policy.rca:
        return
    clocks = _Clocks(context.config.calendars)
    zone = ZoneInfo(context.config.timezone)
    linked: dict[str, list[tuple[str, datetime]]] = {}
    for problem in context.every("problem"):
        for incident_id in problem.record.incidents:
            linked.setdefault(incident_id, []).append((problem.record.id, problem.record.opened))
    for loaded in context.of("incident"):
        incident = loaded.record
        demand = rca_rule(policy, incident.severity)
        resolved = final_resolution(incident)
        if demand is None or (resolved is None and incident.closed is None):
            continue
        resolved_sla = context.resolve(incident.sla)
        if resolved_sla is None or resolved_sla[0].name != "sla":
            continue  # REF003 / REF007 report it
        clock = clocks.get(resolved_sla[1].record.calendar)
        stop = resolved or incident.closed
        assert stop is not None
        due = None if clock is None else rca_due(clock, stop, demand.within)
        found = analysis(incident, linked.get(incident.id, []), due)
        if incident.reopened and incident.reopened[-1].resolved is not None:
            resolution: tuple[str | int, ...] = ("reopened", len(incident.reopened) - 1, "resolved")
        else:
            resolution = ("resolved",) if incident.resolved is not None else ("closed",)
        due_text = "unknown" if due is None else due.astimezone(zone).isoformat()
        if not found.done and incident.closed is not None:
            yield finding(
                loaded,
                "RCA001",
                f"closed without a root cause or a problem listing it; severity "
                f"{incident.severity} needs its analysis within {demand.within} of resolution "
                f"(due {due_text})",
                "closed",
            )
        elif not found.done:
            yield finding(
                loaded,
                "RCA003",
                f"root-cause analysis due by {due_text} ({demand.within} after resolution): "
                f"record the root cause (ccgov incident update {incident.id} --root-cause ...) "
                f"or raise a problem (ccgov problem new --from {incident.id})",
                *resolution,
            )
        elif found.late:
            assert found.at is not None
            what = "the root cause" if found.by == "root cause" else f"{found.by}"
            yield finding(
                loaded,
                "RCA002",
                f"{what} was recorded {found.at.astimezone(zone).isoformat()}, after the "
                f"analysis was due ({due_text}, {demand.within} after resolution)",
                *(("root_cause_at",) if found.by == "root cause" else resolution),
            )
