"""The version-in-force search: the last commit in history order whose commit
time is at or before a moment, whatever order the times are in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ccgov.sla.terms import last_at_or_before, suffix_minima


def test_hand_computed() -> None:
    # History order (oldest first); the third commit carries a skewed, earlier time.
    times = [5, 10, 50, 20, 60]
    assert suffix_minima(times) == [5, 10, 20, 20, 60]
    minima = suffix_minima(times)
    assert last_at_or_before(minima, 30) == 3  # 20 <= 30; 50 is not, but 20 comes later
    assert last_at_or_before(minima, 20) == 3  # at, not only before
    assert last_at_or_before(minima, 19) == 1
    assert last_at_or_before(minima, 4) == -1
    assert last_at_or_before(minima, 60) == 4
    # Equal times: the later commit wins.
    assert last_at_or_before(suffix_minima([7, 7, 7]), 7) == 2
    assert suffix_minima([]) == []


@given(st.lists(st.integers(0, 50), max_size=12), st.integers(-1, 51))
def test_matches_a_linear_search(times: list[int], moment: int) -> None:
    expected = max((i for i, t in enumerate(times) if t <= moment), default=-1)
    assert last_at_or_before(suffix_minima(times), moment) == expected
