"""Action items: something one person owes by a date, with the records it is
about. Meetings carry them today; problems (and other kinds) carry the same
model, and :data:`CARRIERS` is the one registry that `ccgov action list` and
`ccgov action done`, the action rules and the reports read to find them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from ccgov.records.base import Handle, Model, RecordId, Text, Timestamp

ActionStatus = Literal["open", "done", "dropped"]
ActionId = Annotated[
    str,
    StringConstraints(pattern=r"^A[1-9][0-9]*$"),
    Field(description="A1, A2, ...: unique within the record that carries the action."),
]


class Action(Model):
    """One action item: who owes what by when."""

    id: ActionId
    title: Text
    owner: Handle = Field(description="The person who owes it (a handle in ccgov.yaml people).")
    due: date
    status: ActionStatus = "open"
    links: list[RecordId] = Field(
        [], description="Records the action is about: requirements, RFCs, incidents, CIs, ..."
    )
    closed: Timestamp | None = Field(None, description="When it was done or dropped.")
    closed_by: Handle | None = None
    note: str | None = Field(None, description="What was done, or why it was dropped.")

    @model_validator(mode="after")
    def _closed_when_done(self) -> Action:
        # A closed time on an open action (or none on a closed one) would make
        # the list of open actions and the record disagree.
        if self.status == "open" and self.closed is not None:
            raise ValueError(f"action {self.id} is open but has a closed time; remove it")
        if self.status != "open" and self.closed is None:
            raise ValueError(f"action {self.id} is {self.status} but has no closed time")
        return self


@dataclass(frozen=True, slots=True)
class Carrier:
    """A record kind whose records hold action items in ``field``."""

    kind: str
    field: str = "actions"
    # The next step once a record's last open action is closed (``{id}`` is
    # the record's id), unless the record is already closed.
    when_all_closed: str | None = None


# Every kind that carries actions. A new kind (problems) adds itself here and
# `ccgov action list/done`, the rules and the reports find its actions.
CARRIERS: tuple[Carrier, ...] = (
    Carrier("meeting"),
    Carrier("problem", when_all_closed="no open actions left: ccgov problem close {id}"),
)


def action_ref(record_id: str, action_id: str) -> str:
    """The name an action goes by outside its record: ``MTG-0003/A2``."""
    return f"{record_id}/{action_id}"
