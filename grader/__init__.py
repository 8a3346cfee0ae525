"""Score student essays against a teacher's rubric and write feedback reports."""

from importlib.metadata import PackageNotFoundError, version

from grader.engines import syllables

# Before anything imports textstat: give it the packaged syllable dictionary (no NLTK, no
# download). Importing grader is all it takes.
syllables.install()

try:
    __version__ = version("grader")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
