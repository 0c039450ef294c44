"""RACI matrices: exactly one Accountable and at least one Responsible."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.rules.base import Context, finding, rule


@rule(reads=())
def raci_assignments(context: Context) -> Iterator[Finding]:
    for loaded in context.of("raci"):
        for index, activity in enumerate(loaded.record.activities):
            for role, letters in activity.raci.items():
                if len(set(letters)) != len(letters):
                    yield finding(
                        loaded,
                        "RACI003",
                        f"{role}: {letters!r} repeats a letter; each of R, A, C, I at most once",
                        "activities",
                        index,
                        "raci",
                        role,
                    )
            accountable = [role for role, letters in activity.raci.items() if "A" in letters]
            if len(accountable) != 1:
                found = ", ".join(accountable) if accountable else "none"
                yield finding(
                    loaded,
                    "RACI001",
                    f"activity {activity.name!r} needs exactly one A (accountable role); "
                    f"found {found}",
                    "activities",
                    index,
                    "name",
                )
            if not any("R" in letters for letters in activity.raci.values()):
                yield finding(
                    loaded,
                    "RACI002",
                    f"activity {activity.name!r} has no R: name the role that does the work",
                    "activities",
                    index,
                    "name",
                )
