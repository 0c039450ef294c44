"""`ccgov rfc ...`: the change-control workflow."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import parse_timestamp

if TYPE_CHECKING:
    from ccgov.workflow.lifecycle import Request
    from ccgov.workflow.transaction import Applied

rfc_app = typer.Typer(
    rich_markup_mode=None,
    help="Requests for change: raise, decide, schedule, implement, verify, close.",
    no_args_is_help=True,
)

COMMIT_HELP = "Stage the change but do not commit (for branch / pull-request workflows)."


def _now() -> datetime:
    return datetime.now(UTC)


def report_applied(applied: Applied[Any]) -> None:
    from ccgov.cli.output import console, markup

    out = console()
    mutation = applied.mutation
    for note in applied.notes:
        out.print(f"[yellow]note:[/yellow] {markup(note)}")
    where = f"committed {applied.commit[:12]}" if applied.commit else "staged, not committed"
    out.print(f"{markup(mutation.message)}: {where} ({markup(', '.join(mutation.paths))})")


def _step(ctx: typer.Context, change_id: str, request: Request, no_commit: bool) -> None:
    """Run one lifecycle step as the git identity and report what was committed."""
    from ccgov.workflow import rfc

    report_applied(
        rfc.transition(repository_root(ctx), change_id, request, now=_now(), commit=not no_commit)
    )


@rfc_app.command("new")
def new_command(
    ctx: typer.Context,
    title: str = typer.Option(None, "--title"),
    change_type: str = typer.Option(None, "--type", help="standard, normal or emergency."),
    category: str = typer.Option(
        None, "--category", help="e.g. routing_change, prompt_change, user_add."
    ),
    affects: list[str] = typer.Option(
        [], "--affects", help="A CI id this change touches (repeatable)."
    ),
    creates: list[str] = typer.Option(
        [],
        "--creates",
        help="A new CI id this change introduces, or 'new' for the next free one (repeatable).",
    ),
    requirement: list[str] = typer.Option(
        [], "--requirement", help="A linked requirement (repeatable)."
    ),
    risk: str = typer.Option(None, "--risk", help="low, medium, high or critical."),
    impact: str = typer.Option(None, "--impact", help="low, medium or high."),
    description: str = typer.Option(None, "--description"),
    justification: str = typer.Option(None, "--justification"),
    catalog_entry: str = typer.Option(
        None, "--catalog-entry", help="Service-catalog entry (standard changes)."
    ),
    implementer: str = typer.Option(
        None, "--implementer", help="Handle of the engineer who implements it."
    ),
    implementation_plan: str = typer.Option(None, "--implementation-plan"),
    test_plan: str = typer.Option(None, "--test-plan"),
    backout_plan: str = typer.Option(None, "--backout-plan"),
    window_start: str = typer.Option(None, "--window-start", help="ISO 8601 with time zone."),
    window_end: str = typer.Option(None, "--window-end", help="ISO 8601 with time zone."),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Raise a new RFC (prompts for what is missing when run in a terminal)."""
    from ccgov.errors import UsageError
    from ccgov.workflow import rfc

    start_at = parse_timestamp(window_start, "--window-start")
    end_at = parse_timestamp(window_end, "--window-end")
    values = {
        "title": title,
        "type": change_type,
        "category": category,
        "risk": risk,
        "impact": impact,
        "description": description,
        "justification": justification,
    }
    missing = [name for name, value in values.items() if not value]
    if missing and sys.stdin.isatty():
        for name in missing:
            values[name] = typer.prompt(name.capitalize())
        missing = []
    if missing:
        raise UsageError("missing " + ", ".join(f"--{name}" for name in missing))
    plans = None
    if implementation_plan or test_plan or backout_plan:
        if not (implementation_plan and test_plan and backout_plan):
            raise UsageError(
                "plans come as a set: --implementation-plan, --test-plan and --backout-plan"
            )
        plans = {"implementation": implementation_plan, "test": test_plan, "backout": backout_plan}
    spec = rfc.NewChange(
        title=values["title"],
        type=values["type"],
        category=values["category"],
        risk=values["risk"],
        impact=values["impact"],
        description=values["description"],
        justification=values["justification"],
        affects=affects,
        creates=creates,
        requirements=requirement,
        catalog_entry=catalog_entry,
        implementer=implementer,
        plans=plans,
        window_start=start_at,
        window_end=end_at,
    )
    report_applied(rfc.new(repository_root(ctx), spec, now=_now(), commit=not no_commit))


