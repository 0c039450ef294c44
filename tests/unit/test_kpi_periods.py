"""KPI periods: weeks (ISO), months and quarters, and the days they cover."""

from __future__ import annotations

from datetime import date

import pytest

from ccgov.records.kpi import first_day, following, frequency_of, label_of, last_day


@pytest.mark.parametrize(
    ("label", "frequency", "first", "last", "after"),
    [
        ("2026-03", "monthly", date(2026, 3, 1), date(2026, 3, 31), "2026-04"),
        ("2026-12", "monthly", date(2026, 12, 1), date(2026, 12, 31), "2027-01"),
        ("2024-02", "monthly", date(2024, 2, 1), date(2024, 2, 29), "2024-03"),
        ("2026-Q4", "quarterly", date(2026, 10, 1), date(2026, 12, 31), "2027-Q1"),
        # ISO week 1 of 2026 starts on Monday 29 December 2025; 2026 has 53 weeks.
        ("2026-W01", "weekly", date(2025, 12, 29), date(2026, 1, 4), "2026-W02"),
        ("2026-W53", "weekly", date(2026, 12, 28), date(2027, 1, 3), "2027-W01"),
    ],
)
def test_periods(label: str, frequency: str, first: date, last: date, after: str) -> None:
    assert frequency_of(label) == frequency
    assert (first_day(label), last_day(label), following(label)) == (first, last, after)
    assert label_of(first, frequency) == label_of(last, frequency) == label  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2025-W53", "2026-W00", "March", "2026"])
def test_not_periods(text: str) -> None:
    # 2025 has 52 ISO weeks: 28 December 2025 is in week 52.
    assert frequency_of(text) is None
