"""Does a standard change fit its service-catalog entry? A pure function of
ccgov.yaml, the RFC and the kinds of the CIs it names.

Shared by ``rfc submit`` (which refuses a change that does not fit, and
otherwise records the pre-approval) and the rules (RFC007, RFC012), so a
hand-edited RFC is judged exactly as the workflow judges it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ccgov.records.change import ChangeRequest
from ccgov.records.config import CatalogEntry, RepoConfig

RISK_ORDER = ("low", "medium", "high", "critical")

# Where a problem sits in the RFC: ("category",), ("affects", 2), ...
Where = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    # entry: no entry named, or an unknown one; category, risk: the entry does
    # not cover them; item: a CI the entry does not allow.
    aspect: Literal["no_entry", "unknown_entry", "category", "risk", "item"]
    where: Where
    message: str


def catalog_entry(config: RepoConfig, change: ChangeRequest) -> CatalogEntry | None:
    return next((e for e in config.catalog if e.id == change.catalog_entry), None)


def catalog_problems(
    config: RepoConfig, change: ChangeRequest, kinds: Mapping[str, str]
) -> list[CatalogProblem]:
    """Why the standard change does not fit its catalog entry (empty: it fits).

    ``kinds`` maps CI ids to their record's ``kind``. A CI without a record
    (one the RFC ``creates`` and that does not exist yet) is checked against
    ``items`` now and against ``item_kinds`` once its record exists.
    """
    if change.catalog_entry is None:
        return [
            CatalogProblem(
                "no_entry", ("type",), "a standard change must name the catalog_entry it follows"
            )
        ]
    entry = catalog_entry(config, change)
    if entry is None:
        return [
            CatalogProblem(
                "unknown_entry",
                ("catalog_entry",),
                f"catalog entry {change.catalog_entry!r} is not in ccgov.yaml catalog",
            )
        ]
    problems: list[CatalogProblem] = []
    if entry.category != change.category:
        problems.append(
            CatalogProblem(
                "category",
                ("category",),
                f"catalog entry {entry.id!r} covers {entry.category}, not {change.category}",
            )
        )
    if RISK_ORDER.index(change.risk) > RISK_ORDER.index(entry.max_risk):
        problems.append(
            CatalogProblem(
                "risk",
                ("risk",),
                f"catalog entry {entry.id!r} covers risk up to {entry.max_risk}, not "
                f"{change.risk}; raise a normal change",
            )
        )
    for field in ("affects", "creates"):
        for index, item in enumerate(getattr(change, field)):
            reason = _item_outside(entry, item, kinds.get(item))
            if reason is not None:
                problems.append(CatalogProblem("item", (field, index), reason))
    return problems


def _item_outside(entry: CatalogEntry, item: str, kind: str | None) -> str | None:
    if entry.items and item not in entry.items:
        return (
            f"catalog entry {entry.id!r} covers only {', '.join(entry.items)}, not {item}; "
            "raise a normal change"
        )
    if entry.item_kinds and kind is not None and kind not in entry.item_kinds:
        return (
            f"{item} is of kind {kind}, and catalog entry {entry.id!r} covers only "
            f"{', '.join(entry.item_kinds)}; raise a normal change"
        )
    return None
