"""Units: read the unit written after a number, and convert quantities with pint.

A student writes "384,400 kilometres", "0.2 m" or "minus 63 °C"; a sheet gives a number in
one unit. The unit words are read here into pint's names, and pint converts between them
(centimetres to metres, Fahrenheit to Celsius), so a right value in another unit is right.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

# Unit words as essays write them, each with pint's name; the longer forms come first.
UNIT_WORDS: tuple[tuple[str, str], ...] = (
    (r"°\s?C\b|degrees?\s+(?:celsius|centigrade)|celsius|centigrade", "degC"),
    (r"°\s?F\b|degrees?\s+fahrenheit|fahrenheit", "degF"),
    (r"kelvins?", "kelvin"),
    (r"degrees?|°", "degree"),  # of temperature or of angle: the sheet's unit decides
    (r"cubic\s+kilomet(?:re|er)s?|cubic\s+km|km³|km3", "km**3"),
    (r"cubic\s+met(?:re|er)s?|m³", "m**3"),
    (r"square\s+kilomet(?:re|er)s?|square\s+km|sq\.?\s*km|km²|km2", "km**2"),
    (r"square\s+miles?|sq\.?\s*miles?", "mile**2"),
    (r"square\s+met(?:re|er)s?|m²", "m**2"),
    (r"hectares?", "hectare"),
    (r"acres?", "acre"),
    (r"kilomet(?:re|er)s?\s+(?:per|an|a)\s+hour|km/h|kph", "km/hour"),
    (r"miles?\s+(?:per|an)\s+hour|mph", "mile/hour"),
    (r"kilomet(?:re|er)s?\s+(?:per|a)\s+second|km/s", "km/s"),
    (r"met(?:re|er)s?\s+(?:per|a)\s+second|m/s", "m/s"),
    (r"light[-\s]years?", "light_year"),
    (r"astronomical\s+units?|AU\b", "astronomical_unit"),
    (r"kilomet(?:re|er)s?|kms?\b", "km"),
    (r"centimet(?:re|er)s?|cms?\b", "cm"),
    (r"mm\s?Hg\b|millimet(?:re|er)s?\s+of\s+mercury", "mmHg"),
    (r"millimet(?:re|er)s?|mm\b", "mm"),
    (r"micromet(?:re|er)s?|microns?|µm|μm|um\b", "micrometer"),
    (r"nanomet(?:re|er)s?|nm\b", "nanometer"),
    (r"met(?:re|er)s?|m\b", "m"),
    (r"miles?", "mile"),
    (r"feet|foot|ft\b", "foot"),
    (r"inch(?:es)?", "inch"),
    (r"kilograms?|kilos?|kg\b", "kg"),
    (r"grams?|g\b", "gram"),
    (r"tonnes?|metric\s+tons?", "tonne"),
    (r"megawatts?|MW\b", "megawatt"),
    (r"kilowatts?|kW\b", "kilowatt"),
    (r"watts?|W\b", "watt"),
    (r"parts\s+per\s+million|ppm\b", "ppm"),
    (r"parts\s+per\s+billion|ppb\b", "ppb"),
    (r"millilit(?:re|er)s?|ml\b|mls\b", "milliliter"),
    (r"lit(?:re|er)s?|l\b", "liter"),
    (r"hours?|hrs?\b", "hour"),
    (r"minutes?|mins?\b", "minute"),
    (r"seconds?|secs?\b", "second"),
    (r"days?", "day"),
    (r"weeks?", "week"),
    (r"years?", "year"),
)
UNIT_AFTER = re.compile(
    r"\s*(?:" + "|".join(f"(?P<u{i}>{form})" for i, (form, _) in enumerate(UNIT_WORDS)) + r")",
    re.IGNORECASE,
)
WHOLE_WORD_END = re.compile(r"(?![^\W\d_])")
TEMPERATURE = "[temperature]"
TIME_UNITS = frozenset({"hour", "minute", "second", "day", "week", "year"})


# Locked: pint's registry fills its caches of parsed units as it goes, and quantities from two
# registries cannot be compared, so it is built once and used by one thread at a time.
_pint_lock = threading.RLock()


@cache
def _registry() -> Any:
    """Build pint's unit registry (cached: called under the lock above)."""
    import pint

    return pint.UnitRegistry()


