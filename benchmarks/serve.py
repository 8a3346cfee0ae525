"""The web page under a class's load: a burst of drafts from many students at once.

    .venv/bin/python -m benchmarks.serve --students 30
    .venv/bin/python -m benchmarks.serve --students 30 --classes --class-size 0

Starts `grader serve` on a free port with a fresh data folder, checks one warm 500-word draft
alone (request to response, the draft's report page included), then sends one 500-word draft
from each of N simulated students at the same moment, each with its own session as a browser
has. Prints every answer's status, p50 and p95 latency, drafts kept, and the peak memory
(PSS) of the server. Then a teacher marks a class of --class-size essays in the page and edits
a weight on the rubric page: the preview of that edit for the whole class, scored again from
the stored analyses, is timed (median of 5). A CPU probe before and after. Stops the server
when done.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import tempfile
import threading
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import httpx

from benchmarks.batch import build_essays, peak_memory
from benchmarks.cpu_probe import probe
from tests.test_web_people import PASSWORD, add_teacher
from tests.web_server import Server

RUBRIC = "history-essay-great-terror"


def session(url: str) -> tuple[httpx.Client, str]:
    """Open the student page as a browser does: its cookie and the form's token."""
    client = httpx.Client(base_url=url, timeout=300)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert token is not None, "no form token on the student page"
    return client, token[1]


MARKED: list[float] = []  # the POST alone (marking and keeping the draft), for the split


def draft(client: httpx.Client, token: str, student: str, text: str) -> tuple[float, int, str]:
    """Send one draft and open its page; return the time, the last status and the address."""
    started = time.perf_counter()
    answer = client.post(
        "/check",
        data={"csrf": token, "student": student, "rubric": RUBRIC, "text": text},
        files={"file": ("", b"")},
    )
    MARKED.append(time.perf_counter() - started)
    if answer.status_code != 303:
        return time.perf_counter() - started, answer.status_code, ""
    page = client.get(answer.headers["location"])
    return time.perf_counter() - started, page.status_code, answer.headers["location"]


class Fields(HTMLParser):
    """Collect a page's form fields, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "input" and named.get("name"):
            self.values[str(named["name"])] = named.get("value") or ""


def rubric_preview(url: str, folder: Path, size: int) -> None:
    """Mark a class in the page, then time the rubric page's preview of one edit."""
    essays = folder / "class"
    essays.mkdir()
    build_essays(essays, size, seed=11)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        for essay in sorted(essays.iterdir()):
            archive.write(essay, essay.name)
    client = httpx.Client(base_url=url, timeout=600)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/teacher").text)
    assert token is not None
    started = time.perf_counter()
    answer = client.post(
        "/teacher/classes",
        data={"csrf": token[1], "rubric": "general-essay"},
        files={"files": ("class.zip", bundle.getvalue(), "application/zip")},
    )
    job = answer.headers["location"].rsplit("/", 1)[-1]
    while not client.get(f"/teacher/classes/{job}/progress").json()["finished"]:
        time.sleep(0.5)
    print(f"a class of {size} essays marked in the page in {time.perf_counter() - started:.1f} s")
    fields = Fields()
    fields.feed(client.get(f"/teacher/rubrics/general-essay?class={job}").text)
    form = dict(fields.values)
    timings = []
    for weight in ("4", "5", "1", "3", "6"):
        form["criteria[0].weight"] = weight
        started = time.perf_counter()
        shown = client.post("/teacher/rubrics/general-essay/preview", data=form)
        timings.append(time.perf_counter() - started)
        assert shown.status_code == 200 and "would change grade" in shown.json()["preview"]
    print(
        f"rubric preview of an edit for {size} stored essays: median "
        f"{1000 * statistics.median(timings):.0f} ms "
        f"({', '.join(f'{1000 * t:.0f}' for t in timings)} ms)"
    )


TEACHER = "Ms Bench"


