"""Who and where: a fact's person, place and members, compared role by role."""

from __future__ import annotations

from collections.abc import Sequence

from grader.engines.parser import PLACE_LABELS, Parsed
from grader.essay import Span
from grader.facts.checker.events import LIGHT_VERBS, SAYING
from grader.facts.checker.findings import listed_items
from grader.facts.checker.groups import coordinated, name_span, spelt_like
from grader.facts.checker.linking import speaks_of
from grader.facts.checker.model import (
    MAIN_SUBJECT,
    NOT_PEOPLE,
    PLACE_PREPOSITIONS,
    PRONOUNS,
    SUBJECT_PRONOUNS,
    Agreement,
    Rules,
    Sentence,
    ValueCheck,
)
from grader.facts.checker.places import Role, compatible, role_before
from grader.facts.claims import Mention
from grader.facts.lexicon import PLACE_WORDS
from grader.facts.sheet import Fact


def place_checks(
    sentence: Sentence, fact: Fact, rules: Rules, dated: dict[int, set[str]]
) -> list[ValueCheck]:
    """Check where a fact happened: right when named; wrong when another place takes its role.

    Another place is one the sheet knows, or one the parser recognises, written after "in",
    "at" or "near" among the words of the fact's own event.
    """
    if not fact.place:
        return []
    right = [
        h
        for h in _named(sentence, fact.place, rules.spellings)
        if _free(sentence, fact, h.start, dated)
    ]
    if right:
        return [ValueCheck("place", "supported", right[0].start, right[0].end, _names(fact.place))]
    others = [(h.start, h.end) for h in sentence.hits if h.term in rules.places]
    others += [
        (e.start, e.end)
        for e in sentence.parsed.entities_in(sentence.span.start, sentence.span.end)
        if e.label in PLACE_LABELS and not _is_sheet_name(sentence, e.start, e.end, rules)
    ]
    others += _unlabelled_places(sentence, rules)
    others += [w for w in _complement_names(sentence, rules) if _named_as_it(sentence, fact, w[0])]
    role = rules.place_roles[fact.id]
    statement = fact.statement.casefold()
    wrong = [
        (start, end)
        for start, end in sorted(dict.fromkeys(others))
        if _fills(sentence, fact, rules, start, role)
        and sentence.text[start:end].casefold() not in statement
        and _in_event(sentence, fact, rules, (start, end), dated)
    ]
    return [
        ValueCheck("place", "contradicted", start, end, _names(fact.place))
        for start, end in wrong[:1]
    ]


def _fills(sentence: Sentence, fact: Fact, rules: Rules, start: int, role: Role) -> bool:
    """Tell whether a place written here fills the fact's place role: after a word of the
    same role, or "to" a place where the verb is the fact's deed ("banished to Padua")."""
    written = role_before(sentence.text, start)
    if written == role or _named_as_it(sentence, fact, start):
        return True
    if not compatible(written, role):
        return False
    parsed = sentence.parsed
    words = parsed.words_in(start, start + 1)
    if not words or parsed.words[words[0]].dep != "pobj":
        return False
    preposition = parsed.words[words[0]].head
    verb = parsed.words[parsed.words[preposition].head]
    return verb.lemma.lower() in rules.deeds[fact.id]


def _named_as_it(sentence: Sentence, fact: Fact, start: int) -> bool:
    """Tell whether a name is what "is" says the fact's subject is: "The oldest prefecture is
    Shimane" or "Shimane is the oldest prefecture", where the sheet says Akita is."""
    parsed = sentence.parsed
    i = _name_head(parsed, start)
    if i is None:
        return False
    verb = parsed.words[i].head
    other = {"attr": MAIN_SUBJECT, "nsubj": ("attr",)}.get(parsed.words[i].dep)
    if other is None or parsed.words[verb].lemma != "be":
        return False
    about = frozenset(t for group in fact.about for t in group)
    sides = [j for j in parsed.children(verb) if parsed.words[j].dep in other]
    said = frozenset(k for j in sides for k in parsed.subtree(j))
    return any(h.term in about and sentence.in_reach(h, said) for h in sentence.hits)


