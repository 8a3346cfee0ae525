"""Class mode of `grader serve` over real HTTP and real SQLite: each sees only their own.

Every test here is one finding of issue 38 that the page before class mode let through.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest

from grader.web.app import ROUTES
from tests.conftest import ROOT, SAMPLES
from tests.test_web_people import PASSWORD, add_teacher
from tests.web_server import HISTORY, Server

WEAK = (SAMPLES / "weak_essay.txt").read_text(encoding="utf-8")
QUESTION = "Why did the Great Terror begin in 1936, and who did it strike?"
SECRET = "Maria Lopez wrote this about the purges of 1937 in her own words."


def csrf(client: httpx.Client, page: str = "/signin") -> str:
    """Open a page as a browser would and return its form's cross-site token."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(page).text)
    assert found is not None, page
    return found[1]


def teacher(server: Server, name: str, password: str = PASSWORD) -> tuple[httpx.Client, str]:
    """Sign a teacher in: the client holding the session, and its form token."""
    client = httpx.Client(base_url=server.url, timeout=120)
    token = csrf(client)
    answer = client.post("/signin", data={"csrf": token, "name": name, "password": password})
    assert answer.status_code == 303 and answer.headers["location"] == "/teacher", answer.text
    return client, token


def new_class(client: httpx.Client, token: str, name: str) -> str:
    """Create a class as a teacher and return its join code."""
    answer = client.post("/teacher/rosters", data={"csrf": token, "name": name})
    assert answer.status_code == 303
    page = client.get("/teacher").text
    found = re.search(rf">{re.escape(name)}</a></td><td><code>(\w+)</code>", page)
    assert found is not None, page
    return found[1]


def student(server: Server, code: str, name: str) -> tuple[httpx.Client, str]:
    """Join a class as a new student, signed in: the client and its form token."""
    client = httpx.Client(base_url=server.url, timeout=120)
    token = csrf(client, "/join")
    form = {"csrf": token, "code": code, "name": name, "password": PASSWORD, "again": PASSWORD}
    answer = client.post("/join", data=form)
    assert answer.status_code == 303 and answer.headers["location"] == "/", answer.text
    return client, token


def draft(client: httpx.Client, token: str, text: str = WEAK, **extra: str) -> str:
    """Check a draft and return its address."""
    data = {"csrf": token, "rubric": HISTORY, "text": text, **extra}
    answer = client.post("/check", data=data, files={"file": ("", b"")})
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def upload_class(client: httpx.Client, token: str) -> str:
    """Upload a class of two essays, wait until they are marked, and return its address."""
    files = [
        ("files", ("Dan_Brown.txt", WEAK.encode())),
        ("files", ("Eve_Stone.txt", WEAK.replace("alot", "a lot").encode())),
        ("files", ("Fay_Empty.txt", b"")),  # cannot be marked: the page says why
    ]
    answer = client.post(
        "/teacher/classes", data={"csrf": token, "rubric": "general-essay"}, files=files
    )
    assert answer.status_code == 303, answer.text
    address = str(answer.headers["location"])
    finished(client, address)
    return address


def finished(client: httpx.Client, address: str) -> None:
    """Wait until a class upload is marked."""
    deadline = time.monotonic() + 300
    while not client.get(f"{address}/progress").json()["finished"]:
        assert time.monotonic() < deadline, "the class was never marked"
        time.sleep(0.5)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("classes") / "data"
    for name in ("Ms Rivera", "Mr Okafor"):
        made = add_teacher(data, name)
        assert made.returncode == 0, made.stderr
    running = Server(data, "--classes").start()
    yield running
    running.stop()


class Teacher(NamedTuple):
    """A signed-in teacher with a class, an assignment for it and a marked class upload."""

    client: httpx.Client
    token: str
    code: str  # the class's join code
    address: str  # the marked upload's page
    class_id: str
    assignment: str  # the assignment's page


@pytest.fixture(scope="module")
def rivera(server: Server) -> Teacher:
    """Ms Rivera, signed in, with a class, an assignment and a marked class upload."""
    client, token = teacher(server, "Ms Rivera")
    code = new_class(client, token, "Year 9 Tudors")
    roster = re.search(r'href="/teacher/rosters/(\d+)">Year 9 Tudors<', client.get("/teacher").text)
    assert roster is not None
    form = {"csrf": token, "title": "The Terror", "question": QUESTION, "rubric": HISTORY}
    set_ = client.post(f"/teacher/rosters/{roster[1]}/assignments", data={**form, "due": ""})
    assert set_.status_code == 303, set_.text
    address = upload_class(client, token)
    return Teacher(client, token, code, address, roster[1], str(set_.headers["location"]))


