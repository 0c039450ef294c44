"""Loading one record: schema errors become findings at the right line and
column, with messages that say how to fix them."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from ccgov.findings import Finding
from ccgov.records.change import ChangeRequest
from ccgov.records.config import RepoConfig
from ccgov.records.item import ConfigurationItem
from ccgov.records.kinds import KIND_BY_NAME, KINDS
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.store.loader import LoadedRecord, load_record, record_id_of

ITEM = """\
# The main routing script.
id: CI-0001
name: Main routing script
kind: routing_script
version: "4.10"
owner: dan
"""

HASH = "sha256:" + "0" * 64

RFC = f"""\
id: RFC-0001
title: Overflow queue
description: Add it.
type: normal
category: routing_change
requested_by: ann
justification: Abandon rate.
risk: low
impact: low
status: submitted
plans:
  implementation: a
  test: b
  backout: c
approvals:
  - by: bob
    role: cab
    decision: approve
    at: 2026-03-02T10:00:00Z
    content_hash: {HASH}
  - by: cat
    role: Chair
    decision: approve
    at: 2026-03-02T11:00:00Z
    content_hash: {HASH}
"""

RFC_OK = RFC.replace("role: Chair", "role: cab")

CONFIG = """\
organisation: Test
people:
  - handle: ann
    name: Ann
    email: ann@example.com
    organisation: contact_center
    roles: [liaison]
roles:
  liaison: {name: Liaison}