def _name_head(parsed: Parsed, start: int) -> int | None:
    """Return the last word of the name starting here (past its compounds), if any."""
    words = parsed.words_in(start, start + 1)
    if not words:
        return None
    i = words[0]
    while parsed.words[i].dep == "compound" and parsed.words[i].head != i:
        i = parsed.words[i].head
    return i


def _complement_names(sentence: Sentence, rules: Rules) -> list[tuple[int, int]]:
    """Find proper names on either side of "is", whatever type the parser gave them
    ("The busiest port is Colón", which it calls a person): a place when the fact's words
    stand on the other side, as `_named_as_it` checks."""
    parsed = sentence.parsed
    found = []
    for i in parsed.words_in(sentence.span.start, sentence.span.end):
        word = parsed.words[i]
        if word.pos != "PROPN" or word.dep not in ("attr", "nsubj"):
            continue
        if parsed.words[word.head].lemma != "be":
            continue
        where = name_span(parsed, i)
        if where and not _is_sheet_name(sentence, where[0], where[1], rules):
            found.append(where)
    return found


def _unlabelled_places(sentence: Sentence, rules: Rules) -> list[tuple[int, int]]:
    """Find proper names the parser gave no type to, written after a word of place ("starts
    in Lake Albert"): a place the sheet does not know and the parser did not recognise."""
    parsed = sentence.parsed
    found = []
    for i in parsed.words_in(sentence.span.start, sentence.span.end):
        word = parsed.words[i]
        if word.pos != "PROPN" or word.entity not in ("", "ORG") or word.dep == "compound":
            continue  # the parser often takes a town for a group: "the port of Bristol"
        if word.dep != "pobj" or parsed.words[word.head].text.lower() not in PLACE_PREPOSITIONS:
            continue
        where = name_span(parsed, i)
        if where and not _is_sheet_name(sentence, where[0], where[1], rules):
            found.append(where)
    return found


def in_persons_role(sentence: Sentence, fact: Fact, rules: Rules) -> bool:
    """Tell whether the one the fact is about, which its statement has only done to ("Yezhov was
    removed and Beria took over"), does the fact's deed in the sentence: "In 1937 Yezhov
    replaced Yagoda" tells of Yezhov taking over, so its date and Yagoda are not that fact's
    to judge. "He resigned" for "Eden resigned and Macmillan replaced him" is Eden's own."""
    if not fact.person or rules.acting[fact.id] or _named(sentence, fact.person, rules.spellings):
        return False
    subject, parsed = rules.groups[fact.id][0], sentence.parsed
    for hit in sentence.hits:
        if hit.term not in subject:
            continue
        word = _last_word(parsed, hit)
        while parsed.words[word].dep == "conj":  # "Yagoda and Yezhov took over": both act
            word = parsed.words[word].head
        if _acts(sentence, fact, rules, word):
            return True
    return False


def person_checks(
    sentence: Sentence, fact: Fact, rules: Rules, dated: dict[int, set[str]]
) -> list[ValueCheck]:
    """Check who did it: right when named; wrong when another person does it in the sentence.

    Another person is one the sheet knows or the parser recognises, written after "by" or as
    the one who acts ("Moltke drew up the plan"), among the words of the fact's own event. A
    name inside a longer name ("the Schlieffen Plan") is not the person.
    """
    if not fact.person:
        return []
    right = [
        h
        for h in _named(sentence, fact.person, rules.spellings)
        if _free(sentence, fact, h.start, dated)
    ]
    if right:
        # the one who does the deed, where the sentence names the person twice
        named = [h for h in right if sentence.text[h.start : h.end].lower() not in PRONOUNS]
        doer = [h for h in named if _acts(sentence, fact, rules, _last_word(sentence.parsed, h))]
        first = (doer or named or right)[0]
        return [ValueCheck("person", "supported", first.start, first.end, _names(fact.person))]
    said = _pronoun_for(sentence, fact, rules) or _family_name(sentence, fact, rules)
    if said is not None:
        return [ValueCheck("person", "supported", said[0], said[1], _names(fact.person))]
    parsed = sentence.parsed
    subject = rules.groups[fact.id][0]
    others = [
        (h.start, h.end)
        for h in sentence.hits
        if h.term in rules.people
        and h.term not in subject
        and (h.agent or _acts(sentence, fact, rules, _last_word(parsed, h)))
    ]
    for start, end, last in _people(sentence):
        # Someone the sheet does not know counts after "by", or as the subject of the deed's
        # own verb: as the subject of another ("Stalin replaced Yagoda with Yezhov") a person
        # may be who ordered the deed, not who did it.
        if not _acts(sentence, fact, rules, last):
            continue
        written = [h for h in sentence.hits if h.start < end and start < h.end]
        if any(h.term in subject or h.term not in rules.people for h in written):
            continue  # the one the fact is about, or a thing of the sheet's with a person's name
        others.append((start, end))
    wrong = [
        where
        for where in dict.fromkeys(others)
        if _in_event(sentence, fact, rules, where, dated)
        or _under_deed(sentence, fact, rules, where, dated)
    ]
    return [
        ValueCheck("person", "contradicted", start, end, _names(fact.person))
        for start, end in wrong[:1]
    ]


def _family_name(sentence: Sentence, fact: Fact, rules: Rules) -> tuple[int, int] | None:
    """Find the surname of the fact's person written alone where the family shares it
    ("Birling sacked Eva", where the sheet has Arthur, Sybil, Sheila and Eric Birling)."""
    lasts = {
        spelling.split()[-1]
        for person in fact.person
        for spelling in rules.spellings.get(person, frozenset({person.lower()}))
        if len(spelling.split()) > 1
    }
    for start, end, _ in _people(sentence):
        written = sentence.text[start:end].casefold()
        if written in lasts and not any(h.start < end and start < h.end for h in sentence.hits):
            return start, end
    return None


def group_checks(
    sentence: Sentence, fact: Fact, rules: Rules, found: Sequence[ValueCheck]
) -> list[ValueCheck]:
    """Compare the names an essay lists together with a fact's members, as a set.

    Each member written in the list is right; any other name in it is wrong, whether the sheet
    knows it or not ("Scott, Wilson, Bowers, Oates and Crean"). A list with no member in it
    says nothing about the group.
    """
    members, stated = rules.members[fact.id], rules.listed[fact.id]
    if not members:
        return []
    parsed = sentence.parsed
    expected = listed_items(sorted(members))
    member_hits = [h for h in sentence.hits if h.term in members]
    checks: list[ValueCheck] = []
    done: set[int] = set()
    for hit in member_hits:
        word = _last_word(parsed, hit)
        listed = coordinated(parsed, word)
        if len(listed) < 2 or word in done:
            continue
        done |= set(listed)
        for other in listed:
            where = name_span(parsed, other)
            if where is None or not sentence.span.start <= where[0] < sentence.span.end:
                continue  # the parse may join a heading to the sentence below it
            written = [h for h in sentence.hits if h.start < where[1] and where[0] < h.end]
            if any(h.term in members for h in written):
                outcome: Agreement = "supported"
            elif any(h.term in rules.groups[fact.id][0] for h in written):
                continue  # the group itself ("the Entente and Russia")
            elif spelt_like(sentence.parsed_text(*where), sorted(members)):
                continue  # a member misspelt ("Lenny")
            elif " ".join(sentence.parsed_text(*where).casefold().split()) in stated:
                outcome = "supported"  # a member the statement lists but `about` leaves out
            else:
                outcome = "contradicted"
            if not any(c.start == where[0] for c in (*found, *checks)):
                checks.append(ValueCheck("member", outcome, where[0], where[1], expected))
    if not any(c.outcome == "contradicted" for c in checks):
        return [c for c in checks if not any(f.start == c.start for f in found)]
    return checks


