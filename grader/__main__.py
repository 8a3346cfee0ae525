"""Run the command line: `python -m grader`."""

from grader.cli import entry

entry()
