"""Each rule declares what it reads (``@rule(reads=...)``); the engine re-runs
it only on the records a change can affect through what it reads. A wrong
declaration would leave a stale verdict behind: here every rule's verdict in
the index, kept up to date incrementally through random edits aimed at what
rules read, must equal that rule run from scratch."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccgov.findings import Finding
from ccgov.rules import (
    RULES,
    actions,
    base,
    demand,
    duties,
    engine,
    incident_log,
    knowledge,
    kpis,
    links,
    meetings,
    plans,
    problems,
    risks,
    routines,
    vendors,
)
from ccgov.rules.base import READS, RepositoryContext, Rule, rule_name
from ccgov.rules.engine import NO_RULES
from ccgov.rules.references import records_exist
from ccgov.store.files import git_dir
from ccgov.store.index import RecordIndex, decode_findings, index_path
from ccgov.store.repo import load_repository
from ccgov.validation.validate import validate
from helpers import EXAMPLE, git

Verdicts = dict[str, list[Finding]]


def incremental_verdicts(root: Path) -> Verdicts:
    """Each rule's findings as the index holds them after an incremental run."""
    validate(root)
    path = index_path(git_dir(root), root)
    assert path is not None
    index = RecordIndex(path)
    found: Verdicts = {}
    for rule, text in index.db.execute("SELECT rule, findings FROM verdicts"):
        found.setdefault(rule, []).extend(decode_findings(text))
    index.close()
    return {rule: sorted(findings) for rule, findings in found.items() if rule != NO_RULES}


def scratch_verdicts(root: Path) -> Verdicts:
    """Each rule run on its own over the repository loaded from scratch."""
    repository = load_repository(root)
    if repository.config is None:
        return {}
    found: Verdicts = {}
    for rule in RULES:
        findings = sorted(rule(RepositoryContext(repository)))
        if findings:
            found[rule_name(rule)] = findings
    return found


def differences(root: Path) -> dict[str, tuple[list[Finding], list[Finding]]]:
    incremental, scratch = incremental_verdicts(root), scratch_verdicts(root)
    return {
        rule: (incremental.get(rule, []), scratch.get(rule, []))
        for rule in set(incremental) | set(scratch)
        if incremental.get(rule, []) != scratch.get(rule, [])
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return _example(tmp_path / "repo")


def _example(root: Path) -> Path:
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "baselines").mkdir()
    for name, previous in (("first", None), ("second", "first")):
        (root / f"baselines/{name}.yaml").write_text(
            f"name: {name}\ncreated: 2026-01-05T09:00:00Z\nauthor: ann\n"
            f"commit: {'a' * 40}\n"
            + (f"previous: {previous}\n" if previous else "")
            + "items: []\n"
        )
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")
    return root


def _records(root: Path, directory: str) -> list[Path]:
    return sorted((root / directory).glob("*.yaml"))


def _replace(path: Path, old: str, new: str) -> None:
    if path.exists():
        path.write_text(path.read_text().replace(old, new, 1))


