"""`ccgov baseline diff`: what changed between two points, and under which RFC."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccgov.baseline.points import Point, resolve_point
from ccgov.baseline.state import ITEMS_DIR, ItemState, items_at, prefetch
from ccgov.history.audit import Judgement, judge_revision
from ccgov.history.log import FieldChange, diff
from ccgov.history.replay import Replay
from ccgov.store import git
from ccgov.validation.validate import open_indexed


@dataclass(frozen=True, slots=True)
class Attribution:
    commit: str
    author: str
    date: str
    subject: str
    rfcs: list[str]

    genesis: bool = False  # the commit that started governance documented what was found

    @property
    def authorised(self) -> bool:
        return bool(self.rfcs) or self.genesis


@dataclass(slots=True)
class ItemChange:
    id: str
    kind: str  # added, removed, changed, renamed
    name: str
    fields: list[FieldChange] = field(default_factory=list)
    renamed_from: str | None = None
    commits: list[Attribution] = field(default_factory=list)

    @property
    def rfcs(self) -> list[str]:
        return sorted({r for c in self.commits for r in c.rfcs})

    @property
    def unauthorised(self) -> list[Attribution]:
        return [c for c in self.commits if not c.authorised]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "change": self.kind,
            "name": self.name,
            "renamed_from": self.renamed_from,
            "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in self.fields],
            "rfcs": self.rfcs,
            "commits": [
                {
                    "commit": c.commit,
                    "author": c.author,
                    "date": c.date,
                    "subject": c.subject,
                    "rfcs": c.rfcs,
                    "authorised": c.authorised,
                }
                for c in self.commits
            ],
        }


@dataclass(frozen=True, slots=True)
class BaselineDiff:
    old: Point
    new: Point
    changes: list[ItemChange]

    @property
    def unauthorised(self) -> list[ItemChange]:
        """Changes some commit made without authority, or that no commit explains."""
        return [c for c in self.changes if c.unauthorised or not c.commits]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": {"label": self.old.label, "commit": self.old.commit},
            "to": {"label": self.new.label, "commit": self.new.commit},
            "changes": [c.to_json() for c in self.changes],
            "unauthorised": [c.id for c in self.unauthorised],
        }


def _item_fields(old: ItemState, new: ItemState) -> list[FieldChange]:
    # The same git blob is the same record: no need to read it.
    same_record = old.oid is not None and old.oid == new.oid
    fields = [] if same_record else diff(old.data, new.data)
    if old.artifact_sha256 != new.artifact_sha256:
        fields.append(FieldChange("artifact sha256", old.artifact_sha256, new.artifact_sha256))
    return fields


def _attribute(
    replay: Replay,
    change: ItemChange,
    commits: list[git.CommitInfo],
    judged: dict[str, Judgement],
) -> None:
    """Every commit (merges whose result differs from both sides included)
    that touched the CI between the points, judged as the audit judges it
    (each commit once: one commit often changes many CIs)."""
    for info in commits:
        if info.sha not in judged:
            judged[info.sha] = judge_revision(replay, info.sha)
        judgement = judged[info.sha]
        rfcs = sorted(
            {
                r
                for item in (change.id, change.renamed_from)
                if item
                for r in judgement.items.get(item, [])
            }
        )
        change.commits.append(
            Attribution(
                info.sha,
                f"{info.author_name} <{info.author_email}>",
                info.authored.isoformat(),
                info.subject,
                rfcs,
                judgement.genesis,
            )
        )


def compare(root: Path, old_spec: str, new_spec: str) -> BaselineDiff:
    repository = open_indexed(root)  # ccgov.yaml and the baselines are all it reads
    old = resolve_point(root, repository, old_spec)
    new = resolve_point(root, repository, new_spec)
    before, after = items_at(root, old.commit), items_at(root, new.commit)
    # The records whose blob changed are read, all through one git process.
    prefetch(
        side
        for item_id, now in after.items()
        if item_id in before and before[item_id].oid != now.oid
        for side in (before[item_id], now)
    )
    changes: list[ItemChange] = []
    removed = {i: s for i, s in before.items() if i not in after}
    for item_id in sorted(after):
        state = after[item_id]
        if item_id in before:
            fields = _item_fields(before[item_id], state)
            if fields:
                changes.append(ItemChange(item_id, "changed", state.name, fields))
            continue
        twin = next((i for i, s in removed.items() if s.name == state.name), None)
        if twin is not None:
            del removed[twin]
            changes.append(
                ItemChange(
                    item_id,
                    "renamed",
                    state.name,
                    _item_fields(before[twin], state),
                    renamed_from=twin,
                )
            )
        else:
            changes.append(ItemChange(item_id, "added", state.name))
    changes += [ItemChange(i, "removed", s.name) for i, s in sorted(removed.items())]
    change_paths: dict[str, set[str]] = {}
    for change in changes:
        states = [
            s
            for s in (
                before.get(change.id),
                after.get(change.id),
                before.get(change.renamed_from or ""),
            )
            if s is not None
        ]
        paths = {f"{ITEMS_DIR}/{change.id}.yaml"}
        if change.renamed_from:
            paths.add(f"{ITEMS_DIR}/{change.renamed_from}.yaml")
        paths |= {s.artifact for s in states if s.artifact}
        change_paths[change.id] = paths
    # One log for every changed CI at once, where the range is linear.
    every_path = sorted({p for paths in change_paths.values() for p in paths})
    log = git.commits_touching(root, old.commit, new.commit, every_path) if changes else []
    judged: dict[str, Judgement] = {}
    with Replay(root) as replay:
        for change in changes:
            paths = change_paths[change.id]
            commits = (
                [info for info, touched in log if touched & paths]
                if log is not None
                else git.commits_between(root, old.commit, new.commit, sorted(paths), merges=True)
            )
            _attribute(replay, change, commits, judged)
    return BaselineDiff(old, new, changes)
