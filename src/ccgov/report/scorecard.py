"""The KPI scorecard: each KPI's value in the period, its target, its trend
over the last periods and a sparkline.

For each KPI (docs/operations.md says the same with an example):

* Its periods are those of its frequency (weeks, months, quarters). The
  period reported is the last of them that starts inside the report's period
  and by ``now``; the trend shows it and up to :data:`TREND` - 1 periods
  before it.
* A computed KPI's value for a period is worked out from the records (the
  incidents opened in it, the RFCs submitted in it; see
  :data:`ccgov.records.kpi.METRICS`); an imported KPI's is its measurement
  for the period, if any.
* Met when the value is at or above the target (direction ``higher``) or at
  or below it (``lower``). The trend compares the value with the latest
  earlier period that has one: ``better`` or ``worse`` in the KPI's
  direction, ``steady`` when equal.
* The sparkline plots the trend's values (gaps left out) scaled between
  their own minimum and maximum; a flat line sits in the middle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from ccgov.records.incident import Incident
from ccgov.records.kpi import Kpi, first_day, following, label_of
from ccgov.report import changes as change_report
from ccgov.report.period import Period
from ccgov.report.problems import open_minutes
from ccgov.report.stats import median, share
from ccgov.sla.calendar import as_utc
from ccgov.sla.figures import IncidentFigure, incident_figure
from ccgov.sla.terms import TermsResolver
from ccgov.store.repo import Repository

TREND = 6  # periods in a trend and its sparkline
_ONE_DAY = timedelta(days=1)
SPARK_WIDTH, SPARK_HEIGHT = 120, 28
Trend = Literal["better", "worse", "steady"]
_BLOCKS = "▁▂▃▄▅▆▇█"


def shown(value: float | None) -> str:
    """A figure as the scorecard prints it: whole numbers without decimals."""
    if value is None:
        return "n/a"
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


@dataclass(frozen=True, slots=True)
class Point:
    period: str
    value: float | None

    @property
    def shown(self) -> str:
        return shown(self.value)


@dataclass(slots=True)
class Score:
    kpi: Kpi
    period: str | None  # the KPI period reported (None: none starts in the report's period)
    value: float | None
    met: bool | None
    trend: Trend | None
    points: list[Point] = field(default_factory=list)
    spark: list[tuple[float, float]] = field(default_factory=list)  # SVG coordinates

    @property
    def shown(self) -> str:
        """The value with its unit, as printed."""
        if self.value is None:
            return "n/a"
        return shown(self.value) + (" %" if self.kpi.unit == "percent" else "")

    @property
    def target_shown(self) -> str:
        sign = "≥" if self.kpi.direction == "higher" else "≤"
        unit = " %" if self.kpi.unit == "percent" else ""
        return f"{sign} {shown(float(self.kpi.target))}{unit}"

    @property
    def spark_text(self) -> str:
        """The sparkline as block characters (Markdown); a space for a gap."""
        values = [p.value for p in self.points if p.value is not None]
        if not values:
            return ""
        low, high = min(values), max(values)
        span = high - low
        return "".join(
            " "
            if p.value is None
            else _BLOCKS[3 if span == 0 else round((p.value - low) / span * (len(_BLOCKS) - 1))]
            for p in self.points
        )

    @property
    def spark_svg_points(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.spark)

    def to_json(self) -> dict[str, Any]:
        kpi = self.kpi
        return {
            "id": kpi.id,
            "title": kpi.title,
            "source": kpi.source,
            "metric": kpi.metric,
            "unit": kpi.unit,
            "target": kpi.target,
            "direction": kpi.direction,
            "owner": kpi.owner,
            "audience": kpi.audience,
            "frequency": kpi.frequency,
            "period": self.period,
            "value": self.value,
            "met": self.met,
            "trend": self.trend,
            "points": [{"period": p.period, "value": p.value} for p in self.points],
        }


def spark(values: list[float | None]) -> list[tuple[float, float]]:
    """SVG coordinates of the values in a SPARK_WIDTH x SPARK_HEIGHT box (gaps skipped)."""
    present = [v for v in values if v is not None]
    if not present:
        return []
    low, high = min(present), max(present)
    step = (SPARK_WIDTH - 4) / max(1, len(values) - 1)
    found = []
    for index, value in enumerate(values):
        if value is None:
            continue
        fraction = 0.5 if high == low else (value - low) / (high - low)
        x = 2 + step * index
        y = SPARK_HEIGHT - 2 - fraction * (SPARK_HEIGHT - 4)
        found.append((round(x, 1), round(y, 1)))
    return found


def verdict(kpi: Kpi, value: float | None) -> bool | None:
    if value is None:
        return None
    return value >= kpi.target if kpi.direction == "higher" else value <= kpi.target


def trend(kpi: Kpi, points: list[Point]) -> Trend | None:
    """The last value against the latest earlier one (see the module docstring)."""
    if not points or points[-1].value is None:
        return None
    last = points[-1].value
    earlier = next((p.value for p in reversed(points[:-1]) if p.value is not None), None)
    if earlier is None:
        return None
    if last == earlier:
        return "steady"
    rising = last > earlier
    return "better" if rising == (kpi.direction == "higher") else "worse"


class Calculator:
    """Computes a KPI's value for a period, reusing SLA terms and figures."""

    def __init__(self, repository: Repository, now: datetime) -> None:
        self.repository = repository
        self.now = as_utc(now)
        config = repository.config
        self.zone = ZoneInfo(config.timezone if config else "UTC")
        self.incidents: list[Incident] = [r.record for r in repository.of("incident")]
        self._resolver: TermsResolver | None = None
        self._figures: dict[str, IncidentFigure | None] = {}

    def period(self, label: str) -> Period:
        start = datetime.combine(first_day(label), time(), self.zone)
        end = datetime.combine(first_day(following(label)), time(), self.zone)
        return Period(label, start, end)

    def _figure(self, incident: Incident) -> IncidentFigure | None:
        if incident.id not in self._figures:
            if self._resolver is None:
                self._resolver = TermsResolver(self.repository)
            terms = self._resolver.for_moment(incident.sla, incident.opened)
            figure = None
            if terms is not None:
                try:
                    figure = incident_figure(incident, terms, self.now)
                except ValueError:
                    figure = None  # a business target without a calendar: SLA001
            self._figures[incident.id] = figure
        return self._figures[incident.id]

    def _selected(self, kpi: Kpi, period: Period) -> list[Incident]:
        return [
            i
            for i in self.incidents
            if period.contains(i.opened)
            and i.opened <= self.now
            and (kpi.sla is None or i.sla == kpi.sla)
            and (not kpi.severities or i.severity in kpi.severities)
        ]

    def value(self, kpi: Kpi, label: str) -> float | None:
        if kpi.source == "imported":
            held = kpi.measurement(label)
            return None if held is None else float(held.value)
        period = self.period(label)
        if period.start > self.now:
            return None  # not begun yet
        if kpi.source == "changes":
            report = change_report.build(self.repository, period)
            if kpi.metric == "count":
                return float(report.total)
            pct = (
                report.success_rate_pct
                if kpi.metric == "success_rate"
                else (report.emergency_share_pct)
            )
            return pct
        incidents = self._selected(kpi, period)
        if kpi.metric == "count":
            return float(len(incidents))
        if kpi.metric == "outage_minutes":
            return round(sum((open_minutes(i, self.now) for i in incidents), 0.0), 1)
        figures = [f for f in map(self._figure, incidents) if f is not None]
        if kpi.metric == "median_resolution_minutes":
            resolved = [
                f.resolution.elapsed_minutes
                for f in figures
                if f.resolution is not None and f.resolution.stopped is not None
            ]
            found = median(resolved)
            return None if found is None else round(found, 1)
        met = sum(f.verdict == "met" for f in figures)
        breached = sum(f.verdict == "breached" for f in figures)
        if kpi.metric == "breaches":
            return float(breached)
        return share(met, met + breached)  # compliance


