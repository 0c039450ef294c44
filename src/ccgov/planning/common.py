"""What the planning use cases share: finding a record, refusing to sign
uncommitted edits, writing a record back with its formatting kept."""

from __future__ import annotations

from pathlib import Path

from ccgov.errors import RefusedError
from ccgov.records.kinds import KIND_BY_NAME, KindName
from ccgov.store import git
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository
from ccgov.workflow.rfc import acting, local_time, render_update

__all__ = ["acting", "committed_unchanged", "find", "local_time", "render_update"]

# How each kind's records are raised, for "there is no ..." hints.
_RAISE = {
    "requirement": "ccgov req new",
    "item": "an RFC that creates it",
    "change": "ccgov rfc new",
    "demand": "ccgov demand new",
    "risk": "ccgov risk new",
    "plan": "write plans/PLAN-0001.yaml (docs/planning.md)",
}


def find(repository: Repository, kind: KindName, record_id: str) -> LoadedRecord:
    """The loaded record ``record_id`` of ``kind``, or a refusal saying why not."""
    spec = KIND_BY_NAME[kind]
    for loaded in repository.of(kind):
        if getattr(loaded.record, spec.id_field) == record_id:
            return loaded
    path = f"{spec.directory}/{record_id}.yaml"
    if (repository.root / path).exists():
        problems = [f for f in repository.findings if f.file == path]
        detail = (
            f": {problems[0].line}:{problems[0].column} {problems[0].message}" if problems else ""
        )
        raise RefusedError(
            f"{path} does not validate{detail}", hint=f"fix it first (ccgov validate {path})"
        )
    known = sorted(getattr(r.record, spec.id_field) for r in repository.of(kind))
    noun = spec.title.lower()
    raise RefusedError(
        f"there is no {noun} {record_id}",
        hint=f"known: {', '.join(known[-10:])}" if known else f"raise one: {_RAISE.get(kind, '')}",
    )


def committed_unchanged(root: Path, path: str, record_id: str, action: str) -> None:
    """Refuse to record a decision on a file with uncommitted edits: they would
    be committed with it, under the decider's name."""
    if not git.has_commits(root) or not git.changed_paths(root, [path]):
        return
    raise RefusedError(
        f"{path} has uncommitted edits; to {action} now would commit them with your decision, "
        "under your name",
        hint=f"have their author commit the edit first, or set it aside without losing it "
        f"(git stash push -- {path}); then {action} {record_id} again",
    )
