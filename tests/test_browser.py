"""Browser tests: the reports in real headless Chromium, driven by Playwright.

Under CI these tests must run: a missing Chromium fails them instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.cli import main
from tests.conftest import ROOT, SAMPLES

CHROMIUM = os.environ.get("GRADER_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("GRADER_TEST_ARTIFACTS", ROOT / "tests" / "artifacts"))
HISTORY = str(ROOT / "rubrics" / "history-essay-great-terror.yaml")
HOSTILE = (
    "Stalin’s purge <script>window.pwned = 1</script> began in 1936.\n\n"
    'Kirov was killed on 1 December 1934 <img src=x onerror="window.pwned = 2"> in Leningrad.'
)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs it", pytrace=False)
    pytest.skip(
        f"Chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True
    )

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Mark the samples and a hostile essay with the history rubric, as a teacher would."""
    essays = tmp_path_factory.mktemp("essays")
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, essays)
    (essays / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (essays / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    out = tmp_path_factory.mktemp("reports")
    assert main(["mark", str(essays), "--rubric", HISTORY, "--out", str(out), "--quiet"]) == 1
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Start headless Chromium once for the module."""
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


class Visit:
    """A page opened from a file, recording console errors and every request it makes."""

    def __init__(self, browser: object, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def assert_offline_and_clean(self) -> None:
        assert self.errors == []
        assert self.requests == [self.url]

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_essay_report_highlights_lead_to_their_notes(browser: object, marked: Path) -> None:
    visit = Visit(browser, marked / "seed_great_terror.html")
    page = visit.page
    visit.assert_offline_and_clean()
    assert page.locator("h1").inner_text() == "Feedback for seed_great_terror"
    highlight = page.locator("mark.hl-fact-supported").first
    note_id = highlight.get_attribute("data-notes").split()[0]
    highlight.click()
    note = page.locator(f"#{note_id}")
    assert "active" in note.get_attribute("class")
    assert note.is_visible()
    assert "fact checked: correct" in note.inner_text().lower()
    highlight.focus()
    page.keyboard.press("Enter")
    assert "active" in note.get_attribute("class")
    visit.screenshot("essay-report-seed.png")


def test_filters_hide_and_show_a_kind_of_comment(browser: object, marked: Path) -> None:
    visit = Visit(browser, marked / "weak_essay.html")
    page = visit.page
    notes = page.locator("aside .note.k-mechanics")
    assert notes.count() > 0 and notes.first.is_visible()
    page.locator("input[data-kind=mechanics]").uncheck()
    assert not notes.first.is_visible()
    page.locator("input[data-kind=mechanics]").check()
    assert notes.first.is_visible()
    visit.assert_offline_and_clean()


def test_overview_sorts_by_total_and_links_reports(browser: object, marked: Path) -> None:
    visit = Visit(browser, marked / "index.html")
    page = visit.page
    visit.assert_offline_and_clean()
    total = page.locator("#class-table thead th", has_text="Total")
    total.locator("button").click()
    values = [
        float(v)
        for v in page.locator("#class-table tbody td.num:nth-last-child(3)").evaluate_all(
            "cells => cells.map(c => c.dataset.value)"
        )
    ]
    assert values == sorted(values)
    assert total.get_attribute("aria-sort") == "ascending"
    total.locator("button").click()
    values = [
        float(v)
        for v in page.locator("#class-table tbody td.num:nth-last-child(3)").evaluate_all(
            "cells => cells.map(c => c.dataset.value)"
        )
    ]
    assert values == sorted(values, reverse=True)
    assert page.locator("svg.chart rect").count() == 10
    assert "broken.docx" in page.locator("#failures ~ ul").inner_text()
    visit.screenshot("class-overview.png")
    page.locator("#class-table a", has_text="strong_essay").click()
    assert page.url.endswith("strong_essay.html")


def test_hostile_essay_shows_markup_as_plain_text(browser: object, marked: Path) -> None:
    visit = Visit(browser, marked / "hostile.html")
    page = visit.page
    visit.assert_offline_and_clean()
    assert page.evaluate("window.pwned") is None
    # The essay's own words, without the note numbers the report puts after highlights.
    essay = page.locator("article.essay").evaluate(
        "a => { const c = a.cloneNode(true);"
        " c.querySelectorAll('.marker, .pnum, .pnotes').forEach(e => e.remove());"
        " return c.textContent; }"
    )
    assert "<script>window.pwned = 1</script>" in essay
    assert '<img src=x onerror="window.pwned = 2">' in essay
    assert page.locator("article.essay img, article.essay script").count() == 0


def test_report_prints_on_a4(browser: object, marked: Path) -> None:
    visit = Visit(browser, marked / "seed_great_terror.html")
    pdf = visit.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "essay-report-seed.pdf").write_bytes(pdf)
