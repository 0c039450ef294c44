"""The HTML reports in a real headless browser (Debian's chromium): they render
with no console errors and make no request beyond the page itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, git

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail(
            "chromium is required for the browser tests (make test installs it)", pytrace=False
        )
    pytest.skip("chromium is not installed (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


def test_report_site_renders_offline(example_repo: Path, cli, browser, tmp_path: Path) -> None:
    person = next(
        line.split(":", 1)[1].strip()
        for line in (example_repo / "ccgov.yaml").read_text().splitlines()
        if line.strip().startswith("email:")
    )
    git(example_repo, "config", "user.email", person)
    assert cli("-C", example_repo, "baseline", "snapshot", "q1").exit_code == 0
    site = tmp_path / "site"
    result = cli("-C", example_repo, "report", "site", "--output", site, "--period", "2026-Q1")
    assert result.exit_code == 0, result.stderr
    pages = sorted(p.name for p in site.glob("*.html"))
    assert pages == [
        "baseline.html",
        "changes.html",
        "index.html",
        "knowledge.html",
        "lifecycle.html",
        "problems.html",
        "raci.html",
        "risks.html",
        "roadmap.html",
        "routines.html",
        "schedule.html",
        "scorecard.html",
        "sla.html",
        "traceability.html",
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    for name in pages:
        for width in (1280, 420):
            page = browser.new_page(viewport={"width": width, "height": 900})
            requests: list[str] = []
            problems: list[str] = []
            page.on("request", lambda request, seen=requests: seen.append(request.url))
            page.on(
                "console",
                lambda message, seen=problems: (
                    seen.append(message.text) if message.type in ("error", "warning") else None
                ),
            )
            page.on("pageerror", lambda error, seen=problems: seen.append(str(error)))
            url = (site / name).as_uri()
            page.goto(url)
            page.wait_for_load_state("load")
            assert requests == [url], f"{name} made requests: {requests}"
            assert problems == [], f"{name}: {problems}"
            assert page.locator("h1").count() == 1
            assert overlaps(page) == [], f"{name} at {width}px: chart labels overlap"
            # Readable on a phone: the page itself never scrolls sideways (wide
            # tables scroll inside their own box).
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{name} is {scroll_width}px wide at {width}px"
            if name == "sla.html":
                assert page.locator("svg").count() >= 2
                assert "SLA-0001" in page.content()
                assert page.locator("th", has_text="Month").count() >= 1
            if name == "risks.html":
                assert page.locator("table.heat td.cell").count() == 25
            if name == "roadmap.html":
                assert "PLAN-0001" in page.content() and "DEM-0001" in page.content()
            if name == "index.html":
                text = page.inner_text("main")
                for heading in (
                    "SLA-0001 compliance",
                    "Open Sev 1/2 incidents",
                    "RFCs awaiting a decision",
                    "Changes in the next 14 days",
                    "Changes without an RFC",
                    "Overdue routines / actions",
                ):
                    assert heading in text, heading
                assert "2026-Q1" in page.inner_text("header")
                hrefs = set(
                    page.eval_on_selector_all(
                        "main a", "els => els.map(e => e.getAttribute('href'))"
                    )
                )
                assert {p for p in pages if p != "index.html"} <= {h.split("#")[0] for h in hrefs}
            page.screenshot(
                path=str(ARTIFACTS / f"site-{name.removesuffix('.html')}-{width}.png"),
                full_page=True,
            )
            page.close()


# Every label of an SVG chart against every other label, bar, point and target
# line: no two may share a pixel.
_OVERLAPS = """
() => {
  const found = [];
  const box = (el) => el.getBoundingClientRect();
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 &&
                        a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  for (const svg of document.querySelectorAll('svg')) {
    const texts = [...svg.querySelectorAll('text')];
    const shapes = [...svg.querySelectorAll('rect, circle, line.target')];
    texts.forEach((text, i) => {
      const t = box(text);
      if (t.width === 0) return;
      texts.slice(i + 1).forEach((other) => {
        if (hit(t, box(other))) found.push(text.textContent + ' / ' + other.textContent);
      });
      shapes.forEach((shape) => {
        const s = box(shape);
        if (hit(t, s)) found.push(text.textContent + ' / ' + shape.tagName);
      });
    });
  }
  return found;
}
"""


def overlaps(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(_OVERLAPS)
