"""What decisions bind to: the hash of the content decided on, and the
sign-off entry that requirements and demands share.

Like an RFC approval, a sign-off names who decided, when, and the hash of
the content they saw (:func:`digest` over the record's substantive fields);
editing that content afterwards leaves the hash behind, and the sign-off
no longer counts.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from ccgov.records.base import Handle, Model, Timestamp

ContentHash = Annotated[
    str,
    StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$"),
    Field(description="sha256: and 64 hex digits, written by ccgov: the content decided on."),
]


def digest(payload: Any) -> str:
    """``sha256:`` of the canonical JSON of ``payload`` (keys sorted, no spaces)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class SignOff(Model):
    """One person's decision on a record's content, bound to it by hash."""

    by: Handle
    decision: Literal["approve", "reject"]
    at: Timestamp
    comment: str | None = None
    content_hash: ContentHash = Field(
        description="Hash of the content this decision covers; editing that content voids it."
    )
