"""Which test result decides whether an RFC may be implemented: the latest
one. A failure after a pass blocks; shared by ``rfc implement`` and RFC003."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ccgov.records.change import TestResult


def latest_test(tests: Sequence[TestResult], before: datetime | None = None) -> TestResult | None:
    """The test recorded last (by time; the later entry of two at the same
    instant), only counting those at or before ``before`` when given."""
    latest: TestResult | None = None
    for test in tests:
        if before is not None and test.at > before:
            continue
        if latest is None or test.at >= latest.at:
            latest = test
    return latest
