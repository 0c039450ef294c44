"""Plans: objectives owned by both organisations, planned inside the horizon,
naming people, demands and requirements that exist."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.records.kinds import KindName
from ccgov.records.plan import Plan, quarter_bounds
from ccgov.rules import common
from ccgov.rules.base import REFERENCED, REFERENCES, Context, finding, rule

# Plans are built together: each objective has an owner on both sides.
BOTH_SIDES = ("it", "contact_center")


# The owners' organisations are in ccgov.yaml.
@rule(reads=(), about=("plan",))
def objectives_owned_jointly(context: Context) -> Iterator[Finding]:
    for loaded in context.of("plan"):
        for index, objective in enumerate(loaded.record.objectives):
            sides = {
                person.organisation
                for handle in objective.owners
                if (person := context.config.person(handle)) is not None
            }
            lacking = [side for side in BOTH_SIDES if side not in sides]
            if lacking and all(context.config.person(h) for h in objective.owners):
                yield finding(
                    loaded,
                    "PLAN001",
                    f"objective {objective.id!r} has no owner from "
                    f"{' or '.join(s.replace('_', ' ') for s in lacking)}: plans are built "
                    "together, add an owner from each organisation",
                    "objectives",
                    index,
                    "owners",
                )


@rule(reads=(), about=("plan",))
def planned_within_horizon(context: Context) -> Iterator[Finding]:
    for loaded in context.of("plan"):
        plan: Plan = loaded.record
        for index, objective in enumerate(plan.objectives):
            for field in ("demands", "requirements"):
                for entry_index, entry in enumerate(getattr(objective, field)):
                    if entry.quarter is None:
                        continue
                    first, last = quarter_bounds(entry.quarter)
                    if last < plan.horizon.start or first > plan.horizon.end:
                        yield finding(
                            loaded,
                            "PLAN002",
                            f"{entry.id} is planned for {entry.quarter}, outside the horizon "
                            f"{plan.horizon.start} to {plan.horizon.end}",
                            "objectives",
                            index,
                            field,
                            entry_index,
                            "quarter",
                        )


# The status of the demands a plan names (records.links PLANNING_REFS).
@rule(reads=(REFERENCED,), about=("plan",))
def declined_demands_planned(context: Context) -> Iterator[Finding]:
    for loaded in context.of("plan"):
        if loaded.record.status == "closed":
            continue
        for index, objective in enumerate(loaded.record.objectives):
            for entry_index, entry in enumerate(objective.demands):
                resolved = context.resolve(entry.id)
                if resolved is None or resolved[0].name != "demand":
                    continue
                if resolved[1].record.status == "declined":
                    yield finding(
                        loaded,
                        "PLAN003",
                        f"{entry.id} was declined but is still planned under {objective.id!r}",
                        "objectives",
                        index,
                        "demands",
                        entry_index,
                        "id",
                    )


# People are in ccgov.yaml; the demands and requirements planned are
# references (records.links PLANNING_REFS).
@rule(reads=(REFERENCES,), about=("plan",))
def plan_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("plan"):
        plan: Plan = loaded.record
        for index, objective in enumerate(plan.objectives):
            for owner_index, owner in enumerate(objective.owners):
                yield from common.person(
                    context, loaded, owner, "objectives", index, "owners", owner_index
                )
            fields: tuple[tuple[str, KindName], ...] = (
                ("demands", "demand"),
                ("requirements", "requirement"),
            )
            for field, kind in fields:
                for entry_index, entry in enumerate(getattr(objective, field)):
                    yield from common.record(
                        context,
                        loaded,
                        entry.id,
                        kind,
                        "objectives",
                        index,
                        field,
                        entry_index,
                        "id",
                    )
        for index, review in enumerate(plan.reviews):
            yield from common.person(context, loaded, review.by, "reviews", index, "by")
            for attendee_index, attendee in enumerate(review.attendees):
                yield from common.person(
                    context, loaded, attendee, "reviews", index, "attendees", attendee_index
                )
