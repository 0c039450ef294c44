"""Raising a requirement: a new REQ-NNNN record, validated and committed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ccgov.errors import RefusedError
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.records.requirement import Requirement
from ccgov.store import git
from ccgov.store.ids import next_id
from ccgov.store.repo import Repository
from ccgov.workflow.drafts import render_new
from ccgov.workflow.identity import actor
from ccgov.workflow.transaction import Applied, Mutation, apply

DIRECTORY = KIND_BY_NAME["requirement"].directory


@dataclass(slots=True)
class NewRequirement:
    title: str
    statement: str
    kind: str
    priority: str
    area: str
    rationale: str | None = None
    source: str | None = None  # default: whoever raises it
    owner: str | None = None
    acceptance_criteria: list[str] = field(default_factory=list)
    verification: str | None = None
    parents: list[str] = field(default_factory=list)
    satisfied_by: list[str] = field(default_factory=list)


def new(root: Path, spec: NewRequirement, *, now: datetime, commit: bool = True) -> Applied[None]:
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        if repository.config is None:
            raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate first")
        person = actor(repository.config, email)
        requirement_id = next_id(root, repository.config.id_prefixes.requirement, DIRECTORY)
        record: dict[str, Any] = {
            "id": requirement_id,
            "title": spec.title,
            "statement": spec.statement,
            **({"rationale": spec.rationale} if spec.rationale else {}),
            "kind": spec.kind,
            "priority": spec.priority,
            "status": "proposed",
            "source": spec.source or person.handle,
            "owner": spec.owner or person.handle,
            "area": spec.area,
            "acceptance_criteria": spec.acceptance_criteria,
            **({"verification": spec.verification} if spec.verification else {}),
            "parents": spec.parents,
            "satisfied_by": spec.satisfied_by,
        }
        path = f"{DIRECTORY}/{requirement_id}.yaml"
        content = render_new(path, Requirement, record, command="req new")
        return Mutation("req", requirement_id, "new", {path: content})

    return apply(root, build, commit=commit)
