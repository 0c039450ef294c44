"""Options and argument parsing shared by every command group: timestamps,
output formats and their help texts, in one place."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

AT_HELP = "As of this ISO 8601 time with zone (default: now)."
TIME_HELP = "An ISO 8601 time with zone, e.g. 2026-03-01T22:00:00-06:00."
COMMIT_HELP = "Stage the change but do not commit (for branch / pull-request workflows)."
FORMAT_HELP = "text for people (a table on a terminal, tab-separated rows when piped) or json."


def now() -> datetime:
    """The moment a command runs, in UTC (commands convert for display)."""
    return datetime.now(UTC)


def parse_timestamp(text: str | None, option: str) -> datetime | None:
    """An ISO 8601 option value with a time zone, inside the supported range."""
    from ccgov.errors import UsageError
    from ccgov.records.base import check_moment

    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{option}: {text!r} is not an ISO 8601 timestamp, e.g. 2026-03-01T22:00:00-06:00"
        ) from None
    if value.tzinfo is None:
        raise UsageError(
            f"{option}: {text!r} has no time zone; add one, e.g. {text}Z or {text}-06:00"
        )
    try:
        return check_moment(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


_ID_METAVARS = {
    "change": "RFC-ID",
    "requirement": "REQ-ID",
    "incident": "INC-ID",
    "item": "CI-ID",
    "demand": "DEM-ID",
    "plan": "PLAN-ID",
    "risk": "RISK-ID",
    "problem": "PRB-ID",
}


def record_id(kind: str | None, help: str | None = None) -> Any:
    """A required record-id argument (``RFC-ID``; ``RECORD-ID`` for any kind)
    that tab completion fills from the ids in the repository."""
    import typer

    return typer.Argument(
        ...,
        metavar=_ID_METAVARS.get(kind or "", "RECORD-ID"),
        help=help,
        autocompletion=_complete_ids(kind),
        show_default=False,
    )


def _complete_ids(kind: str | None) -> Callable[..., list[str]]:
    def complete(ctx: Any, incomplete: str) -> list[str]:
        # Runs only when a shell asks for completions: the imports stay here.
        from pathlib import Path

        from ccgov.errors import CcgovError
        from ccgov.records.kinds import KINDS
        from ccgov.store.repo import find_root

        directory = ctx.find_root().params.get("directory")
        try:
            root = find_root(Path(directory) if directory else Path.cwd())
        except CcgovError:
            return []
        folders = [k.directory for k in KINDS if kind is None or k.name == kind]
        found = {p.stem for folder in folders for p in (root / folder).glob("*.yaml")}
        return sorted(i for i in found if i.startswith(incomplete))

    return complete
