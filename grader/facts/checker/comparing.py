"""Comparing a date or a number the essay gives with the fact's value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from grader.facts.checker.model import NEAR, NEAR_POINTS, OVERLAP, RANK, YEAR_DAYS, Agreement
from grader.facts.claims import Amount, DateClaim, Period, When, day_period
from grader.facts.quantities import convert
from grader.facts.sheet import NumberValue


def compare_day(claim: DateClaim, dates: Sequence[When]) -> tuple[Agreement, str]:
    """Compare a day written without its year ("On 22 October") in each year of the fact's
    dates: the year was only guessed from an earlier paragraph, so it is never the error."""
    day = claim.when.first.start
    results = []
    for year in sorted({d.first.start.year for d in dates} | {d.last.end.year for d in dates}):
        period = day_period(year, day.month, day.day)
        if period is not None:
            results.append(compare_date(When.single(period), dates))
    if not results:
        return compare_date(claim.when, dates)
    return min(results, key=lambda r: RANK[r[0]])


def compare_date(claim: When, facts: Sequence[When]) -> tuple[Agreement, str]:
    """Compare a date the essay gives with the fact's date (one, a range, or several)."""
    expected = _dates_label(facts)
    if len(facts) > 1:
        if claim.is_range:
            hull = When(
                min((f.first for f in facts), key=lambda p: p.start),
                max((f.last for f in facts), key=lambda p: p.end),
            )
            return _compare_range(claim, hull), expected
        outcomes = [compare_date(claim, [f])[0] for f in facts]
        return min(outcomes, key=RANK.__getitem__), expected
    fact = facts[0]
    if fact.is_range:
        return _compare_range(claim, fact), expected
    return _compare_point(claim, fact.first), expected


def _compare_point(claim: When, fact: Period) -> Agreement:
    """Compare a date with an event at one time: right if it holds it, vague if far too wide."""
    span = claim.span
    if not span.overlaps(fact):
        return "contradicted"
    if claim.is_range and not span.covers(fact):
        return "imprecise"
    return "supported" if span.days <= max(fact.days, YEAR_DAYS) else "imprecise"


SAME_RANGE = 0.85  # ranges sharing this share of their union are the same period, as said


def _compare_range(claim: When, fact: When) -> Agreement:
    """Compare a date with a period: its ends must match; a time within it is right."""
    span, period = claim.span, fact.span
    if not span.overlaps(period):
        return "contradicted"
    if claim.is_range:
        if claim.first.overlaps(fact.first) and claim.last.overlaps(fact.last):
            return "supported"
        shared = span.shared_days(period)
        union = (max(span.end, period.end) - min(span.start, period.start)).days + 1
        if shared / union >= SAME_RANGE:
            return "supported"  # "between 1960 and 1970" for a dam built from 1960 to 1971
        return "imprecise" if shared / union >= OVERLAP else "contradicted"
    return "supported" if span.days <= max(2 * period.days, YEAR_DAYS) else "imprecise"


def compare_number(amount: Amount, numbers: Sequence[NumberValue]) -> tuple[Agreement, str]:
    """Compare a number with the closest of the fact's numbers."""

    def distance(number: NumberValue) -> float:
        low, high = number.accepted
        middle = (low + high) / 2 or 1.0
        value = in_unit(amount, number) or amount
        return abs(value.value - middle) / abs(middle)

    number = min(numbers, key=distance)
    if amount.in_pair >= 0 and len(numbers) == 2:
        number = numbers[amount.in_pair]  # "120/80" against the sheet's two, in order
    said = in_unit(amount, number) or amount
    low, high = number.accepted
    if _exact(number) and not said.vague:
        # an exact count ("$250", "thirteen days") is right only as itself: "two hundred" is not 250
        right = low <= said.value <= high
        return ("supported" if right else "contradicted"), number.label
    if said.low <= high and low <= said.high:
        return "supported", number.label
    if not said.vague and _near(said.value, number):
        return "imprecise", number.label
    return "contradicted", number.label


def _exact(number: NumberValue) -> bool:
    """Tell whether a sheet number is an exact count: a value with tolerance 0."""
    return number.value is not None and number.tolerance == 0 and number.min is None


def _near(value: float, number: NumberValue) -> bool:
    """Tell whether a wrong number is near enough the sheet's to be imprecise, not wrong.

    An exact count (tolerance 0: "thirteen days") has no near miss; a share is near within
    NEAR_POINTS percentage points (75% is not nearly 95%); a range the teacher gave is near
    within a quarter of its width; otherwise within 25% of the accepted ends.
    """
    low, high = number.accepted
    if _exact(number):
        return False
    if number.percent:  # within 3 points, and never ten times too small or large (0.4% for 0.04%)
        margin = min(NEAR_POINTS, abs(high) * (NEAR - 1))
        return low - margin <= value <= high + margin
    if number.min is not None and number.max is not None:
        margin = (high - low) * OVERLAP
        return low - margin <= value <= high + margin
    near_low, near_high = sorted((low / NEAR, low * NEAR)), sorted((high / NEAR, high * NEAR))
    return near_low[0] <= value <= near_high[1]


def in_unit(amount: Amount, number: NumberValue) -> Amount | None:
    """Give an amount in the unit of a sheet's number; None when they measure different things.

    A number written without a unit is taken in the sheet's unit, and a sheet number without a
    unit takes the essay's as written; otherwise the units must measure the same kind of thing.
    """
    if amount.unit is None or number.unit is None or number.unit == amount.unit:
        return amount
    unit, target = amount.unit, number.unit
    if convert(1.0, unit, target) is None:
        # "55.5 billion cubic metres a year" against a sheet's km**3: the rate is context
        unit, target = unit.split("/")[0], target.split("/")[0]
    value, low, high = (convert(v, unit, target) for v in amount_values(amount))
    if value is None or low is None or high is None:
        return None
    return replace(amount, value=value, low=min(low, high), high=max(low, high), unit=number.unit)


def amount_values(amount: Amount) -> tuple[float, float, float]:
    """Return an amount's value and the ends of the interval it commits to."""
    return amount.value, amount.low, amount.high


def _dates_label(dates: Sequence[When]) -> str:
    """Write a fact's dates as a reader would: "August 1936, January 1937 and March 1938"."""
    labels = [d.label for d in dates]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" and {labels[-1]}"