def test_student_b_cannot_list_open_download_delete_or_add_to_a_s_drafts(
    server: Server, rivera: Teacher
) -> None:
    code = rivera.code
    ada, ada_token = student(server, code, "Ada King")
    bob, bob_token = student(server, code, "Bob Stone")
    mine = draft(ada, ada_token, SECRET + "\n\n" + WEAK)
    token = mine.rsplit("/", 1)[-1]
    assert ada.get(mine).status_code == 200
    # Listing: B's page, even asking for A's name, shows none of A's drafts.
    for page in ("/", "/?student=Ada+King", f"/?student=Ada+King&rubric={HISTORY}"):
        shown = bob.get(page)
        assert shown.status_code == 200 and token not in shown.text
    # Opening, downloading and deleting A's draft are refused.
    for address in (mine, f"{mine}/download"):
        refused = bob.get(address)
        assert refused.status_code == 403 and SECRET not in refused.text
    assert bob.post(f"{mine}/delete", data={"csrf": bob_token}).status_code == 403
    assert ada.get(mine).status_code == 200
    # Adding under A's name: the draft is B's own, and A's history does not grow.
    added = draft(bob, bob_token, student="Ada King")
    assert "Feedback for Bob Stone" in bob.get(added).text
    assert ada.get(added).status_code == 403
    listed = ada.get(f"/?rubric={HISTORY}").text
    assert listed.count('href="/drafts/') == 1 and token in listed
    # A's own download and deletion still work.
    assert ada.get(f"{mine}/download").status_code == 200
    gone = ada.post(f"{mine}/delete", data={"csrf": ada_token})
    assert gone.status_code == 303 and ada.get(mine).status_code == 404


def test_a_student_gets_403_or_the_sign_in_page_on_every_teacher_route_and_file(
    server: Server, rivera: Teacher
) -> None:
    client, code, address = rivera.client, rivera.code, rivera.address
    job = address.rsplit("/", 1)[-1]
    grades = client.get(f"{address}/files/grades.csv")  # the owner's file
    assert grades.status_code == 200 and "Dan_Brown" in grades.text
    page = client.get(address).text
    assert "Fay_Empty" in page and "is empty" in page
    for shown in (grades.text, page, client.get(f"{address}/files/results.json").text):
        assert str(server.data) not in shown and "/essays/" not in shown
    pupil, token = student(server, code, "Cy Young")
    stranger = httpx.Client(base_url=server.url, timeout=120)
    stranger_token = csrf(stranger)
    # Every teacher's address in the route table, whatever role it was given there.
    teacher_routes = [(route[0], route[2]) for route in ROUTES if route[0].startswith("/teacher")]
    values = {
        "job": job,
        "name": HISTORY,
        "class_id": rivera.class_id,
        "assignment": rivera.assignment.rsplit("/", 1)[-1],
        "student": "1",
    }
    assert len(teacher_routes) >= 10
    for path, methods in teacher_routes:
        filled = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values[m[1]], path)
        filled = filled.replace(f"/files/{HISTORY}", "/files/grades.csv")
        if methods is None:
            answer = pupil.get(filled)
            assert answer.status_code == 403, filled
            assert "Dan_Brown" not in answer.text
            signed_out = stranger.get(filled)
            assert signed_out.status_code == 303, filled
            assert signed_out.headers["location"].startswith("/signin"), filled
        else:
            form = {"csrf": token, "mark:Dan_Brown": "100", "name": "Hijacked", "action": "save"}
            form |= {"title": "Hijacked", "question": "Hijacked?", "rubric": HISTORY}
            assert pupil.post(filled, data=form).status_code == 403, filled
            form["csrf"] = stranger_token
            assert stranger.post(filled, data=form).status_code == 403, filled
    marks = client.get(address).text
    assert 'name="mark:Dan_Brown" value=""' in marks  # the student's mark was not kept
    assert "Hijacked" not in client.get("/teacher").text
    assert "Hijacked" not in client.get(f"/teacher/rosters/{rivera.class_id}").text


