"""Requirements: what the contact-center system must do."""

from __future__ import annotations

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Text
from ccgov.records.vocabulary import Area as Area
from ccgov.records.vocabulary import Priority as Priority
from ccgov.records.vocabulary import RequirementKind as RequirementKind
from ccgov.records.vocabulary import RequirementStatus as RequirementStatus
from ccgov.records.vocabulary import VerificationMethod as VerificationMethod


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
