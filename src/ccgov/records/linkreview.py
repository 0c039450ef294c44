"""Link reviews: for one record, which of its links were reviewed, by whom,
when, and against what content of the target.

Links are written where they always were (a requirement's ``parents`` and
``satisfied_by``, a CI's ``depends_on``, an RFC's ``requirements``); this
file, ``links/<source id>.yaml``, only remembers their reviews. It is
append-only: the last review of a target counts, and ``ccgov audit`` checks
that each entry was committed by the person it names. Keeping reviews out of
the CI records means reviewing a dependency is not a change to the CI.
"""

from __future__ import annotations

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Timestamp
from ccgov.records.signoff import ContentHash


class LinkReview(Model):
    """Someone confirmed that the link still holds against the target as it was."""

    target: RecordId = Field(description="The record the link points at.")
    content_hash: ContentHash = Field(
        description="The target's content hash when reviewed; a later edit of the target makes "
        "the link suspect."
    )
    by: Handle
    at: Timestamp
    comment: str | None = None


class LinkReviews(Model):
    """The reviews of the links from one record (ccgov req review, ccgov link clear)."""

    source: RecordId = Field(description="The record whose links these are; the file name.")
    reviews: list[LinkReview] = Field([], description="Oldest first; the last per target counts.")
