from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import SEED

SCRIPT = textwrap.dedent(
    """
    import socket, sys

    def refuse(*args, **kwargs):
        raise SystemExit("network access attempted")

    socket.socket.connect = refuse
    sys.modules["nltk"] = None  # any import of NLTK now fails: it must not be needed
    import grader
    import textstat

    text = open(sys.argv[1], encoding="utf-8").read()
    print(textstat.flesch_kincaid_grade(text))
    print(textstat.syllable_count("terror"), textstat.syllable_count("dictatorship"))
    """
)


def run_on_seed(script: str) -> str:
    """Run a script in a fresh interpreter on the seed essay; return what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_textstat_uses_the_packaged_dictionary_without_nltk_or_network() -> None:
    grade, terror, dictatorship = run_on_seed(SCRIPT).split()
    assert round(float(grade), 1) == 15.8
    assert (terror, dictatorship) == ("2", "4")


def test_the_dictionary_is_the_cmu_one() -> None:
    from grader.engines.syllables import get_cmudict

    english = get_cmudict("en_US")
    assert english is not None and english["terror"] == [["T", "EH1", "R", "ER0"]]
    assert get_cmudict("de_DE") is None


def test_grader_imported_after_textstat_still_serves_the_dictionary() -> None:
    script = textwrap.dedent(
        """
        import socket, sys
        import nltk
        nltk.download = lambda *a, **k: (_ for _ in ()).throw(SystemExit("download attempted"))
        socket.socket.connect = lambda *a, **k: (_ for _ in ()).throw(SystemExit("network"))
        import textstat
        import grader
        print(textstat.flesch_kincaid_grade(open(sys.argv[1], encoding="utf-8").read()))
        """
    )
    assert round(float(run_on_seed(script)), 1) == 15.8
