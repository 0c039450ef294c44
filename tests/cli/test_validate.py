"""`ccgov validate` end to end: real files in a real git repository, through
ccgov's own entry point. Bad input gives a finding with file, line and column
and exit 1; never a traceback, a crash or a hang."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import Result

CONFIG = """\
organisation: Validate Test
timezone: America/Chicago
people:
  - handle: ann
    name: Ann Liaison
    email: ann@example.com
    organisation: contact_center
    roles: [liaison]
  - handle: bob
    name: Bob Board
    email: bob@example.com
    organisation: it
    roles: [cab]
roles:
  cab: {name: Change advisory board}
  liaison: {name: Liaison}
"""

ITEM = """\
id: {id}
name: Main routing script
kind: routing_script
version: "4.10"
owner: ann
"""

REQUIREMENT = """\
id: REQ-0001
title: Overflow routing
statement: The ACD shall route calls waiting over 5 minutes to an overflow queue.
kind: functional
priority: must
source: ann
owner: ann
area: routing
satisfied_by: [CI-0001]
"""

Cli = Callable[..., Result]


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Callable[..., Path]:
    """A committed governed repository: ccgov.yaml, CI-0001 and REQ-0001, plus ``extra``."""

    def build(extra: dict[str, str | bytes] | None = None, *, commit: bool = True) -> Path:
        files: dict[str, str | bytes] = {
            "ccgov.yaml": CONFIG,
            "items/CI-0001.yaml": ITEM.format(id="CI-0001"),
            "requirements/REQ-0001.yaml": REQUIREMENT,
        }
        files.update(extra or {})
        return make_repo(files, commit=commit)

    return build


def findings(cli: Cli, root: Path, *args: str | Path) -> tuple[int, list[dict[str, object]]]:
    result = cli("-C", root, "validate", "--format", "json", *args)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, json.loads(result.stdout)


def single(cli: Cli, root: Path, *args: str | Path) -> dict[str, object]:
    """The one finding a bad file produces; validate must fail with exit 1."""
    code, found = findings(cli, root, *args)
    assert code == 1, found
    assert len(found) == 1, found
    return found[0]


def triple(finding: dict[str, object]) -> tuple[object, object, object, object]:
    return finding["code"], finding["file"], finding["line"], finding["column"]


def test_clean_repository_exits_0(repo: Callable[..., Path], cli: Cli) -> None:
    result = cli("-C", repo(), "validate")
    assert result.exit_code == 0, result.stdout
    assert "ok: 3 files checked, no findings" in result.stdout


def test_clean_repository_json_is_an_empty_list(repo: Callable[..., Path], cli: Cli) -> None:
    assert findings(cli, repo()) == (0, [])


def test_validate_from_a_subdirectory_finds_the_root(
    repo: Callable[..., Path], cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo({"items/CI-0002.yaml": ITEM.format(id="CI-0002")})
    monkeypatch.chdir(root / "items")
    result = cli("validate", "--format", "json")
    assert result.exit_code == 0, result.stdout


# --- bad input, one finding each ---------------------------------------------


def test_malformed_yaml(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo({"items/CI-0002.yaml": "id: CI-0002\nname: [Main\nowner: ann\n"})
    finding = single(cli, root)
    assert triple(finding) == ("YAML001", "items/CI-0002.yaml", 3, 6)
    assert finding["severity"] == "error"


def test_tab_indented_file(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo({"items/CI-0002.yaml": "id: CI-0002\nattributes:\n\tchannels: 23\n"})
    finding = single(cli, root)
    assert triple(finding) == ("YAML001", "items/CI-0002.yaml", 3, 1)
    assert "tab" in str(finding["message"])


def test_duplicate_keys_name_the_first_line(repo: Callable[..., Path], cli: Cli) -> None:
    text = ITEM.format(id="CI-0002") + "owner: bob\n"
    finding = single(cli, repo({"items/CI-0002.yaml": text}))
    assert triple(finding) == ("YAML002", "items/CI-0002.yaml", 6, 1)
    assert "first defined at line 5" in str(finding["message"])


def test_yaml_1_1_boolean_word_in_a_bool_field(repo: Callable[..., Path], cli: Cli) -> None:
    config = CONFIG.replace("    roles: [cab]\n", "    roles: [cab]\n    active: no\n")
    code, found = findings(cli, repo({"ccgov.yaml": config}))
    assert code == 1
    # An invalid ccgov.yaml also means the cross-record rules could not run.
    assert [triple(f) for f in found] == [
        ("FILE002", "ccgov.yaml", 0, 0),
        ("SCH006", "ccgov.yaml", 14, 13),
    ]
    assert "'no' is text in YAML 1.2" in str(found[1]["message"])
    assert "true or false" in str(found[1]["message"])


def test_on_as_a_key_is_unknown_not_true(repo: Callable[..., Path], cli: Cli) -> None:
    text = ITEM.format(id="CI-0002") + "on: call\n"
    finding = single(cli, repo({"items/CI-0002.yaml": text}))
    assert triple(finding) == ("SCH002", "items/CI-0002.yaml", 6, 1)
    assert "unknown key 'on'" in str(finding["message"])


def test_no_is_text_in_a_text_field(repo: Callable[..., Path], cli: Cli) -> None:
    text = ITEM.format(id="CI-0002").replace("name: Main routing script", "name: no")
    code, found = findings(cli, repo({"items/CI-0002.yaml": text}))
    assert (code, found) == (0, [])


def test_unquoted_version(repo: Callable[..., Path], cli: Cli) -> None:
    text = ITEM.format(id="CI-0002").replace('"4.10"', "1.10")
    finding = single(cli, repo({"items/CI-0002.yaml": text}))
    assert triple(finding) == ("SCH004", "items/CI-0002.yaml", 4, 10)
    message = str(finding["message"])
    assert "quote it" in message and '"1.10"' in message


def test_naive_timestamp(repo: Callable[..., Path], cli: Cli) -> None:
    incident = """\
