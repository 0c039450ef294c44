"""The ``depends_on`` graph between configuration items, as pure functions:
what depends on a CI (directly or through others), and whether two sets of
CIs touch each other. Shared by impact analysis and conflict detection.

A graph maps each CI id to the ids it depends on. Cycles are tolerated
(validation reports them as CYC002); every walk visits a CI once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence

Graph = Mapping[str, Sequence[str]]


def reverse(graph: Graph) -> dict[str, list[str]]:
    """CI -> the CIs that name it in ``depends_on`` (sorted)."""
    found: dict[str, set[str]] = {}
    for source, targets in graph.items():
        for target in targets:
            found.setdefault(target, set()).add(source)
    return {target: sorted(sources) for target, sources in found.items()}


def walk(edges: Mapping[str, Sequence[str]], start: str) -> dict[str, list[str]]:
    """Every id reachable from ``start`` along ``edges`` (start itself left
    out), each with the shortest path to it, ``start`` first. Breadth first,
    ties broken by id, so the paths are the same on every run."""
    paths: dict[str, list[str]] = {start: [start]}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for following in sorted(edges.get(current, ())):
            if following not in paths:
                paths[following] = [*paths[current], following]
                queue.append(following)
    del paths[start]
    return paths


def dependents(graph: Graph, item: str) -> dict[str, list[str]]:
    """What depends on ``item``, directly or through others: id -> the path
    from ``item`` up to it (``[SBC, ACD, queue]``: the queue depends on the
    ACD, which depends on the SBC)."""
    return walk(reverse(graph), item)


def dependencies(graph: Graph, item: str) -> dict[str, list[str]]:
    """What ``item`` depends on, directly or through others, with the path."""
    return walk(graph, item)


def coupled(graph: Graph, ours: Iterable[str], theirs: Iterable[str]) -> list[tuple[str, str]]:
    """(dependent, depended on) for every pair of one CI from ``ours`` and one
    from ``theirs`` where one depends on the other, directly or through
    others. A CI in both sets makes no pair: sharing a CI is a conflict of
    its own."""
    mine, other = set(ours), set(theirs)
    pairs: set[tuple[str, str]] = set()
    for item in mine - other:
        for match in set(dependencies(graph, item)) & (other - mine):
            pairs.add((item, match))
        for match in set(dependents(graph, item)) & (other - mine):
            pairs.add((match, item))
    return sorted(pairs)
