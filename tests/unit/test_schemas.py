from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccgov import schema
from helpers import ROOT


def test_committed_schemas_are_current() -> None:
    """schemas/ is generated; regenerate with `make schemas` when models change."""
    expected = schema.schemas()
    committed = {p.name for p in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == set(expected), "run `make schemas`"
    for name, body in expected.items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == schema.render(body), (
            f"schemas/{name} is stale: run `make schemas`"
        )


@pytest.mark.parametrize("name", sorted(schema.schemas()))
def test_schema_is_draft7_with_id(name: str) -> None:
    body = schema.schemas()[name]
    assert body["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert body["$id"].endswith(name)
    assert "$defs" not in json.dumps(body)


def test_schema_export_command_writes_files(tmp_path: Path, cli) -> None:
    result = cli("schema", "export", tmp_path / "out")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(schema.schemas())