def test_a_second_teacher_cannot_see_the_first_teachers_class(
    server: Server, rivera: Teacher
) -> None:
    code, address = rivera.code, rivera.address
    job = address.rsplit("/", 1)[-1]
    other, token = teacher(server, "Mr Okafor")
    own = other.get("/teacher")
    assert own.status_code == 200
    assert "Year 9 Tudors" not in own.text and code not in own.text and job not in own.text
    for path in (address, f"{address}/progress", f"{address}/download"):
        assert other.get(path).status_code == 404, path
    assert other.get(f"{address}/files/grades.csv").status_code == 404
    assert other.get(f"{address}/files/index.html").status_code == 404
    marks = other.post(f"{address}/marks", data={"csrf": token, "mark:Dan_Brown": "3"})
    assert marks.status_code == 404
    rubric = other.get(f"/teacher/rubrics/general-essay?class={job}")
    assert rubric.status_code == 200 and "Dan_Brown" not in rubric.text
    roster = f"/teacher/rosters/{rivera.class_id}"
    assert other.get(roster).status_code == 404
    assert other.get(rivera.assignment).status_code == 404
    form = {"csrf": token, "title": "Mine now", "question": "?", "rubric": HISTORY}
    assert other.post(f"{roster}/assignments", data=form).status_code == 404
    for huge in ("/teacher/rosters/", "/teacher/assignments/"):  # past SQLite's integers
        answer = other.get(huge + "9" * 30)
        assert answer.status_code == 404 and "Traceback" not in answer.text


def test_students_hand_in_one_draft_and_the_teacher_sees_who_did(
    server: Server, rivera: Teacher
) -> None:
    number = rivera.assignment.rsplit("/", 1)[-1]
    task = f"/assignments/{number}"
    gus, gus_token = student(server, rivera.code, "Gus Hand")
    hal, hal_token = student(server, rivera.code, "Hal Late")
    assert f'href="{task}">The Terror</a>' in gus.get("/").text
    page = gus.get(task)
    assert page.status_code == 200 and QUESTION in page.text
    first = draft(gus, gus_token)
    second = draft(gus, gus_token, WEAK.replace("alot", "a lot"))
    assert "Hand in this draft for “The Terror”" in gus.get(second).text
    # Another student can hand in neither Gus's draft nor a draft against another rubric.
    stolen = hal.post(f"{task}/hand-in", data={"csrf": hal_token, "draft": first.split("/")[-1]})
    assert stolen.status_code == 403
    other = draft(hal, hal_token, rubric="general-essay")
    wrong = hal.post(f"{task}/hand-in", data={"csrf": hal_token, "draft": other.split("/")[-1]})
    assert wrong.status_code == 400
    handed = gus.post(f"{task}/hand-in", data={"csrf": gus_token, "draft": second.split("/")[-1]})
    assert handed.status_code == 303
    assert "✓ handed in" in gus.get(task).text
    report = rivera.client.get(rivera.assignment).text
    gus_row = re.search(
        r'<tr><td><a href="([^"]+)">Gus Hand</a></td><td><a href="([^"]+)">2</a></td>'
        r"<td>([^<]+)</td><td>([\d.]+)%",
        report,
    )
    assert gus_row is not None and gus_row[3] != "not yet", report
    progress = rivera.client.get(gus_row[2])  # each of Gus's drafts, the handed-in one marked
    assert progress.status_code == 200 and progress.text.count("<tr><td>") == 2
    assert "✓ open it" in progress.text
    shown = rivera.client.get(gus_row[1])
    assert shown.status_code == 200 and "Handed in by Gus Hand" in shown.text
    assert "Draft 2 of the 2" in shown.text and "a lot" in shown.text
    hal_id = int(gus_row[1].rsplit("/", 1)[-1]) + 1  # joined just after Gus
    assert rivera.client.get(f"{rivera.assignment}/students/{hal_id}").status_code == 404
    assert "<tr><td>Hal Late</td><td>0</td><td>not yet</td>" in report
    # A student of another teacher's class cannot open the assignment or hand in to it.
    okafor, okafor_token = teacher(server, "Mr Okafor")
    outsider, outsider_token = student(server, new_class(okafor, okafor_token, "Y8"), "Ivy")
    assert outsider.get(task).status_code == 404
    assert okafor.get(gus_row[1]).status_code == 404
    assert okafor.get(gus_row[2]).status_code == 404
    # The teacher marks what was handed in as a class: only Gus's draft, in grades.csv.
    marked = rivera.client.post(f"{rivera.assignment}/mark", data={"csrf": rivera.token})
    assert marked.status_code == 303
    address = str(marked.headers["location"])
    finished(rivera.client, address)
    grades = rivera.client.get(f"{address}/files/grades.csv").text
    assert "Gus_Hand" in grades and "Hal" not in grades
    assert okafor.get(address).status_code == 404
    own = draft(outsider, outsider_token)
    refused = outsider.post(
        f"{task}/hand-in", data={"csrf": outsider_token, "draft": own.split("/")[-1]}
    )
    assert refused.status_code == 404