id: INC-0001
title: Overflow queue unreachable
severity: 1
sla: SLA-0001
opened: 2026-03-02 09:00:00
"""
    root = repo({"incidents/INC-0001.yaml": incident})
    code, found = findings(cli, root, "incidents/INC-0001.yaml")
    assert code == 1
    assert [triple(f) for f in found] == [("SCH005", "incidents/INC-0001.yaml", 5, 9)]
    assert "no time zone" in str(found[0]["message"])


def test_unknown_key_did_you_mean(repo: Callable[..., Path], cli: Cli) -> None:
    text = ITEM.format(id="CI-0002") + "dependson: [CI-0001]\n"
    finding = single(cli, repo({"items/CI-0002.yaml": text}))
    assert triple(finding) == ("SCH002", "items/CI-0002.yaml", 6, 1)
    assert "did you mean 'depends_on'?" in str(finding["message"])


def test_enum_lists_allowed_values(repo: Callable[..., Path], cli: Cli) -> None:
    text = ITEM.format(id="CI-0002").replace("routing_script", "script")
    finding = single(cli, repo({"items/CI-0002.yaml": text}))
    assert triple(finding) == ("SCH003", "items/CI-0002.yaml", 3, 7)
    assert "'call_flow'" in str(finding["message"]) and "'routing_script'" in str(
        finding["message"]
    )


def test_id_does_not_match_file_name(repo: Callable[..., Path], cli: Cli) -> None:
    finding = single(cli, repo({"items/CI-0002.yaml": ITEM.format(id="CI-0003")}))
    assert triple(finding) == ("ID001", "items/CI-0002.yaml", 1, 5)


def test_duplicate_ids(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo({"items/CI-0002.yaml": ITEM.format(id="CI-0001")})
    code, found = findings(cli, root)
    assert code == 1
    assert sorted(triple(f) for f in found) == [
        ("ID001", "items/CI-0002.yaml", 1, 5),
        ("ID002", "items/CI-0001.yaml", 1, 5),
        ("ID002", "items/CI-0002.yaml", 1, 5),
    ]


def test_dangling_references(repo: Callable[..., Path], cli: Cli) -> None:
    requirement = REQUIREMENT.replace("satisfied_by: [CI-0001]", "satisfied_by: [CI-0001, CI-0042]")
    requirement = requirement.replace("owner: ann", "owner: zoe")
    config = CONFIG.replace("roles: [liaison]", "roles: [liaison, chair]")
    root = repo({"requirements/REQ-0001.yaml": requirement, "ccgov.yaml": config})
    code, found = findings(cli, root)
    assert code == 1
    assert sorted(triple(f) for f in found) == [
        ("REF001", "requirements/REQ-0001.yaml", 7, 8),
        ("REF002", "ccgov.yaml", 8, 22),
        ("REF003", "requirements/REQ-0001.yaml", 9, 25),
    ]


def test_fifty_megabyte_file(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo(commit=False)
    with (root / "items" / "CI-0002.yaml").open("wb") as handle:
        handle.write(b"id: CI-0002\nnotes: ")
        chunk = b"x" * (1024 * 1024)
        for _ in range(50):
            handle.write(chunk)
    finding = single(cli, root)
    assert triple(finding) == ("YAML004", "items/CI-0002.yaml", 0, 0)
    assert "52,428,819 bytes" in str(finding["message"])


def test_billion_laughs(repo: Callable[..., Path], cli: Cli) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    finding = single(cli, repo({"items/CI-0002.yaml": "\n".join(lines) + "\n"}))
    assert triple(finding) == ("YAML003", "items/CI-0002.yaml", 1, 4)


def test_deeply_nested_brackets_do_not_crash(repo: Callable[..., Path], cli: Cli) -> None:
    text = "id: CI-0002\nname: " + "[" * 400_000 + "]" * 400_000 + "\n"
    finding = single(cli, repo({"items/CI-0002.yaml": text}))
    assert finding["code"] == "YAML004" and finding["line"] == 2


def test_non_utf8_file(repo: Callable[..., Path], cli: Cli) -> None:
    text = "id: CI-0002\nname: Überlauf \xe9\n".encode("latin-1")
    finding = single(cli, repo({"items/CI-0002.yaml": text}))
    assert triple(finding) == ("YAML005", "items/CI-0002.yaml", 2, 7)
    assert "0xdc" in str(finding["message"])


def test_empty_file(repo: Callable[..., Path], cli: Cli) -> None:
    finding = single(cli, repo({"items/CI-0002.yaml": ""}))
    assert triple(finding) == ("YAML006", "items/CI-0002.yaml", 1, 1)


def test_directory_named_like_a_record(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo({"items/CI-0009.yaml/readme.txt": "not a record\n"})
    finding = single(cli, root)
    assert triple(finding) == ("YAML008", "items/CI-0009.yaml", 0, 0)
    assert "is a directory" in str(finding["message"])


def test_record_symlinked_from_outside(repo: Callable[..., Path], cli: Cli, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(ITEM.format(id="CI-0002"))
    root = repo()
    (root / "items" / "CI-0002.yaml").symlink_to(outside)
    finding = single(cli, root)
    assert triple(finding) == ("YAML008", "items/CI-0002.yaml", 0, 0)
    assert "outside the repository" in str(finding["message"])
    # Named on the command line, the link is reported, not refused as a usage error.
    assert triple(single(cli, root, "items/CI-0002.yaml"))[0] == "YAML008"


def test_record_directory_symlinked_from_outside(
    make_repo: Callable[..., Path], cli: Cli, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "CI-0001.yaml").write_text(ITEM.format(id="CI-0001"))
    root = make_repo({"ccgov.yaml": CONFIG})
    (root / "items").symlink_to(elsewhere, target_is_directory=True)
    finding = single(cli, root)
    assert triple(finding) == ("YAML008", "items/CI-0001.yaml", 0, 0)


def test_broken_symlink(repo: Callable[..., Path], cli: Cli, tmp_path: Path) -> None:
    root = repo()
    (root / "items" / "CI-0002.yaml").symlink_to(root / "items" / "gone.yaml")
    finding = single(cli, root)
    assert triple(finding) == ("YAML008", "items/CI-0002.yaml", 0, 0)
    assert "broken link" in str(finding["message"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_opened(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo()
    os.mkfifo(root / "items" / "CI-0002.yaml")  # opening it would block forever
    finding = single(cli, root)
    assert triple(finding) == ("YAML008", "items/CI-0002.yaml", 0, 0)


def test_explicit_python_tag(repo: Callable[..., Path], cli: Cli) -> None:
    text = "id: CI-0002\nname: !!python/object/apply:os.system ['touch pwned']\n"
    root = repo({"items/CI-0002.yaml": text})
    finding = single(cli, root)
    assert triple(finding) == ("YAML003", "items/CI-0002.yaml", 2, 7)
    assert not (root / "pwned").exists()


def test_top_level_list(repo: Callable[..., Path], cli: Cli) -> None:
    finding = single(cli, repo({"items/CI-0002.yaml": "- id: CI-0002\n- name: x\n"}))
    assert triple(finding) == ("YAML007", "items/CI-0002.yaml", 1, 1)


def test_nested_error_in_a_list_lands_on_its_line_and_column(
    repo: Callable[..., Path], cli: Cli
) -> None:
    rfc = """\
