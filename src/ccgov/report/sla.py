"""The SLA period report: compliance by severity and month, breaches, change
turnaround, availability and service credits, over the incidents opened in a
period. The per-incident figures come from :mod:`ccgov.sla`; how each number
is computed is documented in docs/sla.md."""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from ccgov.errors import RefusedError
from ccgov.records.change import ChangeRequest
from ccgov.records.incident import Incident
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.report.period import Period
from ccgov.report.stats import median, percentile, share
from ccgov.sla.calendar import as_utc, business_time
from ccgov.sla.figures import IncidentFigure, incident_figure
from ccgov.sla.measure import budget, clock_for
from ccgov.sla.scope import covered_items, in_scope
from ccgov.sla.terms import Terms, TermsResolver
from ccgov.sla.timeline import as_of
from ccgov.store.files import no_collection
from ccgov.store.repo import Repository


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True, slots=True)
class Breach:
    id: str
    severity: int
    target: str
    within: str
    elapsed_minutes: float
    overage_minutes: float
    credit: float


@dataclass(slots=True)
class SlaSection:
    sla: ServiceLevelAgreement
    period: str
    figures: list[IncidentFigure]
    severities: list[dict[str, Any]] = field(default_factory=list)
    monthly: list[dict[str, Any]] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    turnaround: list[dict[str, Any]] = field(default_factory=list)
    availability: list[dict[str, Any]] = field(default_factory=list)
    credits_total: float = 0.0
    met: int = 0
    breached: int = 0
    open: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def compliance_pct(self) -> float | None:
        return share(self.met, self.met + self.breached)

    @property
    def verdict(self) -> str:
        if self.compliance_pct is None:
            return "no data"
        return "met" if self.compliance_pct >= self.sla.compliance_goal else "missed"

    def to_json(self) -> dict[str, Any]:
        return {
            "sla": self.sla.id,
            "title": self.sla.title,
            "version": self.sla.version,
            "period": self.period,
            "incidents": [f.to_json() for f in self.figures],
            "severities": self.severities,
            "monthly": self.monthly,
            "breaches": [asdict(b) for b in self.breaches],
            "change_turnaround": self.turnaround,
            "availability": self.availability,
            "credits": {
                "currency": self.sla.credits.currency,
                "total": round(self.credits_total, 2),
            },
            "compliance": {
                "goal_pct": self.sla.compliance_goal,
                "met": self.met,
                "breached": self.breached,
                "open": self.open,
                "compliance_pct": self.compliance_pct,
                "verdict": self.verdict,
            },
            "notes": self.notes,
        }


def _severity_rows(figures: list[IncidentFigure]) -> list[dict[str, Any]]:
    rows = []
    for severity in (1, 2, 3, 4):
        mine = [f for f in figures if f.incident.severity == severity]
        met = sum(f.verdict == "met" for f in mine)
        breached = sum(f.verdict == "breached" for f in mine)
        resolved = [
            f.resolution.elapsed_minutes
            for f in mine
            if f.resolution is not None and f.resolution.stopped is not None
        ]
        rows.append(
            {
                "severity": severity,
                "count": len(mine),
                "met": met,
                "breached": breached,
                "open": sum(f.verdict == "open" for f in mine),
                "compliance_pct": share(met, met + breached),
                "median_resolution_minutes": _round(median(resolved)),
                "p90_resolution_minutes": _round(percentile(resolved, 0.9)),
            }
        )
    return rows


def _monthly(figures: list[IncidentFigure], period: Period) -> list[dict[str, Any]]:
    months = period.months()
    starts = [start for _, start, _ in months]
    by_month: list[list[IncidentFigure]] = [[] for _ in months]
    for figure in figures:  # every figure lies in the period, so in one of its months
        by_month[bisect.bisect_right(starts, figure.incident.opened) - 1].append(figure)
    rows = []
    for (label, _, _), mine in zip(months, by_month, strict=True):
        met = sum(f.verdict == "met" for f in mine)
        breached = sum(f.verdict == "breached" for f in mine)
        rows.append(
            {
                "month": label,
                "count": len(mine),
                "met": met,
                "breached": breached,
                "compliance_pct": share(met, met + breached),
            }
        )
    return rows


def _breaches(section: SlaSection, period: Period) -> None:
    credits = {c.severity: c.per_breach for c in section.sla.credits.per_breach}
    by_month: dict[str, float] = {}
    for figure in section.figures:
        if figure.verdict != "breached":
            continue
        credit = credits.get(figure.incident.severity, 0.0)
        # The same months as the monthly table: calendar months of the period's time zone.
        month = figure.incident.opened.astimezone(period.start.tzinfo).strftime("%Y-%m")
        cap = section.sla.credits.cap_per_month
        if cap is not None:
            credit = max(0.0, min(credit, cap - by_month.get(month, 0.0)))
        by_month[month] = by_month.get(month, 0.0) + credit
        section.credits_total += credit
        first = True
        for result in (figure.response, figure.resolution):
            if result is not None and result.state == "breached":
                section.breaches.append(
                    Breach(
                        figure.incident.id,
                        figure.incident.severity,
                        result.name,
                        result.within,
                        round(result.elapsed_minutes, 1),
                        round(result.overage_minutes or 0.0, 1),
                        credit if first else 0.0,
                    )
                )
                first = False


