"""Baseline manifests, written by `ccgov baseline snapshot`."""

from __future__ import annotations

from pydantic import Field

from ccgov.records.base import Model, RecordId, Slug, Text, Timestamp, Version


class BaselineItem(Model):
    """One configuration item as it was when the baseline was taken."""

    id: RecordId
    name: Text
    kind: str
    version: Version
    record_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    artifact: str | None = None
    artifact_sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")


class Baseline(Model):
    """The documented state of every CI at one commit (written by `ccgov baseline snapshot`)."""

    name: Slug
    created: Timestamp
    author: Text
    commit: str = Field(pattern=r"^[0-9a-f]{40}$")
    previous: Slug | None = None
    message: str | None = None
    items: list[BaselineItem]
    changes: list[RecordId] = Field([], description="RFCs implemented since the previous baseline.")