id: RFC-0001
title: Overflow queue
description: Add it.
type: normal
category: routing_change
requested_by: ann
justification: Abandon rate.
risk: low
impact: low
approvals:
  - by: bob
    role: cab
    decision: approve
    at: 2026-03-02T10:00:00Z
    content_hash: sha256:{h}
  - by: bob
    role: CAB Chair
    decision: approve
    at: 2026-03-02T11:00:00Z
    content_hash: sha256:{h}
""".format(h="0" * 64)
    finding = single(cli, repo({"changes/RFC-0001.yaml": rfc}))
    assert triple(finding) == ("SCH003", "changes/RFC-0001.yaml", 17, 11)
    assert str(finding["message"]).startswith("approvals[1].role: 'CAB Chair'")


def test_missing_key_points_at_the_parent_mapping(repo: Callable[..., Path], cli: Cli) -> None:
    text = "id: CI-0002\nname: x\nkind: queue\nowner: ann\nattributes: {}\n"
    text = "# Overflow queue\n" + text
    finding = single(cli, repo({"items/CI-0002.yaml": text}))
    assert triple(finding) == ("SCH001", "items/CI-0002.yaml", 2, 1)
    assert finding["message"] == "missing required key 'version'"


# --- output formats -----------------------------------------------------------


def bad_repo(repo: Callable[..., Path]) -> Path:
    """Two files with problems, an error each, plus a FILE001 warning."""
    return repo(
        {
            "items/CI-0002.yaml": ITEM.format(id="CI-0002").replace('"4.10"', "4.10"),
            "items/CI-0003.yaml": ITEM.format(id="CI-0003").replace("owner: ann", "owner: zoe"),
            "items/notes.txt": "scratch\n",
        }
    )


def test_json_format_is_a_list_of_ordered_objects(repo: Callable[..., Path], cli: Cli) -> None:
    result = cli("-C", bad_repo(repo), "validate", "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert isinstance(found, list) and len(found) == 3
    for finding in found:
        assert list(finding) == ["code", "severity", "file", "line", "column", "message"]
    assert [(f["code"], f["severity"]) for f in found] == [
        ("SCH004", "error"),
        ("REF001", "error"),
        ("FILE001", "warning"),
    ]


def test_github_format(repo: Callable[..., Path], cli: Cli) -> None:
    result = cli("-C", bad_repo(repo), "validate", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "::error file=items/CI-0002.yaml,line=4,col=10,title=SCH004::version: 4.10 is read as"
    )
    assert lines[1].startswith("::error file=items/CI-0003.yaml,line=5,col=8,title=REF001::")
    # A whole-file finding has no line to point at.
    assert lines[2].startswith("::warning file=items/notes.txt,title=FILE001::")


def test_auto_format_picks_github_under_actions(
    repo: Callable[..., Path], cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("-C", bad_repo(repo), "validate")
    assert result.stdout.startswith("::error file=")


def test_text_format_groups_by_file(repo: Callable[..., Path], cli: Cli) -> None:
    result = cli("-C", bad_repo(repo), "validate", "--format", "text")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "items/CI-0002.yaml"
    assert "4:10" in lines[1] and "SCH004" in lines[1] and "quote it" in lines[1]
    assert lines[2] == "items/CI-0003.yaml"
    assert "5:8" in lines[3] and "REF001" in lines[3]
    assert lines[4] == "items/notes.txt"
    assert "FILE001" in lines[5] and "warning" in lines[5]
    assert lines[-1] == "2 errors, 1 warning in 5 files checked"


def test_strict_turns_warnings_into_failure(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo({"items/notes.txt": "scratch\n"})
    relaxed = cli("-C", root, "validate", "--format", "json")
    assert relaxed.exit_code == 0
    assert [f["code"] for f in json.loads(relaxed.stdout)] == ["FILE001"]
    assert cli("-C", root, "validate", "--strict").exit_code == 1


def test_ignore_option_suppresses_codes(repo: Callable[..., Path], cli: Cli) -> None:
    root = bad_repo(repo)
    code, found = findings(cli, root, "--ignore", "SCH004", "--ignore", "FILE001")
    assert code == 1 and [f["code"] for f in found] == ["REF001"]
    code, found = findings(cli, root, "--ignore", "SCH004,REF001", "--strict")
    assert code == 1 and [f["code"] for f in found] == ["FILE001"]
    code, found = findings(cli, root, "--ignore", "SCH004,REF001,FILE001", "--strict")
    assert (code, found) == (0, [])


def test_config_ignore_list_suppresses_codes(repo: Callable[..., Path], cli: Cli) -> None:
    config = CONFIG + "validation:\n  ignore: [{code: FILE001, reason: scratch notes}]\n"
    root = repo({"ccgov.yaml": config, "items/notes.txt": "scratch\n"})
    assert findings(cli, root, "--strict") == (0, [])


# --- paths and usage ------------------------------------------------------------


def test_file_path_reports_only_that_file(repo: Callable[..., Path], cli: Cli) -> None:
    root = bad_repo(repo)
    code, found = findings(cli, root, "items/CI-0003.yaml")
    assert code == 1 and [(f["code"], f["file"]) for f in found] == [
        ("REF001", "items/CI-0003.yaml")
    ]
    code, found = findings(cli, root, "items/CI-0001.yaml")
    assert (code, found) == (0, [])
    code, found = findings(cli, root, root / "items" / "CI-0002.yaml", "items/notes.txt")
    assert [f["code"] for f in found] == ["SCH004", "FILE001"]


def test_directory_path_reports_the_files_under_it(repo: Callable[..., Path], cli: Cli) -> None:
    root = bad_repo(repo)
    code, found = findings(cli, root, "items")
    assert code == 1 and len(found) == 3
    code, found = findings(cli, root, "requirements/")
    assert (code, found) == (0, [])
    code, found = findings(cli, root, ".")
    assert len(found) == 3


def test_file_path_still_says_when_rules_could_not_run(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo({"ccgov.yaml": CONFIG.replace("organisation: Validate Test\n", "")})
    code, found = findings(cli, root, "items/CI-0001.yaml")
    assert code == 1 and [f["code"] for f in found] == ["FILE002"]


def test_nonexistent_path_is_a_usage_error(repo: Callable[..., Path], cli: Cli) -> None:
    result = cli("-C", repo(), "validate", "items/CI-0404.yaml")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_path_outside_the_repository_is_a_usage_error(
    repo: Callable[..., Path], cli: Cli, tmp_path: Path
) -> None:
    root = repo()
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.yaml").write_text("a: 1\n")
    result = cli("-C", root, "validate", root / "items", other / "x.yaml")
    assert result.exit_code == 2
    assert "not inside the repository" in result.stderr


def test_outside_a_governed_repository(cli: Cli, tmp_path: Path) -> None:
    result = cli("-C", tmp_path, "validate")
    assert result.exit_code == 2
    assert "not inside a governed repository" in result.stderr
    assert "hint:" in result.stderr and "ccgov init" in result.stderr


def test_unknown_format_is_a_usage_error(repo: Callable[..., Path], cli: Cli) -> None:
    result = cli("-C", repo(), "validate", "--format", "xml")
    assert result.exit_code == 2


def test_works_on_a_repository_made_by_init(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "cc"
    assert cli("init", root).exit_code == 0
    (root / "items" / "CI-0001.yaml").write_text(
        "id: CI-0001\nname: Flow\nkind: call_flow\nversion: 2.0\nowner: nobody\n"
    )
    code, found = findings(cli, root)
    assert code == 1
    assert [(f["code"], f["line"]) for f in found] == [("SCH004", 4)]


def test_artifact_that_becomes_a_link_outside_is_reported_again(
    repo: Callable[..., Path], cli: Cli, tmp_path: Path
) -> None:
    # The second run may reuse cached results; the artifact's new target must
    # still count.
    item = ITEM.format(id="CI-0002") + "artifact: artifacts/flow.json\n"
    root = repo({"items/CI-0002.yaml": item, "artifacts/flow.json": "{}"})
    assert findings(cli, root) == (0, [])
    outside = tmp_path / "flow.json"
    outside.write_text("{}")
    (root / "artifacts" / "flow.json").unlink()
    (root / "artifacts" / "flow.json").symlink_to(outside)
    code, found = findings(cli, root)
    assert code == 1 and [(f["code"], f["file"]) for f in found] == [
        ("REF005", "items/CI-0002.yaml")
    ]
    assert "outside the repository" in str(found[0]["message"])


def test_repeated_runs_agree(repo: Callable[..., Path], cli: Cli) -> None:
    root = bad_repo(repo)
    first = findings(cli, root)
    assert findings(cli, root) == first
    assert findings(cli, root, "--no-cache") == first
    (root / "items" / "CI-0002.yaml").write_text(ITEM.format(id="CI-0002"))
    assert [f["code"] for f in findings(cli, root)[1]] == ["REF001", "FILE001"]


def test_a_path_that_holds_no_records_is_a_usage_error(tmp_path: Path, cli) -> None:
    root = tmp_path / "cc"
    assert cli("init", root).exit_code == 0
    (root / "README.md").write_text("# notes\n")
    result = cli("-C", root, "validate", "README.md")
    assert result.exit_code == 2
    assert "README.md holds no records" in result.stderr


def test_dash_c_to_a_missing_folder_is_a_usage_error(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo()
    result = cli("-C", root / "itmes", "validate")
    assert result.exit_code == 2
    assert "itmes: does not exist" in result.stderr
    result = cli("-C", root / "ccgov.yaml", "validate")
    assert result.exit_code == 2
    assert "is not a directory" in result.stderr


# --- control and bidi characters in text (TXT001) ---------------------------------


def test_control_characters_in_text_are_a_located_warning(
    repo: Callable[..., Path], cli: Cli
) -> None:
    title = 'title: "Overflow \\e[2J\\e]0;owned\\a routing"'
    requirement = REQUIREMENT.replace("title: Overflow routing", title)
    root = repo({"requirements/REQ-0001.yaml": requirement})
    expected = [("TXT001", "requirements/REQ-0001.yaml", 2, 8)]
    code, found = findings(cli, root)
    assert code == 0 and [triple(f) for f in found] == expected
    assert found[0]["severity"] == "warning"
    # The validation cache keeps it: a second run, served from the cache, says the same.
    assert findings(cli, root) == (0, found)
    assert findings(cli, root, "--no-cache") == (0, found)
    assert cli("-C", root, "validate", "--strict").exit_code == 1


def test_txt001_can_be_suppressed(repo: Callable[..., Path], cli: Cli) -> None:
    requirement = REQUIREMENT.replace("title: Overflow routing", "title: Overflow \u202erouting")
    config = CONFIG + "validation:\n  ignore: [{code: TXT001, reason: vendor exports}]\n"
    root = repo({"requirements/REQ-0001.yaml": requirement})
    assert [f["code"] for f in findings(cli, root)[1]] == ["TXT001"]
    assert findings(cli, root, "--ignore", "TXT001", "--strict") == (0, [])
    (root / "ccgov.yaml").write_text(config)
    assert findings(cli, root, "--strict") == (0, [])
