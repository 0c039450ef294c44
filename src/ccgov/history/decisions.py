"""Judging one commit's change to an RFC file: decisions are append-only, and
every appended entry was made by the commit's author, who was entitled to it
under the configuration in force before the commit.

Entries are compared as data, with every timestamp read as an instant: an
approval written ``+00:00`` and re-serialised as ``Z`` is the same approval.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ccgov.history.replay import Actor
from ccgov.policy.approvals import approval_status, rule_for
from ccgov.records.change import ChangeRequest, content_hash
from ccgov.records.config import RepoConfig
from ccgov.records.lifecycle import APPROVED_OR_LATER, TRANSITIONS

# Lists that only ever grow: each entry is a decision, a test or a step.
DECISION_LISTS = ("approvals", "reviews", "tests", "deviations", "history")
Report = Callable[[str, str], None]  # (code, message)

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _instant(value: Any) -> Any:
    if isinstance(value, str) and _TIMESTAMP.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return moment.astimezone(UTC).isoformat() if moment.tzinfo else value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dict):
        return {str(k): _instant(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_instant(v) for v in value]
    return value


def canonical(entry: Any) -> str:
    """An entry as comparable text: keys sorted, timestamps as UTC instants."""
    return json.dumps(_instant(entry), sort_keys=True, default=str)


def _entries(data: Any, field: str) -> list[Any]:
    value = data.get(field) if isinstance(data, dict) else None
    return list(value) if isinstance(value, list) else []


def _describe(field: str, index: int, entry: Any) -> str:
    if not isinstance(entry, dict):
        return f"{field}[{index}]"
    bits = [str(entry[k]) for k in ("by", "role", "decision", "result", "status") if k in entry]
    return f"{field}[{index}] ({', '.join(bits)})" if bits else f"{field}[{index}]"


def appended(old: Any, new: Any, field: str, report: Report) -> list[Any]:
    """The entries ``new`` adds to ``old``'s list; anything removed or altered is reported."""
    before, after = _entries(old, field), _entries(new, field)
    for index, entry in enumerate(before):
        if index >= len(after):
            report("AUD006", f"{_describe(field, index, entry)} was removed")
            return []
        if canonical(after[index]) != canonical(entry):
            report("AUD006", f"{_describe(field, index, entry)} was altered")
            return []
    return after[len(before) :]


def judge_rfc_file(
    path: str,
    old: Any,
    new: Any,
    old_model: ChangeRequest | None,
    new_model: ChangeRequest | None,
    actor: Actor,
    config: RepoConfig,
    report: Report,
) -> None:
    """Every check on one RFC file changed by a (non-merge) commit.

    ``old``/``new`` are the plain data before and after (None: absent),
    ``config`` is ccgov.yaml as of the commit's parent.
    """
    change_id = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if new is None:
        if old is not None and (_decided(old) or _status(old) not in (None, "draft")):
            report("AUD006", f"{change_id} was deleted; decisions are never removed")
        return
    if not isinstance(new, dict):
        return  # not a record: validate reports it
    if old is None:
        _judge_creation(change_id, new, actor, report)
    elif old.get("requested_by") != new.get("requested_by"):
        report(
            "AUD006",
            f"requested_by changed from {old.get('requested_by')} to {new.get('requested_by')}; "
            "it is fixed when the RFC is raised",
        )
    added = {field: appended(old, new, field, report) for field in DECISION_LISTS}
    _judge_actors(added, new_model, actor, config, report)
    _judge_history(old, new, added["history"], report)
    _judge_preapproval(old, new, new_model, actor, report)
    old_status, new_status = _status(old), _status(new)
    if (
        new_model is not None
        and new_status in APPROVED_OR_LATER
        and old_status not in APPROVED_OR_LATER
        and not approval_status(config, new_model).satisfied
    ):
        report(
            "AUD007",
            f"{change_id} became {new_status} without the approvals the policy in force required",
        )
    if (
        old_model is not None
        and new_model is not None
        and new_status == old_status
        and new_status in APPROVED_OR_LATER
        and content_hash(new_model) != content_hash(old_model)
        and not approval_status(config, new_model).satisfied
    ):
        report(
            "AUD007",
            f"{change_id}'s approved content (scope, CIs, plans or window) was edited while it "
            f"stays {new_status}: its approvals no longer cover it (resubmit to change it)",
        )


def _status(data: Any) -> str | None:
    value = data.get("status", "draft") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _decided(data: Any) -> bool:
    return any(_entries(data, field) for field in ("approvals", "reviews", "tests"))


