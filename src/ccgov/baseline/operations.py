"""Baseline use cases: snapshot, list, show (also as of a moment), diff, verify."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.baseline import manifest as manifests
from ccgov.baseline.state import ITEMS_DIR, ItemState, items_at
from ccgov.errors import RefusedError, UsageError
from ccgov.history.log import FieldChange, diff, implementing_rfcs
from ccgov.records.baseline import Baseline
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.store import git
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository, load_repository
from ccgov.store.yamlio import dump_for_edit
from ccgov.workflow.identity import actor
from ccgov.workflow.transaction import Mutation, apply_returning

BASELINES_DIR = KIND_BY_NAME["baseline"].directory
TAG_PREFIX = "baseline/"


def baselines(repository: Repository) -> list[Baseline]:
    """Every baseline manifest, oldest first."""
    return sorted((loaded.record for loaded in repository.of("baseline")), key=lambda b: b.created)


def find_baseline(repository: Repository, name: str) -> LoadedRecord:
    for loaded in repository.of("baseline"):
        if loaded.record.name == name:
            return loaded
    known = [b.name for b in baselines(repository)]
    raise RefusedError(
        f"there is no baseline {name!r}",
        hint=f"known baselines: {', '.join(known)}"
        if known
        else "take one: ccgov baseline snapshot",
    )


# --- snapshot ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    name: str
    commit: str | None
    tag: str | None
    items: int
    changes: list[str]
    notes: list[str] = field(default_factory=list)


def implemented_since(root: Path, base: str | None, head: str) -> list[str]:
    """RFC ids that `rfc implement` commits in base..head carry, in order."""
    found: list[str] = []
    for info in git.commits_between(root, base, head):
        if info.trailers.get("Ccgov-Action") == ["implement"]:
            found += [r for r in info.trailers.get("Ccgov-Record", []) if r not in found]
    return found


NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def check_name(name: str) -> str:
    """A baseline name is a slug: it names a file in baselines/ and a git tag."""
    if not NAME_PATTERN.match(name):
        raise UsageError(
            f"{name!r} is not a baseline name",
            hint="use lower-case letters, digits, - and _ (up to 64), e.g. 2026-q1-close",
        )
    return name


def snapshot(
    root: Path,
    *,
    now: datetime,
    name: str | None = None,
    message: str | None = None,
    commit: bool = True,
) -> Snapshot:
    """Describe every CI at HEAD in a manifest, commit it and tag it.

    Runs inside the transaction (under its lock): HEAD, cleanliness and
    validity are read there, so no other ccgov command can commit between
    what the manifest describes and the commit that records it.
    """
    if name is not None:
        check_name(name)
    if not git.has_commits(root):
        raise RefusedError("the repository has no commits to baseline")
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> tuple[Mutation, Snapshot]:
        assert repository.config is not None
        person = actor(repository.config, email)
        head = git.resolve(root, "HEAD")
        assert head is not None
        existing = {b.name for b in baselines(repository)}
        today = now.astimezone(ZoneInfo(repository.config.timezone)).date().isoformat()
        chosen = name or manifests.default_name(today, existing)
        if chosen in existing:
            raise RefusedError(f"baseline {chosen!r} already exists", hint="choose another name")
        if git.tag_target(root, TAG_PREFIX + chosen):
            raise RefusedError(
                f"the tag {TAG_PREFIX}{chosen} already exists", hint="choose another name"
            )
        previous = baselines(repository)[-1] if existing else None
        items = items_at(root, head)
        changes = implemented_since(root, previous.commit if previous else None, head)
        data = manifests.build(
            name=chosen,
            created=now.astimezone(ZoneInfo(repository.config.timezone)).replace(microsecond=0),
            author=person.handle,
            commit=head,
            previous=previous.name if previous else None,
            message=message,
            items=items,
            changes=changes,
        )
        tag = TAG_PREFIX + chosen
        mutation = Mutation(
            "baseline",
            chosen,
            "snapshot",
            {f"{BASELINES_DIR}/{chosen}.yaml": dump_for_edit(data).encode("utf-8")},
            tag=(tag, f"ccgov baseline {chosen}\n\nDescribes commit {head}."),
        )
        return mutation, Snapshot(chosen, None, tag if commit else None, len(items), changes)

    applied = apply_returning(root, build, commit=commit, require_clean=True)
    made = applied.result
    return Snapshot(made.name, applied.commit, made.tag, made.items, made.changes, applied.notes)


# --- resolving "A" and "B" --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    """A moment the system can be described at: a label and the commit that holds it."""

    label: str
    commit: str


def parse_moment(text: str, timezone: str) -> datetime | None:
    """A timestamp (which must carry a zone) or a bare date, which means the
    end of that day in the repository's time zone; None if it is neither."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        if len(text) <= 10:
            return datetime.combine(moment.date(), time.max, ZoneInfo(timezone))
        raise UsageError(f"{text!r} has no time zone; add one, e.g. {text}Z")
    return moment


