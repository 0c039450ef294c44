"""Requirements: what the contact-center system must do."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Text
from ccgov.records.signoff import SignOff, digest
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
    approvals: list[SignOff] = Field(
        [],
        description="Sign-offs (ccgov req approve), each bound to the content it covers; "
        "policy.requirements in ccgov.yaml says whose are needed.",
    )


# What a sign-off covers: edit any of these and the sign-off is stale. Status,
# owner and links are not what was agreed; links are reviewed on their own.
SUBSTANTIVE_FIELDS: tuple[str, ...] = (
    "title",
    "statement",
    "kind",
    "priority",
    "acceptance_criteria",
    "verification",
)


def content_hash(requirement: Requirement) -> str:
    """The hash a sign-off binds to: canonical JSON of the substantive fields."""
    payload: dict[str, Any] = requirement.model_dump(mode="json", include=set(SUBSTANTIVE_FIELDS))
    return digest(payload)
