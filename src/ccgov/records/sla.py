"""Service level agreements."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ccgov.records.base import (
    Delay,
    Duration,
    Handle,
    Model,
    Percent,
    RecordId,
    RoleName,
    Slug,
    Text,
    Version,
)
from ccgov.records.change import ChangeCategory

Clock = Literal["business", "24x7"]
SeverityLevel = Literal[1, 2, 3, 4]
Recipient = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_.-]*$"),
    Field(description="A role from ccgov.yaml roles, or a person's handle."),
]


class Target(Model):
    """A response, resolution or turnaround target and the clock it runs on."""

    within: Duration
    clock: Clock = "business"


class EscalationStep(Model):
    """Who to notify once an incident has been open this long."""

    after: Delay = Field(description="Elapsed since the incident opened, on the resolution clock.")
    notify: list[Recipient] = Field(min_length=1, description="Roles or people to notify.")
    action: str | None = None


class SeverityTerms(Model):
    """Targets and escalation path for one severity."""

    description: str | None = None
    response: Target
    resolution: Target
    escalation: list[EscalationStep] = []


class Effective(Model):
    """When the SLA version is in force: an incident opened on a date outside them
    (in the repository's time zone) is not measured against this version."""

    start: date = Field(alias="from", description="The first day it applies.")
    end: date | None = Field(
        None, alias="to", description="The last day it applies; omitted: until replaced."
    )

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        return f"from {self.start}" + ("" if self.end is None else f" to {self.end}")


class Reporting(Model):
    """Who reports on the SLA, how often, to whom."""

    frequency: Literal["weekly", "monthly", "quarterly"] = "monthly"
    owner: Handle
    audience: list[RoleName] = []


class AvailabilityTarget(Model):
    """Promised availability of a configuration item."""

    item: RecordId = Field(description="The configuration item whose availability is promised.")
    target: Percent


class ServiceCredit(Model):
    """What a breach of a severity's target costs the provider."""

    severity: SeverityLevel
    per_breach: float = Field(ge=0)


class Credits(Model):
    """Service credits."""

    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    per_breach: list[ServiceCredit] = []
    cap_per_month: float | None = Field(None, ge=0)


class ServiceLevelAgreement(Model):
    """What IT promises the contact center, in measurable terms."""

    id: RecordId
    title: Text
    version: Version
    provider: Text
    customer: Text
    owner: Handle
    effective: Effective
    calendar: Slug | None = Field(
        None, description="A calendar from ccgov.yaml, for business-time targets."
    )
    severities: dict[SeverityLevel, SeverityTerms] = Field(
        description="Targets per severity 1-4.",
        # JSON object keys are text; pydantic does not carry the Literal over.
        json_schema_extra={"propertyNames": {"enum": ["1", "2", "3", "4"]}},
    )
    change_turnaround: dict[ChangeCategory, Target] = {}
    availability: list[AvailabilityTarget] = []
    compliance_goal: Percent = 95.0
    credits: Credits = Credits()
    reporting: Reporting | None = None
    notes: str | None = None
