"""`ccgov ci ...`: configuration items with what points at them: RFCs,
incidents, problems, knowledge articles and the SLAs that cover them."""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli.context import open_repository
from ccgov.cli.options import FORMAT_HELP, record_id

ci_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Configuration items: list them; show one with its changes, incidents and runbooks.",
)


@ci_app.command("list")
def list_command(
    ctx: typer.Context,
    kind: str = typer.Option(None, "--kind", help="Only this kind (call_flow, trunk, ...)."),
    vendor: str = typer.Option(None, "--vendor", help="Only this vendor's."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """List configuration items."""
    from ccgov.cli.output import print_records

    found = sorted(
        (
            r.record
            for r in open_repository(ctx).of("item")
            if (kind is None or r.record.kind == kind)
            and (vendor is None or r.record.vendor == vendor)
        ),
        key=lambda i: i.id,
    )
    columns = ("id", "kind", "version", "vendor", "owner", "status", "name")
    print_records(found, columns, output_format, empty="no configuration items match")


@ci_app.command("show")
def show_command(
    ctx: typer.Context,
    item_id: str = record_id("item"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """A CI with its dependencies, RFCs, incidents, problems, knowledge articles and SLAs."""
    from ccgov.cli.output import console, markup, when, zone_of
    from ccgov.operations.views import item_view

    repository = open_repository(ctx)
    view = item_view(repository, item_id)
    if output_format == "json":
        typer.echo(json.dumps(view.to_json(), indent=2))
        return
    item = view.item
    out = console()
    out.print(f"[bold]{markup(item.id)}[/bold] {markup(item.name)}")
    vendor = f", vendor {markup(item.vendor)}" if item.vendor else ""
    out.print(
        f"  {markup(item.kind)} version {markup(item.version)}, {markup(item.status)} in "
        f"{markup(item.environment)}; owner {markup(item.owner)}{vendor}"
    )
    if item.description:
        out.print(f"  {markup(item.description)}")
    for label, records in (("depends on", view.depends_on), ("needed by", view.dependents)):
        if records:
            out.print(f"  {label}: {markup(', '.join(r.id for r in records))}")
    if view.slas:
        out.print(f"  covered by: {markup(', '.join(s.id for s in view.slas))}")
    for article in view.knowledge:
        out.print(
            f"  knowledge {markup(article.id)} ({markup(article.kind)}, {markup(article.status)}) "
            f"{markup(article.title)}"
        )
    for problem in view.problems:
        out.print(
            f"  problem {markup(problem.id)} ({markup(problem.status)}) {markup(problem.title)}"
        )
    for change in view.changes:
        out.print(f"  change {markup(change.id)} ({markup(change.status)}) {markup(change.title)}")
    for incident in view.incidents:
        out.print(
            f"  incident {markup(incident.id)} sev {incident.severity} "
            f"{when(incident.opened, zone_of(repository.config))} {markup(incident.title)}"
        )
