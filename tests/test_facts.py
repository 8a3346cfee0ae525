from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from grader.analysers.facts import check_facts, compare_date, findings_for, measures_for
from grader.essay import Essay
from grader.facts.claims import parse_when
from grader.facts.sheet import FactSheet, load_fact_sheet
from grader.findings import Finding
from grader.marking.pipeline import mark_essay
from grader.output.results import result_to_dict
from grader.rubric.kind import kind_names, measures_of
from grader.rubric_loader import load_rubric
from grader.services import Services
from tests.conftest import ROOT, SAMPLES

SHEET = ROOT / "rubrics" / "great-terror.facts.yaml"
WRONG = ("contradicted", "imprecise")


@cache
def sheet() -> FactSheet:
    return load_fact_sheet(SHEET)


def check(text: str) -> tuple[Essay, tuple[Finding, ...]]:
    essay = Essay.from_text(text, "student")
    return essay, findings_for(check_facts(essay, sheet()), "facts", essay)


def sample(name: str) -> tuple[Essay, tuple[Finding, ...]]:
    return check((SAMPLES / f"{name}.txt").read_text(encoding="utf-8"))


# Every fact of the sheet, written right and wrong the way students write (proselint's habit:
# one table of examples, and a test that fails when a fact has none of either kind).
EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "kirov-assassination": [
        ("On December 1st 1934, Sergey Kirov was assassinated by Leonid Nikolayev.", "supported"),
        ("Kirov was shot dead at the Smolny Institute on 1/12/1934.", "supported"),
        ("In late 1934 Kirov was murdered in Leningrad.", "supported"),
        (
            "It started when Kirov was killed in Moscow in 1935 by a man called Nikolaev.",
            "contradicted",
        ),
        ("In 1933 Kirov was murdered by Nikolaev.", "contradicted"),
        ("Kirov was assassinated by Yezhov in December 1934.", "contradicted"),
        ("Kirov was killed in the 1930s.", "imprecise"),
    ],
    "kirov-executions": [
        (
            "Nikolaev and the others were all shot on the same night, December 29th 1934.",
            "supported",
        ),
        ("The assassin was executed at the end of December 1934.", "supported"),
        ("Nikolaev was executed in March 1935.", "contradicted"),
    ],
    "terror-main-phase": [
        ("The Great Terror lasted from 1936 to 1938.", "supported"),
        ("The worst of the Terror came in 1937.", "supported"),
        ("The Great Terror took place in the years 1934 to 1940.", "imprecise"),
        ("The Terror happened in the 1930s.", "imprecise"),
        ("The Great Purge happened between 1945 and 1950.", "contradicted"),
    ],
    "show-trials": [
        ("The show trials were held between 1936 and 1938.", "supported"),
        ("There were three show trials in Moscow.", "supported"),
        ("The show trials of 1936-38 were held in public.", "supported"),
        ("The show trials happened in 1940.", "contradicted"),
        ("There were five show trials.", "contradicted"),
        ("The first show trial was held in June 1935.", "contradicted"),
    ],
    "zinoviev-kamenev-shot": [
        ("Zinoviev and Kamenev were shot in August 1936.", "supported"),
        ("Kamanev and Zinovyev were executed in 1936 after the first trial.", "supported"),
        ("Kamenev and Zinoviev were executed in 1938.", "contradicted"),
    ],
    "bukharin-executed": [
        ("Bukharin was executed in March 1938.", "supported"),
        ("Nikolai Bukharin was shot in 1937 after a trial that shocked observers.", "contradicted"),
    ],
    "nkvd-name": [
        (
            "Arrests were made by the People's Commissariat for Internal Affairs (NKVD).",
            "supported",
        ),
        ("The NKVD, the People’s Commissariat for Internal Affairs, ran the camps.", "supported"),
        ("The NKVD, also known as the KGB, arrested millions.", "contradicted"),
        ("The People's Commissariat for Foreign Affairs (NKVD) ran the camps.", "contradicted"),
    ],
    "yagoda-replaced": [
        ("In September 1936 Yagoda was replaced by Yezhov.", "supported"),
        ("Yezhov replaced Yagoda in 1936.", "supported"),
        ("In 1936 its chief, Yagoda, was replaced by Beria.", "contradicted"),
        ("Yagoda was removed as head of the NKVD in 1938.", "contradicted"),
    ],
    "yezhov-head": [
        ("Yezhov was head of the NKVD in 1937.", "supported"),
        ("Ezhov led the NKVD from 1936 to 1938.", "supported"),
        ("Yezhov was the leader of the NKVD in 1934.", "contradicted"),
    ],
    "yezhov-replaced": [
        ("In November 1938 Yezhov was replaced by Beria.", "supported"),
        ("Yezhov was replaced by Lavrenty Beria in 1937.", "contradicted"),
        ("In November 1938 Yezhov was replaced by Yagoda.", "contradicted"),
    ],
    "yezhov-shot": [
        ("Yezhov himself was shot in February 1940.", "supported"),
        ("Yezhov was executed in 1938.", "contradicted"),
    ],
    "order-00447": [
        ("NKVD Order No. 00447 was issued on 30 July 1937.", "supported"),
        ("Order 00447, from the summer of 1937, set quotas.", "supported"),
        ("NKVD Order No. 00447 of July 1938 set quotas.", "contradicted"),
    ],
    "executions-1937-38": [
        ("In 1937 and 1938 the NKVD shot 681,692 people.", "supported"),
        ("About 700,000 people were executed in 1937-38.", "supported"),
        ("About twenty million people were executed in 1937.", "contradicted"),
        ("Around 550,000 people were shot in 1937 and 1938.", "imprecise"),
    ],
    "arrests-1937-38": [
        ("Around 1.5 million people were arrested in 1937 and 1938.", "supported"),
        ("In 1937 and 1938 over 5 million people were arrested.", "contradicted"),
    ],
    "tukhachevsky-shot": [
        ("Marshal Tukhachevsky was shot in June 1937.", "supported"),
        ("Tukachevsky was executed in 1937.", "supported"),
        ("Marshal Tukhachevsky was shot in June 1939.", "contradicted"),
    ],
    "trotsky-expelled": [
        ("Trotsky was expelled from the USSR in 1929.", "supported"),
        ("Trotsky was deported in 1936.", "contradicted"),
    ],
    "trotsky-murdered": [
        ("In August 1940 Trotsky was murdered in Coyoacán, Mexico.", "supported"),
        ("Trotski was assassinated in Mexico in 1940.", "supported"),
        ("Trotsky was murdered in Mexico in 1936.", "contradicted"),
        ("Leon Trotsky was murdered in Moscow in August 1940.", "contradicted"),
    ],
    "congress-1934": [
        (
            "Of the 1,966 delegates to the 17th Party Congress, 1,108 were later arrested.",
            "supported",
        ),
        ("The 17th Party Congress was held in 1936.", "contradicted"),
    ],
    "conquest-book": [
        ("Robert Conquest wrote The Great Terror in 1968.", "supported"),
        ("Conquest's book The Great Terror was published in 1990.", "contradicted"),
    ],
    "mass-operations": [
        ("The mass operations of 1937 and 1938 targeted ordinary people.", "supported"),
        ("The mass operations began in 1935.", "contradicted"),
    ],
}


