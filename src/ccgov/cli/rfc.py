"""`ccgov rfc ...`: the change-control workflow. The lifecycle steps are
here; `rfc new` is in rfc_new.py, `rfc list` and `rfc show` in rfc_show.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ccgov.cli.context import repository_root
from ccgov.cli.options import COMMIT_HELP, parse_timestamp, record_id
from ccgov.cli.rfc_new import new_command
from ccgov.cli.rfc_show import list_command, show_command
from ccgov.records.vocabulary import TestOutcome

if TYPE_CHECKING:
    from ccgov.workflow.lifecycle import Request

rfc_app = typer.Typer(
    rich_markup_mode=None,
    help="Requests for change: raise, decide, schedule, implement, verify, close.",
    no_args_is_help=True,
)


def _now() -> datetime:
    """The moment a step happens (the tests move this clock)."""
    return datetime.now(UTC)


def _step(ctx: typer.Context, change_id: str, request: Request, no_commit: bool) -> None:
    """Run one lifecycle step as the git identity and report what was committed."""
    from ccgov.cli.output import report_applied
    from ccgov.workflow import rfc

    report_applied(
        rfc.transition(repository_root(ctx), change_id, request, now=_now(), commit=not no_commit)
    )


rfc_app.command("new")(new_command)


@rfc_app.command("submit")
def submit_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Submit a draft for approval (or resubmit one edited after approval)."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Submit(), no_commit)


@rfc_app.command("approve")
def approve_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    comment: str = typer.Option(None, "--comment"),
    role: str = typer.Option(
        None, "--role", metavar="ROLE", help="The role you approve in (default: one still needed)."
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Approve an RFC as yourself (git user.email)."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Approve(role=role, comment=comment), no_commit)


@rfc_app.command("reject")
def reject_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    reason: str = typer.Option(..., "--reason"),
    role: str = typer.Option(None, "--role", metavar="ROLE"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Reject an RFC; a rejection by a required approver stops it."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Reject(reason=reason, role=role), no_commit)


@rfc_app.command("schedule")
def schedule_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    start: str = typer.Option(
        None, "--start", metavar="TIME", help="Slot start (default: the approved window's start)."
    ),
    end: str = typer.Option(
        None, "--end", metavar="TIME", help="Slot end (default: the approved window's end)."
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Book the implementation slot inside the approved window."""
    from ccgov.workflow import lifecycle

    slot = lifecycle.Schedule(parse_timestamp(start, "--start"), parse_timestamp(end, "--end"))
    _step(ctx, change_id, slot, no_commit)


def _evidence_text(evidence: str) -> str:
    """Evidence may name a file (a test log): its text is kept in the RFC."""
    path = Path(evidence)
    if not path.is_absolute():
        path = Path.cwd() / path
    if len(evidence) < 4096 and path.is_file():
        return path.read_text(encoding="utf-8", errors="replace")
    return evidence


NO_RECORD_CHANGES_BACK = (
    "After implementation, on a failure: nothing documented was changed back (no CI record edits)."
)


@rfc_app.command("verify")
def verify_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    result: TestOutcome = typer.Option(..., "--result"),
    evidence: str = typer.Option(
        ..., "--evidence", help="Text, or the path of a file whose text is kept."
    ),
    no_record_changes: bool = typer.Option(
        False, "--no-record-changes", help=NO_RECORD_CHANGES_BACK
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record a test result: before implementation, the test; after it, the
    verification (a failure backs the change out, like rfc backout)."""
    from ccgov.workflow import lifecycle

    request = lifecycle.Verify(
        result=result,
        evidence=_evidence_text(evidence),
        allow_no_record_changes=no_record_changes,
    )
    _step(ctx, change_id, request, no_commit)


@rfc_app.command("implement")
def implement_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    no_record_changes: bool = typer.Option(
        False, "--no-record-changes", help="Nothing documented changed (no CI record edits)."
    ),
    deviation: str = typer.Option(
        None,
        "--deviation",
        help="Why you implement outside the booked slot (recorded in the RFC).",
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Mark implemented, committing the CI records you edited with it."""
    from ccgov.workflow import lifecycle

    request = lifecycle.Implement(allow_no_record_changes=no_record_changes, deviation=deviation)
    _step(ctx, change_id, request, no_commit)


@rfc_app.command("backout")
def backout_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    evidence: str = typer.Option(
        ...,
        "--evidence",
        help="What failed and how it was undone: text, or the path of a file whose text is kept.",
    ),
    no_record_changes: bool = typer.Option(
        False, "--no-record-changes", help="Nothing documented was changed back."
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """The implemented change failed and was undone: mark it backed out,
    committing the CI records you reverted with it."""
    from ccgov.workflow import lifecycle

    request = lifecycle.Backout(
        evidence=_evidence_text(evidence), allow_no_record_changes=no_record_changes
    )
    _step(ctx, change_id, request, no_commit)


@rfc_app.command("review")
def review_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    comment: str = typer.Option(..., "--comment"),
    role: str = typer.Option(None, "--role", metavar="ROLE"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record the retrospective review an emergency change needs before closing."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Review(comment=comment, role=role), no_commit)


@rfc_app.command("close")
def close_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Close a verified (or backed-out) RFC."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Close(), no_commit)


@rfc_app.command("cancel")
def cancel_command(
    ctx: typer.Context,
    change_id: str = record_id("change"),
    reason: str = typer.Option(None, "--reason"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Cancel an RFC that has not been implemented."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Cancel(reason=reason), no_commit)


rfc_app.command("list")(list_command)
rfc_app.command("show")(show_command)
