"""RFC use cases: each loads the RFC, applies a lifecycle step from
:mod:`ccgov.workflow.lifecycle`, and commits the result through
:func:`ccgov.workflow.transaction.apply`, keeping the author's YAML formatting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.errors import RefusedError
from ccgov.records.change import ChangeRequest
from ccgov.records.config import Person, RepoConfig
from ccgov.records.kinds import ARTIFACTS_DIR, KIND_BY_NAME, NUMBERED_ID
from ccgov.store import git
from ccgov.store.ids import next_id
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository
from ccgov.store.yamlio import dump_for_edit, load_for_edit, merge_into
from ccgov.workflow import lifecycle
from ccgov.workflow.drafts import render_new
from ccgov.workflow.identity import actor as resolve_actor
from ccgov.workflow.transaction import Applied, Mutation, apply

CHANGES_DIR = KIND_BY_NAME["change"].directory
ITEMS_DIR = KIND_BY_NAME["item"].directory


def find_change(repository: Repository, change_id: str) -> LoadedRecord:
    path = f"{CHANGES_DIR}/{change_id}.yaml"
    for loaded in repository.of("change"):
        if loaded.record.id == change_id:
            return loaded
    if (repository.root / path).exists():
        problems = [f for f in repository.findings if f.file == path]
        detail = (
            f": {problems[0].line}:{problems[0].column} {problems[0].message}" if problems else ""
        )
        raise RefusedError(
            f"{path} does not validate{detail}", hint=f"fix it first (ccgov validate {path})"
        )
    known = sorted(r.record.id for r in repository.of("change"))
    raise RefusedError(
        f"there is no RFC {change_id}",
        hint=f"known RFCs: {', '.join(known[-10:])}" if known else "create one: ccgov rfc new",
    )


def render_update(text: str, record: Any) -> bytes:
    """The record's file after an update, keeping comments, order and quoting."""
    document = load_for_edit(text)
    merge_into(document, record.model_dump(mode="json", by_alias=True, exclude_unset=True))
    return dump_for_edit(document).encode("utf-8")


def _local(now: datetime, config: RepoConfig) -> datetime:
    return now.astimezone(ZoneInfo(config.timezone)).replace(microsecond=0)


def _acting(repository: Repository, email: str | None) -> tuple[RepoConfig, Person]:
    config = repository.config
    if config is None:
        raise RefusedError(
            "ccgov.yaml is missing or invalid", hint="run ccgov validate and fix it first"
        )
    return config, resolve_actor(config, email)


def transition(
    root: Path,
    change_id: str,
    request: lifecycle.Request,
    *,
    now: datetime,
    commit: bool = True,
) -> Applied[None]:
    """Apply one lifecycle step to an RFC and commit it; an implementation
    commits the CI records (and artifacts) the implementer edited with it."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = _acting(repository, email)
        loaded = find_change(repository, change_id)
        others = tuple(r.record for r in repository.of("change") if r.record.id != change_id)
        step = lifecycle.Step(config, loaded.record, person, _local(now, config), others)
        updated, notes = lifecycle.decide(step, request)
        text = (root / loaded.path).read_text(encoding="utf-8")
        adopted = (
            documented_changes(
                repository, loaded.record, allow_none=request.allow_no_record_changes
            )
            if isinstance(request, lifecycle.Implement)
            else []
        )
        return Mutation(
            "rfc",
            change_id,
            request.action,
            {loaded.path: render_update(text, updated)},
            adopt=adopted,
            notes=notes,
        )

    return apply(root, build, commit=commit)


def documented_changes(
    repository: Repository, change: ChangeRequest, *, allow_none: bool
) -> list[str]:
    """The CI records (and their artifacts) edited in the work tree, all within the RFC's scope."""
    root = repository.root
    edited = git.changed_paths(root, [ITEMS_DIR, ARTIFACTS_DIR])
    artifacts = {r.record.artifact: r.record.id for r in repository.of("item") if r.record.artifact}
    strays: list[str] = []
    adopted: list[str] = []
    for path in sorted(edited):
        if path.startswith(f"{ITEMS_DIR}/"):
            owner: str | None = Path(path).stem
        else:
            owner = artifacts.get(path)
        if owner is None or owner not in change.affects:
            strays.append(path if owner is None else f"{path} ({owner})")
        else:
            adopted.append(path)
    if strays:
        raise RefusedError(
            f"{change.id} affects {', '.join(change.affects) or 'no CIs'}, but these edits are outside "
            f"its scope: {', '.join(strays)}",
            hint="undo them, commit them under their own RFC, or widen this RFC (which needs re-approval)",
        )
    if not adopted and change.affects and not allow_none:
        raise RefusedError(
            f"{change.id} changes {', '.join(change.affects)}, but none of their records was updated",
            hint="update the CI records (version, attributes) in the work tree so the documentation "
            "matches the system, or pass --no-record-changes if nothing documented changed",
        )
    return adopted


# --- new RFC -----------------------------------------------------------------


@dataclass(slots=True)
class NewChange:
    title: str
    type: str
    category: str
    risk: str
    impact: str
    description: str
    justification: str
    affects: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    catalog_entry: str | None = None
    implementer: str | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None
    plans: dict[str, str] | None = None


def new(root: Path, spec: NewChange, *, now: datetime, commit: bool = True) -> Applied[None]:
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = _acting(repository, email)
        prefix = config.id_prefixes.change
        change_id = next_id(root, prefix, CHANGES_DIR)
        assert NUMBERED_ID.match(change_id)
        at = _local(now, config).isoformat()
        record: dict[str, Any] = {
            "id": change_id,
            "title": spec.title,
            "description": spec.description,
            "type": spec.type,
            "category": spec.category,
        }
        if spec.catalog_entry:
            record["catalog_entry"] = spec.catalog_entry
        record["requested_by"] = person.handle
        if spec.implementer:
            record["implementer"] = spec.implementer
        record |= {
            "justification": spec.justification,
            "requirements": spec.requirements,
            "affects": spec.affects,
            "risk": spec.risk,
            "impact": spec.impact,
        }
        if spec.plans:
            record["plans"] = spec.plans
        if spec.window_start or spec.window_end:
            if not (spec.window_start and spec.window_end):
                raise RefusedError("a window needs both --window-start and --window-end")
            if spec.window_end <= spec.window_start:
                raise RefusedError(
                    f"the window ends ({spec.window_end.isoformat()}) before it starts "
                    f"({spec.window_start.isoformat()})"
                )
            record["window"] = {
                "start": spec.window_start.isoformat(),
                "end": spec.window_end.isoformat(),
            }
        record |= {
            "status": "draft",
            "history": [{"status": "draft", "at": at, "by": person.handle}],
        }
        path = f"{CHANGES_DIR}/{change_id}.yaml"
        content = render_new(path, ChangeRequest, record, command="rfc new")
        return Mutation("rfc", change_id, "new", {path: content})

    return apply(root, build, commit=commit)


def list_changes(
    repository: Repository,
    *,
    status: str | None = None,
    type_: str | None = None,
    mine: str | None = None,
) -> list[ChangeRequest]:
    found = []
    for loaded in repository.of("change"):
        change: ChangeRequest = loaded.record
        if status and change.status != status:
            continue
        if type_ and change.type != type_:
            continue
        if (
            mine
            and mine not in (change.requested_by, change.implementer)
            and mine not in {a.by for a in change.approvals}
        ):
            continue
        found.append(change)
    return sorted(found, key=lambda c: c.id)
