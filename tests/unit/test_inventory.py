"""The observed inventory of `baseline drift` (imports/inventory.py): CSV
through the shared table reader, JSON and YAML as before; a bad inventory is
refused as a whole, every problem located."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccgov.imports.inventory import InventoryError, Observed, load_inventory, read_inventory


def refused(name: str, data: bytes) -> str:
    with pytest.raises(InventoryError) as caught:
        read_inventory(f"/in/{name}", data)
    return caught.value.message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.csv", b"id,name,version,hash\nCI-0001,,4.10,ab\n,Claims,2.0,\n"),
        ("a.csv", "id;name;version;hash\nCI-0001;;4.10;ab\n;Claims;2.0;\n".encode("utf-16")),
        (
            "a.json",
            b'[{"id": "CI-0001", "version": 4.10, "hash": "ab"}, {"name": "Claims", '
            b'"version": "2.0", "hash": null}]',
        ),
        (
            "a.json",
            b'{"items": [{"id": "CI-0001", "version": "4.10", "hash": "ab"}, '
            b'{"name": "Claims", "version": 2.0}]}',
        ),
        ("a.yml", b"- {id: CI-0001, version: 4.10, hash: ab}\n- {name: Claims, version: 2.0}\n"),
        (
            "a.YAML",
            b"items:\n  - {id: CI-0001, version: 4.10, hash: ab}\n"
            b"  - {name: Claims, version: '2.0', hash: null}\n",
        ),
    ],
)
def test_every_format_reads_versions_as_written(name: str, data: bytes) -> None:
    first, second = read_inventory(f"/in/{name}", data)
    assert (first.id, first.name, first.version, first.hash) == ("CI-0001", None, "4.10", "ab")
    assert (second.id, second.name, second.version, second.hash) == (None, "Claims", "2.0", None)


def test_rows_are_numbered_as_the_user_sees_them() -> None:
    csv = read_inventory("i.csv", b'id,version,notes\n\nCI-1,1,"two\nlines"\nCI-2,2,\n')
    assert [o.row for o in csv] == [3, 4]  # spreadsheet rows: the blank line counts
    yaml = read_inventory(
        "i.yaml", b"items:\n  - id: CI-1\n    version: '1'\n  - {id: CI-2, version: '2'}\n"
    )
    assert [o.row for o in yaml] == [2, 4]  # the line each item starts on
    json = read_inventory(
        "i.json", b'[{"id": "CI-1", "version": "1"}, {"id": "CI-2", "version": "2"}]'
    )
    assert [o.row for o in json] == [1, 2]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "i.csv",
            b"id,version,colour\nCI-1,1,red\nCI-2,1,blue\n",
            "/in/i.csv: row 1, column C (colour): unknown column 'colour'; the columns are: id, "
            "name, version, hash, kind, notes",
        ),
        ("i.csv", b"id,versoin\nCI-1,1\n", "unknown column 'versoin'; did you mean 'version'?"),
        ("i.csv", b"id,version,id\nCI-1,1,CI-2\n", "row 1, column C (id): 'id' is also column A"),
        ("i.csv", b"id,version,\nCI-1,1,x\n", "row 1, column C: the column has no name"),
        ("i.csv", b"id,version\nCI-1,1,x\n", "row 2: the row has 3 cells, the header 2"),
        ("i.csv", b"id,version\nCI-1,1\nci-1,2\n", "row 3: duplicate of row 2 (ci-1)"),
        ("i.csv", b"id,version\nCI-1,\n", "row 2: needs id or name, and version"),
        ("i.csv", b"id,version\n", "row 1: the header has no rows below it"),
        ("i.csv", b"", "/in/i.csv: the file is empty"),
        (
            "i.csv",
            "id,name,version\nCI-1,Café,1\n".encode("cp1252"),
            "row 2, column B (name): byte 0xe9 is not valid utf-8",
        ),
        ("i.json", b'[{"id": "CI-1", "version": "1"},', "line 1, column 33: not valid JSON"),
        ("i.json", b"[" * 100_000, "nested too deeply"),
        ("i.json", b'"CI-1"', "expected a list of objects"),
        ("i.json", b"[]", "the inventory lists no components"),
        ("i.json", b'["CI-1"]', "row 1: expected a mapping of column to value"),
        (
            "i.json",
            b'[{"id": "CI-1", "version": "1", "colour": "red"}]',
            "row 1: unknown column colour",
        ),
        ("i.json", b'[{"id": "CI-1", "version": ["1"]}]', "row 1: version: expected a single"),
        ("i.json", b"\xff\xfe\x00", "not UTF-8, UTF-16 or UTF-32 text"),
        ("i.yaml", b"items: [a: 1\n", "line 2, column 1:"),
        ("i.yaml", b"id: CI-1\n", "expected a list of mappings"),
        ("i.txt", b"id,version\n", "unknown format .txt; use .csv, .json or .yaml"),
    ],
)
def test_a_bad_inventory_is_refused_with_located_problems(
    name: str, data: bytes, message: str
) -> None:
    assert message in refused(name, data)


def test_an_unknown_csv_column_is_reported_once_at_its_header() -> None:
    assert refused("i.csv", b"id,version,colour\nCI-1,1,red\nCI-2,1,blue\n") == (
        "/in/i.csv: row 1, column C (colour): unknown column 'colour'; the columns are: id, "
        "name, version, hash, kind, notes"
    )


def test_the_message_lists_twenty_problems_and_counts_the_rest() -> None:
    rows = b"".join(b"CI-%d,\n" % n for n in range(25))
    message = refused("i.csv", b"id,version\n" + rows)
    assert message.count("needs id or name") == 20 and message.endswith("... and 5 more")


def test_load_inventory_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "live.csv"
    path.write_bytes(b"id,version\nCI-0001,4.1\n")
    assert load_inventory(path) == [Observed(2, "CI-0001", None, "4.1", None)]
