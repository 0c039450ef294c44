"""The fast writer of generated YAML (baseline manifests) reads back as
exactly what it was given, in the layout ruamel's writer uses."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ccgov.records.baseline import Baseline
from ccgov.store.files import max_bytes
from ccgov.store.loader import load_record
from ccgov.store.yamlio import dump_for_edit, parse_document
from ccgov.store.yamlplain import dump_plain

# What a CI record can hold (ccgov's reader refuses line breaks editors do
# not show, and control characters, in any file; ruamel writes them raw).
CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"
) | st.sampled_from("\t\n")
TEXT = st.one_of(
    st.text(CHARACTERS, max_size=30),
    st.sampled_from(
        [
            "4.1",
            "1.10",
            "007",
            "0x1F",
            "yes",
            "No",
            "null",
            "~",
            "",
            " x",
            "x ",
            "a: b",
            "a #b",
            "#x",
            "- x",
            "-1",
            ".inf",
            "2026-03-01",
            "2026-03-01T09:00:00Z",
            "it's",
            "'q'",
            '"q"',
            "x:",
            "a:b",
            "[x]",
            "{y}",
            "&a",
            "*b",
            "!t",
            "|",
            ">",
            "%p",
            "@a",
            "`b",
            "é café",
            "tab\there",
            "line\nbreak",
        ]
    ),
)
ITEM = st.fixed_dictionaries(
    {"id": st.just("CI-0001"), "name": TEXT, "kind": TEXT, "version": TEXT},
    optional={"artifact": TEXT},
)
MANIFEST = st.fixed_dictionaries(
    {
        "name": st.just("q1"),
        "created": st.just("2026-01-05T09:00:00+00:00"),
        "author": TEXT,
        "commit": st.just("a" * 40),
    },
    optional={"previous": TEXT, "message": TEXT},
).flatmap(
    lambda head: st.tuples(st.lists(ITEM, max_size=3), st.lists(TEXT, max_size=3)).map(
        lambda rest: {**head, "items": rest[0], "changes": rest[1]}
    )
)


@settings(max_examples=300, deadline=None)
@given(data=MANIFEST)
def test_what_is_written_reads_back_as_itself(data: dict[str, Any]) -> None:
    text = dump_plain(data)
    document, findings = parse_document("baselines/q1.yaml", text.encode())
    assert document is not None, findings
    assert document.data == data


def test_same_layout_as_ruamel_for_a_manifest() -> None:
    data = {
        "name": "q1",
        "created": "2026-01-05T09:00:00-06:00",
        "author": "ann",
        "commit": "a" * 40,
        "items": [
            {
                "id": "CI-0001",
                "name": "ACD platform (Omaha)",
                "kind": "software",
                "version": "8.5.110.14",
                "record_sha256": "b" * 64,
            },
            {
                "id": "CI-0002",
                "name": "SIP trunk, primary",
                "kind": "trunk",
                "version": "4.1",
                "record_sha256": "c" * 64,
                "artifact": "artifacts/a.json",
            },
        ],
        "changes": ["RFC-0001"],
    }
    assert dump_plain(data) == dump_for_edit(data)
    assert "version: '4.1'" in dump_plain(data)


def test_a_manifest_of_many_cis_is_not_refused_for_its_size() -> None:
    items = [
        {
            "id": f"CI-{n:05d}",
            "name": f"Queue {n}",
            "kind": "queue",
            "version": "1",
            "record_sha256": "d" * 64,
        }
        for n in range(12_000)
    ]
    data = {
        "name": "big",
        "created": "2026-01-05T09:00:00Z",
        "author": "ann",
        "commit": "a" * 40,
        "items": items,
    }
    text = dump_plain(data).encode()
    assert len(text) > 1024 * 1024 < max_bytes("baselines/big.yaml")
    loaded, findings = load_record(
        "baselines/big.yaml",
        text,
        Baseline,
        id_field="name",
        max_bytes=max_bytes("baselines/big.yaml"),
    )
    assert loaded is not None and findings == []
    # Any other record stays under the usual limit.
    assert max_bytes("items/CI-0001.yaml") == 1024 * 1024
