from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs

import pytest
from language_tool_python.match import Match

from grader.analysers.mechanics import analyse_mechanics
from grader.cli import main
from grader.engines import languagetool
from grader.engines.grammar import EngineOptions, EngineUnavailable
from grader.engines.languagetool import LanguageToolEngine, find_install, from_match
from grader.engines.lingotweaker import LingoTweakerEngine
from grader.essay import Essay
from grader.kinds.mechanics import MechanicsCriterion
from grader.services import Services

HEARD = "😀 I can heard you."  # the emoji is two UTF-16 units in LanguageTool, one character here
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LIVE_URL = os.environ.get(languagetool.URL_VARIABLE)
LIVE_INSTALL = find_install() if os.environ.get(languagetool.INSTALL_VARIABLE) else None


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[None]:
    """Allow loopback connections only (to the fake server); the live test may go further."""
    if request.node.get_closest_marker("live"):
        yield
        return
    connect = socket.socket.connect

    def loopback_only(self: socket.socket, address: Any) -> Any:
        if not (isinstance(address, tuple) and address[0] in LOOPBACK):
            raise AssertionError(f"network access attempted: {address}")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    yield


@pytest.fixture(autouse=True)
def nothing_configured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Start every test but the live one with no server URL and an empty install folder."""
    if request.node.get_closest_marker("live"):
        return
    monkeypatch.delenv(languagetool.URL_VARIABLE, raising=False)
    monkeypatch.setenv(languagetool.INSTALL_VARIABLE, str(tmp_path / "no-languagetool"))


def lt_match(text: str, word: str, utf16_offset: int) -> dict[str, Any]:
    """One match in LanguageTool's /v2/check JSON format (as its server sends it)."""
    return {
        "message": "The modal verb ‘can’ requires the verb’s base form.",
        "shortMessage": "Grammatical problem",
        "replacements": [{"value": "hear"}],
        "offset": utf16_offset,
        "length": len(word),
        "context": {"text": text, "offset": utf16_offset, "length": len(word)},
        "sentence": text,
        "type": {"typeName": "Other"},
        "rule": {
            "id": "MD_BASEFORM",
            "subId": "3",
            "description": "Non-infinitive verb after modal verbs",
            "issueType": "grammar",
            "category": {"id": "GRAMMAR", "name": "Grammar"},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


class FakeLanguageTool(BaseHTTPRequestHandler):
    """Answer /v2/languages and /v2/check the way a LanguageTool server does."""

    received: ClassVar[list[dict[str, str]]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, payload: Any) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.startswith("/v2/languages"):
            self._send(
                [
                    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
                    {"name": "English (US)", "code": "en", "longCode": "en-US"},
                ]
            )
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.received.append(form)
        text = form["text"]
        matches = []
        if "heard" in text:
            before = text[: text.index("heard")]
            matches.append(lt_match(text, "heard", len(before.encode("utf-16-le")) // 2))
        self._send({"software": {"name": "LanguageTool", "version": "6.8"}, "matches": matches})


@pytest.fixture
def fake_server() -> Iterator[str]:
    """Run a fake LanguageTool on a loopback port; it stops after the test, or after 60 s."""
    FakeLanguageTool.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLanguageTool)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    deadline = threading.Timer(60, server.shutdown)
    deadline.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        deadline.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def closed_port() -> int:
    """Return a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_languagetool_json_through_its_match_class_gives_character_spans() -> None:
    text = "😀 I can heard you, 😀 and I can heard 😀 too."
    second = text.rindex("heard")
    utf16 = len(text[:second].encode("utf-16-le")) // 2
    match = from_match(Match(lt_match(text, "heard", utf16), text), text)
    assert text[match.start : match.end] == "heard"
    assert (match.rule_id, match.category, match.issue_type) == (
        "MD_BASEFORM",
        "GRAMMAR",
        "grammar",
    )
    assert match.suggestions == ("hear",)
    assert match.message == "The modal verb ‘can’ requires the verb’s base form."


def test_engine_sends_the_options_and_reads_the_answer(fake_server: str) -> None:
    options = EngineOptions(
        "en-GB",
        enabled_rules=frozenset({"PUNCTUATION_PARAGRAPH_END"}),
        disabled_rules=frozenset({"EN_ELLIPSIS"}),
        disabled_categories=frozenset({"BRE_STYLE_OXFORD_SPELLING"}),
    )
    engine = LanguageToolEngine(options, fake_server)
    (match,) = engine.check(HEARD)
    assert HEARD[match.start : match.end] == "heard"
    (sent,) = FakeLanguageTool.received
    assert sent["language"] == "en-GB"
    assert sent["enabledRules"] == "PUNCTUATION_PARAGRAPH_END"
    assert sent["disabledRules"] == "EN_ELLIPSIS"
    assert sent["disabledCategories"] == "BRE_STYLE_OXFORD_SPELLING"
    assert engine.check("") == []


def test_both_engines_give_the_same_finding(
    fake_server: str, lingotweaker: LingoTweakerEngine
) -> None:
    essay = Essay.from_text(HEARD, "x")
    criterion = MechanicsCriterion(id="mechanics", name="Mechanics", kind="mechanics")
    findings = {}
    for services in (
        Services(grammar_engine="languagetool", languagetool_url=fake_server),
        Services(grammar_engine="lingotweaker"),
    ):
        found = analyse_mechanics(essay, criterion, services).findings
        findings[services.grammar_engine] = next(f for f in found if f.rule_id == "MD_BASEFORM")
    lt, lingo = findings["languagetool"], findings["lingotweaker"]
    assert essay.text[lt.start : lt.end] == "heard"
    for field in ("code", "severity", "start", "end", "rule_id", "category", "suggestions"):
        assert getattr(lt, field) == getattr(lingo, field), field


def test_server_that_is_down_is_reported_at_once_in_one_line(closed_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(EngineUnavailable) as error:
        LanguageToolEngine(EngineOptions(), f"http://127.0.0.1:{closed_port}")
    assert time.monotonic() - started < 5
    message = str(error.value)
    assert "\n" not in message
    assert f"127.0.0.1:{closed_port}" in message and "--grammar-engine lingotweaker" in message


def test_server_that_never_answers_is_given_up_within_seconds() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # connections are accepted by the kernel, but nothing ever answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(EngineUnavailable, match="cannot be used"):
            LanguageToolEngine(EngineOptions(), url)
        assert time.monotonic() - started < 5


def test_missing_install_names_the_way_out_without_downloading() -> None:
    with pytest.raises(EngineUnavailable) as error:
        LanguageToolEngine(EngineOptions())
    message = str(error.value)
    assert "grader setup languagetool" in message and languagetool.URL_VARIABLE in message


def test_install_without_java_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install = tmp_path / "lt" / "LanguageTool-6.8"
    install.mkdir(parents=True)
    (install / "languagetool-server.jar").write_bytes(b"")
    monkeypatch.setenv(languagetool.INSTALL_VARIABLE, str(tmp_path / "lt"))
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert languagetool.is_configured()
    with pytest.raises(EngineUnavailable, match="Java 17"):
        LanguageToolEngine(EngineOptions())


@pytest.mark.skipif(shutil.which("java") is None, reason="needs a java on the PATH")
def test_broken_install_fails_once_instead_of_retrying_port_after_port(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install = tmp_path / "lt" / "LanguageTool-6.8"
    install.mkdir(parents=True)
    (install / "languagetool-server.jar").write_bytes(b"")  # java starts, then exits at once
    monkeypatch.setenv(languagetool.INSTALL_VARIABLE, str(tmp_path / "lt"))
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="would not start"):
        LanguageToolEngine(EngineOptions())
    assert time.monotonic() - started < 5


def test_auto_uses_lingotweaker_unless_languagetool_is_set_up(
    lingotweaker: LingoTweakerEngine,
) -> None:
    assert Services().grammar(lingotweaker.options).name == "lingotweaker"


def test_auto_uses_a_configured_server(fake_server: str, lingotweaker: LingoTweakerEngine) -> None:
    engine = Services(languagetool_url=fake_server).grammar(lingotweaker.options)
    assert engine.name == "languagetool"


def test_auto_falls_back_with_a_warning_when_the_server_is_down(
    closed_port: int, lingotweaker: LingoTweakerEngine, caplog: pytest.LogCaptureFixture
) -> None:
    services = Services(languagetool_url=f"http://127.0.0.1:{closed_port}")
    with caplog.at_level(logging.WARNING, logger="grader"):
        assert services.grammar(lingotweaker.options).name == "lingotweaker"
    assert "using LingoTweaker instead" in caplog.text


def test_check_command_says_in_one_line_when_languagetool_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rubric = tmp_path / "spag.yaml"
    rubric.write_text(
        "title: SPaG\ncriteria:\n  - {id: spag, name: SPaG, kind: mechanics}\n"
        "grades:\n  - {min: 0, grade: U}\n",
        encoding="utf-8",
    )
    essay = tmp_path / "essay.txt"
    essay.write_text("I can heard you.\n", encoding="utf-8")
    started = time.monotonic()
    code = main(["check", str(essay), "--rubric", str(rubric), "--grammar-engine", "languagetool"])
    assert time.monotonic() - started < 5
    assert code == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("grader: error: LanguageTool")


def test_setup_without_java_fails_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert main(["setup", "languagetool"]) == 1
    assert "Java 17" in capsys.readouterr().err


@pytest.mark.live
@pytest.mark.skipif(
    LIVE_URL is None and LIVE_INSTALL is None,
    reason=f"no LanguageTool configured: set {languagetool.URL_VARIABLE} to a server, or "
    f"{languagetool.INSTALL_VARIABLE} to a folder with an install ('grader setup languagetool')",
)
def test_live_languagetool_finds_the_same_mistakes(lingotweaker: LingoTweakerEngine) -> None:
    engine = LanguageToolEngine(lingotweaker.options, LIVE_URL)
    try:
        text = "“Trotsky’s exile…” ended in Coyoacán. He could of left, and I can heard you."
        found = {text[m.start : m.end]: m for m in engine.check(text)}
        assert found["could of"].rule_id == "MODAL_OF"
        assert found["heard"].rule_id == "MD_BASEFORM"
    finally:
        engine.close()
