"""`ccgov baseline snapshot`: the documented state of every CI, committed and tagged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ccgov.baseline import manifest as manifests
from ccgov.baseline.manifest import BASELINES_DIR, TAG_PREFIX, baselines
from ccgov.baseline.state import items_at
from ccgov.errors import RefusedError, UsageError
from ccgov.history.audit import judge_revision
from ccgov.history.replay import Replay
from ccgov.store import git
from ccgov.store.repo import Repository
from ccgov.store.yamlplain import dump_plain
from ccgov.workflow.identity import actor
from ccgov.workflow.journal import Tag
from ccgov.workflow.transaction import Mutation, apply_returning


@dataclass(frozen=True, slots=True)
class Snapshot:
    name: str
    commit: str | None
    tag: str | None
    items: int
    changes: list[str]
    notes: list[str] = field(default_factory=list)


def implemented_since(root: Path, base: str | None, head: str) -> list[str]:
    """RFCs implemented, with authority, in base..head, in order (read from
    what the commits did to the RFCs, not from their messages)."""
    found: list[str] = []
    with Replay(root) as replay:
        for info in git.commits_between(root, base, head, merges=True):
            for change_id in judge_revision(replay, info.sha).implemented:
                if change_id not in found:
                    found.append(change_id)
    return found


NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def check_name(name: str) -> str:
    """A baseline name is a slug: it names a file in baselines/ and a git tag."""
    if not NAME_PATTERN.match(name):
        raise UsageError(
            f"{name!r} is not a baseline name",
            hint="use lower-case letters, digits, - and _ (up to 64), e.g. 2026-q1-close",
        )
    return name


def snapshot(
    root: Path,
    *,
    now: datetime,
    name: str | None = None,
    message: str | None = None,
    commit: bool = True,
) -> Snapshot:
    """Describe every CI at HEAD in a manifest, commit it and tag it.

    Runs inside the transaction (under its lock): HEAD, cleanliness and
    validity are read there, so no other ccgov command can commit between
    what the manifest describes and the commit that records it.
    """
    if name is not None:
        check_name(name)
    if not git.has_commits(root):
        raise RefusedError("the repository has no commits to baseline")
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> tuple[Mutation, Snapshot]:
        assert repository.config is not None
        person = actor(repository.config, email)
        head = git.resolve(root, "HEAD")
        assert head is not None
        existing = {b.name for b in baselines(repository)}
        today = now.astimezone(ZoneInfo(repository.config.timezone)).date().isoformat()
        chosen = name or manifests.default_name(today, existing)
        if chosen in existing:
            raise RefusedError(f"baseline {chosen!r} already exists", hint="choose another name")
        if git.tag_target(root, TAG_PREFIX + chosen):
            raise RefusedError(
                f"the tag {TAG_PREFIX}{chosen} already exists", hint="choose another name"
            )
        previous = baselines(repository)[-1] if existing else None
        items = items_at(root, head, repository)
        changes = implemented_since(root, previous.commit if previous else None, head)
        data = manifests.build(
            name=chosen,
            created=now.astimezone(ZoneInfo(repository.config.timezone)).replace(microsecond=0),
            author=person.handle,
            commit=head,
            previous=previous.name if previous else None,
            message=message,
            items=items,
            changes=changes,
        )
        tag = TAG_PREFIX + chosen
        path = f"{BASELINES_DIR}/{chosen}.yaml"
        mutation = Mutation(
            "baseline",
            chosen,
            "snapshot",
            {path: dump_plain(data).encode("utf-8")},
            known={path: data},
            tag=Tag(
                tag,
                f"ccgov baseline {chosen}\n\nDescribes commit {head}.",
                signed=repository.config.policy.require_signed_commits,
            ),
        )
        return mutation, Snapshot(chosen, None, tag if commit else None, len(items), changes)

    applied = apply_returning(root, build, commit=commit, require_clean=True)
    made = applied.result
    return Snapshot(made.name, applied.commit, made.tag, made.items, made.changes, applied.notes)