"""


def load(
    text: str, model: Any = ConfigurationItem, path: str = "items/CI-0001.yaml", **kwargs: Any
) -> tuple[LoadedRecord | None, list[Finding]]:
    return load_record(path, text.encode(), model, **kwargs)


def one(
    text: str, model: Any = ConfigurationItem, path: str = "items/CI-0001.yaml", **kwargs: Any
) -> Finding:
    _, findings = load(text, model, path, **kwargs)
    assert len(findings) == 1, findings
    return findings[0]


def at(finding: Finding) -> tuple[str, int, int]:
    return finding.code, finding.line, finding.column


def test_valid_record_loads_with_locations() -> None:
    loaded, findings = load(ITEM)
    assert findings == []
    assert loaded is not None
    assert loaded.record.version == "4.10"
    assert loaded.at("version") == (5, 10)
    assert loaded.key_at("version") == (5, 1)
    assert loaded.at("depends_on") == (2, 1)  # not written: the document's start


def test_record_id_of() -> None:
    assert record_id_of("items/CI-0001.yaml") == "CI-0001"
    assert record_id_of("raci/incident-sev1-2.yaml") == "incident-sev1-2"


# --- SCH001 missing keys -----------------------------------------------------


def test_missing_top_level_keys_point_at_the_document_not_its_comments() -> None:
    _, findings = load("# A comment\n\nid: CI-0001\nname: x\nkind: queue\n")
    assert [(f.code, f.line, f.column) for f in findings] == [("SCH001", 3, 1)] * 2
    assert {f.message for f in findings} == {
        "missing required key 'version'",
        "missing required key 'owner'",
    }


def test_missing_nested_key_points_at_its_parent_mapping() -> None:
    text = RFC_OK.replace("    role: cab\n", "", 1)
    finding = one(text, ChangeRequest, "changes/RFC-0001.yaml")
    assert at(finding) == ("SCH001", 16, 5)  # "- by: bob" starts approvals[0]
    assert finding.message == "missing required key 'role' in approvals[0]"


def test_missing_key_of_a_nested_mapping_points_at_its_key() -> None:
    text = RFC_OK.replace("  backout: c\n", "")
    finding = one(text, ChangeRequest, "changes/RFC-0001.yaml")
    assert at(finding) == ("SCH001", 11, 1)  # "plans:"
    assert "'backout' in plans" in finding.message


# --- SCH002 unknown keys -----------------------------------------------------


def test_unknown_key_suggests_the_close_one() -> None:
    finding = one(ITEM + "vendr: Genesys\n")
    assert at(finding) == ("SCH002", 7, 1)
    assert finding.message == "unknown key 'vendr'; did you mean 'vendor'?"


def test_unknown_nested_key_suggests_from_the_nested_model() -> None:
    text = RFC_OK.replace("    role: cab\n", "    rol: cab\n", 1)
    _, findings = load(text, ChangeRequest, "changes/RFC-0001.yaml")
    unknown = next(f for f in findings if f.code == "SCH002")
    assert (unknown.line, unknown.column) == (17, 5)
    assert "did you mean 'role'?" in unknown.message


def test_on_is_an_unknown_key_not_true() -> None:
    # YAML 1.1 read "on:" as the boolean True; in 1.2 it is the text "on".
    finding = one(ITEM + "on: yes\n")
    assert at(finding) == ("SCH002", 7, 1)
    assert finding.message.startswith("unknown key 'on'; allowed keys: id, name, kind")


# --- SCH003 .. SCH006 --------------------------------------------------------


def test_enum_lists_the_allowed_values() -> None:
    finding = one(ITEM + "environment: prod\n")
    assert at(finding) == ("SCH003", 7, 14)
    assert "'prod' is not allowed" in finding.message
    assert "'production', 'staging', 'test', 'dr'" in finding.message


def test_unquoted_version_is_sch004_with_the_source_text() -> None:
    finding = one(ITEM.replace('version: "4.10"', "version: 4.10"))
    assert at(finding) == ("SCH004", 5, 10)
    assert "4.10 is read as the number 4.1" in finding.message
    assert 'quote it: version: "4.10"' in finding.message


def test_number_in_a_list_of_text() -> None:
    text = ITEM.replace("kind: routing_script", "kind: software") + "depends_on: [CI-0002]\n"
    text = text.replace("owner: dan\n", "owner: dan\ndescription: 2024\n")
    finding = one(text)
    assert at(finding) == ("SCH004", 7, 14)
    assert 'quote it: description: "2024"' in finding.message


def test_boolean_where_text_is_expected() -> None:
    finding = one(ITEM.replace("name: Main routing script", "name: true"))
    assert at(finding) == ("SCH003", 3, 7)
    assert 'quote it: name: "true"' in finding.message


def test_empty_value_says_so() -> None:
    finding = one(ITEM.replace("name: Main routing script", "name:"))
    assert at(finding) == ("SCH003", 3, 6)  # just after the colon
    assert "name: has no value" in finding.message


def test_naive_timestamp_is_sch005() -> None:
    text = RFC_OK.replace("at: 2026-03-02T11:00:00Z", "at: 2026-03-02T11:00:00")
    finding = one(text, ChangeRequest, "changes/RFC-0001.yaml")
    assert at(finding) == ("SCH005", 24, 9)
    assert "has no time zone" in finding.message and "2026-03-02T11:00:00Z" in finding.message


def test_yaml_1_1_boolean_word_is_sch006() -> None:
    finding = one(
        CONFIG.replace("    roles: [liaison]\n", "    roles: [liaison]\n    active: no\n"),
        RepoConfig,
        "ccgov.yaml",
        id_field=None,
    )
    assert at(finding) == ("SCH006", 8, 13)
    assert "people[0].active: 'no' is text in YAML 1.2" in finding.message
    assert "write true or false" in finding.message


def test_nested_list_error_lands_on_the_right_value() -> None:
    finding = one(RFC, ChangeRequest, "changes/RFC-0001.yaml")
    assert at(finding) == ("SCH003", 22, 11)  # approvals[1].role: Chair
    assert (
        finding.message == "approvals[1].role: 'Chair' is not a role name: "
        "lower-case letters, digits and '_'"
    )


def test_pattern_errors_are_described() -> None:
    finding = one(ITEM.replace("id: CI-0001", "id: ci-1"))
    assert at(finding) == ("SCH003", 2, 5)
    assert "'ci-1' is not a record id such as CI-0001" in finding.message


def test_list_expected() -> None:
    finding = one(ITEM + "depends_on: CI-0002\n")
    assert at(finding) == ("SCH003", 7, 13)
    assert "expected a list" in finding.message and "'CI-0002'" in finding.message


def test_mapping_expected() -> None:
    finding = one(
        RFC_OK.replace("plans:\n  implementation: a\n  test: b\n  backout: c\n", "plans: [a, b]\n"),
        ChangeRequest,
        "changes/RFC-0001.yaml",
    )
    assert at(finding) == ("SCH003", 11, 8)
    assert "expected a mapping" in finding.message and "found a list" in finding.message


def test_union_errors_become_one_finding() -> None:
    finding = one(ITEM + "attributes:\n  ips: [10.0.0.1]\n")
    assert at(finding) == ("SCH003", 8, 8)
    assert finding.message == (
        "attributes.ips: expected text, a whole number, a number or true/false, found a list"
    )


def test_mapping_key_errors_point_at_the_key() -> None:
    sla = """\
id: SLA-0001
title: T
version: "1"
provider: IT
customer: CC
owner: ann
effective: {from: 2026-01-01}
severities:
  1: {response: {within: 15m}, resolution: {within: 4h}}
  5: {response: {within: 15m}, resolution: {within: 4h}}
  "2": {response: {within: 15m}, resolution: {within: 4h}}