def test_a_wrong_host_is_refused(server: Server) -> None:
    forged = httpx.get(f"{server.url}/signin", headers={"host": "attacker.example"})
    assert forged.status_code == 400
    assert httpx.get(f"{server.url}/signin").status_code == 200


def test_sign_in_is_rate_limited_and_the_cookie_is_signed_httponly_and_lax(
    server: Server,
) -> None:
    client = httpx.Client(base_url=server.url, timeout=120)
    token = csrf(client)
    for _ in range(5):
        wrong = client.post(
            "/signin", data={"csrf": token, "name": "Mr Okafor", "password": "guess-guess"}
        )
        assert wrong.status_code == 401 and "do not match" in wrong.text
    blocked = client.post(
        "/signin", data={"csrf": token, "name": "Mr Okafor", "password": PASSWORD}
    )
    assert blocked.status_code == 429 and "Too many" in blocked.text
    teacher(server, "Ms Rivera")  # another name is not held back
    fresh = httpx.Client(base_url=server.url, timeout=120)
    answer = fresh.post(
        "/signin", data={"csrf": csrf(fresh), "name": "Ms Rivera", "password": PASSWORD}
    )
    set_cookie = answer.headers["set-cookie"].lower()
    assert "grader_session=" in set_cookie
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie
    key = server.data / "session.key"
    assert key.stat().st_mode & 0o777 == 0o600
    # A cookie changed by hand is no session at all.
    forged = httpx.Client(base_url=server.url, timeout=120)
    forged.cookies.set("grader_session", answer.cookies["grader_session"][:-3] + "abc")
    assert forged.get("/teacher").status_code == 303


def test_a_restart_keeps_teachers_classes_students_drafts_and_uploads(
    server: Server, rivera: Teacher
) -> None:
    code, address = rivera.code, rivera.address
    pupil, token = student(server, code, "Dee Restart")
    mine = draft(pupil, token, SECRET)
    server.stop()
    server.start()
    # The same session cookies still work: the signing key is kept in the data folder.
    assert pupil.get(mine).status_code == 200
    again = httpx.Client(base_url=server.url, timeout=120)
    form = {"csrf": csrf(again), "name": "Dee Restart", "password": PASSWORD, "code": code}
    assert again.post("/signin", data=form).status_code == 303
    listed = again.get(f"/?rubric={HISTORY}").text
    assert mine in listed
    assert SECRET in again.get(mine).text
    rivera_again, _ = teacher(server, "Ms Rivera")
    page = rivera_again.get("/teacher").text
    assert "Year 9 Tudors" in page and code in page and address in page
    assert rivera_again.get(address).status_code == 200
    assert rivera_again.get(f"{address}/files/grades.csv").status_code == 200


def test_class_mode_without_a_teacher_exits_with_one_line_naming_the_command(
    tmp_path: Path,
) -> None:
    data = tmp_path / "empty"
    started = subprocess.run(
        [sys.executable, "-m", "grader", "serve", "--classes", "--no-open", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode != 0
    assert started.stdout == ""
    lines = started.stderr.splitlines()
    assert len(lines) == 1, started.stderr
    assert f"grader teachers add NAME --data {data}" in lines[0]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_https_with_certfile_and_keyfile_marks_the_session_cookie_secure(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)]
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", *made],
        check=True,
        capture_output=True,
    )
    data = tmp_path / "data"
    assert add_teacher(data, "Ms Rivera").returncode == 0
    running = Server(data, "--classes", "--certfile", str(cert), "--keyfile", str(key)).start()
    try:
        running.url = running.url.replace("http://", "https://")
        client = httpx.Client(base_url=running.url, timeout=120, verify=False)
        form = {"csrf": csrf(client), "name": "Ms Rivera", "password": PASSWORD}
        answer = client.post("/signin", data=form)
        assert answer.status_code == 303
        assert "secure" in answer.headers["set-cookie"].lower()
        assert client.get("/teacher").status_code == 200
    finally:
        running.stop()
    swapped = ["--certfile", str(key), "--keyfile", str(cert)]
    broken = subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "serve",
            "--classes",
            "--no-open",
            "--data",
            str(data),
            *swapped,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert broken.returncode != 0 and len(broken.stderr.splitlines()) == 1
    assert "not a usable certificate and key" in broken.stderr


