"""Vendors: their owners and SLAs exist, their ladder and contract are in
order, and every CI's vendor is a vendor record."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.records.base import duration_minutes
from ccgov.rules import rhythm_refs as refs
from ccgov.rules.base import REFERENCES, Context, every, finding, rule


@rule(reads=(REFERENCES,), about=("vendor",))
def vendor_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("vendor"):
        vendor = loaded.record
        yield from refs.person(context, loaded, vendor.relationship_owner, "relationship_owner")
        for index, sla in enumerate(vendor.slas):
            yield from refs.record(context, loaded, sla, "slas", index, expected="sla")


@rule(reads=(), about=("vendor",))
def vendor_ladder_and_contract(context: Context) -> Iterator[Finding]:
    for loaded in context.of("vendor"):
        vendor = loaded.record
        previous: int | None = None
        for index, rung in enumerate(vendor.escalation):
            if rung.level != index + 1:
                yield finding(
                    loaded,
                    "VEN002",
                    f"escalation level {rung.level} is rung {index + 1} of the ladder; "
                    "number the levels 1, 2, 3, ... in order",
                    "escalation",
                    index,
                    "level",
                )
            if rung.after is not None:
                minutes = duration_minutes(rung.after)
                if previous is not None and minutes < previous:
                    yield finding(
                        loaded,
                        "VEN002",
                        f"level {rung.level} is reached after {rung.after}, sooner than the "
                        "level before it",
                        "escalation",
                        index,
                        "after",
                    )
                previous = minutes
        contract = vendor.contract
        if contract is None:
            continue
        if contract.starts and contract.ends and contract.ends <= contract.starts:
            yield finding(
                loaded,
                "VEN002",
                f"the contract ends ({contract.ends}) before it starts ({contract.starts})",
                "contract",
                "ends",
            )
        if contract.renewal and contract.ends and contract.renewal > contract.ends:
            yield finding(
                loaded,
                "VEN002",
                f"the renewal date ({contract.renewal}) is after the contract ends "
                f"({contract.ends}); renewal must be decided before then",
                "contract",
                "renewal",
            )


# Every vendor: the hint names the closest vendor of all. A file that does not
# load under the CI's vendor name is a reference (records.links NAMED_REFS).
@rule(reads=(REFERENCES, every("vendor")), about=("item",))
def item_vendors_exist(context: Context) -> Iterator[Finding]:
    vendors = {loaded.record.id: loaded.record.name for loaded in context.every("vendor")}
    by_name = {name.lower(): vendor_id for vendor_id, name in vendors.items()}
    for loaded in context.of("item"):
        name = loaded.record.vendor
        if name is None or name in vendors or name in context.unloaded:
            continue
        close = by_name.get(name.lower()) or next(
            iter(difflib.get_close_matches(name, list(vendors), n=1, cutoff=0.75)), None
        )
        hint = f"; did you mean {close!r}?" if close else f"; add vendors/{name}.yaml"
        yield finding(
            loaded, "VEN001", f"vendor {name!r} is not a vendor record (vendors/){hint}", "vendor"
        )
