"""`ccgov audit`: history replayed, every commit judged by the rules in force
before it.

For each commit reachable from HEAD (merges included), ccgov reads the
configuration, people and policy *as of its parent* and judges what the
commit changed:

* RFC files: decisions only ever appended, each by the commit's author,
  who was entitled to it (:mod:`ccgov.history.decisions`);
* configuration items, their artifacts and ccgov.yaml: changed only by a
  commit that implements or backs out an RFC covering them, read as it was
  approved (:mod:`ccgov.history.authority`);
* baseline manifests: written once, never edited or removed;
* a merge: anything its result holds that neither parent had is judged as
  the merge author's own change;
* signatures, when the policy in force requires them: the key that signed
  must belong to the person the commit acts as (:mod:`ccgov.history.signatures`).

A commit whose parent holds no ccgov.yaml is the start of governance (the
`ccgov init` commit): nothing was in force to judge it by.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccgov.history.authority import Authority, judge_move
from ccgov.history.decisions import DECISION_LISTS, canonical, judge_rfc_file
from ccgov.history.replay import (
    Actor,
    Replay,
    actor_of,
    is_artifact,
    is_baseline,
    is_change,
    is_item,
    record_id,
)
from ccgov.history.signatures import check_signatures
from ccgov.history.signoffs import judge_signed_file, merged_lists_are_unions, signed_kind
from ccgov.history.verdicts import verdict_store
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import CONFIG_FILE
from ccgov.store import git


@dataclass(frozen=True, slots=True)
class AuditFinding:
    code: str
    commit: str
    author: str
    file: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "commit": self.commit,
            "author": self.author,
            "file": self.file,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Judgement:
    """One commit's verdict: its findings, and which CIs it changed under which RFCs."""

    commit: str
    findings: list[AuditFinding]
    items: dict[str, list[str]]  # CI id -> authorising RFCs (empty: unauthorised)
    implemented: list[str]  # RFCs this commit implemented, with authority
    genesis: bool = False  # nothing was in force before it: it starts governance


ONBOARDING_HINT = (
    "if it documented the system as found before change control started, run `ccgov adopt` "
    "once (docs/change-control.md, 'Adopting ccgov in an existing repository')"
)


def audit(root: Path, *, since: str | None = None, use_cache: bool = True) -> list[AuditFinding]:
    """Every finding in the history of HEAD (or in ``since``..HEAD), oldest
    commit first. Verdicts are kept per commit, so only new commits are judged."""
    revision = f"{since}..HEAD" if since else "HEAD"
    if not git.has_commits(root):
        return []
    store_path = git.git_dir(root) / "ccgov" / "history.sqlite" if use_cache else None
    with Replay(root) as replay, verdict_store(store_path) as store:
        before_control = documented_as_found(replay)
        shas = [s for s in git.rev_list(root, revision) if s not in before_control]
        verdicts = store.get(shas)
        todo = [sha for sha in shas if sha not in verdicts]
        commits = list(git.history(root, commits=todo))
        judged = {
            info.sha: judge_commit(replay, info, changes).findings for info, changes in commits
        }
        for finding in check_signatures(replay, [info for info, _ in commits]):
            judged[finding.commit].append(finding)
        fresh = {sha: {"findings": [f.to_json() for f in found]} for sha, found in judged.items()}
        store.put(fresh)
        verdicts.update(fresh)
    return [AuditFinding(**f) for sha in shas for f in verdicts[sha]["findings"]]


def documented_as_found(replay: Replay) -> set[str]:
    """The commits an adopted repository made before change control started
    (``change_control.since`` in ccgov.yaml at HEAD, and its ancestors)."""
    config = replay.config_at("HEAD")
    if config is None or config.change_control is None:
        return set()
    boundary = config.change_control.since
    if git.resolve(replay.root, boundary) is None:
        return set()
    return set(git.run(replay.root, ["rev-list", boundary]).split())


def judge_revision(replay: Replay, commit: str) -> Judgement:
    """Judge one commit, read from git by id."""
    info = git.commit_info(replay.root, commit)
    parent = info.parents[0] if info.parents else None
    changes = (
        git.changes_between(replay.root, parent, commit)
        if parent is not None
        else git.changes_between(replay.root, git.empty_tree(replay.root), commit)
    )
    return judge_commit(replay, info, changes)


def judge_commit(replay: Replay, info: git.CommitInfo, changes: list[git.RawChange]) -> Judgement:
    """Judge one commit against the state of its (first) parent."""
    parent = info.parents[0] if info.parents else None
    config = replay.config_at(parent)
    actor = actor_of(info, config)
    findings: list[AuditFinding] = []

    def report(code: str, file: str, message: str) -> None:
        findings.append(AuditFinding(code, info.sha, actor.label, file, message))

    if config is None:
        # Nothing was in force before this commit: it starts governance.
        return Judgement(info.sha, findings, {}, [], genesis=True)
    if len(info.parents) > 1:
        changes = _merge_resolution(replay, info, report)
    authority = Authority()
    for change in changes:
        if is_change(change.path):
            _judge_rfc(replay, change, actor, config, authority, report)
        elif signed_kind(change.path) is not None:
            _judge_signed(replay, change, actor, config, report)
    items: dict[str, list[str]] = {}
    for change in changes:
        for item in _owners(replay, parent, info.sha, change):
            items[item] = authority.for_item(item)
            if not items[item]:
                report(
                    "AUD002",
                    change.path,
                    f"{item} changed without an RFC implemented in this commit that covers it; "
                    + ONBOARDING_HINT,
                )
        governed = change.path == CONFIG_FILE and _config_changed(replay, change)
        if governed and not authority.governance and not _adoption(replay, info, change):
            report(
                "AUD005",
                CONFIG_FILE,
                "ccgov.yaml (policy, people, roles, calendars or validation) changed without "
                "an approved governance_change RFC implemented in this commit",
            )
        if is_baseline(change.path) and change.old is not None:
            what = "removed" if change.new is None else "edited"
            report("AUD010", change.path, f"baseline manifest {what} after it was taken")
    implemented = [g.change_id for g in authority.grants if g.action == "implement"]
    return Judgement(info.sha, findings, items, implemented)


