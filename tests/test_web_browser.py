"""A student and a teacher use `grader serve` in Chromium (Playwright), as they would."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES
from tests.test_browser import ARTIFACTS, CHROMIUM_FLAGS, sync_api
from tests.test_browser import CHROMIUM as CHROMIUM_PATH
from tests.web_server import Server

WEAK = (SAMPLES / "weak_essay.txt").read_text(encoding="utf-8")
# The second draft fixes the misspellings the report points at.
REVISED = (
    WEAK.replace("alot", "a lot")
    .replace("Alot", "A lot")
    .replace("beleive", "believe")
    .replace("goverment", "government")
    .replace("didnt", "didn't")
    .replace("dont", "don't")
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("data")).start()
    yield running
    running.stop()


@pytest.fixture
def page(server: Server) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A fresh page that records console errors and every address it asks for."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_FLAGS
        )
        opened = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        requests: list[str] = []
        opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        opened.on("pageerror", lambda e: errors.append(str(e)))
        opened.on("request", lambda r: requests.append(r.url))
        yield opened, errors, requests
        browser.close()


def test_a_student_checks_a_draft_revises_it_and_sees_what_changed(
    server: Server, page: tuple[Any, list[str], list[str]]
) -> None:
    tab, errors, requests = page
    tab.goto(f"{server.url}/")
    tab.fill("input[name=student]", "Ada Lovelace")
    tab.fill("textarea[name=text]", WEAK)
    tab.click("form.check button[type=submit]")
    tab.wait_for_selector("#fix-first")
    assert "Feedback for Ada Lovelace" in tab.inner_text("h1")
    assert "Draft 1" in tab.inner_text("section.draft")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "web-draft-1.png"))

    tab.fill("#next-draft", REVISED)
    tab.click("details.revise button[type=submit]")
    tab.wait_for_selector("section.draft .changes")
    fixed = tab.inner_text(".changes .fixed")
    still = tab.text_content(".changes .still")  # folded away, but in the page
    assert "Draft 2" in tab.inner_text("#draft-title")
    assert "alot" in fixed and "beleive" in fixed
    assert "alot" not in still
    assert "Still there" in still
    assert tab.locator("figure.chart circle").count() == 2
    assert tab.locator("table.levels tbody tr").count() == 4
    tab.screenshot(path=str(ARTIFACTS / "web-draft-2.png"))
    tab.goto(f"{server.url}/?student=Ada%20Lovelace")
    assert tab.locator(".history li").count() == 2
    assert errors == []
    assert all(url.startswith(server.url) or url.startswith("data:") for url in requests)


def sample_paragraphs() -> list[str]:
    """Return the samples' paragraphs of more than 20 words, to build class essays from."""
    return [
        p
        for s in sorted(SAMPLES.glob("*.txt"))
        for p in s.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) > 20
    ]


def class_zip(folder: Path) -> Path:
    """Zip 18 essays made of the samples' paragraphs and two broken files, in a subfolder."""
    paragraphs = sample_paragraphs()
    path = folder / "class.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        for i in range(18):
            chosen = [paragraphs[(i * 5 + k * 3) % len(paragraphs)] for k in range(3)]
            bundle.writestr(f"10B/student_{i:02d}.txt", "\n\n".join(chosen))
        bundle.writestr("10B/empty.txt", "")
        bundle.writestr("10B/broken.docx", b"PK\x03\x04 not a zip")
    return path


def test_a_teacher_uploads_a_class_zip_and_downloads_the_marks(
    server: Server, page: tuple[Any, list[str], list[str]], tmp_path: Path
) -> None:
    tab, errors, requests = page
    tab.goto(f"{server.url}/teacher")
    tab.select_option("select[name=rubric]", "general-essay")
    tab.set_input_files("input[name=files]", str(class_zip(tmp_path)))
    tab.click("form.check button[type=submit]")
    tab.wait_for_selector("#progress progress")
    tab.wait_for_selector("text=Open the class overview", timeout=300_000)
    failures = tab.inner_text("ul.failures")
    assert "empty.txt" in failures and "broken.docx" in failures
    assert "18 essays marked" in tab.inner_text("main")
    with tab.expect_download() as download:
        tab.click("text=Download everything (.zip)")
    saved = tmp_path / "marks.zip"
    download.value.save_as(saved)
    names = set(zipfile.ZipFile(saved).namelist())
    assert {"index.html", "grades.csv", "results.json"} <= names
    assert len([n for n in names if n.startswith("student_")]) == 18
    grades = zipfile.ZipFile(saved).read("grades.csv").decode()
    assert grades.count("not marked") == 2
    tab.click("text=Open the class overview")
    tab.wait_for_selector("table")
    tab.screenshot(path=str(ARTIFACTS / "web-class-overview.png"))
    tab.click("table a >> nth=0")
    tab.wait_for_selector(".score")
    assert errors == []
    assert all(url.startswith(server.url) or url.startswith("data:") for url in requests)
