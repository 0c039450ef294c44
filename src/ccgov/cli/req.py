"""`ccgov req ...`: requirements."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Literal

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import FORMAT_HELP, record_id
from ccgov.records.vocabulary import (
    Area,
    Priority,
    RequirementKind,
    RequirementStatus,
    VerificationMethod,
    values,
)

req_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Requirements: raise, list, show with their traceability.",
)

# What `req new` needs and asks for in a terminal, in the order it asks.
CHOICES = {"kind": values(RequirementKind), "priority": values(Priority), "area": values(Area)}
LIST_COLUMNS = ("id", "status", "priority", "kind", "area", "owner", "title")


@req_app.command("new")
def new_command(
    ctx: typer.Context,
    title: str = typer.Option(None, "--title"),
    statement: str = typer.Option(None, "--statement", help='"The IVR shall ..."'),
    kind: RequirementKind = typer.Option(None, "--kind"),
    priority: Priority = typer.Option(None, "--priority", help="MoSCoW."),
    area: Area = typer.Option(None, "--area"),
    rationale: str = typer.Option(None, "--rationale"),
    source: str = typer.Option(
        None, "--source", metavar="HANDLE", help="Who asked for it (default: you)."
    ),
    owner: str = typer.Option(
        None, "--owner", metavar="HANDLE", help="Who answers for it (default: you)."
    ),
    criterion: list[str] = typer.Option(
        [], "--criterion", help="An acceptance criterion (repeatable)."
    ),
    verification: VerificationMethod = typer.Option(
        None, "--verification", help="How it is shown to be met (default: test)."
    ),
    parent: list[str] = typer.Option(
        [], "--parent", metavar="REQ-ID", help="A parent requirement (repeatable)."
    ),
    satisfied_by: list[str] = typer.Option(
        [], "--satisfied-by", metavar="CI-ID", help="A CI that satisfies it (repeatable)."
    ),
    no_commit: bool = typer.Option(
        False, "--no-commit", help="Stage the new record but do not commit."
    ),
) -> None:
    """Raise a requirement (in a terminal, asks for what is missing)."""
    from ccgov.cli.output import report_applied
    from ccgov.cli.prompts import fill
    from ccgov.errors import UsageError
    from ccgov.workflow import requirements

    answers: dict[str, str | None] = {
        "title": title,
        "statement": statement,
        "kind": kind,
        "priority": priority,
        "area": area,
    }
    missing = fill(answers, CHOICES)
    if missing:
        raise UsageError(
            "missing " + ", ".join(f"--{name}" for name in missing),
            hint="give them as options, or run ccgov req new in a terminal to be asked",
        )
    spec = requirements.NewRequirement(
        title=str(answers["title"]),
        statement=str(answers["statement"]),
        kind=str(answers["kind"]),
        priority=str(answers["priority"]),
        area=str(answers["area"]),
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
    status: RequirementStatus = typer.Option(None, "--status"),
    area: Area = typer.Option(None, "--area"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
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
    filtered = status is not None or area is not None
    print_records(
        found,
        LIST_COLUMNS,
        output_format,
        empty="no requirements match" if filtered else "no requirements yet: ccgov req new",
    )


@req_app.command("show")
def show_command(
    ctx: typer.Context,
    requirement_id: str = record_id("requirement"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """Show the whole requirement, the CIs that satisfy it, the RFCs that
    touched them, its parents and children, and its gaps."""
    from ccgov.cli.output import console, markup
    from ccgov.errors import RefusedError
    from ccgov.report import traceability

    repository = open_repository(ctx)
    requirements = [r.record for r in repository.of("requirement")]
    requirement = next((r for r in requirements if r.id == requirement_id), None)
    if requirement is None:
        raise RefusedError(f"there is no requirement {requirement_id}", hint="see ccgov req list")
    trace = next(
        t for t in traceability.build(repository).traces if t.requirement == requirement_id
    )
    children = sorted(r.id for r in requirements if requirement_id in r.parents)
    if output_format == "json":
        document = requirement.model_dump(mode="json")
        document["trace"] = {
            "changes": trace.changes,
            "verified_by": trace.verified_by,
            "children": children,
            "gaps": trace.gaps,
        }
        typer.echo(json.dumps(document, indent=2))
        return
    out = console()

    def field(label: str, value: object) -> None:
        text = markup(value if value not in (None, "", []) else "-")
        out.print(f"  {label:<14}" + text.replace("\n", "\n" + " " * 16).rstrip())

    out.print(f"[bold]{markup(requirement.id)}[/bold] {markup(requirement.title)}")
    field("statement", requirement.statement)
    field("rationale", requirement.rationale)
    field("status", requirement.status)
    field("kind", requirement.kind)
    field("priority", requirement.priority)
    field("area", requirement.area)
    field("source", requirement.source)
    field("owner", requirement.owner)
    field("verification", requirement.verification)
    out.print("  acceptance criteria" + ("" if requirement.acceptance_criteria else ": -"))
    for criterion in requirement.acceptance_criteria:
        out.print(f"    - {markup(criterion)}")
    field("parents", ", ".join(requirement.parents))
    field("children", ", ".join(children))
    field("satisfied by", ", ".join(trace.items))
    field("changes", ", ".join(trace.changes))
    field("verified by", ", ".join(trace.verified_by))
    for gap in trace.gaps:
        out.print(f"  [yellow]gap:[/yellow] {markup(gap)}")
