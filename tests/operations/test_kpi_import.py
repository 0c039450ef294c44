"""`ccgov kpi import`: an export's rows become measurements of imported KPIs
through the incident import's table reader; every problem is located (the
mapping's line and column, the export's row and cell) and nothing is
written until every row converts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ccgov.records.kpi import Kpi
from ccgov.store.loader import load_record
from helpers import Result, git, write_files

KPI = """\
id: {id}
title: {title}
definition: {title}, from the ACD.
source: imported
unit: percent
target: 35
direction: higher
owner: alice
frequency: {frequency}
"""
COMPUTED = """\
id: major
title: Major incidents
definition: Severity 1 and 2 incidents opened in the month.
source: incidents
metric: count
severities: [1, 2]
unit: count
target: 2
direction: lower
owner: bob
frequency: monthly
"""
MAPPING = """\
period: Month
source: ACD export
thousands: ","
kpis:
  containment:
    numerator: Contained
    denominator: IVR calls
    scale: 100
  handled:
    column: Handled %
"""
EXPORT = """\
Month,IVR calls,Contained,Handled %
2026-01,"47,310","16,085",60
2026-02-15,"45,020","16,658",70.5%
2026-03,"49,880","18,207",
"""


def kpi(root: Path, name: str) -> Kpi:
    path = f"kpis/{name}.yaml"
    loaded, findings = load_record(path, (root / path).read_bytes(), Kpi)
    assert loaded is not None, findings
    return loaded.record  # type: ignore[no-any-return]


@pytest.fixture
def kpis(ops: Path) -> Path:
    write_files(
        ops,
        {
            "kpis/containment.yaml": KPI.format(id="containment", title="IVR containment", frequency="monthly"),
            "kpis/handled.yaml": KPI.format(id="handled", title="Calls handled", frequency="monthly"),
            "kpis/major.yaml": COMPUTED,
            "exports/map.yaml": MAPPING,
            "exports/acd.csv": EXPORT,
        },
    )  # fmt: skip
    git(ops, "add", "-A")
    git(ops, "commit", "-q", "-m", "KPIs")
    return ops


def run(cli: Callable[..., Result], root: Path, *extra: str) -> Result:
    return cli("-C", root, "kpi", "import", "exports/acd.csv", "--map", "exports/map.yaml", *extra)


def test_dry_run_then_apply_then_nothing_new(kpis: Path, cli: Callable[..., Any]) -> None:
    head = git(kpis, "rev-parse", "HEAD")
    result = run(cli, kpis)
    assert result.exit_code == 0, result.stderr
    # 16,085 / 47,310 = 33.999 -> 34.0; 16,658 / 45,020 = 37.001 -> 37.0;
    # 18,207 / 49,880 = 36.502 -> 36.5. A date stands for its month; an empty
    # Handled % cell is skipped.
    assert result.stdout.splitlines()[1:6] == [
        "  containment  2026-01  34.0  (row 2)",
        "  handled  2026-01  60.0  (row 2)",
        "  containment  2026-02  37.0  (row 3)",
        "  handled  2026-02  70.5  (row 3)",
        "  containment  2026-03  36.5  (row 4)",
    ]
    assert "5 new, 0 already recorded, 1 empty. Dry run" in result.stdout
    assert git(kpis, "rev-parse", "HEAD") == head
    result = run(cli, kpis, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "kpi(containment, handled): import: committed" in result.stdout
    measured = kpi(kpis, "containment").measurements
    assert [(m.period, m.value) for m in measured] == [
        ("2026-01", 34.0),
        ("2026-02", 37.0),
        ("2026-03", 36.5),
    ]
    assert measured[0].source == "ACD export, acd.csv row 2"
    assert (
        git(kpis, "log", "-1", "--format=%(trailers:key=Ccgov-Action,valueonly)").strip()
        == "import"
    )
    again = run(cli, kpis, "--apply", "--format", "json")
    assert again.exit_code == 0
    assert json.loads(again.stdout)["unchanged"] == 5
    assert json.loads(again.stdout)["applied"] is False
    assert cli("-C", kpis, "validate").exit_code == 0


def test_a_different_figure_is_refused_unless_replaced(kpis: Path, cli: Callable[..., Any]) -> None:
    assert run(cli, kpis, "--apply").exit_code == 0
    (kpis / "exports" / "acd.csv").write_text(EXPORT.replace("70.5%", "71"), encoding="utf-8")
    result = run(cli, kpis, "--apply")
    assert result.exit_code == 1
    assert (
        "acd.csv row 3, column A (Month): handled already has 2026-02 = 70.5; this row says 71.0"
        in (result.stderr)
    )
    result = run(cli, kpis, "--apply", "--replace")
    assert result.exit_code == 0, result.stderr
    assert "handled  2026-02  71.0 (was 70.5)" in result.stdout
    assert [m.value for m in kpi(kpis, "handled").measurements] == [60.0, 71.0]


@pytest.mark.parametrize(
    ("export", "message"),
    [
        (EXPORT.replace('"16,085"', "lots"), "row 2, column C (Contained): 'lots' is not a number"),
        (EXPORT.replace('"45,020"', "0"), "row 3, column B (IVR calls): the denominator is 0"),
        # A typo beside an empty cell is reported, not skipped as an empty figure.
        (
            EXPORT.replace('"16,085"', "").replace('"47,310"', "lots"),
            "row 2, column B (IVR calls): 'lots' is not a number",
        ),
        (EXPORT.replace("2026-03,", "March,"), "row 4, column A (Month): 'March' is not a monthly period"),
        (EXPORT.replace("2026-03,", "2026-01,"), "row 4, column A (Month): containment 2026-01 is also in row 2"),
        (
            EXPORT.replace("IVR calls", "IVR offered"),
            "row 1: missing column 'IVR calls' (kpis.containment.denominator); the header has: "
            "Month, IVR offered",
        ),
        (EXPORT + "2026-04,1\n", "row 5: the row has 2 cells, the header 4"),
    ],
)  # fmt: skip
def test_export_problems_are_located(
    kpis: Path, cli: Callable[..., Any], export: str, message: str
) -> None:
    (kpis / "exports" / "acd.csv").write_text(export, encoding="utf-8")
    result = run(cli, kpis, "--apply")
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr
    assert kpi(kpis, "containment").measurements == []


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (MAPPING.replace("  handled:", "  major:"), "map.yaml:9:3: KPI major is computed from incidents"),
        (MAPPING.replace("  handled:", "  unknown:"), "map.yaml:9:3: there is no KPI unknown"),
        (
            MAPPING.replace("    column: Handled %", "    column: Handled %\n    numerator: Handled"),
            "name a column, or a numerator and a denominator, not both",
        ),
        (MAPPING.replace("period: Month", "periods: Month"), "map.yaml:1:1: unknown key 'periods'"),
    ],
)  # fmt: skip
def test_mapping_problems_are_located(
    kpis: Path, cli: Callable[..., Any], mapping: str, message: str
) -> None:
    (kpis / "exports" / "map.yaml").write_text(mapping, encoding="utf-8")
    result = run(cli, kpis)
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr


def test_problems_as_json(kpis: Path, cli: Callable[..., Any]) -> None:
    (kpis / "exports" / "acd.csv").write_text(EXPORT.replace('"16,085"', "lots"), encoding="utf-8")
    result = run(cli, kpis, "--format", "json")
    assert result.exit_code == 1
    problem = json.loads(result.stdout)["problems"][0]
    assert (problem["line"], problem["column"], problem["column_name"]) == (2, 3, "Contained")
