"""Building and reading baseline manifests (pure)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ccgov.baseline.state import ItemState


def build(
    *,
    name: str,
    created: datetime,
    author: str,
    commit: str,
    previous: str | None,
    message: str | None,
    items: dict[str, ItemState],
    changes: list[str],
) -> dict[str, Any]:
    """The manifest as plain data, in the key order it is written."""
    manifest: dict[str, Any] = {
        "name": name,
        "created": created.isoformat(),
        "author": author,
        "commit": commit,
        "previous": previous,
    }
    if message:
        manifest["message"] = message
    manifest["items"] = [
        {
            "id": state.id,
            "name": state.item.name,
            "kind": state.item.kind,
            "version": state.item.version,
            "record_sha256": state.record_sha256,
            **({"artifact": state.item.artifact} if state.item.artifact else {}),
            **({"artifact_sha256": state.artifact_sha256} if state.artifact_sha256 else {}),
        }
        for state in sorted(items.values(), key=lambda s: s.id)
    ]
    manifest["changes"] = changes
    if previous is None:
        del manifest["previous"]
    return manifest


def default_name(today: str, existing: set[str]) -> str:
    """The date, with -2, -3 ... for further snapshots on the same day."""
    if today not in existing:
        return today
    suffix = 2
    while f"{today}-{suffix}" in existing:
        suffix += 1
    return f"{today}-{suffix}"
