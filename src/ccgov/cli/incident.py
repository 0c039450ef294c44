"""`ccgov incident ...`: the incident lifecycle (new, respond, update, pause,
resume, resolve, reopen, close, notify) and incidents imported from a
service-desk tool; `list` and `show` are in incident_show.py."""

from __future__ import annotations

import json
import sys
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from ccgov.cli.context import open_repository, repository_root, settings
from ccgov.cli.incident_show import list_command, show_command
from ccgov.cli.options import COMMIT_HELP, now, parse_timestamp, record_id
from ccgov.records.vocabulary import Audience, PauseReason

if TYPE_CHECKING:
    from ccgov.imports.incident_plan import IncidentImport
    from ccgov.operations.incidents import Request

incident_app = typer.Typer(
    rich_markup_mode=None,
    help="Incidents: open, respond, update, pause, resolve and close them (each a commit), "
    "record escalations, or import them from a service-desk tool's CSV export.",
    no_args_is_help=True,
)

# Lifecycle steps say when something happened, not what moment to judge at.
HAPPENED_HELP = "When it happened: ISO 8601 with a zone (default: now); never in the future."

ImportFormat = Literal["text", "json"]


@incident_app.command("import")
def import_command(
    ctx: typer.Context,
    csv_file: Path = typer.Argument(..., metavar="FILE.csv", help="The tool's ticket export."),
    mapping: Path = typer.Option(
        ...,
        "--map",
        metavar="FILE.yaml",
        help="YAML saying which column holds each field, the export's time zone and value maps.",
    ),
    write: bool = typer.Option(
        False, "--apply", help="Write and commit the new incidents (default: a dry run)."
    ),
    no_commit: bool = typer.Option(
        False, "--no-commit", help="With --apply: stage the new records but do not commit."
    ),
    output_format: ImportFormat = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Turn a ticket export into incident records, skipping tickets already recorded.

    A dry run by default: shows what would be written. With --apply every new
    incident is committed in one change.
    """
    from ccgov.errors import EXIT_FINDINGS, UsageError
    from ccgov.imports.incidents import import_incidents
    from ccgov.imports.problems import ImportRefusedError

    base = settings(ctx).directory
    csv_path, mapping_path = (p if p.is_absolute() else base / p for p in (csv_file, mapping))
    for path in (csv_path, mapping_path):
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
    if no_commit and not write:
        raise UsageError("--no-commit only applies with --apply")
    repository = open_repository(ctx)
    try:
        result = import_incidents(
            repository, csv_path, mapping_path, write=write, commit=not no_commit
        )
    except ImportRefusedError as exc:
        if output_format != "json":
            raise
        json.dump(
            {
                "error": exc.message,
                "hint": exc.hint,
                "problems": [p.to_json() for p in exc.problems],
                "more": exc.more,
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        raise typer.Exit(EXIT_FINDINGS) from None
    if output_format == "json":
        json.dump(result.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from ccgov.cli.output import zone_of

        _text(result, write=write, zone=zone_of(repository.config))


def _text(result: IncidentImport, *, write: bool, zone: tzinfo) -> None:
    # Titles and ticket ids come from another tool's export: shown, not obeyed.
    from ccgov.cli.output import counted, safe, when

    plan = result.plan
    new, duplicates = len(plan.new), len(plan.duplicates)
    if plan.new:
        verb = "Importing" if result.applied else "Would import"
        typer.echo(f"{verb} {counted(new, 'incident')} from {safe(plan.source)}:")
        for incident in plan.new:
            typer.echo(
                f"  {incident.id}  sev {incident.severity}  {when(incident.opened, zone)}  "
                f"{safe(incident.title)}  (row {incident.row})"
            )
    if plan.duplicates:
        typer.echo(f"Skipping {counted(duplicates, 'duplicate')}:")
        for duplicate in plan.duplicates:
            ticket = f"{safe(duplicate.external_id)}  " if duplicate.external_id else ""
            typer.echo(
                f"  row {duplicate.row}  {ticket}{when(duplicate.opened, zone)}  "
                f"{safe(duplicate.title)}  (already {safe(duplicate.duplicate_of)})"
            )
    summary = f"{new} new, {duplicates} duplicate"
    if plan.blank_rows:
        summary += f", {counted(plan.blank_rows, 'blank row')}"
    if result.applied is not None:
        applied = result.applied
        where = f"committed {applied.commit[:12]}" if applied.commit else "staged, not committed"
        typer.echo(f"{summary}. {safe(applied.mutation.message)}: {where}")
    elif not plan.new:
        typer.echo(f"{summary}: nothing to import.")
    elif write:
        typer.echo(f"{summary}.")
    else:
        typer.echo(f"{summary}. Dry run: nothing written; add --apply to write and commit them.")


def _step(ctx: typer.Context, incident_id: str, request: Request, no_commit: bool) -> None:
    """Run one lifecycle step as the git identity and report what was committed."""
    from ccgov.cli.output import report_applied
    from ccgov.operations import incidents

    report_applied(
        incidents.step(repository_root(ctx), incident_id, request, now=now(), commit=not no_commit)
    )


@incident_app.command("new")
def new_command(
    ctx: typer.Context,
    title: str = typer.Option(..., "--title"),
    severity: int = typer.Option(..., "--severity", min=1, max=4, help="1 (worst) to 4."),
    sla: str = typer.Option(..., "--sla", help="The SLA it falls under, e.g. SLA-0001."),
    category: str = typer.Option(
        None, "--category", help="What failed: telephony, ivr, routing, desktop, ..."
    ),
    affects: list[str] = typer.Option([], "--affects", help="An affected CI (repeatable)."),
    caused_by: str = typer.Option(None, "--caused-by", help="The RFC that caused it."),
    description: str = typer.Option(None, "--description"),
    reported_by: str = typer.Option(None, "--reported-by", help="Who or what reported it."),
    assignee: str = typer.Option(None, "--assignee", help="The handle of who works on it."),
    external_id: str = typer.Option(None, "--ticket", help="The service-desk ticket number."),
    opened: str = typer.Option(None, "--opened", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Open an incident (a new INC record, committed)."""
    from ccgov.cli.output import report_applied
    from ccgov.operations import incidents

    spec = incidents.NewIncident(
        title=title,
        severity=severity,
        sla=sla,
        opened=parse_timestamp(opened, "--opened"),
        category=category,
        affects=affects,
        caused_by=caused_by,
        description=description,
        reported_by=reported_by,
        assignee=assignee,
        external_id=external_id,
    )
    report_applied(incidents.new(repository_root(ctx), spec, now=now(), commit=not no_commit))


@incident_app.command("respond")
def respond_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record the response: someone is on it (stops the response clock)."""
    from ccgov.operations.incidents import Respond

    _step(ctx, incident_id, Respond(parse_timestamp(at, "--at")), no_commit)


@incident_app.command("update")
def update_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    text: str = typer.Option(None, "--text", help="The update as it was sent."),
    audience: Audience = typer.Option(
        "center", "--audience", help="Who it went to: center, it or vendor."
    ),
    root_cause: str = typer.Option(None, "--root-cause", help="Record the root cause."),
    analysis: str = typer.Option(None, "--analysis", help="Record the analysis."),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Append an update to the log (and/or record the root cause and analysis)."""
    from ccgov.operations.incidents import Post

    request = Post(text, audience, root_cause, analysis, parse_timestamp(at, "--at"))
    _step(ctx, incident_id, request, no_commit)


@incident_app.command("pause")
def pause_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    reason: PauseReason = typer.Option(
        ..., "--reason", help="Who it waits on: customer, vendor or other."
    ),
    note: str = typer.Option(None, "--note", help="What it waits for."),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Stop the resolution clock: the incident waits on the customer or a vendor."""
    from ccgov.operations.incidents import Pause

    _step(ctx, incident_id, Pause(reason, note, parse_timestamp(at, "--at")), no_commit)


@incident_app.command("resume")
def resume_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """End the wait: the resolution clock runs again."""
    from ccgov.operations.incidents import Resume

    _step(ctx, incident_id, Resume(parse_timestamp(at, "--at")), no_commit)


@incident_app.command("resolve")
def resolve_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    root_cause: str = typer.Option(None, "--root-cause", help="Record the root cause."),
    text: str = typer.Option(
        None, "--text", help="The all-clear sent to the center (recorded as an update)."
    ),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record the resolution (a paused incident's wait ends with it)."""
    from ccgov.operations.incidents import Resolve

    _step(ctx, incident_id, Resolve(root_cause, text, parse_timestamp(at, "--at")), no_commit)


@incident_app.command("reopen")
def reopen_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    reason: str = typer.Option(..., "--reason", help="What came back."),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """It came back: the resolution clock runs again from now."""
    from ccgov.operations.incidents import Reopen

    _step(ctx, incident_id, Reopen(reason, parse_timestamp(at, "--at")), no_commit)


@incident_app.command("close")
def close_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Close a resolved incident (policy.rca: its root cause or a problem first)."""
    from ccgov.operations.incidents import Close

    _step(ctx, incident_id, Close(parse_timestamp(at, "--at")), no_commit)


@incident_app.command("notify")
def notify_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    step: int = typer.Option(
        ..., "--step", min=1, help="The escalation step, counted from 1 in the SLA's order."
    ),
    person: list[str] = typer.Option(
        [], "--person", help="Someone else who was told (a handle; repeatable)."
    ),
    note: str = typer.Option(None, "--note", help="How, and what they said."),
    at: str = typer.Option(None, "--at", help=HAPPENED_HELP),
    no_commit: bool = typer.Option(False, "--no-commit", help=COMMIT_HELP),
) -> None:
    """Record who was notified for an escalation step (its roles resolved to people)."""
    from ccgov.operations.incidents import Notify

    request = Notify(step, tuple(person), note, parse_timestamp(at, "--at"))
    _step(ctx, incident_id, request, no_commit)


incident_app.command("list")(list_command)
incident_app.command("show")(show_command)
