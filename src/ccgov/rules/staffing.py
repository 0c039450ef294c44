"""RACI staffing: every role that is Accountable or Responsible for an
activity is held by at least one active person."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.rules.base import Context, finding, rule


# People and roles are in ccgov.yaml.
@rule(reads=(), about=("raci",))
def raci_roles_staffed(context: Context) -> Iterator[Finding]:
    held = {role for person in context.config.people if person.active for role in person.roles}
    declared = set(context.config.roles)
    for loaded in context.of("raci"):
        for index, activity in enumerate(loaded.record.activities):
            for role, letters in activity.raci.items():
                if role not in declared or role in held:
                    continue  # an undeclared role is REF002
                duties = "".join(letter for letter in letters if letter in "AR")
                if duties:
                    yield finding(
                        loaded,
                        "RACI004",
                        f"role {role!r} is {duties} for {activity.name!r}, but no active person "
                        "in ccgov.yaml holds it",
                        "activities",
                        index,
                        "raci",
                        role,
                    )