def _judge_rfc(
    replay: Replay,
    change: git.RawChange,
    actor: Actor,
    config: RepoConfig,
    authority: Authority,
    report: Any,
) -> None:
    path = change.path
    old, new = replay.plain(change.old, path), replay.plain(change.new, path)
    old_model, new_model = replay.change(change.old, path), replay.change(change.new, path)

    def on_file(code: str, message: str) -> None:
        report(code, path, message)

    judge_rfc_file(path, old, new, old_model, new_model, actor, config, on_file)
    grant = judge_move(path, old_model, new_model, actor, config, report)
    if grant is not None:
        authority.grants.append(grant)


def _judge_signed(
    replay: Replay, change: git.RawChange, actor: Actor, config: RepoConfig, report: Any
) -> None:
    path = change.path
    old, new = replay.plain(change.old, path), replay.plain(change.new, path)

    def on_file(code: str, message: str) -> None:
        report(code, path, message)

    judge_signed_file(path, old, new, replay.read(change.new), actor, config, on_file)


def _owners(
    replay: Replay, parent: str | None, commit: str, change: git.RawChange
) -> Iterator[str]:
    """The CIs a changed path documents: its own record, or the CIs whose
    artifact it is (before or after the commit)."""
    if is_item(change.path):
        yield record_id(change.path)
    elif is_artifact(change.path):
        yield from sorted(
            replay.artifact_owners(parent, change.path)
            | replay.artifact_owners(commit, change.path)
        )


def _adoption(replay: Replay, info: git.CommitInfo, change: git.RawChange) -> bool:
    """`ccgov adopt`: the only change is recording where change control starts,
    at this commit's parent, in a repository where no RFC was implemented yet
    (after that, moving the start is a governance change like any other)."""
    old, new = replay.plain(change.old, CONFIG_FILE), replay.plain(change.new, CONFIG_FILE)
    if not isinstance(old, dict) or not isinstance(new, dict) or "change_control" in old:
        return False
    marker = new.get("change_control")
    rest = {k: v for k, v in new.items() if k != "change_control"}
    if canonical(rest) != canonical(old) or not isinstance(marker, dict):
        return False
    if not info.parents or marker.get("since") != info.parents[0]:
        return False
    return not replay.implemented_at(info.parents[0])


def _config_changed(replay: Replay, change: git.RawChange) -> bool:
    """A change in what ccgov.yaml says, not in its comments or layout."""
    return canonical(replay.plain(change.old, CONFIG_FILE)) != canonical(
        replay.plain(change.new, CONFIG_FILE)
    )


def _merge_resolution(replay: Replay, info: git.CommitInfo, report: Any) -> list[git.RawChange]:
    """What a merge's result holds that no parent had: the merge author's own
    change. RFC decision lists may only be the union of the parents' lists."""
    per_parent = [
        {c.path: c for c in git.changes_between(replay.root, p, info.sha)} for p in info.parents
    ]
    own = [
        per_parent[0][path]
        for path in sorted(per_parent[0])
        if all(path in changes for changes in per_parent[1:])
    ]
    kept: list[git.RawChange] = []
    for change in own:
        if signed_kind(change.path) is not None:
            # The entries are the parents' own, judged in their commits.
            merged = replay.plain(change.new, change.path)
            sides = [replay.plain(c[change.path].old, change.path) for c in per_parent]
            merged_lists_are_unions(merged, sides, change.path, report)
            continue
        if not is_change(change.path):
            kept.append(change)
            continue
        merged = replay.plain(change.new, change.path)
        sides = [replay.plain(c[change.path].old, change.path) for c in per_parent]
        for field in DECISION_LISTS:
            mine = {canonical(e) for e in _list(merged, field)}
            theirs = {canonical(e) for side in sides for e in _list(side, field)}
            if mine != theirs:
                report(
                    "AUD006",
                    change.path,
                    f"the merge's {field} are not the union of its parents': entries were "
                    "added, altered or dropped while resolving it",
                )
        other = {k for side in (merged, *sides) if isinstance(side, dict) for k in side}
        for key in sorted(other - set(DECISION_LISTS)):
            value = canonical(merged.get(key) if isinstance(merged, dict) else None)
            if all(value != canonical(s.get(key) if isinstance(s, dict) else None) for s in sides):
                report(
                    "AUD006",
                    change.path,
                    f"{key} holds a value neither parent had: edited while resolving the merge",
                )
    return kept


def _list(data: Any, field: str) -> list[Any]:
    value = data.get(field) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []
