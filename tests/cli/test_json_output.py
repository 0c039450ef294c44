"""Output for scripts: every command that reads offers --format json, the
keys documented in docs/cli.md are the keys printed, and piped lists are
plain tab-separated rows while a terminal gets a table."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT, Result, Terminal, git

Cli = Callable[..., Result]

DOCS = ROOT / "docs" / "cli.md"
# Commands that change the repository or write files: they report what they did.
WRITERS = {
    "init",
    "adopt",
    "completion",
    "schema export",
    "req new",
    "baseline snapshot",
    "report site",
    "meeting new",
    "meeting topic add",
    "action done",
    "plan review",
    "risk new",
    "risk decide",
    "risk review",
    "link clear",
    "req approve",
    "req review",
    *(f"demand {step}" for step in ["new", "assess", "approve", "decline", "plan", "deliver"]),
    "problem new",
    "problem update",
    "problem close",
    "problem action add",
    "problem action done",
    *(
        f"incident {step}"
        for step in [
            "new",
            "respond",
            "update",
            "pause",
            "resume",
            "resolve",
            "close",
            "reopen",
            "notify",
        ]
    ),
    *(
        f"rfc {step}"
        for step in [
            "new",
            "submit",
            "approve",
            "reject",
            "schedule",
            "verify",
            "implement",
            "backout",
            "review",
            "close",
            "cancel",
        ]
    ),
}


def _documented() -> list[tuple[list[str], list[str]]]:
    """(command words, keys) for each row of the JSON reference table."""
    rows = []
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^\| `ccgov ([^`]+) --format json` \|[^|]*\| (.*) \|$", line)
        if found:
            keys = re.findall(r"`([a-z_]+)`", found.group(2))
            rows.append((shlex.split(found.group(1)), keys))
    return rows


def test_every_reading_command_offers_json() -> None:
    import typer

    from ccgov.cli.app import app

    without: set[str] = set()
    stack: list[tuple[str, Any]] = [("", typer.main.get_command(app))]
    while stack:
        path, command = stack.pop()
        subs = getattr(command, "commands", None)
        if subs:
            stack.extend((f"{path} {name}".strip(), sub) for name, sub in subs.items())
            continue
        formats = [p for p in command.params if "--format" in getattr(p, "opts", ())]
        if not formats:
            without.add(path)
            continue
        choices = [str(c) for c in formats[0].type_descriptor.choices or ()]
        assert "json" in choices, (path, choices)
    assert without == WRITERS


@pytest.fixture(scope="module")
def busy_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with a baseline, an unauthorised CI edit after it (an audit
    finding and a diff), a stray file (a warning) and a broken RACI matrix
    (an error), so that every list in the reference has an element."""
    import os
    import shutil

    from ccgov.cli.app import main
    from helpers import EXAMPLE

    root = tmp_path_factory.mktemp("busy") / "northwind"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    env = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    git(root, "init", "-q", "-b", "main", env=env)
    for key, value in (("user.name", "Hiro"), ("user.email", "hiro.nakamura@example.com")):
        git(root, "config", key, value)
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")
    assert main(["-C", str(root), "baseline", "snapshot", "q1"]) == 0
    item = root / "items/CI-0001.yaml"
    item.write_text(item.read_text().replace('"8.5.110.14"', '"8.5.110.15"'))
    git(root, "commit", "-qam", "sneak a version change")
    (root / "items/notes.txt").write_text("scratch\n")
    matrix = root / "raci/rfc.yaml"
    matrix.write_text(re.sub(r"raci: \{", "raci: {liaison: A, ", matrix.read_text(), count=1))
    return root


@pytest.mark.parametrize(
    ("words", "keys"), _documented(), ids=[" ".join(w) for w, _ in _documented()]
)
def test_documented_json_keys_are_printed(
    busy_example: Path, cli: Cli, words: list[str], keys: list[str]
) -> None:
    result = cli("-C", busy_example, *words, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    document = json.loads(result.stdout)
    if isinstance(document, list):
        assert document, f"nothing to check the keys of: {words}"
        document = document[0]
    missing = set(keys) - set(document)
    assert not missing, (words, sorted(document))


def test_the_reference_covers_the_common_commands() -> None:
    covered = {" ".join(words[:2]) for words, _ in _documented()}
    for command in ("validate", "rfc list", "rfc show", "req list", "req show", "raci show"):
        assert any(c.startswith(command) for c in covered), command
    assert len(covered) >= 15


# --- piped and on a terminal -----------------------------------------------------


def test_piped_lists_are_tab_separated_rows_with_a_header(example_repo: Path, cli: Cli) -> None:
    result = cli("-C", example_repo, "rfc", "list")
    lines = result.stdout.splitlines()
    assert lines[0] == "id\tstatus\ttype\tcategory\trisk\ttitle\trequested_by"
    assert len(lines) == 15 and all(line.count("\t") == 6 for line in lines)
    assert lines[3].startswith("RFC-0003\tclosed\tnormal\tintegration\thigh\tPCI pause")
    assert not re.search("[\u2500-\u257f]", result.stdout)  # no box drawing


def test_piped_rows_escape_tabs_and_line_breaks(example_repo: Path, cli: Cli) -> None:
    path = example_repo / "changes/RFC-0001.yaml"
    title = 'title: "two\\tcolumns\\nand a line"'  # YAML escapes: a tab and a line break
    text = re.sub(r"(?m)^title: .*$", lambda _: title, path.read_text())
    path.write_text(text)
    lines = cli("-C", example_repo, "rfc", "list").stdout.splitlines()
    assert "\ttwo\\tcolumns\\nand a line\t" in lines[1]
    assert len(lines) == 15


def test_empty_lists_say_so_on_stderr(make_repo: Callable[..., Path], cli: Cli) -> None:
    root = make_repo({"ccgov.yaml": "organisation: Empty\ntimezone: UTC\n"})
    result = cli("-C", root, "rfc", "list")
    assert result.stdout == "id\tstatus\ttype\tcategory\trisk\ttitle\trequested_by\n"
    assert "no RFCs yet: ccgov rfc new" in result.stderr


def test_a_terminal_gets_a_table(example_repo: Path) -> None:
    terminal = Terminal("-C", str(example_repo), "rfc", "list", "--status", "closed")
    assert terminal.finish() == 0, terminal.text
    assert re.search("[\u2500-\u257f]", terminal.text), terminal.text  # a boxed table
    assert "\t" not in terminal.text and "RFC-0003" in terminal.text


def test_raci_show_piped_is_one_row_per_activity_and_role(example_repo: Path, cli: Cli) -> None:
    lines = cli("-C", example_repo, "raci", "show", "rfc").stdout.splitlines()
    assert lines[0] == "matrix\tactivity\trole\tletters"
    assert all(line.split("\t")[0] == "rfc" and line.split("\t")[3] for line in lines[1:])
    shown = json.loads(cli("-C", example_repo, "raci", "show", "rfc", "--format", "json").stdout)
    pairs = sum(len(a["raci"]) for m in shown for a in m["activities"])
    assert pairs == len(lines) - 1