def _timezone(repository: Repository) -> str:
    return repository.config.timezone if repository.config else "UTC"


def point_at(root: Path, repository: Repository, text: str) -> Point:
    """The commit that held the documented state at a moment."""
    moment = parse_moment(text, _timezone(repository))
    if moment is None:
        raise UsageError(
            f"{text!r} is not a date or an ISO 8601 timestamp",
            hint="e.g. 2026-03-01 or 2026-03-01T09:00:00Z",
        )
    commit = git.commit_before(root, moment)
    if commit is None:
        raise RefusedError(
            f"{text} is before the repository's first commit: nothing was documented then"
        )
    return Point(f"as of {moment.isoformat()}", commit)


def resolve_point(root: Path, repository: Repository, spec: str) -> Point:
    """A baseline name, a date or timestamp, or a git revision such as HEAD."""
    for loaded in repository.of("baseline"):
        if loaded.record.name == spec:
            return Point(f"baseline {spec}", loaded.record.commit)
    if parse_moment(spec, _timezone(repository)) is not None:
        return point_at(root, repository, spec)
    commit = git.resolve(root, spec)
    if commit is None:
        known = ", ".join(b.name for b in baselines(repository)) or "none yet"
        raise RefusedError(
            f"{spec!r} is not a baseline, a date or a git revision", hint=f"baselines: {known}"
        )
    return Point(spec, commit)


def state_at(root: Path, moment: str) -> tuple[Point, dict[str, ItemState]]:
    """Every CI as it was at ``moment``, from git history (not from a manifest)."""
    point = point_at(root, load_repository(root), moment)
    return point, items_at(root, point.commit)


# --- diff --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attribution:
    commit: str
    author: str
    date: str
    subject: str
    rfcs: list[str]

    @property
    def authorised(self) -> bool:
        return bool(self.rfcs)


@dataclass(slots=True)
class ItemChange:
    id: str
    kind: str  # added, removed, changed, renamed
    name: str
    fields: list[FieldChange] = field(default_factory=list)
    renamed_from: str | None = None
    commits: list[Attribution] = field(default_factory=list)

    @property
    def rfcs(self) -> list[str]:
        return sorted({r for c in self.commits for r in c.rfcs})

    @property
    def unauthorised(self) -> list[Attribution]:
        return [c for c in self.commits if not c.authorised]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "change": self.kind,
            "name": self.name,
            "renamed_from": self.renamed_from,
            "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in self.fields],
            "rfcs": self.rfcs,
            "commits": [
                {
                    "commit": c.commit,
                    "author": c.author,
                    "date": c.date,
                    "subject": c.subject,
                    "rfcs": c.rfcs,
                    "authorised": c.authorised,
                }
                for c in self.commits
            ],
        }


@dataclass(frozen=True, slots=True)
class BaselineDiff:
    old: Point
    new: Point
    changes: list[ItemChange]

    @property
    def unauthorised(self) -> list[ItemChange]:
        return [c for c in self.changes if c.unauthorised]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": {"label": self.old.label, "commit": self.old.commit},
            "to": {"label": self.new.label, "commit": self.new.commit},
            "changes": [c.to_json() for c in self.changes],
            "unauthorised": [c.id for c in self.unauthorised],
        }


def _item_fields(old: ItemState, new: ItemState) -> list[FieldChange]:
    fields = diff(old.data, new.data)
    if old.artifact_sha256 != new.artifact_sha256:
        fields.append(FieldChange("artifact sha256", old.artifact_sha256, new.artifact_sha256))
    return fields


def _attribute(root: Path, old: Point, new: Point, change: ItemChange, paths: list[str]) -> None:
    for info in git.commits_between(root, old.commit, new.commit, paths):
        change.commits.append(
            Attribution(
                info.sha,
                f"{info.author_name} <{info.author_email}>",
                info.authored.isoformat(),
                info.subject,
                implementing_rfcs(root, info, change.id),
            )
        )


