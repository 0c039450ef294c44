"""What the operations use cases share: finding a record, who is acting, the
moment a step is recorded at, and the refusal to commit someone's edits."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.errors import RefusedError
from ccgov.records.config import Person, RepoConfig
from ccgov.records.kinds import KIND_BY_NAME, KindName
from ccgov.store import git
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository
from ccgov.workflow.identity import actor


def config_of(repository: Repository) -> RepoConfig:
    if repository.config is None:
        raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate first")
    return repository.config


def acting(repository: Repository, email: str | None) -> tuple[RepoConfig, Person]:
    """The configuration and the person whose git identity runs the command."""
    config = config_of(repository)
    return config, actor(config, email)


def find(repository: Repository, kind: KindName, record_id: str, command: str) -> LoadedRecord:
    """The record ``record_id`` of ``kind``, or a refusal that says why not."""
    for loaded in repository.of(kind):
        if getattr(loaded.record, "id", None) == record_id:
            return loaded
    directory = KIND_BY_NAME[kind].directory
    path = f"{directory}/{record_id}.yaml"
    if (repository.root / path).exists():
        problems = [f for f in repository.findings if f.file == path]
        detail = (
            f": {problems[0].line}:{problems[0].column} {problems[0].message}" if problems else ""
        )
        raise RefusedError(
            f"{path} does not validate{detail}", hint=f"fix it first (ccgov validate {path})"
        )
    title = KIND_BY_NAME[kind].title.lower()
    known = sorted(str(getattr(r.record, "id", "")) for r in repository.of(kind))
    raise RefusedError(
        f"there is no {title} {record_id}",
        hint=f"known: {', '.join(known[-10:])}" if known else f"create one: ccgov {command} new",
    )


def unchanged(root: Path, path: str, record_id: str, command: str) -> None:
    """Refuse to record a step on a file with uncommitted edits: they would be
    committed with it, under the name of whoever runs the command."""
    if not git.has_commits(root) or not git.changed_paths(root, [path]):
        return
    raise RefusedError(
        f"{path} has uncommitted edits; recording this now would commit them under your name",
        hint=f"commit them first, or set them aside without losing them "
        f"(git stash push -- {path}); then run ccgov {command} again",
    )


def local(moment: datetime, config: RepoConfig) -> str:
    """``moment`` as the repository writes times: its zone, whole seconds."""
    return moment.astimezone(ZoneInfo(config.timezone)).replace(microsecond=0).isoformat()


def moment(at: datetime | None, now: datetime, option: str = "--at") -> datetime:
    """The moment a step is recorded at: ``at`` (never after now), else now."""
    if at is None:
        return now.replace(microsecond=0)
    if at > now:
        raise RefusedError(
            f"{option} {at.isoformat()} is in the future",
            hint=f"record what has happened; leave {option} out to record it as of now",
        )
    return at


def dump(record: Any) -> dict[str, Any]:
    """A record as the data its file holds (only what was set)."""
    data: dict[str, Any] = record.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return data
