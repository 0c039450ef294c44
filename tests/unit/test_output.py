"""The CLI's formatters: durations, times and counts, written one way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ccgov.cli.output import counted, duration, when


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "-"),
        (0, "0m"),
        (0.2, "<1m"),
        (1, "1m"),
        (59.6, "1h"),
        (60, "1h"),
        (61, "1h 1m"),
        (24 * 60, "1d"),
        (2 * 24 * 60 + 3 * 60 + 10, "2d 3h 10m"),
        (2 * 24 * 60 + 10, "2d 10m"),
        (-95, "-1h 35m"),
        (timedelta(days=1, hours=1), "1d 1h"),
        (timedelta(seconds=90), "2m"),
    ],
)
def test_duration(value: float | timedelta | None, shown: str) -> None:
    assert duration(value) == shown


def test_when_is_local_to_the_second_and_reads_back() -> None:
    moment = datetime(2026, 3, 8, 8, 30, 5, 123456, tzinfo=UTC)
    chicago = ZoneInfo("America/Chicago")
    assert when(moment, chicago) == "2026-03-08 03:30:05-05:00"  # the day DST starts
    assert when(moment - timedelta(days=1), chicago) == "2026-03-07 02:30:05-06:00"
    assert datetime.fromisoformat(when(moment, chicago)) == moment.replace(microsecond=0)
    assert when("2026-03-08T08:30:05.5+00:00", chicago) == "2026-03-08 03:30:05-05:00"
    assert when(None) == "-"
    assert when("not a time") == "not a time"


@pytest.mark.parametrize(
    ("number", "noun", "shown"),
    [
        (0, "file", "0 files"),
        (1, "file", "1 file"),
        (2, "RFC", "2 RFCs"),
        (1, "CI", "1 CI"),
        (3, "entry", "3 entries"),
        (2, "day", "2 days"),
        (2, "match", "2 matches"),
        (2, "analysis", "2 analyses"),
    ],
)
def test_counted(number: int, noun: str, shown: str) -> None:
    plural = "analyses" if noun == "analysis" else None
    assert counted(number, noun, plural) == shown
