"""Suspect links: the target of a reviewed link changed since its last review
(:mod:`ccgov.policy.suspect`). The finding sits where the link is written."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.policy.suspect import LINKED_KINDS, Linked, describe, hash_of, links_of
from ccgov.records.linkreview import LinkReview, LinkReviews
from ccgov.rules import common
from ccgov.rules.base import IDS, REFERENCED, REFERENCES, Context, every, finding, rule

# The kinds whose links are reviewed (the source of a link review file).
SOURCES = ("requirement", "item")


def _command(source: str, kind: str) -> str:
    if kind == "requirement":
        return f"ccgov req review {source}"
    return f"ccgov link clear {source}"


def _linked(context: Context, record_id: str) -> tuple[str, Linked] | None:
    """(kind, record) an end of a link is, as policy.suspect.hashes sees it: the
    last requirement, CI or RFC known by ``record_id``."""
    found = [(k.name, path) for k, path in context.carriers(record_id) if k.name in LINKED_KINDS]
    if not found:
        return None
    kind, path = found[-1]
    return kind, context.record(path).record


class _Reviews:
    """The last review of each link from a source, as policy.suspect.last_reviews
    keeps them: from the link review records of that source (``link:<source>``),
    read on first use."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.by_source: dict[str, dict[str, LinkReview]] = {}

    def last(self, source: str, target: str) -> LinkReview | None:
        if source not in self.by_source:
            found = self.by_source[source] = {}
            for _, path in self.context.carriers(f"link:{source}"):
                for review in self.context.record(path).record.reviews:
                    found[review.target] = review
        return self.by_source[source].get(target)


# Every link review: a review names the record whose links it is, not the
# records writing them, so a changed review runs the rule over everything
# (otherwise it reads only the reviews of the links it checks). The content of
# both ends of each link (the target a record names, records.links RECORD_REFS:
# parents, satisfied_by, depends_on, an RFC's requirements); and for an RFC's
# link, which points at the RFC's own id, the other records carrying that id.
# The finding sits on the record writing the link.
@rule(reads=(REFERENCED, IDS, every("link")), about=(*SOURCES, "change"))
def suspect_links(context: Context) -> Iterator[Finding]:
    reviews = _Reviews(context)
    for kind in LINKED_KINDS:
        for loaded in context.of(kind):
            for link in links_of(loaded.record):
                review = reviews.last(link.source, link.target)
                if review is None:
                    continue  # never reviewed: not suspect
                source = _linked(context, link.source)
                target = _linked(context, link.target)
                if source is None or target is None:
                    continue  # links nothing (REF003 says so), or dangling
                if review.content_hash == hash_of(target[1]):
                    continue
                yield finding(
                    loaded,
                    "LNK001",
                    f"suspect link {describe(link)}: {link.target} changed since {review.by} "
                    f"reviewed the link on {review.at.date().isoformat()}; check it still holds "
                    f"and record it ({_command(link.source, source[0])})",
                    link.field,
                    link.index,
                )


# People are in ccgov.yaml; the source is a reference (records.links PLANNING_REFS).
@rule(reads=(REFERENCES,), about=("link",))
def link_review_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("link"):
        record: LinkReviews = loaded.record
        found = context.kind_of(record.source)
        if found is None and record.source not in context.unloaded:
            yield finding(
                loaded,
                "REF003",
                f"{record.source} does not exist (expected a requirement or configuration item "
                "whose links these reviews are)",
                "source",
            )
        elif found is not None and found.name not in SOURCES:
            yield finding(
                loaded,
                "REF007",
                f"{record.source} is a {found.title.lower()}; links are reviewed from a "
                "requirement or a configuration item",
                "source",
            )
        for index, review in enumerate(record.reviews):
            yield from common.person(context, loaded, review.by, "reviews", index, "by")
