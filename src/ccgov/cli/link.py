"""`ccgov link ...`: the links between records and their reviews (suspect links)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import typer

from ccgov.cli import options
from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import COMMIT_HELP, FORMAT_HELP, record_id

if TYPE_CHECKING:
    from ccgov.planning.links import Reviewed
    from ccgov.workflow.transaction import Applied

link_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Links between records and their reviews: list them, clear suspect ones.",
)


def report_review(applied: Applied[Reviewed]) -> None:
    from ccgov.cli.output import report_applied

    report_applied(applied)


@link_app.command("list")
def list_command(
    ctx: typer.Context,
    source: str = typer.Argument(None, metavar="[ID]", help="Only the links from this record."),
    suspect: bool = typer.Option(False, "--suspect", help="Only suspect links (exit 1 if any)."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """Every link with its review state: reviewed, suspect, unreviewed or dangling."""
    import json

    from ccgov.cli.output import console, markup
    from ccgov.planning.links import states

    found = states(open_repository(ctx), source)
    if suspect:
        found = [s for s in found if s.status == "suspect"]
    if output_format == "json":
        rows = [
            {
                "source": s.link.source,
                "target": s.link.target,
                "relation": s.link.relation,
                "status": s.status,
                "reviewed_by": s.review.by if s.review else None,
                "reviewed_at": s.review.at.isoformat() if s.review else None,
            }
            for s in found
        ]
        typer.echo(json.dumps(rows, indent=2))
    else:
        out = console()
        for s in found:
            seen = f" (reviewed by {markup(s.review.by)} {s.review.at.date()})" if s.review else ""
            colour = {"suspect": "yellow", "dangling": "red"}.get(s.status)
            status = f"[{colour}]{s.status}[/{colour}]" if colour else s.status
            out.print(
                f"{markup(s.link.source)} -> {markup(s.link.target)} "
                f"({s.link.relation.replace('_', ' ')}): {status}{seen}"
            )
        if not found:
            out.print("no suspect links" if suspect else "no links")
    if suspect and found:
        raise typer.Exit(1)


@link_app.command("clear")
def clear_command(
    ctx: typer.Context,
    source: str = record_id(None, help="A requirement or configuration item."),
    target: list[str] = typer.Option(
        [], "--target", help="Clear only the link to this record (repeatable)."
    ),
    comment: str = typer.Option(None, "--comment", help="What was checked."),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record, as yourself, that the suspect (or never reviewed) links from a
    record still hold against their targets as they stand now."""
    from ccgov.planning.links import review

    applied = review(
        repository_root(ctx),
        source,
        targets=target,
        comment=comment,
        now=options.now(),
        commit=not no_commit,
        scope="link",
        action="clear",
    )
    report_review(applied)
