"""Requirements: what the contact-center system must do."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Text

RequirementKind = Literal["business", "functional", "non_functional", "regulatory"]
Priority = Literal["must", "should", "could", "wont"]
RequirementStatus = Literal["proposed", "approved", "implemented", "verified", "retired"]
Area = Literal[
    "routing",
    "ivr",
    "telephony",
    "wfm",
    "qm",
    "recording",
    "reporting",
    "desktop",
    "crm",
    "digital",
    "security",
    "compliance",
    "infrastructure",
    "other",
]
VerificationMethod = Literal["test", "inspection", "analysis", "demonstration"]


class Requirement(Model):
    """A requirement: "The IVR shall ..."."""

    id: RecordId
    title: Text
    statement: Text = Field(description='What the system shall do: "The IVR shall ...".')
    rationale: str | None = None
    kind: RequirementKind
    priority: Priority = Field(description="MoSCoW: must, should, could, wont.")
    status: RequirementStatus = "proposed"
    source: Handle = Field(description="Who asked for it.")
    owner: Handle = Field(description="Who answers for it.")
    area: Area
    acceptance_criteria: list[Text] = []
    verification: VerificationMethod = "test"
    parents: list[RecordId] = Field([], description="Requirements this one refines.")
    satisfied_by: list[RecordId] = Field([], description="Configuration items that satisfy it.")
