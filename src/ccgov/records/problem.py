"""Problems: the cause behind one or more incidents, its workaround (a known
error), and the actions that remove it, each possibly carried out by an RFC."""

from __future__ import annotations

from pydantic import Field, model_validator

from ccgov.records.actions import Action
from ccgov.records.base import Handle, Model, RecordId, Text, Timestamp
from ccgov.records.vocabulary import ProblemStatus


class ProblemAction(Action):
    """An action item of a problem: the shared action model, plus the RFC that
    carries it out when the fix is a change to the system."""

    fix: RecordId | None = Field(
        None, description="The RFC that carries out this action, when it needs a change."
    )


class Problem(Model):
    """The cause behind incidents, investigated until it is removed."""

    id: RecordId
    title: Text
    status: ProblemStatus = Field(
        "open",
        description="open while the cause is investigated; known_error once the root cause and "
        "a workaround are known; closed when the cause is removed (no open actions).",
    )
    opened: Timestamp = Field(description="When the problem was raised.")
    raised_by: Handle
    owner: Handle = Field(description="Who answers for the analysis and the actions.")
    description: str | None = None
    incidents: list[RecordId] = Field([], description="The incidents this problem caused.")
    items: list[RecordId] = Field([], description="The configuration items at fault.")
    root_cause: str | None = None
    root_cause_at: Timestamp | None = Field(None, description="When the root cause was found.")
    workaround: str | None = Field(
        None, description="How to restore service until the fix: what makes it a known error."
    )
    actions: list[ProblemAction] = Field(
        [], description="What removes the cause: owner, due date, and the fixing RFC if any."
    )
    closed: Timestamp | None = None
    closed_by: Handle | None = None
    resolution: str | None = Field(None, description="How the cause was removed.")

    @model_validator(mode="after")
    def _status_fits(self) -> Problem:
        # The status says what the record must hold; the record cannot say less.
        if self.status == "known_error" and (not self.root_cause or not self.workaround):
            raise ValueError(
                "a known error states its root_cause and its workaround; add them or set "
                "status: open"
            )
        if self.status == "closed" and self.closed is None:
            raise ValueError("a closed problem says when it was closed (closed: TIMESTAMP)")
        if self.status != "closed" and self.closed is not None:
            raise ValueError(f"the problem is {self.status} but has a closed time; remove it")
        return self

    @property
    def known_error(self) -> bool:
        """A known error: root cause and workaround known (open or closed since)."""
        return bool(self.root_cause and self.workaround)
