"""The teacher's review on the page: levels, dismissals and comments that every file follows."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SAMPLES
from tests.test_batch import class_folder
from tests.web_server import HISTORY, Server

WEAK = (SAMPLES / "weak_essay.txt").read_bytes()
SHORT = (SAMPLES / "short_essay.txt").read_bytes()
SPELLING = "TO_TOO"  # the weak essay's one 'to popular', in every copy of it


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, str, str]]:
    """A class of two marked on the page: the client, its form token and the class's address."""
    server = Server(tmp_path_factory.mktemp("review") / "data").start()
    client = httpx.Client(base_url=server.url, timeout=300)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/teacher").text)
    assert token is not None
    files = [("files", ("Dan_Brown.txt", WEAK)), ("files", ("Eve_Stone.txt", SHORT))]
    answer = client.post(
        "/teacher/classes", data={"csrf": token[1], "rubric": HISTORY}, files=files
    )
    address = str(answer.headers["location"])
    deadline = time.monotonic() + 300
    while not client.get(f"{address}/progress").json()["finished"]:
        assert time.monotonic() < deadline
        time.sleep(0.5)
    yield client, token[1], address
    server.stop()


def results(client: httpx.Client, address: str) -> dict[str, Any]:
    """Return the class's results.json by student."""
    data = json.loads(client.get(f"{address}/files/results.json").text)
    return {str(r["student"]): r for r in data}


def test_a_teacher_reviews_on_the_page_and_every_file_follows(
    marked: tuple[httpx.Client, str, str],
) -> None:
    client, token, address = marked
    review = f"{address}/review/Dan_Brown"
    page = client.get(review)
    assert page.status_code == 200 and "Review Dan_Brown's marks" in page.text
    finding = re.search(r"<code>([0-9a-f]{8})</code> ([^<]+)", page.text)
    assert finding is not None
    before = results(client, address)["Dan_Brown"]
    reason = "Your dates are right; the checker missed them."
    steps = [
        {"action": "level", "criterion": "facts", "level": "Accurate", "reason": reason},
        {"action": "dismiss", "finding": finding[1], "reason": "Not a mistake here."},
        {"action": "comment", "text": "A strong ending."},
    ]
    for step in steps:
        answer = client.post(review, data={"csrf": token, **step})
        assert answer.status_code == 303 and "problem" not in answer.headers["location"]
    after = results(client, address)["Dan_Brown"]
    facts = next(c for c in after["criteria"] if c["id"] == "facts")
    assert (facts["level"], facts["reason"]) == ("Accurate", reason)
    assert after["total"]["proposed"]["score"] == before["total"]["score"]
    dismissed = [f for f in after["findings"] if f["dismissed"]]
    assert [f["id"] for f in dismissed] == [finding[1]]
    report = client.get(f"{address}/files/Dan_Brown.html").text
    assert f"Your teacher set this level: {reason}" in report and "A strong ending." in report
    grades = list(csv.reader(io.StringIO(client.get(f"{address}/files/grades.csv").text)))
    assert grades[0][-2:] == ["proposed_total", "proposed_grade"]
    overview = client.get(f"{address}/files/index.html").text
    assert "reviewed; proposed" in overview
    assert "Eve_Stone" not in json.dumps(dismissed)  # the other student is untouched


def test_a_review_without_a_reason_or_of_no_one_is_refused(
    marked: tuple[httpx.Client, str, str],
) -> None:
    client, token, address = marked
    step = {"csrf": token, "action": "level", "criterion": "facts", "level": "Accurate"}
    answer = client.post(f"{address}/review/Eve_Stone", data=step)
    assert answer.status_code == 303 and "reason+is+required" in answer.headers["location"].replace(
        "%20", "+"
    )
    assert client.get(f"{address}/review/Nobody").status_code == 404


def test_a_comment_kept_in_the_bank_is_offered_and_picked_for_another_student(
    marked: tuple[httpx.Client, str, str],
) -> None:
    client, token, address = marked
    kept = "Quote the historian you rely on."
    step = {"csrf": token, "action": "comment", "text": kept, "keep": "1"}
    assert client.post(f"{address}/review/Dan_Brown", data=step).status_code == 303
    other = client.get(f"{address}/review/Eve_Stone").text
    assert f"<option>{kept}</option>" in other
    picked = {"csrf": token, "action": "comment", "text": "", "banked": kept}
    assert client.post(f"{address}/review/Eve_Stone", data=picked).status_code == 303
    comments = results(client, address)["Eve_Stone"]["comments"]
    assert [c["text"] for c in comments] == [kept]