"""
    _, findings = load(sla, ServiceLevelAgreement, "slas/SLA-0001.yaml")
    assert [at(f) for f in findings] == [("SCH003", 10, 3), ("SCH003", 11, 3)]
    assert "severities.5: 5 is not allowed; choose one of: 1, 2, 3, 4" in findings[0].message
    assert "write 2 without quotes" in findings[1].message


def test_model_validator_errors_are_findings() -> None:
    text = RFC_OK.replace("plans:\n  implementation: a\n  test: b\n  backout: c\n", "")
    finding = one(text, ChangeRequest, "changes/RFC-0001.yaml")
    assert at(finding) == ("SCH003", 1, 1)
    assert "needs plans" in finding.message


# --- ID001 and whole-document problems ----------------------------------------


def test_id_must_match_the_file_name() -> None:
    finding = one(ITEM, path="items/CI-0002.yaml")
    assert at(finding) == ("ID001", 2, 5)
    assert "rename the file to CI-0001.yaml or set id: CI-0002" in finding.message


def test_named_kinds_check_their_own_id_field() -> None:
    baseline = KIND_BY_NAME["baseline"]
    text = f"""\
name: q1-2026
created: 2026-03-31T17:00:00Z
author: ann
commit: {"a" * 40}
items: []
"""
    loaded, findings = load(
        text, baseline.model, "baselines/q1-2026.yaml", id_field=baseline.id_field
    )
    assert loaded is not None and findings == []
    finding = one(text, baseline.model, "baselines/q2-2026.yaml", id_field=baseline.id_field)
    assert at(finding) == ("ID001", 1, 7)


def test_config_has_no_id() -> None:
    loaded, findings = load(CONFIG, RepoConfig, "ccgov.yaml", id_field=None)
    assert findings == [] and loaded is not None


@pytest.mark.parametrize(
    ("text", "code", "found"),
    [
        ("- id: CI-0001\n", "YAML007", "found a list"),
        ("CI-0001\n", "YAML007", "found a text value"),
        ("42\n", "YAML007", "found a number"),
        ("---\n", "YAML006", "empty"),
        ("~\n", "YAML006", "empty"),
        ("", "YAML006", "empty"),
    ],
)
def test_document_must_be_a_mapping(text: str, code: str, found: str) -> None:
    finding = one(text)
    assert finding.code == code and found in finding.message
    assert finding.line >= 1 and finding.column >= 1


def test_parse_errors_come_through() -> None:
    finding = one("id: CI-0001\nid: CI-0002\n")
    assert at(finding) == ("YAML002", 2, 1)


def test_size_limit_is_passed_through() -> None:
    finding = one(ITEM, max_bytes=10)
    assert finding.code == "YAML004"


DATA = Path(__file__).resolve().parent.parent / "data"
# Fragments that tend to break YAML, or change what it means.
FRAGMENTS = [
    *" \t\n:-[]{}#&*!|>'\",?%@`~0.",
    "yes",
    "no",
    "<<",
    "---",
    "...",
    "!!str ",
    "\n  ",
    "\n- ",
    "1.10",
    "2026-01-01T00:00",
    "\u00e9",
    "\x85",
    "\x00",
    "\ufeff",
]


def test_mutated_examples_never_raise_and_stay_inside_the_file() -> None:
    """Random edits of the example records: every outcome is a finding (or a
    record), and every finding points at a line and column that exist."""
    rng = random.Random(20260302)
    files = sorted(DATA.glob("*/*/*.yaml"))
    kinds = {kind.name: kind for kind in KINDS}
    for _ in range(600):
        file = rng.choice(files)
        data = bytearray(file.read_bytes())
        for _ in range(rng.randint(1, 4)):
            at_byte = rng.randint(0, len(data))
            fragment = rng.choice(FRAGMENTS).encode()
            if rng.random() < 0.6:
                data[at_byte:at_byte] = fragment
            else:
                del data[at_byte : at_byte + rng.randint(1, 5)]
        kind_name = file.parent.parent.name
        if kind_name == "config":
            model, id_field, path = RepoConfig, None, "ccgov.yaml"
        else:
            kind = kinds[kind_name]
            model, id_field, path = kind.model, kind.id_field, f"{kind.directory}/x.yaml"
        _, findings = load_record(path, bytes(data), model, id_field=id_field)
        lines = bytes(data).split(b"\n")
        for finding in findings:
            assert finding.message and finding.file == path
            if finding.line == 0:
                assert finding.code == "YAML004"
                continue
            assert 1 <= finding.line <= len(lines), (finding, bytes(data))
            text = lines[finding.line - 1].decode("utf-8", "replace")
            assert 1 <= finding.column <= len(text) + 1, (finding, bytes(data))
