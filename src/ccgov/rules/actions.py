"""Action items, wherever they are carried (records.actions.CARRIERS): unique
ids within their record, owners who exist, links that resolve."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from ccgov.findings import Finding
from ccgov.records.actions import CARRIERS
from ccgov.records.kinds import KindName
from ccgov.rules import rhythm_refs as refs
from ccgov.rules.base import REFERENCES, Context, finding, rule


# People are in ccgov.yaml; links are references (records.links LINKED_ENTRIES).
@rule(reads=(REFERENCES,), about=tuple(carrier.kind for carrier in CARRIERS))
def actions_are_sound(context: Context) -> Iterator[Finding]:
    for carrier in CARRIERS:
        for loaded in context.of(cast(KindName, carrier.kind)):
            seen: dict[str, int] = {}
            for index, action in enumerate(getattr(loaded.record, carrier.field)):
                where = (carrier.field, index)
                if action.id in seen:
                    yield finding(
                        loaded,
                        "ACT001",
                        f"action id {action.id} is also used by {carrier.field}[{seen[action.id]}]",
                        *where,
                        "id",
                    )
                else:
                    seen[action.id] = index
                yield from refs.person(context, loaded, action.owner, *where, "owner")
                if action.closed_by is not None:
                    yield from refs.person(context, loaded, action.closed_by, *where, "closed_by")
                for link_index, link in enumerate(action.links):
                    yield from refs.record(context, loaded, link, *where, "links", link_index)
