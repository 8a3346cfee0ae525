"""A real `grader serve` in a child process, for the web tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

HISTORY = "history-essay-great-terror"


def free_port() -> int:
    """Return a port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`grader serve` on a free port with its data under a folder; started and stopped."""

    def __init__(self, data: Path, *options: str) -> None:
        self.data = data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.options = options
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> Server:
        """Start the server and wait until it says it is ready."""
        command = [sys.executable, "-m", "grader", "serve", "--no-open", "--port", str(self.port)]
        command += ["--data", str(self.data), "--rubric", HISTORY, "--rubric", "general-essay"]
        self.process = subprocess.Popen(
            [*command, *self.options],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + 120
        for line in self.process.stdout:
            if "grader is ready" in line:
                break
            assert time.monotonic() < deadline, "the server did not start"
        else:
            raise AssertionError(f"the server stopped: exit code {self.process.wait()}")
        for _ in range(100):  # the line is printed just before uvicorn binds the port
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        raise AssertionError("the server never listened")

    def stop(self, kill: bool = False) -> None:
        """Stop the server: Ctrl-C, or kill it outright."""
        if self.process is None:
            return
        if kill:
            self.process.kill()
        else:
            self.process.send_signal(2)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
