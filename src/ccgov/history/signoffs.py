"""Judging one commit's change to a planning record: requirement sign-offs,
demand decisions, plan reviews, risk decisions and reviews, link reviews.

The same rules as an RFC's decisions (:mod:`ccgov.history.decisions`): the
lists only grow, each entry a commit appends names the commit's author, and a
requirement or demand that becomes approved in the commit had the sign-offs
the policy in force before the commit asked for. So a review or sign-off
typed into a file by hand is either the hand's owner's own, or caught.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ccgov.history.decisions import Report, appended, canonical
from ccgov.history.replay import Actor
from ccgov.policy.signoff import REQUIREMENT_SIGNED, demand_signoff, requirement_signoff
from ccgov.records.config import RepoConfig
from ccgov.records.demand import DECIDED, Demand
from ccgov.records.kinds import KIND_BY_NAME, KindName
from ccgov.records.requirement import Requirement
from ccgov.store.loader import load_record

# Kind -> its lists of decisions, which only ever grow.
SIGNED_LISTS: dict[KindName, tuple[str, ...]] = {
    "requirement": ("approvals",),
    "demand": ("assessments", "approvals", "history"),
    "plan": ("reviews",),
    "risk": ("decisions", "reviews"),
    "link": ("reviews",),
}
_BY_DIRECTORY = {KIND_BY_NAME[kind].directory: kind for kind in SIGNED_LISTS}


def signed_kind(path: str) -> KindName | None:
    """The kind of a planning record file with decision lists (None: not one)."""
    directory, _, name = path.partition("/")
    if "/" in name or not name.endswith(".yaml"):
        return None
    return _BY_DIRECTORY.get(directory)


def signed_lists(path: str) -> tuple[str, ...]:
    kind = signed_kind(path)
    return SIGNED_LISTS[kind] if kind is not None else ()


def _entries(data: Any, field: str) -> list[Any]:
    value = data.get(field) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _model(path: str, data: bytes | None, kind: KindName) -> Any:
    """The record as the model reads it (None: absent or invalid; validate says why)."""
    if data is None:
        return None
    spec = KIND_BY_NAME[kind]
    loaded, _ = load_record(path, data, spec.model, id_field=spec.id_field)
    return loaded.record if loaded is not None else None


def judge_signed_file(
    path: str,
    old: Any,
    new: Any,
    new_bytes: bytes | None,
    actor: Actor,
    config: RepoConfig,
    report: Report,
) -> None:
    """Every check on one planning record file changed by a (non-merge) commit.

    ``old``/``new`` are the plain data before and after (None: absent),
    ``new_bytes`` the file after, ``config`` ccgov.yaml as of the commit's parent.
    """
    kind = signed_kind(path)
    if kind is None:
        return
    name = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    lists = SIGNED_LISTS[kind]
    if new is None:
        if any(_entries(old, field) for field in lists):
            report("AUD006", f"{name} was deleted; its decisions and reviews are never removed")
        return
    for field in lists:
        for entry in appended(old, new, field, report):
            by = entry.get("by") if isinstance(entry, dict) else None
            what = f"{field} entry by {by}"
            if actor.person is None:
                report(
                    "AUD001",
                    f"{name}: {what} was recorded by {actor.label}, who is not a person in "
                    "ccgov.yaml",
                )
            elif by != actor.person.handle:
                report("AUD001", f"{name}: {what} was recorded by {actor.label}, not by {by}")
            elif not actor.person.active:
                report("AUD008", f"{name}: {what}: {by} is not active in ccgov.yaml")
    _judge_approval(path, name, kind, old, new, new_bytes, config, report)


def _status(data: Any) -> Any:
    return data.get("status") if isinstance(data, dict) else None


def _judge_approval(
    path: str,
    name: str,
    kind: KindName,
    old: Any,
    new: Any,
    new_bytes: bytes | None,
    config: RepoConfig,
    report: Report,
) -> None:
    """A requirement or demand that becomes approved here had the sign-offs
    the policy in force asked for."""
    decided = {"requirement": REQUIREMENT_SIGNED, "demand": DECIDED}.get(kind)
    if decided is None:
        return
    before, after = _status(old), _status(new)
    if after not in decided or before in decided:
        return
    record = _model(path, new_bytes, kind)
    if isinstance(record, Requirement):
        status = requirement_signoff(config, record)
    elif isinstance(record, Demand):
        status = demand_signoff(config, record)
    else:
        return
    if status is not None and not status.satisfied:
        report(
            "AUD007",
            f"{name} became {after} without the sign-offs the policy in force required",
        )


def merged_lists_are_unions(
    merged: Any, sides: list[Any], path: str, report: Callable[[str, str, str], None]
) -> None:
    """In a merge, each decision list holds exactly the entries of its parents
    (``report(code, path, message)``)."""
    for field in signed_lists(path):
        mine = {canonical(e) for e in _entries(merged, field)}
        theirs = {canonical(e) for side in sides for e in _entries(side, field)}
        if mine != theirs:
            report(
                "AUD006",
                path,
                f"the merge's {field} are not the union of its parents': entries were added, "
                "altered or dropped while resolving it",
            )
