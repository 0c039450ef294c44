"""`ccgov meeting ...`: plan a routine's meeting, submit agenda topics, record
and show the minutes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Literal

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import now, parse_timestamp

if TYPE_CHECKING:
    from ccgov.records.meeting import Meeting
    from ccgov.rhythm.meetings import NewAction

meeting_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Meetings: plan one, submit topics, record and show the minutes.",
)
topic_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="Agenda topics.")
meeting_app.add_typer(topic_app, name="topic")

NO_COMMIT_HELP = "Stage the change but do not commit."


@meeting_app.command("new")
def new_command(
    ctx: typer.Context,
    routine: str = typer.Argument(..., metavar="ROUTINE"),
    at: str = typer.Option(
        None, "--at", help="When, ISO 8601 with zone (default: the occurrence the routine owes)."
    ),
    title: str = typer.Option(None, "--title"),
    chair: str = typer.Option(
        None, "--chair", help="Who chairs it (default: the routine's owner)."
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    """Plan a meeting of ROUTINE (a new MTG-NNNN, status planned)."""
    from ccgov.cli.output import report_applied
    from ccgov.rhythm import meetings

    applied = meetings.new(
        repository_root(ctx),
        routine,
        at=parse_timestamp(at, "--at"),
        now=now(),
        title=title,
        chair=chair,
        commit=not no_commit,
    )
    report_applied(applied)


@meeting_app.command("list")
def list_command(
    ctx: typer.Context,
    routine: str = typer.Option(None, "--routine", help="Only this routine's meetings."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """Meetings, oldest first."""
    from ccgov.cli.output import print_records

    repository = open_repository(ctx)
    found = sorted(
        (
            r.record
            for r in repository.of("meeting")
            if routine is None or r.record.routine == routine
        ),
        key=lambda m: (m.at, m.id),
    )
    print_records(found, ("id", "routine", "at", "status", "chair", "title"), output_format)


@topic_app.command("add")
def topic_add_command(
    ctx: typer.Context,
    meeting: str = typer.Argument(..., metavar="MEETING"),
    title: str = typer.Option(..., "--title"),
    link: list[str] = typer.Option([], "--link", help="A record the topic is about (repeatable)."),
    note: str = typer.Option(None, "--note"),
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    """Put a topic on a planned meeting's agenda (anyone listed in people may)."""
    from ccgov.cli.output import report_applied
    from ccgov.rhythm import meetings

    report_applied(
        meetings.add_topic(
            repository_root(ctx),
            meeting,
            title,
            links=link,
            now=now(),
            note=note,
            commit=not no_commit,
        )
    )


def _action(text: str) -> NewAction:
    """OWNER:DUE:TITLE, e.g. bvega:2026-02-20:Send the root-cause report."""
    from datetime import date

    from ccgov.errors import UsageError
    from ccgov.rhythm.meetings import NewAction

    owner, _, rest = text.partition(":")
    due, _, title = rest.partition(":")
    try:
        when = date.fromisoformat(due.strip())
    except ValueError:
        when = None
    if not owner.strip() or when is None or not title.strip():
        raise UsageError(
            f"--action {text!r}: write OWNER:YYYY-MM-DD:TITLE, "
            "e.g. bvega:2026-02-20:Send the root-cause report"
        )
    return NewAction(title.strip(), owner.strip(), when)


@meeting_app.command("minutes")
def minutes_command(
    ctx: typer.Context,
    meeting: str = typer.Argument(..., metavar="MEETING"),
    attendee: list[str] = typer.Option(
        [], "--attendee", help="A person who attended (repeatable)."
    ),
    guest: list[str] = typer.Option(
        [], "--guest", help="An attendee not in ccgov.yaml people (repeatable)."
    ),
    decision: list[str] = typer.Option([], "--decision", help="A decision taken (repeatable)."),
    action: list[str] = typer.Option(
        [], "--action", help="An action item OWNER:YYYY-MM-DD:TITLE (repeatable)."
    ),
    link: list[str] = typer.Option(
        [], "--link", help="A record the decisions and actions recorded now are about."
    ),
    notes: str = typer.Option(None, "--notes"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    """Record the minutes (attendees, decisions, actions; the meeting becomes
    held), or with none of those options show them."""
    from ccgov.cli.output import report_applied
    from ccgov.rhythm import meetings

    if not (attendee or guest or decision or action or notes):
        repository = open_repository(ctx)
        shown = meetings.find_meeting(repository, meeting).record
        _show(shown, output_format)
        return
    items = [_action(text) for text in action]
    for item in items:
        item.links = list(link)
    minutes = meetings.Minutes(attendee, guest, decision, items, list(link), notes)
    report_applied(
        meetings.record_minutes(repository_root(ctx), meeting, minutes, commit=not no_commit)
    )


def _show(meeting: Meeting, output_format: str) -> None:
    from ccgov.cli.output import console, markup

    if output_format == "json":
        typer.echo(json.dumps(meeting.model_dump(mode="json"), indent=2))
        return
    out = console()
    title = f" {markup(meeting.title)}" if meeting.title else ""
    out.print(
        f"[bold]{markup(meeting.id)}[/bold] {markup(meeting.routine)}{title}, "
        f"{markup(meeting.at.isoformat())}, {markup(meeting.status)}"
    )
    people = [*meeting.attendees, *meeting.guests]
    out.print(
        f"  chair: {markup(meeting.chair or '-')}; attendees: {markup(', '.join(people) or '-')}"
    )
    if meeting.topics:
        out.print("  topics:")
    for topic in meeting.topics:
        links = f" [{', '.join(topic.links)}]" if topic.links else ""
        out.print(f"    - {markup(topic.title)}{markup(links)} (by {markup(topic.submitted_by)})")
    if meeting.decisions:
        out.print("  decisions:")
    for decision in meeting.decisions:
        links = f" [{', '.join(decision.links)}]" if decision.links else ""
        out.print(f"    - {markup(decision.text)}{markup(links)}")
    if meeting.actions:
        out.print("  actions:")
    for item in meeting.actions:
        out.print(
            f"    {markup(meeting.id)}/{markup(item.id)} {markup(item.status)} "
            f"{markup(item.title)} (owner {markup(item.owner)}, due {item.due})"
        )