@rfc_app.command("submit")
def submit_command(
    ctx: typer.Context,
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Submit a draft for approval (or resubmit one edited after approval)."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Submit(), no_commit)


@rfc_app.command("approve")
def approve_command(
    ctx: typer.Context,
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
    comment: str = typer.Option(None, "--comment"),
    role: str = typer.Option(
        None, "--role", help="The role you approve in (default: one still needed)."
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Approve an RFC as yourself (git user.email)."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Approve(role=role, comment=comment), no_commit)


@rfc_app.command("reject")
def reject_command(
    ctx: typer.Context,
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
    reason: str = typer.Option(..., "--reason"),
    role: str = typer.Option(None, "--role"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Reject an RFC; a rejection by a required approver stops it."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Reject(reason=reason, role=role), no_commit)


@rfc_app.command("schedule")
def schedule_command(
    ctx: typer.Context,
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
    start: str = typer.Option(None, "--start", help="Slot start (default: the approved window's)."),
    end: str = typer.Option(None, "--end", help="Slot end (default: the approved window's)."),
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
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
    result: Literal["pass", "fail"] = typer.Option(..., "--result"),
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
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
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
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
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
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
    comment: str = typer.Option(..., "--comment"),
    role: str = typer.Option(None, "--role"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record the retrospective review an emergency change needs before closing."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Review(comment=comment, role=role), no_commit)


@rfc_app.command("close")
def close_command(
    ctx: typer.Context,
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Close a verified (or backed-out) RFC."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Close(), no_commit)


@rfc_app.command("cancel")
def cancel_command(
    ctx: typer.Context,
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
    reason: str = typer.Option(None, "--reason"),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Cancel an RFC that has not been implemented."""
    from ccgov.workflow import lifecycle

    _step(ctx, change_id, lifecycle.Cancel(reason=reason), no_commit)


@rfc_app.command("list")
def list_command(
    ctx: typer.Context,
    status: str = typer.Option(None, "--status"),
    change_type: str = typer.Option(None, "--type"),
    mine: bool = typer.Option(False, "--mine", help="RFCs you requested, implement or decided on."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """List RFCs."""
    from ccgov.cli.output import print_records
    from ccgov.store import git
    from ccgov.workflow import rfc
    from ccgov.workflow.identity import actor

    root = repository_root(ctx)
    repository = open_repository(ctx)
    handle = None
    if mine and repository.config is not None:
        handle = actor(repository.config, git.config_value(root, "user.email")).handle
    found = rfc.list_changes(repository, status=status, type_=change_type, mine=handle)
    print_records(
        found, ("id", "status", "type", "category", "risk", "title", "requested_by"), output_format
    )


@rfc_app.command("show")
def show_command(
    ctx: typer.Context,
    change_id: str = typer.Argument(..., metavar="RFC-ID"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """Show an RFC with where it stands and what can happen next."""
    import json

    from ccgov.cli.output import console, markup
    from ccgov.records.lifecycle import NEXT_ACTIONS
    from ccgov.workflow import lifecycle, rfc

    repository = open_repository(ctx)
    change = rfc.find_change(repository, change_id).record
    if output_format == "json":
        typer.echo(json.dumps(change.model_dump(mode="json", exclude_none=True), indent=2))
        return
    assert repository.config is not None
    out = console()
    out.print(f"[bold]{markup(change.id)}[/bold] {markup(change.title)}")
    out.print(
        f"  {markup(change.type)} {markup(change.category)}, risk {markup(change.risk)}, "
        f"impact {markup(change.impact)}"
    )
    out.print(
        f"  status {markup(change.status)}: "
        f"{markup(lifecycle.describe_approvals(repository.config, change))}"
    )
    out.print(
        f"  requested by {markup(change.requested_by)}; "
        f"affects {markup(', '.join(change.affects) or '-')}"
    )
    if change.creates:
        out.print(f"  creates {markup(', '.join(change.creates))}")
    if change.schedule is not None:
        slot = change.schedule
        out.print(f"  booked {slot.start.isoformat()} to {slot.end.isoformat()}")
    if change.preapproval is not None:
        pre = change.preapproval
        out.print(
            f"  pre-approval: catalog entry {markup(pre.entry)}, by {markup(pre.by)} "
            f"at {pre.at.isoformat()}"
        )
    for approval in change.approvals:
        out.print(
            f"  {markup(approval.decision)} by {markup(approval.by)} ({markup(approval.role)}) "
            f"at {approval.at.isoformat()}"
        )
    for test in change.tests:
        out.print(f"  test {markup(test.result)} by {markup(test.by)} at {test.at.isoformat()}")
    for deviation in change.deviations:
        out.print(
            f"  deviation by {markup(deviation.by)} at {deviation.at.isoformat()}: "
            f"{markup(deviation.reason)}"
        )
    from ccgov.cli.impact import print_change_impact

    print_change_impact(out, repository, change)
    nxt = NEXT_ACTIONS[change.status]
    out.print(f"  next: {', '.join(nxt) if nxt else 'nothing (final)'}")
