"""Input a class really hands in that is not an English essay: another language, a book-length
paste, two students with the same essay; and the overview's counts that must add up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from grader.cli import main
from grader.essay import Essay
from grader.io.reading import EssayError, load_essay
from grader.marking.pipeline import mark_essay
from grader.output.report.overview import index_page, whole_percents
from grader.output.similar_essays import similar_pairs
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import SAMPLES, SEED

FRENCH = """Pourquoi Staline a-t-il lancé la Grande Terreur ?

La Grande Terreur fut une période de répression politique en Union soviétique entre 1936 et
1938. Staline fit arrêter des millions de personnes, et beaucoup furent exécutées après des
procès truqués devant des tribunaux qui obéissaient au parti.

Selon moi, Staline avait peur de ses rivaux. Après l'assassinat de Kirov en 1934, il utilisa la
police secrète pour éliminer les anciens bolcheviks comme Zinoviev et Kamenev. L'armée fut
aussi purgée : Toukhatchevski fut fusillé en 1937.

En conclusion, la peur et l'ambition expliquent la Terreur."""


def test_an_essay_in_french_gets_one_note_and_no_language_marks() -> None:
    rubric = load_rubric("general-essay")
    result = mark_essay(Essay.from_text(FRENCH, "amelie"), rubric, Services())
    notes = [f for f in result.findings if f.code == "language.not_english"]
    assert len(notes) == 1 and "written in French" in notes[0].message
    by_kind = {c.kind: c for c in result.criteria}
    assert by_kind["mechanics"].score == 0 and by_kind["readability"].score == 0
    # not "Very inaccurate": the English criteria say they did not judge it
    assert by_kind["mechanics"].level.label == by_kind["readability"].level.label == "Not assessed"
    # no spelling "errors" for every French word
    assert not [f for f in result.findings if f.kind == "mechanics" and f.severity == "error"]


def test_english_essays_are_never_taken_for_another_language() -> None:
    rubric = load_rubric("general-essay")
    for sample in sorted(SAMPLES.glob("*.txt")):
        essay = load_essay(sample)
        result = mark_essay(essay, rubric, Services(grammar_engine="lingotweaker"))
        assert not [f for f in result.findings if f.code == "language.not_english"], sample


def test_a_book_length_paste_gives_one_clear_line(tmp_path: Path) -> None:
    big = tmp_path / "paste.txt"
    big.write_text("The Terror grew in 1937. " * 5_000, encoding="utf-8")  # 25,000 words
    with pytest.raises(EssayError) as caught:
        load_essay(big)
    assert str(caught.value) == (
        f"{big}: has 25,000 words, more than the 20,000 an essay may have; check it is one "
        "essay, or raise the limit with --max-words"
    )
    assert load_essay(big, max_words=30_000).word_count == 25_000


def test_the_word_limit_is_a_flag_of_check_and_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(SEED), "--max-words", "100"]) == 1
    assert "more than the 100 an essay may have" in capsys.readouterr().err
    out = tmp_path / "out"
    assert main(["mark", str(SAMPLES), "--out", str(out), "--max-words", "400", "-q"]) == 1
    printed = capsys.readouterr().out
    assert "more than the 400 an essay may have" in printed


def test_identical_and_nearly_identical_essays_are_found_and_others_are_not() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    copied = texts[0]
    edited = texts[1].replace("the", "a", 4).replace(".", "!", 2)
    pairs = similar_pairs([*texts, copied, edited])
    found = {(p.first, p.second): p.similarity for p in pairs}
    n = len(texts)
    assert found[(0, n)] == 1.0
    assert 0.9 < found[(1, n + 1)] < 1.0
    assert set(found) == {(0, n), (1, n + 1)}  # the class's different essays are not listed


def test_the_overview_lists_students_who_handed_in_the_same_essay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essays = tmp_path / "class"
    shutil.copytree(SAMPLES, essays)
    shutil.copy(SEED, essays / "zoe.txt")
    out = tmp_path / "out"
    assert main(["mark", str(essays), "--out", str(out), "-q"]) == 0
    printed = capsys.readouterr().out
    assert "1 pair(s) of essays are the same or nearly the same:" in printed
    assert f"{essays / SEED.name} and {essays / 'zoe.txt'}: 100% alike" in printed
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Essays that are the same or nearly the same" in index
    assert f">{SEED.stem}</a>" in index and ">zoe</a>" in index and "100% (identical)" in index
    assert len(json.loads((out / "results.json").read_text(encoding="utf-8"))) == 1 + len(
        list(SAMPLES.glob("*.txt"))
    )


def test_whole_percents_always_add_up_to_a_hundred() -> None:
    for counts in ([1, 1, 1], [2, 1, 0, 0], [0, 0, 0, 7], [3, 3, 3, 3, 3, 3, 1]):
        assert sum(whole_percents(counts)) == 100
    assert whole_percents([0, 0]) == [0, 0]


def test_heat_map_rows_add_up_to_the_class_and_charts_keep_their_labels() -> None:
    rubric = load_rubric("history-essay-great-terror")
    services = Services(grammar_engine="lingotweaker")
    texts = [
        SEED.read_text(encoding="utf-8"),
        "Kirov was shot in 1935 in Moscow. Kirov was killed in 1934 in Leningrad.",
        "The Great Terror began in 1936. Yezhov led the NKVD.",
    ]
    results = [
        (f"{i}.html", mark_essay(Essay.from_text(t, f"s{i}"), rubric, services))
        for i, t in enumerate(texts)
    ]
    page = index_page("History", results, [], "2026-01-01")
    assert page.heat
    for row in page.heat:
        assert sum(int(c.share.rstrip("%")) for c in row.cells) == 100, row
        assert (
            "-" not in row.fact.split()[0]
        )  # the fact's words, not an id like kirov-assassination
    # the second student got Kirov's murder right once and wrong once: contradicted, once
    kirov = next(r for r in page.heat if r.fact.startswith("Sergei Kirov"))
    assert kirov.cells[1].share in {"33%", "34%"}
    for bar in page.bars:
        assert bar.count_y >= 10 and bar.y >= 0  # the count above the tallest bar is drawn
    assert page.label_y < page.chart_height and page.axis_y < page.chart_height
