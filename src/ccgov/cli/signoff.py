"""`ccgov req approve` and `ccgov req review`: registered on the req group
(cli/app.py). Sign-off binds to the requirement's content; a review of its
links records the content of each target it was checked against."""

from __future__ import annotations

import typer

from ccgov.cli import options
from ccgov.cli.context import repository_root
from ccgov.cli.options import COMMIT_HELP, record_id


def approve_command(
    ctx: typer.Context,
    requirement_id: str = record_id("requirement"),
    comment: str = typer.Option(None, "--comment"),
    reject: bool = typer.Option(
        False, "--reject", help="Reject it as it stands instead (give the reason in --comment)."
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Sign off a requirement as yourself (git user.email), under policy.requirements.

    The sign-off covers the requirement as it stands (title, statement, kind,
    priority, acceptance criteria, verification): editing any of them later
    makes it stale. Once the sign-offs satisfy the policy, a proposed
    requirement becomes approved.
    """
    from ccgov.cli.output import report_applied
    from ccgov.errors import UsageError
    from ccgov.planning.signoff import sign_off

    if reject and not comment:
        raise UsageError("--reject needs the reason in --comment")
    report_applied(
        sign_off(
            repository_root(ctx),
            requirement_id,
            decision="reject" if reject else "approve",
            comment=comment,
            now=options.now(),
            commit=not no_commit,
        )
    )


def review_command(
    ctx: typer.Context,
    requirement_id: str = record_id("requirement"),
    target: list[str] = typer.Option(
        [], "--target", help="Review only the link to this record (repeatable)."
    ),
    comment: str = typer.Option(None, "--comment", help="What was checked."),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Review a requirement's links (parents, the CIs that satisfy it, the RFCs for it).

    Records, as you, that each suspect or never-reviewed link still holds
    against its target as it stands now; a later change to the target makes
    the link suspect again (LNK001).
    """
    from ccgov.cli.link import report_review
    from ccgov.planning.links import review

    applied = review(
        repository_root(ctx),
        requirement_id,
        targets=target,
        comment=comment,
        now=options.now(),
        commit=not no_commit,
        scope="req",
        action="review",
        kinds=("requirement",),
    )
    report_review(applied)
