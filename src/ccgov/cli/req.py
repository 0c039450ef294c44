"""`ccgov req ...`: requirements."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Literal

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.output import console

req_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Requirements: raise, list, show with their traceability.",
)


@req_app.command("new")
def new_command(
    ctx: typer.Context,
    title: str = typer.Option(None, "--title"),
    statement: str = typer.Option(None, "--statement", help='"The IVR shall ..."'),
    kind: str = typer.Option(
        None, "--kind", help="business, functional, non_functional, regulatory."
    ),
    priority: str = typer.Option(None, "--priority", help="must, should, could, wont."),
    area: str = typer.Option(
        None, "--area", help="routing, ivr, telephony, wfm, qm, reporting, ..."
    ),
    rationale: str = typer.Option(None, "--rationale"),
    source: str = typer.Option(None, "--source", help="Who asked for it (default: you)."),
    owner: str = typer.Option(None, "--owner", help="Who answers for it (default: you)."),
    criterion: list[str] = typer.Option(
        [], "--criterion", help="An acceptance criterion (repeatable)."
    ),
    verification: str = typer.Option(
        None, "--verification", help="test, inspection, analysis, demonstration."
    ),
    parent: list[str] = typer.Option([], "--parent", help="A parent requirement (repeatable)."),
    satisfied_by: list[str] = typer.Option(
        [], "--satisfied-by", help="A CI that satisfies it (repeatable)."
    ),
    no_commit: bool = typer.Option(
        False, "--no-commit", help="Stage the new record but do not commit."
    ),
) -> None:
    """Raise a requirement (prompts for what is missing when run in a terminal)."""
    from ccgov.cli.rfc import report_applied
    from ccgov.errors import UsageError
    from ccgov.workflow import requirements

    values = {
        "title": title,
        "statement": statement,
        "kind": kind,
        "priority": priority,
        "area": area,
    }
    missing = [name for name, value in values.items() if not value]
    if missing and sys.stdin.isatty():
        for name in missing:
            values[name] = typer.prompt(name.capitalize())
        missing = []
    if missing:
        raise UsageError("missing " + ", ".join(f"--{name}" for name in missing))
    spec = requirements.NewRequirement(
        title=str(values["title"]),
        statement=str(values["statement"]),
        kind=str(values["kind"]),
        priority=str(values["priority"]),
        area=str(values["area"]),
        rationale=rationale,
        source=source,
        owner=owner,
        acceptance_criteria=criterion,
        verification=verification,
        parents=parent,
        satisfied_by=satisfied_by,
    )
    report_applied(
        requirements.new(repository_root(ctx), spec, now=datetime.now(UTC), commit=not no_commit)
    )


@req_app.command("list")
def list_command(
    ctx: typer.Context,
    status: str = typer.Option(None, "--status"),
    area: str = typer.Option(None, "--area"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """List requirements."""
    from ccgov.cli.output import print_records

    repository = open_repository(ctx)
    found = sorted(
        (
            r.record
            for r in repository.of("requirement")
            if (status is None or r.record.status == status)
            and (area is None or r.record.area == area)
        ),
        key=lambda r: r.id,
    )
    print_records(
        found, ("id", "status", "priority", "kind", "area", "owner", "title"), output_format
    )


@req_app.command("show")
def show_command(
    ctx: typer.Context,
    requirement_id: str = typer.Argument(..., metavar="REQ-ID"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """Show a requirement with the CIs that satisfy it, the RFCs that touched them, and gaps."""
    from ccgov.cli.output import markup
    from ccgov.errors import RefusedError
    from ccgov.report import traceability

    repository = open_repository(ctx)
    requirement = next(
        (r.record for r in repository.of("requirement") if r.record.id == requirement_id), None
    )
    if requirement is None:
        raise RefusedError(f"there is no requirement {requirement_id}")
    trace = next(
        t for t in traceability.build(repository).traces if t.requirement == requirement_id
    )
    if output_format == "json":
        typer.echo(
            json.dumps(
                {
                    **requirement.model_dump(mode="json"),
                    "trace": {
                        "changes": trace.changes,
                        "verified_by": trace.verified_by,
                        "gaps": trace.gaps,
                    },
                },
                indent=2,
            )
        )
        return
    out = console()
    out.print(f"[bold]{markup(requirement.id)}[/bold] {markup(requirement.title)}")
    out.print(f"  {markup(requirement.statement)}")
    out.print(
        f"  {markup(requirement.kind)}, {markup(requirement.priority)}, "
        f"{markup(requirement.status)}, area {markup(requirement.area)}; "
        f"owner {markup(requirement.owner)}, source {markup(requirement.source)}"
    )
    for criterion in requirement.acceptance_criteria:
        out.print(f"  - {markup(criterion)}")
    out.print(f"  satisfied by: {markup(', '.join(trace.items) or '-')}")
    out.print(
        f"  changes: {markup(', '.join(trace.changes) or '-')}; verified by: "
        f"{markup(', '.join(trace.verified_by) or '-')}"
    )
    for gap in trace.gaps:
        out.print(f"  [yellow]gap:[/yellow] {markup(gap)}")
