"""How a command fails: one line on stderr and an exit code."""

from __future__ import annotations

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


class Failure(Exception):
    """A problem that ends the command with one line on stderr and an exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code