def edit(root: Path, action: str, n: int) -> None:
    """One edit aimed at something a rule reads."""
    items, changes = _records(root, "items"), _records(root, "changes")
    incidents, slas = _records(root, "incidents"), _records(root, "slas")
    item = items[n % len(items)] if items else None
    change = changes[n % len(changes)] if changes else None
    if action == "delete_item" and item is not None:
        item.unlink()  # its referrers now name nothing
    elif action == "break_item" and item is not None:
        item.write_text("id: [unclosed\n")  # does not load: references to it stand
    elif action == "retag_item" and item is not None:
        _replace(item, "\nkind: ", "\nkind: queue\n_kind: ")
        _replace(item, "\n_kind: ", "\n# was: ")  # another kind (standard changes' catalog)
    elif action == "duplicate_id" and item is not None and len(items) > 1:
        other = items[(n + 1) % len(items)]
        _replace(other, f"id: {other.stem}", f"id: {item.stem}")
    elif action == "item_becomes_requirement" and item is not None:
        target = root / "requirements" / item.name
        item.rename(target)  # the id now names a requirement (REF007)
    elif action == "cycle" and len(items) > 1 and item is not None:
        other = items[(n + 2) % len(items)]
        for a, b in ((item, other), (other, item)):
            text = a.read_text()
            a.write_text(
                text.replace("depends_on: [", f"depends_on: [{b.stem}, ", 1)
                if "depends_on: [" in text
                else text + f"depends_on: [{b.stem}]\n"
            )
    elif action == "retag_affected":
        # A CI a standard change affects becomes another kind (its catalog entry
        # may cover only some kinds).
        standard = [c for c in changes if "type: standard" in c.read_text()]
        if standard:
            text = standard[n % len(standard)].read_text()
            affected = text.split("affects: [", 1)[-1].split("]", 1)[0].split(",")[0].strip()
            target = root / "items" / f"{affected}.yaml"
            if target.exists():
                lines = target.read_text().splitlines(keepends=True)
                kind = "queue" if "kind: queue\n" not in lines else "software"
                target.write_text(
                    "".join(f"kind: {kind}\n" if ln.startswith("kind:") else ln for ln in lines)
                )
    elif action == "uncycle":
        # Break a two-CI cycle by editing one side only: the finding may sit on the other.
        links = {i.stem: i.read_text() for i in items}
        pairs = [
            (a, b)
            for a, text in sorted(links.items())
            for b in sorted(links)
            if a < b and f"{b}, " in text and f"depends_on: [{a}, " in links[b]
        ]
        if pairs:
            a, b = pairs[n % len(pairs)]
            side, other = (a, b) if n % 2 else (b, a)
            _replace(root / "items" / f"{side}.yaml", f"{other}, ", "")
    elif action == "creates" and change is not None:
        text = change.read_text()
        created = f"CI-09{n % 2}0"
        change.write_text(
            text.replace("\nrisk:", f"\ncreates: [{created}]\nrisk:", 1)
            if "creates:" not in text
            else text
        )
    elif action == "close_change" and change is not None:
        _replace(change, "\nstatus: ", "\nstatus: closed\n_status: ")
        _replace(change, "\n_status: ", "\n# status was: ")
    elif action == "sla_severity" and slas:
        # The SLA stops covering a severity (its incidents of that severity lose their target).
        sla = slas[n % len(slas)]
        lines = sla.read_text().splitlines(keepends=True)
        levels = [
            i for i, ln in enumerate(lines) if ln.rstrip() in ("  1:", "  2:", "  3:", "  4:")
        ]
        if len(levels) > 1:
            start = levels[-1]
            end = next(
                (i for i in range(start + 1, len(lines)) if not lines[i].startswith("   ")),
                len(lines),
            )
            sla.write_text("".join(lines[:start] + lines[end:]))
    elif action == "incident_sla" and incidents:
        incident = incidents[n % len(incidents)]
        text = incident.read_text()
        incident.write_text(
            text.replace("sla: SLA-0001", "sla: SLA-0002").replace("sla: SLA-0002", "sla: SLA-0099")
            if n % 2
            else text.replace("sla: SLA-0001", "sla: SLA-0002")
        )
    elif action == "delete_baseline":
        (root / "baselines/first.yaml").unlink(missing_ok=True)
    elif action == "artifact":
        artifacts = sorted((root / "artifacts").rglob("*.*"))
        if artifacts:
            artifacts[n % len(artifacts)].unlink()
    else:
        edit_rhythm(root, action, n)


