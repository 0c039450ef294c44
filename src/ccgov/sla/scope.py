"""Which configuration items an SLA covers, and so which RFCs its change
turnaround counts (docs/sla.md, "Change turnaround").

* An SLA that a vendor record lists under ``slas`` binds that vendor: it is
  the vendor's promise, and covers the CIs whose ``vendor`` is one of the
  vendors it binds, plus the CIs its ``availability`` targets name.
* An SLA that no vendor record lists is the organisation's own (IT to the
  contact center): it covers every CI.

An RFC is in an SLA's scope when it affects or creates a CI the SLA covers;
an RFC that names no CI (a governance change) is in the scope of an SLA that
covers every CI only.
"""

from __future__ import annotations

from collections.abc import Iterable

from ccgov.records.change import ChangeRequest
from ccgov.records.item import ConfigurationItem
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.records.vendor import Vendor


def covered_items(
    sla: ServiceLevelAgreement, vendors: Iterable[Vendor], items: Iterable[ConfigurationItem]
) -> frozenset[str] | None:
    """The ids of the CIs ``sla`` covers; None when it covers every CI."""
    bound = {vendor.id for vendor in vendors if sla.id in vendor.slas}
    if not bound:
        return None
    supplied = {item.id for item in items if item.vendor in bound}
    return frozenset(supplied | {target.item for target in sla.availability})


def in_scope(change: ChangeRequest, covered: frozenset[str] | None) -> bool:
    """Whether ``change`` counts towards an SLA covering ``covered`` (None: every CI)."""
    if covered is None:
        return True
    return any(item in covered for item in (*change.affects, *change.creates))
