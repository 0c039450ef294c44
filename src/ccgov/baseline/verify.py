"""`ccgov baseline verify`: tamper evidence for baselines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ccgov.baseline.manifest import TAG_PREFIX, baselines, find_baseline
from ccgov.baseline.state import items_at
from ccgov.errors import RefusedError
from ccgov.records.baseline import Baseline
from ccgov.records.config import RepoConfig
from ccgov.store import git
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class Verification:
    name: str
    problems: list[str]


def verify(repository: Repository, name: str | None = None) -> list[Verification]:
    """Tamper evidence: tags, manifests and hashes still agree with git, every
    baseline is still part of HEAD's history, and none has gone missing."""
    root = repository.root
    present = [b.name for b in baselines(repository)]
    tagged = [t.removeprefix(TAG_PREFIX) for t in git.tags(root, TAG_PREFIX + "*")]
    names = [name] if name else sorted(set(present) | set(tagged), key=_order(present))
    if name is None and not names:
        raise RefusedError(
            "there are no baselines to verify", hint="take one: ccgov baseline snapshot"
        )
    head = git.resolve(root, "HEAD")
    results = []
    for baseline_name in names:
        if baseline_name not in present and baseline_name in tagged:
            results.append(
                Verification(
                    baseline_name,
                    [
                        f"the tag {TAG_PREFIX}{baseline_name} exists but its manifest "
                        f"baselines/{baseline_name}.yaml is gone (removed from the work tree or "
                        "from history)"
                    ],
                )
            )
            continue
        loaded = find_baseline(repository, baseline_name)
        problems = _problems(root, loaded)
        problems += _lineage(root, loaded.record, head, set(present), repository.config)
        results.append(Verification(baseline_name, problems))
    return results


def _order(present: list[str]) -> Callable[[str], tuple[int, str]]:
    return lambda name: (present.index(name) if name in present else len(present), name)


def _lineage(
    root: Path,
    baseline: Baseline,
    head: str | None,
    present: set[str],
    config: RepoConfig | None,
) -> list[str]:
    """The baseline is still part of HEAD's history, and its predecessor exists."""
    problems: list[str] = []
    tag = TAG_PREFIX + baseline.name
    if head is not None and git.resolve(root, baseline.commit) is not None:
        if not git.is_ancestor(root, baseline.commit, head):
            problems.append(
                f"commit {baseline.commit[:12]} is no longer in the history of HEAD: history "
                "under this baseline was rewritten (the tag alone keeps the old commits alive)"
            )
        tagged = git.tag_target(root, tag)
        if tagged is not None and not git.is_ancestor(root, tagged, head):
            problems.append(
                f"the snapshot commit {tagged[:12]} (tag {tag}) is not in the history of HEAD"
            )
    signing = config is not None and config.policy.require_signed_commits
    if signing and git.tag_target(root, tag) is not None and not git.tag_is_signed(root, tag):
        problems.append(f"the tag {tag} is not signed, and the policy requires signatures")
    if baseline.previous is not None and baseline.previous not in present:
        problems.append(
            f"the previous baseline {baseline.previous!r} is missing: a baseline in the chain "
            "was removed"
        )
    return problems


def _problems(root: Path, loaded: LoadedRecord) -> list[str]:
    baseline: Baseline = loaded.record
    tag = TAG_PREFIX + baseline.name
    problems: list[str] = []
    tagged = git.tag_target(root, tag)
    if tagged is None:
        problems.append(
            f"the tag {tag} is missing (deleted?); the manifest cannot be tied to history"
        )
    else:
        at_tag = git.file_at(root, tagged, loaded.path)
        if at_tag is None:
            problems.append(
                f"the tag {tag} points at {tagged[:12]}, which has no {loaded.path}: "
                "the tag was moved"
            )
        elif at_tag != (root / loaded.path).read_bytes():
            problems.append(
                f"{loaded.path} differs from the version tagged {tag}: the manifest was "
                "edited after the snapshot"
            )
        if git.parent(root, tagged) != baseline.commit:
            problems.append(
                f"the tag {tag} no longer sits on the snapshot of commit "
                f"{baseline.commit[:12]}: the tag was moved"
            )
    if git.resolve(root, baseline.commit) is None:
        problems.append(
            f"commit {baseline.commit[:12]} is not in the repository (history rewritten?)"
        )
        return problems
    actual = items_at(root, baseline.commit)
    recorded = {item.id: item for item in baseline.items}
    for item_id in sorted(set(recorded) | set(actual)):
        entry, state = recorded.get(item_id), actual.get(item_id)
        if entry is None:
            problems.append(
                f"{item_id} exists at {baseline.commit[:12]} but is not in the manifest"
            )
        elif state is None:
            problems.append(f"{item_id} is in the manifest but not at {baseline.commit[:12]}")
        else:
            if entry.version != state.version:
                problems.append(
                    f"{item_id}: manifest says version {entry.version}, the record says "
                    f"{state.version}"
                )
            if entry.record_sha256 != state.record_sha256:
                problems.append(f"{item_id}: record hash does not match")
            if entry.artifact_sha256 != state.artifact_sha256:
                problems.append(f"{item_id}: artifact {entry.artifact or ''} hash does not match")
    return problems
