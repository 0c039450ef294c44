"""ccgov.yaml: the governed repository's own configuration."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from ccgov.findings import CODES
from ccgov.records.base import (
    Count,
    Duration,
    Flag,
    Handle,
    Model,
    RecordId,
    RoleName,
    Slug,
    Text,
    TimeSpan,
    Timestamp,
    TimeZoneName,
)
from ccgov.records.change import ChangeCategory, ChangeType, Risk
from ccgov.records.demand import CostBand, Money
from ccgov.records.item import ItemKind
from ccgov.records.requirement import RequirementKind
from ccgov.records.sla import SeverityLevel
from ccgov.records.vocabulary import Audience

Organisation = Literal["it", "contact_center", "vendor", "pmo", "business"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Day = date  # a field named `date` cannot be annotated with the name it shadows


class Person(Model):
    """Someone who raises, decides on or implements changes."""

    handle: Handle
    name: Text
    email: Text = Field(
        description="Matches the person's git user.email; that is how ccgov knows who acts."
    )
    organisation: Organisation
    roles: list[RoleName] = []
    active: Flag = Field(
        True, description="An inactive person's approvals, reviews and tests no longer count."
    )
    signing_keys: list[Text] = Field(
        [],
        description="Public keys this person signs commits with: an SSH public key line "
        '("ssh-ed25519 AAAA... name") or "gpg:<fingerprint>". With '
        "policy.require_signed_commits, a commit counts only when signed by a key of the person "
        "it acts as.",
    )


class Role(Model):
    """A role used by RACI matrices, approval policy and escalation paths."""

    name: Text
    description: str | None = None


class Holidays(Model):
    """Non-working days: a country's public holidays and/or listed dates."""

    country: str | None = Field(
        None, description="ISO 3166 country code whose public holidays count as non-working days."
    )
    subdivision: str | None = Field(None, description="State or province code, e.g. TX.")
    dates: list[date] = Field([], description="Extra non-working dates (company holidays).")


class CalendarException(Model):
    """One date worked to its own hours: a half day, a one-off opening on a weekend
    or a holiday, or an unplanned closure."""

    date: Day = Field(description="The local date.")
    hours: list[TimeSpan] = Field(
        description="That date's working hours, instead of its weekday's and even on a holiday; "
        "[] closes the date."
    )
    reason: str | None = Field(
        None, description="Why the date differs, e.g. Christmas Eve half day."
    )


class Calendar(Model):
    """Business hours for SLA clocks. A day with no spans is closed."""

    timezone: TimeZoneName
    hours: dict[Weekday, list[TimeSpan]] = Field(
        description="Working hours per weekday as local HH:MM-HH:MM spans; split shifts allowed."
    )
    holidays: Holidays = Holidays()
    exceptions: list[CalendarException] = Field(
        [], description="Dates with their own hours; each date at most once."
    )

    @model_validator(mode="after")
    def _one_exception_per_date(self) -> Calendar:
        seen: set[date] = set()
        for exception in self.exceptions:
            if exception.date in seen:
                raise ValueError(f"calendar exception for {exception.date} is listed twice")
            seen.add(exception.date)
        return self


class Blackout(Model):
    """A period in which only emergency changes may be scheduled."""

    name: Text
    start: Timestamp
    end: Timestamp
    reason: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Blackout:
        if self.end <= self.start:
            raise ValueError("blackout end must be after its start")
        return self


class RoleCount(Model):
    """How many distinct people holding a role must decide."""

    role: RoleName
    count: Count = 1


class ApprovalRule(Model):
    """Approvals an RFC needs. The first rule whose type and risk match applies."""

    type: ChangeType
    risk: list[Risk] | None = Field(None, description="Risks this rule covers; omitted means any.")
    require: list[RoleCount] = Field(description="Approvals needed before the RFC is approved.")
    retrospective: list[RoleCount] = Field(
        [],
        description="Reviews needed after the fact (emergency changes) before the RFC can close.",
    )


