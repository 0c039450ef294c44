"""`ccgov report schedule|lifecycle|routines`: the forward-looking reports of
working together. Registered on `ccgov report` by cli/app.py; built through
the one report registry, like every report and the site."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from ccgov.cli.context import open_repository
from ccgov.cli.report import FORMAT_HELP, OUTPUT_HELP, OutputFormat

if TYPE_CHECKING:
    from ccgov.store.repo import Repository

MOMENT_HELP = "YYYY-MM-DD (local midnight) or an ISO 8601 time with zone"


def _moment(repository: Repository, text: str | None, option: str, *, end: bool) -> datetime | None:
    """A date (its local midnight; the day after it for an inclusive --to) or a timestamp."""
    from datetime import date, time, timedelta
    from zoneinfo import ZoneInfo

    from ccgov.cli.options import parse_timestamp

    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return parse_timestamp(text, option)
    zone = ZoneInfo(repository.config.timezone if repository.config else "UTC")
    return datetime.combine(day + timedelta(days=1 if end else 0), time(), zone)


def _run(
    ctx: typer.Context,
    name: str,
    output_format: str,
    output: Path | None,
    *,
    start: str | None = None,
    end: str | None = None,
    within_days: int | None = None,
) -> None:
    import dataclasses

    from ccgov.cli.options import now
    from ccgov.cli.report import _emit, _meta, _render, _request
    from ccgov.report.registry import REPORTS

    repository = open_repository(ctx)
    kind = REPORTS[name]
    request, _ = _request(repository, [kind], None, None)
    request = dataclasses.replace(
        request,
        start=_moment(repository, start, "--from", end=False),
        end=_moment(repository, end, "--to", end=True),
        within_days=within_days,
    )
    built = kind.build(repository, request)
    if output_format == "ics":
        from ccgov.report.schedule import to_ics

        _emit(to_ics(built.context["schedule"], now()), output)
        return
    info = _meta(repository, request, "")
    _emit(_render(built, output_format, info, repository), output)  # type: ignore[arg-type]


def schedule_command(
    ctx: typer.Context,
    start: str = typer.Option(None, "--from", help=f"Start: {MOMENT_HELP} (default: now)."),
    end: str = typer.Option(
        None, "--to", help=f"End, inclusive: {MOMENT_HELP} (default: 4 weeks on)."
    ),
    output_format: Literal["md", "html", "json", "ics"] = typer.Option(
        "md", "--format", help=FORMAT_HELP + " Or ics: an iCalendar feed to subscribe to."
    ),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """The forward schedule of change: approved windows, booked slots, proposed
    windows, blackouts, meetings and routines' expected occurrences."""
    _run(ctx, "schedule", output_format, output, start=start, end=end)


def lifecycle_command(
    ctx: typer.Context,
    within: str = typer.Option("12mo", "--within", help="How far ahead: 12mo, 1y, 26w, 90d."),
    at: str = typer.Option(None, "--at", help=f"As of: {MOMENT_HELP} (default: now)."),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Configuration items approaching (or past) the end of vendor support."""
    from ccgov.report.lifecycle import parse_within

    days = parse_within(within)
    _run(ctx, "lifecycle", output_format, output, start=at, within_days=days)


def routines_command(
    ctx: typer.Context,
    at: str = typer.Option(None, "--at", help=f"As of: {MOMENT_HELP} (default: now)."),
    output_format: OutputFormat = typer.Option("md", "--format", help=FORMAT_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Routines overdue and coming up, and the open action items."""
    _run(ctx, "routines", output_format, output, start=at)
