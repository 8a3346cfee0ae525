"""Class mode in Chromium (Playwright), real uvicorn and SQLite: a teacher sets an assignment,
two students join, check drafts and hand in, and the teacher marks both and downloads grades."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_browser import ARTIFACTS, CHROMIUM_FLAGS, sync_api
from tests.test_browser import CHROMIUM as CHROMIUM_PATH
from tests.test_web_browser import REVISED, WEAK
from tests.test_web_people import PASSWORD, add_teacher
from tests.web_server import HISTORY, Server

QUESTION = "Why did Stalin's purges of 1936-38 reach so far beyond the Party?"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("class-browser") / "data"
    assert add_teacher(data, "Ms Rivera").returncode == 0
    running = Server(data, "--classes").start()
    yield running
    running.stop()


def watched(browser: Any, errors: list[str], requests: list[str]) -> Any:
    """Open a page in its own context (its own cookies), recording errors and addresses."""
    opened = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.on("request", lambda r: requests.append(r.url))
    return opened


def join_and_hand_in(tab: Any, url: str, code: str, name: str, essay: str) -> None:
    """Join the class, open the assignment, check a draft and hand it in."""
    tab.goto(f"{url}/join")
    tab.fill("input[name=code]", code)
    tab.fill("input[name=name]", name)
    tab.fill("input[name=password]", PASSWORD)
    tab.fill("input[name=again]", PASSWORD)
    tab.click("form.check button[type=submit]")
    tab.wait_for_selector("text=Your assignments")
    tab.click("text=The purges")
    tab.wait_for_selector("blockquote.question")
    tab.fill("textarea[name=text]", essay)
    tab.click("form.check button[type=submit]")
    tab.wait_for_selector("#fix-first")
    assert f"Feedback for {name}" in tab.inner_text("h1")
    tab.click("text=Hand in this draft")
    tab.wait_for_selector("text=✓ handed in")


def test_a_teacher_sets_an_assignment_two_students_hand_in_and_the_teacher_marks_them(
    server: Server, tmp_path: Path
) -> None:
    errors: list[str] = []
    requests: list[str] = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_FLAGS
        )
        teacher = watched(browser, errors, requests)
        teacher.goto(f"{server.url}/teacher")  # signed out: the sign-in page
        teacher.fill("input[name=name]", "Ms Rivera")
        teacher.fill("input[name=password]", PASSWORD)
        teacher.click("form.check button[type=submit]")
        teacher.wait_for_selector("text=No class yet")
        teacher.fill("input[name=name]", "10C History")
        teacher.click("text=Create the class")
        code = teacher.inner_text("#classes table code")
        teacher.click("text=10C History")
        teacher.fill("input[name=title]", "The purges")
        teacher.fill("textarea[name=question]", QUESTION)
        teacher.select_option("select[name=rubric]", HISTORY)
        teacher.fill("input[name=due]", "2027-01-15")
        teacher.click("form.check button[type=submit]")
        teacher.wait_for_selector("text=Who handed in")
        assignment = teacher.url

        students = {}
        for name, essay in (("Ann Lee", WEAK), ("Ben Ray", REVISED)):
            student = watched(browser, errors, requests)
            join_and_hand_in(student, server.url, code, name, essay)
            student.screenshot(path=str(ARTIFACTS / f"web-class-{name.split()[0]}.png"))
            students[name] = student

        teacher.goto(assignment)
        rows = teacher.inner_text("table.moves tbody")
        assert "Ann Lee" in rows and "Ben Ray" in rows and "not yet" not in rows
        teacher.screenshot(path=str(ARTIFACTS / "web-class-assignment.png"))
        teacher.click("text=Mark the handed-in drafts as a class")
        teacher.wait_for_selector("text=Open the class overview", timeout=300_000)
        with teacher.expect_download() as download:
            teacher.click("text=Download everything (.zip)")
        saved = tmp_path / "marks.zip"
        download.value.save_as(saved)
        grades = zipfile.ZipFile(saved).read("grades.csv").decode()
        assert "Ann_Lee" in grades and "Ben_Ray" in grades
        assert str(server.data) not in grades
        review_and_release(teacher, students, assignment)
        browser.close()
    assert errors == []
    assert all(url.startswith(server.url) or url.startswith("data:") for url in requests)


def review_and_release(teacher: Any, students: dict[str, Any], assignment: str) -> None:
    """Review Ann's marks on the page, release them to her alone, and look as each student."""
    class_page = teacher.url
    # A comment kept in the bank while reviewing Ben, then picked from it for Ann.
    teacher.click("a:text-is('Ben_Ray')")
    teacher.fill("textarea[name=text] >> nth=0", "Quote your historian.")
    teacher.check("input[name=keep]")
    teacher.click("text=Add the comment")
    teacher.goto(class_page)
    teacher.click("a:text-is('Ann_Lee')")
    teacher.wait_for_selector("text=Review Ann_Lee's marks")
    facts = teacher.locator("form.review-level:has(input[name=criterion][value=facts])")
    facts.locator("select[name=level]").select_option("Accurate")
    facts.locator("input[name=reason]").fill("Your dates are right.")
    facts.locator("button[type=submit]").click()
    teacher.wait_for_selector("text=grader proposed")
    first = teacher.locator("ul.review-findings li").first
    false_alarm = first.inner_text().split(" ", 1)[1].split("\n")[0].strip()
    first.locator("input[name=reason]").fill("Not a mistake here.")
    first.locator("button:text('Dismiss')").click()
    teacher.wait_for_selector("text=Dismissed: Not a mistake here.")
    teacher.select_option("select[name=banked]", "Quote your historian.")
    teacher.click("text=Add the comment")
    teacher.wait_for_selector("text=Review Ann_Lee's marks")
    teacher.fill("textarea[name=text] >> nth=0", "Which year? Be exact.")
    teacher.fill("input[name=about]", "in the 1930s")
    teacher.click("text=Add the comment")
    teacher.wait_for_selector("text=Review Ann_Lee's marks")
    teacher.screenshot(path=str(ARTIFACTS / "web-class-review.png"), full_page=False)
    final_marks_beside_proposals(teacher, class_page)
    teacher.goto(assignment)
    teacher.click("text=Release to Ann Lee")
    teacher.wait_for_selector("text=Release again")
    ann, ben = students["Ann Lee"], students["Ben Ray"]
    for tab in (ann, ben):
        tab.goto(tab.url.split("/drafts/")[0] + "/")
        tab.click("text=The purges")
    assert "not yet marked" in ben.inner_text("main")
    assert "Your teacher's marks" in ann.inner_text("main")
    ann.click("text=Open your marked essay")
    ann.wait_for_selector("text=Your teacher set this level")
    shown = ann.inner_text("body")
    assert "Your dates are right." in shown and "Quote your historian." in shown
    assert "<q>in the 1930s</q>: Which year? Be exact." in ann.content()  # on its words
    assert false_alarm not in shown
    ann.screenshot(path=str(ARTIFACTS / "web-class-released.png"))


def final_marks_beside_proposals(teacher: Any, class_page: str) -> None:
    """Check the overview, grades.csv and results.json give the teacher's marks first."""
    files = f"{class_page}/files"
    grades = teacher.request.get(f"{files}/grades.csv").text().splitlines()
    assert grades[0].endswith("proposed_total,proposed_grade")
    results = json.loads(teacher.request.get(f"{files}/results.json").text())
    ann = next(r for r in results if r["student"] == "Ann_Lee")
    facts = next(c for c in ann["criteria"] if c["id"] == "facts")
    assert facts["level"] == "Accurate" and facts["proposed_level"] != "Accurate"
    assert ann["total"]["score"] != ann["total"]["proposed"]["score"]
    assert "reviewed; proposed" in teacher.request.get(f"{files}/index.html").text()