def _under_deed(
    sentence: Sentence,
    fact: Fact,
    rules: Rules,
    where: tuple[int, int],
    dated: dict[int, set[str]],
) -> bool:
    """Tell whether every `about` entry of a fact is written under the verb a name is the
    subject of: "Homer said that Egypt was the gift of the Nile" (said: the gift, the Nile)."""
    parsed = sentence.parsed
    words = parsed.words_in(*where)
    if not words or not _free(sentence, fact, where[0], dated):
        return False
    i = words[-1]
    while parsed.words[i].dep in ("appos", "compound") and parsed.words[i].head != i:
        i = parsed.words[i].head
    word = parsed.words[i]
    if word.dep == "pobj" and parsed.words[word.head].dep == "agent":
        # "a spy plane flown by Gary Powers", where the statement's person flew it
        verb = parsed.words[word.head].head
        deed = parsed.words[verb].lemma.lower() in rules.deeds[fact.id]
        return deed and speaks_of(sentence, fact, rules)
    if word.dep not in MAIN_SUBJECT:
        return False
    verb = word.head
    below = frozenset(parsed.subtree(verb)) - frozenset(parsed.subtree(i))
    return all(
        any(h.term in group and sentence.in_reach(h, below) for h in sentence.hits)
        for group in rules.groups[fact.id]
    )


def _pronoun_for(sentence: Sentence, fact: Fact, rules: Rules) -> tuple[int, int] | None:
    """Find "she" or "he" doing the fact's deed where it stands for the fact's person, named
    in the sentence before ("Bertha is locked away. When Rochester is out, she burns ...")."""
    if not any(h.term in fact.person for h in sentence.borrowed):
        return None
    parsed = sentence.parsed
    for i in parsed.words_in(sentence.span.start, sentence.span.end):
        word = parsed.words[i]
        if word.text.lower() not in SUBJECT_PRONOUNS or word.dep not in MAIN_SUBJECT:
            continue
        if sentence.borrowed_in is not None and i not in sentence.borrowed_in:
            continue
        if _acts(sentence, fact, rules, i):
            return word.start, word.end
    return None


def _people(sentence: Sentence) -> list[tuple[int, int, int]]:
    """Find the people a sentence names: where each starts and ends, and its last word.

    The parser's persons, and a proper name after "by" that it took for something other than
    a place, a group or a thing ("stabbed by Madame Roland", which it calls an event).
    """
    parsed, span = sentence.parsed, sentence.span
    found = [
        (e.start, e.end, e.last)
        for e in parsed.entities_in(span.start, span.end)
        if e.label == "PERSON"
    ]
    for i in parsed.words_in(span.start, span.end):
        word = parsed.words[i]
        after_by = word.dep == "pobj" and parsed.words[word.head].dep == "agent"
        if word.pos != "PROPN" or not after_by or _not_a_person(parsed, i):
            continue
        first = i
        while first > 0 and parsed.words[first - 1].dep == "compound":
            first -= 1
        if not any(s <= word.start < e for s, e, _ in found):
            found.append((parsed.words[first].start, word.end, i))
    for i in parsed.words_in(span.start, span.end):
        word = parsed.words[i]
        if _untagged_name(parsed, i) and not any(s <= word.start < e for s, e, _ in found):
            found.append((word.start, word.end, i))
    return found


def _untagged_name(parsed: Parsed, i: int) -> bool:
    """Tell whether a subject is a name the parser did not tag as a person.

    "Whit shoots the dog" (read as the noun "whit"), "Marsh led the works" (a proper noun of
    no type): a capitalised singular subject with no "the" or "a", as a common noun would have
    ("The hunter shoots ..."); a title with one ("the Colonel") may be the right person's.
    """
    word = parsed.words[i]
    if word.dep not in MAIN_SUBJECT or not word.text[:1].isupper() or word.entity == "PERSON":
        return False
    if word.tag not in ("NN", "NNP") or _not_a_person(parsed, i) or word.entity == "ORG":
        return False
    if any(parsed.words[j].dep in ("det", "poss") for j in parsed.children(i)):
        return False
    initial = i == 0 or word.opens_sentence
    return word.pos in ("NOUN", "PROPN") if initial else word.pos == "PROPN"