def form_token(client: httpx.Client, page: str) -> str:
    """Open a page as a browser does and return its form's token."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(page).text)
    assert found is not None, f"no form token on {page}"
    return found[1]


def class_of(url: str, count: int) -> tuple[str, list[str]]:
    """Have the teacher create a class and `count` students join it (then sign out)."""
    teacher = httpx.Client(base_url=url, timeout=300)
    token = form_token(teacher, "/signin")
    teacher.post("/signin", data={"csrf": token, "name": TEACHER, "password": PASSWORD})
    teacher.post("/teacher/rosters", data={"csrf": token, "name": "Bench class"})
    code = re.search(r">Bench class</a></td><td><code>(\w+)</code>", teacher.get("/teacher").text)
    assert code is not None, "the class was not created"
    names = [f"Student {n}" for n in range(count)]
    for name in names:
        joiner = httpx.Client(base_url=url, timeout=300)
        form = {"csrf": form_token(joiner, "/join"), "code": code[1], "name": name}
        answer = joiner.post("/join", data={**form, "password": PASSWORD, "again": PASSWORD})
        assert answer.status_code == 303, answer.text
    return code[1], names


def signed_in_draft(url: str, code: str, name: str, text: str) -> tuple[float, int, str]:
    """Sign a student in, check a draft and open its page: the time, last status, address."""
    started = time.perf_counter()
    client = httpx.Client(base_url=url, timeout=300)
    form = {"csrf": form_token(client, "/signin"), "name": name, "password": PASSWORD}
    answer = client.post("/signin", data={**form, "code": code})
    if answer.status_code != 303:
        return time.perf_counter() - started, answer.status_code, ""
    _, status, place = draft(client, form_token(client, "/"), name, text)
    return time.perf_counter() - started, status, place


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    """Run the single check and the burst, and print what they took."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--class-size", type=int, default=150, help="essays for the preview")
    parser.add_argument(
        "--classes", action="store_true", help="class mode: students sign in, then check"
    )
    args = parser.parse_args()
    print(probe())
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "essays"
        folder.mkdir()
        texts = build_essays(folder, args.students + 6, seed=7)
        words = statistics.mean(len(t.split()) for t in texts)
        started = time.perf_counter()
        data = Path(scratch) / "data"
        mode: list[str] = []
        if args.classes:
            made = add_teacher(data, TEACHER)
            assert made.returncode == 0, made.stderr
            mode = ["--classes"]
        server = Server(data, "--jobs", args.jobs, *mode).start()
        print(f"server ready in {time.perf_counter() - started:.1f} s (engines built at start-up)")
        assert server.process is not None
        try:
            with peak_memory(server.process.pid) as peak:
                if args.classes:
                    code, names = class_of(server.url, args.students + 1)
                    client = httpx.Client(base_url=server.url, timeout=300)
                    token = form_token(client, "/signin")
                    client.post(
                        "/signin",
                        data={"csrf": token, "name": names[-1], "password": PASSWORD, "code": code},
                    )
                    token = form_token(client, "/")
                else:
                    client, token = session(server.url)
                draft(client, token, "warm-up", texts[-1])
                MARKED.clear()
                singles = [draft(client, token, "alone", texts[-2 - i])[0] for i in range(5)]
                print(
                    f"one warm {words:.0f}-word draft, request to report page: median "
                    f"{1000 * statistics.median(singles):.0f} ms "
                    f"({', '.join(f'{1000 * s:.0f}' for s in singles)} ms); marking and "
                    f"keeping it (the POST alone): median {1000 * statistics.median(MARKED):.0f} ms"
                )
                sessions = (
                    [] if args.classes else [session(server.url) for _ in range(args.students)]
                )
                gate = threading.Barrier(args.students)
                answers: list[tuple[float, int, str]] = [(0.0, 0, "")] * args.students

                def student(number: int) -> None:
                    gate.wait()  # every student presses the button at once
                    if args.classes:  # signs in first, then checks the draft
                        answers[number] = signed_in_draft(
                            server.url, code, names[number], texts[number]
                        )
                        return
                    own, own_token = sessions[number]
                    answers[number] = draft(own, own_token, f"student {number}", texts[number])

                burst_started = time.perf_counter()
                threads = [
                    threading.Thread(target=student, args=(n,)) for n in range(args.students)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                burst = time.perf_counter() - burst_started
                latencies = [seconds for seconds, _, _ in answers]
                statuses = sorted({status for _, status, _ in answers})
                # A student's draft opens for that student alone in class mode: its page, opened
                # as the draft was checked, shows it was kept.
                kept = sum(
                    1
                    for _, status, place in answers
                    if place
                    and (status == 200 if args.classes else client.get(place).status_code == 200)
                )
            print(
                f"burst of {args.students} drafts at once: all answered in {burst:.1f} s, "
                f"statuses {statuses}, p50 {percentile(latencies, 0.5):.2f} s, "
                f"p95 {percentile(latencies, 0.95):.2f} s, {kept} of {args.students} kept"
            )
            print(f"peak memory of the server (PSS): {peak[0] / 1e9:.2f} GB")
            if args.class_size:
                rubric_preview(server.url, Path(scratch), args.class_size)
        finally:
            server.stop()
    print(probe())


if __name__ == "__main__":
    main()
