"""`ccgov report ...`: Markdown, self-contained HTML, or JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import typer

from ccgov.cli.context import open_repository

report_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Reports: sla, changes, traceability, raci, baseline, site.",
)

OutputFormat = Literal["md", "html", "json"]
FORMAT_HELP = "md (renders on any git host), html (one self-contained file) or json."
OUTPUT_HELP = "Write to this file instead of standard output."
AT_HELP = (
    "Measure as of this ISO 8601 time (default: now). Still-open incidents are judged at that "
    "moment, so a report with --at and the recorded commit can be regenerated exactly."
)
PERIOD_HELP = "2026-Q1, 2026-03, 2026 or 2026-01-01..2026-03-31 (default: this quarter)."


def _emit(text: str, output: Path | None) -> None:
    from ccgov.store.yamlio import atomic_write

    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(output, text)
        typer.echo(f"wrote {output}", err=True)


def _render(
    root: Path, template: str, output_format: OutputFormat, data: Any, meta: Any, **context: Any
) -> str:
    from ccgov.report.render import render

    if output_format == "json":
        payload = data.to_json() if hasattr(data, "to_json") else data
        return json.dumps({"meta": meta.to_json(), template: payload}, indent=2, default=str) + "\n"
    return render(root, template, output_format, meta=meta, **context)


def _load(ctx: typer.Context) -> tuple[Path, Any]:
    repository = open_repository(ctx)
    return repository.root, repository


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
    _emit(
        _render(root, "raci", output_format, raci.to_json(matrices), info, matrices=matrices),
        output,
    )


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


@report_app.command("sla")
def sla_command(
    ctx: typer.Context,
    sla: str = typer.Option(None, "--sla", help="One SLA (default: all)."),
    period: str = typer.Option(None, "--period", help=PERIOD_HELP),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
) -> None:
    """Compliance by severity and month, breaches, change turnaround, availability, credits."""
    from ccgov.cli.options import parse_timestamp
    from ccgov.report import sla as sla_report
    from ccgov.report.meta import meta

    root, repository = _load(ctx)
    now = parse_timestamp(at, "--at") or datetime.now(UTC)
    chosen = _period(repository, period)
    sections = sla_report.build(repository, chosen, now, sla)
    info = meta(root, repository, datetime.now(UTC), as_of=now)
    payload = {"period": chosen.label, "slas": [s.to_json() for s in sections]}
    _emit(_render(root, "sla", output_format, payload, info, sections=sections), output)


SITE_PAGES = (
    (
        "sla.html",
        "SLA report",
        "Were the service levels met? Compliance, breaches, credits, turnaround.",
    ),
    (
        "changes.html",
        "Change report",
        "What changed, how fast it was approved, how often it failed.",
    ),
    (
        "traceability.html",
        "Traceability",
        "Which requirement is satisfied, implemented and verified.",
    ),
    ("raci.html", "RACI matrices", "Who does, decides, advises and is told, per process."),
    ("baseline.html", "Latest baseline", "What the system exactly was at the last snapshot."),
)


@report_app.command("site")
def site_command(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help="Directory to write the pages into."),
    period: str = typer.Option(None, "--period", help=PERIOD_HELP),
) -> None:
    """Every report as HTML plus an index page linking them."""
    from ccgov.baseline.operations import baselines
    from ccgov.report import baseline, changes, raci, traceability
    from ccgov.report import sla as sla_report
    from ccgov.report.meta import meta
    from ccgov.report.render import render
    from ccgov.store.yamlio import atomic_write

    root, repository = _load(ctx)
    now = datetime.now(UTC)
    chosen = _period(repository, period)
    latest = baselines(repository)[-1:] if repository.of("baseline") else []
    pages = [p for p in SITE_PAGES if p[0] != "baseline.html" or latest]
    links = [("Index", "index.html"), *((title, href) for href, title, _ in pages)]
    info = meta(root, repository, now, links)
    contents = {
        "sla.html": lambda: render(
            root, "sla", "html", meta=info, sections=sla_report.build(repository, chosen, now)
        ),
        "changes.html": lambda: render(
            root, "changes", "html", meta=info, report=changes.build(repository, chosen)
        ),
        "traceability.html": lambda: render(
            root, "traceability", "html", meta=info, report=traceability.build(repository)
        ),
        "raci.html": lambda: render(
            root, "raci", "html", meta=info, matrices=raci.build(repository)
        ),
        "baseline.html": lambda: render(
            root,
            "baseline",
            "html",
            meta=info,
            report=baseline.build(root, repository, latest[0].name),
        ),
    }
    target = output if output.is_absolute() else Path.cwd() / output
    for href, _title, _summary in pages:
        atomic_write(target / href, contents[href]())
    index = render(
        root,
        "site",
        "html",
        meta=info,
        pages=[{"href": h, "title": t, "summary": s} for h, t, s in pages],
    )
    atomic_write(target / "index.html", index)
    typer.echo(f"wrote {len(pages) + 1} pages to {target}", err=True)