def test_a_student_downloads_then_deletes_all_of_their_data_leaving_no_copy(
    server: Server, rivera: Teacher
) -> None:
    jo, jo_token = student(server, rivera.code, "Jo Leaving")
    kim, kim_token = student(server, rivera.code, "Kim Staying")
    words = "Jo Leaving's own words: the Yezhovshchina reached every town by 1937."
    mine = draft(jo, jo_token, words + "\n\n" + WEAK)
    theirs = draft(kim, kim_token)
    task = "/assignments/" + rivera.assignment.rsplit("/", 1)[-1]
    handed = jo.post(f"{task}/hand-in", data={"csrf": jo_token, "draft": mine.split("/")[-1]})
    assert handed.status_code == 303
    bundle = zipfile.ZipFile(io.BytesIO(jo.get("/account/download").content))
    assert sorted(bundle.namelist()) == [
        f"001-{HISTORY}.json",
        f"001-{HISTORY}.txt",
        "account.json",
    ]
    assert words in bundle.read(f"001-{HISTORY}.txt").decode()
    kims = zipfile.ZipFile(io.BytesIO(kim.get("/account/download").content))
    assert all(words not in kims.read(name).decode() for name in kims.namelist())
    unsure = jo.post("/account/delete", data={"csrf": jo_token})
    assert unsure.status_code == 400 and jo.get(mine).status_code == 200
    stolen = jo.cookies["grader_session"]
    gone = jo.post("/account/delete", data={"csrf": jo_token, "confirm": "delete"})
    assert gone.status_code == 303 and gone.headers["location"] == "/signin"
    again = httpx.Client(base_url=server.url, timeout=120, cookies={"grader_session": stolen})
    assert again.get(mine).status_code == 303  # the account is gone: no session
    form = {"csrf": csrf(again), "name": "Jo Leaving", "password": PASSWORD, "code": rivera.code}
    assert again.post("/signin", data=form).status_code == 401
    assert kim.get(theirs).status_code == 200
    assert "Jo Leaving" not in rivera.client.get(rivera.assignment).text
    files = [server.data / "grader.sqlite3", server.data / "grader.sqlite3-wal"]
    assert words.encode() not in b"".join(f.read_bytes() for f in files if f.exists())


def test_a_teacher_deletes_a_class_and_a_class_upload_with_everything_in_them(
    server: Server, rivera: Teacher
) -> None:
    client, token = rivera.client, rivera.token
    code = new_class(client, token, "Short course")
    found = re.search(r'href="/teacher/rosters/(\d+)">Short course<', client.get("/teacher").text)
    assert found is not None
    roster = f"/teacher/rosters/{found[1]}"
    lee, lee_token = student(server, code, "Lee Short")
    words = "Lee Short's essay on the show trials of 1936, in Lee's own words."
    mine = draft(lee, lee_token, words + "\n\n" + WEAK)
    okafor, okafor_token = teacher(server, "Mr Okafor")
    sure = {"csrf": token, "confirm": "delete"}
    assert okafor.post(f"{roster}/delete", data={**sure, "csrf": okafor_token}).status_code == 404
    assert client.post(f"{roster}/delete", data={"csrf": token}).status_code == 400
    assert client.post(f"{roster}/delete", data=sure).status_code == 303
    assert client.get(roster).status_code == 404
    assert "Short course" not in client.get("/teacher").text
    assert lee.get(mine).status_code == 303  # Lee's account went with the class
    files = [server.data / "grader.sqlite3", server.data / "grader.sqlite3-wal"]
    assert words.encode() not in b"".join(f.read_bytes() for f in files if f.exists())
    # A marked class upload: its essays, reports and the teacher's marks.
    address = upload_class(client, token)
    job = address.rsplit("/", 1)[-1]
    client.post(f"{address}/marks", data={"csrf": token, "mark:Dan_Brown": "31"})
    assert (server.data / "classes" / job / "essays").is_dir()
    taken = okafor.post(f"{address}/delete", data={"csrf": okafor_token})
    assert taken.status_code == 404
    assert client.post(f"{address}/delete", data={"csrf": token}).status_code == 303
    assert client.get(address).status_code == 404 and job not in client.get("/teacher").text
    assert not (server.data / "classes" / job).exists()


