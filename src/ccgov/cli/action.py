"""`ccgov action ...`: the action items every record that carries them holds
(meetings today, problems later), found through one registry."""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import now

action_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Action items from meetings (and every record that carries them).",
)


@action_app.command("list")
def list_command(
    ctx: typer.Context,
    mine: bool = typer.Option(False, "--mine", help="Only yours (git user.email's person)."),
    overdue: bool = typer.Option(False, "--overdue", help="Only those past their due date."),
    show_all: bool = typer.Option(False, "--all", help="Done and dropped ones too."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """Open action items, earliest due first."""
    from zoneinfo import ZoneInfo

    from ccgov.cli.output import console, markup
    from ccgov.errors import RefusedError
    from ccgov.rhythm.actions import find_actions
    from ccgov.store import git
    from ccgov.workflow.identity import actor

    repository = open_repository(ctx)
    if repository.config is None:
        raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate first")
    today = now().astimezone(ZoneInfo(repository.config.timezone)).date()
    found = find_actions(repository)
    if not show_all:
        found = [f for f in found if f.action.status == "open"]
    if mine:
        handle = actor(repository.config, git.config_value(repository.root, "user.email")).handle
        found = [f for f in found if f.action.owner == handle]
    if overdue:
        found = [f for f in found if f.overdue(today)]
    if output_format == "json":
        typer.echo(json.dumps([f.to_json(today) for f in found], indent=2))
        return
    out = console()
    if not found:
        out.print("no action items")
    for item in found:
        late = " [red]overdue[/red]" if item.overdue(today) else ""
        status = "" if item.action.status == "open" else f" ({markup(item.action.status)})"
        out.print(
            f"[bold]{markup(item.ref)}[/bold] due {item.action.due}{late}{status} "
            f"{markup(item.action.title)} [dim](owner {markup(item.action.owner)}; "
            f"{markup(item.context)})[/dim]"
        )


@action_app.command("done")
def done_command(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help="The action, e.g. MTG-0003/A2."),
    note: str = typer.Option(None, "--note", help="What was done."),
    drop: bool = typer.Option(False, "--drop", help="Close it as dropped, not done."),
    no_commit: bool = typer.Option(False, "--no-commit", help="Stage but do not commit."),
) -> None:
    """Close an action item (a commit naming who closed it and when)."""
    from ccgov.cli.output import report_applied
    from ccgov.rhythm import actions

    report_applied(
        actions.close(
            repository_root(ctx),
            ref,
            now=now(),
            status="dropped" if drop else "done",
            note=note,
            commit=not no_commit,
        )
    )
