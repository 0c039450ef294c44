"""Every reference resolves: people, roles, records, calendars, artifacts,
catalog entries."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.records.kinds import KIND_BY_NAME, KindName
from ccgov.records.layout import artifact_problem
from ccgov.records.links import RECORD_REFS, Where, values
from ccgov.rules.base import REFERENCES, Context, finding, rule
from ccgov.store.loader import LoadedRecord


def _people_refs(kind: KindName, record: object) -> Iterator[tuple[Where, str]]:
    """(path, handle) for each person a record names."""
    fields: dict[KindName, tuple[str, ...]] = {
        "requirement": ("source", "owner"),
        "item": ("owner",),
        "change": ("requested_by", "implementer"),
        "sla": ("owner",),
        "incident": ("assignee",),
    }
    for name in fields.get(kind, ()):
        value = getattr(record, name)
        if value is not None:
            yield (name,), value
    # Only RFCs carry decisions (and asking pydantic for a missing attribute is slow).
    collections = ("approvals", "reviews", "tests", "history") if kind == "change" else ()
    for collection in collections:
        for index, entry in enumerate(getattr(record, collection)):
            yield (collection, index, "by"), entry.by
    reporting = getattr(record, "reporting", None) if kind == "sla" else None
    if reporting is not None:
        yield ("reporting", "owner"), reporting.owner


@rule(reads=())
def people_exist(context: Context) -> Iterator[Finding]:
    handles = {person.handle for person in context.config.people}
    for kind in ("requirement", "item", "change", "sla", "incident"):
        for loaded in context.of(kind):
            for path, handle in _people_refs(kind, loaded.record):
                if handle not in handles:
                    yield finding(
                        loaded,
                        "REF001",
                        f"{handle!r} is not a person in ccgov.yaml; add them under people:",
                        *path,
                    )


@rule(reads=())
def roles_exist(context: Context) -> Iterator[Finding]:
    roles = set(context.config.roles)
    config = context.config_record
    for index, person in enumerate(context.config.people):
        for role_index, role in enumerate(person.roles):
            if role not in roles:
                yield finding(
                    config, "REF002", _unknown_role(role), "people", index, "roles", role_index
                )
    for index, approval_rule in enumerate(context.config.policy.approvals):
        for part in ("require", "retrospective"):
            for need_index, need in enumerate(getattr(approval_rule, part)):
                if need.role not in roles:
                    yield finding(
                        config,
                        "REF002",
                        _unknown_role(need.role),
                        "policy",
                        "approvals",
                        index,
                        part,
                        need_index,
                        "role",
                    )
    for loaded in context.of("raci"):
        for activity_index, activity in enumerate(loaded.record.activities):
            for role in activity.raci:
                if role not in roles:
                    yield finding(
                        loaded,
                        "REF002",
                        _unknown_role(role),
                        "activities",
                        activity_index,
                        "raci",
                        role,
                        key=True,
                    )
    for loaded in context.of("change"):
        for part in ("approvals", "reviews"):
            for index, entry in enumerate(getattr(loaded.record, part)):
                if entry.role not in roles:
                    yield finding(loaded, "REF002", _unknown_role(entry.role), part, index, "role")
    handles = {person.handle for person in context.config.people}
    for loaded in context.of("sla"):
        for severity, terms in loaded.record.severities.items():
            for step_index, step in enumerate(terms.escalation):
                for who_index, who in enumerate(step.notify):
                    if who not in roles and who not in handles:
                        yield finding(
                            loaded,
                            "REF002",
                            f"{who!r} is neither a role nor a person in ccgov.yaml",
                            "severities",
                            severity,
                            "escalation",
                            step_index,
                            "notify",
                            who_index,
                        )
        if loaded.record.reporting is not None:
            for index, role in enumerate(loaded.record.reporting.audience):
                if role not in roles:
                    yield finding(
                        loaded, "REF002", _unknown_role(role), "reporting", "audience", index
                    )


def _unknown_role(role: str) -> str:
    return f"role {role!r} is not declared in ccgov.yaml roles"


@rule(reads=(REFERENCES,))
def records_exist(context: Context) -> Iterator[Finding]:
    for kind, field, expected in RECORD_REFS:
        for loaded in context.of(kind):
            for path, target in values(loaded.record, field):
                yield from _check_target(context, loaded, path, target, expected)
    for loaded in context.of("sla"):
        for index, availability in enumerate(loaded.record.availability):
            yield from _check_target(
                context, loaded, ("availability", index, "item"), availability.item, "item"
            )


def _check_target(
    context: Context, loaded: LoadedRecord, path: Where, target: str, expected: KindName
) -> Iterator[Finding]:
    title = KIND_BY_NAME[expected].title.lower()
    found = context.kind_of(target)
    if found is None and target in context.unloaded:
        return  # the target's file exists but is invalid; its own findings say why
    if found is None:
        yield finding(loaded, "REF003", f"{target} does not exist (expected a {title})", *path)
    elif found.name != expected:
        yield finding(
            loaded,
            "REF007",
            f"{target} is a {found.title.lower()}, but a {title} is expected here",
            *path,
        )


@rule(reads=(REFERENCES,))
def previous_baselines_exist(context: Context) -> Iterator[Finding]:
    for loaded in context.of("baseline"):
        previous = loaded.record.previous
        if (
            previous is not None
            and context.kind_of(f"baseline:{previous}") is None
            and previous not in context.unloaded
        ):
            yield finding(
                loaded,
                "REF003",
                f"the previous baseline {previous!r} does not exist (its manifest was removed?)",
                "previous",
            )


@rule(reads=())
def calendars_exist(context: Context) -> Iterator[Finding]:
    for loaded in context.of("sla"):
        calendar = loaded.record.calendar
        if calendar is not None and calendar not in context.config.calendars:
            known = ", ".join(context.config.calendars) or "none defined"
            yield finding(
                loaded,
                "REF004",
                f"calendar {calendar!r} is not defined in ccgov.yaml calendars ({known})",
                "calendar",
            )


@rule(reads=(REFERENCES,))
def artifacts_exist(context: Context) -> Iterator[Finding]:
    root = context.root.resolve()
    for loaded in context.of("item"):
        artifact = loaded.record.artifact
        if artifact is None:
            continue
        problem = artifact_problem(root, artifact)
        if problem:
            yield finding(loaded, "REF005", problem, "artifact")


@rule(reads=())
def catalog_entries_exist(context: Context) -> Iterator[Finding]:
    entries = {entry.id: entry for entry in context.config.catalog}
    for loaded in context.of("change"):
        name = loaded.record.catalog_entry
        if name is not None and name not in entries:
            yield finding(
                loaded,
                "REF006",
                f"catalog entry {name!r} is not in ccgov.yaml catalog",
                "catalog_entry",
            )
