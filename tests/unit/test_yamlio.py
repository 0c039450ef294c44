"""The safe YAML reader: plain data, exact locations, and hostile input turned
into findings (never exceptions, crashes or hangs)."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from ruamel.yaml import YAML

from ccgov.findings import Finding
from ccgov.store import yamlio
from ccgov.store.yamlio import MAX_DEPTH, Position, decode, parse_document


@pytest.fixture(params=["c", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with ruamel's C parser and with its pure-Python fallback
    (what users without ruamel.yaml.clib get): both must behave the same."""
    if request.param == "pure":
        yaml = YAML(typ="safe", pure=True)
        yaml.version = (1, 2)
        monkeypatch.setattr(yamlio, "_SAFE", yaml)
    yield request.param


def parse(text: str | bytes) -> yamlio.Document:
    data = text.encode() if isinstance(text, str) else text
    document, findings = parse_document("f.yaml", data)
    assert findings == []
    assert document is not None
    return document


def reject(text: str | bytes, **kwargs: int) -> Finding:
    data = text.encode() if isinstance(text, str) else text
    document, findings = parse_document("f.yaml", data, **kwargs)
    assert document is None
    [finding] = findings
    assert finding.file == "f.yaml" and finding.severity == "error"
    return finding


def where(finding: Finding) -> tuple[str, int, int]:
    return finding.code, finding.line, finding.column


# --- plain data and locations ----------------------------------------------


def test_data_and_locations(parser: str) -> None:
    doc = parse(
        "# leading comment\n"
        "id: RFC-0001\n"
        "approvals:\n"
        "  - by: bob\n"
        "    role: cab\n"
        "  - {by: cat, role: noc}\n"
        "severities:\n"
        "  1: {within: 4h}\n"
    )
    assert doc.data == {
        "id": "RFC-0001",
        "approvals": [{"by": "bob", "role": "cab"}, {"by": "cat", "role": "noc"}],
        "severities": {1: {"within": "4h"}},
    }
    loc = doc.locations
    assert loc.value(()) == Position(2, 1)  # the mapping starts after the comment
    assert loc.key(("id",)) == Position(2, 1)
    assert loc.value(("id",)) == Position(2, 5)
    assert loc.value(("approvals", 0)) == Position(4, 5)
    assert loc.key(("approvals", 0, "role")) == Position(5, 5)
    assert loc.value(("approvals", 0, "role")) == Position(5, 11)
    assert loc.value(("approvals", 1)) == Position(6, 5)
    assert loc.value(("approvals", 1, "role")) == Position(6, 21)
    assert loc.key(("severities", 1)) == Position(8, 3)
    # A path that is not in the document falls back to its nearest ancestor.
    assert loc.value(("approvals", 1, "at")) == Position(6, 5)
    assert loc.key(("nowhere",)) == Position(2, 1)  # the document itself


def test_columns_count_characters_not_bytes(parser: str) -> None:
    doc = parse("title: «Überlauf»\nx: [ä, ö, b]\n")
    # ä and ö are two bytes each in UTF-8; b is the 11th character.
    assert doc.locations.value(("x", 2)) == Position(2, 11)


def test_yaml_1_2_words_stay_text(parser: str) -> None:
    doc = parse("on: yes\nno: off\ny: n\nactive: true\nflag: False\nnothing: ~\nempty:\n")
    assert doc.data == {
        "on": "yes",
        "no": "off",
        "y": "n",
        "active": True,
        "flag": False,
        "nothing": None,
        "empty": None,
    }


def test_numbers_keep_their_source_text(parser: str) -> None:
    doc = parse(
        'version: 1.10\nquoted: "1.10"\ncount: 012\nhex: 0x1F\nbig: 1_000\n'
        "neg: -3\nsci: 1e3\ninf: -.inf\nnan: .nan\n"
    )
    data = doc.data
    assert data["version"] == 1.1 and doc.locations.plain_text[("version",)] == "1.10"
    assert data["quoted"] == "1.10" and ("quoted",) not in doc.locations.plain_text
    assert (data["count"], data["hex"], data["big"], data["neg"]) == (12, 31, 1000, -3)
    assert data["sci"] == 1000.0 and data["inf"] == -math.inf and math.isnan(data["nan"])


def test_timestamps_stay_text_for_the_models(parser: str) -> None:
    doc = parse("a: 2026-03-01T09:00:00+01:00\nb: 2026-03-01\nc: 2026-03-01 09:00:00\n")
    assert doc.data == {
        "a": "2026-03-01T09:00:00+01:00",
        "b": "2026-03-01",
        "c": "2026-03-01 09:00:00",
    }
    assert doc.locations.plain_text[("c",)] == "2026-03-01 09:00:00"


def test_yaml_1_1_leftovers_are_text(parser: str) -> None:
    # "=" (the 1.1 value key) and a "<<" value are ordinary text in 1.2.
    assert parse("a: =\nb: <<\nc: '<<'\n").data == {"a": "=", "b": "<<", "c": "<<"}


def test_explicit_str_tag_and_non_specific_tag_are_text(parser: str) -> None:
    assert parse("a: !!str 1.10\nb: ! 12\n").data == {"a": "1.10", "b": "12"}