def edit_rhythm(root: Path, action: str, n: int) -> None:
    """Edits aimed at what the rules of routines, meetings, vendors and action
    items read: named records by slug, linked records, every vendor."""
    routines, vendors = _records(root, "routines"), _records(root, "vendors")
    routine = routines[n % len(routines)] if routines else None
    vendor = vendors[n % len(vendors)] if vendors else None
    if action == "delete_routine" and routine is not None:
        routine.unlink()  # its meetings name nothing (REF003), RTN001 goes
    elif action == "break_routine" and routine is not None:
        routine.write_text("id: [unclosed\n")  # references to it stand, RTN001 goes
    elif action == "routine_starts_later" and routine is not None:
        # Every meeting of the routine is now before it starts (RTN001, through its content).
        lines = routine.read_text().splitlines(keepends=True)
        routine.write_text(
            "".join(
                "starts: 2026-12-01T10:00:00-06:00\n" if ln.startswith("starts:") else ln
                for ln in lines
            )
        )
    elif action == "routine_inactive" and routine is not None:
        text = routine.read_text()
        if "\nactive:" not in text:
            routine.write_text(text + "active: false\n")  # its planned meetings: RTN001
    elif action == "delete_vendor" and vendor is not None:
        vendor.unlink()  # CIs naming it (VEN001), routines (REF003)
    elif action == "rename_vendor" and vendor is not None:
        # The hint of every CI with an unknown vendor is the closest of all vendors.
        _replace(vendor, "\nname: ", "\nname: Zz ")
    elif action == "vendor_typo":
        items = [i for i in _records(root, "items") if "\nvendor: " in i.read_text()]
        if items:
            item = items[n % len(items)]
            name = item.read_text().split("\nvendor: ", 1)[1].split("\n", 1)[0]
            _replace(item, f"\nvendor: {name}", f"\nvendor: {name[:-1] or 'x'}")
    elif action == "stray_named":
        # A file that does not load, in another folder, under a vendor's or
        # routine's slug: references by that slug are not reported as missing.
        names = ["genesys", "cab", "lumen"]
        (root / "requirements" / f"{names[n % len(names)]}.yaml").write_text("id: [unclosed\n")
    elif action == "delete_linked":
        # A record a meeting topic, decision or action links to goes.
        linked = sorted(
            {
                target.strip()
                for meeting in _records(root, "meetings")
                for line in meeting.read_text().splitlines()
                if line.strip().startswith("links: [")
                for target in line.split("[", 1)[1].split("]", 1)[0].split(",")
            }
        )
        if linked:
            target = linked[n % len(linked)]
            for directory in ("items", "changes", "incidents", "requirements"):
                (root / directory / f"{target}.yaml").unlink(missing_ok=True)
    elif action == "delete_sla":
        (root / "slas/SLA-0002.yaml").unlink(missing_ok=True)  # routines' and vendors' SLA
    elif action == "restore":
        git(root, "checkout", "-q", "--", ".")
        git(root, "clean", "-qfd", "--", "items", "requirements", "changes")
    else:
        edit_operations(root, action, n)


def _drop_keys(path: Path, *keys: str) -> None:
    """Remove top-level keys with their indented continuation lines."""
    kept: list[str] = []
    dropping = False
    for line in path.read_text().splitlines(keepends=True):
        if line[:1] not in (" ", "\n", ""):
            dropping = any(line.startswith(f"{key}:") for key in keys)
        if not dropping:
            kept.append(line)
    path.write_text("".join(kept))


