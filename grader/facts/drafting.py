"""Draft a fact sheet from a teacher's notes: one proposed fact per dated or numbered sentence.

Nothing is looked up anywhere: each fact is a sentence of the notes, with the names, dates and
numbers the parser and the claim readers find in it, and the line it came from. The draft is
for the teacher to edit; it always validates, because a fact that would not is left out.
"""

from __future__ import annotations

import calendar
import re
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from grader.engines.parser import SUBJECTS, VERBS, Parsed, shared_parser
from grader.essay import Essay, Span
from grader.facts.claims import Amount, DateClaim, Period, When, find_amounts, find_dates
from grader.facts.sheet import DEFAULT_TOLERANCE, MIN_PREFIX, validate_fact_sheet
from grader.io.reading import STDIN, EssayError, decode_text, load_essay
from grader.io.yamlfile import MarkedDict, YamlProblem, parse_yaml
from grader.rubric.schema import RubricError

NAME_LABELS = frozenset("PERSON NORP ORG GPE LOC FAC PRODUCT EVENT WORK_OF_ART LAW".split())
# The name that best says who or what a fact is about ("" is a proper noun spaCy left
# unlabelled); a bare nationality ("Soviet") comes last.
PREFERRED = ("PERSON", "ORG", "GPE", "PRODUCT", "FAC", "LOC", "WORK_OF_ART", "EVENT", "LAW", "")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", ""})
# Words before a name that make it a place in a drafted fact ("born in Gori", "from Tiflis").
BEFORE_PLACE = frozenset({"in", "at", "near", "on", "from"})
VALUE_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY"})
TITLES = frozenset(
    "president astronaut astronauts general king queen sir dr mr mrs ms prince princess lord "
    "lady captain commander senator professor saint pope emperor tsar marshal colonel".split()
)
# A sentence about the class or the lesson gives advice, not a fact of the topic.
LESSON_WORDS = frozenset("student pupil teacher class lesson essay answer we you".split())
PRONOUNS = {"he": True, "she": True, "it": False, "they": None}  # does it stand for a person?
RELATIVES = frozenset({"which", "who", "that", "whom"})
# Lemmas whose stem misses the usual words: "born" is bear's, and "died" goes with "death".
EVENT_WORDS = {"bear": ["born", "birth"], "die": ["die*", "death"]}
LINKS = frozenset({"be", "become", "remain", "have"})  # the event is in the words after them
BULLET = re.compile(r"\n[ \t]*(?:[-*•–]|\d{1,2}[.)])[ \t]+")
LEADING_BULLET = re.compile(r"^(?:[-*•–]|\d{1,2}[.)])\s+")
LIST_MARK = re.compile(r"[-*•–]|\d{1,2}[.)]")
NUMBER_CHAIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|to)\s+)")  # "18, 19 and 20"
APPROXIMATE = re.compile(
    r"(?i)(?:about|around|approximately|roughly|some|nearly|almost|over|more than|at least|"
    r"up to|under|fewer than|less than|an estimated|estimated|circa|c\.|just|well)\b|~"
)
APPROXIMATE_TOLERANCE = 0.1  # "about 400,000": the notes themselves are not exact
# Immutable in use: a TextWrapper keeps only its settings, which nothing changes.
COMMENT = textwrap.TextWrapper(100, initial_indent="  # ", subsequent_indent="  #   ")
NAME_TEXT = re.compile(r"[\w.'’&-]+(?: [\w.'’&-]+)*")
# Kennedy, O'Brien: not VIII in "Henry VIII" (nor anything in "Catherine of Aragon")
SURNAME = re.compile(r"[A-Z][a-z'’-]+")


@dataclass
class Name:
    """A name in a sentence: its words, spaCy's label ("" if none) and where it is written."""

    first: int
    last: int
    label: str
    text: str = ""
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class NoteSentence:
    """A sentence of the notes, parsed on its own, with its names; offsets are its own."""

    span: Span
    text: str
    parsed: Parsed
    names: list[Name]


