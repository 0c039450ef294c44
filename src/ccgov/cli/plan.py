"""`ccgov plan ...`: plans, their reviews and when the next one is due."""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli import options
from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import COMMIT_HELP, FORMAT_HELP, record_id

plan_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Plans: objectives over a horizon, reviewed on a cadence. Review, due, list, show.",
)


@plan_app.command("review")
def review_command(
    ctx: typer.Context,
    plan_id: str = record_id("plan"),
    summary: str = typer.Option(..., "--summary", help="What the review found and decided."),
    attendee: list[str] = typer.Option(
        [], "--attendee", help="Someone who took part (repeatable)."
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record a review of the plan as yourself (an owner of one of its objectives)."""
    from ccgov.cli.output import report_applied
    from ccgov.planning.plans import review

    report_applied(
        review(
            repository_root(ctx),
            plan_id,
            summary=summary,
            attendees=attendee,
            now=options.now(),
            commit=not no_commit,
        )
    )


@plan_app.command("due")
def due_command(
    ctx: typer.Context,
    at: str = typer.Option(None, "--at", help=options.AT_HELP),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """When each active plan's next review is due; exit 1 when one is overdue."""
    from ccgov.cli.output import console, markup
    from ccgov.planning.plans import due

    moment = options.parse_timestamp(at, "--at") or options.now()
    found = due(open_repository(ctx), moment)
    if output_format == "json":
        typer.echo(json.dumps([d.to_json() for d in found], indent=2))
    else:
        out = console()
        for d in found:
            last = d.last_review.date().isoformat() if d.last_review else "never"
            state = "[red]overdue[/red]" if d.overdue else "due"
            out.print(
                f"{markup(d.plan)} {markup(d.title)}: review {state} by {d.due.date()} "
                f"(every {markup(d.review_every)}, last {last})"
            )
        if not found:
            out.print("no active plan")
    if any(d.overdue for d in found):
        raise typer.Exit(1)


@plan_app.command("list")
def list_command(
    ctx: typer.Context,
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """List plans."""
    from ccgov.cli.output import print_records

    found = sorted((r.record for r in open_repository(ctx).of("plan")), key=lambda p: p.id)
    print_records(found, ("id", "status", "review_every", "title"), output_format)


@plan_app.command("show")
def show_command(
    ctx: typer.Context,
    plan_id: str = record_id("plan"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """Show a plan: its objectives, their owners, what is planned when, its reviews."""
    from ccgov.cli.output import console, markup
    from ccgov.planning.common import find
    from ccgov.planning.plans import next_review

    repository = open_repository(ctx)
    plan = find(repository, "plan", plan_id).record
    if output_format == "json":
        typer.echo(json.dumps(plan.model_dump(mode="json", exclude_none=True), indent=2))
        return
    timezone = repository.config.timezone if repository.config else "UTC"
    last, next_due = next_review(plan, timezone)
    out = console()
    out.print(f"[bold]{markup(plan.id)}[/bold] {markup(plan.title)}")
    out.print(f"  {plan.horizon.start} to {plan.horizon.end}, {markup(plan.status)}")
    out.print(
        f"  reviewed every {markup(plan.review_every)}; last "
        f"{last.date() if last else 'never'}; next due by {next_due.date()}"
    )
    for objective in plan.objectives:
        out.print(
            f"  objective {markup(objective.id)}: {markup(objective.title)} "
            f"(owners {markup(', '.join(objective.owners))})"
        )
        for entry in (*objective.demands, *objective.requirements):
            out.print(f"    {markup(entry.id)} {markup(entry.quarter or 'unscheduled')}")
    for review in plan.reviews:
        out.print(
            f"  review by {markup(review.by)} at {review.at.isoformat()}: {markup(review.summary)}"
        )
