"""Reading the governed repository as it was at any commit, for the audit.

Everything a commit is judged by comes from its parent: the configuration,
people and policy in force, and the records as they stood. :class:`Replay`
reads those through one `git cat-file` process and parses each distinct
object once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ccgov.records.change import ChangeRequest
from ccgov.records.config import Person, RepoConfig
from ccgov.records.item import ConfigurationItem
from ccgov.records.kinds import ARTIFACTS_DIR, CONFIG_FILE, KIND_BY_NAME
from ccgov.store import git
from ccgov.store.loader import load_record
from ccgov.store.yamlio import parse_document

CHANGES_DIR = KIND_BY_NAME["change"].directory
ITEMS_DIR = KIND_BY_NAME["item"].directory
BASELINES_DIR = KIND_BY_NAME["baseline"].directory


def record_id(path: str) -> str:
    return PurePosixPath(path).stem


def is_change(path: str) -> bool:
    return path.startswith(f"{CHANGES_DIR}/") and path.count("/") == 1 and path.endswith(".yaml")


def is_item(path: str) -> bool:
    return path.startswith(f"{ITEMS_DIR}/") and path.count("/") == 1 and path.endswith(".yaml")


def is_artifact(path: str) -> bool:
    return path.startswith(f"{ARTIFACTS_DIR}/")


def is_baseline(path: str) -> bool:
    return path.startswith(f"{BASELINES_DIR}/") and path.endswith(".yaml")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who a commit acts as: its author, mapped through the parent's people."""

    name: str
    email: str
    person: Person | None

    @property
    def handle(self) -> str | None:
        return self.person.handle if self.person else None

    @property
    def label(self) -> str:
        return f"{self.name} <{self.email}>"


class Replay:
    """Objects, configurations and records at any commit (use as a context manager)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = git.ObjectReader(root)
        self._configs: dict[str | None, RepoConfig | None] = {}
        self._changes: dict[str, ChangeRequest | None] = {}
        self._items: dict[str, ConfigurationItem | None] = {}
        self._plain: dict[str, Any] = {}

    def __enter__(self) -> Replay:
        return self

    def __exit__(self, *exc: object) -> None:
        self.objects.close()

    def read(self, oid: str | None) -> bytes | None:
        return None if oid is None else self.objects.read(oid)

    def oid_at(self, commit: str, path: str) -> str | None:
        """The blob id of ``path`` (relative to the governed root) at ``commit``."""
        found = self.objects.get(f"{commit}:./{path}")
        return found[0] if found is not None else None

    # --- configuration ------------------------------------------------------

    def config_blob(self, oid: str | None) -> RepoConfig | None:
        if oid not in self._configs:
            data = self.read(oid)
            loaded = (
                load_record(CONFIG_FILE, data, RepoConfig, id_field=None)[0]
                if data is not None
                else None
            )
            self._configs[oid] = loaded.record if loaded else None
        return self._configs[oid]

    def config_at(self, commit: str | None) -> RepoConfig | None:
        """ccgov.yaml as committed at ``commit`` (None: absent or invalid)."""
        if commit is None:
            return None
        key = f"{commit}:./{CONFIG_FILE}"
        if key not in self._configs:
            data = self.objects.read(key)
            loaded = (
                load_record(CONFIG_FILE, data, RepoConfig, id_field=None)[0]
                if data is not None
                else None
            )
            self._configs[key] = loaded.record if loaded else None
        return self._configs[key]

    # --- records ------------------------------------------------------------

    def plain(self, oid: str | None, path: str) -> Any:
        """A YAML file as plain data (None: absent or unparsable)."""
        if oid is None:
            return None
        if oid not in self._plain:
            data = self.read(oid)
            document = parse_document(path, data)[0] if data is not None else None
            self._plain[oid] = document.data if document is not None else None
        return self._plain[oid]

    def change(self, oid: str | None, path: str) -> ChangeRequest | None:
        """An RFC as the model reads it (None: absent or invalid)."""
        if oid is None:
            return None
        if oid not in self._changes:
            data = self.read(oid)
            loaded = load_record(path, data, ChangeRequest)[0] if data is not None else None
            self._changes[oid] = loaded.record if loaded else None
        return self._changes[oid]

    def change_at(self, commit: str, change_id: str) -> ChangeRequest | None:
        path = f"{CHANGES_DIR}/{change_id}.yaml"
        data = self.objects.read(f"{commit}:./{path}")
        if data is None:
            return None
        loaded = load_record(path, data, ChangeRequest)[0]
        return loaded.record if loaded else None

    def item(self, oid: str | None, path: str) -> ConfigurationItem | None:
        if oid is None:
            return None
        if oid not in self._items:
            data = self.read(oid)
            loaded = load_record(path, data, ConfigurationItem)[0] if data is not None else None
            self._items[oid] = loaded.record if loaded else None
        return self._items[oid]

    def implemented_at(self, commit: str) -> bool:
        """Whether any RFC at ``commit`` was ever implemented: change control has started."""
        from ccgov.records.lifecycle import IMPLEMENTED_OR_LATER

        for path, data in git.tree_files(self.root, commit, CHANGES_DIR).items():
            plain = parse_document(path, data)[0]
            status = plain.data.get("status") if plain and isinstance(plain.data, dict) else None
            if status in IMPLEMENTED_OR_LATER or status == "backed_out":
                return True
        return False

    def artifact_owners(self, commit: str | None, artifact: str) -> set[str]:
        """The CIs whose record names ``artifact`` at ``commit``."""
        if commit is None:
            return set()
        output = git.run(
            self.root,
            ["grep", "-l", "-F", "-e", artifact, commit, "--", f"{ITEMS_DIR}/"],
            check=False,
        )
        owners = set()
        for line in output.splitlines():
            relative = line.removeprefix(f"{commit}:")
            item = self.item(self.oid_at(commit, relative), relative)
            if item is not None and item.artifact == artifact:
                owners.add(item.id)
        return owners


def actor_of(info: git.CommitInfo, config: RepoConfig | None) -> Actor:
    person = config.person_by_email(info.author_email) if config is not None else None
    return Actor(info.author_name, info.author_email, person)