def edit_operations(root: Path, action: str, n: int) -> None:
    """Edits aimed at what the rules of operations read: an incident's SLA,
    the problems listing an incident."""
    slas, problems = _records(root, "slas"), _records(root, "problems")
    sla = slas[n % len(slas)] if slas else None
    problem = problems[n % len(problems)] if problems else None
    if action == "sla_escalation" and sla is not None:
        # Each severity keeps only its first escalation step: notifications of
        # a later step name a step the path no longer has (INC007).
        lines, kept, first = sla.read_text().splitlines(keepends=True), [], False
        for line in lines:
            if line.startswith("    escalation:"):
                first = True
            elif line.startswith("      - {after:"):
                if not first:
                    continue
                first = False
            kept.append(line)
        sla.write_text("".join(kept))
    elif action == "sla_calendar" and sla is not None:
        # Another calendar: root-cause analyses fall due on other days.
        text = sla.read_text()
        swapped = text.replace("calendar: it-business", "calendar: _")
        swapped = swapped.replace("calendar: cc-extended", "calendar: it-business")
        sla.write_text(swapped.replace("calendar: _", "calendar: cc-extended"))
    elif action == "drop_root_cause":
        # Its analysis is now only the problems listing it (RCA001-RCA003).
        analysed = [i for i in _records(root, "incidents") if "\nroot_cause:" in i.read_text()]
        if analysed:
            _drop_keys(analysed[n % len(analysed)], "root_cause", "root_cause_at")
    elif action == "problem_unlists" and problem is not None:
        # The problem stops listing its first incident.
        text = problem.read_text()
        if "\nincidents: [" in text:
            listed = text.split("\nincidents: [", 1)[1].split("]", 1)[0]
            rest = ", ".join(listed.split(", ")[1:])
            _replace(problem, f"\nincidents: [{listed}]", f"\nincidents: [{rest}]")
    elif action == "delete_problem" and problem is not None:
        problem.unlink()  # the RFCs fixing it, the articles documenting it (REF003)
    elif action == "delete_incident":
        incidents = _records(root, "incidents")
        if incidents:
            incidents[n % len(incidents)].unlink()  # the problems listing it (REF003)
    elif action == "delete_fix":
        # An RFC a problem's action names as its fix goes.
        fixes = sorted(
            {
                line.split("fix:", 1)[1].strip()
                for path in problems
                for line in path.read_text().splitlines()
                if line.strip().startswith("fix:")
            }
        )
        if fixes:
            (root / "changes" / f"{fixes[n % len(fixes)]}.yaml").unlink(missing_ok=True)
    elif action == "problem_loses_workaround" and problem is not None:
        # No longer a known error: a known-error article naming it does not fit (KB001).
        _drop_keys(problem, "workaround")
        _replace(problem, "\nstatus: known_error", "\nstatus: open")
    elif action == "delete_kpi_sla":
        # The SLA a KPI selects goes (REF003).
        named = sorted(
            line.split(":", 1)[1].strip()
            for kpi in _records(root, "kpis")
            for line in kpi.read_text().splitlines()
            if line.startswith("sla:")
        )
        if named:
            (root / "slas" / f"{named[n % len(named)]}.yaml").unlink(missing_ok=True)
    elif action == "unpublish_article":
        # A known-error article is retired: its problem is undocumented (PRB002).
        articles = _records(root, "knowledge")
        if articles:
            article = articles[n % len(articles)]
            _drop_keys(article, "status")
            text = article.read_text()
            article.write_text(text.replace("\nowner:", "\nstatus: retired\nowner:", 1))
    else:
        edit_planning(root, action, n)


_TOUCHED = {
    "touch_change": "changes",
    "touch_problem": "problems",
    "touch_requirement": "requirements",
}


def edit_planning(root: Path, action: str, n: int) -> None:
    """Edits aimed at what the rules of planning read: the requirements,
    demands, RFCs and CIs that demands, plans and risks name, link reviews."""
    if action == "delete_requirement":
        requirements = _records(root, "requirements")
        if requirements:
            requirements[n % len(requirements)].unlink()  # demands, plans, risks naming it
    elif action == "decline_demand":
        # A planned demand is declined: the plan still planning it (PLAN003).
        demands = _records(root, "demand")
        if demands:
            demand = demands[n % len(demands)]
            text = demand.read_text()
            status = text.split("\nstatus: ", 1)[1].split("\n", 1)[0]
            _replace(demand, f"\nstatus: {status}\n", "\nstatus: declined\n")
    elif action == "cancel_change":
        # The RFC a risk's decision rests on is cancelled (RISK004).
        named = sorted(
            target.strip()
            for risk in _records(root, "risks")
            for line in risk.read_text().splitlines()
            if line.strip().startswith("changes: [")
            for target in line.split("[", 1)[1].split("]", 1)[0].split(",")
        )
        change = root / "changes" / f"{named[n % len(named)]}.yaml" if named else None
        if change is not None and change.exists():
            status = change.read_text().split("\nstatus: ", 1)[1].split("\n", 1)[0]
            _replace(change, f"\nstatus: {status}\n", "\nstatus: cancelled\n")
    elif action in _TOUCHED:
        # A record is edited without changing what it says (a comment).
        records = _records(root, _TOUCHED[action])
        if records:
            record = records[n % len(records)]
            record.write_text(record.read_text() + "# touched\n")
    elif action == "bump_version":
        # A CI a reviewed link points at changes: the link is suspect (LNK001).
        targets = sorted(
            {
                line.split("target:", 1)[1].strip()
                for review in _records(root, "links")
                for line in review.read_text().splitlines()
                if line.strip().startswith("- target: CI-")
            }
        )
        if targets:
            _replace(
                root / "items" / f"{targets[n % len(targets)]}.yaml",
                '\nversion: "',
                '\nversion: "9',
            )
    elif action == "review_link":
        # A review records another hash than the target's: the link is suspect.
        reviews = _records(root, "links")
        if reviews:
            review = reviews[n % len(reviews)]
            text = review.read_text()
            at = text.find("content_hash: sha256:") + len("content_hash: sha256:")
            if at > len("content_hash: sha256:"):
                digit = "1" if text[at] == "0" else "0"
                review.write_text(text[:at] + digit + text[at + 1 :])
    elif action in ("copy_change", "edit_copy"):
        # A second RFC file under the id of an RFC whose link was reviewed, the
        # last of that id: the link's target hash is the copy's, then the copy changes.
        copy = root / "changes" / "RFC-0999.yaml"
        if action == "edit_copy":
            _replace(copy, "\ntitle: ", "\ntitle: Copy of ")
        else:
            targets = sorted(
                {
                    line.split("target:", 1)[1].strip()
                    for review in _records(root, "links")
                    for line in review.read_text().splitlines()
                    if line.strip().startswith("- target: RFC-")
                }
            )
            source = root / "changes" / f"{targets[n % len(targets)]}.yaml" if targets else None
            if source is not None and source.exists():
                copy.write_text(source.read_text())
    elif action == "risk_names_item":
        # A risk now concerns a CI that open RFCs of low or medium risk change (RISK003).
        risks = _records(root, "risks")
        if risks:
            risk = risks[n % len(risks)]
            item = "CI-0017" if n % 2 else "CI-0018"
            text = risk.read_text()
            risk.write_text(
                text.replace("\nitems: [", f"\nitems: [{item}, ", 1)
                if "\nitems: [" in text
                else text.replace("\nstatus: ", f"\nitems: [{item}]\nstatus: ", 1)
            )


