"""Record text, file names and git author names can carry escape sequences
and bidi overrides. Whatever a command prints, no raw control character
reaches the terminal: it is shown escaped (\\x1b, \\u202e), rich markup in it
is shown rather than applied, and JSON output escapes it as JSON does."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ccgov.records.text import UNSAFE
from helpers import Result, git

Cli = Callable[..., Result]

# As written in YAML, and as ccgov must show it.
TITLE_YAML = '"Evil \\e[2J\\e]0;pwned\\a \\u202eabc\\r# head [bold]x[/bold]"'
TITLE = "Evil \x1b[2J\x1b]0;pwned\x07 \u202eabc\r# head [bold]x[/bold]"
TITLE_SHOWN = "Evil \\x1b[2J\\x1b]0;pwned\\x07 \\u202eabc\\x0d# head [bold]x[/bold]"
AUTHOR = "Eve \x1b]0;owned\x07\x1b[2J \u202eKO"
AUTHOR_SHOWN = "Eve \\x1b]0;owned\\x07\\x1b[2J \\u202eKO"
ITEM_FILE = "items/\x1b[2Jx\u202e.yaml"
ITEM_FILE_SHOWN = "items/\\x1b[2Jx\\u202e.yaml"
STRAY_FILE = "changes/notes\x1b[2J\u202e.txt"
STRAY_FILE_SHOWN = "changes/notes\\x1b[2J\\u202e.txt"
ACTION_SHOWN = "evil\\x1b[2J\\u202e"


@pytest.fixture
def hostile_repo(example_repo: Path) -> Path:
    """The example repository after a hostile colleague's commits: an RFC title,
    a record file name, a stray file name, a commit trailer and the author name
    all carry escape sequences and a right-to-left override."""
    as_eve = {"GIT_AUTHOR_NAME": AUTHOR}
    change = example_repo / "changes/RFC-0001.yaml"
    lines = change.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"title: {TITLE_YAML}\n" if line.startswith("title:") else line for line in lines]
    change.write_text("".join(lines), encoding="utf-8")
    git(example_repo, "commit", "-qam", "retitle", env=as_eve)
    (example_repo / ITEM_FILE).write_bytes((example_repo / "items/CI-0001.yaml").read_bytes())
    (example_repo / STRAY_FILE).write_text("scratch\n", encoding="utf-8")
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-qm", "sneak\n\nCcgov-Action: evil\x1b[2J\u202e", env=as_eve)
    return example_repo


def _assert_shown_not_obeyed(result: Result, *shown: str) -> None:
    printed = result.stdout + result.stderr
    raw = UNSAFE.search(printed)
    assert raw is None, f"raw {raw.group()!r} reached the terminal: {printed!r}"
    for text in shown:
        assert text in printed, (text, printed)


CASES = [
    (["validate"], [STRAY_FILE_SHOWN, ITEM_FILE_SHOWN, "TXT001"]),
    (["rfc", "show", "RFC-0001"], [TITLE_SHOWN]),
    (["rfc", "list"], [TITLE_SHOWN]),
    (["log", "RFC-0001"], [AUTHOR_SHOWN, TITLE_SHOWN]),
    (["log", ITEM_FILE.removeprefix("items/").removesuffix(".yaml")], [ACTION_SHOWN]),
    (["audit"], [ITEM_FILE_SHOWN]),
    (["audit", "--format", "github"], [ITEM_FILE_SHOWN, AUTHOR_SHOWN]),
]


@pytest.mark.parametrize(("args", "shown"), CASES, ids=[" ".join(args) for args, _ in CASES])
def test_commands_show_control_characters_escaped(
    hostile_repo: Path, cli: Cli, args: list[str], shown: list[str]
) -> None:
    result = cli("-C", hostile_repo, *args)
    assert "internal error" not in result.stderr, result.stderr
    _assert_shown_not_obeyed(result, *shown)


def test_github_annotations_show_control_characters_escaped(hostile_repo: Path, cli: Cli) -> None:
    result = cli("-C", hostile_repo, "validate", "--format", "github")
    _assert_shown_not_obeyed(result, f"file={ITEM_FILE_SHOWN}", "::warning")


def test_errors_show_control_characters_escaped(hostile_repo: Path, cli: Cli) -> None:
    """The one error handler: a message quoting a file name the user passed."""
    result = cli("-C", hostile_repo, "validate", "[bold]notes\x1b]0;owned\x07\u202e.yaml")
    assert result.exit_code == 2
    _assert_shown_not_obeyed(result, "error:", "[bold]notes\\x1b]0;owned\\x07\\u202e.yaml")


@pytest.mark.parametrize("args", [args for args, _ in CASES], ids=" ".join)
def test_json_output_escapes_control_characters(
    hostile_repo: Path, cli: Cli, args: list[str]
) -> None:
    """json.dumps escapes every control character (and, ASCII-only, the bidi
    overrides), so JSON needs no further escaping: nothing raw is printed and
    the exact text comes back when the JSON is read."""
    result = cli("-C", hostile_repo, *args, "--format", "json")
    assert not UNSAFE.search(result.stdout)
    read = "\n".join(_strings(json.loads(result.stdout)))
    assert any(raw in read for raw in (TITLE, AUTHOR, ITEM_FILE, STRAY_FILE)), read


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []
