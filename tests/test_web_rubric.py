"""A teacher adapts a rubric in `grader serve` (Chromium, Playwright), and the file it saves
marks from the command line exactly as the page predicted."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.test_browser import ARTIFACTS, CHROMIUM_FLAGS, sync_api
from tests.test_browser import CHROMIUM as CHROMIUM_PATH
from tests.test_web_browser import sample_paragraphs
from tests.web_server import Server

STUDENTS = 30


def class_folder(folder: Path) -> Path:
    """Write 30 essays made of the samples' paragraphs, of different lengths and quality."""
    paragraphs = sample_paragraphs()
    essays = folder / "essays"
    essays.mkdir()
    for i in range(STUDENTS):
        count = 2 + i % 5
        chosen = [paragraphs[(i * 7 + k * 3) % len(paragraphs)] for k in range(count)]
        (essays / f"student_{i:02d}.txt").write_text("\n\n".join(chosen), encoding="utf-8")
    return essays


def browser_page(playwright: Any) -> tuple[Any, Any, list[str], list[str]]:
    """Open Chromium with a page that records console errors and every address it asks for."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_FLAGS
    )
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.on("request", lambda r: requests.append(r.url))
    return browser, opened, errors, requests


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path, str]]:
    """A server with a class of 30 marked by a teacher in the page: the class's address."""
    folder = tmp_path_factory.mktemp("class")
    essays = class_folder(folder)
    running = Server(tmp_path_factory.mktemp("data")).start()
    bundle = folder / "class.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for essay in sorted(essays.iterdir()):
            archive.write(essay, essay.name)
    with sync_api.sync_playwright() as playwright:
        browser, tab, _, _ = browser_page(playwright)
        tab.goto(f"{running.url}/teacher")
        tab.select_option("select[name=rubric]", "general-essay")
        tab.set_input_files("input[name=files]", str(bundle))
        tab.click("form.check button[type=submit]")
        tab.wait_for_selector("text=Open the class overview", timeout=300_000)
        address = tab.url
        browser.close()
    yield running, essays, address
    running.stop()


@pytest.fixture
def page(marked: tuple[Server, Path, str]) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A fresh page that records console errors and every address it asks for."""
    with sync_api.sync_playwright() as playwright:
        browser, opened, errors, requests = browser_page(playwright)
        yield opened, errors, requests
        browser.close()


def typed(tab: Any, name: str, value: str) -> None:
    """Type a value into a field and wait for the page to check it."""
    field = tab.locator(f'input[name="{name}"]')
    field.fill(value)
    tab.wait_for_selector('#rubric-form[data-checked]:not([data-checked=""])', state="attached")


def adapt(tab: Any, address: str) -> None:
    """Open a marked class's rubric page from the class overview, as a teacher would."""
    tab.goto(address)
    tab.click("text=Adapt the rubric and see what it does to this class")
    tab.wait_for_selector("#rubric-form")


def quiet(errors: list[str], requests: list[str], server: Server) -> None:
    """Check that the page logged no error and asked nothing of any other machine."""
    assert errors == []
    assert all(url.startswith(server.url) or url.startswith("data:") for url in requests)


def predicted(tab: Any) -> dict[str, tuple[str, str]]:
    """Read the preview: each student's predicted total and grade."""
    rows = tab.locator("table.moves tbody tr")
    return {
        rows.nth(i).get_attribute("data-student"): (
            rows.nth(i).get_attribute("data-after"),
            rows.nth(i).get_attribute("data-after-grade"),
        )
        for i in range(rows.count())
    }


