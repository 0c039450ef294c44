"""Suspect links: the target of a reviewed link changed since its last review
(:mod:`ccgov.policy.suspect`). The finding sits where the link is written."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.policy.suspect import describe, link_states
from ccgov.records.kinds import KindName
from ccgov.records.linkreview import LinkReviews
from ccgov.rules import common
from ccgov.rules.base import Context, finding, rule
from ccgov.store.loader import LoadedRecord

# The kinds whose links are reviewed (the source of a link review file).
SOURCES = ("requirement", "item")


def _command(source: str, kinds: dict[str, str]) -> str:
    if kinds.get(source) == "requirement":
        return f"ccgov req review {source}"
    return f"ccgov link clear {source}"


@rule
def suspect_links(context: Context) -> Iterator[Finding]:
    reviews: list[LinkReviews] = [loaded.record for loaded in context.of("link")]
    if not reviews:
        return  # nothing was ever reviewed, so nothing can be suspect
    owners: dict[str, LoadedRecord] = {}
    kinds: dict[str, str] = {}
    kinds_read: tuple[KindName, ...] = ("requirement", "item", "change")
    for kind in kinds_read:
        for loaded in context.of(kind):
            owners[loaded.record.id] = loaded
            kinds[loaded.record.id] = kind
    states = link_states(
        (owners[i].record for i in owners if kinds[i] == "requirement"),
        (owners[i].record for i in owners if kinds[i] == "item"),
        (owners[i].record for i in owners if kinds[i] == "change"),
        reviews,
    )
    for state in states:
        if state.status != "suspect" or state.review is None:
            continue
        link = state.link
        review = state.review
        yield finding(
            owners[link.owner],
            "LNK001",
            f"suspect link {describe(link)}: {link.target} changed since {review.by} reviewed the "
            f"link on {review.at.date().isoformat()}; check it still holds and record it "
            f"({_command(link.source, kinds)})",
            link.field,
            link.index,
        )


@rule
def link_review_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("link"):
        record: LinkReviews = loaded.record
        resolved = context.resolve(record.source)
        if resolved is None and record.source not in context.unloaded:
            yield finding(
                loaded,
                "REF003",
                f"{record.source} does not exist (expected a requirement or configuration item "
                "whose links these reviews are)",
                "source",
            )
        elif resolved is not None and resolved[0].name not in SOURCES:
            yield finding(
                loaded,
                "REF007",
                f"{record.source} is a {resolved[0].title.lower()}; links are reviewed from a "
                "requirement or a configuration item",
                "source",
            )
        for index, review in enumerate(record.reviews):
            yield from common.person(context, loaded, review.by, "reviews", index, "by")
