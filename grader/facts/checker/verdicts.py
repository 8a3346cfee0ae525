"""One sentence checked against the sheet: each claim given to its fact, compared, and summed up."""

from __future__ import annotations

from grader.facts.checker.comparing import in_unit
from grader.facts.checker.linking import (
    choose_facts,
    claim_kind,
    compare_claim,
    fitting_facts,
    may_be_about,
    numbers_for,
    ratio,
    results_supported,
    speaks_of,
    unchecked_subjects,
    worth_listing,
)
from grader.facts.checker.model import (
    CHECKABLE,
    RANK,
    Agreement,
    FactVerdict,
    Rules,
    Sentence,
    Unverified,
    ValueCheck,
)
from grader.facts.checker.roles import (
    group_checks,
    in_persons_role,
    person_checks,
    place_checks,
)
from grader.facts.claims import Amount, DateClaim
from grader.facts.sheet import Fact


def check_sentence(
    sentence: Sentence, rules: Rules
) -> tuple[list[FactVerdict], Unverified | None, list[Fact]]:
    """Give each claim of the sentence to a fact, compare, and collect what is left unchecked.

    Return the verdicts, what is unverified, and the facts the sentence speaks of.
    """
    named = {f.id: f for term in sentence.terms for f in rules.by_subject.get(term, ())}
    facts = [
        f
        for f in rules.facts
        if f.id in named
        and speaks_of(sentence, f, rules)
        and not in_persons_role(sentence, f, rules)
    ]

    checks: dict[str, list[ValueCheck]] = {f.id: [] for f in rules.facts}
    left: list[tuple[int, int]] = []
    fits: list[tuple[tuple[int, int], tuple[str, ...]]] = []
    ambiguous: list[tuple[tuple[int, int], tuple[str, ...]]] = []
    claims: list[DateClaim | Amount] = [*sentence.dates, *sentence.amounts]
    for claim in claims:
        chosen, sure, results = _link(claim, facts, sentence, rules)
        if sure:
            for fact in chosen:
                outcome, expected = results[fact.id]
                end = claim.written_end if isinstance(claim, Amount) else claim.end
                checks[fact.id].append(
                    ValueCheck(claim_kind(claim), outcome, claim.start, end, expected)
                )
        elif chosen:
            ambiguous.append(((claim.start, claim.end), tuple(f.id for f in chosen)))
        elif worth_listing(claim):
            left.append((claim.start, claim.end))
            fitting = fitting_facts(claim, rules)
            if fitting:
                fits.append(((claim.start, claim.end), fitting))
    left += _other_events(checks, rules, sentence)
    # A place or person counts for a fact only among the words of the fact's own event, and
    # not in a clause whose date another fact took: in "Kirov's followers in Leningrad ...
    # were shot on 29 December", Leningrad says nothing about where Kirov was killed.
    dated: dict[int, set[str]] = {}
    for fact_id, found in checks.items():
        for check in found:
            dated.setdefault(sentence.clause_head(check.start), set()).add(fact_id)
    _roles(sentence, facts, rules, checks, dated)
    for fact in rules.misconceived:
        checks[fact.id] += _misconceptions(sentence, fact)
    spoken = {f.id for f in facts}
    verdicts = []
    for fact in rules.facts:
        if checks[fact.id] or fact.id in spoken:
            verdict = _verdict(sentence, fact, checks[fact.id], fact.id in spoken)
            if verdict is not None:
                verdicts.append(verdict)
    subjects = () if facts or not _checkable(sentence) else unchecked_subjects(sentence, rules)
    unverified = None
    if left or ambiguous or subjects:
        span = sentence.span
        unverified = Unverified(
            span.start, span.end, tuple(left), tuple(ambiguous), subjects, tuple(fits)
        )
    return verdicts, unverified, facts


