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
from ccgov.policy.dependencies import Graph, dependencies, dependents
from ccgov.records.change import ChangeRequest
from ccgov.records.config import Person, RepoConfig
from ccgov.records.kinds import ARTIFACTS_DIR, CONFIG_FILE, KIND_BY_NAME, NUMBERED_ID
from ccgov.store import git
from ccgov.store.ids import next_id, next_ids
from ccgov.store.loader import LoadedRecord, load_record
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
    found = repository.find("change", change_id)
    if found is not None:
        return found
    if (repository.root / path).exists():
        problems = [f for f in repository.findings if f.file == path]
        detail = (
            f": {problems[0].line}:{problems[0].column} {problems[0].message}" if problems else ""
        )
        raise RefusedError(
            f"{path} does not validate{detail}", hint=f"fix it first (ccgov validate {path})"
        )
    known = repository.ids("change")
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
    """The rules to act under and who acts.

    When ccgov.yaml has uncommitted edits, the committed one decides who you
    are and what you may do: editing your own copy (giving yourself a role,
    turning off separation of duties) grants nothing. The edited file is what
    the result is validated against, and a governance change commits it.
    """
    config = repository.config
    if config is None:
        raise RefusedError(
            "ccgov.yaml is missing or invalid", hint="run ccgov validate and fix it first"
        )
    root = repository.root
    if git.has_commits(root) and git.changed_paths(root, [CONFIG_FILE]):
        committed = git.file_at(root, "HEAD", f"./{CONFIG_FILE}")
        if committed is not None:
            loaded, _ = load_record(CONFIG_FILE, committed, RepoConfig, id_field=None)
            if loaded is not None:
                config = loaded.record
    return config, resolve_actor(config, email)


def _committed_unchanged(root: Path, path: str, change_id: str, action: str) -> None:
    """Refuse to record a decision on an RFC file with uncommitted edits: they
    would be committed with it, under the decider's name."""
    if not git.has_commits(root) or not git.changed_paths(root, [path]):
        return
    raise RefusedError(
        f"{path} has uncommitted edits; to {action} now would commit them with your decision, "
        "under your name",
        hint=f"have its author commit the edit first and, if it changed the content, resubmit "
        f"it (ccgov rfc submit {change_id}); or set it aside without losing it "
        f"(git stash push -- {path}); then {action} again",
    )


def transition(
    root: Path,
    change_id: str,
    request: lifecycle.Request,
    *,
    now: datetime,
    commit: bool = True,
) -> Applied[None]:
    """Apply one lifecycle step to an RFC and commit it. An implementation
    commits the CI records (and artifacts) the implementer edited with it, and
    a backout the ones they reverted."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = _acting(repository, email)
        loaded = find_change(repository, change_id)
        if isinstance(request, lifecycle.Approve | lifecycle.Reject):
            _committed_unchanged(root, loaded.path, change_id, request.action)
        change: ChangeRequest = loaded.record
        # Only approving and scheduling check the slot against other RFCs: the
        # others and the depends_on graph (a row per CI) are read for them alone.
        slotted = isinstance(request, lifecycle.Approve | lifecycle.Schedule)
        depends = repository.edges("item", "depends_on") if slotted else {}
        step = lifecycle.Step(
            config,
            change,
            person,
            _local(now, config),
            _sharing_items(repository, change, depends) if slotted else (),
            _item_kinds(repository, [*change.affects, *change.creates]),
            depends,
        )
        updated, notes = lifecycle.decide(step, request)
        text = (root / loaded.path).read_text(encoding="utf-8")
        adopted: list[str] = []
        if isinstance(request, lifecycle.Implement):
            adopted = documented_changes(
                repository, loaded.record, allow_none=request.allow_no_record_changes
            )
            notes += _config_note(repository, loaded.record)
        elif lifecycle.backs_out(loaded.record, request):
            assert isinstance(request, lifecycle.Verify | lifecycle.Backout)
            adopted = documented_changes(
                repository,
                loaded.record,
                allow_none=request.allow_no_record_changes,
                backout=True,
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


def _sharing_items(
    repository: Repository, change: ChangeRequest, depends: Graph
) -> tuple[ChangeRequest, ...]:
    """The other RFCs that change a CI this one affects, or a CI coupled to one
    of them through ``depends_on``: the only ones a slot can conflict with
    (read by reference, not by loading every RFC)."""
    touched = set(change.affects)
    for item in change.affects:
        touched |= set(dependencies(depends, item)) | set(dependents(depends, item))
    found: dict[str, ChangeRequest] = {}
    for item in sorted(touched):
        for other in repository.naming("affects", item, "change"):
            if other.record.id != change.id:
                found.setdefault(other.path, other.record)
    return tuple(found[path] for path in sorted(found))


def _item_kinds(repository: Repository, items: list[str]) -> dict[str, str]:
    """CI id -> its record's kind, for the CIs a standard change names."""
    found: dict[str, str] = {}
    for item in items:
        loaded = repository.find("item", item)
        if loaded is not None:
            found[item] = loaded.record.kind
    return found


