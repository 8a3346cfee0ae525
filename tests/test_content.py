"""Key terms: matched by stem, with their points, and said plainly to the student."""

from __future__ import annotations

from pathlib import Path

from grader.analysers.content import analyse_content, key_term_measures, terms_used
from grader.cli.rubric import describe_rubric
from grader.essay import Essay
from grader.kinds.content import ContentCriterion
from grader.rubric_loader import load_rubric
from grader.services import Services

SEED = Path(__file__).resolve().parent.parent / "samples" / "seed_great_terror.txt"
RUBRIC = """\
extends: general-essay
title: Great Terror key terms
criteria:
  - id: key_terms
    name: Key terms
    kind: content
    terms: {purge: 3, NKVD: 2, Kirov: 2, kulak: 1, collectivisation: 1, alot: -2}
"""


def test_terms_match_other_forms_of_the_word() -> None:
    text = "The purges began after Kirov's murder; the NKVD purged the party."
    assert terms_used(text, {"purge": 1, "Kirov": 1, "NKVD": 1, "kulak": 1}) == [
        "purge",
        "Kirov",
        "NKVD",
    ]


def test_measures_add_points_and_count_only_valued_terms() -> None:
    terms = {"purge": 3.0, "kulak": 1.0, "alot": -2.0}
    measures = key_term_measures("Alot of people feared the purge.", terms)
    assert measures == {"key_term_points": 1.0, "key_terms_used": 1.0, "key_term_share": 0.75}
    assert key_term_measures("Nothing relevant here.", terms)["key_term_points"] == 0.0


def test_seed_essay_is_told_which_key_terms_it_used_and_missed(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    rubric = load_rubric(str(path))
    criterion = rubric.criterion("key_terms")
    assert isinstance(criterion, ContentCriterion)
    essay = Essay.from_text(SEED.read_text(encoding="utf-8"), student="seed")
    assessment = analyse_content(essay, criterion, Services())
    used = terms_used(essay.text, {"purge": 1, "NKVD": 1, "Kirov": 1})
    assert used == ["purge", "NKVD", "Kirov"]  # the seed essay names all three
    assert assessment.measures["key_terms_used"] == 3.0
    assert assessment.measures["key_term_share"] == 7 / 9
    messages = {f.code: f.message for f in assessment.findings}
    assert messages["content.used"] == "You used 3 of the 5 key terms: purge, NKVD, Kirov."
    assert "kulak" in messages["content.missed"] and "alot" not in messages["content.missed"]
    # the teacher typed these terms: nothing says what "the strongest essays" do
    assert messages["content.missed"].startswith("Key terms for this topic that your essay")
    assert all((f.start, f.end) == (0, 0) for f in assessment.findings)  # about the whole essay


def test_rubric_show_lists_the_key_terms_with_their_points(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    shown = describe_rubric(load_rubric(str(path)))
    assert "key terms: purge +3, Kirov +2, NKVD +2, collectivisation +1, kulak +1, alot -2" in (
        shown
    )