def test_the_audit_log_records_who_viewed_or_changed_marks_for_their_own_teacher(
    server: Server, rivera: Teacher
) -> None:
    client, token, address = rivera.client, rivera.token, rivera.address
    job = address.rsplit("/", 1)[-1]
    assert client.get(address).status_code == 200
    assert client.get(f"{address}/files/grades.csv").status_code == 200
    typed = client.post(f"{address}/marks", data={"csrf": token, "mark:Dan_Brown": "7"})
    assert typed.status_code == 303
    log = client.get("/teacher/audit.csv")
    assert log.status_code == 200 and log.headers["content-type"].startswith("text/csv")
    rows = log.text.splitlines()
    assert rows[0] == "at,role,who,action,what"
    assert any(f"Ms Rivera,viewed,class {job}: the overview and its marks" in r for r in rows)
    assert any(f"Ms Rivera,viewed,class {job}: grades.csv" in r for r in rows)
    assert any(f"Ms Rivera,changed,class {job}: your marks Dan_Brown=7" in r for r in rows)
    other, _ = teacher(server, "Mr Okafor")
    assert job not in other.get("/teacher/audit.csv").text  # her entries are hers alone


def test_sign_in_cards_give_a_code_that_works_once_then_a_password_of_ones_own(
    server: Server, rivera: Teacher
) -> None:
    client, token = rivera.client, rivera.token
    printed = client.post(
        f"/teacher/rosters/{rivera.class_id}/cards",
        data={"csrf": token, "names": "Kit Young\nLou Park\n"},
    )
    assert printed.status_code == 200
    cards = dict(
        re.findall(
            r"<h2>([^<]+)</h2>.*?One-time code</dt><dd><code>(\w+)</code>", printed.text, re.S
        )
    )
    assert set(cards) == {"Kit Young", "Lou Park"} and rivera.code in printed.text

    def sign_in(password: str) -> httpx.Response:
        kit = httpx.Client(base_url=server.url, timeout=120)
        form = {"csrf": csrf(kit), "name": "Kit Young", "password": password, "code": rivera.code}
        answer = kit.post("/signin", data=form)
        kit.close()
        return answer

    first = sign_in(cards["Kit Young"])
    assert first.status_code == 303 and first.headers["location"] == "/password"
    assert sign_in(cards["Kit Young"]).status_code == 401  # the code worked once
    assert sign_in(cards["Lou Park"]).status_code == 401  # and only for its own student
    kit = httpx.Client(base_url=server.url, timeout=120)
    form = {"csrf": csrf(kit), "name": "Kit Young", "password": "", "code": rivera.code}
    reprinted = client.post(
        f"/teacher/rosters/{rivera.class_id}/cards", data={"csrf": token, "names": "Kit Young"}
    )
    code = re.search(r"One-time code</dt><dd><code>(\w+)</code>", reprinted.text)
    assert code is not None
    answer = kit.post("/signin", data={**form, "password": code[1]})
    assert answer.headers["location"] == "/password"
    page_token = csrf(kit, "/password")
    chosen = {"csrf": page_token, "password": "kits own words", "again": "kits own words"}
    assert kit.post("/password", data=chosen).status_code == 303
    assert sign_in("kits own words").status_code == 303
    assert client.get("/password").status_code == 403  # a teacher has no student password


