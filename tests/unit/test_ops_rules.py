"""The operations rules (incident log, update cadence, root-cause analysis,
problems, knowledge, KPIs, RACI staffing), each on a small repository on disk
that validates clean until one thing is changed."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from ccgov.findings import Finding
from ccgov.records.change import ChangeRequest, content_hash
from ccgov.store.yamlio import dump_for_edit
from ccgov.validation.validate import validate
from helpers import write_files

Data = dict[str, Any]

CONFIG: Data = {
    "organisation": "Ops Rules",
    "timezone": "America/Chicago",
    "people": [
        {
            "handle": "ann",
            "name": "Ann",
            "email": "ann@example.com",
            "organisation": "contact_center",
            "roles": ["liaison"],
        },
        {
            "handle": "cat",
            "name": "Cat",
            "email": "cat@example.com",
            "organisation": "it",
            "roles": ["noc"],
        },
        {
            "handle": "dan",
            "name": "Dan",
            "email": "dan@example.com",
            "organisation": "it",
            "roles": ["noc", "cab"],
            "active": False,
        },
    ],
    "roles": {"liaison": {"name": "Liaison"}, "noc": {"name": "NOC"}, "cab": {"name": "CAB"}},
    "calendars": {
        "office": {
            "timezone": "America/Chicago",
            "hours": {d: ["08:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        }
    },
    "policy": {
        "communications": [{"severities": [1], "every": "30m"}],
        "rca": [{"severities": [1, 2], "within": "2d"}],
    },
}
SLA: Data = {
    "id": "SLA-0001",
    "title": "Support",
    "version": "1",
    "provider": "IT",
    "customer": "Contact center",
    "owner": "ann",
    "effective": {"from": "2026-01-01"},
    "calendar": "office",
    "severities": {
        1: {
            "response": {"within": "15m", "clock": "24x7"},
            "resolution": {"within": "4h", "clock": "24x7"},
            "escalation": [
                {"after": "30m", "notify": ["noc"]},
                {"after": "2h", "notify": ["ann"]},
            ],
        },
        2: {"response": {"within": "30m"}, "resolution": {"within": "8h"}},
    },
}
# Severity 1, Monday 2 March 2026: opened 09:00, updates every 25 minutes,
# resolved 10:00 with its root cause, step 1 notified.
INCIDENT: Data = {
    "id": "INC-0001",
    "title": "Calls failing",
    "severity": 1,
    "category": "acd",
    "sla": "SLA-0001",
    "opened": "2026-03-02T09:00:00-06:00",
    "responded": "2026-03-02T09:05:00-06:00",
    "resolved": "2026-03-02T10:00:00-06:00",
    "affects": ["CI-0001"],
    "root_cause": "Licence expired.",
    "updates": [
        {"at": "2026-03-02T09:25:00-06:00", "by": "ann", "audience": "center", "text": "Down"},
        {"at": "2026-03-02T09:50:00-06:00", "by": "ann", "audience": "center", "text": "Fixing"},
        {"at": "2026-03-02T10:00:00-06:00", "by": "ann", "audience": "center", "text": "Back"},
    ],
    "notifications": [
        {"step": 1, "at": "2026-03-02T09:31:00-06:00", "by": "cat", "notified": ["cat"]}
    ],
}
ITEM: Data = {"id": "CI-0001", "name": "ACD", "kind": "software", "version": "1", "owner": "cat"}
PROBLEM: Data = {
    "id": "PRB-0001",
    "title": "Licences expire unnoticed",
    "status": "known_error",
    "opened": "2026-03-03T09:00:00-06:00",
    "raised_by": "cat",
    "owner": "cat",
    "incidents": ["INC-0001"],
    "items": ["CI-0001"],
    "root_cause": "No licence inventory.",
    "workaround": "Renew by hand.",
    "actions": [
        {"id": "A1", "title": "Inventory", "owner": "cat", "due": "2026-03-20", "fix": "RFC-0001"}
    ],
}
ARTICLE: Data = {
    "id": "KB-0001",
    "title": "Renew the ACD licence",
    "kind": "known_error",
    "owner": "cat",
    "items": ["CI-0001"],
    "problems": ["PRB-0001"],
    "body": "Upload the new licence file.",
}
KPI: Data = {
    "id": "containment",
    "title": "IVR containment",
    "definition": "Calls ended in the IVR.",
    "source": "imported",
    "unit": "percent",
    "target": 35,
    "direction": "higher",
    "owner": "ann",
    "audience": ["liaison"],
    "frequency": "monthly",
    "measurements": [{"period": "2026-02", "value": 34.1}, {"period": "2026-03", "value": 36.5}],
}
RACI: Data = {
    "id": "incident",
    "process": "Incident",
    "activities": [{"name": "Restore", "raci": {"noc": "AR", "liaison": "I"}}],
}
DRAFT: Data = {
    "id": "RFC-0001",
    "title": "Licence inventory",
    "description": "Track licence files.",
    "type": "normal",
    "category": "config_change",
    "requested_by": "cat",
    "justification": "PRB-0001",
    "affects": ["CI-0001"],
    "fixes": ["PRB-0001"],
    "risk": "low",
    "impact": "low",
}


def records() -> dict[str, Data]:
    return copy.deepcopy(
        {
            "ccgov.yaml": CONFIG,
            "slas/SLA-0001.yaml": SLA,
            "incidents/INC-0001.yaml": INCIDENT,
            "items/CI-0001.yaml": ITEM,
            "problems/PRB-0001.yaml": PROBLEM,
            "knowledge/KB-0001.yaml": ARTICLE,
            "kpis/containment.yaml": KPI,
            "raci/incident.yaml": RACI,
            "changes/RFC-0001.yaml": DRAFT,
        }
    )


def run(tmp_path: Path, files: dict[str, Data]) -> list[Finding]:
    write_files(tmp_path, {path: dump_for_edit(data) for path, data in files.items()})
    return validate(tmp_path, use_cache=False).findings


def only(findings: list[Finding], code: str) -> list[Finding]:
    assert {f.code for f in findings} == {code}, findings
    return findings


def line_of(tmp_path: Path, path: str, text: str, occurrence: int = 1) -> int:
    lines = (tmp_path / path).read_text(encoding="utf-8").splitlines()
    hits = [number for number, line in enumerate(lines, 1) if text in line]
    return hits[occurrence - 1]


def test_base_is_clean(tmp_path: Path) -> None:
    assert run(tmp_path, records()) == []


def test_fixes_are_not_part_of_the_content_hash() -> None:
    with_fixes = ChangeRequest.model_validate(DRAFT)
    without = ChangeRequest.model_validate({k: v for k, v in DRAFT.items() if k != "fixes"})
    assert content_hash(with_fixes) == content_hash(without)


# --- incident log ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "index", "at", "message"),
    [
        ("updates", 0, "2026-03-02T08:55:00-06:00", "before the incident opened"),
        ("updates", 1, "2026-03-02T09:20:00-06:00", "before the one listed above it"),
        ("notifications", 0, "2026-03-02T08:00:00-06:00", "before the incident opened"),
    ],
)
def test_log_entries_out_of_place(
    tmp_path: Path, part: str, index: int, at: str, message: str
) -> None:
    files = records()
    files["incidents/INC-0001.yaml"][part][index]["at"] = at
    findings = [f for f in run(tmp_path, files) if f.code == "INC006"]
    assert len(findings) == 1 and message in findings[0].message
    assert findings[0].line == line_of(tmp_path, "incidents/INC-0001.yaml", f"'{at}'")


def test_update_after_closing(tmp_path: Path) -> None:
    files = records()
    files["incidents/INC-0001.yaml"]["closed"] = "2026-03-02T09:55:00-06:00"
    findings = [f for f in run(tmp_path, files) if f.code == "INC006"]
    assert len(findings) == 1
    assert "after the incident was closed" in findings[0].message


def test_notification_of_a_step_the_sla_lacks(tmp_path: Path) -> None:
    files = records()
    files["incidents/INC-0001.yaml"]["notifications"][0]["step"] = 3
    finding = only(run(tmp_path, files), "INC007")[0]
    assert "SLA-0001's path for severity 1 has 2 steps" in finding.message
    assert finding.line == line_of(tmp_path, "incidents/INC-0001.yaml", "step: 3")


def test_notified_people_exist(tmp_path: Path) -> None:
    files = records()
    files["incidents/INC-0001.yaml"]["notifications"][0]["notified"] = ["cat", "zed"]
    finding = only(run(tmp_path, files), "REF001")[0]
    assert "'zed'" in finding.message


# --- update cadence ----------------------------------------------------------------------


def test_a_stretch_over_the_cadence(tmp_path: Path) -> None:
    files = records()
    # 09:25 -> 10:00 without the 09:50 update: 35 minutes.
    del files["incidents/INC-0001.yaml"]["updates"][1]
    finding = only(run(tmp_path, files), "COM001")[0]
    assert finding.severity == "warning"
    assert "from 2026-03-02T09:25:00-06:00 to 2026-03-02T10:00:00-06:00: 35m" in finding.message
    assert "more than the 30m" in finding.message
    # At the update that ended it.
    assert finding.line == line_of(tmp_path, "incidents/INC-0001.yaml", "10:00:00-06:00'", 2)


def test_the_last_stretch_ends_at_the_resolution(tmp_path: Path) -> None:
    files = records()
    del files["incidents/INC-0001.yaml"]["updates"][2]
    files["incidents/INC-0001.yaml"]["resolved"] = "2026-03-02T10:25:00-06:00"
    finding = only(run(tmp_path, files), "COM001")[0]
    assert "35m" in finding.message
    assert finding.line == line_of(tmp_path, "incidents/INC-0001.yaml", "resolved:")


def test_severities_outside_the_rule_need_no_updates(tmp_path: Path) -> None:
    files = records()
    incident = files["incidents/INC-0001.yaml"]
    incident["severity"] = 2
    incident["updates"] = []
    incident["notifications"] = []
    assert run(tmp_path, files) == []


def test_an_unknown_cadence_calendar(tmp_path: Path) -> None:
    files = records()
    files["ccgov.yaml"]["policy"]["communications"][0]["calendar"] = "centre"
    finding = only(run(tmp_path, files), "REF004")[0]
    assert finding.file == "ccgov.yaml" and "'centre'" in finding.message


# --- root-cause analysis -----------------------------------------------------------------


def test_closed_without_analysis(tmp_path: Path) -> None:
    files = records()
    incident = files["incidents/INC-0001.yaml"]
    del incident["root_cause"]
    incident["closed"] = "2026-03-02T11:00:00-06:00"
    files["problems/PRB-0001.yaml"]["incidents"] = []
    finding = only(run(tmp_path, files), "RCA001")[0]
    # 2 business days after Monday 10:00: Tue 3, Wed 4 -> Wednesday 17:00.
    assert "due 2026-03-04T17:00:00-06:00" in finding.message
    assert finding.line == line_of(tmp_path, "incidents/INC-0001.yaml", "closed:")


def test_analysis_outstanding(tmp_path: Path) -> None:
    files = records()
    del files["incidents/INC-0001.yaml"]["root_cause"]
    files["problems/PRB-0001.yaml"]["incidents"] = []
    finding = only(run(tmp_path, files), "RCA003")[0]
    assert finding.severity == "warning"
    assert "due by 2026-03-04T17:00:00-06:00" in finding.message


def test_a_problem_in_time_is_an_analysis(tmp_path: Path) -> None:
    files = records()
    del files["incidents/INC-0001.yaml"]["root_cause"]
    files["incidents/INC-0001.yaml"]["closed"] = "2026-03-05T11:00:00-06:00"
    assert run(tmp_path, files) == []


def test_a_late_problem(tmp_path: Path) -> None:
    files = records()
    del files["incidents/INC-0001.yaml"]["root_cause"]
    files["problems/PRB-0001.yaml"]["opened"] = "2026-03-05T09:00:00-06:00"
    finding = only(run(tmp_path, files), "RCA002")[0]
    assert "PRB-0001 was recorded 2026-03-05T09:00:00-06:00, after" in finding.message


def test_a_late_root_cause(tmp_path: Path) -> None:
    files = records()
    files["incidents/INC-0001.yaml"]["root_cause_at"] = "2026-03-04T17:01:00-06:00"
    files["problems/PRB-0001.yaml"]["opened"] = "2026-03-06T09:00:00-06:00"
    finding = only(run(tmp_path, files), "RCA002")[0]
    assert finding.line == line_of(tmp_path, "incidents/INC-0001.yaml", "root_cause_at:")
    # One minute earlier, it is in time.
    files["incidents/INC-0001.yaml"]["root_cause_at"] = "2026-03-04T17:00:00-06:00"
    assert run(tmp_path / "again", files) == []


# --- problems and knowledge ------------------------------------------------------------


def test_a_closed_problem_with_an_open_action(tmp_path: Path) -> None:
    files = records()
    problem = files["problems/PRB-0001.yaml"]
    problem.update(status="closed", closed="2026-03-25T10:00:00-05:00")
    finding = only(run(tmp_path, files), "PRB001")[0]
    assert "action A1 (Inventory) is still open" in finding.message


def test_a_known_error_needs_a_published_article(tmp_path: Path) -> None:
    files = records()
    files["knowledge/KB-0001.yaml"]["status"] = "draft"
    finding = only(run(tmp_path, files), "PRB002")[0]
    assert finding.line == line_of(tmp_path, "problems/PRB-0001.yaml", "workaround:")


def test_a_known_error_article_for_a_problem_without_workaround(tmp_path: Path) -> None:
    files = records()
    problem = files["problems/PRB-0001.yaml"]
    problem["status"] = "open"
    del problem["workaround"]
    finding = only(run(tmp_path, files), "KB001")[0]
    assert "PRB-0001 has no workaround yet" in finding.message


def test_references_of_problems_and_articles(tmp_path: Path) -> None:
    files = records()
    files["problems/PRB-0001.yaml"]["actions"][0]["fix"] = "INC-0001"
    files["problems/PRB-0001.yaml"]["items"] = ["CI-0009"]
    files["knowledge/KB-0001.yaml"]["items"] = ["PRB-0001"]
    files["changes/RFC-0001.yaml"]["fixes"] = ["KB-0001"]
    found = sorted((f.file, f.code) for f in run(tmp_path, files))
    assert found == [
        ("changes/RFC-0001.yaml", "REF007"),
        ("knowledge/KB-0001.yaml", "REF007"),
        ("problems/PRB-0001.yaml", "REF003"),
        ("problems/PRB-0001.yaml", "REF007"),
    ]


def test_problem_actions_are_actions(tmp_path: Path) -> None:
    files = records()
    actions = files["problems/PRB-0001.yaml"]["actions"]
    actions.append({**actions[0], "owner": "zed"})
    assert sorted(f.code for f in run(tmp_path, files)) == ["ACT001", "REF001"]


# --- KPIs --------------------------------------------------------------------------------


def test_measurements_fit_the_frequency(tmp_path: Path) -> None:
    files = records()
    files["kpis/containment.yaml"]["measurements"] += [
        {"period": "2026-Q1", "value": 35},
        {"period": "2026-02", "value": 33},
    ]
    findings = only(run(tmp_path, files), "KPI001")
    assert [f.message for f in findings] == [
        "2026-Q1 is a quarterly period, but containment is measured monthly (e.g. 2026-03)",
        "2026-02 is also measured by measurements[0]",
    ]


def test_kpi_references(tmp_path: Path) -> None:
    files = records()
    files["kpis/containment.yaml"].update(owner="zed", audience=["wfm"])
    assert sorted(f.code for f in run(tmp_path, files)) == ["REF001", "REF002"]


# --- RACI staffing --------------------------------------------------------------------


def test_a_responsible_role_nobody_active_holds(tmp_path: Path) -> None:
    files = records()
    # cab is held only by dan, who is inactive; liaison (ann) only informed.
    files["raci/incident.yaml"]["activities"][0]["raci"] = {"noc": "A", "cab": "R", "liaison": "I"}
    finding = only(run(tmp_path, files), "RACI004")[0]
    assert finding.severity == "warning"
    assert "role 'cab' is R for 'Restore'" in finding.message


def test_informed_and_consulted_roles_need_nobody(tmp_path: Path) -> None:
    files = records()
    files["raci/incident.yaml"]["activities"][0]["raci"] = {"noc": "AR", "cab": "CI"}
    assert run(tmp_path, files) == []
