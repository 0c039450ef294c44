"""What the planning rules share: checking that the people and records a
demand, plan, risk or link review names exist (the same codes as
:mod:`ccgov.rules.references`: REF001, REF002, REF003, REF007)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ccgov.findings import Finding
from ccgov.records.kinds import KIND_BY_NAME, KindName
from ccgov.rules.base import Context, finding
from ccgov.store.loader import LoadedRecord

Where = tuple[str | int, ...]


def person(
    context: Context, loaded: LoadedRecord, handle: str, *path: str | int
) -> Iterator[Finding]:
    """REF001 when ``handle`` is not a person in ccgov.yaml."""
    if context.config.person(handle) is None:
        yield finding(
            loaded,
            "REF001",
            f"{handle!r} is not a person in ccgov.yaml; add them under people:",
            *path,
        )


def record(
    context: Context, loaded: LoadedRecord, target: str, expected: KindName, *path: str | int
) -> Iterator[Finding]:
    """REF003 when ``target`` does not exist, REF007 when it is another kind of
    record. It reads whether the target exists and its kind, never its content:
    a rule calling it declares ``REFERENCES`` and the field is in
    records.links PLANNING_REFS."""
    title = KIND_BY_NAME[expected].title.lower()
    found = context.kind_of(target)
    if found is None and target in context.unloaded:
        return  # the target's file exists but is invalid; its own findings say why
    if found is None:
        yield finding(loaded, "REF003", f"{target} does not exist (expected a {title})", *path)
    elif found.name != expected:
        yield finding(
            loaded,
            "REF007",
            f"{target} is a {found.title.lower()}, but a {title} is expected here",
            *path,
        )


def records(
    context: Context, loaded: LoadedRecord, targets: list[str], expected: KindName, *path: str | int
) -> Iterator[Finding]:
    """:func:`record` for each id of a list, located at its index."""
    for index, target in enumerate(targets):
        yield from record(context, loaded, target, expected, *path, index)


def role(context: Context, loaded: LoadedRecord, name: str, *path: str | int) -> Iterator[Finding]:
    """REF002 when ``name`` is not a role declared in ccgov.yaml."""
    if name not in context.config.roles:
        yield finding(loaded, "REF002", f"role {name!r} is not declared in ccgov.yaml roles", *path)


def last_of(context: Context, record_id: str, kind: KindName) -> Any | None:
    """The record of ``kind`` known by ``record_id`` (the last one, should the
    id be duplicated, as a table of every record of that kind by id would
    keep), read through its referrer: declare ``REFERENCED``."""
    found = [path for carrier, path in context.carriers(record_id) if carrier.name == kind]
    return context.record(found[-1]).record if found else None
