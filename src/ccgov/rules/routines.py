"""Routines: who triggers them, who takes part, what they are about."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.rules import rhythm_refs as refs
from ccgov.rules.base import REFERENCES, Context, rule


@rule(reads=(REFERENCES,), about=("routine",))
def routine_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("routine"):
        routine = loaded.record
        yield from refs.person(context, loaded, routine.owner, "owner")
        for index, name in enumerate(routine.participants):
            yield from refs.person_or_role(context, loaded, name, "participants", index)
        if routine.vendor is not None:
            yield from refs.named(context, loaded, "vendor", routine.vendor, "vendor")
        if routine.sla is not None:
            yield from refs.record(context, loaded, routine.sla, "sla", expected="sla")
