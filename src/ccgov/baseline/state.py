"""The configuration items as they were at a commit, read from git."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccgov.records.item import ConfigurationItem
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.store import git
from ccgov.store.loader import load_record
from ccgov.store.yamlio import parse_document

ITEMS_DIR = KIND_BY_NAME["item"].directory


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class ItemState:
    """One CI at one commit: its record, the record's plain data and hashes."""

    item: ConfigurationItem
    data: dict[str, Any]
    record_sha256: str
    artifact_sha256: str | None  # None: no artifact, or the artifact file is missing

    @property
    def id(self) -> str:
        return self.item.id


def items_at(root: Path, commit: str) -> dict[str, ItemState]:
    """Every valid CI record at ``commit`` with its artifact hash."""
    files = git.tree_files(root, commit, ITEMS_DIR)
    states: dict[str, ItemState] = {}
    artifacts_wanted: dict[str, str] = {}
    loaded_items = []
    for path, data in sorted(files.items()):
        if path.count("/") != 1 or not path.endswith(".yaml"):
            continue
        loaded, _ = load_record(path, data, ConfigurationItem)
        if loaded is None:
            continue
        document, _ = parse_document(path, data)
        loaded_items.append((loaded.record, document.data if document else {}, sha256(data)))
        if loaded.record.artifact:
            artifacts_wanted[loaded.record.id] = loaded.record.artifact
    artifact_hashes: dict[str, str] = {}
    for artifact in set(artifacts_wanted.values()):
        content = git.file_at(root, commit, artifact)
        if content is not None:
            artifact_hashes[artifact] = sha256(content)
    for item, plain, record_hash in loaded_items:
        states[item.id] = ItemState(
            item, plain, record_hash, artifact_hashes.get(item.artifact) if item.artifact else None
        )
    return states


def items_in_work_tree(root: Path, items: list[ConfigurationItem]) -> dict[str, ItemState]:
    """The same view of the working tree's CIs (for drift)."""
    states = {}
    for item in items:
        record_path = root / ITEMS_DIR / f"{item.id}.yaml"
        data = record_path.read_bytes()
        document, _ = parse_document(str(record_path), data)
        artifact = root / item.artifact if item.artifact else None
        states[item.id] = ItemState(
            item,
            document.data if document else {},
            sha256(data),
            sha256(artifact.read_bytes()) if artifact is not None and artifact.is_file() else None,
        )
    return states
