"""The generated reference pages match the code, and their examples validate."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ccgov.findings import CODES
from ccgov.records.kinds import CONFIG_FILE, KINDS
from ccgov.validation.validate import validate
from helpers import ROOT, write_files


def _load_gendocs() -> ModuleType:
    path = ROOT / "tools" / "gendocs.py"
    spec = importlib.util.spec_from_file_location("gendocs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gendocs", module)
    spec.loader.exec_module(module)
    return module


gendocs = _load_gendocs()


@pytest.mark.parametrize("relative", sorted(gendocs.render()))
def test_generated_page_is_current(relative: str) -> None:
    """docs/records.md and docs/finding-codes.md are generated: run `make docs`."""
    expected = gendocs.render()[relative]
    path = ROOT / relative
    assert path.is_file(), f"{relative} is missing: run `make docs`"
    assert path.read_text(encoding="utf-8") == expected, f"{relative} is stale: run `make docs`"


def _in_process_with_seed(seed: str, code: str) -> str:
    """Run ``code`` in a fresh interpreter with its own PYTHONHASHSEED: a set or
    dict ordered by string hashes comes out differently in each."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_generated_docs_are_the_same_in_every_process() -> None:
    code = (
        "import hashlib, sys; sys.path.insert(0, 'tools'); import gendocs; "
        "pages = gendocs.render(); "
        "print({k: hashlib.sha256(v.encode()).hexdigest() for k, v in sorted(pages.items())})"
    )
    assert _in_process_with_seed("1", code) == _in_process_with_seed("2", code)


def test_benchmark_generator_is_the_same_in_every_process() -> None:
    code = (
        "import hashlib, sys; sys.path.insert(0, 'benchmarks'); import generate; "
        "files = generate.Generator(300, 7, 2025).generate(); "
        "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())"
    )
    assert _in_process_with_seed("1", code) == _in_process_with_seed("99", code)


def test_every_code_is_documented() -> None:
    text = (ROOT / "docs" / "finding-codes.md").read_text(encoding="utf-8")
    for code, info in CODES.items():
        assert f"\n### {code}\n" in text, f"{code} has no section in docs/finding-codes.md"
        assert f"[{code}](#{code.lower()})" in text, f"{code} is missing from the summary table"
        assert info.title in text


def test_every_kind_and_config_is_documented_with_an_example() -> None:
    text = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    paths = set(gendocs.examples())
    assert CONFIG_FILE in paths
    for kind in KINDS:
        assert f"\n## {kind.title}\n" in text
        assert any(path.startswith(f"{kind.directory}/") for path in paths), (
            f"no example for {kind.name}"
        )
        for name, field in kind.model.model_fields.items():
            assert f"| `{field.alias or name}` |" in text


@pytest.mark.parametrize("path", sorted(gendocs.EXAMPLES))
def test_example_loads_without_findings(path: str) -> None:
    assert gendocs.example_findings()[path] == []


def test_examples_validate_together_as_a_repository(tmp_path: Path) -> None:
    """The examples reference each other; together they pass every cross-record rule."""
    write_files(tmp_path, dict(gendocs.examples()))
    result = validate(tmp_path)
    assert result.findings == []
    assert result.files_checked == len(gendocs.EXAMPLES)


def test_check_names_stale_pages(tmp_path: Path) -> None:
    assert sorted(gendocs.stale(tmp_path)) == sorted(gendocs.render())
    write_files(tmp_path, dict(gendocs.render()))
    assert gendocs.stale(tmp_path) == []
    (tmp_path / gendocs.CODES_PAGE).write_text("old\n", encoding="utf-8")
    assert gendocs.stale(tmp_path) == [gendocs.CODES_PAGE]


def test_benchmark_generator_output_validates_clean(tmp_path: Path) -> None:
    """The benchmark measures a repository with no findings; a new rule the
    generator does not satisfy would make it measure error reporting instead."""
    import subprocess
    import sys

    from ccgov.validation.validate import validate

    out = tmp_path / "generated"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--records",
            "400",
            "--out",
            str(out),
            "--no-git",
        ],
        check=True,
        capture_output=True,
    )
    assert [f"{f.file} {f.code} {f.message}" for f in validate(out).findings] == []
