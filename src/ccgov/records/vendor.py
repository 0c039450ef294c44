"""Vendors: the companies that supply and support configuration items, who
owns the relationship, the contract, the support contacts and escalation
ladder, and the SLAs that bind them."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ccgov.records.base import Count, Delay, Handle, Model, RecordId, Slug, Text


class Contact(Model):
    """Someone at the vendor to call."""

    name: Text
    role: str | None = Field(None, description="e.g. Technical account manager, NOC.")
    email: str | None = None
    phone: str | None = None
    hours: str | None = Field(None, description="When they answer, e.g. 24x7 or Mon-Fri 8-18 CT.")


class EscalationLevel(Model):
    """One rung of the vendor's escalation ladder."""

    level: Count
    contact: Contact
    after: Delay | None = Field(
        None, description="How long into an unresolved case to go to this rung."
    )


class Contract(Model):
    """The contract with the vendor."""

    reference: str | None = None
    starts: date | None = None
    ends: date | None = None
    renewal: date | None = Field(
        None, description="When renewal must be decided (the notice date), if not the end."
    )
    notes: str | None = None


class Vendor(Model):
    """A supplier of configuration items and support."""

    id: Slug = Field(description="The vendor's short name, equal to its file name (genesys).")
    name: Text
    relationship_owner: Handle = Field(description="Who owns the relationship on our side.")
    contract: Contract | None = None
    support: list[Contact] = Field([], description="Support contacts: service desk, NOC, TAM.")
    escalation: list[EscalationLevel] = Field(
        [], description="The escalation ladder, level 1 first."
    )
    slas: list[RecordId] = Field([], description="The SLAs that bind this vendor.")
    notes: str | None = None
