"""Record text cannot rewrite a report around it: a carriage return or line
feed cannot start a new row, heading or block in Markdown, text that looks
like a heading or a list stays text, and control and bidi characters are
shown escaped in Markdown and HTML alike."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import Markup

from ccgov.records.text import UNSAFE
from ccgov.report.render import environment, markdown_cell
from helpers import Result, git

Cli = Callable[..., Result]


def _set(path: Path, key: str, yaml_value: str) -> None:
    """Replace the top-level ``key: ...`` line (and a folded continuation)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    lines[start:end] = [f"{key}: {yaml_value}\n"]
    path.write_text("".join(lines), encoding="utf-8")


def test_a_carriage_return_cannot_inject_a_heading(example_repo: Path, cli: Cli) -> None:
    before = cli("-C", example_repo, "report", "traceability").stdout
    _set(
        example_repo / "requirements/REQ-0001.yaml",
        "title",
        '"Callers\\r# Injected heading\\r\\n| forged | row |\\rline"',
    )
    git(example_repo, "commit", "-qam", "title")
    result = cli("-C", example_repo, "report", "traceability")
    assert result.exit_code == 0, result.stderr
    markdown = result.stdout
    assert "\r" not in markdown and not UNSAFE.search(markdown)
    assert not re.search(r"^\s*#+ Injected", markdown, re.MULTILINE)
    assert not re.search(r"^\s*\| forged", markdown, re.MULTILINE)
    # Same number of lines as before: the title stayed inside its table cell.
    assert len(markdown.splitlines()) == len(before.splitlines())
    row = next(line for line in markdown.splitlines() if line.startswith("| REQ-0001 |"))
    assert "Callers # Injected heading \\| forged \\| row \\| line" in row


def test_a_line_feed_cannot_start_a_block_either(example_repo: Path, cli: Cli) -> None:
    _set(example_repo / "changes/RFC-0001.yaml", "title", '"Overflow\\n\\n# Injected\\n- item"')
    markdown = cli("-C", example_repo, "report", "changes", "--period", "2026-Q1").stdout
    assert not re.search(r"^(# Injected|- item)", markdown, re.MULTILINE)
    assert "Overflow  # Injected - item" in markdown


def test_headings_and_paragraphs_from_record_text_stay_text(example_repo: Path, cli: Cli) -> None:
    raci = example_repo / "raci/emergency-action.yaml"
    _set(raci, "process", '"Emergency\\r## Injected section"')
    _set(raci, "description", '"# Not a heading\\r1. not a list"')
    markdown = cli("-C", example_repo, "report", "raci").stdout
    assert "## Emergency ## Injected section" in markdown
    assert "\\# Not a heading 1. not a list" in markdown
    assert not re.search(r"^(#+ Injected|# Not a heading|1\. not)", markdown, re.MULTILINE)


@pytest.mark.parametrize("output_format", ["md", "html"])
def test_control_and_bidi_characters_are_shown_in_reports(
    example_repo: Path, cli: Cli, output_format: str
) -> None:
    _set(example_repo / "changes/RFC-0001.yaml", "title", '"Evil \\e[2J \\u202eabc"')
    result = cli(
        "-C", example_repo, "report", "changes", "--period", "2026-Q1", "--format", output_format
    )
    assert result.exit_code == 0, result.stderr
    assert not UNSAFE.search(result.stdout)
    # Markdown escapes the backslash (and bracket) it shows; it renders as \x1b[2J.
    shown = {"md": r"Evil \\x1b\[2J \\u202eabc", "html": r"Evil \x1b[2J \u202eabc"}
    assert shown[output_format] in result.stdout


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("a\r\nb\rc\nd", "a b c d"),
        ("a\x1bb\x9bc\u202ed", "a\\\\x1bb\\\\x9bc\\\\u202ed"),
        ("# heading", "\\# heading"),
        ("## heading", "\\## heading"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. item", "1\\. item"),
        ("12) item", "12\\) item"),
        ("===", "\\==="),
        ("~~~", "\\~~~"),
        ("    code", "code"),
        ("2.1", "2.1"),
        ("2026. A year", "2026\\. A year"),
        ("a | b", "a \\| b"),
        ("<b>x</b> [l](u) *e* _u_ `c`", "\\<b\\>x\\</b\\> \\[l\\](u) \\*e\\* \\_u\\_ \\`c\\`"),
        (None, ""),
    ],
)
def test_markdown_cell(value: object, cell: str) -> None:
    assert markdown_cell(value) == cell


def test_every_printed_value_has_its_controls_shown() -> None:
    """finalize: a value printed without the md filter (a repository template,
    a field ccgov's templates thought safe) still cannot carry raw controls."""
    md = environment(None, "md")
    assert md.from_string("{{ x }}").render(x="a\x1bb\rc\u2066") == "a\\x1bb\\x0dc\\u2066"
    assert md.from_string("{{ n }}").render(n=3) == "3"
    html = environment(None, "html")
    assert html.from_string("{{ x }}").render(x="<b>\x1b</b>") == "&lt;b&gt;\\x1b&lt;/b&gt;"
    assert html.from_string("{{ m }}").render(m=Markup("<b>\x1b</b>")) == "<b>\\x1b</b>"
