"""Problem management: raise a problem from incidents, record what is learnt
(root cause, workaround: a known error), track the actions that remove the
cause, and close it when they are done. Each step is a commit through the
write path, by the person whose git identity runs it.

The actions are the shared :class:`~ccgov.records.actions.Action` (problems
are one of its carriers), with the RFC that carries each out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ccgov.errors import RefusedError
from ccgov.operations.common import acting, dump, find, local, moment, unchanged
from ccgov.records.actions import action_ref
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.records.problem import Problem
from ccgov.store import git
from ccgov.store.ids import next_id
from ccgov.store.repo import Repository
from ccgov.workflow.drafts import render_new
from ccgov.workflow.rfc import render_update
from ccgov.workflow.transaction import Applied, Mutation, apply

PROBLEMS_DIR = KIND_BY_NAME["problem"].directory
# (repository, problem, its data to change, config, acting handle, notes) ->
# the commit's action label (None: the command's own).
Editor = Callable[[Repository, Problem, dict[str, Any], RepoConfig, str, list[str]], str | None]


@dataclass(slots=True)
class NewProblem:
    incidents: list[str]
    title: str | None = None  # default: the first incident's title
    owner: str | None = None  # default: whoever raises it
    description: str | None = None
    items: list[str] = field(default_factory=list)  # default: the incidents' CIs
    at: datetime | None = None


def new(root: Path, spec: NewProblem, *, now: datetime, commit: bool = True) -> Applied[None]:
    """Raise a problem from one or more incidents."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        incidents = [find(repository, "incident", i, "incident").record for i in spec.incidents]
        if not incidents and not spec.title:
            raise RefusedError(
                "a problem needs a title, or the incidents it comes from",
                hint="ccgov problem new --from INC-ID (or --title for a problem seen proactively)",
            )
        opened = moment(spec.at, now)
        for incident in incidents:
            if incident.opened > opened:
                raise RefusedError(
                    f"{incident.id} opened {local(incident.opened, config)}, after the problem's "
                    f"time {local(opened, config)}",
                    hint="raise the problem after the incidents it comes from",
                )
        items = spec.items or list(dict.fromkeys(i for inc in incidents for i in inc.affects))
        problem_id = next_id(root, config.id_prefixes.problem, PROBLEMS_DIR)
        record: dict[str, Any] = {
            "id": problem_id,
            "title": spec.title or incidents[0].title,
            "status": "open",
            "opened": local(opened, config),
            "raised_by": person.handle,
            "owner": spec.owner or person.handle,
            **({"description": spec.description} if spec.description else {}),
            "incidents": [i.id for i in incidents],
            "items": items,
        }
        path = f"{PROBLEMS_DIR}/{problem_id}.yaml"
        content = render_new(path, Problem, record, command="problem new")
        notes = [
            f"{i.id} has a root cause already: {i.root_cause}" for i in incidents if i.root_cause
        ]
        notes.append(
            f"next: problem update {problem_id} --root-cause/--workaround, "
            f"problem action add {problem_id}"
        )
        return Mutation("problem", problem_id, "new", {path: content}, notes=notes)

    return apply(root, build, commit=commit)


@dataclass(slots=True)
class Edit:
    """``problem update``: only what is given changes."""

    title: str | None = None
    description: str | None = None
    owner: str | None = None
    root_cause: str | None = None
    workaround: str | None = None
    known_error: bool = False  # set the status to known_error
    incidents: list[str] = field(default_factory=list)  # added
    items: list[str] = field(default_factory=list)  # added
    at: datetime | None = None


@dataclass(slots=True)
class NewAction:
    title: str
    owner: str
    due: date
    fix: str | None = None  # the RFC that carries it out
    links: list[str] = field(default_factory=list)


def _validated(data: dict[str, Any]) -> Problem:
    try:
        return Problem.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "the problem"
        raise RefusedError(
            f"{where}: {str(first['msg']).removeprefix('Value error, ')}",
            hint="nothing was written",
        ) from None


def _change(
    root: Path,
    problem_id: str,
    action: str,
    edit: Editor,
    *,
    now: datetime,
    commit: bool,
) -> Applied[None]:
    """Load the problem, let ``edit(data, config, handle, notes)`` change it, commit."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        loaded = find(repository, "problem", problem_id, "problem")
        unchanged(root, loaded.path, problem_id, f"problem {action.split()[0]}")
        data = dump(loaded.record)
        notes: list[str] = []
        label = edit(repository, loaded.record, data, config, person.handle, notes)
        updated = _validated(data)
        text = (root / loaded.path).read_text(encoding="utf-8")
        return Mutation(
            "problem",
            problem_id,
            label or action,
            {loaded.path: render_update(text, updated)},
            notes=notes,
        )

    return apply(root, build, commit=commit)


def update(
    root: Path, problem_id: str, change: Edit, *, now: datetime, commit: bool = True
) -> Applied[None]:
    """Record what was learnt about a problem."""

    def edit(
        repository: Repository,
        problem: Problem,
        data: dict[str, Any],
        config: RepoConfig,
        handle: str,
        notes: list[str],
    ) -> None:
        if problem.status == "closed":
            raise RefusedError(f"{problem.id} is closed", hint="raise a new problem instead")
        at = moment(change.at, now)
        for key in ("title", "description", "owner", "workaround"):
            value = getattr(change, key)
            if value is not None:
                data[key] = value
        if change.root_cause is not None:
            data["root_cause"] = change.root_cause
            data["root_cause_at"] = local(at, config)
        for incident_id in change.incidents:
            find(repository, "incident", incident_id, "incident")
        data["incidents"] = list(dict.fromkeys([*problem.incidents, *change.incidents]))
        data["items"] = list(dict.fromkeys([*problem.items, *change.items]))
        if change.known_error:
            data["status"] = "known_error"
            notes.append(
                "a known error is published for the service desk: write a known_error article "
                "in knowledge/ that lists it"
            )
        if dump(problem) == data:
            raise RefusedError("nothing to change", hint="see ccgov problem update --help")

    return _change(root, problem_id, "update", edit, now=now, commit=commit)


def add_action(
    root: Path, problem_id: str, spec: NewAction, *, now: datetime, commit: bool = True
) -> Applied[None]:
    """Add an action item to a problem (A1, A2, ... in order)."""

    def edit(
        repository: Repository,
        problem: Problem,
        data: dict[str, Any],
        config: RepoConfig,
        handle: str,
        notes: list[str],
    ) -> str:
        if problem.status == "closed":
            raise RefusedError(f"{problem.id} is closed", hint="raise a new problem instead")
        if config.person(spec.owner) is None:
            raise RefusedError(f"{spec.owner!r} is not a person in ccgov.yaml")
        if spec.fix is not None:
            find(repository, "change", spec.fix, "rfc")
        numbers = [int(a.id[1:]) for a in problem.actions]
        action_id = f"A{max(numbers, default=0) + 1}"
        action: dict[str, Any] = {
            "id": action_id,
            "title": spec.title,
            "owner": spec.owner,
            "due": spec.due.isoformat(),
            **({"links": spec.links} if spec.links else {}),
            **({"fix": spec.fix} if spec.fix else {}),
        }
        data["actions"] = [*data.get("actions", []), action]
        notes.append(f"{action_ref(problem.id, action_id)}: {spec.title} (owner {spec.owner})")
        return f"action {action_id} added"

    return _change(root, problem_id, "action added", edit, now=now, commit=commit)


def close(
    root: Path,
    problem_id: str,
    *,
    resolution: str,
    now: datetime,
    at: datetime | None = None,
    commit: bool = True,
) -> Applied[None]:
    """Close a problem: refused while any of its actions is open."""

    def edit(
        repository: Repository,
        problem: Problem,
        data: dict[str, Any],
        config: RepoConfig,
        handle: str,
        notes: list[str],
    ) -> None:
        if problem.status == "closed":
            raise RefusedError(f"{problem.id} is already closed")
        open_actions = [a for a in problem.actions if a.status == "open"]
        if open_actions:
            listed = ", ".join(f"{action_ref(problem.id, a.id)} ({a.title})" for a in open_actions)
            raise RefusedError(
                f"{problem.id} has open actions: {listed}",
                hint="close or drop them first: ccgov problem action done "
                f"{action_ref(problem.id, open_actions[0].id)} [--drop]",
            )
        when = moment(at, now)
        if when < problem.opened:
            raise RefusedError(
                f"--at {local(when, config)} is before the problem was raised "
                f"({local(problem.opened, config)})"
            )
        data["status"] = "closed"
        data["closed"] = local(when, config)
        data["closed_by"] = handle
        data["resolution"] = resolution

    return _change(root, problem_id, "close", edit, now=now, commit=commit)