def test_a_rule_mostly_dismissed_is_offered_off_and_the_saved_rubric_marks_without_it(
    tmp_path: Path,
) -> None:
    server = Server(tmp_path / "data").start()
    try:
        client = httpx.Client(base_url=server.url, timeout=300)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/teacher").text)
        assert token is not None
        files = [("files", (f"Pupil_{n}.txt", WEAK)) for n in range(10)]
        answer = client.post(
            "/teacher/classes", data={"csrf": token[1], "rubric": HISTORY}, files=files
        )
        address = str(answer.headers["location"])
        deadline = time.monotonic() + 600
        while not client.get(f"{address}/progress").json()["finished"]:
            assert time.monotonic() < deadline
            time.sleep(0.5)
        marked = results(client, address)
        spelling = {
            name: next(f["id"] for f in r["findings"] if f.get("rule_id") == SPELLING)
            for name, r in marked.items()
        }
        for name in sorted(spelling)[:6]:  # most of its ten findings: false alarms
            step = {"csrf": token[1], "action": "dismiss", "finding": spelling[name]}
            client.post(f"{address}/review/{name}", data={**step, "reason": "A name."})
        page = client.get("/teacher/dismissals").text
        assert SPELLING in page and "Turn it off in" in page
        rows = re.findall(r"<code>([^<]+)</code></td><td class=\"num\">(\d+)</td>", page)
        assert (SPELLING, "10") in rows
        form = {"csrf": token[1], "rubric": HISTORY, "criterion": "mechanics"}
        off = client.post("/teacher/dismissals/off", data={**form, "rule": SPELLING})
        assert off.status_code == 303
        version = off.headers["location"].split("/")[-1].split("?")[0]
        saved = client.get(f"/teacher/rubrics/{version}/download").text
        assert SPELLING in saved and "extends:" in saved
        refused = client.post("/teacher/dismissals/off", data={**form, "rule": "COMP_THAN"})
        assert refused.status_code == 400
        again = client.post(
            "/teacher/classes", data={"csrf": token[1], "rubric": version}, files=files
        )
        remarked = str(again.headers["location"])
        while not client.get(f"{remarked}/progress").json()["finished"]:
            assert time.monotonic() < deadline
            time.sleep(0.5)
        on_the_page = {n: r["total"] for n, r in results(client, remarked).items()}
    finally:
        server.stop()
    # The saved version marks as grader mark --rubric SAVED does: without the rule.
    rubric = tmp_path / "data" / "rubrics" / f"{version}.yaml"
    assert rubric.is_file()
    essay = tmp_path / "weak.txt"
    essay.write_bytes(WEAK)
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "check",
            str(essay),
            "--rubric",
            str(rubric),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rules = {f.get("rule_id") for f in json.loads(checked.stdout)["findings"]}
    assert SPELLING not in rules and rules  # the other rules still speak
    folder = tmp_path / "class"
    folder.mkdir()
    for name, data in (entry[1] for entry in files):
        (folder / name).write_bytes(data)
    out = tmp_path / "out"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "mark",
            str(folder),
            "--rubric",
            str(rubric),
            "--out",
            str(out),
            "-q",
        ],
        check=True,
    )
    by_command = {r["student"]: r["total"] for r in json.loads((out / "results.json").read_text())}
    assert by_command == on_the_page  # the page's version marks as grader mark --rubric does


def test_reviewed_totals_are_the_teachers_marks_for_calibration(tmp_path: Path) -> None:
    essays = class_folder(tmp_path / "class", 26)
    server = Server(tmp_path / "data").start()
    try:
        client = httpx.Client(base_url=server.url, timeout=600)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/teacher").text)
        assert token is not None
        files = [("files", (p.name, p.read_bytes())) for p in sorted(essays.iterdir())]
        answer = client.post(
            "/teacher/classes", data={"csrf": token[1], "rubric": "general-essay"}, files=files
        )
        address = str(answer.headers["location"])
        deadline = time.monotonic() + 900
        while not client.get(f"{address}/progress").json()["finished"]:
            assert time.monotonic() < deadline
            time.sleep(0.5)
        levels = ["Clear and fluent", "Clear", "Mostly clear", "Uneven", "Often unclear"]
        for n, student in enumerate(sorted(results(client, address))):
            step = {"csrf": token[1], "action": "level", "criterion": "readability"}
            level = {**step, "level": levels[n % len(levels)], "reason": "As I read it."}
            assert client.post(f"{address}/review/{student}", data=level).status_code == 303
        assert "26 marked so far" in client.get(address).text
        calibrated = client.post(f"{address}/marks", data={"csrf": token[1], "action": "calibrate"})
        assert calibrated.status_code == 303
        assert "calibrated=" in calibrated.headers["location"], calibrated.headers["location"]
    finally:
        server.stop()
