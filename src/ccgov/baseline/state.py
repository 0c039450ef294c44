"""The configuration items as they were at a commit, read from git.

A CI is known by the id of its record's git blob: two commits that hold the
same blob hold the same CI, so a snapshot, a diff or a verify never parses
a record git has already shown ccgov. What a baseline needs of each record
(id, name, kind, version, artifact, sha256) is kept per blob id in
``.git/ccgov/history.sqlite``; the full record is parsed only when a diff
needs its fields.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccgov import __version__
from ccgov.records.item import ConfigurationItem
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.store import git
from ccgov.store.kv import JsonStore
from ccgov.store.loader import load_record
from ccgov.store.repo import Repository
from ccgov.store.yamlio import parse_document

ITEMS_DIR = KIND_BY_NAME["item"].directory
SUMMARY_VERSION = f"{__version__}/item-summary-1"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class ItemState:
    """One CI at one commit: what a baseline records of it, and its record on demand."""

    id: str
    name: str
    kind: str
    version: str
    artifact: str | None
    record_sha256: str
    artifact_sha256: str | None  # None: no artifact, or the artifact file is missing
    owner: str = ""
    vendor: str | None = None
    environment: str = ""
    oid: str | None = None  # the record's git blob id (None: read from the work tree)
    _read: Callable[[], tuple[ConfigurationItem, dict[str, Any]]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def item(self) -> ConfigurationItem:
        assert self._read is not None
        return self._read()[0]

    @property
    def data(self) -> dict[str, Any]:
        """The record's plain data (for field-by-field differences)."""
        assert self._read is not None
        return self._read()[1]


def _parse(path: str, data: bytes) -> tuple[ConfigurationItem, dict[str, Any]] | None:
    loaded, _ = load_record(path, data, ConfigurationItem)
    if loaded is None:
        return None
    document, _ = parse_document(path, data, locate=False)
    return loaded.record, document.data if document is not None else {}


def _item(path: str, data: bytes) -> ConfigurationItem | None:
    """What a summary needs: the record alone (its plain data is read when a diff asks)."""
    loaded, _ = load_record(path, data, ConfigurationItem)
    return loaded.record if loaded is not None else None


def _summary(item: ConfigurationItem, data: bytes) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "kind": item.kind,
        "version": item.version,
        "artifact": item.artifact,
        "sha256": sha256(data),
        "owner": item.owner,
        "vendor": item.vendor,
        "environment": item.environment,
    }


def _indexed(repository: Repository | None, records: dict[str, str]) -> dict[str, Any]:
    """The records the record index holds with exactly these blobs (path ->
    record): parsed once already, they need not be parsed again."""
    if repository is None or repository.index is None or not records:
        return {}
    rows = repository.index.rows(records)
    same = [path for path, oid in records.items() if path in rows and rows[path].digest == oid]
    return repository.index.models(same)


def items_at(root: Path, commit: str, repository: Repository | None = None) -> dict[str, ItemState]:
    """Every valid CI record at ``commit`` with its artifact hash (records the
    ``repository``'s index already holds are not parsed again)."""
    tree = git.tree_blobs(root, commit)
    records = {
        path: oid
        for path, oid in tree.items()
        if path.startswith(f"{ITEMS_DIR}/") and path.count("/") == 1 and path.endswith(".yaml")
    }
    cache_path = git.git_dir(root) / "ccgov" / "history.sqlite"
    with (
        JsonStore(cache_path, "item_summaries", SUMMARY_VERSION) as summaries,
        JsonStore(cache_path, "blob_sha256", "1") as hashes,
        git.ObjectReader(root) as reader,
    ):
        known = summaries.get(set(records.values()))
        missing = {path: oid for path, oid in records.items() if oid not in known}
        indexed = _indexed(repository, missing)
        contents = reader.read_many(sorted(set(missing.values())))
        fresh: dict[str, Any] = {}
        for path, oid in sorted(missing.items()):
            data = contents.get(oid) or b""
            item = indexed.get(path) or _item(path, data)
            fresh[oid] = _summary(item, data) if item is not None else None
        summaries.put(fresh)
        known.update(fresh)
        wanted = {s["artifact"] for s in known.values() if s and s.get("artifact")}
        artifact_oids = {path: tree[path] for path in wanted if path in tree}
        digests = hashes.get(set(artifact_oids.values()))
        unknown = sorted(set(artifact_oids.values()) - set(digests))
        new_digests = {oid: sha256(data or b"") for oid, data in reader.read_many(unknown).items()}
        hashes.put(new_digests)
        digests.update(new_digests)

    blobs = _Blobs(root)

    def loader(path: str, oid: str) -> Callable[[], tuple[ConfigurationItem, dict[str, Any]]]:
        return _Reader(blobs, path, oid)

    states: dict[str, ItemState] = {}
    for path, oid in sorted(records.items()):
        summary = known.get(oid)
        if not summary:
            continue
        artifact = summary.get("artifact")
        artifact_oid = artifact_oids.get(artifact) if artifact else None
        states[summary["id"]] = ItemState(
            summary["id"],
            summary["name"],
            summary["kind"],
            summary["version"],
            artifact,
            summary["sha256"],
            digests.get(artifact_oid) if artifact_oid else None,
            summary["owner"],
            summary["vendor"],
            summary["environment"],
            oid,
            loader(path, oid),
        )
    return states


class _Blobs:
    """Records parsed on demand, read through one git process per batch."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.parsed: dict[str, tuple[ConfigurationItem, dict[str, Any]]] = {}

    def read(self, wanted: dict[str, str]) -> None:
        """Parse the records of ``wanted`` (oid -> path) not parsed yet."""
        missing = {oid: path for oid, path in wanted.items() if oid not in self.parsed}
        if not missing:
            return
        with git.ObjectReader(self.root) as objects:
            for oid, path in missing.items():
                parsed = _parse(path, objects.read(oid) or b"")
                assert parsed is not None
                self.parsed[oid] = parsed


@dataclass(frozen=True, slots=True)
class _Reader:
    blobs: _Blobs
    path: str
    oid: str

    def __call__(self) -> tuple[ConfigurationItem, dict[str, Any]]:
        self.blobs.read({self.oid: self.path})
        return self.blobs.parsed[self.oid]


def prefetch(states: Iterable[ItemState]) -> None:
    """Read the records of many states at once (one git process, not one each)."""
    wanted: dict[_Blobs, dict[str, str]] = {}
    for state in states:
        if isinstance(state._read, _Reader):
            wanted.setdefault(state._read.blobs, {})[state._read.oid] = state._read.path
    for blobs, oids in wanted.items():
        blobs.read(oids)


def _constant(
    item: ConfigurationItem, plain: dict[str, Any]
) -> Callable[[], tuple[ConfigurationItem, dict[str, Any]]]:
    return lambda: (item, plain)


def items_in_work_tree(root: Path, items: list[ConfigurationItem]) -> dict[str, ItemState]:
    """The same view of the working tree's CIs (for drift)."""
    states = {}
    for item in items:
        record_path = root / ITEMS_DIR / f"{item.id}.yaml"
        data = record_path.read_bytes()
        document, _ = parse_document(str(record_path), data)
        plain = document.data if document else {}
        artifact = root / item.artifact if item.artifact else None
        states[item.id] = ItemState(
            item.id,
            item.name,
            item.kind,
            item.version,
            item.artifact,
            sha256(data),
            sha256(artifact.read_bytes()) if artifact is not None and artifact.is_file() else None,
            item.owner,
            item.vendor,
            item.environment,
            None,
            _constant(item, plain),
        )
    return states
