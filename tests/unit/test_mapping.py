"""The import mapping file (imports/mapping.py); its negative examples are
data-driven in tests/data/import/mappings/negative (test_import_data.py)."""

from __future__ import annotations

import ast
import re

import pytest
from pydantic import BaseModel

from ccgov.imports.demands import DemandColumns, DemandConstants, DemandMapping
from ccgov.imports.mapping import (
    MAX_MAPPING_BYTES,
    Columns,
    Constants,
    ImportMapping,
    fold,
    load_mapping,
    lookup,
    read_mapping,
)
from ccgov.records.base import Model
from helpers import ROOT

DATA = ROOT / "tests" / "data" / "import"
MINIMAL = b"columns: {title: Title, opened: Opened}\nsla: SLA-0001\nconstants: {severity: 3}\n"


def test_the_shared_mapping_loads() -> None:
    mapping, problems = load_mapping("mapping.yaml", (DATA / "mapping.yaml").read_bytes())
    assert problems == [] and mapping is not None
    assert mapping.wanted_columns()["columns.opened"] == "Opened"
    assert mapping.severities["1 - Critical"] == 1


def test_defaults() -> None:
    mapping, _ = load_mapping("m.yaml", MINIMAL)
    assert mapping is not None
    assert (mapping.encoding, mapping.delimiter, mapping.timestamp_formats) == (
        "utf-8",
        None,
        ["iso"],
    )
    assert mapping.ambiguous_times == "error"


def test_value_map_keys_are_text_even_when_yaml_reads_numbers() -> None:
    text = (
        b"columns: {title: T, opened: O, severity: P}\nsla: SLA-0001\nseverities: {1: 1, P2: 2}\n"
    )
    mapping, problems = load_mapping("m.yaml", text)
    assert problems == [] and mapping is not None
    assert mapping.severities == {"1": 1, "P2": 2}
    _, [problem] = load_mapping("m.yaml", text.replace(b"P2", b"2.5"))
    assert (problem.line, problem.column) == (3, 20) and "quote it" in problem.message


@pytest.mark.parametrize(
    "pattern", ["%d.%m.%Y %H:%M", "%y%m%d %I:%M %p", "%Y-%m-%dT%H:%M:%S%z", "100%% %Y"]
)
def test_good_timestamp_formats(pattern: str) -> None:
    text = MINIMAL + f"timestamp_formats: ['{pattern}', ISO]\n".encode()
    assert load_mapping("m.yaml", text)[1] == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("timestamp_formats: ['%Y %']", "a % at the end is not a strptime directive"),
        ("timestamp_formats: ['%Y %-d']", "%- is not a strptime directive"),
        ("timestamp_formats: []", "at least 1 item"),
        ("encoding: hex", "'hex' is not a text encoding"),
        ("encoding: undefined", "'undefined' cannot read text"),
        ('delimiter: "\\n"', "cannot separate cells"),
        ("ambiguous_times: both", "choose one of: 'error', 'earlier', 'later'"),
    ],
)
def test_bad_values_are_located(value: str, message: str) -> None:
    mapping, [problem] = load_mapping("m.yaml", MINIMAL + value.encode() + b"\n")
    assert mapping is None and problem.line == 4 and message in problem.message


def test_an_oversized_mapping() -> None:
    text = MINIMAL + b"# " + b"x" * MAX_MAPPING_BYTES + b"\n"
    _, [problem] = load_mapping("m.yaml", text)
    assert "over the" in str(problem)


def test_read_mapping_serves_any_mapping_model() -> None:
    class Tiny(Model):
        column: str

    loaded, problems = read_mapping("k.yaml", b"column: Calls\n", Tiny)
    assert problems == [] and loaded is not None and loaded.record.column == "Calls"
    loaded, [problem] = read_mapping("k.yaml", b"\ncolumn: Calls\ncolour: red\n", Tiny)
    assert (
        loaded is None
        and str(problem) == "k.yaml:3:1: unknown key 'colour'; did you mean 'column'?"
    )


def test_lookup_is_exact_first_then_ignores_case_and_spacing() -> None:
    table = {"P1": 1, "p1": 2, "Main  Routing": 3}
    assert (lookup(table, "P1"), lookup(table, "p1"), lookup(table, " main routing ")) == (1, 2, 3)
    assert lookup(table, "P2") is None
    assert fold("  Queue   OVERFLOW ") == "queue overflow"


# --- documentation and layering ----------------------------------------------


def documented_keys() -> set[str]:
    text = (ROOT / "docs" / "imports.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z_.]+)`", text, flags=re.MULTILINE))


@pytest.mark.parametrize(
    ("model", "prefix"),
    [
        (ImportMapping, ""),
        (Columns, "columns."),
        (Constants, "constants."),
        (DemandMapping, ""),
        (DemandColumns, "columns."),
        (DemandConstants, "constants."),
    ],
)
def test_docs_imports_md_documents_every_mapping_key(model: type[BaseModel], prefix: str) -> None:
    keys = {prefix + name for name in model.model_fields}
    assert keys <= documented_keys(), (
        f"document in docs/imports.md: {sorted(keys - documented_keys())}"
    )


ALLOWED = (
    "ccgov.errors",
    "ccgov.findings",
    "ccgov.records",
    "ccgov.store",
    "ccgov.policy",
    "ccgov.imports",
    "ccgov.validation",
    "ccgov.workflow.transaction",
    "ccgov.workflow.identity",
)


def test_imports_only_points_down() -> None:
    """imports/ may use records, store, the transaction and validation; never
    the CLI, the reports, baselines or the other use cases (functions included)."""
    for path in sorted((ROOT / "src" / "ccgov" / "imports").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("ccgov"):
                    assert name.startswith(ALLOWED), f"{path.name} imports {name}"