ACTIONS = [
    "delete_item",
    "break_item",
    "retag_item",
    "retag_affected",
    "duplicate_id",
    "item_becomes_requirement",
    "cycle",
    "uncycle",
    "creates",
    "creates",
    "close_change",
    "sla_severity",
    "incident_sla",
    "delete_baseline",
    "artifact",
    "delete_routine",
    "break_routine",
    "routine_starts_later",
    "routine_inactive",
    "delete_vendor",
    "rename_vendor",
    "vendor_typo",
    "stray_named",
    "delete_linked",
    "delete_sla",
    "sla_escalation",
    "sla_calendar",
    "drop_root_cause",
    "problem_unlists",
    "delete_problem",
    "delete_incident",
    "delete_fix",
    "unpublish_article",
    "problem_loses_workaround",
    "delete_kpi_sla",
    "delete_requirement",
    "decline_demand",
    "cancel_change",
    "risk_names_item",
    "touch_change",
    "touch_problem",
    "touch_requirement",
    "bump_version",
    "review_link",
    "copy_change",
    "edit_copy",
    "restore",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 500)), min_size=1, max_size=6)
)
def test_every_rule_incrementally_equals_the_rule_from_scratch(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int]]
) -> None:
    root = _example(tmp_path_factory.mktemp("reads") / "repo")
    assert differences(root) == {}
    for action, n in edits:
        edit(root, action, n)
        assert differences(root) == {}, (action, n)


