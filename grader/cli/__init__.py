"""The `grader` command line, one module per command; `main.py` puts them together."""

from grader.cli.main import entry, main

__all__ = ["entry", "main"]
