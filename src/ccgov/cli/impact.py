"""`ccgov impact ID`: what a change to a CI or requirement reaches; and the
short impact section `rfc show` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import typer

from ccgov.cli.context import open_repository
from ccgov.cli.options import FORMAT_HELP, record_id

if TYPE_CHECKING:
    from rich.console import Console

    from ccgov.planning.impact import Impact
    from ccgov.records.change import ChangeRequest
    from ccgov.store.repo import Repository

TITLES = {
    "items": "configuration items",
    "requirements": "requirements",
    "slas": "SLA availability targets",
    "changes": "open RFCs",
    "incidents": "open incidents",
    "problems": "open problems",
    "risks": "open risks",
    "demands": "demands",
    "objectives": "plan objectives",
}


def impact_command(
    ctx: typer.Context,
    record_id: str = record_id(None, help="A CI or a requirement."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """What depends on a CI or requirement: CIs through depends_on, requirements
    through satisfied_by and parents, SLA availability targets, open RFCs,
    incidents and risks, demands and plan objectives."""
    import json

    from ccgov.cli.output import console, markup
    from ccgov.planning.impact import impact

    found = impact(open_repository(ctx), record_id)
    if output_format == "json":
        typer.echo(json.dumps(found.to_json(), indent=2))
        return
    out = console()
    out.print(f"[bold]{markup(found.subject)}[/bold] {markup(found.title)}")
    if found.empty:
        out.print("  nothing depends on it")
    for name in found.SECTIONS:
        touches = getattr(found, name)
        if not touches:
            continue
        out.print(f"  {TITLES[name]} ({len(touches)}):")
        for touch in touches:
            out.print(
                f"    {markup(touch.id)} {markup(touch.title)} ({markup(touch.status)}): "
                f"{markup(touch.why)}"
            )


def summary(found: Impact) -> list[str]:
    """One line per section: its size and the first few ids (plain text)."""
    lines = []
    for name in found.SECTIONS:
        touches = getattr(found, name)
        if touches:
            unique = list(dict.fromkeys(t.id for t in touches))
            ids = ", ".join(unique[:8])
            more = f", ... ({len(unique) - 8} more)" if len(unique) > 8 else ""
            lines.append(f"{TITLES[name]}: {ids}{more}")
    return lines


def print_change_impact(out: Console, repository: Repository, change: ChangeRequest) -> None:
    """`rfc show`'s impact section: what the CIs it changes reach."""
    from ccgov.cli.output import markup
    from ccgov.planning.impact import change_impact

    lines = summary(change_impact(repository, change))
    if not lines:
        out.print("  impact: nothing depends on what it changes")
        return
    out.print("  impact (ccgov impact CI-ID for the paths):")
    for line in lines:
        out.print(f"    {markup(line)}")
