"""Analysers must survive any text a student can hand in: no crash, every span inside the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.essay import Essay
from grader.marking.scoring import score_criterion
from grader.rubric.kind import spec_for
from grader.rubric_loader import load_rubric
from grader.services import Services

WORDS = st.sampled_from(
    [
        "I",
        "think",
        "it",
        "is",
        "so",
        "the",
        "Stalin",
        "purge",
        "1937",
        "however",
        "because",
        "In",
        "conclusion",
        "this",
        "essay",
        "argues",
        "that",
        "NKVD",
        "Kirov",
        "was",
        "shot",
        "…",
        "show",
        "more",
        "content",
        "and",
        "But",
        "therefore",
        "thousands",
        "of",
        "people",
    ]
)
PUNCTUATION = st.sampled_from([" ", " ", " ", ". ", "? ", "! ", ", ", "\n", "\n\n", "… ", "’"])
TEXTS = st.lists(st.tuples(WORDS, PUNCTUATION), min_size=1, max_size=120).map(
    lambda pairs: "".join(word + gap for word, gap in pairs)
)
SERVICES = Services()
RUBRIC = load_rubric("general-essay")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_structure_and_readability_survive_any_text(text: str) -> None:
    essay = Essay.from_text(text, "random")
    if not essay.text:
        return
    for criterion in RUBRIC.criteria:
        if criterion.kind_name not in {"structure", "readability"}:
            continue
        assessment = spec_for(criterion.kind_name).analyse(essay, criterion, SERVICES)
        for piece in criterion.effective_evidence():
            assert piece.measure in assessment.measures
        result = score_criterion(criterion, assessment)
        assert 0 <= result.score <= result.max
        for finding in assessment.findings:
            assert 0 <= finding.start <= finding.end <= len(essay.text)
            assert "{" not in finding.message
