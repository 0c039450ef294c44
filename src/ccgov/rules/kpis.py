"""KPIs: who owns and reads them, the SLA they select, and measurements that
fit the KPI's frequency, one per period."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.records.kpi import EXAMPLE_LABELS, Kpi, frequency_of
from ccgov.rules import rhythm_refs as refs
from ccgov.rules.base import REFERENCES, Context, finding, rule


# People and roles are in ccgov.yaml; the SLA a KPI selects is a reference
# (records.links OPERATIONS_REFS).
@rule(reads=(REFERENCES,), about=("kpi",))
def kpi_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("kpi"):
        kpi: Kpi = loaded.record
        yield from refs.person(context, loaded, kpi.owner, "owner")
        for index, reader in enumerate(kpi.audience):
            yield from refs.person_or_role(context, loaded, reader, "audience", index)
        if kpi.sla is not None:
            yield from refs.record(context, loaded, kpi.sla, "sla", expected="sla")


@rule(reads=(), about=("kpi",))
def measurements_fit(context: Context) -> Iterator[Finding]:
    for loaded in context.of("kpi"):
        kpi: Kpi = loaded.record
        seen: dict[str, int] = {}
        for index, measurement in enumerate(kpi.measurements):
            frequency = frequency_of(measurement.period)
            if frequency != kpi.frequency:
                yield finding(
                    loaded,
                    "KPI001",
                    f"{measurement.period} is a {frequency} period, but {kpi.id} is measured "
                    f"{kpi.frequency} (e.g. {EXAMPLE_LABELS[kpi.frequency]})",
                    "measurements",
                    index,
                    "period",
                )
            elif measurement.period in seen:
                yield finding(
                    loaded,
                    "KPI001",
                    f"{measurement.period} is also measured by measurements[{seen[measurement.period]}]",
                    "measurements",
                    index,
                    "period",
                )
            else:
                seen[measurement.period] = index