# Edits that each reach a rule only through what it declares it reads.
SCENARIOS = {
    "references: a named CI goes": [("delete_item", 0), ("restore", 0), ("break_item", 5)],
    "references: an id changes kind": [("item_becomes_requirement", 3)],
    "references: an artifact goes": [("artifact", 0), ("artifact", 1)],
    "references: the previous baseline goes": [("delete_baseline", 0)],
    "referenced: a CI's kind": [("retag_affected", 1), ("retag_affected", 0)],
    "referenced: an SLA's severities": [("sla_severity", 0)],
    "ids: a duplicate appears": [("duplicate_id", 3), ("restore", 0)],
    "shared: two RFCs create one CI": [("creates", 0), ("creates", 2), ("close_change", 2)],
    "graph: a cycle made and broken on one side": [("cycle", 5), ("uncycle", 1)],
    "references: a routine goes, then loads no more": [
        ("delete_routine", 0),
        ("restore", 0),
        ("break_routine", 0),
    ],
    "references: a vendor goes, a file of its name does not load": [
        ("delete_vendor", 1),
        ("stray_named", 0),
    ],
    "references: what a meeting links to goes": [("delete_linked", n) for n in range(0, 40, 7)],
    "references: the SLA of a routine and vendors goes": [("delete_sla", 0)],
    "referenced: a routine starts later, is made inactive": [
        ("routine_starts_later", 0),
        ("routine_inactive", 0),
    ],
    "every: the vendor a hint names is renamed or goes": [
        ("vendor_typo", 1),
        ("rename_vendor", 1),
        ("delete_vendor", 1),
    ],
    "referenced: the escalation path of an incident's SLA shortens": [
        ("sla_escalation", 0),
        ("sla_escalation", 1),
    ],
    "every, referenced: an incident's analysis, its SLA's calendar, the problems listing it": [
        ("drop_root_cause", 0),
        ("drop_root_cause", 1),
        ("sla_calendar", 0),
        ("problem_unlists", 2),
    ],
    "references: what a problem names goes, the problem an RFC fixes goes": [
        ("delete_incident", 41),
        ("delete_problem", 4),
        ("restore", 0),
        ("delete_fix", 0),
    ],
    "every: the article documenting a known error is retired": [
        ("unpublish_article", 2),
        ("touch_problem", 4),  # a documented one: read again from every article
    ],
    "references, referenced: the problem an article documents goes, loses its workaround": [
        ("delete_problem", 3),
        ("problem_loses_workaround", 1),
        ("problem_loses_workaround", 0),
    ],
    "references: the SLA a KPI selects goes": [("delete_kpi_sla", 0)],
    "references: a requirement a demand or plan names goes": [("delete_requirement", 12)],
    "referenced: a planned demand is declined": [("decline_demand", 0), ("decline_demand", 1)],
    "referenced: the demand or RFC mitigating a risk is declined, cancelled": [
        ("decline_demand", 4),
        ("cancel_change", 1),
    ],
    "references: a CI or requirement a risk names goes": [
        ("delete_requirement", 3),
        ("delete_item", 26),
    ],
    "every: a risk comes to concern the CIs an RFC changes": [
        ("risk_names_item", 0),
        ("risk_names_item", 1),
        ("risk_names_item", 2),
        ("touch_change", 11),  # its verdict is read again from every risk
    ],
    "referenced: the target of a reviewed link changes": [("bump_version", n) for n in range(8)],
    "every: a link review records another hash, then its source is edited": [
        ("review_link", 5),
        ("review_link", 0),
        ("touch_requirement", 0),  # the suspect one, checked again
    ],
    "ids: another RFC of the id a reviewed link points at changes": [
        ("copy_change", 1),
        ("edit_copy", 0),
        ("restore", 0),
        ("copy_change", 0),
        ("edit_copy", 0),
    ],
    "references: the source of link reviews goes": [("delete_item", 0)],
}