@dataclass(frozen=True)
class Subject:
    """Who or what a clause is about: a sheet name, else a common noun's lemma; its words."""

    key: str
    person: bool
    noun: str
    phrase: str


@dataclass(frozen=True)
class DraftFact:
    """One proposed fact, with the sentence it came from."""

    id: str
    statement: str
    sentence: str
    where: str  # "line 7", or "paragraph 3" for a document that has no lines of its own
    about: list[Any]
    dates: list[Any]
    numbers: list[dict[str, Any]]
    places: list[str]
    persons: list[str]


@dataclass(frozen=True)
class SheetDraft:
    """A proposed sheet, and how many sentences it came from."""

    title: str
    source: str
    names: dict[str, list[str]]  # every name found, with its longer spellings
    facts: list[DraftFact]
    valued: int  # sentences with a date or a number
    skipped: int  # of those, headings, advice about the lesson and sentences naming nothing


class Rendered(NamedTuple):
    """The sheet as YAML, how many facts it holds, and how many were dropped as invalid."""

    text: str
    facts: int
    dropped: int


def read_source(path: Path) -> tuple[Essay, Callable[[int], str]]:
    """Read notes the way essays are read, and say where in the file an offset stands."""
    if str(path) == STDIN:
        raise EssayError(path, "notes cannot be read from standard input; give a file")
    essay = load_essay(path)
    if path.suffix.lower() in (".docx", ".pdf"):
        # Their lines are grader's own, so the teacher finds a sentence by its paragraph.
        starts = [p.start for p in essay.paragraphs]
        return essay, lambda at: f"paragraph {sum(1 for s in starts if s <= at)}"
    raw = decode_text(path.read_bytes(), str(path)).replace("\r\n", "\n").replace("\r", "\n")
    top = raw[: len(raw) - len(raw.lstrip())].count("\n")  # the blank lines Essay strips off
    return essay, lambda at: f"line {top + essay.text.count(chr(10), 0, at) + 1}"


def propose(essay: Essay, source: str, where: Callable[[int], str]) -> SheetDraft:
    """Propose a fact for every sentence of the notes that holds a date or a number."""
    text = essay.text
    dates = find_dates(text)  # in the whole text: "29 December" takes its year from before
    amounts = find_amounts(text, [(d.start, d.end) for d in dates])
    sentences = []
    for span in _sentences(essay):
        # Each is parsed alone, as one line and with its list mark blanked out: in notes,
        # headings and list items would join its tree, and a wrapped line split its names.
        piece = text[span.start : span.end].replace("\n", " ")
        parsed = shared_parser().parse(LEADING_BULLET.sub(lambda m: " " * len(m[0]), piece))
        sentences.append(NoteSentence(span, piece, parsed, _names(piece, parsed)))
    spellings, key_of = _name_table([n for s in sentences for n in s.names])
    facts: list[DraftFact] = []
    recent: list[Subject] = []  # earlier subjects, for "he" and "it"
    ids: set[str] = set()
    valued = 0
    for sentence in sentences:
        span, parsed = sentence.span, sentence.parsed
        root = next((i for i, w in enumerate(parsed.words) if w.head == i), 0)
        said = _subject(sentence, root, key_of, recent)
        if said is not None and said.key:
            recent.append(said)
        own_dates = [_local(d, span) for d in dates if span.start <= d.start < span.end]
        inside = [_local(a, span) for a in amounts if span.start <= a.start < span.end]
        own_amounts = _amounts(sentence, inside)
        if not (own_dates or own_amounts):
            continue
        valued += 1
        fact = _fact(sentence, own_dates, own_amounts, key_of, recent)
        if fact is not None and not _not_a_fact(parsed, root):
            facts.append(replace(fact, id=_new_id(fact.id, ids), where=where(span.start)))
    skipped = valued - len(facts)
    return SheetDraft(_title(text, source), source, spellings, facts, valued, skipped)


def _fact(
    sentence: NoteSentence,
    dates: Sequence[DateClaim],
    amounts: Sequence[Amount],
    key_of: dict[str, str],
    recent: Sequence[Subject],
) -> DraftFact | None:
    """Propose the fact one sentence states, or None when it names nothing to look for."""
    parsed, names = sentence.parsed, sentence.names
    values: list[DateClaim | Amount] = sorted([*dates, *amounts], key=lambda v: v.start)
    heads = list(dict.fromkeys(parsed.clause(parsed.word_at(v.start) or 0) for v in values))
    subject = _subject(sentence, heads[0], key_of, recent)
    events = list(dict.fromkeys(f for h in heads for f in _event_forms(parsed, h)))
    places = [n for n in names if _is_place(sentence, n, heads)]
    lead, noun = (subject.key, subject.noun) if subject else ("", "")
    if not lead:  # "a fire swept through the Apollo 1 command module": about Apollo 1
        best = _best([n for n in names if n not in places and n.label != "PERSON"])
        lead = key_of[best.text] if best else ""
        root = next((i for i, w in enumerate(parsed.words) if w.head == i), 0)
        said = _subject(sentence, root, key_of, recent)
        if lead and said is not None and said.key == lead:  # "NASA cancelled ... as budgets
            events += _event_forms(parsed, root)  # were cut in the early 1970s": cancel* too
    about: list[Any] = [lead or _stem(noun)] if lead or noun else []
    events = [_stem(noun), *events] if lead and noun else events
    # Once each, and not the name again: "the English were still Catholic" is about Catholic.
    events = [e for e in dict.fromkeys(events) if not lead.lower().startswith(e.rstrip("*"))]
    if not about:
        return None
    written = " ".join(sentence.text.split())
    statement = LEADING_BULLET.sub("", written)
    opener = parsed.words[0]
    if (  # "It stood 110 metres tall": the Saturn V rocket did
        any(subject is earlier for earlier in recent)
        and subject is not None
        and opener.dep in SUBJECTS
        and PRONOUNS.get(opener.text.lower(), "") in (None, subject.person)
    ):
        statement = subject.phrase[:1].upper() + subject.phrase[1:] + statement[len(opener.text) :]

    def keys(some: Sequence[Name]) -> list[str]:
        return [k for k in dict.fromkeys(key_of[n.text] for n in some) if k != lead]

    place_keys = keys(places)
    return DraftFact(
        id=f"{lead or noun} {_event(parsed, heads[0])}",
        statement=statement,
        sentence=written,
        where="",
        about=about + ([events] if events else []),
        dates=[sheet_date(d.when) for d in dates],
        numbers=[_number(sentence, a, len(amounts) > 1) for a in amounts],
        places=place_keys,
        persons=[k for k in keys([n for n in names if n.label == "PERSON"]) if k not in place_keys],
    )


def render(draft: SheetDraft, sheet_file: str) -> Rendered:
    """Write the draft as a commented fact sheet, leaving out facts that would not validate."""
    kept = [fact for fact in draft.facts if _valid(draft, [fact], sheet_file)]
    if kept and not _valid(draft, kept, sheet_file):
        # Facts valid alone can still clash together (through names): keep those that agree.
        agreed: list[DraftFact] = []
        for fact in kept:
            if _valid(draft, [*agreed, fact], sheet_file):
                agreed.append(fact)
        kept = agreed
    return Rendered(_yaml(draft, kept, sheet_file), len(kept), len(draft.facts) - len(kept))


def sheet_date(when: When) -> Any:
    """Write a date as a sheet does: 1934-12-01, 1936-08, 1929, or "1936 to 1938"."""
    first, last = _end(when.first, last=False), _end(when.last, last=True)
    if first != last:
        return f"{first} to {last}"  # "the 1960s" is 1960 to 1969
    return int(first) if first.isdigit() else date.fromisoformat(first) if first[8:] else first


