"""JSON Schemas generated from the models, for editors and other tools."""

from __future__ import annotations

import json
from typing import Any

from ccgov.records.kinds import SCHEMA_MODELS

SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_BASE_ID = "https://ccgov.dev/schemas/"


def _draft7(node: Any) -> Any:
    """pydantic emits 2020-12 keywords; the YAML language server speaks draft-07."""
    if isinstance(node, dict):
        node = {k: _draft7(v) for k, v in node.items()}
        if "$defs" in node:
            node["definitions"] = node.pop("$defs")
        if "patternProperties" in node and "additionalProperties" not in node:
            # Keys that miss every pattern are errors in ccgov; say so to other tools too.
            node["additionalProperties"] = False
        ref = node.get("$ref")
        if isinstance(ref, str):
            node["$ref"] = ref.replace("#/$defs/", "#/definitions/")
        return node
    if isinstance(node, list):
        return [_draft7(v) for v in node]
    return node


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, one per record kind plus ccgov.yaml."""
    result: dict[str, dict[str, Any]] = {}
    for name, model in SCHEMA_MODELS.items():
        body = _draft7(model.model_json_schema(by_alias=True, mode="validation"))
        file_name = f"{name}.schema.json"
        result[file_name] = {"$schema": SCHEMA_DRAFT, "$id": SCHEMA_BASE_ID + file_name, **body}
    return result


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
