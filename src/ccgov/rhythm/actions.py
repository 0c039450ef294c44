"""Action items wherever they are carried (:data:`ccgov.records.actions.CARRIERS`):
list them, and close one with a commit through the write path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from ccgov.errors import RefusedError
from ccgov.records.actions import CARRIERS, Action, Carrier, action_ref
from ccgov.records.kinds import KIND_BY_NAME, KindName
from ccgov.store import git
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository
from ccgov.workflow.drafts import checked
from ccgov.workflow.identity import actor
from ccgov.workflow.rfc import render_update
from ccgov.workflow.transaction import Applied, Mutation, apply


@dataclass(frozen=True, slots=True)
class FoundAction:
    ref: str  # MTG-0003/A2
    record: str  # MTG-0003
    kind: str  # meeting
    action: Action
    context: str  # what the carrier is: "cab 2026-01-13"

    def overdue(self, today: date) -> bool:
        return self.action.status == "open" and self.action.due < today

    def to_json(self, today: date) -> dict[str, Any]:
        return {
            **self.action.model_dump(mode="json"),
            "id": self.ref,
            "action": self.action.id,
            "record": self.record,
            "kind": self.kind,
            "context": self.context,
            "overdue": self.overdue(today),
        }


def _carried(repository: Repository) -> list[tuple[Carrier, LoadedRecord]]:
    return [
        (carrier, loaded)
        for carrier in CARRIERS
        for loaded in repository.of(cast(KindName, carrier.kind))
    ]


def _context(loaded: LoadedRecord, zone: ZoneInfo) -> str:
    record = loaded.record
    routine = getattr(record, "routine", None)
    at = getattr(record, "at", None)
    if routine is not None and isinstance(at, datetime):
        return f"{routine} {at.astimezone(zone).date().isoformat()}"
    return str(getattr(record, "title", "") or "")


def find_actions(repository: Repository) -> list[FoundAction]:
    """Every action item in the repository, by record id then action id."""
    zone = ZoneInfo(repository.config.timezone if repository.config else "UTC")
    found = []
    for carrier, loaded in _carried(repository):
        record_id = loaded.record.id
        for action in getattr(loaded.record, carrier.field):
            found.append(
                FoundAction(
                    action_ref(record_id, action.id),
                    record_id,
                    carrier.kind,
                    action,
                    _context(loaded, zone),
                )
            )
    return sorted(found, key=lambda f: (f.action.due, f.record, int(f.action.id[1:])))


def close(
    root: Path,
    ref: str,
    *,
    now: datetime,
    status: str = "done",
    note: str | None = None,
    commit: bool = True,
    kind: str | None = None,
) -> Applied[None]:
    """Mark ``MTG-0003/A2`` done (or dropped), by whoever runs the command;
    with ``kind``, only an action carried by a record of that kind."""
    record_id, _, action_id = ref.partition("/")
    if not action_id:
        raise RefusedError(
            f"{ref!r} does not name an action", hint="actions go by RECORD/ID, e.g. MTG-0003/A2"
        )
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        if repository.config is None:
            raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate first")
        person = actor(repository.config, email)
        for carrier, loaded in _carried(repository):
            if loaded.record.id != record_id or kind not in (None, carrier.kind):
                continue
            actions: list[Action] = getattr(loaded.record, carrier.field)
            if not any(a.id == action_id for a in actions):
                break
            zone = ZoneInfo(repository.config.timezone)
            updated = []
            for action in actions:
                data = action.model_dump(mode="json", exclude_unset=True)
                if action.id == action_id:
                    if action.status != "open":
                        raise RefusedError(f"{ref} is already {action.status}")
                    data.update(
                        status=status,
                        closed=now.astimezone(zone).replace(microsecond=0).isoformat(),
                        closed_by=person.handle,
                        **({"note": note} if note else {}),
                    )
                updated.append(data)
            data = loaded.record.model_dump(mode="json", by_alias=True, exclude_unset=True)
            text = (repository.root / loaded.path).read_text(encoding="utf-8")
            model = KIND_BY_NAME[carrier.kind].model
            record = checked(
                loaded.path, model, {**data, carrier.field: updated}, command="action done"
            )
            content = render_update(text, record)
            notes = []
            still_open = [a for a in actions if a.status == "open" and a.id != action_id]
            record_open = getattr(loaded.record, "status", None) != "closed"
            if carrier.when_all_closed and not still_open and record_open:
                notes.append(carrier.when_all_closed.format(id=record_id))
            return Mutation(
                carrier.kind,
                record_id,
                f"action {action_id} {status}",
                {loaded.path: content},
                notes=notes,
            )
        raise RefusedError(
            f"there is no action {ref}", hint="ccgov action list shows the open actions"
        )

    return apply(root, build, commit=commit)