def test_every_fact_has_a_right_and_a_wrong_example() -> None:
    for fact in sheet().facts:
        verdicts = {verdict for _, verdict in EXAMPLES.get(fact.id, [])}
        assert "supported" in verdicts, f"{fact.id} has no example written right"
        assert verdicts & set(WRONG), f"{fact.id} has no example written wrong"
    assert set(EXAMPLES) <= {fact.id for fact in sheet().facts}


@pytest.mark.parametrize(
    ("fact", "text", "verdict"),
    [(fact, text, verdict) for fact, rows in EXAMPLES.items() for text, verdict in rows],
)
def test_fact_examples(fact: str, text: str, verdict: str) -> None:
    essay, findings = check(text)
    about = [f for f in findings if f.fact == fact and f.verdict != "missing"]
    # One finding for each value judged; the sentence's verdict on the fact is the worst.
    assert about and worst(about) == verdict, [f.message for f in findings]
    if verdict == "supported":
        # A sentence written right raises no alarm about any fact.
        assert not [f.message for f in findings if f.verdict in WRONG]
    else:
        for finding in [f for f in about if f.verdict == verdict]:
            assert finding.source and finding.source in finding.message
            assert finding.expected and finding.expected in finding.message
            assert essay.text[finding.start : finding.end] in text


def worst(findings: list[Finding]) -> str:
    rank = ["supported", "imprecise", "contradicted"]
    return max((f.verdict or "supported" for f in findings), key=rank.index)


def by_fact(findings: tuple[Finding, ...], verdict: str) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.verdict == verdict and finding.fact:
            found.setdefault(finding.fact, []).append(finding)
    return found


def test_seed_essay_verdicts() -> None:
    essay, findings = sample("seed_great_terror")
    text = essay.text
    supported = by_fact(findings, "supported")

    def words(finding: Finding) -> str:
        return text[finding.start : finding.end]

    # The date and the assassin, each judged on its own words; "the Leningrad Soviet" says
    # nothing about where Kirov was killed.
    (kirov,) = supported["kirov-assassination"]
    assert words(kirov) == "December 1st 1934"
    assert [text[a:b] for a, b in kirov.also_at or ()] == ["Leonid Nikolayev"]
    assert "“December 1st 1934” and “Leonid Nikolayev” are right (date and person)" in (
        kirov.message
    )
    (executions,) = supported["kirov-executions"]
    assert words(executions) == "the end of December 1934"
    assert [text[a:b] for a, b in executions.also_at or ()] == ["December 29th"]
    (trials,) = supported["show-trials"]
    assert words(trials) == "between 1936 and 1938"
    (nkvd,) = supported["nkvd-name"]
    assert words(nkvd) == "People’s Commissariat for Internal Affairs (NKVD"
    wrong = [f for f in findings if f.fact == "terror-main-phase"]
    assert [f.verdict for f in wrong] == ["imprecise"]
    assert words(wrong[0]) == "1934 to 1940"
    statement = sheet().facts[2].statement
    assert "1936 to 1938" in statement and statement in wrong[0].message
    assert sheet().facts[2].source in wrong[0].message
    assert not [f for f in findings if f.verdict == "contradicted"]


@pytest.mark.parametrize("name", ["strong_essay", "one_block_essay"])
def test_an_essay_with_no_errors_gets_no_contradiction(name: str) -> None:
    # Every fact in these essays was checked by hand against the sources of the sheet.
    _, findings = sample(name)
    assert not [f.message for f in findings if f.verdict in WRONG]
    assert len(by_fact(findings, "supported")) >= 15


