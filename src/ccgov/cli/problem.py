"""`ccgov problem ...`: problem management: raise a problem from incidents,
record its root cause and workaround, track its actions, close it."""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import COMMIT_HELP, FORMAT_HELP, now, parse_timestamp, record_id
from ccgov.records.vocabulary import ProblemStatus

problem_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Problems: the causes behind incidents, known errors, and the actions that fix them.",
)
action_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="A problem's action items."
)
problem_app.add_typer(action_app, name="action")

# Steps say when something happened, not what moment to judge at.
HAPPENED_HELP = "When: ISO 8601 with a zone (default: now); never in the future."


def _date(text: str, option: str) -> date:
    from ccgov.errors import UsageError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date; write YYYY-MM-DD") from None


@problem_app.command("new")
def new_command(
    ctx: typer.Context,
    incidents: list[str] = typer.Option(
        [], "--from", help="An incident the problem comes from (repeatable)."
    ),
    title: str = typer.Option(None, "--title", help="Default: the first incident's title."),
    owner: str = typer.Option(None, "--owner", help="Who answers for it (default: you)."),
    description: str = typer.Option(None, "--description"),
    item: list[str] = typer.Option(
        [], "--item", help="A CI at fault (repeatable; default: the incidents' CIs)."
    ),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Raise a problem (a new PRB record) from one or more incidents."""
    from ccgov.cli.output import report_applied
    from ccgov.operations import problems

    spec = problems.NewProblem(
        incidents=incidents,
        title=title,
        owner=owner,
        description=description,
        items=item,
        at=parse_timestamp(at, "--at"),
    )
    report_applied(problems.new(repository_root(ctx), spec, now=now(), commit=not no_commit))


@problem_app.command("update")
def update_command(
    ctx: typer.Context,
    problem_id: str = record_id("problem"),
    root_cause: str = typer.Option(None, "--root-cause"),
    workaround: str = typer.Option(None, "--workaround", help="How to restore service meanwhile."),
    known_error: bool = typer.Option(
        False, "--known-error", help="Mark it a known error (needs root cause and workaround)."
    ),
    incident: list[str] = typer.Option([], "--incident", help="Link another incident."),
    item: list[str] = typer.Option([], "--item", help="Link another CI."),
    title: str = typer.Option(None, "--title"),
    description: str = typer.Option(None, "--description"),
    owner: str = typer.Option(None, "--owner"),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record what was learnt: root cause, workaround, more incidents or CIs."""
    from ccgov.cli.output import report_applied
    from ccgov.operations import problems

    edit = problems.Edit(
        title=title,
        description=description,
        owner=owner,
        root_cause=root_cause,
        workaround=workaround,
        known_error=known_error,
        incidents=incident,
        items=item,
        at=parse_timestamp(at, "--at"),
    )
    report_applied(
        problems.update(repository_root(ctx), problem_id, edit, now=now(), commit=not no_commit)
    )


@problem_app.command("close")
def close_command(
    ctx: typer.Context,
    problem_id: str = record_id("problem"),
    resolution: str = typer.Option(..., "--resolution", help="How the cause was removed."),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Close a problem (refused while any of its actions is open)."""
    from ccgov.cli.output import report_applied
    from ccgov.operations import problems

    report_applied(
        problems.close(
            repository_root(ctx),
            problem_id,
            resolution=resolution,
            now=now(),
            at=parse_timestamp(at, "--at"),
            commit=not no_commit,
        )
    )


@action_app.command("add")
def action_add_command(
    ctx: typer.Context,
    problem_id: str = record_id("problem"),
    title: str = typer.Option(..., "--title"),
    owner: str = typer.Option(..., "--owner", help="Who owes it (a handle)."),
    due: str = typer.Option(..., "--due", help="YYYY-MM-DD."),
    fix: str = typer.Option(None, "--fix", help="The RFC that carries it out."),
    link: list[str] = typer.Option([], "--link", help="A record it is about (repeatable)."),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Add an action item (A1, A2, ...) to a problem."""
    from ccgov.cli.output import report_applied
    from ccgov.operations import problems

    spec = problems.NewAction(title, owner, _date(due, "--due"), fix, link)
    report_applied(
        problems.add_action(repository_root(ctx), problem_id, spec, now=now(), commit=not no_commit)
    )


@action_app.command("done")
def action_done_command(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="PRB-ID/A1"),
    note: str = typer.Option(None, "--note", help="What was done (or why it was dropped)."),
    drop: bool = typer.Option(False, "--drop", help="Close it as dropped, not done."),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Close an action item as done (or dropped)."""
    from ccgov.cli.output import report_applied
    from ccgov.rhythm import actions

    # The same step as `ccgov action done`: one way to close any action item.
    report_applied(
        actions.close(
            repository_root(ctx),
            ref,
            now=now(),
            status="dropped" if drop else "done",
            note=note,
            commit=not no_commit,
            kind="problem",
        )
    )


@problem_app.command("list")
def list_command(
    ctx: typer.Context,
    status: ProblemStatus = typer.Option(None, "--status"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """List problems."""
    from ccgov.cli.output import print_records

    found = sorted(
        (
            r.record
            for r in open_repository(ctx).of("problem")
            if status is None or r.record.status == status
        ),
        key=lambda p: p.id,
    )
    empty = "no problems match" if status else "no problems yet: ccgov problem new --from INC-..."
    print_records(found, ("id", "status", "owner", "title"), output_format, empty=empty)


@problem_app.command("show")
def show_command(
    ctx: typer.Context,
    problem_id: str = record_id("problem"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """A problem with its incidents, CIs, knowledge articles, actions and fixing RFCs."""
    from ccgov.cli.output import console, markup, when, zone_of
    from ccgov.operations.views import problem_view
    from ccgov.records.actions import action_ref

    repository = open_repository(ctx)
    view = problem_view(repository, problem_id)
    if output_format == "json":
        typer.echo(json.dumps(view.to_json(), indent=2))
        return
    zone = zone_of(repository.config)
    today = now().astimezone(zone).date()
    problem = view.problem
    out = console()
    out.print(f"[bold]{markup(problem.id)}[/bold] {markup(problem.title)}")
    known = ", a known error" if problem.known_error and problem.status != "known_error" else ""
    out.print(
        f"  {markup(problem.status)}{known}; owner {markup(problem.owner)}, raised "
        f"{when(problem.opened, zone)} by {markup(problem.raised_by)}"
    )
    for label, value in (
        ("description", problem.description),
        ("root cause", problem.root_cause),
        ("workaround", problem.workaround),
        ("resolution", problem.resolution),
    ):
        if value:
            out.print(f"  {label}: {markup(value)}")
    for incident in view.incidents:
        out.print(
            f"  incident {markup(incident.id)} sev {incident.severity} "
            f"{when(incident.opened, zone)} {markup(incident.title)}"
        )
    for item in view.items:
        out.print(f"  CI {markup(item.id)} {markup(item.name)}")
    for article in view.knowledge:
        out.print(
            f"  knowledge {markup(article.id)} ({markup(article.kind)}) {markup(article.title)}"
        )
    for change in view.fixes:
        out.print(
            f"  fixed by {markup(change.id)} ({markup(change.status)}) {markup(change.title)}"
        )
    for action in problem.actions:
        late = " [red]overdue[/red]" if action.status == "open" and action.due < today else ""
        fix = f" via {markup(action.fix)}" if action.fix else ""
        out.print(
            f"  action {markup(action_ref(problem.id, action.id))} {markup(action.status)}, due "
            f"{action.due}{late}: {markup(action.title)} (owner {markup(action.owner)}){fix}"
        )