def _end(period: Period, last: bool) -> str:
    """Write one end of a period in the unit the whole period is counted in: year, month, day."""
    start, end = period.start, period.end
    day = end if last else start
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(day.year)
    if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def _number(sentence: NoteSentence, amount: Amount, several: bool) -> dict[str, Any]:
    """Write a number as a sheet does, with a wider tolerance where the notes say "about"."""
    number: dict[str, Any] = {"value": int(amount.value)} if amount.value.is_integer() else {}
    number.setdefault("value", amount.value)
    if amount.percent:
        number["percent"] = True
    rough = APPROXIMATE.match(sentence.text, amount.start) is not None
    number["tolerance"] = APPROXIMATE_TOLERANCE if rough else DEFAULT_TOLERANCE
    words, at = sentence.parsed.words, sentence.parsed.word_at(amount.end - 1)
    after = words[at + 1] if at is not None and at + 1 < len(words) else None
    if several and after is not None and after.pos == "NOUN" and _stem(after.lemma):
        number["of"] = [_stem(after.lemma)]  # which is which: "110 metres", "2,800 tonnes"
    return number


def _local(value: Any, span: Span) -> Any:
    """Move a date or number found in the whole text to its sentence's offsets."""
    return replace(value, start=value.start - span.start, end=value.end - span.start)


def _sentences(essay: Essay) -> list[Span]:
    """Split the essay's sentences again at list items, which notes are full of."""
    spans = []
    for sentence in essay.sentences:
        cuts = [sentence.start]
        cuts += [m.start() + 1 for m in BULLET.finditer(essay.text, sentence.start, sentence.end)]
        for start, end in zip(cuts, [*cuts[1:], sentence.end], strict=True):
            piece = essay.text[start:end]
            if piece.strip() and not LIST_MARK.fullmatch(piece.strip()):  # "1." on its own
                lead = len(piece) - len(piece.lstrip())
                spans.append(Span(start + lead, start + len(piece.rstrip())))
    return spans


def _names(text: str, parsed: Parsed) -> list[Name]:
    """Find a sentence's names: spaCy's, widened over proper nouns it cut off, and its misses."""
    words = parsed.words
    found = [Name(e.first, e.last, e.label) for e in parsed.entities if e.label in NAME_LABELS]
    owner = {i: n for n in found for i in range(n.first, n.last + 1)}
    for i, word in enumerate(words):
        if word.pos == "PROPN" and not word.entity and i not in owner:
            owner[i] = Name(i, i, "")
            found.append(owner[i])

    def free(i: int, j: int) -> bool:  # word j stands one space from word i and is no name's
        return 0 <= j < len(words) and j not in owner and text[words[i].end : words[j].start] == " "

    found.sort(key=lambda n: n.first)
    for name in (n for n in found if n.label != "-"):
        while free(name.first, name.first - 1) and words[name.first - 1].pos == "PROPN":
            name.first -= 1  # "Alexei Leonov"
            owner[name.first] = name
        while name.label != "NORP" and free(name.last, name.last + 1):  # not "Soviet Soyuz"
            # "Apollo 11", "Saturn V", "Catherine of Aragon", but not "NASA received"
            of = words[name.last + 1].text == "of" and name.last + 2 < len(words)
            other = owner.get(name.last + 2) if of else None
            if other is not None and other.first == name.last + 2 and other.label in ("GPE", "LOC"):
                for i in range(name.last + 1, other.last + 1):
                    owner[i] = name
                name.last, other.label = other.last, "-"  # "-": now part of this name
                continue
            step = 2 if of and free(name.last + 1, name.last + 2) else 1
            word = words[name.last + step]
            if word.entity in VALUE_ENTITIES or not (
                word.text[:1].isupper() or word.text.isdigit()
            ):
                break
            for _ in range(step):
                name.last += 1
                owner[name.last] = name
    kept = []
    for name in (n for n in found if n.label != "-"):
        while name.first < name.last and (
            words[name.first].pos == "DET" or words[name.first].text.lower() in TITLES
        ):
            name.first += 1
        while name.first < name.last and not words[name.last].text[:1].isalnum():
            name.last -= 1  # "Kennedy 's"
        name.start, name.end = words[name.first].start, words[name.last].end
        name.text = " ".join(text[name.start : name.end].split())  # a name may wrap a line
        numeral = all(words[i].pos == "NUM" for i in range(name.first, name.last + 1))
        if numeral or not name.text[:1].isupper() or not NAME_TEXT.fullmatch(name.text):
            continue  # "Twelve", "lunar rock", "Moon @ *": not names
        if name.label == "PERSON" and any(c.isdigit() for c in name.text):
            name.label = "PRODUCT"  # "Luna 9": people's names hold no digits
        elif name.label == "PERSON" and name.first > 0 and words[name.first - 1].text == "the":
            name.label = "LOC"  # "the Moon"
        elif name.label == "NORP" and name.first < name.last:
            name.label = "PERSON"  # a nationality is one word; "Alexei Leonov" is a man
        kept.append(name)
    return kept