def _judge_creation(change_id: str, new: dict[str, Any], actor: Actor, report: Report) -> None:
    if new.get("requested_by") != actor.handle:
        report(
            "AUD001",
            f"{change_id} was raised in the name of {new.get('requested_by')} by {actor.label}",
        )
    if _status(new) != "draft" or _decided(new):
        report("AUD006", f"{change_id} was created as {_status(new)} with decisions already in it")


def _judge_actors(
    added: dict[str, list[Any]],
    change: ChangeRequest | None,
    actor: Actor,
    config: RepoConfig,
    report: Report,
) -> None:
    """Each appended entry names the commit's author, who may act so."""
    person = actor.person
    for field, entries in added.items():
        for entry in entries:
            by = entry.get("by") if isinstance(entry, dict) else None
            what = f"{field[:-1] if field != 'history' else 'history entry'} by {by}"
            if person is None:
                report(
                    "AUD001",
                    f"{what} was recorded by {actor.label}, who is not a person in ccgov.yaml",
                )
                continue
            if by != person.handle:
                report("AUD001", f"{what} was recorded by {actor.label}, not by {by}")
                continue
            if not person.active and field != "history":
                report("AUD008", f"{what}: {by} is not active in ccgov.yaml")
            if field == "approvals":
                _judge_approval(entry, change, config, what, report)
            elif field == "reviews":
                _judge_review(entry, change, config, what, report)


def _judge_approval(
    entry: dict[str, Any],
    change: ChangeRequest | None,
    config: RepoConfig,
    what: str,
    report: Report,
) -> None:
    person = config.person(str(entry.get("by")))
    role = entry.get("role")
    if person is not None and role not in person.roles:
        report("AUD008", f"{what}: {person.handle} did not hold the role {role!r}")
    if change is not None and config.policy.separation_of_duties:
        if entry.get("by") == change.requested_by:
            report("AUD008", f"{what}: the requester decided on their own RFC")
        elif entry.get("by") == change.implementer:
            report("AUD008", f"{what}: the implementer decided on the RFC")


def _judge_review(
    entry: dict[str, Any],
    change: ChangeRequest | None,
    config: RepoConfig,
    what: str,
    report: Report,
) -> None:
    if change is None:
        return
    rule = rule_for(config, change)
    roles = {need.role for need in rule.retrospective} if rule else set()
    person = config.person(str(entry.get("by")))
    role = entry.get("role")
    if role not in roles:
        report(
            "AUD008", f"{what}: the policy asks reviews of {', '.join(sorted(roles)) or 'nobody'}"
        )
    elif person is not None and role not in person.roles:
        report("AUD008", f"{what}: {person.handle} did not hold the role {role!r}")
    if entry.get("by") in (change.requested_by, change.implementer):
        report("AUD008", f"{what}: the requester or implementer reviewed their own change")


def _judge_history(old: Any, new: dict[str, Any], added: list[Any], report: Report) -> None:
    """The status moves only along the lifecycle, and only with a recorded step."""
    status = _status(old) if old is not None else None
    for entry in added:
        target = entry.get("status") if isinstance(entry, dict) else None
        if status is None:
            if target != "draft":
                report("AUD006", f"the first history entry is {target}, not draft")
        elif target not in TRANSITIONS.get(status, ()):  # type: ignore[call-overload]
            report(
                "AUD006",
                f"the history moves from {status} to {target}, which the lifecycle forbids",
            )
        status = target if isinstance(target, str) else status
    if status != _status(new):
        report(
            "AUD006",
            f"status is {_status(new)} but the recorded history ends at {status}: "
            "the status was edited without a transition",
        )


def _judge_preapproval(
    old: Any,
    new: dict[str, Any],
    change: ChangeRequest | None,
    actor: Actor,
    report: Report,
) -> None:
    before = old.get("preapproval") if isinstance(old, dict) else None
    after = new.get("preapproval")
    if canonical(before) == canonical(after) or after is None:
        if before is not None and after is None:
            report("AUD006", "the catalog pre-approval was removed")
        return
    if not isinstance(after, dict) or after.get("by") != actor.handle:
        report("AUD001", f"a catalog pre-approval was recorded by {actor.label} in another name")
    if _status(new) != "approved" or _status(old) == "approved":
        report("AUD006", "the catalog pre-approval changed outside a submit")
    elif change is not None and after.get("content_hash") != content_hash(change):
        report("AUD006", "the catalog pre-approval does not cover the content committed with it")