class Signatory(Model):
    """One sign-off a rule asks for: from an organisation, a role, or a role
    within an organisation."""

    organisation: Organisation | None = None
    role: RoleName | None = None
    count: Count = 1

    @model_validator(mode="after")
    def _someone(self) -> Signatory:
        if self.organisation is None and self.role is None:
            raise ValueError("a sign-off names an organisation, a role, or both")
        return self


class RequirementRule(Model):
    """The sign-offs a requirement needs before it counts as approved. The
    first rule whose kinds match applies; no rule, no sign-off needed."""

    kind: list[RequirementKind] | None = Field(
        None, description="Requirement kinds this rule covers; omitted means any."
    )
    require: list[Signatory] = Field(min_length=1)


class InvestmentRule(Model):
    """The decisions a demand needs before it is approved. The first rule whose
    cost bands match applies."""

    band: list[CostBand] | None = Field(
        None, description="Cost bands this rule covers; omitted means any."
    )
    require: list[Signatory] = Field(min_length=1)


class Investments(Model):
    """Who decides on demands, by cost band."""

    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    bands: dict[CostBand, Money] = Field(
        {},
        description="Each band's upper bound (inclusive), e.g. {small: 10000, medium: 100000}; a "
        "band without one has no upper bound. A demand's estimate must fall in its band.",
    )
    approvals: list[InvestmentRule] = []


class RiskTolerance(Model):
    """How much risk the organisation takes. A risk's score is probability x
    impact, each rated 1 to 5 (1 to 25)."""

    accept_up_to: Annotated[int, Field(ge=1, le=25, strict=True)] = Field(
        25,
        description="The highest score at which a risk may be accepted as it is. A risk above "
        "it must be mitigated, transferred or avoided, and the demands and RFCs that do so may "
        "not be declined, rejected or cancelled while it is open.",
    )
    change_risk: dict[Risk, Annotated[int, Field(ge=1, le=25, strict=True)]] = Field(
        {},
        description="RFC risk -> a score: an RFC touching a CI with an open risk of that score "
        "or more must be rated at least that risk, e.g. {medium: 8, high: 15}.",
    )


class CommunicationRule(Model):
    """How often the people an incident affects hear about it while it is open."""

    severities: list[SeverityLevel] = Field(
        min_length=1, description="The severities this rule covers."
    )
    every: Duration = Field(
        description="The longest stretch without an update while the incident is open: from "
        "opening to the first update, between updates, and from the last one to the resolution."
    )
    audience: list[Audience] = Field(
        ["center"], min_length=1, description="Updates to these audiences count."
    )
    calendar: Slug | None = Field(
        None,
        description="Count the stretch only in this calendar's hours (the contact center's "
        "opening hours: nobody is waiting for an update at night); omitted: around the clock.",
    )


class RcaRule(Model):
    """How soon after resolution an incident needs its root-cause analysis."""

    severities: list[SeverityLevel] = Field(
        min_length=1, description="The severities this rule covers."
    )
    within: Duration = Field(
        description="From the (last) resolution, on the calendar of the incident's SLA: Nd is "
        "close of business of the Nth business day after it; h and m count business time. "
        "A root cause (`incident update --root-cause`) or a problem listing the incident "
        "(`problem new --from`) satisfies it."
    )


class Policy(Model):
    """The approval policy (changes, requirements, investments, risk) and what
    incidents owe (updates, root-cause analysis)."""

    approvals: list[ApprovalRule] = []
    separation_of_duties: Flag = Field(
        True,
        description="The requester and the implementer may not approve their own RFC, a "
        "requirement's owner may not sign it off, and whoever asked for a demand may not decide "
        "on it.",
    )
    conflicts: Literal["warn", "refuse"] = Field(
        "warn",
        description="What to do when approved RFCs touch the same CI, or CIs that depend on each "
        "other (depends_on, directly or through others), in overlapping windows.",
    )
    require_signed_commits: Flag = False
    requirements: list[RequirementRule] = Field(
        [], description="Sign-offs a requirement needs (ccgov req approve); none: no sign-off."
    )
    investments: Investments = Investments()
    risk_tolerance: RiskTolerance = RiskTolerance()
    communications: list[CommunicationRule] = Field(
        [],
        description="Update cadences for incidents; the first rule listing an incident's "
        "severity applies.",
    )
    rca: list[RcaRule] = Field(
        [],
        description="Root-cause analysis deadlines; the first rule listing an incident's "
        "severity applies.",
    )