def test_byte_order_mark_is_tolerated(parser: str) -> None:
    assert parse(b"\xef\xbb\xbfid: CI-0001\n").data == {"id": "CI-0001"}


def test_whole_number_keys_are_allowed(parser: str) -> None:
    assert parse("1: a\n2: b\n").data == {1: "a", 2: "b"}


def test_top_level_may_be_any_value(parser: str) -> None:
    # Whether a mapping is required is the loader's business (YAML007).
    assert parse("- a\n- b\n").data == ["a", "b"]
    assert parse("just text\n").data == "just text"


# --- syntax errors ----------------------------------------------------------


def test_malformed_yaml_points_at_the_problem(parser: str) -> None:
    finding = reject("id: CI-0001\nname: [unclosed\nowner: ann\n")
    assert finding.code == "YAML001" and finding.line == 3
    assert "flow sequence that starts at line 2, column 7" in finding.message


def test_unclosed_quote_says_where_it_started(parser: str) -> None:
    finding = reject('id: CI-0001\nname: "Main flow\n')
    assert finding.code == "YAML001"
    assert "quoted scalar that starts at line 2, column 7" in finding.message


def test_value_with_colon_space_gets_a_hint(parser: str) -> None:
    finding = reject("title: Fix: the IVR\n")
    assert where(finding) == ("YAML001", 1, 11)
    assert "quote a value that contains ': '" in finding.message


def test_timestamp_in_flow_mapping_gets_a_quoting_hint() -> None:
    # libyaml (the C parser) refuses ':' in a plain scalar inside { }.
    finding = reject("window: {start: 2026-03-01T09:00:00Z}\n")
    assert finding.code == "YAML001" and "quote values that contain ':'" in finding.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id: CI-0001\nattributes:\n\tchannels: 23\n", 3),
        ("id: CI-0001\nattributes:\n  channels: 23\n\tsite: east\n", 4),
        ("\tid: CI-0001\n", 1),
    ],
)
def test_tab_indentation_is_named(parser: str, text: str, line: int) -> None:
    finding = reject(text)
    assert where(finding) == ("YAML001", line, 1)
    assert "tab" in finding.message and "indent with spaces" in finding.message


def test_tabs_inside_values_are_fine() -> None:
    # (ruamel's pure-Python scanner refuses this; libyaml, used whenever
    # ruamel.yaml.clib is installed, follows the spec.)
    assert parse("note: a\tb\n").data == {"note": "a\tb"}


def test_a_refused_tab_that_is_not_indentation_is_not_called_indentation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    monkeypatch.setattr(yamlio, "_SAFE", yaml)
    finding = reject("note: a\tb\n")
    assert where(finding) == ("YAML001", 1, 8)
    assert "indentation" not in finding.message and "write spaces" in finding.message


def test_duplicate_key_names_the_first_line(parser: str) -> None:
    finding = reject("id: CI-0001\nname: A\nowner: ann\nname: B\n")
    assert where(finding) == ("YAML002", 4, 1)
    assert (
        "duplicate key 'name'" in finding.message and "first defined at line 2" in finding.message
    )


def test_nested_duplicate_key(parser: str) -> None:
    finding = reject("plans:\n  test: a\n  backout: b\n  test: c\n")
    assert where(finding) == ("YAML002", 4, 3)
    assert "line 2" in finding.message


def test_same_key_in_sibling_mappings_is_not_a_duplicate(parser: str) -> None:
    assert parse("a: [{by: x}, {by: y}]\n").data == {"a": [{"by": "x"}, {"by": "y"}]}


def test_second_document_is_refused(parser: str) -> None:
    finding = reject("id: CI-0001\n---\nid: CI-0002\n")
    assert where(finding) == ("YAML001", 2, 1)
    assert "exactly one" in finding.message


def test_yaml_1_1_directive_is_refused(parser: str) -> None:
    finding = reject("%YAML 1.1\n---\nactive: yes\n")
    assert finding.code == "YAML001" and "%YAML 1.1" in finding.message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_located(parser: str, char: str) -> None:
    finding = reject(f"id: CI-0001\nname: ab{char}c\n")
    assert where(finding) == ("YAML001", 2, 9)
    assert f"U+{ord(char):04X}" in finding.message


@pytest.mark.parametrize(
    ("char", "name"),
    [("\x85", "U+0085"), ("\u2028", "U+2028"), ("\u2029", "U+2029"), ("\r", "carriage return")],
)
def test_characters_parsers_take_for_line_breaks_are_refused(
    parser: str, char: str, name: str
) -> None:
    # Accepted, they would shift every later line number away from what the
    # editor shows (and the pure parser folds "a<NEL>b" into "a b").
    finding = reject(f"id: CI-0001\nname: a{char}b\nowner: ann\n")
    assert where(finding) == ("YAML001", 2, 8)
    assert name in finding.message


def test_crlf_line_endings_keep_editor_positions(parser: str) -> None:
    doc = parse("id: CI-0001\r\nname: x\r\nowner: [ann]\r\n")
    assert doc.data == {"id": "CI-0001", "name": "x", "owner": ["ann"]}
    assert doc.locations.value(("owner", 0)) == Position(3, 9)