def _checkable(sentence: Sentence) -> bool:
    """Tell whether a sentence says something a student could check: a date, a number, a place
    or an event. "This suggests Yezhov was just a tool" is a judgement: told to check it, a
    student has nothing to look up."""
    if sentence.dates or sentence.amounts:
        return True
    span = sentence.span
    return any(
        entity.label in CHECKABLE for entity in sentence.parsed.entities_in(span.start, span.end)
    )


def _link(
    claim: DateClaim | Amount, facts: list[Fact], sentence: Sentence, rules: Rules
) -> tuple[list[Fact], bool, dict[str, tuple[Agreement, str]]]:
    """Pick the facts a claim is about and whether that is sure, with each candidate's result."""
    candidates = [f for f in facts if may_be_about(claim, f, sentence, rules)]
    loose = not candidates
    if loose:
        candidates = [f for f in facts if may_be_about(claim, f, sentence, rules, False)]
    results = {f.id: compare_claim(claim, f, sentence, rules) for f in candidates}
    chosen, sure = choose_facts(claim, candidates, results, sentence, rules)
    wrong = any(results[f.id][0] != "supported" for f in chosen)
    if loose and wrong and not _counts_own_noun(claim, chosen, sentence, rules):
        return [], False, results  # a value the parse ties to no fact is never called wrong
    if sure and isinstance(claim, Amount) and _holders(claim, facts, chosen, sentence, rules):
        return [], False, results  # "29.1%, or 36.2 million people": another fact's number
    return chosen, sure, results


def _roles(
    sentence: Sentence,
    facts: list[Fact],
    rules: Rules,
    checks: dict[str, list[ValueCheck]],
    dated: dict[int, set[str]],
) -> None:
    """Add each spoken fact's place, person and group checks to its checks."""
    listed: dict[str, list[ValueCheck]] = {}
    for fact in facts:
        checks[fact.id] += place_checks(sentence, fact, rules, dated)
        checks[fact.id] += person_checks(sentence, fact, rules, dated)
        listed[fact.id] = group_checks(sentence, fact, rules, checks[fact.id])
    for fact_id, found in listed.items():
        checks[fact_id] += [] if _another_group(found, listed) else found


def _another_group(found: list[ValueCheck], listed: dict[str, list[ValueCheck]]) -> bool:
    """Tell whether a list that breaks one fact's group is exactly another fact's group: in
    "Watson, Crick and Wilkins were awarded the Nobel Prize for the discovery", the three are
    the prize's winners, not a wrong list of the discovery's authors."""
    if not any(c.outcome == "contradicted" for c in found):
        return False
    starts = {c.start for c in found}
    return any(
        others is not found
        and starts <= {c.start for c in others}
        and all(c.outcome == "supported" for c in others)
        for others in listed.values()
    )


def _other_events(
    checks: dict[str, list[ValueCheck]], rules: Rules, sentence: Sentence
) -> list[tuple[int, int]]:
    """Take away, and return, the values of another event given to a fact of one value.

    A fact of one date given the right date and another in one sentence: the other is
    another event's ("seized power in November 1799 and crowned himself emperor in 1804"),
    unless it is the end of the fact's range after its right start.
    """
    left = []
    for fact in rules.facts:
        found = checks[fact.id]
        for kind, values in (("date", fact.date), ("number", fact.number)):
            if len(values) == 1 and any(c.what == kind and c.outcome == "supported" for c in found):
                others = [
                    c
                    for c in found
                    if c.what == kind
                    and c.outcome != "supported"
                    and not _range_end(c, found, fact, sentence)
                ]
                left += [(c.start, c.end) for c in others]
                checks[fact.id] = found = [c for c in found if c not in others]
    return left


def _counts_own_noun(
    claim: DateClaim | Amount, chosen: list[Fact], sentence: Sentence, rules: Rules
) -> bool:
    """Tell whether a number counts the very thing its facts count, by the sheet's own word
    for it, in a sentence that names what each fact is about: "William's army ... carried
    across by a fleet that the chroniclers put at about 7,000 ships" counts William's ships,
    however far the parse puts the number from William."""
    return (
        isinstance(claim, Amount)
        and bool(chosen)
        and not any(ratio(sentence, claim, f) for f in chosen)
        and all(
            any(n.of for n in numbers_for(claim, f, sentence, rules))
            and speaks_of(sentence, f, rules)
            for f in chosen
        )
    )


