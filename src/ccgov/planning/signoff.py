"""`ccgov req approve`: a sign-off on a requirement's content, under
``policy.requirements``. Once the sign-offs satisfy the policy, a proposed
requirement becomes approved in the same commit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from ccgov.errors import RefusedError
from ccgov.planning.common import acting, committed_unchanged, find, local_time, render_update
from ccgov.policy.signoff import (
    describe_missing,
    requirement_excluded,
    requirement_rule,
    requirement_signoff,
    signoff_problem,
)
from ccgov.records.requirement import Requirement, content_hash
from ccgov.records.signoff import SignOff
from ccgov.store import git
from ccgov.store.repo import Repository
from ccgov.workflow.transaction import Applied, Mutation, apply


def sign_off(
    root: Path,
    requirement_id: str,
    *,
    decision: Literal["approve", "reject"] = "approve",
    comment: str | None = None,
    now: datetime,
    commit: bool = True,
) -> Applied[None]:
    """Record the acting person's sign-off (or rejection) on the requirement as it stands."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        loaded = find(repository, "requirement", requirement_id)
        requirement: Requirement = loaded.record
        if requirement.status == "retired":
            raise RefusedError(f"{requirement_id} is retired; there is nothing to sign off")
        rule = requirement_rule(config, requirement)
        if rule is None:
            raise RefusedError(
                f"policy.requirements asks for no sign-off of {requirement.kind} requirements",
                hint="add a rule under policy.requirements in ccgov.yaml (a governance change)",
            )
        committed_unchanged(root, loaded.path, requirement_id, "sign off")
        problem = signoff_problem(
            config,
            person.handle,
            rule.require,
            excluded=requirement_excluded(config, requirement),
        )
        if problem is not None:
            raise RefusedError(problem)
        current = content_hash(requirement)
        if any(a.by == person.handle and a.content_hash == current for a in requirement.approvals):
            raise RefusedError(f"{person.handle} has already signed {requirement_id} as it stands")
        before = requirement_signoff(config, requirement)
        if before is not None and before.satisfied and requirement.status != "proposed":
            raise RefusedError(
                f"{requirement_id} is {requirement.status} and its sign-off is complete",
                hint="sign-off is asked for again when its content changes",
            )
        entry = SignOff(
            by=person.handle,
            decision=decision,
            at=local_time(now, config),
            content_hash=current,
            **({"comment": comment} if comment else {}),
        )
        updated = requirement.model_copy(update={"approvals": [*requirement.approvals, entry]})
        status = requirement_signoff(config, updated)
        assert status is not None
        notes = []
        if status.satisfied and updated.status == "proposed":
            updated = updated.model_copy(update={"status": "approved"})
            notes.append(f"{requirement_id} is approved: its sign-off is complete")
        elif not status.satisfied and updated.status != "proposed":
            # Edited after sign-off: what was implemented or verified was the old
            # content, so it is proposed again until the new content is agreed.
            notes.append(
                f"{requirement_id} was {updated.status}, but its content changed since it was "
                "signed off: it is proposed again until the sign-off is complete"
            )
            updated = updated.model_copy(update={"status": "proposed"})
        elif status.rejections:
            notes.append(
                f"{requirement_id} is rejected by {', '.join(r.by for r in status.rejections)}; "
                "edit it and ask for sign-off again"
            )
        elif status.missing:
            notes.append(f"{requirement_id} still needs {describe_missing(status.missing)}")
        text = (root / loaded.path).read_text(encoding="utf-8")
        return Mutation(
            "req",
            requirement_id,
            decision,
            {loaded.path: render_update(text, updated)},
            notes=notes,
        )

    return apply(root, build, commit=commit)
