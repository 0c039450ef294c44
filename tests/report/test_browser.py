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
        "problems.html",
        "raci.html",
        "scorecard.html",
        "sla.html",
        "traceability.html",
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    for name in pages:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
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
        if name == "sla.html":
            assert page.locator("svg").count() >= 2
            assert "SLA-0001" in page.content()
        if name == "index.html":
            links = page.locator("main a")
            assert links.count() == len(pages) - 1
        page.screenshot(
            path=str(ARTIFACTS / f"site-{name.removesuffix('.html')}.png"), full_page=True
        )
        page.close()
