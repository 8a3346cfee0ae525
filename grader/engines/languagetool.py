"""The optional grammar engine: LanguageTool itself, through language_tool_python.

Two ways to reach it: a LanguageTool HTTP server (a school's own; `--languagetool-url` or
GRADER_LANGUAGETOOL_URL), or a local LanguageTool install with Java >= 17 (LTP_PATH, put there
by `grader setup languagetool`). Nothing is ever downloaded while marking, and when LanguageTool
cannot be used the error comes within seconds, in one line that names the way out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from grader.engines.grammar import (
    EngineOptions,
    EngineUnavailable,
    GrammarMatch,
    kept_suggestions,
    plain_message,
)

URL_VARIABLE = "GRADER_LANGUAGETOOL_URL"
INSTALL_VARIABLE = "LTP_PATH"
# language_tool_python waits 300 s for every request; a server that is down must be found out in
# seconds, while a real check of a long essay may take a while on a busy server.
CONNECT_SECONDS = 3.0
CHECK_SECONDS = 60.0
WAY_OUT = "use --grammar-engine lingotweaker (built in, offline)"


def configured_url(url: str | None = None) -> str | None:
    """Return the LanguageTool server URL given on the command line or in the environment."""
    return url or os.environ.get(URL_VARIABLE) or None


def install_folder() -> Path:
    """Return the folder that holds (or will hold) a local LanguageTool install."""
    default = Path.home() / ".cache" / "language_tool_python"
    return Path(os.environ.get(INSTALL_VARIABLE) or default)


def find_install(folder: Path | None = None) -> Path | None:
    """Return the newest LanguageTool-<version> folder with a server jar, if one is installed."""
    folder = folder or install_folder()
    if not folder.is_dir():
        return None
    installs = [
        path
        for path in folder.glob("LanguageTool-*")
        if (path / "languagetool-server.jar").is_file() or (path / "languagetool.jar").is_file()
    ]
    return max(installs, key=lambda p: _version_key(p.name), default=None)


def is_configured(url: str | None = None) -> bool:
    """Tell whether the user has set LanguageTool up: a server URL, or an install."""
    return configured_url(url) is not None or find_install() is not None


class LanguageToolEngine:
    """Check text with LanguageTool, converting its matches to GrammarMatch."""

    name = "languagetool"

    def __init__(self, options: EngineOptions, url: str | None = None) -> None:
        self.options = options
        self._tool = open_tool(options.variant, configured_url(url))
        self._tool.enabled_rules = set(options.enabled_rules)
        self._tool.disabled_rules = set(options.disabled_rules)
        self._tool.disabled_categories = set(options.disabled_categories)

    def check(self, text: str) -> list[GrammarMatch]:
        """Return the matches in `text` with character spans and plain messages."""
        if not text:
            return []
        try:
            found = self._tool.check(text)
        except Exception as error:  # requests, LanguageToolError, OSError: all mean "gone"
            raise EngineUnavailable(
                f"LanguageTool stopped answering ({_reason(error)}); {WAY_OUT}"
            ) from error
        return sorted((from_match(m, text) for m in found), key=lambda m: (m.start, m.end))

    def close(self) -> None:
        """Stop a local LanguageTool server, if this engine started one."""
        self._tool.close()


def open_tool(variant: str, url: str | None) -> Any:
    """Connect to a LanguageTool server, or start the local install, or fail fast in one line."""
    try:
        import language_tool_python
    except ImportError as error:  # pragma: no cover - it is a dependency
        raise EngineUnavailable(f"language_tool_python is not installed; {WAY_OUT}") from error

    class Bounded(language_tool_python.LanguageTool):
        """LanguageTool with short timeouts and a single port: no minutes of retries."""

        _TIMEOUT = CONNECT_SECONDS  # type: ignore[assignment]

        def _start_server_on_free_port(self) -> None:
            self._start_local_server()

    tool: Any
    if url is not None:
        try:
            tool = Bounded(variant, remote_server=url)
        except Exception as error:
            raise EngineUnavailable(
                f"LanguageTool server at {url} cannot be used ({_reason(error)}); check the "
                f"URL (--languagetool-url or {URL_VARIABLE}) or {WAY_OUT}"
            ) from error
    else:
        install = find_install()
        if install is None:
            raise EngineUnavailable(
                f"LanguageTool is not installed in {install_folder()} and no server URL is set; "
                f"run 'grader setup languagetool', set --languagetool-url or {URL_VARIABLE}, "
                f"or {WAY_OUT}"
            )
        _require_java()
        version = install.name.removeprefix("LanguageTool-")
        try:
            # With the installed version named, language_tool_python finds it and downloads nothing.
            tool = Bounded(variant, language_tool_download_version=version)
        except Exception as error:
            raise EngineUnavailable(
                f"LanguageTool in {install} would not start ({_reason(error)}); {WAY_OUT}"
            ) from error
    tool._TIMEOUT = (CONNECT_SECONDS, CHECK_SECONDS)
    return tool


def from_match(match: Any, text: str) -> GrammarMatch:
    """Turn a language_tool_python `Match` into a GrammarMatch with character offsets."""
    # Match.offset already counts characters (it corrects LanguageTool's UTF-16 offsets for
    # emoji); its error_length is still in UTF-16 units, so walk the text to find the end.
    start = int(match.offset)
    end, units = start, 0
    while end < len(text) and units < int(match.error_length):
        units += 2 if ord(text[end]) > 0xFFFF else 1
        end += 1
    return GrammarMatch(
        rule_id=str(match.rule_id),
        category=str(match.category or "MISC"),
        issue_type=str(match.rule_issue_type or "other").lower(),
        message=plain_message(str(match.message or "")),
        suggestions=kept_suggestions(str(match.rule_id), list(match.replacements or ())),
        start=start,
        end=end,
    )


def setup(folder: Path | None = None) -> Path:
    """Download LanguageTool into the install folder (needs a network and Java >= 17)."""
    from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, ReleaseLocalLanguageTool

    folder = folder or install_folder()
    folder.mkdir(parents=True, exist_ok=True)
    _require_java()
    os.environ[INSTALL_VARIABLE] = str(folder)  # where language_tool_python unpacks it
    try:
        ReleaseLocalLanguageTool(LTP_DOWNLOAD_VERSION).download()
    except Exception as error:
        raise EngineUnavailable(
            f"could not download LanguageTool into {folder} ({_reason(error)}); "
            f"check the network or {WAY_OUT}"
        ) from error
    install = find_install(folder)
    if install is None:
        raise EngineUnavailable(f"LanguageTool was downloaded but not found in {folder}")
    return install


def _require_java() -> None:
    """Fail in one line unless Java 17 or newer is on the PATH."""
    java = shutil.which("java")
    if java is None:
        raise EngineUnavailable(
            f"LanguageTool needs Java 17 or newer and no 'java' is on the PATH; install Java, "
            f"set --languagetool-url or {URL_VARIABLE}, or {WAY_OUT}"
        )
    try:
        output = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=CONNECT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EngineUnavailable(f"'java -version' failed ({error}); {WAY_OUT}") from error
    found = re.search(r'version "(\d+)(?:\.(\d+))?', output.stderr + output.stdout)
    major = int(found.group(1)) if found else 0
    if found and major == 1:  # "1.8.0" is Java 8
        major = int(found.group(2) or 0)
    if major < 17:
        raise EngineUnavailable(
            f"LanguageTool needs Java 17 or newer, found {major or 'an unknown version'}; {WAY_OUT}"
        )


def _version_key(name: str) -> tuple[int, ...]:
    """Order install folders by the numbers of their version, so 6.10 comes after 6.9."""
    return tuple(int(n) for n in re.findall(r"\d+", name))


def _reason(error: BaseException) -> str:
    """Shorten an exception to the few words that say what went wrong."""
    cause = error.__cause__ or error
    text = " ".join(str(cause).split()) or type(cause).__name__
    # requests wraps the real reason deep inside: "[Errno 111] Connection refused".
    for pattern in (r"\[Errno -?\d+\] [^'\")(]+", r"Read timed out", r"timed out"):
        found = re.search(pattern, text)
        if found:
            return found.group().strip(" .")
    return text if len(text) <= 160 else text[:157] + "..."