def compare(root: Path, old_spec: str, new_spec: str) -> BaselineDiff:
    repository = load_repository(root)
    old = resolve_point(root, repository, old_spec)
    new = resolve_point(root, repository, new_spec)
    before, after = items_at(root, old.commit), items_at(root, new.commit)
    changes: list[ItemChange] = []
    removed = {i: s for i, s in before.items() if i not in after}
    for item_id in sorted(after):
        state = after[item_id]
        if item_id in before:
            fields = _item_fields(before[item_id], state)
            if fields:
                changes.append(ItemChange(item_id, "changed", state.item.name, fields))
            continue
        twin = next((i for i, s in removed.items() if s.item.name == state.item.name), None)
        if twin is not None:
            del removed[twin]
            changes.append(
                ItemChange(
                    item_id,
                    "renamed",
                    state.item.name,
                    _item_fields(before[twin], state),
                    renamed_from=twin,
                )
            )
        else:
            changes.append(ItemChange(item_id, "added", state.item.name))
    changes += [ItemChange(i, "removed", s.item.name) for i, s in sorted(removed.items())]
    for change in changes:
        states = [
            s
            for s in (
                before.get(change.id),
                after.get(change.id),
                before.get(change.renamed_from or ""),
            )
            if s is not None
        ]
        paths = {f"{ITEMS_DIR}/{change.id}.yaml"}
        if change.renamed_from:
            paths.add(f"{ITEMS_DIR}/{change.renamed_from}.yaml")
        paths |= {s.item.artifact for s in states if s.item.artifact}
        _attribute(root, old, new, change, sorted(paths))
    return BaselineDiff(old, new, changes)


# --- verify ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verification:
    name: str
    problems: list[str]


def verify(root: Path, name: str | None = None) -> list[Verification]:
    """Tamper evidence: tags, manifests and hashes still agree with git."""
    repository = load_repository(root)
    names = [name] if name else [b.name for b in baselines(repository)]
    if name is None and not names:
        raise RefusedError(
            "there are no baselines to verify", hint="take one: ccgov baseline snapshot"
        )
    results = []
    for baseline_name in names:
        loaded = find_baseline(repository, baseline_name)
        results.append(Verification(baseline_name, _problems(root, loaded)))
    return results


def _problems(root: Path, loaded: LoadedRecord) -> list[str]:
    baseline: Baseline = loaded.record
    tag = TAG_PREFIX + baseline.name
    problems: list[str] = []
    tagged = git.tag_target(root, tag)
    if tagged is None:
        problems.append(
            f"the tag {tag} is missing (deleted?); the manifest cannot be tied to history"
        )
    else:
        at_tag = git.file_at(root, tagged, loaded.path)
        if at_tag is None:
            problems.append(
                f"the tag {tag} points at {tagged[:12]}, which has no {loaded.path}: "
                "the tag was moved"
            )
        elif at_tag != (root / loaded.path).read_bytes():
            problems.append(
                f"{loaded.path} differs from the version tagged {tag}: the manifest was "
                "edited after the snapshot"
            )
        if git.parent(root, tagged) != baseline.commit:
            problems.append(
                f"the tag {tag} no longer sits on the snapshot of commit "
                f"{baseline.commit[:12]}: the tag was moved"
            )
    if git.resolve(root, baseline.commit) is None:
        problems.append(
            f"commit {baseline.commit[:12]} is not in the repository (history rewritten?)"
        )
        return problems
    actual = items_at(root, baseline.commit)
    recorded = {item.id: item for item in baseline.items}
    for item_id in sorted(set(recorded) | set(actual)):
        entry, state = recorded.get(item_id), actual.get(item_id)
        if entry is None:
            problems.append(
                f"{item_id} exists at {baseline.commit[:12]} but is not in the manifest"
            )
        elif state is None:
            problems.append(f"{item_id} is in the manifest but not at {baseline.commit[:12]}")
        else:
            if entry.version != state.item.version:
                problems.append(
                    f"{item_id}: manifest says version {entry.version}, the record says "
                    f"{state.item.version}"
                )
            if entry.record_sha256 != state.record_sha256:
                problems.append(f"{item_id}: record hash does not match")
            if entry.artifact_sha256 != state.artifact_sha256:
                problems.append(f"{item_id}: artifact {entry.artifact or ''} hash does not match")
    return problems
