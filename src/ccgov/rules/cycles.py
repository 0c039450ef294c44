"""No cycles in requirement parents or configuration-item dependencies."""

from __future__ import annotations

from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter

from ccgov.findings import Finding
from ccgov.records.kinds import KindName
from ccgov.rules.base import Context, finding, graph, rule


def _cycles(
    context: Context, kind: KindName, field: str, code: str, noun: str
) -> Iterator[Finding]:
    # The graph comes from the ids and links alone (the index answers that
    # without loading a record); only the owner of a reported edge is loaded.
    links = context.links(kind, field)
    graph = {
        rid: [t for t in dict.fromkeys(targets) if t in links]
        for rid, (_, targets) in links.items()
    }
    reported: set[frozenset[str]] = set()
    while True:
        try:
            TopologicalSorter(graph).prepare()
            return
        except CycleError as exc:
            cycle: list[str] = exc.args[1]
        # graphlib lists each node before the one that names it; reversed,
        # every node names the next one in ``field``.
        chain = list(reversed(cycle))
        members = frozenset(chain)
        if members in reported:
            return
        reported.add(members)
        owner, target = chain[0], chain[1]
        loaded = context.record(links[owner][0])
        index = getattr(loaded.record, field).index(target)
        yield finding(loaded, code, f"{noun} form a cycle: {' -> '.join(chain)}", field, index)
        # Break the reported edge so a second, separate cycle is found too.
        graph[owner] = [t for t in graph[owner] if t != target]


@rule(reads=(graph("requirement", "parents"),))
def requirement_cycles(context: Context) -> Iterator[Finding]:
    yield from _cycles(context, "requirement", "parents", "CYC001", "requirement parents")


@rule(reads=(graph("item", "depends_on"),))
def item_cycles(context: Context) -> Iterator[Finding]:
    yield from _cycles(context, "item", "depends_on", "CYC002", "depends_on links")
