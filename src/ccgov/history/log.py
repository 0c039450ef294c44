"""`ccgov log`: a record's history from git — who, when, which action, and
what changed field by field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccgov.errors import RefusedError
from ccgov.records.kinds import KIND_BY_NAME, KINDS
from ccgov.store import git
from ccgov.store.yamlio import parse_document

CHANGES_DIR = KIND_BY_NAME["change"].directory


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class LogEntry:
    commit: str
    author: str
    email: str
    date: str
    action: str
    subject: str
    changes: list[FieldChange]

    def to_json(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "author": self.author,
            "email": self.email,
            "date": self.date,
            "action": self.action,
            "subject": self.subject,
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in self.changes],
        }


def record_path(root: Path, record_id: str) -> str:
    """The repository path of a record id (numbered or named)."""
    for kind in KINDS:
        candidate = f"{kind.directory}/{record_id}.yaml"
        if (root / candidate).exists():
            return candidate
    for kind in KINDS:  # deleted since: look in history
        candidate = f"{kind.directory}/{record_id}.yaml"
        if git.run(root, ["log", "-1", "--format=%H", "--", candidate]).strip():
            return candidate
    raise RefusedError(
        f"no record {record_id} in the work tree or its history",
        hint="record ids are file names, e.g. RFC-0007 or CI-0012",
    )


def plain(data: bytes | None, path: str) -> Any:
    if data is None:
        return None
    document, _ = parse_document(path, data)
    return document.data if document is not None else None


def diff(old: Any, new: Any, prefix: str = "") -> list[FieldChange]:
    """Field-level differences between two plain YAML values."""
    if isinstance(old, dict) and isinstance(new, dict):
        found: list[FieldChange] = []
        for key in [*old, *(k for k in new if k not in old)]:
            name = f"{prefix}.{key}" if prefix else str(key)
            found += diff(old.get(key), new.get(key), name)
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            c
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for c in diff(a, b, f"{prefix}[{i}]")
        ]
    if isinstance(old, list) and isinstance(new, list) and new[: len(old)] == old:
        return [
            FieldChange(f"{prefix}[{i}]", None, item)
            for i, item in enumerate(new[len(old) :], len(old))
        ]
    return [] if old == new else [FieldChange(prefix, old, new)]


def action_of(info: git.CommitInfo) -> str:
    actions = info.trailers.get("Ccgov-Action")
    return actions[0] if actions else "edit"


def record_log(root: Path, record_id: str) -> list[LogEntry]:
    path = record_path(root, record_id)
    entries = []
    previous: Any = None
    for info, path_then in git.file_history(root, path):
        current = plain(git.file_at(root, info.sha, path_then), path_then)
        entries.append(
            LogEntry(
                commit=info.sha,
                author=info.author_name,
                email=info.author_email,
                date=info.authored.isoformat(),
                action=action_of(info),
                subject=info.subject,
                changes=diff(previous, current)
                if previous is not None or current is None
                else [FieldChange("", None, "created")],
            )
        )
        previous = current
    return entries


def implementing_rfcs(root: Path, info: git.CommitInfo, item: str) -> list[str]:
    """RFCs this commit implements that list ``item`` among their affected CIs.

    Trailers alone prove nothing (anyone can type them): the named RFC must
    move from scheduled to implemented in this very commit. An empty list
    means the commit changed the item without authority.
    """
    if action_of(info) != "implement":
        return []
    found = []
    for record in info.trailers.get("Ccgov-Record", []):
        path = f"{CHANGES_DIR}/{record}.yaml"
        data = plain(git.file_at(root, info.sha, path), path)
        before = plain(git.file_at(root, f"{info.sha}^", path), path) if info.parents else None
        moved = (
            isinstance(data, dict)
            and data.get("status") == "implemented"
            and isinstance(before, dict)
            and before.get("status") == "scheduled"
        )
        if moved and item in (data.get("affects") or []):
            found.append(record)
    return found