def test_a_teacher_changes_a_weight_and_a_boundary_sees_the_effect_and_saves(
    marked: tuple[Server, Path, str], page: tuple[Any, list[str], list[str]], tmp_path: Path
) -> None:
    server, essays, address = marked
    tab, errors, requests = page
    adapt(tab, address)
    assert tab.locator("fieldset.criterion").count() == 3
    assert "0 of 30 students would change grade" in tab.inner_text("#preview")
    before = predicted(tab)

    share = tab.inner_text('[data-share="0"]')
    typed(tab, "criteria[0].weight", "6")  # structure: from 2 to 6
    assert tab.inner_text('[data-share="0"]').endswith("of the marks")
    assert tab.inner_text('[data-share="0"]') != share  # its share grows as it is typed
    typed(tab, "grades[1].min", "62")  # B from 70 to 62
    summary = tab.inner_text("#preview .summary")
    after = predicted(tab)
    changed = [s for s in after if after[s][1] != before[s][1]]
    assert changed, "the edit should move some students' grades"
    assert f"{len(changed)} of 30 students would change grade" in summary
    assert tab.locator("table.moves tr.changed").count() == len(changed)
    assert "weight: 6" in (tab.text_content("#rubric-text") or "")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "web-rubric-preview.png"), full_page=True)

    tab.click("#save")
    tab.wait_for_selector("text=Saved as")
    assert "general-essay-v1" in tab.inner_text("h1 + p")
    with tab.expect_download() as download:
        tab.click("p.notice a")
    rubric = tmp_path / "general-essay-v1.yaml"
    download.value.save_as(rubric)
    text = rubric.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "extends: general-essay" in text and "readability" not in text

    grader = [sys.executable, "-m", "grader"]
    valid = subprocess.run(
        [*grader, "rubric", "validate", str(rubric)], cwd=ROOT, capture_output=True, text=True
    )
    assert valid.returncode == 0, valid.stdout + valid.stderr
    out = tmp_path / "out"
    subprocess.run(
        [*grader, "mark", str(essays), "--rubric", str(rubric), "--out", str(out), "--quiet"],
        cwd=ROOT,
        check=True,
    )
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    from_cli = {
        r["student"]: (f"{r['total']['percent']:.1f}", r["total"]["grade"]) for r in results
    }
    assert from_cli == after
    quiet(errors, requests, server)


def test_a_broken_value_shows_its_message_and_cannot_be_saved(
    marked: tuple[Server, Path, str], page: tuple[Any, list[str], list[str]]
) -> None:
    server, _, _ = marked
    tab, errors, _ = page
    tab.goto(f"{server.url}/teacher/rubrics/general-essay")
    typed(tab, "criteria[1].weight", "-2")
    weight = tab.locator('[data-for="criteria[1].weight"]')
    assert "must be greater than 0" in weight.inner_text()
    assert tab.locator("#save").is_disabled()

    typed(tab, "criteria[1].weight", "3")
    assert tab.locator("#save").is_enabled()
    # A gap between two levels: the second level now stops well short of the first.
    first_min = float(tab.locator('input[name="criteria[2].levels[0].min"]').input_value())
    second_min = float(tab.locator('input[name="criteria[2].levels[1].min"]').input_value())
    typed(tab, "criteria[2].levels[1].max", f"{(first_min + second_min) / 2:.2f}")
    problems = tab.locator("#rubric-form .field-problem").all_inner_texts()
    assert any("gap" in p for p in problems), problems
    assert tab.locator("#save").is_disabled()
    tab.screenshot(path=str(ARTIFACTS / "web-rubric-problem.png"), full_page=True)

    # Sent anyway (as a script could), the save is refused and nothing is kept.
    tab.evaluate("document.getElementById('save').disabled = false")
    tab.click("#save")
    tab.wait_for_selector("h1")
    assert "gap" in tab.inner_text("#rubric-form")
    assert "Saved as" not in tab.inner_text("main")
    versions = tab.inner_text("section.versions")
    assert "general-essay-v2" not in versions
    assert errors == [] or all("422" in e for e in errors)


def test_a_teacher_types_25_marks_and_calibrates_to_them(
    marked: tuple[Server, Path, str], page: tuple[Any, list[str], list[str]]
) -> None:
    _, _, address = marked
    tab, errors, _ = page
    tab.goto(address)
    rows = tab.locator("form.marks tbody tr")
    assert rows.count() == STUDENTS
    for i in range(25):  # the teacher's marks out of 40: they follow grader's, not exactly
        percent = float(rows.nth(i).locator("td").nth(1).inner_text().rstrip("%"))
        rows.nth(i).locator("input").fill(f"{round(percent * 0.4 + (i % 3 - 1))}")
    tab.click("form.marks button[value=keep]")
    tab.wait_for_selector("text=25 marked so far")
    assert tab.locator("form.marks input").nth(0).input_value() != ""
    tab.click("form.marks button[value=calibrate]")
    tab.wait_for_selector("text=Calibrated on 25 essays", timeout=120_000)
    said = tab.inner_text("p.notice")
    assert "agrees with your marks at" in said
    assert "calibrated" in tab.inner_text("h1").lower()
    versions = tab.inner_text("section.versions")
    assert "Calibrated to your marks for 25 students" in versions
    tab.screenshot(path=str(ARTIFACTS / "web-rubric-calibrated.png"), full_page=True)
    assert errors == []