@dataclass(slots=True)
class Scorecard:
    period: str
    scores: list[Score]

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "kpis": [s.to_json() for s in self.scores]}


def _reported(kpi: Kpi, period: Period, today: date) -> str | None:
    """The last KPI period that starts inside the report's period and by today."""
    zone = period.start.tzinfo
    first = period.start.date()
    last = min((period.end - _ONE_DAY).astimezone(zone).date(), today)
    if last < first:
        return None
    label = label_of(last, kpi.frequency)
    return label if first_day(label) >= first else None


def build(repository: Repository, period: Period, now: datetime) -> Scorecard:
    calculator = Calculator(repository, now)
    today = as_utc(now).astimezone(calculator.zone).date()
    scores = []
    for loaded in sorted(repository.of("kpi"), key=lambda r: r.record.id):
        kpi: Kpi = loaded.record
        label = _reported(kpi, period, today)
        if label is None:
            scores.append(Score(kpi, None, None, None, None))
            continue
        labels = [label]
        while len(labels) < TREND:
            previous = label_of(first_day(labels[0]) - _ONE_DAY, kpi.frequency)
            labels.insert(0, previous)
        points = [Point(lab, calculator.value(kpi, lab)) for lab in labels]
        value = points[-1].value
        scores.append(
            Score(
                kpi,
                label,
                value,
                verdict(kpi, value),
                trend(kpi, points),
                points,
                spark([p.value for p in points]),
            )
        )
    return Scorecard(period.label, scores)