def _turnaround(
    section: SlaSection, changes: list[ChangeRequest], terms: Terms, period: Period, now: datetime
) -> None:
    for category, target in sorted(section.sla.change_turnaround.items()):
        clock = clock_for(target, terms.business)
        durations: list[float] = []
        met = breached = pending = 0
        for change in changes:
            if change.category != category:
                continue
            submitted = next((t.at for t in change.history if t.status == "submitted"), None)
            if not period.contains(submitted) or change.status in ("rejected", "cancelled"):
                continue
            assert submitted is not None
            if submitted > now:
                continue  # submitted after the moment measured: it did not exist yet
            done = next((t.at for t in change.history if t.status == "implemented"), None)
            if done is not None and done > now:
                done = None  # implemented after the moment: still open then
            allowed = budget(clock, submitted, target.within)
            elapsed = business_time(clock, submitted, done or max(now, submitted))
            if done is not None:
                durations.append(elapsed.total_seconds() / 60)
            if elapsed > allowed:
                breached += 1
            elif done is not None:
                met += 1
            else:
                pending += 1
        section.turnaround.append(
            {
                "category": category,
                "within": target.within,
                "clock": target.clock,
                "count": met + breached + pending,
                "met": met,
                "breached": breached,
                "open": pending,
                "compliance_pct": share(met, met + breached),
                "median_minutes": _round(median(durations)),
            }
        )


def _availability(
    section: SlaSection, incidents: list[Incident], period: Period, now: datetime
) -> None:
    """Severity 1 incidents affecting the item are outages, opened to resolved."""
    for target in section.sla.availability:
        # Every stretch the incident was open (not resolved) up to now; a reopened
        # incident is down again from its reopening.
        outages = [
            (spell.start, spell.end)
            for i in incidents
            if i.severity == 1 and target.item in i.affects
            for spell in as_of(i, now).spells()
        ]
        months = []
        for label, start, end in period.months():
            end = min(end, max(now, start))
            total = (end - start).total_seconds() / 60
            spans = sorted(
                (max(a, start), min(b, end)) for a, b in outages if a < end and b > start
            )
            down = 0.0
            cursor = start
            for a, b in spans:
                a = max(a, cursor)
                if b > a:
                    down += (b - a).total_seconds() / 60
                    cursor = b
            pct = round(100 * (1 - down / total), 3) if total > 0 else None
            months.append(
                {
                    "month": label,
                    "downtime_minutes": round(down, 1),
                    "availability_pct": pct,
                    "met": None if pct is None else pct >= target.target,
                }
            )
        section.availability.append(
            {"item": target.item, "target_pct": target.target, "months": months}
        )


def build(
    repository: Repository, period: Period, now: datetime, sla_id: str | None = None
) -> list[SlaSection]:
    """One section per SLA (or only ``sla_id``) over the incidents opened in ``period``."""
    # Figures for thousands of incidents allocate objects that all live until the
    # report is written; a full collection over the loaded repository meanwhile
    # finds nothing to free and costs a third of the run.
    with no_collection():
        return _build(repository, period, now, sla_id)


def _build(
    repository: Repository, period: Period, now: datetime, sla_id: str | None
) -> list[SlaSection]:
    resolver = TermsResolver(repository)
    slas = sorted((r.record for r in repository.of("sla")), key=lambda s: s.id)
    if sla_id is not None:
        slas = [s for s in slas if s.id == sla_id]
        if not slas:
            known = ", ".join(r.record.id for r in repository.of("sla")) or "none"
            raise RefusedError(f"there is no SLA {sla_id}", hint=f"SLAs: {known}")
    incidents = sorted(
        (r.record for r in repository.of("incident")), key=lambda i: (i.opened, i.id)
    )
    changes = [r.record for r in repository.of("change")]
    vendors = [r.record for r in repository.of("vendor")]
    items = [r.record for r in repository.of("item")]
    now = as_utc(now)
    sections = []
    for sla in slas:
        figures: list[IncidentFigure] = []
        notes: set[str] = set()
        for incident in incidents:
            if incident.sla != sla.id or not period.contains(incident.opened):
                continue
            if incident.opened > now:
                continue  # opened after the moment measured: it did not exist yet
            terms = resolver.for_moment(sla.id, incident.opened)
            assert terms is not None
            if terms.note and terms.in_force:  # the others are listed together below
                notes.add(terms.note)
            figures.append(incident_figure(incident, terms, now))
        section = SlaSection(sla, period.label, figures, notes=sorted(notes))
        section.met = sum(f.verdict == "met" for f in figures)
        section.breached = sum(f.verdict == "breached" for f in figures)
        section.open = sum(f.verdict == "open" for f in figures)
        untargeted = [f.incident.id for f in figures if f.verdict == "untargeted"]
        if untargeted:
            section.notes.append(
                f"no target for the severity of {', '.join(untargeted)}: not counted"
            )
        outside = [f.incident.id for f in figures if f.verdict == "not_in_force"]
        if outside:
            section.notes.append(
                f"opened outside the effective dates of every version of the SLA committed by "
                f"then, so not measured: {', '.join(outside)}"
            )
        section.severities = _severity_rows(figures)
        section.monthly = _monthly(figures, period)
        _breaches(section, period)
        current = resolver.current_terms(sla.id)
        assert current is not None
        # Only the RFCs in the SLA's scope: a carrier is not charged with a QM change.
        covered = covered_items(sla, vendors, items)
        scoped = [change for change in changes if in_scope(change, covered)]
        _turnaround(section, scoped, current, period, now)
        _availability(section, [i for i in incidents if i.sla == sla.id], period, now)
        sections.append(section)
    return sections