def _name_table(names: Sequence[Name]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """List each name under its short form ("Kirov": Sergei Kirov) unless two people share it."""
    people: dict[str, set[str]] = {}
    for name in names:
        words = name.text.split()
        if (
            name.label == "PERSON"
            and len(words) > 1
            and "of" not in words
            and SURNAME.fullmatch(words[-1])
        ):
            people.setdefault(name.text.split()[-1], set()).add(name.text)
    spellings: dict[str, list[str]] = {}
    key_of: dict[str, str] = {}
    folded: dict[str, str] = {}  # a sheet may not give one spelling to two names
    for name in names:
        surname = name.text.split()[-1]
        short = surname if len(people.get(surname, ())) == 1 and name.label == "PERSON" else ""
        key = folded.setdefault((short or name.text).casefold(), short or name.text)
        key_of[name.text] = key
        others = spellings.setdefault(key, [])
        if name.text.casefold() not in folded:
            folded[name.text.casefold()] = key
            others.append(name.text)
    return spellings, key_of


def _amounts(sentence: NoteSentence, amounts: Sequence[Amount]) -> list[Amount]:
    """Keep the numbers that are values: not part of a name ("Apollo 18, 19 and 20")."""
    text, names = sentence.text, sentence.names
    kept: list[Amount] = []
    chain = -1  # where the last number that belongs to a name ends
    for amount in amounts:
        in_name = any(n.start <= amount.start < n.end for n in names)
        if in_name or (chain >= 0 and NUMBER_CHAIN.fullmatch(text, chain, amount.start)):
            chain = amount.end
        elif not amount.vague and not (amount.start == 0 and LEADING_BULLET.match(text)):
            kept.append(amount)
            chain = -1
    return kept


def _subject(
    sentence: NoteSentence, head: int, key_of: dict[str, str], recent: Sequence[Subject]
) -> Subject | None:
    """Find who or what a clause is about, following "he" and "it" back to earlier subjects."""
    parsed, names, text = sentence.parsed, sentence.names, sentence.text
    found = _subject_word(parsed, head)
    if found is None:
        return None
    j, clause = found
    word = parsed.words[j]
    if word.text.lower() in RELATIVES and parsed.words[clause].dep in ("relcl", "acl"):
        j = parsed.words[clause].head  # "Luna 9, which made ...": the noun it describes
    elif word.text.lower() in PRONOUNS:
        person = PRONOUNS[word.text.lower()]
        return next((s for s in reversed(recent) if person in (None, s.person)), None)
    below = [k for k in parsed.subtree(j) if parsed.clause(k) == parsed.clause(j)]
    best = _best([n for n in names if any(n.first <= k <= n.last for k in below)])
    phrase = text[parsed.words[below[0]].start : parsed.words[below[-1]].end]
    if best is not None:  # "The Saturn V rocket", but "Henry VIII" for "His son Henry VIII"
        said = parsed.words[below[0]].text.lower() in ("the", "a", "an") and len(below) <= 6
        phrase = phrase if said else best.text
        return Subject(key_of[best.text], best.label == "PERSON", "", phrase)
    if word.text in key_of.values():  # "Aldrin joined him": a surname spaCy took for a noun
        return Subject(word.text, True, "", word.text)
    noun = word.lemma.lower() if word.pos == "NOUN" and word.lemma.isalpha() else ""
    return Subject("", False, noun, phrase) if noun else None


def _subject_word(parsed: Parsed, head: int) -> tuple[int, int] | None:
    """Find the subject of a clause, or of the clause it hangs from ("... and weighed 2,800")."""
    seen = set()
    while head not in seen:
        seen.add(head)
        subjects = [j for j in parsed.children(head) if parsed.words[j].dep in SUBJECTS]
        if subjects:  # "#1 on the list: about 72,000 people were executed": people
            worded = [j for j in subjects if parsed.words[j].pos in ("NOUN", "PROPN", "PRON")]
            return (worded or subjects)[0], head
        up = parsed.words[head].head
        if up == head:  # a root noun is its own subject: "a fire swept through ..." misparsed
            return (head, head) if parsed.words[head].pos == "NOUN" else None
        head = parsed.clause(up)
    return None


def _best(names: Sequence[Name]) -> Name | None:
    """Pick the name that best says who or what: a person, a body, a country, a thing."""
    ranked = [n for n in names if n.label in PREFERRED]
    return min(ranked, key=lambda n: PREFERRED.index(n.label), default=names[0] if names else None)


def _event_forms(parsed: Parsed, head: int) -> list[str]:
    """Write the event a clause names as sheet words: "assassinated" gives assassinat*."""
    word = parsed.words[head]
    after = [parsed.words[j] for j in parsed.children(head)]
    if word.pos not in VERBS:  # a verb hanging from a noun the parser made the root
        verbs = [j for j in parsed.children(head) if parsed.words[j].pos == "VERB"]
        return _event_forms(parsed, verbs[0]) if verbs else []
    lemma = word.lemma.lower()
    if lemma in LINKS:  # "became the first human": the event is "human", not "become"
        linked = [w for w in after if w.dep in ("attr", "acomp", "dobj")]
        return [f for w in linked if w.pos in ("NOUN", "ADJ", "PROPN") and (f := _stem(w.lemma))]
    if lemma in EVENT_WORDS:
        return EVENT_WORDS[lemma]
    stem, written = _stem(lemma), word.text.lower()
    if not stem:
        return []
    forms = [stem] if stem.endswith("*") and written.startswith(stem[:-1]) else [stem, written]
    forms = [f for f in forms if f.rstrip("*").isalpha()]
    particle = [w.text.lower() for w in after if w.dep == "prt"]  # "lifted off"
    return [f"{form} {particle[0]}" for form in forms] if particle else forms


def _event(parsed: Parsed, head: int) -> str:
    """Name a clause's event in one word, for an id: launch, assassinate, human."""
    forms, lemma = _event_forms(parsed, head), parsed.words[head].lemma
    return "" if not forms else forms[0].rstrip("*") if lemma in LINKS else lemma


def _stem(lemma: str) -> str:
    """Cut a word to the stem its forms share, with * after it: launch*, assassinat*, carr*."""
    word = lemma.lower()
    if len(word) > 4 and (word.endswith("e") or (word.endswith("y") and word[-2] not in "aeiou")):
        word = word[:-1]
    if not word.isalpha():
        return ""  # "%", "’": nothing a sheet could look for
    return f"{word}*" if len(word) >= MIN_PREFIX else word


def _is_place(sentence: NoteSentence, name: Name, heads: Sequence[int]) -> bool:
    """Tell whether a name says where an event of the sentence happened: "in Dallas"."""
    parsed, names = sentence.parsed, sentence.names
    span = range(name.first, name.last + 1)
    root = next((i for i in span if parsed.words[i].head not in span), name.last)
    word = parsed.words[root]
    if word.dep in ("appos", "conj") and name.label in PLACE_LABELS:  # "Huntsville, Alabama"
        above = next((n for n in names if n.first <= word.head <= n.last and n is not name), None)
        return above is not None and _is_place(sentence, above, heads)
    before = parsed.words[word.head].text.lower()
    place = name.label in PLACE_LABELS and before in BEFORE_PLACE
    at_body = name.label == "ORG" and before == "at"  # "at Rice University"
    return word.dep == "pobj" and (place or at_body) and parsed.clause(root) in heads


def _not_a_fact(parsed: Parsed, root: int) -> bool:
    """Tell headings and advice to the teacher ("Students often write ...") from facts."""
    words = parsed.words
    if not any(w.pos in VERBS for w in words):
        return True
    first = [w for w in words if w.dep in SUBJECTS][:1]
    told = [words[j] for j in parsed.children(root) if words[j].dep in (*SUBJECTS, "dobj")]
    return any(w.lemma.lower() in LESSON_WORDS for w in [*told, *first])


def _new_id(words: str, taken: set[str]) -> str:
    """Make a short, unused lower-case id of a fact's name and event: kennedy-assassinate."""
    folded = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    slug = "-".join(re.sub(r"[^a-z0-9]+", " ", folded.lower()).split()[:5]) or "fact"
    slug = slug if slug[0].isalpha() else f"fact-{slug}"
    found, n = slug, 1
    while found in taken:
        n += 1
        found = f"{slug}-{n}"
    taken.add(found)
    return found


def _title(text: str, source: str) -> str:
    """Take the notes' first line as the title when it is a heading, else the file's name."""
    first = text.split("\n", 1)[0].strip().lstrip("#").strip()
    if first and len(first) <= 90 and first[-1] not in ".!?,;":
        return first
    return Path(source).stem.replace("_", " ").replace("-", " ").capitalize()


def _valid(draft: SheetDraft, facts: Sequence[DraftFact], file: str) -> bool:
    """Tell whether a sheet of these facts passes the checks of `grader facts check`."""
    try:
        data = parse_yaml(_yaml(draft, facts, file), file)
        if isinstance(data, MarkedDict):
            validate_fact_sheet(data, file)
            return True
    except (RubricError, YamlProblem):
        pass
    return False


def _yaml(draft: SheetDraft, facts: Sequence[DraftFact], file: str) -> str:
    """Write the sheet, with a note on top and the source sentence above each fact."""
    used = [e for f in facts for e in (f.about[0], *f.places, *f.persons) if isinstance(e, str)]
    names = [k for k in dict.fromkeys(used) if k in draft.names]
    lines = [
        f"# A DRAFT fact sheet, proposed by `grader facts draft` from {draft.source}.",
        "# Each fact is one sentence of the notes holding a date or a number, quoted above it with",
        "# its line. Edit it before use: check each fact's about, date, number, place and person,",
        "# mark the facts a good essay needs `required: true`, and delete the rest. Then check it:",
        f"#   grader facts check {file}",
        '# How to write a fact sheet: see "Fact sheets" in rubrics/README.md.',
        f"title: {_flow(draft.title)}",
        f"description: {_flow(f'Drafted from {draft.source}; every fact is still to be checked.')}",
        "names:" if names else "names: {}",
        *(f"  {_flow(k)}: {_flow(draft.names[k])}" for k in names),
        "facts:",
    ]
    for fact in facts:
        lines += ["", *COMMENT.wrap(f"{fact.where}: {fact.sentence}")]
        lines += [f"  - id: {_flow(fact.id)}", f"    statement: {_flow(fact.statement)}"]
        lines.append(f"    about: {_flow(fact.about)}")
        values = {"date": fact.dates, "number": fact.numbers, "place": fact.places}
        for key, value in {**values, "person": fact.persons}.items():
            if value:
                lines.append(f"    {key}: {_flow(value[0] if len(value) == 1 else value)}")
        lines += [f"    source: {_flow(f'{draft.source}, {fact.where}')}", "    required: false"]
    return "\n".join(lines) + "\n"


class _Dumper(yaml.SafeDumper):
    """YAML's safe writer, quoting with double quotes as the README tells teachers to."""

    def choose_scalar_style(self) -> str:
        """Choose double quotes wherever the writer would choose single ones."""
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _flow(value: Any) -> str:
    """Write a value on one line of YAML, quoted where YAML would read it as something else."""
    dumped = yaml.dump(
        value,
        Dumper=_Dumper,
        default_flow_style=True,
        allow_unicode=True,
        width=10**9,
        sort_keys=False,
    )
    return dumped.removesuffix("\n...\n").removesuffix("\n")