def test_error_at_the_end_of_a_file_without_final_newline_stays_inside_it(parser: str) -> None:
    finding = reject("id: CI-0001\nname: [a, b")
    assert where(finding) == ("YAML001", 2, 12)  # just past "b"


# --- things records never need ---------------------------------------------


def test_alias_is_refused_even_without_a_visible_anchor_use(parser: str) -> None:
    finding = reject("base: &b {owner: ann}\nother: *b\n")
    assert where(finding) == ("YAML003", 1, 7)
    assert "anchors (&b)" in finding.message


def test_billion_laughs_is_refused_promptly(parser: str) -> None:
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, 30):  # 9**29 strings if expanded
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    finding = reject("\n".join(lines) + "\n")
    assert finding.code == "YAML003"


def test_merge_key_is_refused(parser: str) -> None:
    finding = reject("a: 1\n<<: {b: 2}\n")
    assert where(finding) == ("YAML003", 2, 1)
    assert "merge keys" in finding.message


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object:os.system {}\n", "!!python/object:os.system"),
        ("a: !!python/object/apply:os.system ['echo hi']\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system ''\n", "!!python/name:os.system"),
        ("a: !!binary aGVsbG8=\n", "!!binary"),
        ("a: !!set {x}\n", "!!set"),
        ("a: !!int not-a-number\n", "!!int"),
        ("a: !!bool maybe\n", "!!bool"),
        ("a: !!float x\n", "!!float"),
        ("a: !custom 1\n", "!custom"),
        ("a: !!omap [{x: 1}]\n", "!!omap"),
    ],
)
def test_explicit_tags_are_refused_without_constructing_anything(
    parser: str, text: str, tag: str
) -> None:
    finding = reject(text)
    assert where(finding) == ("YAML003", 1, 4)
    assert tag in finding.message


@pytest.mark.parametrize(
    "text",
    ["? [a, b]\n: 1\n", "{x: 1}: 2\n", "true: 1\n", "~: 1\n", "1.5: x\n", "? \n: x\n"],
)
def test_keys_must_be_text_or_whole_numbers(parser: str, text: str) -> None:
    assert reject(text).code == "YAML007"


def test_deep_flow_nesting_is_refused_without_crashing(parser: str) -> None:
    # ~600 kB of brackets: the C composer used to recurse on the C stack and
    # kill the interpreter with a segmentation fault here.
    depth = 300_000
    finding = reject("a: " + "[" * depth + "]" * depth + "\n")
    # The top-level mapping is the first level; the 64th bracket opens level 65.
    assert where(finding) == ("YAML004", 1, 3 + MAX_DEPTH)
    assert f"more than {MAX_DEPTH} levels" in finding.message


def test_unclosed_deep_nesting_is_refused(parser: str) -> None:
    assert reject("{a: " * 200_000).code == "YAML004"


def test_deep_block_nesting_is_refused(parser: str) -> None:
    assert reject("- " * 400_000 + "x\n").code == "YAML004"
    assert reject("".join(" " * i + "k:\n" for i in range(MAX_DEPTH + 2))).code == "YAML004"


def test_nesting_up_to_the_limit_is_fine(parser: str) -> None:
    depth = MAX_DEPTH
    doc = parse("[" * depth + "]" * depth + "\n")
    value = doc.data
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


def test_many_records_worth_of_flat_data_is_fine(parser: str) -> None:
    text = "items:\n" + "  - {a: 1, b: [x, y]}\n" * 3_000
    assert len(parse(text).data["items"]) == 3_000


# --- bytes ------------------------------------------------------------------


def test_size_limit(parser: str) -> None:
    finding = reject(b"a: " + b"x" * 100, max_bytes=50)
    assert where(finding) == ("YAML004", 0, 0)
    assert "103 bytes" in finding.message and "50-byte limit" in finding.message


def test_non_utf8_byte_is_located_in_characters() -> None:
    text, [finding] = decode("f.yaml", "id: CI-0001\nname: Größe \xff\n".encode("latin-1"))
    assert text is None
    # latin-1 ö is the first bad byte: line 2, column 9.
    assert where(finding) == ("YAML005", 2, 9)
    assert "0xf6" in finding.message and "UTF-8" in finding.message
    text, [finding] = decode("f.yaml", "name: Größe\nx: ".encode() + b"ab\xffc\n")
    assert where(finding) == ("YAML005", 2, 6)


def test_utf16_file_is_not_utf8() -> None:
    assert reject("id: CI-0001\n".encode("utf-16")).code == "YAML005"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n# c\n"])
def test_empty_documents(parser: str, text: str) -> None:
    assert where(reject(text)) == ("YAML006", 1, 1)


def test_parse_is_repeatable_after_a_rejection(parser: str) -> None:
    # An aborted parse must not leave state behind in the shared parser.
    reject("a: &x 1\nb: *x\n")
    reject("a: [" + "[" * 1000)
    assert parse("a: 1\n").data == {"a": 1}
    assert yamlio._safe().doc_infos == []
