"""The Jinja environment: package templates, overridable per repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

OVERRIDE_DIR = ".ccgov/templates"
Format = Literal["md", "html"]


def environment(root: Path | None, output: Format) -> Any:
    """Templates from ``<repo>/.ccgov/templates`` first, then ccgov's own.

    HTML is autoescaped; Markdown is not (it escapes with the ``md`` filter).
    """
    import jinja2

    loaders: list[Any] = []
    if root is not None and (root / OVERRIDE_DIR).is_dir():
        loaders.append(jinja2.FileSystemLoader(str(root / OVERRIDE_DIR)))
    loaders.append(jinja2.PackageLoader("ccgov", "templates/report"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=output == "html",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_cell
    env.filters["short"] = lambda value, n=12: str(value)[:n]
    env.filters["tojson_compact"] = lambda value: json.dumps(value, default=str)
    return env


def markdown_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    text = "" if value is None else str(value)
    for char in ("\\", "|", "*", "_", "`", "<", ">", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def render(root: Path | None, template: str, output: Format, **context: Any) -> str:
    name = f"{template}.{output}.j2"
    return str(environment(root, output).get_template(name).render(**context))