def test_a_teacher_edits_the_fact_sheet_and_sees_what_it_finds_in_an_essay(
    marked: tuple[Server, Path, str], page: tuple[Any, list[str], list[str]], tmp_path: Path
) -> None:
    server, _, _ = marked
    tab, errors, requests = page
    tab.goto(f"{server.url}/teacher/rubrics/history-essay-great-terror")
    assert tab.locator("fieldset.fact").count() == 20
    essay = ROOT / "samples" / "mixed_accuracy_essay.txt"
    tab.fill("textarea[name=check_text]", essay.read_text(encoding="utf-8"))
    tab.wait_for_selector('#rubric-form[data-checked]:not([data-checked=""])', state="attached")
    wrong_before = tab.locator("#facts-check tr[data-verdict=contradicted]").count()
    assert wrong_before >= 1
    kirov = tab.locator("#facts-check tr", has_text="1 December 1934")
    assert kirov.first.get_attribute("data-verdict") == "supported"

    # A mistyped date on the sheet: the checker's message beside it, and no saving.
    assert tab.locator('input[name="sheet.facts[0].id"]').input_value() == "kirov-assassination"
    typed(tab, "sheet.facts[0].date", "sometime")
    assert "expected a date" in tab.inner_text('[data-for="sheet.facts[0].date"]')
    assert tab.locator("#save").is_disabled()
    assert "Put right the fact sheet" in tab.inner_text("#facts-check")

    # The teacher's sheet says 1935: the essay's "1 December 1934" is now wrong, as typed.
    typed(tab, "sheet.facts[0].date", "1935-12-01")
    assert tab.locator("#save").is_enabled()
    assert tab.locator("#facts-check tr[data-verdict=contradicted]").count() == wrong_before + 1
    kirov = tab.locator("#facts-check tr", has_text="1 December 1934")
    assert kirov.first.get_attribute("data-verdict") == "contradicted"
    assert "in the essay: wrong" in tab.inner_text('[data-fact-found="kirov-assassination"]')
    page_verdicts = sorted(
        tab.locator("#facts-check tr[data-verdict]").evaluate_all(
            "rows => rows.map(r => r.dataset.verdict)"
        )
    )
    assert "date: 1935-12-01" in (tab.text_content("#sheet-text") or "")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "web-rubric-facts.png"), full_page=True)
    tab.click("#facts-check details summary")
    tab.locator("section.try").screenshot(path=str(ARTIFACTS / "web-rubric-facts-check.png"))

    tab.click("#save")
    tab.wait_for_selector("text=Saved as")
    name = tab.inner_text("p.notice strong")
    assert name.startswith("history-essay-great-terror-v")
    files = {}
    for link, suffix in (("download", ".yaml"), ("facts", ".facts.yaml")):
        with tab.expect_download() as download:
            tab.click(f'p.notice a[href$="/{link}"]')
        files[suffix] = tmp_path / f"{name}{suffix}"
        download.value.save_as(files[suffix])
    assert f"facts: {name}.facts.yaml" in files[".yaml"].read_text(encoding="utf-8")

    grader = [sys.executable, "-m", "grader"]
    valid = subprocess.run(
        [*grader, "rubric", "validate", str(files[".yaml"])],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert valid.returncode == 0, valid.stdout + valid.stderr
    checked = subprocess.run(
        [*grader, "facts", "check", str(files[".facts.yaml"]), "--essay", str(essay)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    cli_verdicts = sorted(
        line.strip()[1:].split("]", 1)[0] for line in checked.stdout.splitlines()[1:]
    )
    assert cli_verdicts == page_verdicts
    quiet(errors, requests, server)


def test_a_teacher_moves_a_criterion_up_and_no_mark_changes(
    marked: tuple[Server, Path, str], page: tuple[Any, list[str], list[str]]
) -> None:
    _, _, address = marked
    tab, errors, _ = page
    adapt(tab, address)
    legends = tab.locator("fieldset.criterion legend")
    before = [legends.nth(i).inner_text().split(" ")[0] for i in range(legends.count())]
    tab.click('button[value="up:2"]')
    tab.wait_for_selector("#rubric-form")
    legends = tab.locator("fieldset.criterion legend")
    after = [legends.nth(i).inner_text().split(" ")[0] for i in range(legends.count())]
    assert after == [before[0], before[2], before[1]]
    assert "0 of 30 students would change grade" in tab.inner_text("#preview")
    assert "order: [structure, mechanics, readability]" in (tab.text_content("#rubric-text") or "")
    assert tab.locator("#save").is_enabled()
    assert errors == []
