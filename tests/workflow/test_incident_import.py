"""`ccgov incident import`: a service-desk export becomes incident records in
one commit; duplicates are skipped; bad input is refused with the row and
column named and nothing written."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from helpers import ROOT, git

DATA = ROOT / "tests" / "data" / "import"
EXPORT = DATA / "export.csv"
MAPPING = DATA / "mapping.yaml"

SLA = """\
id: SLA-0001
title: Contact-center technology support
version: "1.0"
provider: IT
customer: Contact center
owner: alice
effective:
  from: 2026-01-01
severities:
  1: {response: {within: 15m, clock: 24x7}, resolution: {within: 4h, clock: 24x7}}
  2: {response: {within: 30m, clock: 24x7}, resolution: {within: 8h, clock: 24x7}}
  3: {response: {within: 4h, clock: 24x7}, resolution: {within: 3d, clock: 24x7}}
  4: {response: {within: 1d, clock: 24x7}, resolution: {within: 10d, clock: 24x7}}
"""

HEADER = (
    "Number,Short description,Priority,Service,Opened,First response,Resolved,Closed,"
    "Assigned to,Caller,Configuration item,Description"
)
GOOD = (
    "INC1,Queue overflow not routing,2 - High,Contact center,03/02/2026 09:15,"
    "03/02/2026 09:20,03/02/2026 12:00,,Carol Telecom,Floor,Main routing script,"
)


@pytest.fixture
def repo(governed: Path) -> Path:
    """The governed repo plus an SLA for the incidents to fall under."""
    (governed / "slas").mkdir()
    (governed / "slas" / "SLA-0001.yaml").write_text(SLA, encoding="utf-8")
    git(governed, "add", "slas/SLA-0001.yaml")
    git(governed, "commit", "-q", "-m", "SLA")
    return governed


def state(root: Path) -> tuple[str, str, str]:
    """HEAD, work tree and index: what "nothing written" must leave alone."""
    return (
        git(root, "rev-parse", "HEAD"),
        git(root, "status", "--porcelain", "--untracked-files=all"),
        git(root, "diff", "--cached"),
    )


def importing(cli, root: Path, csv: Path = EXPORT, mapping: Path = MAPPING, *extra: str):
    return cli("-C", root, "incident", "import", csv, "--map", mapping, *extra)


def csv_file(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "export.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def mapping_file(tmp_path: Path, text: str | None = None, **replace: str) -> Path:
    text = MAPPING.read_text(encoding="utf-8") if text is None else text
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(cli, root: Path, csv: Path, mapping: Path = MAPPING) -> str:
    """Run an import that must fail: exit 1, no traceback, nothing written.
    Returns what it printed on stderr."""
    before = state(root)
    for extra in ((), ("--apply",)):
        result = importing(cli, root, csv, mapping, *extra)
        assert result.exit_code == 1, result
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert "nothing was imported" in result.stderr
        assert state(root) == before
        assert not (root / "incidents").exists()
    return result.stderr


# --- the normal path ---------------------------------------------------------


def test_dry_run_shows_the_plan_and_writes_nothing(repo: Path, cli) -> None:
    before = state(repo)
    result = importing(cli, repo)
    assert result.exit_code == 0, result.stderr
    assert state(repo) == before
    assert not (repo / "incidents").exists()
    lines = result.stdout.splitlines()
    assert lines[0] == "Would import 3 incidents from export.csv:"
    assert (
        "INC-0001  sev 1  2026-03-02 09:15:00-06:00  IVR drops callers after the main menu"
        in (lines[1])
    )
    assert (
        "INC-0003  sev 4  2026-03-10 08:00:00-05:00  Wallboard shows stale queue counts"
        in (lines[3])
    )
    assert "row 5  INC0010041" in result.stdout and "(already row 2)" in result.stdout
    assert "3 new, 1 duplicate, 1 blank row. Dry run: nothing written" in result.stdout


def test_apply_writes_every_new_incident_in_one_commit(repo: Path, cli) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    result = importing(cli, repo, EXPORT, MAPPING, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "incident(INC-0001..INC-0003): import: committed" in result.stdout

    assert git(repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    message = git(repo, "log", "-1", "--format=%B")
    assert message.startswith("incident(INC-0001..INC-0003): import\n")
    assert "Ccgov-Action: import" in message
    assert "Ccgov-Record: INC-0001..INC-0003" in message
    changed = git(repo, "show", "--name-status", "--format=", "HEAD").split("\n")
    assert sorted(filter(None, changed)) == [f"A\tincidents/INC-000{n}.yaml" for n in (1, 2, 3)]
    assert git(repo, "status", "--porcelain") == ""
    assert cli("-C", repo, "validate").exit_code == 0

    first = (repo / "incidents" / "INC-0001.yaml").read_text(encoding="utf-8")
    assert first.startswith(
        "# Imported from export.csv row 2 (ticket INC0010041) by ccgov incident import.\n"
    )
    assert "severity: 1\n" in first and "sla: SLA-0001\n" in first
    assert "opened: '2026-03-02T09:15:00-06:00'" in first  # naive Chicago time made explicit
    assert "closed: '2026-03-03T08:00:00-06:00'" in first
    assert "assignee: carol\n" in first  # "Carol Telecom" through the assignee map
    assert "affects:\n  - CI-0001\n" in first  # "Main routing script" through the item map
    assert "reported_by: Claims floor\n" in first
    # The quoted multi-line description keeps its line break, without the CR.
    assert 'description: "Callers pressing 2 hear silence,\\nthen the call drops."' in first

    second = (repo / "incidents" / "INC-0002.yaml").read_text(encoding="utf-8")
    assert "title: Agent desktop slow, screen pops take 20s\n" in second
    # Opened before the DST change (CST), resolved after it (CDT).
    assert "opened: '2026-03-06T16:30:00-06:00'" in second
    assert "resolved: '2026-03-09T10:00:00-05:00'" in second
    assert "affects:\n  - CI-0001\n  - CI-0002\n" in second
    assert "closed" not in second

    third = (repo / "incidents" / "INC-0003.yaml").read_text(encoding="utf-8")
    assert "opened: '2026-03-10T08:00:00-05:00'" in third  # an explicit offset is kept
    assert "reported_by: Service desk\n" in third  # the mapping's constant fills the gap
    assert "assignee" not in third and "affects" not in third


def test_importing_the_same_export_twice_writes_nothing_the_second_time(repo: Path, cli) -> None:
    assert importing(cli, repo, EXPORT, MAPPING, "--apply").exit_code == 0
    before = state(repo)
    result = importing(cli, repo, EXPORT, MAPPING, "--apply")
    assert result.exit_code == 0, result.stderr
    assert state(repo) == before
    assert "0 new, 4 duplicate, 1 blank row: nothing to import." in result.stdout
    assert "(already INC-0001)" in result.stdout
    assert sorted(p.name for p in (repo / "incidents").iterdir()) == [
        "INC-0001.yaml",
        "INC-0002.yaml",
        "INC-0003.yaml",
    ]


def test_rows_recorded_while_waiting_for_the_lock_are_refused_not_committed_empty(
    repo: Path, cli
) -> None:
    """The dry run saw new rows; by the time the import holds the lock another
    one has recorded them: planned again under the lock, it is refused."""
    from ccgov.errors import RefusedError
    from ccgov.imports.batch import write_import
    from ccgov.imports.incidents import load_source, plan_import
    from ccgov.store.repo import load_repository

    source = load_source(EXPORT, MAPPING)
    assert plan_import(load_repository(repo), source).new  # what the dry run saw
    assert importing(cli, repo, EXPORT, MAPPING, "--apply").exit_code == 0  # the other one
    before = state(repo)
    with pytest.raises(RefusedError, match="every row is now recorded"):
        write_import(
            load_repository(repo),
            lambda current: plan_import(current, source),
            lambda plan: ("incident", plan.label),
            nothing_new="nothing new to import: every row is now recorded",
            commit=True,
        )
    assert state(repo) == before


def test_a_header_without_rows_imports_nothing(repo: Path, cli, tmp_path: Path) -> None:
    # An export whose filter selected nothing is a quiet day: exit 0, nothing written.
    before = state(repo)
    for export in (csv_file(tmp_path), csv_file(tmp_path, ",,,", "")):
        result = importing(cli, repo, export, MAPPING, "--apply")
        assert result.exit_code == 0, result.stderr
        assert "nothing to import" in result.stdout
        assert state(repo) == before


def test_every_row_already_recorded_is_not_an_error(repo: Path, cli, tmp_path: Path) -> None:
    assert importing(cli, repo, csv_file(tmp_path, GOOD), MAPPING, "--apply").exit_code == 0
    before = state(repo)
    result = importing(cli, repo, csv_file(tmp_path, GOOD), MAPPING, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "0 new, 1 duplicate: nothing to import." in result.stdout
    assert state(repo) == before


def test_json_plan(repo: Path, cli) -> None:
    result = importing(cli, repo, EXPORT, MAPPING, "--format", "json")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["written"] is False and plan["commit"] is None
    assert plan["counts"] == {"new": 3, "duplicate": 1, "blank": 1}
    assert [i["id"] for i in plan["new"]] == ["INC-0001", "INC-0002", "INC-0003"]
    assert plan["new"][0] == {
        "row": 2,
        "id": "INC-0001",
        "file": "incidents/INC-0001.yaml",
        "severity": 1,
        "opened": "2026-03-02T09:15:00-06:00",
        "title": "IVR drops callers after the main menu",
        "external_id": "INC0010041",
    }
    assert plan["duplicates"][0]["row"] == 5
    assert plan["duplicates"][0]["duplicate_of"] == "row 2"

    applied = json.loads(importing(cli, repo, EXPORT, MAPPING, "--apply", "-f", "json").stdout)
    assert applied["written"] is True
    assert applied["commit"] == git(repo, "rev-parse", "HEAD").strip()


def test_no_commit_stages_the_records(repo: Path, cli) -> None:
    head = git(repo, "rev-parse", "HEAD")
    result = importing(cli, repo, EXPORT, MAPPING, "--apply", "--no-commit")
    assert result.exit_code == 0, result.stderr
    assert "staged, not committed" in result.stdout
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "diff", "--cached", "--name-only").split() == [
        f"incidents/INC-000{n}.yaml" for n in (1, 2, 3)
    ]


def test_no_commit_needs_apply(repo: Path, cli) -> None:
    assert importing(cli, repo, EXPORT, MAPPING, "--no-commit").exit_code == 2


def test_ids_follow_existing_incidents_and_known_ones_are_skipped(
    repo: Path, cli, tmp_path: Path
) -> None:
    # Already recorded by hand, written in UTC: the same instant as row 2's Chicago time.
    (repo / "incidents").mkdir()
    (repo / "incidents" / "INC-0007.yaml").write_text(
        "id: INC-0007\ntitle: IVR drops callers  after the main menu\nseverity: 1\n"
        "sla: SLA-0001\nopened: 2026-03-02T15:15:00Z\n",
        encoding="utf-8",
    )
    git(repo, "add", "incidents")
    git(repo, "commit", "-q", "-m", "INC-0007")
    result = importing(cli, repo, EXPORT, MAPPING, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "row 2  INC0010041" in result.stdout and "(already INC-0007)" in result.stdout
    assert "incident(INC-0008..INC-0009): import" in result.stdout
    assert (repo / "incidents" / "INC-0009.yaml").is_file()
    assert not (repo / "incidents" / "INC-0010.yaml").exists()


def test_one_new_incident_names_itself(repo: Path, cli, tmp_path: Path) -> None:
    result = importing(cli, repo, csv_file(tmp_path, GOOD), MAPPING, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "Ccgov-Record: INC-0001\n" in git(repo, "log", "-1", "--format=%B")


def test_relative_paths_are_read_from_the_C_directory(repo: Path, cli) -> None:
    (repo / "export.csv").write_bytes(EXPORT.read_bytes())
    (repo / "mapping.yaml").write_bytes(MAPPING.read_bytes())
    result = importing(cli, repo, Path("export.csv"), Path("mapping.yaml"))
    assert result.exit_code == 0, result.stderr
    assert "3 new" in result.stdout


def test_ambiguous_local_time_can_be_resolved_by_the_mapping(
    repo: Path, cli, tmp_path: Path
) -> None:
    export = csv_file(
        tmp_path,
        GOOD.replace("03/02/2026 09:15", "11/01/2026 01:30")
        .replace("03/02/2026 09:20", "11/01/2026 03:00")
        .replace("03/02/2026 12:00", "11/01/2026 04:00"),
    )
    later = mapping_file(tmp_path, **{"timezone:": "ambiguous_times: later\ntimezone:"})
    result = importing(cli, repo, export, later, "--apply")
    assert result.exit_code == 0, result.stderr
    text = (repo / "incidents" / "INC-0001.yaml").read_text(encoding="utf-8")
    assert "opened: '2026-11-01T01:30:00-06:00'" in text  # the second 01:30 (CST)


def test_written_timestamps_are_all_time_zone_aware(repo: Path, cli) -> None:
    from ccgov.store.repo import load_repository

    assert importing(cli, repo, EXPORT, MAPPING, "--apply").exit_code == 0
    incidents = load_repository(repo).of("incident")
    assert len(incidents) == 3
    for loaded in incidents:
        for name in ("opened", "responded", "resolved", "closed"):
            value = getattr(loaded.record, name)
            assert value is None or (isinstance(value, datetime) and value.utcoffset() is not None)


# --- bad input: refused, row and column named, nothing written ---------------


def test_missing_columns_are_named_once_from_the_header(repo: Path, cli, tmp_path: Path) -> None:
    header = HEADER.replace("Priority,", "Prio,").replace(",Opened,", ",Opened at,")
    row = GOOD
    stderr = refused(cli, repo, csv_file(tmp_path, row, row.replace("INC1", "INC2"), header=header))
    assert (
        "export.csv row 1: missing columns 'Opened' (columns.opened, did you mean 'Opened at'?)"
        in (stderr)
    )
    assert "'Priority' (columns.severity, did you mean 'Prio'?)" in stderr
    assert "the header has: Number, Short description, Prio," in stderr
    assert "1 problem:" in stderr  # checked once, not once per row


def test_unparseable_dates(repo: Path, cli, tmp_path: Path) -> None:
    export = csv_file(tmp_path, GOOD.replace("03/02/2026 09:15", "31/02/2026 9am"))
    stderr = refused(cli, repo, export)
    assert "export.csv row 2, column E (Opened): '31/02/2026 9am' is not a timestamp" in stderr
    assert "%m/%d/%Y %H:%M, ISO 8601" in stderr


def test_naive_timestamp_without_a_mapping_time_zone(repo: Path, cli, tmp_path: Path) -> None:
    no_zone = mapping_file(tmp_path, **{"timezone: America/Chicago\n": ""})
    stderr = refused(cli, repo, csv_file(tmp_path, GOOD), no_zone)
    assert "export.csv row 2, column E (Opened): '03/02/2026 09:15' has no UTC offset" in stderr
    assert "timezone: America/Chicago" in stderr


def test_unknown_severity_value(repo: Path, cli, tmp_path: Path) -> None:
    stderr = refused(cli, repo, csv_file(tmp_path, GOOD.replace("2 - High", "P5")))
    assert "export.csv row 2, column C (Priority): unknown severity 'P5'" in stderr
    assert "'1 - Critical'" in stderr  # the known values are listed


def test_resolved_before_opened(repo: Path, cli, tmp_path: Path) -> None:
    export = csv_file(tmp_path, GOOD.replace("03/02/2026 12:00", "03/01/2026 12:00"))
    stderr = refused(cli, repo, export)
    assert (
        "export.csv row 2, column G (Resolved): resolved (2026-03-01T12:00:00-06:00) is before "
        "responded (2026-03-02T09:20:00-06:00)"
    ) in stderr


def test_not_utf8(repo: Path, cli, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        (HEADER + "\n" + GOOD + "\n").encode() + GOOD.replace("Floor", "Caf\xe9").encode("cp1252")
    )
    stderr = refused(cli, repo, path)
    assert "export.csv row 3, column J (Caller): byte 0xe9 is not valid utf-8" in stderr
    assert "encoding: cp1252" in stderr  # the hint names the fix


def test_other_encodings_are_read_when_the_mapping_names_them(
    repo: Path, cli, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + "\n" + GOOD.replace("Floor", "Caf\xe9") + "\n").encode("cp1252"))
    mapping = mapping_file(tmp_path, **{"timezone:": "encoding: cp1252\ntimezone:"})
    result = importing(cli, repo, path, mapping, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "reported_by: Café" in (repo / "incidents" / "INC-0001.yaml").read_text("utf-8")


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_empty_file(repo: Path, cli, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    assert "export.csv: the file is empty" in refused(cli, repo, path)


def test_mapping_with_an_unknown_key(repo: Path, cli, tmp_path: Path) -> None:
    mapping = mapping_file(tmp_path, **{"timezone:": "time_zone:"})
    stderr = refused(cli, repo, csv_file(tmp_path, GOOD), mapping)
    assert "mapping.yaml:3:1: unknown key 'time_zone'; did you mean 'timezone'?" in stderr


def test_mapping_with_an_unknown_column_field(repo: Path, cli, tmp_path: Path) -> None:
    mapping = mapping_file(tmp_path, **{"  description: Description": "  ticket: Description"})
    stderr = refused(cli, repo, csv_file(tmp_path, GOOD), mapping)
    assert "mapping.yaml:17:3: unknown key 'ticket'" in stderr


def test_mapping_with_a_time_zone_that_does_not_exist(repo: Path, cli, tmp_path: Path) -> None:
    mapping = mapping_file(tmp_path, **{"America/Chicago": "America/Chicag"})
    stderr = refused(cli, repo, csv_file(tmp_path, GOOD), mapping)
    assert "mapping.yaml:3:11:" in stderr
    assert "unknown time zone 'America/Chicag'" in stderr


def test_mapping_without_severity_or_sla(repo: Path, cli, tmp_path: Path) -> None:
    mapping = mapping_file(
        tmp_path,
        "columns:\n  title: Short description\n  opened: Opened\n",
    )
    stderr = refused(cli, repo, csv_file(tmp_path, GOOD), mapping)
    assert "mapping.yaml:1:1: no severity" in stderr
    assert "mapping.yaml:1:1: no SLA" in stderr


def test_every_row_error_is_reported_at_once(repo: Path, cli, tmp_path: Path) -> None:
    export = csv_file(
        tmp_path,
        GOOD,
        GOOD.replace("INC1", "INC2").replace("Queue", "Skill").replace("2 - High", "Urgent"),
        GOOD.replace("INC1", "INC3").replace("03/02/2026 09:15", "soon"),
        GOOD.replace("INC1", "INC4")
        .replace("Queue overflow", "Wallboard")
        .replace("Carol Telecom", "Mallory")
        .replace("Main routing script", "CI-0099"),
        GOOD.replace("INC1", "INC5")
        .replace("Queue overflow", "Trunk")
        .replace("03/02/2026 09:20", "03/08/2026 02:30"),
        "INC6,too,few,cells",
    )
    stderr = refused(cli, repo, export)
    assert "6 problems:" in stderr
    assert "row 3, column C (Priority): unknown severity 'Urgent'" in stderr
    assert "row 4, column E (Opened): 'soon' is not a timestamp" in stderr
    assert "row 5, column K (Configuration item): no configuration item CI-0099" in stderr
    assert "row 5, column I (Assigned to): 'Mallory' is not a person in ccgov.yaml" in stderr
    assert "'Mallory': alice" in stderr  # how to map it
    assert (
        "row 6, column F (First response): '03/08/2026 02:30' does not exist in America/Chicago"
        in (stderr)
    )
    assert "row 7: the row has 4 cells, the header 12" in stderr


def test_row_numbers_count_records_as_a_spreadsheet_does(repo: Path, cli, tmp_path: Path) -> None:
    # Row 2's quoted description spans two lines of the file; row 3 is still row 3.
    export = csv_file(
        tmp_path,
        GOOD[:-1] + ',"two\nlines"',
        GOOD.replace("INC1", "INC2").replace("Queue", "Skill").replace("2 - High", "P9"),
    )
    assert "export.csv row 3, column C (Priority): unknown severity 'P9'" in refused(
        cli, repo, export
    )


def test_problems_are_capped(repo: Path, cli, tmp_path: Path) -> None:
    rows = [
        GOOD.replace("INC1", f"T{n}")
        .replace("2 - High", "?")
        .replace("Queue overflow", f"Case {n}")
        for n in range(150)
    ]
    stderr = refused(cli, repo, csv_file(tmp_path, *rows))
    assert "150 problems:" in stderr and "... and 50 more" in stderr


def test_ambiguous_local_time_is_refused_by_default(repo: Path, cli, tmp_path: Path) -> None:
    export = csv_file(
        tmp_path,
        GOOD.replace("03/02/2026 09:15", "11/01/2026 01:30")
        .replace("03/02/2026 09:20", "11/01/2026 03:00")
        .replace("03/02/2026 12:00", "11/01/2026 04:00"),
    )
    stderr = refused(cli, repo, export)
    assert "'11/01/2026 01:30' happens twice in America/Chicago" in stderr
    assert "2026-11-01T01:30:00-05:00 or 2026-11-01T01:30:00-06:00" in stderr


def test_malformed_csv(repo: Path, cli, tmp_path: Path) -> None:
    export = csv_file(tmp_path, GOOD, 'INC2,"broken" quote,2 - High')
    assert "export.csv row 3: the file is not well-formed CSV here" in refused(cli, repo, export)


def test_severity_without_a_target_in_the_sla(repo: Path, cli, tmp_path: Path) -> None:
    sla = repo / "slas" / "SLA-0001.yaml"
    sla.write_text(SLA.rsplit("  4:", 1)[0], encoding="utf-8")
    git(repo, "commit", "-q", "-am", "no sev 4")
    export = csv_file(tmp_path, GOOD.replace("2 - High", "4 - Low"))
    assert "row 2, column C (Priority): SLA-0001 sets no target for severity 4" in refused(
        cli, repo, export
    )


def test_values_from_the_mapping_are_checked_too(repo: Path, cli, tmp_path: Path) -> None:
    mapping = mapping_file(
        tmp_path,
        "timezone: America/Chicago\ntimestamp_formats: ['%m/%d/%Y %H:%M']\nsla: SLA-0009\n"
        "columns: {title: Short description, opened: Opened}\n"
        "constants: {severity: 2, assignee: zed}\n",
    )
    stderr = refused(cli, repo, csv_file(tmp_path, GOOD), mapping)
    assert (
        "export.csv row 2: there is no SLA SLA-0009 in the repository (known: SLA-0001) "
        "(from the mapping's sla)"
    ) in stderr
    assert (
        "export.csv row 2: 'zed' is not a person in ccgov.yaml "
        "(from the mapping's constants.assignee)"
    ) in stderr


def test_json_errors(repo: Path, cli, tmp_path: Path) -> None:
    export = csv_file(tmp_path, GOOD.replace("2 - High", "P5"))
    result = importing(cli, repo, export, MAPPING, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["problems"] == [
        {
            "file": "export.csv",
            "line": 2,
            "column": 3,
            "column_name": "Priority",
            "message": report["problems"][0]["message"],
        }
    ]
    assert report["problems"][0]["message"].startswith("unknown severity 'P5'")


def test_missing_file_is_a_usage_error(repo: Path, cli, tmp_path: Path) -> None:
    result = importing(cli, repo, tmp_path / "nope.csv", MAPPING)
    assert result.exit_code == 2
    assert "nope.csv is not a file" in result.stderr


def test_importer_not_in_ccgov_yaml_is_refused(repo: Path, cli) -> None:
    git(repo, "config", "user.email", "mallory@example.com")
    before = state(repo)
    result = importing(cli, repo, EXPORT, MAPPING, "--apply")
    assert result.exit_code == 1
    assert "mallory@example.com is not a person in ccgov.yaml" in result.stderr
    assert state(repo) == before


def test_tickets_already_recorded_are_skipped_even_after_a_retitle(repo: Path, cli) -> None:
    assert importing(cli, repo, EXPORT, MAPPING, "--apply").exit_code == 0
    first = repo / "incidents/INC-0001.yaml"
    text = first.read_text()
    assert "external_id: INC0010041" in text
    first.write_text(text.replace("IVR drops callers after the main menu", "IVR drop after menu"))
    git(repo, "commit", "-qam", "retitle")
    before = state(repo)
    result = importing(cli, repo, EXPORT, MAPPING, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "(already INC-0001)" in result.stdout
    assert state(repo) == before


# --- the worked example in docs/imports.md -----------------------------------

EXAMPLE = DATA / "docs" / "example"


def test_the_documented_example_writes_the_documented_records(repo: Path, cli) -> None:
    result = importing(cli, repo, EXAMPLE / "tickets.csv", EXAMPLE / "mapping.yaml", "--apply")
    assert result.exit_code == 0, result.stderr
    assert "incident(INC-0001..INC-0002): import: committed" in result.stdout
    for name in ("INC-0001.yaml", "INC-0002.yaml"):
        written = (repo / "incidents" / name).read_text(encoding="utf-8")
        assert written == (EXAMPLE / name).read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "imports.md").read_text(encoding="utf-8")
    for name in ("tickets.csv", "mapping.yaml", "INC-0001.yaml"):
        assert (EXAMPLE / name).read_text(encoding="utf-8") in docs, f"docs/imports.md: {name}"


# --- the shared reader, end to end -------------------------------------------


def test_a_time_in_year_9999_is_refused_at_its_cell(repo: Path, cli, tmp_path: Path) -> None:
    export = csv_file(
        tmp_path,
        GOOD.replace("03/02/2026 09:15", "12/31/9999 23:30"),
        GOOD.replace("INC1", "INC2")
        .replace("Queue", "Skill")
        .replace("03/02/2026 12:00", "03/02/9999 12:00"),
    )
    stderr = refused(cli, repo, export)
    assert (
        "export.csv row 2, column E (Opened): '12/31/9999 23:30' is outside the supported "
        "range (1970 to 2999); check the year"
    ) in stderr
    assert "export.csv row 3, column G (Resolved): '03/02/9999 12:00' is outside" in stderr


def test_utf16_and_semicolons_as_spreadsheets_save_them(repo: Path, cli, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        ("\ufeff" + HEADER + "\r\n" + GOOD + "\r\n").replace(",", ";").encode("utf-16-le")
    )
    result = importing(cli, repo, path, MAPPING, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "title: Queue overflow not routing\n" in (repo / "incidents/INC-0001.yaml").read_text()


def test_a_value_yaml_cannot_carry_is_refused_at_its_cell(repo: Path, cli, tmp_path: Path) -> None:
    export = csv_file(tmp_path, GOOD.replace("Queue overflow", "Queue\u2028overflow"))
    stderr = refused(cli, repo, export)
    assert "export.csv row 2, column B (Short description): the value cannot be stored" in stderr
    assert "U+2028 (line separator)" in stderr


def test_ragged_rows_and_bad_cells_together(repo: Path, cli, tmp_path: Path) -> None:
    export = csv_file(
        tmp_path, GOOD + ",extra", GOOD.replace("INC1", "INC2").replace("2 - High", "?")
    )
    stderr = refused(cli, repo, export)
    assert "2 problems:" in stderr
    assert "row 2: the row has 13 cells, the header 12" in stderr
    assert "row 3, column C (Priority): unknown severity '?'" in stderr
