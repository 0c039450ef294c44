"""Suspect links: a link whose target changed since the link was last reviewed.

The links are the ones records already write: a requirement's ``parents``
(requirement -> parent requirement) and ``satisfied_by`` (requirement -> CI),
an RFC's ``requirements`` (requirement -> the RFC that changes the system for
it) and a CI's ``depends_on`` (CI -> CI). Each review in ``links/<source>.yaml``
remembers the target's content hash when someone looked; when the target's
hash moves on, the link is suspect until it is reviewed again. A link never
reviewed has nothing to compare with: it is unreviewed, not suspect.

Pure: the records are passed in, so rules and the workflow share it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ccgov.records.change import ChangeRequest
from ccgov.records.change import content_hash as change_hash
from ccgov.records.item import ConfigurationItem
from ccgov.records.item import content_hash as item_hash
from ccgov.records.linkreview import LinkReview, LinkReviews
from ccgov.records.requirement import Requirement
from ccgov.records.requirement import content_hash as requirement_hash

Relation = Literal["parent", "satisfied_by", "implemented_by", "depends_on"]
Status = Literal["reviewed", "suspect", "unreviewed", "dangling"]


@dataclass(frozen=True, slots=True)
class Link:
    """A link from ``source`` to ``target``, written at ``owner``'s ``field[index]``."""

    source: str
    target: str
    relation: Relation
    owner: str  # the record the link is written in: the source, or the RFC
    field: str
    index: int


@dataclass(frozen=True, slots=True)
class LinkState:
    link: Link
    current: str | None  # the target's content hash now (None: no such record)
    review: LinkReview | None  # the link's last review

    @property
    def status(self) -> Status:
        if self.current is None:
            return "dangling"
        if self.review is None:
            return "unreviewed"
        return "reviewed" if self.review.content_hash == self.current else "suspect"


# The kinds of record a link is written in and points at, in the order
# :func:`hashes` reads them (the last record of an id wins).
LINKED_KINDS: tuple[Literal["requirement", "item", "change"], ...] = (
    "requirement",
    "item",
    "change",
)
Linked = Requirement | ConfigurationItem | ChangeRequest


def links_of(record: Linked) -> list[Link]:
    """The links one record writes."""
    found: list[Link] = []
    if isinstance(record, Requirement):
        for index, parent in enumerate(record.parents):
            found.append(Link(record.id, parent, "parent", record.id, "parents", index))
        for index, target in enumerate(record.satisfied_by):
            found.append(Link(record.id, target, "satisfied_by", record.id, "satisfied_by", index))
    elif isinstance(record, ConfigurationItem):
        for index, target in enumerate(record.depends_on):
            found.append(Link(record.id, target, "depends_on", record.id, "depends_on", index))
    else:
        for index, requirement_id in enumerate(record.requirements):
            found.append(
                Link(requirement_id, record.id, "implemented_by", record.id, "requirements", index)
            )
    return found


def links(
    requirements: Iterable[Requirement],
    items: Iterable[ConfigurationItem],
    changes: Iterable[ChangeRequest],
) -> list[Link]:
    """Every link the records write, sorted by source, then target."""
    found: list[Link] = []
    for requirement in requirements:
        found += links_of(requirement)
    for item in items:
        found += links_of(item)
    for change in changes:
        found += links_of(change)
    return sorted(found, key=lambda link: (link.source, link.target, link.relation))


def hash_of(record: Linked) -> str:
    """The content hash a review of a link to this record binds to."""
    if isinstance(record, Requirement):
        return requirement_hash(record)
    if isinstance(record, ConfigurationItem):
        return item_hash(record)
    return change_hash(record)


def hashes(
    requirements: Iterable[Requirement],
    items: Iterable[ConfigurationItem],
    changes: Iterable[ChangeRequest],
) -> dict[str, str]:
    """Record id -> its content hash, for every record a link can point at."""
    found = {r.id: hash_of(r) for r in requirements}
    found |= {i.id: hash_of(i) for i in items}
    found |= {c.id: hash_of(c) for c in changes}
    return found


def last_reviews(reviews: Iterable[LinkReviews]) -> dict[tuple[str, str], LinkReview]:
    """(source, target) -> the last review recorded for that link."""
    found: dict[tuple[str, str], LinkReview] = {}
    for record in reviews:
        for review in record.reviews:
            found[(record.source, review.target)] = review
    return found


def link_states(
    requirements: Iterable[Requirement],
    items: Iterable[ConfigurationItem],
    changes: Iterable[ChangeRequest],
    reviews: Iterable[LinkReviews],
) -> list[LinkState]:
    """Every link with its target's hash now and its last review."""
    requirements, items, changes = list(requirements), list(items), list(changes)
    current = hashes(requirements, items, changes)
    last = last_reviews(reviews)
    return [
        LinkState(link, current.get(link.target), last.get((link.source, link.target)))
        for link in links(requirements, items, changes)
        # An RFC naming a requirement that does not exist links nothing (REF003 says so).
        if link.source in current
    ]


def describe(link: Link) -> str:
    """``REQ-0003 -> CI-0010 (satisfied_by)``."""
    return f"{link.source} -> {link.target} ({link.relation.replace('_', ' ')})"
