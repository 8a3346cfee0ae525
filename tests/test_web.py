"""`grader serve` over real HTTP: drafts kept across restarts and kills, bad requests refused."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from grader.web.changes import compare
from tests.conftest import SAMPLES
from tests.web_server import HISTORY, Server

WEAK = (SAMPLES / "weak_essay.txt").read_text(encoding="utf-8")
HOSTILE = "Stalin’s purge <script>window.pwned = 1</script> began in 1936.\n\nMany died then."


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("data")).start()
    yield running
    running.stop()


def session(server: Server) -> tuple[httpx.Client, str]:
    """Open the student page as a browser would: its cookie and the form's token."""
    client = httpx.Client(base_url=server.url, timeout=120)
    page = client.get("/")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    return client, token[1]


def submit(
    client: httpx.Client, token: str, text: str = WEAK, student: str = "Ada", **extra: object
) -> httpx.Response:
    """Send a draft from the student form."""
    data = {"csrf": token, "student": student, "rubric": HISTORY, "text": text, **extra}
    return client.post("/check", data=data, files={"file": ("", b"")})


def test_a_draft_is_marked_kept_and_shown_with_its_report(server: Server) -> None:
    client, token = session(server)
    answer = submit(client, token, student="Report Reader")
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    assert page.status_code == 200
    assert "Fix this first" in page.text and "Feedback for Report Reader" in page.text
    assert "Draft 1" in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "http" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"


def test_the_essay_is_shown_escaped(server: Server) -> None:
    client, token = session(server)
    page = client.get(submit(client, token, HOSTILE, student="Mallory").headers["location"])
    assert "<script>window.pwned" not in page.text
    assert "&lt;script&gt;window.pwned" in page.text


