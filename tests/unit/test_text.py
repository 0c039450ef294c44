"""Control and bidi characters in record text: which ones, how they are shown,
the TXT001 warning the loader raises for them in every record kind, and the
console that shows them escaped whatever it is asked to print."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ccgov.cli.output import console, markup, safe
from ccgov.records.config import RepoConfig
from ccgov.records.kinds import KIND_BY_NAME, KINDS
from ccgov.records.text import UNSAFE, visible
from ccgov.store.loader import load_record
from ccgov.store.yamlio import dump_for_edit, load_for_edit

DATA = Path(__file__).resolve().parent.parent / "data"
ITEM_MODEL = KIND_BY_NAME["item"].model

# Every character the brief names, and their neighbours that must stay.
UNSAFE_CHARS = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\t\n"),
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0)),
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
]
KEPT = ["\t", "\n", " ", "~", "\xa0", "\u2029", "\u202f", "\u2065", "\u206a", "é", "€", "😀"]


@pytest.mark.parametrize("char", UNSAFE_CHARS, ids=lambda c: f"U+{ord(c):04X}")
def test_unsafe_characters_are_shown_escaped(char: str) -> None:
    shown = visible(f"a{char}b")
    assert char not in shown
    expected = f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"
    assert shown == f"a{expected}b"
    assert safe(f"a{char}b") == shown


@pytest.mark.parametrize("char", KEPT, ids=lambda c: f"U+{ord(c):04X}")
def test_printable_text_newlines_and_tabs_are_kept(char: str) -> None:
    assert visible(f"a{char}b") == f"a{char}b"


def test_markup_escapes_rich_markup_after_controls() -> None:
    assert markup("[bold]x\x1b[2J[/bold]") == "\\[bold]x\\x1b[2J\\[/bold]"


def test_console_shows_controls_that_reach_it_unescaped() -> None:
    """The net under the explicit calls: raw text printed through console()
    (a table cell, a message nobody escaped) still comes out escaped."""
    from rich.table import Table
    from rich.text import Text

    stream = io.StringIO()
    out = console(file=stream)
    out.print(Text("title \x1b]0;owned\x07 \u202eabc"))
    table = Table("cell")
    table.add_row(Text("\x1b[2Jcleared"))
    out.print(table)
    printed = stream.getvalue()
    assert not UNSAFE.search(printed), repr(printed)
    # (rich drops a bell itself; the escape and the override it prints as they are)
    assert "title \\x1b]0;owned \\u202eabc" in printed
    assert "\\x1b[2Jcleared" in printed


# --- TXT001 ---------------------------------------------------------------------

EVIL = "Evil \x1b[2J \u202eabc"
# One free-text field per kind (and ccgov.yaml), set to EVIL in every positive example.
FIELDS = {
    "requirement": "title",
    "raci": "process",
    "item": "name",
    "change": "title",
    "sla": "title",
    "incident": "title",
    "baseline": "message",
    "demand": "title",
    "plan": "title",
    "risk": "title",
    "routine": "title",
    "meeting": "title",
    "vendor": "name",
    "problem": "title",
    "knowledge": "title",
    "kpi": "title",
    "config": "organisation",
}
# Link reviews hold no text of their own at the top level (only each review's comment).
NO_TOP_LEVEL_TEXT = {"link"}
EXAMPLES = sorted(p for kind in FIELDS for p in (DATA / kind / "positive").glob("*.yaml"))


def test_every_kind_is_covered() -> None:
    assert set(FIELDS) | NO_TOP_LEVEL_TEXT == {kind.name for kind in KINDS} | {"config"}


def _model(kind_name: str) -> tuple[type, str | None, str]:
    if kind_name == "config":
        return RepoConfig, None, "ccgov.yaml"
    kind = next(k for k in KINDS if k.name == kind_name)
    return kind.model, kind.id_field, f"{kind.directory}/x.yaml"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_txt001_warns_at_the_value_in_every_kind(example: Path) -> None:
    kind_name = example.parent.parent.name
    data = load_for_edit(example.read_text(encoding="utf-8"))
    data[FIELDS[kind_name]] = EVIL
    text = dump_for_edit(data)  # writes it as the YAML escape "Evil \e[2J ..."
    model, id_field, path = _model(kind_name)
    loaded, findings = load_record(path, text.encode(), model, id_field=id_field)
    lines = text.splitlines()
    line = next(i for i, s in enumerate(lines, 1) if '"Evil \\e[2J' in s)
    column = lines[line - 1].index('"Evil') + 1
    txt = [f for f in findings if f.code == "TXT001"]
    assert [(f.severity, f.line, f.column) for f in txt] == [("warning", line, column)]
    assert "U+001B (escape)" in txt[0].message and FIELDS[kind_name] in txt[0].message
    # A warning: the record still loads.
    assert loaded is not None
    assert getattr(loaded.record, FIELDS[kind_name]) == EVIL


@pytest.mark.parametrize(
    ("yaml_text", "where", "described"),
    [
        ('title: "a\\x1bb"\n', (1, 8), "U+001B (escape)"),
        ('title: "a\\rb"\n', (1, 8), "U+000D (carriage return)"),
        ('title: "a\\x9bb"\n', (1, 8), "U+009B (control sequence introducer)"),
        ('title: "a\\Nb"\n', (1, 8), "U+0085 (next line)"),
        ('title: "a\\x7fb"\n', (1, 8), "U+007F (delete)"),
        ("title: a \u2066b\n", (1, 8), "U+2066 (left-to-right isolate)"),
        ("tags:\n  - ok\n  - 'x \u202dy'\n", (3, 5), "U+202D (left-to-right override)"),
        ('"k\\e": 1\n', (1, 1), "U+001B (escape)"),
    ],
)
def test_txt001_locates_and_names_the_character(
    yaml_text: str, where: tuple[int, int], described: str
) -> None:
    _, findings = load_record("items/CI-0001.yaml", yaml_text.encode(), ITEM_MODEL)
    txt = [f for f in findings if f.code == "TXT001"]
    assert len(txt) == 1, findings
    assert (txt[0].line, txt[0].column) == where
    assert described in txt[0].message
    # The message itself never carries the raw character (a key may hold it).
    assert not UNSAFE.search(txt[0].message)


def test_plain_text_and_ordinary_escapes_raise_nothing() -> None:
    text = 'title: "tab\\tand\\nnewline, caf\\u00e9, \\\\ backslash"\nnotes: |\n  two\n  lines\n'
    _, findings = load_record("items/CI-0001.yaml", text.encode(), ITEM_MODEL)
    assert not [f for f in findings if f.code == "TXT001"]


def test_txt001_is_suppressible() -> None:
    from ccgov.findings import CODES

    assert CODES["TXT001"].severity == "warning" and CODES["TXT001"].suppressible


def test_unsafe_pattern_matches_exactly_the_listed_characters() -> None:
    every = {chr(c) for c in range(0x3000)}
    assert {c for c in every if UNSAFE.match(c)} == set(UNSAFE_CHARS)
