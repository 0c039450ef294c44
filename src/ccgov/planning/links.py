"""Reviewing links: `ccgov req review REQ` and `ccgov link clear ID`.

A review records, in ``links/<source>.yaml``, who looked at a link, when,
and the content hash of its target then (:mod:`ccgov.policy.suspect`). The
file is only ever appended to, one commit per review, in the reviewer's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ccgov.errors import RefusedError
from ccgov.planning.common import acting, committed_unchanged, local_time, render_update
from ccgov.policy.suspect import LinkState, describe, link_states
from ccgov.records.kinds import KIND_BY_NAME, KindName
from ccgov.records.linkreview import LinkReview, LinkReviews
from ccgov.store import git
from ccgov.store.repo import Repository
from ccgov.workflow.drafts import render_new
from ccgov.workflow.transaction import Applied, Mutation, apply_returning

LINKS_DIR = KIND_BY_NAME["link"].directory


def states(repository: Repository, source: str | None = None) -> list[LinkState]:
    """Every link in the repository (or from ``source``) with its review state."""
    found = link_states(
        (r.record for r in repository.of("requirement")),
        (r.record for r in repository.of("item")),
        (r.record for r in repository.of("change")),
        (r.record for r in repository.of("link")),
    )
    return [s for s in found if source is None or s.link.source == source]


def source_kind(repository: Repository, record_id: str) -> KindName:
    """Whether ``record_id`` is a requirement or a CI (the records links go from)."""
    sources: tuple[KindName, ...] = ("requirement", "item")
    for kind in sources:
        if any(r.record.id == record_id for r in repository.of(kind)):
            return kind
    raise RefusedError(
        f"there is no requirement or configuration item {record_id}",
        hint="links go from requirements (parents, satisfied_by, RFCs) and CIs (depends_on)",
    )


@dataclass(frozen=True, slots=True)
class Reviewed:
    """What a review recorded, and what it left as it was."""

    reviewed: list[LinkState]
    current: list[LinkState]  # already reviewed against the target as it stands
    dangling: list[LinkState]  # the target does not exist: nothing to review


def review(
    root: Path,
    source: str,
    *,
    targets: Sequence[str] = (),
    comment: str | None = None,
    now: datetime,
    commit: bool = True,
    scope: str = "link",
    action: str = "review",
    kinds: Sequence[KindName] = ("requirement", "item"),
) -> Applied[Reviewed]:
    """Record a review of the links from ``source`` that are suspect or were
    never reviewed (or of the links to ``targets`` only)."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> tuple[Mutation, Reviewed]:
        config, person = acting(repository, email)
        kind = source_kind(repository, source)
        if kind not in kinds:
            raise RefusedError(
                f"{source} is a {KIND_BY_NAME[kind].title.lower()}",
                hint=f"review its links with ccgov link clear {source}",
            )
        found = states(repository, source)
        if targets:
            unknown = sorted(set(targets) - {s.link.target for s in found})
            if unknown:
                linked = ", ".join(dict.fromkeys(s.link.target for s in found)) or "nothing"
                raise RefusedError(
                    f"{source} has no link to {', '.join(unknown)}", hint=f"it links {linked}"
                )
            found = [s for s in found if s.link.target in targets]
        if not found:
            raise RefusedError(f"{source} links nothing, so there is nothing to review")
        result = Reviewed(
            reviewed=_first_per_target(s for s in found if s.status in ("suspect", "unreviewed")),
            current=[s for s in found if s.status == "reviewed"],
            dangling=[s for s in found if s.status == "dangling"],
        )
        if not result.reviewed:
            raise RefusedError(
                f"every link from {source} is reviewed against its target as it stands",
                hint="a link needs a review again once its target changes",
            )
        _targets_committed(repository, result.reviewed)
        path = f"{LINKS_DIR}/{source}.yaml"
        committed_unchanged(root, path, source, "record a review of")
        at = local_time(now, config).isoformat()
        entries: list[dict[str, Any]] = []
        for state in result.reviewed:
            assert state.current is not None
            entry = {"target": state.link.target, "content_hash": state.current}
            entry |= {"by": person.handle, "at": at}
            entries.append(entry | ({"comment": comment} if comment else {}))
        existing = next((r for r in repository.of("link") if r.record.source == source), None)
        if existing is None:
            data = {"source": source, "reviews": entries}
            content = render_new(
                path, LinkReviews, data, command=f"{scope} {action}", id_field="source"
            )
        else:
            record: LinkReviews = existing.record
            added = [LinkReview.model_validate(entry) for entry in entries]
            updated = record.model_copy(update={"reviews": [*record.reviews, *added]})
            text = (root / existing.path).read_text(encoding="utf-8")
            content = render_update(text, updated)
        notes = [f"reviewed {describe(s.link)}" for s in result.reviewed]
        notes += [
            f"{s.link.target} does not exist: {describe(s.link)} is dangling"
            for s in result.dangling
        ]
        return Mutation(scope, source, action, {path: content}, notes=notes), result

    return apply_returning(root, build, commit=commit)


def _first_per_target(found: Any) -> list[LinkState]:
    """One state per target: a requirement may name the same CI twice."""
    seen: dict[str, LinkState] = {}
    for state in found:
        seen.setdefault(state.link.target, state)
    return list(seen.values())


def _targets_committed(repository: Repository, reviewed: list[LinkState]) -> None:
    """A review binds to the target as committed: refuse one with uncommitted edits."""
    root = repository.root
    if not git.has_commits(root):
        return
    targets: tuple[KindName, ...] = ("requirement", "item", "change")
    paths = {loaded.record.id: loaded.path for kind in targets for loaded in repository.of(kind)}
    wanted = [paths[s.link.target] for s in reviewed if s.link.target in paths]
    edited = git.changed_paths(root, wanted)
    if edited:
        raise RefusedError(
            f"{', '.join(sorted(edited))} has uncommitted edits; a review binds to the target as "
            "committed",
            hint="commit the edit first, or set it aside without losing it (git stash push -- "
            f"{' '.join(sorted(edited))}), then review the links again",
        )


__all__ = ["Reviewed", "review", "source_kind", "states"]