# Planted wrong facts: (fact, words the evidence holds)
PLANTED = {
    "weak_essay": [
        ("kirov-assassination", "Moscow"),
        ("kirov-assassination", "1935"),
        ("yezhov-head", "1934"),
        ("show-trials", "1940"),
        ("executions-1937-38", "twenty million"),
    ],
    "mixed_accuracy_essay": [
        ("bukharin-executed", "1937"),
        ("tukhachevsky-shot", "June 1939"),
        ("yagoda-replaced", "Beria"),
        ("order-00447", "July 1938"),
    ],
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_wrong_facts_are_caught(name: str) -> None:
    essay, findings = sample(name)
    contradicted = by_fact(findings, "contradicted")
    for fact, words in PLANTED[name]:
        assert fact in contradicted, f"{fact} not caught"
        spans = [s for f in contradicted[fact] for s in ((f.start, f.end), *(f.also_at or ()))]
        assert any(words in essay.text[a:b] for a, b in spans)
    assert set(contradicted) == {fact for fact, _ in PLANTED[name]}


@pytest.mark.parametrize(
    "name", ["seed_great_terror", "strong_essay", "weak_essay", "mixed_accuracy_essay"]
)
def test_every_finding_points_at_the_words_it_quotes(name: str) -> None:
    essay, findings = sample(name)
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(essay.text)
        if finding.verdict == "missing":
            assert finding.start == finding.end == 0
            continue
        assert finding.end > finding.start
        spans = ((finding.start, finding.end), *(finding.also_at or ()))
        marked = [" ".join(essay.text[a:b].split()) for a, b in spans]
        for quoted in (finding.claimed or "").split("; "):
            if quoted:
                inner = quoted.strip("“”")
                assert any(inner in words for words in marked) or finding.verdict == "unverified"


def test_required_facts_not_mentioned_are_missing() -> None:
    _, findings = check("Kirov was shot on 1 December 1934.")
    missing = {f.fact for f in findings if f.verdict == "missing"}
    required = {f.id for f in sheet().facts if f.required}
    assert missing == required - {"kirov-assassination"}
    finding = next(f for f in findings if f.fact == "bukharin-executed")
    assert finding.message.startswith("Missing fact: Nikolai Bukharin")


def test_claims_no_fact_covers_are_unverified() -> None:
    essay, findings = check("Stalin became General Secretary in 1922, with 70% support.")
    (finding,) = [f for f in findings if f.verdict == "unverified"]
    assert finding.message.startswith("Not checked: “1922”, “70%”: no fact")
    assert (finding.start, finding.end) == (0, len(essay.text))


def test_a_claim_that_could_belong_to_two_facts_is_not_guessed() -> None:
    # Yagoda was replaced in 1936 and Yezhov in 1938: "1939" fits neither, and is as near to
    # both, so the checker does not pick one to call wrong.
    _, findings = check("In 1939 Yagoda and Yezhov were both replaced.")
    assert not [f for f in findings if f.verdict in WRONG]
    (finding,) = [f for f in findings if f.verdict == "unverified"]
    assert "“1939” could be about" in finding.message
    assert "Genrikh Yagoda was replaced" in finding.message
    assert "Yezhov was removed" in finding.message


def test_a_sentence_about_a_sheet_name_that_no_fact_covers_is_unverified() -> None:
    _, findings = check("Trotsky was born in Yanovka, a village in Ukraine.")
    (finding,) = [f for f in findings if f.verdict == "unverified"]
    assert "something about Trotsky" in finding.message
    # A judgement names Trotsky but holds nothing to look up (labellers: 5 of 5 such notes
    # minor or false): "rivals such as followers of Leon Trotsky, a political enemy".
    _, findings = sample("seed_great_terror")
    assert not [f for f in findings if f.verdict == "unverified"]


def test_he_and_its_carry_the_names_of_the_sentence_before() -> None:
    text = "Trotsky had many enemies. In August 1941 he was murdered by a Soviet agent."
    _, findings = check(text)
    (finding,) = [f for f in findings if f.fact == "trotsky-murdered" and f.verdict != "missing"]
    assert finding.verdict == "contradicted"


def test_he_after_a_body_and_a_person_is_the_person() -> None:
    # Two names before "he", the NKVD and Yagoda: only one of them is a person.
    text = (
        "The NKVD was headed by Genrikh Yagoda until September 1936, when he was replaced by "
        "Nikolai Yezhov."
    )
    _, findings = check(text)
    assert ("yagoda-replaced", "supported") in {(f.fact, f.verdict) for f in findings}
    assert not [f for f in findings if f.verdict == "unverified"]


def test_names_after_by_do_not_make_a_sentence_about_them() -> None:
    # Nikolaev fired the shot here; this says nothing about his own execution.
    _, findings = check("Kirov was shot by Nikolaev on 1 December 1935.")
    assert [(f.fact, f.verdict) for f in findings if f.verdict in WRONG] == [
        ("kirov-assassination", "contradicted")
    ]


def test_words_far_apart_in_a_long_sentence_do_not_make_a_fact() -> None:
    text = (
        "Zinoviev, Kamenev and Bukharin were put on trial in Moscow and they all confessed to "
        "crimes they never did because they were tortured or because the NKVD said their "
        "families would be killed in 1940."
    )
    _, findings = check(text)
    about = {"zinoviev-kamenev-shot", "bukharin-executed"}
    assert not [f for f in findings if f.fact in about and f.verdict != "missing"]


@pytest.mark.parametrize(
    ("claim", "fact", "verdict"),
    [
        ("1934", "1934-12-01", "supported"),
        ("December 1934", "1934-12-01", "supported"),
        ("2 December 1934", "1934-12-01", "contradicted"),
        ("the 1930s", "1934-12-01", "imprecise"),
        ("1934 to 1936", "1934-12-01", "imprecise"),
        ("1936 to 1938", "1936 to 1938", "supported"),
        ("1937", "1936 to 1938", "supported"),
        ("1934 to 1940", "1936 to 1938", "imprecise"),
        ("1937 to 1938", "1936 to 1938", "imprecise"),
        ("1930 to 1936", "1936 to 1938", "contradicted"),
        ("1940", "1936 to 1938", "contradicted"),
        ("the second half of the 1930s", "1936 to 1938", "supported"),
        ("the 1930s", "1936 to 1938", "imprecise"),
    ],
)
def test_dates_compare_by_what_they_cover(claim: str, fact: str, verdict: str) -> None:
    assert compare_date(parse_when(claim), [parse_when(fact)])[0] == verdict


def test_a_fact_with_several_dates_holds_each_of_them() -> None:
    trials = [parse_when(d) for d in ("1936-08", "1937-01", "1938-03")]
    assert compare_date(parse_when("January 1937"), trials)[0] == "supported"
    assert compare_date(parse_when("June 1937"), trials)[0] == "contradicted"
    assert compare_date(parse_when("1936 to 1938"), trials)[0] == "supported"


def test_measures_follow_their_definitions() -> None:
    text = (
        "Kirov was shot on 1 December 1934. Bukharin was executed in 1936. "
        "The Great Terror took place in the years 1934 to 1940."
    )
    essay = Essay.from_text(text, "s")
    result = check_facts(essay, sheet())
    findings = findings_for(result, "facts", essay)
    measures = measures_for(result, sheet(), findings)
    assert (measures["supported"], measures["contradicted"], measures["imprecise"]) == (1, 1, 1)
    assert measures["accuracy"] == pytest.approx(1 / 3)
    required = [f for f in sheet().facts if f.required]
    assert measures["required_facts"] == len(required)
    assert measures["coverage"] == pytest.approx(3 / len(required))
    assert measures["fact_score"] == pytest.approx((1 / 3 + 3 / len(required)) / 2)
    assert measures["missing"] == len(required) - 3
    assert set(measures) <= set(measures_of("facts"))


def test_an_essay_with_nothing_to_check_scores_zero() -> None:
    essay = Essay.from_text("This essay has no facts in it at all.", "s")
    result = check_facts(essay, sheet())
    measures = measures_for(result, sheet(), findings_for(result, "facts", essay))
    assert measures["accuracy"] == 0 and measures["coverage"] == 0 and measures["fact_score"] == 0


def test_the_facts_kind_marks_an_essay_end_to_end(tmp_path: Path) -> None:
    rubric_file = tmp_path / "facts-only.yaml"
    rubric_file.write_text(
        f"title: Facts only\nfacts: {SHEET}\n"
        "criteria:\n  - {id: facts, name: Factual accuracy, kind: facts}\n"
        "grades:\n  - {min: 50, grade: Pass}\n  - {min: 0, grade: Fail}\n",
        encoding="utf-8",
    )
    rubric = load_rubric(str(rubric_file))
    essay = Essay.from_text((SAMPLES / "weak_essay.txt").read_text(encoding="utf-8"), "weak")
    data = result_to_dict(mark_essay(essay, rubric, Services()))
    (criterion,) = data["criteria"]
    assert criterion["kind"] == "facts" and "fact_score" in criterion["measures"]
    contradicted = [f for f in data["findings"] if f["verdict"] == "contradicted"]
    assert {f["fact"] for f in contradicted} == {fact for fact, _ in PLANTED["weak_essay"]}
    assert all(f["source"] and f["expected"] and f["claimed"] for f in contradicted)
    assert "facts" in kind_names()


QUANTITIES_SHEET = """\
facts:
  - id: vostok-record
    statement: The lowest air temperature measured on Earth, minus 89.2 °C, was recorded at
      Vostok Station in Antarctica.
    about: [Vostok]
    number: {value: -89.2, tolerance: 0.01}
    source: "World Meteorological Organization: weather and climate extremes archive"
  - id: co2-level
    statement: Carbon dioxide in the air passed 415 parts per million in 2019.
    about: [[carbon dioxide, CO2]]
    number: {value: 415, tolerance: 0.02}
    source: NOAA, the Mauna Loa record
  - id: urban-share
    statement: About 56% of the world's people lived in towns and cities in 2020.
    about: [[towns, cities, urban]]
    number: "56%"
    source: World Bank, urban population
"""


@pytest.mark.parametrize(
    ("text", "fact", "verdict"),
    [
        ("At Vostok the temperature fell to minus 89.2 degrees.", "vostok-record", "supported"),
        ("At Vostok it fell to -89.2 °C.", "vostok-record", "supported"),
        ("At Vostok it once fell to 89 degrees below zero.", "vostok-record", "supported"),
        ("At Vostok the air reached minus 60 degrees.", "vostok-record", "contradicted"),
        ("At Vostok the air reached 89 degrees.", "vostok-record", "contradicted"),
        ("Carbon dioxide passed 415 parts per million in 2019.", "co2-level", "supported"),
        ("Carbon dioxide passed 300 parts per million.", "co2-level", "contradicted"),
        ("About 56% of people lived in cities in 2020.", "urban-share", "supported"),
        ("Only 20 per cent of people lived in towns.", "urban-share", "contradicted"),
        ("There were 56 cities with a million people.", "urban-share", None),  # not a share
    ],
)
def test_signs_units_and_percentages_are_read_as_written(
    tmp_path: Path, text: str, fact: str, verdict: str | None
) -> None:
    path = tmp_path / "quantities.facts.yaml"
    path.write_text(QUANTITIES_SHEET, encoding="utf-8")
    essay = Essay.from_text(text, "student")
    findings = findings_for(check_facts(essay, load_fact_sheet(path)), "facts", essay)
    judged = [f for f in findings if f.code == f"facts.{fact}" and f.verdict != "missing"]
    assert [f.verdict for f in judged] == ([verdict] if verdict else [])
    if verdict == "contradicted":
        expected = {"vostok-record": "-89.2", "co2-level": "415", "urban-share": "56%"}[fact]
        assert expected in judged[0].message


def test_he_in_a_later_clause_stands_for_the_one_name_before_it() -> None:
    # Seen in a class run: the fact was reported missing beside the sentence that states it.
    text = (
        "The NKVD did the arresting. At first it was led by Genrikh Yagoda, but in September "
        "1936 he was replaced by Nikolai Yezhov."
    )
    _, findings = check(text)
    verdicts = {(f.code, f.verdict) for f in findings}
    assert ("facts.yagoda-replaced", "supported") in verdicts
    assert ("facts.yagoda-replaced", "missing") not in verdicts
    assert not any(f.verdict == "unverified" for f in findings)
