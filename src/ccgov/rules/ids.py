"""Ids: unique across the repository, with the prefix ccgov.yaml declares."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.records.kinds import KINDS, NUMBERED_ID
from ccgov.records.links import key_of
from ccgov.rules.base import IDS, Context, finding, rule


@rule(reads=(IDS,))
def duplicate_ids(context: Context) -> Iterator[Finding]:
    for kind in KINDS:
        for loaded in context.of(kind.name):
            record_id = key_of(kind.name, loaded.record)
            entries = context.carriers(record_id)
            if len(entries) < 2:
                continue
            others = ", ".join(path for _, path in entries if path != loaded.path)
            yield finding(
                loaded,
                "ID002",
                f"id {record_id.split(':')[-1]} is also used by {others}",
                kind.id_field,
            )


@rule(reads=())
def id_prefixes(context: Context) -> Iterator[Finding]:
    for kind in KINDS:
        prefix = kind.prefix(context.config.id_prefixes)
        if prefix is None:
            continue
        for loaded in context.of(kind.name):
            record_id = getattr(loaded.record, kind.id_field)
            match = NUMBERED_ID.match(record_id)
            if match and match.group(1) != prefix:
                yield finding(
                    loaded,
                    "ID003",
                    f"{kind.title.lower()} ids start with {prefix}- (ccgov.yaml id_prefixes), "
                    f"not {match.group(1)}-",
                    kind.id_field,
                )


@rule(reads=(), about=("config",))
def unique_people(context: Context) -> Iterator[Finding]:
    for field in ("handle", "email"):
        seen: dict[str, int] = {}
        for index, person in enumerate(context.config.people):
            value = getattr(person, field).lower()
            if value in seen:
                yield finding(
                    context.config_record,
                    "ID004",
                    f"{field} {getattr(person, field)!r} is also used by people[{seen[value]}]",
                    "people",
                    index,
                    field,
                )
            else:
                seen[value] = index
