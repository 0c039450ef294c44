"""Configuration items: the controlled environment."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Text, Version
from ccgov.records.signoff import digest

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


# What a link to a CI reviews: what the CI is and how it is set up. Its name,
# owner, description and its own dependencies are left out: editing them does
# not change what depends on it.
SUBSTANTIVE_FIELDS: tuple[str, ...] = (
    "kind",
    "version",
    "vendor",
    "environment",
    "status",
    "attributes",
    "artifact",
)


def content_hash(item: ConfigurationItem) -> str:
    """The hash a link review binds to: canonical JSON of the substantive fields."""
    payload: dict[str, Any] = item.model_dump(mode="json", include=set(SUBSTANTIVE_FIELDS))
    return digest(payload)