def _not_a_person(parsed: Parsed, i: int) -> bool:
    """Tell whether a proper name after "by" is a place, group or thing, not a person.

    The parser often calls a lone first name a group ("narrated by Estella"): a group here is
    one written with "the" or in capitals ("by the Red Army", "by NASA").
    """
    word = parsed.words[i]
    if word.entity != "ORG":
        return word.entity in NOT_PEOPLE
    has_the = any(parsed.words[j].dep == "det" for j in parsed.children(i))
    return has_the or word.text.isupper()


def _names(accepted: Sequence[str]) -> str:
    """Write the accepted names as a reader would: "Leningrad or Smolny Institute"."""
    return " or ".join(accepted)


def _named(
    sentence: Sentence, accepted: Sequence[str], spellings: dict[str, frozenset[str]]
) -> list[Mention]:
    """Return where the sentence writes one of the names, each a whole name."""
    return [h for h in sentence.hits if h.term in accepted and _whole_name(sentence, h, spellings)]


def _whole_name(sentence: Sentence, hit: Mention, spellings: dict[str, frozenset[str]]) -> bool:
    """Tell whether a name stands alone, not as the start of a longer one ("Schlieffen Plan"),
    unless the longer one is another spelling of the same name ("Gad's Hill Place")."""
    if any(
        h.start <= hit.start and hit.end <= h.end and (h.end - h.start) > (hit.end - hit.start)
        for h in sentence.hits
        if h.term != hit.term
    ):
        return False  # inside a longer name of the sheet's: "Sherman" in "Sherman's March"
    parsed = sentence.parsed
    words = parsed.words_in(hit.start, hit.end)
    if not words:
        return True
    last = parsed.words[words[-1]]
    head = parsed.words[last.head]
    longer = last.dep == "compound" and last.head > words[-1] and head.text[:1].isupper()
    if not (longer and head.pos == "PROPN" and head.start >= hit.end):
        return True
    written = " ".join(sentence.parsed_text(hit.start, head.end).lower().split())
    return written in spellings.get(hit.term, frozenset())


def _is_sheet_name(sentence: Sentence, start: int, end: int, rules: Rules) -> bool:
    """Tell whether the sheet names what is written here (a place it knows, or a person)."""
    return any(h.start < end and start < h.end for h in sentence.hits if rules.is_name(h.term))


def _after_place_word(sentence: Sentence, start: int) -> bool:
    """Tell whether a name follows "in", "at" or "near" (past "the")."""
    before = sentence.parsed.words_in(max(start - 12, 0), start)
    words = [sentence.parsed.words[i].text.lower() for i in before]
    while words and words[-1] == "the":
        words.pop()
    return bool(words) and words[-1] in PLACE_WORDS