@pytest.mark.parametrize(
    ("upload", "status", "says"),
    [
        (("essay.exe", b"MZ\x90\x00"), 415, "essay.exe: not an essay file"),
        (("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(60)), 422, "PNG image"),
        (("empty.txt", b""), 422, "is empty"),
        (("../../etc/essay.txt", b"An essay."), 400, "may not contain a folder"),
        (("big.txt", b"word " * 1_300_000), 413, "larger than"),
    ],
)
def test_a_bad_upload_gets_a_clear_4xx(
    server: Server, upload: tuple[str, bytes], status: int, says: str
) -> None:
    client, token = session(server)
    data = {"csrf": token, "student": "Ada", "rubric": HISTORY}
    answer = client.post("/check", data=data, files={"file": upload})
    assert answer.status_code == status
    assert says in answer.text
    assert "Traceback" not in answer.text


def test_a_missing_rubric_a_forged_post_and_garbage_are_refused(server: Server) -> None:
    client, token = session(server)
    missing = client.post("/check", data={"csrf": token, "student": "Ada", "text": WEAK})
    assert missing.status_code == 400 and "No rubric" in missing.text
    other = submit(client, token, rubric="no-such-rubric")
    assert other.status_code == 400 and "general-essay" in other.text
    # A page elsewhere posting into this one: no token, a foreign Origin.
    stranger = httpx.post(
        f"{server.url}/check",
        data={"student": "Ada", "rubric": HISTORY, "text": WEAK},
        headers={"origin": "https://evil.example"},
    )
    assert stranger.status_code == 403 and "cross-site" in stranger.text
    tokenless = httpx.post(f"{server.url}/check", data={"student": "Ada", "text": WEAK})
    assert tokenless.status_code == 403
    garbage = client.post(
        "/check",
        content=b"--x\r\nnot a part",
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert 400 <= garbage.status_code < 500 and "Traceback" not in garbage.text
    assert client.get("/drafts/not-a-draft").status_code == 404
    assert client.get("/teacher/classes/nope/files/index.html").status_code == 404


def test_personal_mode_says_so_has_no_accounts_and_refuses_other_host_names(
    server: Server,
) -> None:
    page = httpx.get(f"{server.url}/")
    assert page.status_code == 200 and "Personal: on this computer, no sign-in" in page.text
    assert httpx.get(f"{server.url}/signin").status_code == 404
    assert "grader_session" not in page.headers.get("set-cookie", "")
    # A page on another name that DNS points here (rebinding) is refused, forms or not.
    rebound = httpx.get(f"{server.url}/", headers={"host": f"attacker.example:{server.port}"})
    assert rebound.status_code == 400
    named = httpx.get(f"{server.url}/", headers={"host": f"localhost:{server.port}"})
    assert named.status_code == 200


def test_the_fact_sheet_panel_refuses_a_book_and_a_rubric_without_a_sheet(server: Server) -> None:
    client, token = session(server)
    page = client.get(f"/teacher/rubrics/{HISTORY}")
    assert page.status_code == 200 and 'name="sheet.facts[0].id"' in page.text
    book = " ".join(["Kirov was shot in 1934."] * 5_000)  # 25,000 words, pasted by mistake
    shown = client.post(
        f"/teacher/rubrics/{HISTORY}/preview", data={"csrf": token, "check_text": book}
    )
    assert shown.status_code == 200
    assert "the pasted text: has 25,000 words, more than the 20,000" in shown.json()["facts_check"]
    none = client.get("/teacher/rubrics/general-essay/facts")
    assert none.status_code == 404 and "has no fact sheet" in none.text
    sheet = client.get(f"/teacher/rubrics/{HISTORY}/facts")
    assert sheet.status_code == 200 and "kirov-assassination" in sheet.text


def test_a_student_downloads_and_deletes_their_drafts(server: Server) -> None:
    client, token = session(server)
    first = submit(client, token, student="Grace").headers["location"]
    submit(client, token, WEAK.replace("alot", "a lot"), student="Grace")
    bundle = zipfile.ZipFile(io.BytesIO(client.get(f"{first}/download").content))
    assert sorted(bundle.namelist()) == [
        "draft-1.json",
        "draft-1.txt",
        "draft-2.json",
        "draft-2.txt",
    ]
    assert "a lot" in bundle.read("draft-2.txt").decode()
    gone = client.post(f"{first}/delete", data={"csrf": token})
    assert gone.status_code == 303 and gone.headers["location"] == "/?deleted=2"
    assert client.get(first).status_code == 404


def test_drafts_survive_a_restart_and_a_kill_mid_write(tmp_path: Path) -> None:
    server = Server(tmp_path / "data").start()
    acknowledged: list[str] = []
    stop = threading.Event()

    def student(number: int) -> None:
        client, token = session(server)
        while not stop.is_set():
            try:
                answer = submit(client, token, f"Draft by student {number}. " * 30, f"s{number}")
            except httpx.HTTPError:
                return  # the server was killed under this request: it was never acknowledged
            if answer.status_code == 303:
                acknowledged.append(answer.headers["location"])

    students = [threading.Thread(target=student, args=(n,)) for n in range(3)]
    for thread in students:
        thread.start()
    while len(acknowledged) < 6:
        threading.Event().wait(0.1)
    server.stop(kill=True)  # mid-write: requests are in flight
    stop.set()
    for thread in students:
        thread.join()
    server.start()
    try:
        client = httpx.Client(base_url=server.url, timeout=120)
        for location in acknowledged:
            assert client.get(location).status_code == 200, location
    finally:
        server.stop()
    again = Server(tmp_path / "data").start()  # a clean restart keeps them too
    try:
        assert httpx.get(f"{again.url}{acknowledged[0]}", timeout=120).status_code == 200
    finally:
        again.stop()


def test_changes_between_drafts() -> None:
    def result(findings: list[tuple[str, str]], level: str, score: float) -> dict[str, object]:
        return {
            "criteria": [{"id": "m", "name": "Mechanics", "level": level, "score": score}],
            "total": {"percent": score * 10, "grade": "C" if score > 5 else "D"},
            "findings": [
                {"criterion": "m", "code": c, "excerpt": e, "message": f"{c} {e}"}
                for c, e in findings
            ],
        }

    before = result([("spell", "alot"), ("spell", "alot"), ("spell", "beleive")], "Weak", 4)
    after = result([("spell", "alot"), ("agree", "they was")], "Sound", 6)
    changes = compare(before, after)
    assert [f.excerpt for f in changes.fixed] == ["alot", "beleive"]
    assert [f.excerpt for f in changes.still] == ["alot"]
    assert [f.excerpt for f in changes.new] == ["they was"]
    assert changes.percent_moved == 20.0 and changes.grade_after == "C"
    assert [(m.before, m.after, m.moved) for m in changes.levels] == [("Weak", "Sound", 1)]
