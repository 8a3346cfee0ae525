"""Factual accuracy: every claim the fact sheet can check is checked, with evidence and source.

For each sentence: find the facts it speaks of (every `about` entry of the fact is there),
give each date and number in it to the fact it belongs to, compare, and say `supported`,
`imprecise` or `contradicted` with the span of the evidence. Required facts the essay never
speaks of are `missing`. A specific claim no fact covers, or one that could belong to two
facts, is `unverified`: the checker never guesses.

Measures: accuracy = supported / (supported + contradicted + imprecise), each verdict weighted
by its fact's weight; coverage = the weighted share of required facts the essay speaks of;
fact_score = the mean of the two (accuracy counts 0 when nothing could be checked).
"""

from __future__ import annotations

from grader.engines.parser import Parsed, shared_parser
from grader.essay import Essay
from grader.facts.checker.comparing import compare_date, compare_number
from grader.facts.checker.findings import findings_for, measures_for
from grader.facts.checker.model import FactCheck, FactVerdict, Rules, Unverified, ValueCheck
from grader.facts.checker.sentences import sentences_of
from grader.facts.checker.verdicts import check_sentence
from grader.facts.sheet import FactSheet, fact_sheet_of
from grader.findings import Assessment
from grader.kinds.facts import FactsCriterion
from grader.services import Services

__all__ = [
    "FactCheck",
    "FactVerdict",
    "Unverified",
    "ValueCheck",
    "analyse_facts",
    "check_facts",
    "compare_date",
    "compare_number",
    "findings_for",
    "measures_for",
]


def analyse_facts(essay: Essay, criterion: FactsCriterion, services: Services) -> Assessment:
    """Check the essay's facts against the rubric's fact sheet."""
    sheet = fact_sheet_of(criterion)
    result = check_facts(essay, sheet, services.parser().parse(essay.text))
    findings = findings_for(result, criterion.id, essay)
    return Assessment(measures=measures_for(result, sheet, findings), findings=findings)


def check_facts(essay: Essay, sheet: FactSheet, parsed: Parsed | None = None) -> FactCheck:
    """Compare every sentence of the essay with the facts of the sheet (parsed if not given)."""
    result = FactCheck(facts=list(sheet.facts))
    rules = sheet.derived("facts-rules", lambda: Rules.of(sheet))
    if parsed is None:
        parsed = shared_parser().parse(essay.text)
    for sentence in sentences_of(essay, sheet, parsed):
        verdicts, unverified, spoken = check_sentence(sentence, rules)
        result.verdicts += verdicts
        result.mentioned |= {v.fact.id for v in verdicts} | {f.id for f in spoken}
        if unverified is not None:
            result.unverified.append(unverified)
    result.missing = [f for f in sheet.facts if f.required and f.id not in result.mentioned]
    return result
