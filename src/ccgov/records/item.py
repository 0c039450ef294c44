"""Configuration items: the controlled environment."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Text, Version

ItemKind = Literal[
    "call_flow",
    "ivr_menu",
    "prompt",
    "routing_script",
    "queue",
    "skill",
    "software",
    "hardware",
    "sbc",
    "trunk",
    "integration",
    "desktop",
    "server",
    "network",
    "database",
    "license",
    "report",
    "other",
]
Environment = Literal["production", "staging", "test", "dr"]
ItemStatus = Literal["planned", "active", "retired"]
Scalar = str | int | float | bool


class ConfigurationItem(Model):
    """A configuration item (CI)."""

    id: RecordId
    name: Text
    kind: ItemKind
    version: Version
    # Text, not a slug, so a repository with free-text vendors gets VEN001 (which
    # it may suppress while it adds vendor records), not a schema error.
    vendor: str | None = Field(
        None, description="The id of the vendor that supplies or supports it (vendors/<id>.yaml)."
    )
    support_ends: date | None = Field(
        None, description="When the vendor's support for this version ends (end of support)."
    )
    owner: Handle
    environment: Environment = "production"
    status: ItemStatus = "active"
    description: str | None = None
    attributes: dict[str, Scalar] = Field(
        {}, description="Free-form facts: IPs, channel counts, ..."
    )
    depends_on: list[RecordId] = []
    artifact: str | None = Field(
        None,
        description="Repository-relative path of a file this CI is (call-flow export, prompt audio); "
        "its sha256 is part of every baseline.",
    )
