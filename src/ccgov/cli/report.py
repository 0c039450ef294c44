"""`ccgov report ...`: Markdown, self-contained HTML, or JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import typer

from ccgov.cli.context import repository_root

report_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                         help="Reports: sla, changes, traceability, raci, baseline, site.")

OutputFormat = Literal["md", "html", "json"]
FORMAT_HELP = "md (renders on any git host), html (one self-contained file) or json."
OUTPUT_HELP = "Write to this file instead of standard output."
PERIOD_HELP = "2026-Q1, 2026-03, 2026 or 2026-01-01..2026-03-31 (default: this quarter)."


def _emit(text: str, output: Path | None) -> None:
    from ccgov.store.yamlio import atomic_write

    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(output, text)
        typer.echo(f"wrote {output}", err=True)


def _render(root: Path, template: str, output_format: OutputFormat, data: Any, meta: Any,
            **context: Any) -> str:
    from ccgov.report.render import render

    if output_format == "json":
        payload = data.to_json() if hasattr(data, "to_json") else data
        return json.dumps({"meta": meta.to_json(), template: payload}, indent=2, default=str) + "\n"
    return render(root, template, output_format, meta=meta, **context)


def _load(ctx: typer.Context) -> tuple[Path, Any]:
    from ccgov.store.repo import load_repository

    root = repository_root(ctx)
    return root, load_repository(root)


def _period(repository: Any, text: str | None) -> Any:
    from ccgov.report.period import parse_period

    timezone = repository.config.timezone if repository.config else "UTC"
    return parse_period(text, timezone, today=datetime.now(UTC).date())


@report_app.command("changes")
def changes_command(
    ctx: typer.Context,
    period: str = typer.Option(None, "--period", help=PERIOD_HELP),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """RFC register, approval lead time, emergency share, success rate, changes that caused incidents."""
    from ccgov.report import changes
    from ccgov.report.meta import meta

    root, repository = _load(ctx)
    report = changes.build(repository, _period(repository, period))
    info = meta(root, repository, datetime.now(UTC))
    _emit(_render(root, "changes", output_format, report, info, report=report), output)


@report_app.command("traceability")
def traceability_command(
    ctx: typer.Context,
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Requirement -> CIs -> RFCs -> verification, with gaps."""
    from ccgov.report import traceability
    from ccgov.report.meta import meta

    root, repository = _load(ctx)
    report = traceability.build(repository)
    info = meta(root, repository, datetime.now(UTC))
    _emit(_render(root, "traceability", output_format, report, info, report=report), output)


@report_app.command("raci")
def raci_command(
    ctx: typer.Context,
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Every RACI matrix."""
    from ccgov.report import raci
    from ccgov.report.meta import meta

    root, repository = _load(ctx)
    matrices = raci.build(repository)
    info = meta(root, repository, datetime.now(UTC))
    _emit(_render(root, "raci", output_format, raci.to_json(matrices), info, matrices=matrices), output)


@report_app.command("baseline")
def baseline_command(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The baseline to document."),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Every CI of a baseline with version, hashes and owner, and the changes since the previous one."""
    from ccgov.report import baseline
    from ccgov.report.meta import meta

    root, repository = _load(ctx)
    report = baseline.build(root, repository, name)
    info = meta(root, repository, datetime.now(UTC))
    _emit(_render(root, "baseline", output_format, report, info, report=report), output)