def test_marks_stay_a_draft_until_the_teacher_releases_them(server: Server) -> None:
    okafor, token = teacher(server, "Mr Okafor")
    code = new_class(okafor, token, "Year 10 Release")
    roster = re.search(
        r'href="/teacher/rosters/(\d+)">Year 10 Release<', okafor.get("/teacher").text
    )
    assert roster is not None
    form = {"csrf": token, "title": "Purges", "question": QUESTION, "rubric": HISTORY, "due": ""}
    task = str(
        okafor.post(f"/teacher/rosters/{roster[1]}/assignments", data=form).headers["location"]
    )
    number = task.rsplit("/", 1)[-1]
    pupils = {name: student(server, code, name) for name in ("Jo Reed", "Kai Moss")}
    for client, pupil_token in pupils.values():
        mine = draft(client, pupil_token)
        handed = client.post(
            f"/assignments/{number}/hand-in",
            data={"csrf": pupil_token, "draft": mine.split("/")[-1]},
        )
        assert handed.status_code == 303
    marked = okafor.post(f"{task}/mark", data={"csrf": token})
    address = str(marked.headers["location"])
    finished(okafor, address)
    jo, _ = pupils["Jo Reed"]
    assert "not yet marked" in jo.get(f"/assignments/{number}").text
    assert jo.get(f"/assignments/{number}/feedback").status_code == 404
    # The teacher reviews Jo's marks on the page, then releases them to Jo alone.
    review = f"{address}/review/Jo_Reed"
    found = re.search(r"<code>([0-9a-f]{8})</code> ([^<]+)", okafor.get(review).text)
    assert found is not None
    reason = "You handled the dates well."
    for step in (
        {"action": "level", "criterion": "facts", "level": "Accurate", "reason": reason},
        {"action": "dismiss", "finding": found[1], "reason": "Not a mistake."},
        {"action": "comment", "text": "Good use of evidence."},
    ):
        assert okafor.post(review, data={"csrf": token, **step}).status_code == 303
    jo_id = re.search(
        r'name="student" value="(\d+)"><button type="submit" class="quiet">Release to Jo Reed',
        okafor.get(task).text,
    )
    assert jo_id is not None
    okafor.post(f"{task}/release", data={"csrf": token, "student": jo_id[1]})
    page = jo.get(f"/assignments/{number}").text
    assert "Your teacher's marks" in page and "changed" not in page
    feedback = jo.get(f"/assignments/{number}/feedback").text
    assert f"Your teacher set this level: {reason}" in feedback
    assert "Good use of evidence." in feedback and found[2].strip() not in feedback
    kai, _ = pupils["Kai Moss"]
    assert "not yet marked" in kai.get(f"/assignments/{number}").text
    assert kai.get(f"/assignments/{number}/feedback").status_code == 404
    # A released mark the teacher changes afterwards tells the student it changed.
    lower = {
        "action": "level",
        "criterion": "facts",
        "level": "Inaccurate",
        "reason": "Check 1937.",
    }
    okafor.post(review, data={"csrf": token, **lower})
    assert "changed this mark after releasing it" in jo.get(f"/assignments/{number}").text


def test_a_class_that_stops_is_told_without_the_servers_folders() -> None:
    from grader.web.marking import without_folders

    said = without_folders(
        "[Errno 13] Permission denied: '/srv/grader-data/classes/3f9a/essays/Dan_Brown.txt'"
    )
    assert said == "[Errno 13] Permission denied: 'Dan_Brown.txt'"
    assert "srv" not in without_folders(r"cannot open C:\grader\classes\3f9a\Dan.docx")
    assert without_folders("3 / 4 essays marked") == "3 / 4 essays marked"


def test_a_new_password_or_a_reprinted_card_signs_out_every_other_session(
    server: Server, rivera: Teacher
) -> None:
    laptop, _ = student(server, rivera.code, "Noor Ali")
    school_pc = httpx.Client(base_url=server.url, timeout=120)  # left signed in at school
    form = {"csrf": csrf(school_pc), "name": "Noor Ali", "password": PASSWORD, "code": rivera.code}
    assert school_pc.post("/signin", data=form).status_code == 303
    assert school_pc.get("/", follow_redirects=False).status_code == 200
    chosen = {"csrf": csrf(laptop, "/password"), "password": "noors new words", "again": ""}
    chosen["again"] = chosen["password"]
    assert laptop.post("/password", data=chosen).status_code == 303
    assert laptop.get("/", follow_redirects=False).status_code == 200  # this session goes on
    left = school_pc.get("/", follow_redirects=False)
    assert left.status_code == 303 and left.headers["location"].startswith("/signin")
    # The teacher reprints Noor's card (a forgotten password): the laptop is signed out too.
    reprinted = rivera.client.post(
        f"/teacher/rosters/{rivera.class_id}/cards",
        data={"csrf": rivera.token, "names": "Noor Ali"},
    )
    assert reprinted.status_code == 200
    gone = laptop.get("/", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/signin")
