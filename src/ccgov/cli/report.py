"""`ccgov report ...`: Markdown, self-contained HTML, or JSON; every report
comes from the one registry (`ccgov.report.registry.REPORTS`), and so does
the site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from ccgov.cli.context import open_repository
from ccgov.cli.options import now, parse_timestamp

if TYPE_CHECKING:
    from ccgov.report.meta import Meta
    from ccgov.report.registry import Built, ReportKind, Request
    from ccgov.store.repo import Repository

report_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Reports: sla, changes, schedule, lifecycle, routines, traceability, raci, baseline, and "
    "the site with all of them.",
)

OutputFormat = Literal["md", "html", "json"]
FORMAT_HELP = "md (renders on any git host), html (one self-contained file) or json."
OUTPUT_HELP = "Write to this file instead of standard output."
AT_HELP = (
    "Measure as of this ISO 8601 time (default: now). Still-open incidents are judged at that "
    "moment, so a report with --at and the recorded commit can be regenerated exactly."
)
PERIOD_HELP = (
    "2026-Q1, 2026-03, 2026 or 2026-01-01..2026-03-31 (default: the latest quarter with data)."
)


def _emit(text: str, output: Path | None) -> None:
    from ccgov.cli.output import safe
    from ccgov.store.yamlio import atomic_write

    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(output, text)
        typer.echo(f"wrote {safe(output)}", err=True)


def _request(
    repository: Repository,
    kinds: list[ReportKind],
    period: str | None,
    at: str | None,
    *,
    sla: str | None = None,
    baseline: str | None = None,
) -> tuple[Request, str]:
    """What the report is asked for, and how its period was chosen."""
    from ccgov.report.registry import Request, choose_period

    moment = parse_timestamp(at, "--at") or now()
    chosen = choose_period(repository, period, today=now().date(), kinds=kinds)
    note = f"{chosen.period.label}, {chosen.note}"
    return Request(chosen.period, moment, sla=sla, baseline=baseline), note


def _meta(
    repository: Repository,
    request: Request,
    period_note: str,
    links: list[tuple[str, str]] | None = None,
) -> Meta:
    from ccgov.report.meta import meta

    return meta(repository.root, repository, now(), links, as_of=request.now, period=period_note)


def _render(built: Built, output_format: OutputFormat, info: Meta, repository: Repository) -> str:
    if output_format == "json":
        document = {"meta": info.to_json(), built.name: built.to_json()}
        return json.dumps(document, indent=2, default=str) + "\n"
    from ccgov.report.render import render  # Jinja: for Markdown and HTML only

    return render(repository.root, built.name, output_format, meta=info, **built.context)


def _report(
    ctx: typer.Context,
    name: str,
    output_format: OutputFormat,
    output: Path | None,
    period: str | None = None,
    at: str | None = None,
    *,
    sla: str | None = None,
    baseline: str | None = None,
) -> None:
    from ccgov.report.registry import REPORTS

    repository = open_repository(ctx)
    kind = REPORTS[name]
    request, note = _request(repository, [kind], period, at, sla=sla, baseline=baseline)
    built = kind.build(repository, request)
    info = _meta(repository, request, note if kind.periodic else "")
    _emit(_render(built, output_format, info, repository), output)


@report_app.command("changes")
def changes_command(
    ctx: typer.Context,
    period: str = typer.Option(None, "--period", help=PERIOD_HELP),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """RFC register, approval lead time, emergency share, success rate, changes that caused incidents."""
    _report(ctx, "changes", output_format, output, period)


@report_app.command("traceability")
def traceability_command(
    ctx: typer.Context,
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Requirement -> CIs -> RFCs -> verification, with gaps."""
    _report(ctx, "traceability", output_format, output)


@report_app.command("raci")
def raci_command(
    ctx: typer.Context,
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Every RACI matrix."""
    _report(ctx, "raci", output_format, output)


@report_app.command("baseline")
def baseline_command(
    ctx: typer.Context,
    name: str = typer.Argument(None, help="The baseline to document (default: the latest)."),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Every CI of a baseline with version, hashes and owner, and the changes since the previous one."""
    _report(ctx, "baseline", output_format, output, baseline=name)


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
    _report(ctx, "sla", output_format, output, period, at, sla=sla)


@report_app.command("site")
def site_command(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help="Directory to write the pages into."),
    period: str = typer.Option(None, "--period", help=PERIOD_HELP),
) -> None:
    """Every report as HTML plus an index page linking them (all rendered before any is written)."""
    from ccgov.cli.output import counted, safe
    from ccgov.report.registry import site_reports
    from ccgov.report.render import render
    from ccgov.store.yamlio import atomic_write

    repository = open_repository(ctx)
    kinds = site_reports(repository)
    request, note = _request(repository, kinds, period, None)
    links = [("Index", "index.html"), *((kind.title, str(kind.page)) for kind in kinds)]
    info = _meta(repository, request, note, links=links)
    pages: dict[str, str] = {}
    for kind in kinds:
        built = kind.build(repository, request)
        pages[str(kind.page)] = render(
            repository.root, built.name, "html", meta=info, **built.context
        )
    from ccgov.report import dashboard

    pages["index.html"] = render(
        repository.root,
        "site",
        "html",
        meta=info,
        pages=[
            {"name": k.name, "href": k.page, "title": k.title, "summary": k.question} for k in kinds
        ],
        dashboard=dashboard.build(repository, request.period, request.now),
    )
    target = output if output.is_absolute() else Path.cwd() / output
    for href, text in pages.items():
        atomic_write(target / href, text)
    typer.echo(f"wrote {counted(len(pages), 'page')} to {safe(target)}", err=True)
