"""Requests for change (RFCs) and their lifecycle vocabulary."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import Field, model_validator

from ccgov.records.base import Handle, Model, RecordId, RoleName, Slug, Text, Timestamp
from ccgov.records.vocabulary import ChangeCategory as ChangeCategory
from ccgov.records.vocabulary import ChangeStatus as ChangeStatus
from ccgov.records.vocabulary import ChangeType as ChangeType
from ccgov.records.vocabulary import Decision as Decision
from ccgov.records.vocabulary import Impact as Impact
from ccgov.records.vocabulary import Risk as Risk
from ccgov.records.vocabulary import TestOutcome as TestOutcome

# The vocabularies above live in records/vocabulary.py (the CLI lists them
# without importing pydantic); importing them from here keeps working.


class Window(Model):
    """A planned or booked period of work."""

    start: Timestamp
    end: Timestamp


class Plans(Model):
    """How the change is made, tested and undone."""

    implementation: Text
    test: Text
    backout: Text


class Approval(Model):
    """One person's decision on the RFC's content, bound to it by hash."""

    by: Handle
    role: RoleName
    decision: Decision
    at: Timestamp
    comment: str | None = None
    content_hash: str = Field(
        pattern=r"^sha256:[0-9a-f]{64}$",
        description="Hash of the RFC content this decision covers; editing that content voids it.",
    )


class Review(Model):
    """A retrospective review of an emergency change."""

    by: Handle
    role: RoleName
    at: Timestamp
    comment: str | None = None


class TestResult(Model):
    """A test run: before implementation, the test; after it, the verification."""

    at: Timestamp
    by: Handle
    result: TestOutcome
    evidence: Text


class Preapproval(Model):
    """A standard change's approval by its service-catalog entry, bound to the
    content it was submitted with like any approval."""

    entry: Slug
    by: Handle
    at: Timestamp
    content_hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")


class Deviation(Model):
    """A recorded, reasoned departure from the plan (e.g. implementing outside the booked slot)."""

    at: Timestamp
    by: Handle
    reason: Text


class Transition(Model):
    """One status change: who moved the RFC, and when."""

    status: ChangeStatus
    at: Timestamp
    by: Handle
    note: str | None = None


class ChangeRequest(Model):
    """A request for change (RFC)."""

    id: RecordId
    title: Text
    description: Text
    type: ChangeType
    category: ChangeCategory
    catalog_entry: Slug | None = Field(
        None, description="Service-catalog entry a standard change follows."
    )
    requested_by: Handle
    implementer: Handle | None = None
    justification: Text
    requirements: list[RecordId] = []
    affects: list[RecordId] = Field([], description="Configuration items this change touches.")
    creates: list[RecordId] = Field(
        [], description="New configuration items this change introduces; implement commits them."
    )
    fixes: list[RecordId] = Field(
        [],
        description="Problems this change removes the cause of. A link for traceability, like "
        "the justification: adding one does not void the approvals.",
    )
    risk: Risk
    impact: Impact
    plans: Plans | None = None
    window: Window | None = Field(None, description="The planned window the approvals cover.")
    schedule: Window | None = Field(
        None,
        description="The implementation slot booked by `rfc schedule`, inside the approved window.",
    )
    status: ChangeStatus = "draft"
    approvals: list[Approval] = []
    preapproval: Preapproval | None = Field(
        None, description="A standard change's approval by its catalog entry (set at submit)."
    )
    reviews: list[Review] = Field([], description="Retrospective reviews (emergency changes).")
    tests: list[TestResult] = []
    deviations: list[Deviation] = Field(
        [], description="Recorded departures from the plan, e.g. implementing outside the slot."
    )
    history: list[Transition] = Field([], description="Every status transition, oldest first.")

    @model_validator(mode="after")
    def _plans_before_submission(self) -> ChangeRequest:
        if self.status != "draft" and self.status != "cancelled" and self.plans is None:
            raise ValueError("an RFC past draft needs plans: implementation, test and backout")
        return self


# The fields an approval covers: change any of them and the approval is void.
# `fixes` (the problems a change addresses) is deliberately not one: it says why
# the change is wanted, like `justification`, not what is done, to which CIs or
# when; problems are often diagnosed after the fix was approved (emergency
# changes above all), and linking them must not send an implemented change
# back for approval. Every hash made before the field existed still holds.
SUBSTANTIVE_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "type",
    "category",
    "catalog_entry",
    "requirements",
    "affects",
    "creates",
    "risk",
    "impact",
    "plans",
    "window",
)


def content_hash(change: ChangeRequest) -> str:
    """The hash an approval binds to: canonical JSON of the substantive fields."""
    payload: dict[str, Any] = change.model_dump(mode="json", include=set(SUBSTANTIVE_FIELDS))
    if payload.get("affects") is not None:
        payload["affects"] = sorted(payload["affects"])
    if payload.get("requirements") is not None:
        payload["requirements"] = sorted(payload["requirements"])
    if not payload.get("creates"):
        # Absent and empty are the same content: hashes made before the field existed still hold.
        payload.pop("creates", None)
    else:
        payload["creates"] = sorted(payload["creates"])
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
