"""References that routines, meetings, vendors and action items share: people,
people-or-roles, named records (a routine, a vendor) and any record id.

Rules that use :func:`named` or :func:`record` declare ``reads=(REFERENCES,)``:
they look at whether the target exists, its kind and whether its file loads,
never at its content. The fields they are called on are in the index's table
of references (records.links NAMED_REFS, RHYTHM_REFS, LINKED_ENTRIES)."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.records.kinds import KIND_BY_NAME, KindName
from ccgov.rules.base import Context, finding
from ccgov.store.loader import LoadedRecord

Where = tuple[str | int, ...]


def person(
    context: Context, loaded: LoadedRecord, handle: str, *path: str | int
) -> Iterator[Finding]:
    if context.config.person(handle) is None:
        yield finding(
            loaded,
            "REF001",
            f"{handle!r} is not a person in ccgov.yaml; add them under people:",
            *path,
        )


def person_or_role(
    context: Context, loaded: LoadedRecord, name: str, *path: str | int
) -> Iterator[Finding]:
    if name not in context.config.roles and context.config.person(name) is None:
        yield finding(
            loaded, "REF002", f"{name!r} is neither a role nor a person in ccgov.yaml", *path
        )


def named(
    context: Context, loaded: LoadedRecord, kind: KindName, name: str, *path: str | int
) -> Iterator[Finding]:
    """A reference to a named record (a routine, a vendor) by its slug."""
    if context.carriers(f"{kind}:{name}") or name in context.unloaded:
        return
    directory = KIND_BY_NAME[kind].directory
    yield finding(
        loaded,
        "REF003",
        f"{KIND_BY_NAME[kind].title.lower()} {name!r} does not exist (no {directory}/{name}.yaml)",
        *path,
    )


def record(
    context: Context,
    loaded: LoadedRecord,
    target: str,
    *path: str | int,
    expected: KindName | None = None,
) -> Iterator[Finding]:
    """A reference to a numbered record; ``expected`` None accepts any kind."""
    if target in context.unloaded:
        return  # the target's file exists but is invalid; its own findings say why
    found = context.kind_of(target)
    if found is None:
        what = "a record" if expected is None else f"a {KIND_BY_NAME[expected].title.lower()}"
        yield finding(loaded, "REF003", f"{target} does not exist (expected {what})", *path)
    elif expected is not None and found.name != expected:
        title = KIND_BY_NAME[expected].title.lower()
        yield finding(
            loaded,
            "REF007",
            f"{target} is a {found.title.lower()}, but a {title} is expected here",
            *path,
        )