def _range_end(check: ValueCheck, found: list[ValueCheck], fact: Fact, sentence: Sentence) -> bool:
    """Tell whether a date stands for the end of the fact's range, after its start written
    right: "Building started in 1960 ..., but the dam was not finished until 1975"."""
    span = fact.date[0] if check.what == "date" and fact.date else None
    if span is None or not span.is_range:
        return False
    starts = {
        d.start
        for d in sentence.dates
        if not d.when.is_range
        and d.when.span.overlaps(span.first)
        and not d.when.span.overlaps(span.last)
    }
    return any(
        c.what == "date" and c.outcome == "supported" and c.start in starts and c.end <= check.start
        for c in found
    )


def _holders(
    amount: Amount, facts: list[Fact], chosen: list[Fact], sentence: Sentence, rules: Rules
) -> list[Fact]:
    """Return the other facts the sentence speaks of that hold this very number.

    A number that one fact of the sentence holds is not wrong for another, however the parse
    links it: in "by September 2023 that share reached 29.1%, or 36.2 million people", 36.2
    million is the over-65s' count, not Japan's population; when unsure, say nothing.
    """
    if all(results_supported(amount, f, sentence, rules) for f in chosen):
        return []
    if all(any(n.of for n in numbers_for(amount, f, sentence, rules)) for f in chosen):
        return []  # "the left lung has three lobes": it counts what the fact counts, by name
    found = []
    for fact in facts:
        if fact in chosen:
            continue
        for number in rules.numbers[fact.id]:
            said = in_unit(amount, number) if number.percent == amount.percent else None
            low, high = number.accepted
            if said is not None and low <= said.value <= high:  # the value itself, not "roughly"
                found.append(fact)
                break
    return found


def _misconceptions(sentence: Sentence, fact: Fact) -> list[ValueCheck]:
    """Find a known wrong idea: its pattern's entries in order within the sentence.

    A part is not reached past its rival: in "the Fox stands for cunning and the Crow stands
    for vanity", "cunning" (of the entry `vanity` is in) answers the first "stands for", so
    the pattern Fox, stands for, vanity does not run on to the Crow's.
    """
    found = []
    for wrong in fact.misconceptions:
        position, first, last = sentence.span.start, -1, -1
        for group in wrong.pattern:
            hit = next((h for h in sentence.hits if h.term in group and h.start >= position), None)
            part = set(group)
            rivals = {t for entry in fact.about if part & set(entry) for t in entry} - part
            if hit is None or (
                first >= 0
                and any(h.term in rivals and position <= h.start < hit.start for h in sentence.hits)
            ):
                break
            first = hit.start if first < 0 else first
            position, last = hit.end, hit.end
        else:
            source = f" (source: {wrong.source})" if wrong.source else ""
            found.append(
                ValueCheck(
                    "misconception",
                    "contradicted",
                    first,
                    last,
                    fact.statement,
                    wrong.correction + source,
                )
            )
    return found


def _verdict(
    sentence: Sentence, fact: Fact, checks: list[ValueCheck], spoken: bool
) -> FactVerdict | None:
    """Sum up what a sentence says about a fact: the worst of its checks decides."""
    if not checks:
        if not spoken or fact.has_values:
            return None  # a mention without a value is coverage, not a checked claim
        hits = [h for h in sentence.hits if any(h.term in g for g in fact.about)]
        if not hits:
            return None
        start, end = min(h.start for h in hits), max(h.end for h in hits)
        return FactVerdict(fact, "supported", start, end, ())
    outcome = max((c.outcome for c in checks), key=RANK.__getitem__)
    start, end = min(c.start for c in checks), max(c.end for c in checks)
    return FactVerdict(fact, outcome, start, end, tuple(checks))