class CatalogEntry(Model):
    """A service-catalog entry: a pre-approved standard change."""

    id: Slug
    title: Text
    category: ChangeCategory
    max_risk: Risk = "low"
    turnaround: Duration | None = Field(None, description="How fast the service desk delivers it.")
    item_kinds: list[ItemKind] = Field(
        [], description="The kinds of CI a change under this entry may touch (omitted: any)."
    )
    items: list[RecordId] = Field(
        [], description="The CIs a change under this entry may touch (omitted: any)."
    )


class IdPrefixes(Model):
    """The prefix of each numbered record kind's ids."""

    requirement: str = Field("REQ", pattern=r"^[A-Z][A-Z0-9]*$")
    item: str = Field("CI", pattern=r"^[A-Z][A-Z0-9]*$")
    change: str = Field("RFC", pattern=r"^[A-Z][A-Z0-9]*$")
    sla: str = Field("SLA", pattern=r"^[A-Z][A-Z0-9]*$")
    incident: str = Field("INC", pattern=r"^[A-Z][A-Z0-9]*$")
    demand: str = Field("DEM", pattern=r"^[A-Z][A-Z0-9]*$")
    plan: str = Field("PLAN", pattern=r"^[A-Z][A-Z0-9]*$")
    risk: str = Field("RISK", pattern=r"^[A-Z][A-Z0-9]*$")
    meeting: str = Field("MTG", pattern=r"^[A-Z][A-Z0-9]*$")
    problem: str = Field("PRB", pattern=r"^[A-Z][A-Z0-9]*$")
    knowledge: str = Field("KB", pattern=r"^[A-Z][A-Z0-9]*$")


def _suppressible_code(code: str) -> str:
    info = CODES.get(code)
    if info is None:
        raise ValueError(f"{code!r} is not a finding code (see docs/finding-codes.md)")
    if not info.suppressible:
        raise ValueError(
            f"{code} guards the integrity of the record or its approvals and cannot be ignored"
        )
    return code


class Suppression(Model):
    """A finding code that validation does not report, and why."""

    code: Annotated[str, AfterValidator(_suppressible_code)]
    reason: Text
    until: date | None = Field(None, description="From this date the code is reported again.")


class Validation(Model):
    """Repository-wide validation settings."""

    ignore: list[Suppression] = Field(
        [],
        description="Finding codes to suppress, each with a reason, e.g. "
        "[{code: INC004, reason: ..., until: 2027-01-01}]. Integrity codes cannot be suppressed.",
    )


class ChangeControl(Model):
    """Where change control starts in an adopted repository's history."""

    since: str = Field(
        pattern=r"^[0-9a-f]{40}([0-9a-f]{24})?$",
        description="The last commit that documents the system as found (written by "
        "`ccgov adopt`); it and the commits before it are not audited.",
    )


class RepoConfig(Model):
    """The governed repository: organisation, people, roles, policy, calendars."""

    organisation: Text
    timezone: TimeZoneName = "UTC"
    people: list[Person]
    roles: dict[RoleName, Role]
    calendars: dict[Slug, Calendar] = {}
    blackouts: list[Blackout] = []
    policy: Policy = Policy()
    catalog: list[CatalogEntry] = []
    id_prefixes: IdPrefixes = IdPrefixes()
    validation: Validation = Validation()
    change_control: ChangeControl | None = None

    def person(self, handle: str) -> Person | None:
        return next((p for p in self.people if p.handle == handle), None)

    def person_by_email(self, email: str) -> Person | None:
        wanted = email.strip().lower()
        return next((p for p in self.people if p.email.lower() == wanted), None)
