"""`ccgov report roadmap` and `ccgov report risks`: registered on the report
group (cli/app.py); both come from the report registry, like every report."""

from __future__ import annotations

from pathlib import Path

import typer

from ccgov.cli.report import AT_HELP, FORMAT_HELP, OUTPUT_HELP, OutputFormat, _report


def roadmap_command(
    ctx: typer.Context,
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
) -> None:
    """Each plan as quarters by objectives, with the demands, requirements and RFCs and their state."""
    _report(ctx, "roadmap", output_format, output, at=at)


def risks_command(
    ctx: typer.Context,
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
) -> None:
    """The risk register with a probability x impact heat map against the tolerance."""
    _report(ctx, "risks", output_format, output, at=at)
