"""Plans: objectives over a horizon, built by IT and the contact center
together and reviewed on a cadence."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from ccgov.records.base import Handle, Model, RecordId, Slug, Text, Timestamp

Quarter = Annotated[
    str,
    Field(pattern=r"^[0-9]{4}-Q[1-4]$", description="A calendar quarter: 2026-Q3."),
]

_INTERVAL = re.compile(r"^([1-9][0-9]*) (week|month|year)s?$")


def _check_interval(value: str) -> str:
    if not _INTERVAL.match(value):
        raise ValueError(f"{value!r} is not an interval; write e.g. 6 months, 1 year or 2 weeks")
    return value


Interval = Annotated[
    str,
    AfterValidator(_check_interval),
    Field(description="How often: a whole number and weeks, months or years (6 months)."),
]


def interval_parts(value: str) -> tuple[int, str]:
    """(count, unit) of a validated :data:`Interval`: ``6 months`` -> (6, "month")."""
    match = _INTERVAL.match(value)
    assert match is not None
    return int(match.group(1)), match.group(2)


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """First and last day of ``2026-Q3``."""
    year, number = int(quarter[:4]), int(quarter[-1])
    first = date(year, 3 * number - 2, 1)
    last = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


class Horizon(Model):
    """The period the plan covers."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        if self.end <= self.start:
            raise ValueError("the horizon ends before it starts")
        return self


class Planned(Model):
    """A demand or requirement under an objective, and the quarter it is due."""

    id: RecordId
    quarter: Quarter | None = Field(None, description="When it is due; omitted: not scheduled.")


class Objective(Model):
    """What the plan sets out to achieve, owned by both organisations."""

    id: Slug
    title: Text
    owners: list[Handle] = Field(
        min_length=1,
        description="Who answers for it: at least one person from IT and one from the "
        "contact center.",
    )
    measure: str | None = Field(None, description="How success is measured.")
    demands: list[Planned] = []
    requirements: list[Planned] = []


class PlanReview(Model):
    """One review of the plan (ccgov plan review)."""

    by: Handle
    at: Timestamp
    summary: Text
    attendees: list[Handle] = []


class Plan(Model):
    """A technology plan: objectives over a horizon, reviewed on a cadence."""

    id: RecordId
    title: Text
    horizon: Horizon
    status: Literal["draft", "active", "closed"] = "active"
    review_every: Interval = Field(description="How often the plan is reviewed (6 months).")
    objectives: list[Objective] = Field(min_length=1)
    reviews: list[PlanReview] = Field([], description="Reviews, oldest first (ccgov plan review).")

    @model_validator(mode="after")
    def _objective_ids_unique(self) -> Plan:
        seen: set[str] = set()
        for objective in self.objectives:
            if objective.id in seen:
                raise ValueError(f"objective {objective.id!r} is listed twice")
            seen.add(objective.id)
        return self
