"""Baseline manifests: where they live, how they are found, how they are built."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ccgov.baseline.state import ItemState
from ccgov.errors import RefusedError
from ccgov.records.baseline import Baseline
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository

BASELINES_DIR = KIND_BY_NAME["baseline"].directory
TAG_PREFIX = "baseline/"


def baselines(repository: Repository) -> list[Baseline]:
    """Every baseline manifest, oldest first."""
    return sorted((loaded.record for loaded in repository.of("baseline")), key=lambda b: b.created)


def find_baseline(repository: Repository, name: str) -> LoadedRecord:
    for loaded in repository.of("baseline"):
        if loaded.record.name == name:
            return loaded
    known = [b.name for b in baselines(repository)]
    raise RefusedError(
        f"there is no baseline {name!r}",
        hint=f"known baselines: {', '.join(known)}"
        if known
        else "take one: ccgov baseline snapshot",
    )


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
            "name": state.name,
            "kind": state.kind,
            "version": state.version,
            "record_sha256": state.record_sha256,
            **({"artifact": state.artifact} if state.artifact else {}),
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
