"""The operations reports of `ccgov report`: outage (one incident's notice for
the contact center), problems, scorecard and knowledge. They come from the
one registry (`ccgov.report.registry.REPORTS`) like every report; cli/app.py
adds them to the `report` group."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer

from ccgov.cli.context import open_repository
from ccgov.cli.report import (
    AT_HELP,
    FORMAT_HELP,
    OUTPUT_HELP,
    PERIOD_HELP,
    OutputFormat,
    _emit,
    _meta,
    _render,
    _report,
    _request,
)


def outage_command(
    ctx: typer.Context,
    incident_id: str = typer.Argument(..., metavar="INC-ID"),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
) -> None:
    """A one-page outage notice for the contact center: what is down, since when, what to do."""
    from ccgov.report.registry import REPORTS

    repository = open_repository(ctx)
    kind = REPORTS["outage"]
    request, _note = _request(repository, [kind], None, at)
    built = kind.build(repository, replace(request, incident=incident_id))
    info = _meta(repository, request, "")
    _emit(_render(built, output_format, info, repository), output)


def problems_command(
    ctx: typer.Context,
    period: str = typer.Option(None, "--period", help=PERIOD_HELP),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
) -> None:
    """Incidents and minutes by CI, category and month; repeats; actions; known errors."""
    _report(ctx, "problems", output_format, output, period, at)


def scorecard_command(
    ctx: typer.Context,
    period: str = typer.Option(None, "--period", help=PERIOD_HELP),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
) -> None:
    """Each KPI's value, target, trend over the last periods and a sparkline."""
    _report(ctx, "scorecard", output_format, output, period, at)


def knowledge_command(
    ctx: typer.Context,
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Every runbook and known-error article with its CIs and problems."""
    _report(ctx, "knowledge", output_format, output)
