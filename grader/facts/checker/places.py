"""Where: the role a place plays in a fact (where it happened, where from, where to).

The statement says which: "sailed from Cardiff" is where from, "met at Khartoum" is where,
"sent a gunboat to Agadir" is where to. A place the essay writes in the same role, after a
word of the same kind ("from the port of Bristol", "left Plymouth", "while visiting Belgrade",
"to the port of Tangier"), fills the role; a place in another role ("sailed from Cardiff to
Antarctica") does not.
"""

from __future__ import annotations

import re
from typing import Literal

from grader.facts.sheet import Fact, FactSheet

Role = Literal["where", "from", "to"]
ROLES: dict[str, Role] = {
    **dict.fromkeys("in at near inside outside within on off around".split(), "where"),
    **dict.fromkeys("visiting visited visit visits".split(), "where"),
    **dict.fromkeys("from leaving left leave leaves departed".split(), "from"),
    **dict.fromkeys("to into reached reach reaches entered invaded".split(), "to"),
}
# The word before a place, past "the" and "the port of", "the city of" and the like.
BEFORE = re.compile(
    r"\b(?P<word>" + "|".join(sorted(ROLES, key=len, reverse=True)) + r")\s+"
    r"(?:the\s+)?(?:(?:[a-z]+\s+){1,2}of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
LOOK_BACK = 40


def compatible(written: Role | None, role: Role) -> bool:
    """Tell whether a place written in one role can fill the fact's: where and where to are
    one for a place reached ("banished to Padua" for "exile in Mantua"); where from is apart."""
    if written is None:
        return False
    return written == role or {written, role} == {"where", "to"}


def role_before(text: str, start: int) -> Role | None:
    """Say which role the words just before a place give it, if any."""
    m = BEFORE.search(text[max(0, start - LOOK_BACK) : start])
    return ROLES[m["word"].lower()] if m else None


def statement_place_role(fact: Fact, sheet: FactSheet) -> Role:
    """Say the role the fact's place plays in its statement ("sailed from Cardiff": from)."""
    lexicon = sheet.lexicon()
    for hit in lexicon.find(fact.statement):
        if hit.term in fact.place:
            found = role_before(fact.statement, hit.start)
            if found is not None:
                return found
    return "where"