@pytest.mark.parametrize("edits", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_scenarios(repo: Path, edits: list[tuple[str, int]]) -> None:
    assert differences(repo) == {}
    for action, n in edits:
        edit(repo, action, n)
        assert differences(repo) == {}, (action, n)


def test_a_wrong_declaration_is_caught(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above notices a rule that reads more than it declares."""
    assert differences(repo) == {}
    # records_exist reads what each record names; declared as reading nothing
    # more than its own record, deleting a CI would leave its referrers' verdicts stale.
    monkeypatch.setitem(READS, records_exist, ())
    (repo / "items/CI-0001.yaml").unlink()
    assert rule_name(records_exist) in differences(repo)


# Rules deliberately left undeclared (run in full on every change): correct,
# but they load every record of the kinds they read each time. A rule merged
# in a hurry may wait here to be declared (docs/architecture.md, "Declaring
# what a new rule reads"). None waits now.
UNDECLARED: set[str] = set()


def test_every_rule_declares_what_it_reads() -> None:
    """Undeclared rules stay correct (they run on every change) but slow:
    the built-in rules all declare, except those listed in UNDECLARED."""
    assert [
        rule_name(r) for r in RULES if READS[r] is None and rule_name(r) not in UNDECLARED
    ] == []
    undeclared = {rule_name(r) for r in RULES if READS[r] is None}
    assert undeclared >= UNDECLARED
    names = [rule_name(r) for r in RULES]
    assert len(names) == len(set(names))
    assert base.REFERENCES in READS[records_exist]  # type: ignore[operator]
    json.dumps(names)


def _weakened() -> dict[str, tuple[Rule, tuple[base.Read, ...], list[tuple[str, int]]]]:
    """rule -> (a weaker declaration than it needs, edits that expose it)."""
    return {
        "meeting_references: a routine goes": (
            meetings.meeting_references,
            (),
            [("delete_routine", 0)],
        ),
        "actions_are_sound: a linked record goes": (
            actions.actions_are_sound,
            (),
            [("delete_linked", n) for n in range(0, 40, 3)],
        ),
        "routine_references: a vendor goes": (
            routines.routine_references,
            (),
            [("delete_vendor", 1)],
        ),
        "vendor_references: their SLA goes": (vendors.vendor_references, (), [("delete_sla", 0)]),
        "meetings_in_their_routine: the routine starts later": (
            meetings.meetings_in_their_routine,
            (base.REFERENCES,),
            [("routine_starts_later", 0)],
        ),
        "item_vendors_exist: the vendor a hint names goes": (
            vendors.item_vendors_exist,
            (base.REFERENCES,),
            [("vendor_typo", 0), ("delete_vendor", 1)],
        ),
        "notified_steps_exist: the SLA's escalation path shortens": (
            incident_log.notified_steps_exist,
            (base.REFERENCES,),
            [("sla_escalation", 0)],
        ),
        "root_cause_in_time: a problem stops listing the incident": (
            duties.root_cause_in_time,
            (base.REFERENCED,),
            [("drop_root_cause", 0), ("problem_unlists", 2)],
        ),
        "root_cause_in_time: the calendar of the incident's SLA changes": (
            duties.root_cause_in_time,
            (base.REFERENCES, base.every("problem")),
            [("drop_root_cause", 0), ("sla_calendar", 0)],
        ),
        "problem_references: the RFC fixing a problem goes": (
            problems.problem_references,
            (),
            [("delete_fix", 0)],
        ),
        "problem_references: the problem an RFC fixes goes": (
            problems.problem_references,
            (),
            [("delete_problem", 4)],
        ),
        "known_errors_published: its article is retired": (
            problems.known_errors_published,
            (),
            [("unpublish_article", 2)],
        ),
        "knowledge_references: the problem an article documents goes": (
            knowledge.knowledge_references,
            (),
            [("delete_problem", 3)],
        ),
        "known_error_articles_fit: the problem loses its workaround": (
            knowledge.known_error_articles_fit,
            (base.REFERENCES,),
            [("problem_loses_workaround", 1)],
        ),
        "kpi_references: the SLA a KPI selects goes": (
            kpis.kpi_references,
            (),
            [("delete_kpi_sla", 0)],
        ),
        "demand_references: a requirement it names goes": (
            demand.demand_references,
            (),
            [("delete_requirement", 12)],
        ),
        "plan_references: a requirement it plans goes": (
            plans.plan_references,
            (),
            [("delete_requirement", 12)],
        ),
        "declined_demands_planned: a demand it plans is declined": (
            plans.declined_demands_planned,
            (base.REFERENCES,),
            [("decline_demand", 0)],
        ),
        "risk_decisions: the demand mitigating it is declined": (
            risks.risk_decisions,
            (base.REFERENCES,),
            [("decline_demand", 4)],
        ),
        "risk_decisions: the RFC mitigating it is cancelled": (
            risks.risk_decisions,
            (base.REFERENCES,),
            [("cancel_change", 1)],
        ),
        "risk_references: a requirement it names goes": (
            risks.risk_references,
            (),
            [("delete_requirement", 3)],
        ),
        "changes_rated_for_their_risks: a risk comes to concern its CIs": (
            risks.changes_rated_for_their_risks,
            (),
            [("risk_names_item", 0)],
        ),
        "suspect_links: the target of a reviewed link changes": (
            links.suspect_links,
            (base.REFERENCES, base.IDS, base.every("link")),
            [("bump_version", n) for n in range(8)],
        ),
        "suspect_links: a link review records another hash": (
            links.suspect_links,
            (base.REFERENCED, base.IDS),
            [("review_link", 5)],
        ),
        "suspect_links: another RFC of the id its link points at changes": (
            links.suspect_links,
            (base.REFERENCED, base.every("link")),
            [("copy_change", 1), ("edit_copy", 0)],
        ),
        "link_review_references: the source goes": (
            links.link_review_references,
            (),
            [("delete_item", 0)],
        ),
    }


@pytest.mark.parametrize("name", list(_weakened()))
def test_a_weakened_declaration_is_caught(
    repo: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Each declaration of the rules that read more than their record (routines,
    meetings, vendors, action items, operations, planning) is needed: with a
    weaker one the scenario leaves a stale verdict."""
    target, weaker, edits = _weakened()[name]
    assert differences(repo) == {}
    monkeypatch.setitem(READS, target, weaker)
    found = set()
    for action, n in edits:
        edit(repo, action, n)
        found |= set(differences(repo))
    assert rule_name(target) in found


def _narrowed() -> dict[str, tuple[Rule, tuple[str, ...], list[tuple[str, int]]]]:
    """rule -> (fewer kinds than it reports on, edits that expose it)."""
    return {
        "problem_references reports on the RFCs fixing a problem": (
            problems.problem_references,
            ("problem",),
            [("delete_problem", 4)],
        ),
        "suspect_links reports on the RFCs writing a link": (
            links.suspect_links,
            ("requirement", "item"),
            [("copy_change", 1), ("edit_copy", 0)],
        ),
    }


@pytest.mark.parametrize("name", list(_narrowed()))
def test_a_narrower_about_is_caught(repo: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A rule reporting on more kinds than its ``about`` names is skipped when
    only records of the others need checking: their verdicts go stale."""
    target, narrower, edits = _narrowed()[name]
    assert differences(repo) == {}
    monkeypatch.setitem(base.ABOUT, target, frozenset(narrower))
    found = set()
    for action, n in edits:
        edit(repo, action, n)
        found |= set(differences(repo))
    assert rule_name(target) in found


def test_a_file_that_does_not_load_under_a_slug_is_followed(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reference by slug (a CI's vendor) is accepted while any file of that
    name fails to load; the engine follows such a file whatever its folder."""
    assert differences(repo) == {}
    monkeypatch.setattr(engine, "_NAMED_KINDS", ())
    edit(repo, "delete_vendor", 1)
    assert differences(repo) == {}
    edit(repo, "stray_named", 0)
    assert rule_name(vendors.item_vendors_exist) in differences(repo)


def _routines_without_meetings(context: base.Context) -> Iterator[Finding]:
    """A rule as a later kind's author might write it, reading across records
    without declaring anything."""
    held = {loaded.record.routine for loaded in context.of("meeting")}
    for loaded in context.of("routine"):
        if loaded.record.id not in held:
            yield base.finding(loaded, "RTN001", f"{loaded.record.id} has no meeting", "id")


@pytest.mark.parametrize("declared", [None, ()], ids=["undeclared", "declared too weakly"])
def test_an_undeclared_rule_runs_in_full(
    repo: Path, monkeypatch: pytest.MonkeyPatch, declared: tuple[base.Read, ...] | None
) -> None:
    """A bare ``@rule`` reads anything: the engine runs it over every record
    on every change, so its verdicts stay those of a run from scratch (and
    the same rule declared as reading nothing more goes stale)."""
    base.rule(_routines_without_meetings)
    try:
        monkeypatch.setitem(READS, _routines_without_meetings, declared)
        assert differences(repo) == {}
        for meeting in _records(repo, "meetings"):
            if "\nroutine: plan-review" in meeting.read_text():
                meeting.unlink()
        stale = rule_name(_routines_without_meetings) in differences(repo)
        assert stale == (declared is not None)
    finally:
        RULES.remove(_routines_without_meetings)
        READS.pop(_routines_without_meetings, None)
        base.ABOUT.pop(_routines_without_meetings, None)
