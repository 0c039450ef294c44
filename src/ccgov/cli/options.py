"""Options and argument parsing shared by every command group: timestamps,
output formats and their help texts, in one place."""

from __future__ import annotations

from datetime import UTC, datetime

AT_HELP = "As of this ISO 8601 time with zone (default: now)."


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
