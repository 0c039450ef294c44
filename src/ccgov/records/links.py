"""What each record names outside itself: the one table of record references.

The rules check these references (:data:`RECORD_REFS`; for routines,
meetings, vendors and action items :data:`NAMED_REFS`, :data:`RHYTHM_REFS`
and :data:`LINKED_ENTRIES`; for operations and planning
:data:`OPERATIONS_REFS` and :data:`PLANNING_REFS`); the record index keeps every one of them
(:func:`references`), so that when a record changes the records naming it can
be found without loading the others. A rule that declares it reads
references (``REFERENCES``, ``REFERENCED``, ``shared``) may only follow
references listed here: a new reference field goes into one of these tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ccgov.records.actions import CARRIERS
from ccgov.records.kinds import KIND_BY_NAME, KindName

Where = tuple[str | int, ...]

# (kind, field, expected kind) for every reference the rules resolve by id.
RECORD_REFS: tuple[tuple[KindName, str, KindName], ...] = (
    ("requirement", "parents", "requirement"),
    ("requirement", "satisfied_by", "item"),
    ("item", "depends_on", "item"),
    ("change", "requirements", "requirement"),
    ("change", "affects", "item"),
    ("incident", "sla", "sla"),
    ("incident", "affects", "item"),
    ("incident", "caused_by", "change"),
    # A baseline manifest names the RFCs implemented since the previous one.
    ("baseline", "changes", "change"),
)

# References the rules of routines, meetings, vendors and action items resolve
# (ccgov.rules.rhythm_refs): a named record by its slug, kept as its id
# (``kind:slug``), and record ids of one expected kind.
NAMED_REFS: tuple[tuple[KindName, str, KindName], ...] = (
    ("meeting", "routine", "routine"),
    ("routine", "vendor", "vendor"),
    ("item", "vendor", "vendor"),
)
RHYTHM_REFS: tuple[tuple[KindName, str], ...] = (
    ("routine", "sla"),
    ("vendor", "slas"),
)
# Lists of entries whose ``links`` name records of any kind: meeting topics
# and decisions, and the action items of every kind that carries them
# (records.actions.CARRIERS), kept under "<list>.links".
LINKED_ENTRIES: tuple[tuple[str, str], ...] = (
    ("meeting", "topics"),
    ("meeting", "decisions"),
    *((carrier.kind, carrier.field) for carrier in CARRIERS),
)

# References the rules of operations (problems, knowledge articles, KPIs) and
# planning (demands, plans, risks, link reviews) resolve: (kind, where, expected
# kind). ``where`` is a field, or a dotted path into lists of entries
# (``objectives.demands.id``: the id of every demand planned under any
# objective), and the reference is kept under it. None: more than one kind is
# accepted (a link review's source is a requirement or a CI).
OPERATIONS_REFS: tuple[tuple[KindName, str, KindName | None], ...] = (
    ("problem", "incidents", "incident"),
    ("problem", "items", "item"),
    ("problem", "actions.fix", "change"),
    ("change", "fixes", "problem"),
    ("knowledge", "items", "item"),
    ("knowledge", "problems", "problem"),
    ("kpi", "sla", "sla"),
)
PLANNING_REFS: tuple[tuple[KindName, str, KindName | None], ...] = (
    ("demand", "requirements", "requirement"),
    ("plan", "objectives.demands.id", "demand"),
    ("plan", "objectives.requirements.id", "requirement"),
    ("risk", "items", "item"),
    ("risk", "requirements", "requirement"),
    ("risk", "decisions.changes", "change"),
    ("risk", "decisions.demands", "demand"),
    ("link", "source", None),
)

# References that are not checked as existing records, but that rules read:
# the CIs an RFC creates (they may not exist yet), the previous baseline (by
# name), the file a CI points at (a path), the CIs an SLA promises.
_OTHER_REFS: dict[KindName, tuple[str, ...]] = {
    "change": ("creates",),
    "baseline": ("previous",),
    "item": ("artifact",),
}


def key_of(kind: KindName, record: Any) -> str:
    """The id a record is known by across the repository: its id, or for
    records named by a slug (RACI matrices, baselines) ``kind:name``."""
    spec = KIND_BY_NAME[kind]
    value = str(getattr(record, spec.id_field))
    return f"{kind}:{value}" if spec.id_style == "named" else value


def values(record: Any, field: str) -> Iterator[tuple[Where, str]]:
    """(path, value) for a reference field that holds one id or a list of them."""
    value = getattr(record, field)
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield (field, index), item
    elif value is not None:
        yield (field,), value


def at_path(value: Any, where: str) -> Iterator[str]:
    """The ids at a dotted path (:data:`OPERATIONS_REFS`), through every list on the way."""
    steps = where.split(".")

    def walk(value: Any, depth: int) -> Iterator[str]:
        if isinstance(value, list):
            for item in value:
                yield from walk(item, depth)
        elif depth < len(steps):
            yield from walk(getattr(value, steps[depth]), depth + 1)
        elif value is not None:
            yield value

    return walk(value, 0)


def references(kind: KindName, record: Any) -> list[tuple[str, str]]:
    """(field, target) for everything ``record`` names: ids, the previous
    baseline's name, artifact paths. Duplicates are kept once."""
    found: dict[tuple[str, str], None] = {}
    for ref_kind, field, _ in RECORD_REFS:
        if ref_kind == kind:
            for _, target in values(record, field):
                found[(field, target)] = None
    for field in _OTHER_REFS.get(kind, ()):
        for _, target in values(record, field):
            # A baseline names the previous one by name: keep it as its id.
            found[(field, f"baseline:{target}" if field == "previous" else target)] = None
    for ref_kind, where, _ in (*OPERATIONS_REFS, *PLANNING_REFS):
        if ref_kind == kind:
            for target in at_path(record, where):
                found[(where, target)] = None
    for ref_kind, field, target_kind in NAMED_REFS:
        if ref_kind == kind and getattr(record, field) is not None:
            found[(field, f"{target_kind}:{getattr(record, field)}")] = None
    for id_kind, field in RHYTHM_REFS:
        if id_kind == kind:
            for _, target in values(record, field):
                found[(field, target)] = None
    for carrier_kind, entries in LINKED_ENTRIES:
        if carrier_kind == kind:
            for entry in getattr(record, entries):
                for target in entry.links:
                    found[(f"{entries}.links", target)] = None
    if kind == "sla":
        for availability in record.availability:
            found[("availability", availability.item)] = None
    return list(found)
