from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccgov.records import schema
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


def _json_keys(value: object) -> object:
    """YAML mapping keys as JSON sees them (text)."""
    if isinstance(value, dict):
        return {str(k): _json_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value


def _errors(kind: str, data: object) -> list[str]:
    import jsonschema

    validator = jsonschema.Draft7Validator(schema.schemas()[f"{kind}.schema.json"])
    return [error.message for error in validator.iter_errors(_json_keys(data))]


def test_example_records_pass_the_exported_schemas() -> None:
    from ccgov.records.kinds import KINDS
    from ccgov.store.yamlio import parse_document
    from helpers import EXAMPLE

    config, _ = parse_document("ccgov.yaml", (EXAMPLE / "ccgov.yaml").read_bytes())
    assert config is not None and _errors("config", config.data) == []
    for kind in KINDS:
        for path in sorted((EXAMPLE / kind.directory).glob("*.yaml")):
            document, _ = parse_document(path.name, path.read_bytes())
            assert document is not None
            assert _errors(kind.name, document.data) == [], path


def test_schemas_reject_what_ccgov_rejects() -> None:
    raci = {"id": "p", "process": "P", "activities": [{"name": "a", "raci": {"CAB": "A"}}]}
    assert _errors("raci", raci)
    from ccgov.store.yamlio import parse_document
    from helpers import EXAMPLE

    document, _ = parse_document("s", (EXAMPLE / "slas/SLA-0001.yaml").read_bytes())
    assert document is not None
    document.data["severities"][7] = document.data["severities"][1]
    assert any("'7'" in message for message in _errors("sla", document.data))