def registry() -> Any:
    """Return pint's unit registry, built once per process (it takes a moment)."""
    with _pint_lock:
        return _registry()


# "3.8 cm a year", "5 mm per day", "20 km/h" is read above: a unit per a time.
PER_TIME = re.compile(
    r"\s*(?:/\s*|\s+(?:a|an|per|each|every)\s+)(?P<time>year|yr|day|hour|hr|minute|min|second|"
    r"week|month|century)s?(?![^\W\d_])",
    re.IGNORECASE,
)
TIMES = {"yr": "year", "hr": "hour", "min": "minute"}


def unit_after(text: str, at: int) -> tuple[str, int] | None:
    """Read the unit written right after a number: pint's name for it, and where it ends."""
    m = UNIT_AFTER.match(text, at)
    if m is None or m.lastgroup is None or WHOLE_WORD_END.match(text, m.end()) is None:
        return None
    form = UNIT_WORDS[int(m.lastgroup[1:])]
    if form[1] in {"m", "gram"} and m.group().strip() in {"M", "G"}:
        return None  # "5 M" is not five metres
    per = PER_TIME.match(text, m.end())
    if per is not None and "/" not in form[1] and form[1] not in TIME_UNITS:
        time = per["time"].lower()
        return f"{form[1]}/{TIMES.get(time, time)}", per.end()
    return form[1], m.end()


def unit_named(words: str) -> str | None:
    """Return pint's name for a unit written in words ("metres", "days"), or None."""
    m = UNIT_AFTER.fullmatch(words.strip())
    if m is None or m.lastgroup is None:
        return None
    name = UNIT_WORDS[int(m.lastgroup[1:])][1]
    return "degC" if name == "degree" else name


def sheet_unit(written: str) -> str:
    """Read a sheet's unit, in essay words ("kilometres", "°C") or pint's ("km", "degC")."""
    named = unit_named(written)
    if named is not None:
        return named
    try:
        with _pint_lock:
            unit = registry().Unit(written.strip())
    except Exception as error:  # pint raises several kinds for a name it cannot read
        raise ValueError(
            f"{written!r} is not a unit grader knows: write it as km, m, cm, degC, ppm, km**2, "
            "hour or year"
        ) from error
    if not _readable(unit):
        # A unit the sheet accepts but essays are never read in would leave every claim unread.
        raise ValueError(
            f"grader cannot read {written!r} in essays: give the number in km, m, cm, mm, kg, "
            "g, litres, ml, mmHg, degC, ppm, km**2, hours, days or years (or any of them per "
            "hour, day or year)"
        )
    return written.strip()


def _readable(unit: Any) -> bool:
    """Tell whether essays can give a number in this unit: one read after numbers, or one of
    them per a time ("cm/year")."""
    ureg = registry()
    names = {name for _, name in UNIT_WORDS} | {"degC"}
    names |= {f"{name}/{time}" for name in list(names) for time in TIME_UNITS}
    for name in names:
        try:
            if ureg.Unit(name) == unit:
                return True
        except Exception:  # a name of ours this registry lacks ("ppb") reads nothing here
            continue
    return False


def convert(value: float, unit: str, to: str) -> float | None:
    """Convert a value into another unit, or None when the two measure different things.

    "Degrees" take the sheet's meaning: of temperature when the sheet's unit is one.
    """
    with _pint_lock:
        ureg = registry()
        target = ureg.Unit(to)
        if unit == "degree" and target.dimensionality == ureg.Unit("kelvin").dimensionality:
            unit = to
        source = ureg.Unit(unit)
        if source.dimensionality != target.dimensionality:
            return None
        return float(ureg.Quantity(value, source).to(target).magnitude)


LABELS = {"degC": "°C", "degF": "°F", "km**2": "km²", "m**2": "m²", "mile**2": "square miles"}


def unit_label(unit: str) -> str:
    """Write a unit for a reader: "km", "°C", "ppm"."""
    return LABELS.get(unit, unit.replace("_", " "))