def _acts(sentence: Sentence, fact: Fact, rules: Rules, word: int, by_only: bool = False) -> bool:
    """Tell whether a name does the fact's deed: after "by", or the subject of its verb.

    "Princip assassinated ..." acts, and so does "Aldrin was the first person to step onto the
    Moon", or "built under President Vargas"; in "some believed that Stalin ordered the
    assassination", Stalin is the subject of
    "ordered", not of the deed. Not `by_only`: only after "by".
    """
    parsed = sentence.parsed
    name = parsed.words[word]
    if name.dep == "pobj":
        prep = parsed.words[name.head]
        if prep.dep == "agent":
            return True
        # "built under President Vargas": the deed done under someone's rule
        under = prep.text.lower() == "under"
        if under and _is_deed(sentence, fact, rules, [prep.head]):
            return True
        # "the poem 'To a Mouse' by William Wordsworth": the maker of a thing the fact is about
        return prep.text.lower() == "by" and _is_about(sentence, fact, prep.head)
    if name.dep == "appos":  # "the ambassador, Henry Cabot Lodge, produced ...": his role
        return _acts(sentence, fact, rules, name.head, by_only)
    if name.dep != "nsubj" or _negated(parsed, name.head):
        return False  # "Franklin could not share it" says who did not
    verbs = [name.head]
    # "The first explorer to reach the South Pole, Nansen, ...": the subject's own clause
    verbs += [j for j in parsed.children(word) if parsed.words[j].dep in ("relcl", "acl")]
    if parsed.words[name.head].lemma == "be":  # "X was the first person to step ..."
        verbs += [
            j
            for attr in parsed.children(name.head)
            if parsed.words[attr].dep == "attr"
            for j in parsed.children(attr)
            if parsed.words[j].dep in ("relcl", "acl")
        ]
    elif by_only and not _does_deed(sentence, fact, rules, verbs[0]):
        return False
    return _is_deed(sentence, fact, rules, verbs) or _does_deed(sentence, fact, rules, verbs[0])


def _negated(parsed: Parsed, verb: int) -> bool:
    """Tell whether a verb is said not to have happened ("could not share", "never won")."""
    return any(
        parsed.words[j].dep == "neg" or parsed.words[j].text.lower() == "never"
        for j in parsed.children(verb)
    )


def _is_deed(sentence: Sentence, fact: Fact, rules: Rules, verbs: Sequence[int]) -> bool:
    """Tell whether one of these words is the fact's deed: a word of its about, not a name."""
    deeds = frozenset(t for group in fact.about for t in group if not rules.is_name(t))
    starts = [sentence.parsed.words[v].start for v in verbs]
    return any(h.term in deeds and h.start <= at < h.end for h in sentence.hits for at in starts)


def _is_about(sentence: Sentence, fact: Fact, word: int) -> bool:
    """Tell whether a word is one of the fact's `about` entries, a name or a word."""
    at = sentence.parsed.words[word].start
    about = frozenset(t for group in fact.about for t in group)
    return any(h.term in about and h.start <= at < h.end for h in sentence.hits)


def _does_deed(sentence: Sentence, fact: Fact, rules: Rules, verb: int) -> bool:
    """Tell whether a verb is what the fact's statement says was done, so that its subject is
    who did it: the statement's own verb ("nationalised", "showed"), or a verb of saying where
    the statement has one ("Homer said" for "Herodotus called"). A verb whose object is the
    deed is not it: "Stalin ordered the assassination", "he exploited Kirov's murder"."""
    parsed = sentence.parsed
    word = parsed.words[verb]
    if word.pos not in ("VERB", "AUX") or word.lemma in LIGHT_VERBS:
        return False
    lemma = word.lemma.lower()
    deeds = rules.deeds[fact.id]
    return lemma in deeds or bool(lemma in SAYING and deeds & SAYING)


def _in_event(
    sentence: Sentence,
    fact: Fact,
    rules: Rules,
    where: Mention | tuple[int, int],
    dated: dict[int, set[str]],
) -> bool:
    """Tell whether a name stands among the words of the fact's own event, and not in a clause
    whose date or number another fact took."""
    start, end = (where.start, where.end) if isinstance(where, Mention) else where
    return _free(sentence, fact, start, dated) and speaks_of(
        sentence, fact, rules, Span(start, end), name=True
    )


def _free(sentence: Sentence, fact: Fact, at: int, dated: dict[int, set[str]]) -> bool:
    """Tell whether a name's clause is free for the fact: no other fact took its date alone."""
    taken = dated.get(sentence.clause_head(at), set())
    return not taken or fact.id in taken


def _last_word(parsed: Parsed, hit: Mention) -> int:
    """Return the index of a term's last word."""
    words = parsed.words_in(hit.start, hit.end)
    return words[-1] if words else 0