def _committed_artifacts(root: Path, item_paths: list[str]) -> dict[str, str]:
    """artifact path -> CI id, from the committed version of edited CI records:
    a record deleted (a backed-out new CI) or re-pointed still owns the file
    it named."""
    found: dict[str, str] = {}
    for path in item_paths:
        data = git.file_at(root, "HEAD", f"./{path}") if git.has_commits(root) else None
        if data is None:
            continue
        loaded, _ = load_record(path, data, KIND_BY_NAME["item"].model)
        if loaded is not None and loaded.record.artifact:
            found[loaded.record.artifact] = loaded.record.id
    return found


def governs_config(change: ChangeRequest) -> bool:
    """Only a governance change may change ccgov.yaml."""
    return change.category == "governance_change"


def _config_note(repository: Repository, change: ChangeRequest) -> list[str]:
    if governs_config(change) or not git.changed_paths(repository.root, [CONFIG_FILE]):
        return []
    return [
        f"{CONFIG_FILE} has uncommitted edits; they are not part of {change.id} (only a "
        "governance_change RFC commits them)"
    ]


def documented_changes(
    repository: Repository, change: ChangeRequest, *, allow_none: bool, backout: bool = False
) -> list[str]:
    """The records edited in the work tree that document the change, all within its scope.

    CI records (and their artifacts) of the CIs the RFC affects or creates; a
    new CI record only for an id in ``creates``; ccgov.yaml for a governance
    change. On a backout, the same files as reverted by the engineer.
    """
    root = repository.root
    scope = [*change.affects, *change.creates]
    edited = git.changed_paths(root, [ITEMS_DIR, ARTIFACTS_DIR])
    artifacts = _committed_artifacts(root, [p for p in edited if p.startswith(f"{ITEMS_DIR}/")])
    for path in edited:
        # The CI records naming an edited file now (the last one, as a map of all would).
        for naming in repository.naming("artifact", path, "item"):
            artifacts[path] = naming.record.id
    strays: list[str] = []
    adopted: list[str] = []
    for path in sorted(edited):
        if path.startswith(f"{ITEMS_DIR}/"):
            owner: str | None = Path(path).stem
        else:
            owner = artifacts.get(path)
        if owner is None or owner not in scope:
            strays.append(path if owner is None else f"{path} ({owner})")
        else:
            adopted.append(path)
    if strays:
        raise RefusedError(
            f"{change.id} affects {', '.join(change.affects) or 'no CIs'}"
            + (f" and creates {', '.join(change.creates)}" if change.creates else "")
            + f", but these edits are outside its scope: {', '.join(strays)}",
            hint="set them aside without losing them (git stash push -- <those paths>), commit "
            "them under their own RFC, or widen this RFC (which needs re-approval)",
        )
    governance = governs_config(change)
    if governance and git.changed_paths(root, [CONFIG_FILE]):
        adopted.append(CONFIG_FILE)
    targets = [*scope, *([CONFIG_FILE] if governance else [])]
    if adopted or allow_none or not targets:
        return adopted
    option = "--no-record-changes"
    if backout:
        raise RefusedError(
            f"{change.id} is being backed out, but nothing it documents ({', '.join(targets)}) "
            "was changed back in the work tree",
            hint="revert those records too (e.g. git checkout <the commit before the implement> "
            "-- items/CI-....yaml), so they describe the system as it is again; or pass "
            f"{option} if the implementation changed none of them",
        )
    raise RefusedError(
        f"{change.id} changes {', '.join(targets)}, but none of their records was updated",
        hint=(
            f"edit {CONFIG_FILE} (the governance change itself) in the work tree"
            if governance and not scope
            else "update the CI records (version, attributes) in the work tree"
        )
        + f" so the documentation matches the system, or pass {option} if nothing documented "
        "changed",
    )


# --- new RFC -----------------------------------------------------------------


# In NewChange.creates: allocate the next free CI id.
NEW_ITEM = "new"


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
    # New CI ids; NEW_ITEM allocates the next free one.
    creates: list[str] = field(default_factory=list)
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
        }
        creates = _created_ids(repository, config, spec.creates)
        if creates:
            record["creates"] = creates
        record |= {"risk": spec.risk, "impact": spec.impact}
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
        allocated = [i for i in creates if i not in spec.creates]
        notes = [f"{change_id} creates {', '.join(allocated)}"] if allocated else []
        return Mutation("rfc", change_id, "new", {path: content}, notes=notes)

    return apply(root, build, commit=commit)


def _created_ids(repository: Repository, config: RepoConfig, wanted: list[str]) -> list[str]:
    """``wanted`` with each NEW_ITEM replaced by a fresh CI id: after the
    highest CI on disk or on any branch, and after every id another RFC
    already means to create."""
    fresh = wanted.count(NEW_ITEM)
    if not fresh:
        return wanted
    reserved = repository.named("creates", "change")
    reserved += [i for i in wanted if i != NEW_ITEM]
    allocated = iter(next_ids(repository.root, config.id_prefixes.item, ITEMS_DIR, fresh, reserved))
    return [next(allocated) if i == NEW_ITEM else i for i in wanted]


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


# For the other use cases that act on the repository (planning/): the same
# rule for who acts, and the same local clock.
acting = _acting
local_time = _local
