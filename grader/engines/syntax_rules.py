"""Grammar rules over the dependency parse, for what LanguageTool's patterns miss.

Each rule reads spaCy's tags and tree (grader.engines.parser) and yields GrammarMatch objects
like any engine's: subject-verb agreement across words between ("Zinoviev and Kamenev was",
"people who doesn't"), "there is" before a plural, a comma splice, and a missing comma after a
fronted subordinate clause. Every rule was kept only if its flags overlap a human annotator's
edit at least 80% of the time on the W&I+LOCNESS training essays
(benchmarks/grammar_detection.py); a rule that guesses is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from grader.engines.grammar import GrammarMatch
from grader.engines.parser import Parsed, Word

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OWN_SUBJECT = SUBJECT_DEPS | {"expl", "csubj"}
PLURAL_PRONOUNS = frozenset("they we these those both many several few".split())
SINGULAR_PRONOUNS = frozenset(
    "he she it this that everyone everybody someone somebody nobody anyone anybody "
    "everything something nothing anything each".split()
)
RELATIVE = frozenset({"who", "which", "that"})
# Nouns whose verb may be singular or plural in British English ("the government are"), or
# whose number is read from what follows ("a lot of people are", "the number of ... is").
EITHER_NUMBER = frozenset(
    "government family team staff crew majority minority number lot couple group rest "
    "percentage proportion half part public audience class committee army youth media data "
    "police kind sort type variety range total amount series species means news "
    "politics economics mathematics maths physics statistics alot "
    # British English lets a collective noun take a plural verb: "this generation are".
    "generation community population society crowd jury board council union club company "
    "band household electorate workforce management opposition squad cast".split()
)  # "alot": the misspelt "a lot", whose number is its noun's too
# Plurals no "s" shows: "the tradespeople who carry", "the children were".
PLURAL_WITHOUT_S = re.compile(r".*(?:people|men|children|folk)|feet|teeth|mice|geese|cattle")
PLURAL_DETERMINERS = frozenset("these those many several both few".split())
SINGULAR_DETERMINERS = frozenset("a an this that each every one another".split())
QUANTIFIERS = frozenset("all some most none any more half lots plenty".split())
# The agreeing form of a verb for the other number, for the verbs whose form is irregular.
TO_PLURAL = {
    "is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
    "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "'s": "'re",
}  # fmt: skip
TO_SINGULAR = {v: k for k, v in TO_PLURAL.items() if k != "'s"} | {"'re": "'s"}
# Verbs whose past is spelt as the present: "the story she read" is not "she read" for "reads".
SAME_IN_PAST = frozenset(
    "read put cut hit let set shut cost hurt quit spread beat bet cast burst split upset".split()
)
# (pattern, the fix from the match, the message): phrases wrong wherever they are written.
PHRASES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str], str], ...] = (
    (
        re.compile(r"\b([Nn])umerous of\b"),
        lambda m: m.group(1).replace("N", "M").replace("n", "m") + "any of",
        "‘Numerous’ takes no ‘of’: write ‘{wanted}’, or ‘numerous’ with the noun after it.",
    ),
    (
        re.compile(r"\b(first|second) world war\b", re.IGNORECASE),
        lambda m: m.group().title(),
        "The name of a war takes capital letters: ‘{wanted}’.",
    ),
)
SUBORDINATORS = frozenset(
    "if when whenever although though because since while whereas after before once unless "
    "until as".split()
)


MIN_SPLICE_WORDS = 5  # "My name is Ana, I am 14": short openings are left alone
SPLICE_SUBJECTS = frozenset("i you he she it we they there this".split())
REPORTING = frozenset("say think tell ask know believe mean hope guess suppose reply".split())
SUBJUNCTIVE_MARKERS = frozenset({"if", "wish", "though", "unless", "whether", "suppose"})


def check_parsed(text: str, parsed: Parsed) -> list[GrammarMatch]:
    """Return every rule's matches in `text`, in the order they appear."""
    found = [
        *agreement(text, parsed),
        *there_is(text, parsed),
        *introductory_clause_comma(text, parsed),
        *comma_splice(text, parsed),
        *fixed_phrases(text),
    ]
    return sorted(found, key=lambda m: (m.start, m.end))


def agreement(text: str, parsed: Parsed) -> Iterator[GrammarMatch]:
    """Flag a finite verb whose number disagrees with its subject's."""
    words = parsed.words
    for i, verb in _subject_verb_pairs(parsed):
        if _unsure_subject(parsed, i) or _unsure_verb(parsed, verb):
            continue
        if _unsure_pair(text, parsed, i, verb):
            continue
        number, source = _subject_number(parsed, i)
        form = words[verb].text
        lower = form.lower()
        wanted: str | None = None
        if number == "plural" and _is_singular_verb(words[verb]):
            wanted = TO_PLURAL.get(lower) or words[verb].lemma
        elif number == "singular" and _is_plural_verb(words[verb], words[i]):
            if lower in {"were", "weren't"} and _subjunctive(parsed, verb):
                continue
            wanted = TO_SINGULAR.get(lower) or third_person(words[verb].lemma)
        if wanted is None or wanted.lower() == lower:
            continue
        if source in {"conj", "name"} and lower not in {"was", "were", "wasn't", "weren't"}:
            # Measured on the training essays: right 22-40% of the time with other verbs, where
            # the parser often joins two clauses' nouns ("... and education is").
            continue
        subject = _subject_text(parsed, i)
        # A subject just before its verb is half the mistake ("People was"): mark both.
        start = words[i].start if 0 < verb - i <= 2 else words[verb].start
        yield GrammarMatch(
            rule_id="GRADER_SUBJECT_VERB_AGREEMENT",
            category="GRAMMAR",
            issue_type="grammar",
            message=(
                f"The verb does not agree with its subject ‘{subject}’ "
                f"({number}): write ‘{_cased(wanted, form)}’."
            ),
            suggestions=(_cased(wanted, form),),
            start=start,
            end=words[verb].end,
        )


def _subject_verb_pairs(parsed: Parsed) -> Iterator[tuple[int, int]]:
    """Yield (subject, finite verb) pairs, with verbs that share a subject ("he came and go")."""
    words = parsed.words
    for i, word in enumerate(words):
        if word.dep not in SUBJECT_DEPS and word.dep != "csubj":
            continue
        head = word.head
        heads = [head, *(j for j in parsed.children(head) if words[j].dep == "conj")]
        for k, clause in enumerate(heads):
            if k and any(words[j].dep in OWN_SUBJECT for j in parsed.children(clause)):
                continue  # "he came and they go", "... and there was": a subject of its own
            verb = _finite_verb(parsed, clause)
            if verb is not None and (k == 0 or verb > i):
                yield i, verb


def there_is(text: str, parsed: Parsed) -> Iterator[GrammarMatch]:
    """Flag "there is" before a plural ("there was many reasons"), "there are" before "a"."""
    words = parsed.words
    for word in words:
        if word.dep != "expl" or word.text.lower() != "there":
            continue
        verb = _finite_verb(parsed, word.head)
        if verb is None or words[verb].lemma != "be":
            continue
        lower = words[verb].text.lower()
        noun = next((j for j in parsed.children(word.head) if words[j].dep == "attr"), None)
        if noun is None or noun < verb or _has_quantifier(parsed, noun):
            continue
        if words[noun].text.lower() in EITHER_NUMBER or words[noun].text.lower().endswith("ics"):
            continue
        determiners = {
            words[j].text.lower() for j in parsed.children(noun) if words[j].dep == "det"
        }
        if lower in {"is", "was", "isn't", "wasn't"} and words[noun].tag == "NNS":
            if determiners & SINGULAR_DETERMINERS:
                continue
            wanted, number = TO_PLURAL[lower], "plural"
        elif lower in TO_SINGULAR and words[noun].tag == "NN" and determiners & {"a", "an"}:
            wanted, number = TO_SINGULAR[lower], "singular"
        else:
            continue
        wanted = _cased(wanted, words[verb].text)
        yield GrammarMatch(
            rule_id="GRADER_THERE_IS_PLURAL",
            category="GRAMMAR",
            issue_type="grammar",
            message=f"‘{words[noun].text}’ is {number}: write ‘there {wanted.lower()}’.",
            suggestions=(wanted,),
            start=words[verb].start,
            end=words[verb].end,
        )


def introductory_clause_comma(text: str, parsed: Parsed) -> Iterator[GrammarMatch]:
    """Flag a fronted subordinate clause run into its main clause ("If you go there you")."""
    words = parsed.words
    for i, word in enumerate(words):
        if word.dep != "advcl" or word.head <= i:
            continue
        marks = [
            j
            for j in parsed.children(i)
            if words[j].dep == "mark" or (words[j].dep == "advmod" and words[j].tag == "WRB")
        ]
        if not marks or words[marks[0]].text.lower() not in SUBORDINATORS:
            continue
        clause = parsed.subtree(i)
        first, last = clause[0], clause[-1]
        if first != marks[0] or not _opens_clause(parsed, first):
            continue
        if last + 1 >= len(words) or last + 1 > word.head:
            continue
        after = words[last + 1]
        if after.pos == "PUNCT" or after.text.lower() in {"then", "and", "or", "but"}:
            continue
        main_subject = [
            j for j in parsed.children(word.head) if words[j].dep in SUBJECT_DEPS and j > last
        ]
        if not main_subject or (main_subject[0] != last + 1 and words[last + 1].pos != "DET"):
            continue
        if len(clause) < 3:
            continue  # "If so we": too short to need the comma
        if any(words[j].text == "," for j in range(last + 1, main_subject[0])):
            continue  # "When you work in your flat all day, you": the comma is where it ends
        end_word = words[last]
        yield GrammarMatch(
            rule_id="GRADER_COMMA_AFTER_INTRODUCTORY_CLAUSE",
            category="PUNCTUATION",
            issue_type="typographical",
            message=(
                f"Put a comma after the opening ‘{words[first].text} …’ clause, before the main "
                "clause begins."
            ),
            suggestions=(end_word.text + ",",),
            start=end_word.start,
            end=end_word.end,
        )


def comma_splice(text: str, parsed: Parsed) -> Iterator[GrammarMatch]:
    """Flag two sentences joined by a bare comma ("I have one sister, she is 15")."""
    words = parsed.words
    for c, comma in enumerate(words):
        if comma.text != "," or c + 2 >= len(words):
            continue
        subject = c + 1
        if words[subject].text.lower() not in SPLICE_SUBJECTS:
            continue
        if words[subject].dep not in SUBJECT_DEPS and words[subject].dep != "expl":
            continue
        second = words[subject].head
        if second <= subject or not _is_finite(parsed, second):
            continue
        if any(words[j].dep in {"mark", "cc"} for j in parsed.children(second) if j < subject):
            continue
        if words[second].lemma in REPORTING:
            continue
        if not _whole_clause_before(parsed, c):
            continue
        if c - _sentence_start(parsed, c) < MIN_SPLICE_WORDS:
            continue
        if _listed_after_colon(parsed, c):
            continue
        following = words[subject].text
        yield GrammarMatch(
            rule_id="GRADER_COMMA_SPLICE",
            category="PUNCTUATION",
            issue_type="typographical",
            message=(
                "Two sentences are joined by a comma alone: end the first with a full stop, "
                "or join them with a word such as ‘and’ or ‘because’."
            ),
            suggestions=(". " + following[:1].upper() + following[1:],),
            start=comma.start,
            end=words[subject].end,
        )


def fixed_phrases(text: str) -> Iterator[GrammarMatch]:
    """Flag the few fixed mistakes no engine knows: "numerous of", "the second world war"."""
    for pattern, fix, message in PHRASES:
        for found in pattern.finditer(text):
            wanted = fix(found)
            if wanted == found.group():
                continue
            yield GrammarMatch(
                rule_id="GRADER_FIXED_PHRASE",
                category="GRAMMAR" if "numerous" in found.group().lower() else "CASING",
                issue_type="grammar",
                message=message.format(wanted=wanted),
                suggestions=(wanted,),
                start=found.start(),
                end=found.end(),
            )


def _opens_clause(parsed: Parsed, i: int) -> bool:
    """Tell whether word i opens its sentence, or follows an opening "And," "But" or "So"."""
    words = parsed.words
    if words[i].opens_sentence:
        return True
    j = i - 1
    while j >= 0 and words[j].text in {",", "and", "And", "but", "But", "so", "So"}:
        j -= 1
    return j < i - 1 and (j < 0 or words[j + 1].opens_sentence)


def _whole_clause_before(parsed: Parsed, comma: int) -> bool:
    """Tell whether the words from the sentence's start to a comma are one main clause."""
    words = parsed.words
    start = _sentence_start(parsed, comma)
    for head in range(start, comma):
        word = words[head]
        if word.dep in {"advcl", "relcl", "acl", "csubj", "xcomp"}:
            continue
        if word.dep == "ccomp" and word.head < comma:
            continue  # "I said that it was", a clause inside the first one
        if word.lemma in REPORTING or not _is_finite(parsed, head):
            continue
        span = parsed.subtree(head)
        inside = [j for j in span if start <= j < comma]
        if (
            inside
            and min(inside) == start
            and words[comma - 1].end <= words[max(inside)].end
            and all(j < comma or j > comma for j in span)
            and max(span) < comma
            and any(words[j].dep in SUBJECT_DEPS for j in parsed.children(head))
            and not any(words[j].dep == "mark" for j in parsed.children(head))
        ):
            return True
    return False


def _listed_after_colon(parsed: Parsed, comma: int) -> bool:
    """Tell whether a comma separates clauses listed after a colon, the last joined by "and"
    or "or" ("does harm: it is expensive, it stifles choice and it teaches nothing")."""
    words = parsed.words
    start = _sentence_start(parsed, comma)
    colons = [j for j in range(start, comma) if words[j].text == ":"]
    # "Good Morning:\n\nThis is ..., I never": a greeting's colon on a line of its own lists nothing
    if not colons or any("\n" in words[j].text for j in range(colons[-1], comma)):
        return False
    end = next((j for j in range(comma + 1, len(words)) if words[j].opens_sentence), len(words))
    return any(words[j].text.lower() in {"and", "or"} for j in range(comma + 1, end))


def _head_before(parsed: Parsed, comma: int, second: int) -> int | None:
    """Return the main verb of the clause before a comma, when the second clause hangs on it."""
    words = parsed.words
    head = words[second].head
    if words[second].dep in {"conj", "parataxis", "ccomp"} and head < comma:
        return head
    if words[second].dep == "ROOT":
        # The parser may have cut the sentence at the comma itself: take the previous clause.
        previous = [j for j in range(comma) if words[j].dep == "ROOT"]
        if previous and not any(
            words[k].opens_sentence for k in range(previous[-1] + 1, comma + 2)
        ):
            return previous[-1]
    return None


def third_person(verb: str) -> str:
    """Return the he/she/it form of a verb's base form: go -> goes, try -> tries."""
    irregular = {"be": "is", "have": "has", "do": "does", "go": "goes"}
    if verb in irregular:
        return irregular[verb]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _finite_verb(parsed: Parsed, head: int) -> int | None:
    """Return the word of a clause's verb group that carries person and number, if any."""
    words = parsed.words
    for j in _verb_group(parsed, head):
        if words[j].tag in {"VBZ", "VBP"}:
            return j
        if words[j].text.lower() in {"was", "were", "wasn't", "weren't"}:
            return j
        if words[j].tag in {"MD", "VBD"}:
            return None
    return None


def _unsure_subject(parsed: Parsed, i: int) -> bool:
    """Tell whether a subject's number cannot be trusted: a title, a figure, "there"."""
    words = parsed.words
    word = words[i]
    lower = word.text.lower()
    if lower == "there" or lower.endswith("ics") or word.text in {"%", "per cent"}:
        return True
    if lower in {"which", "that"} and i > 0 and words[i - 1].text in {",", "(", "-", "–"}:
        return True  # ", which is why": the whole clause before, not the noun, is its subject
    subtree = parsed.subtree(i)
    if any(words[j].tag == "CD" or words[j].text in {'"', "“", "”", "‘", "’"} for j in subtree):
        return True
    if word.tag == "NNPS" or (word.pos == "PROPN" and word.text.endswith("s")):
        return True  # "Stalins paranoia was": a name missing its apostrophe, not a plural
    if word.text[:1].isupper() and lower.endswith("s") and _noun_follows(words, i):
        return True  # "Stalins biggest enemy was" opening a sentence: the same missing apostrophe
    # "Pretty Little Liars is": a capitalised plural inside a sentence is probably a title.
    return word.tag in {"NNS", "NNPS"} and word.text[:1].isupper() and not word.opens_sentence


def _unsure_pair(text: str, parsed: Parsed, i: int, verb: int) -> bool:
    """Tell whether the parse's link between a subject and its verb cannot be trusted.

    Each case was seen misread in the labelled essays of issue 36: a line break between them
    (a heading, "Evaluation", read as the subject of the next line's verb); a verb joined by
    "and" to a relative clause, which may belong to the main clause instead ("media has given a
    voice to people who were excluded and has exposed abuses"); a relative pronoun whose
    antecedent is a preposition's object, when the clause may describe an earlier noun
    ("equipment on their backs which was called a pack"); and a plural noun read as a verb
    ("save all the people in the houses lives").
    """
    words = parsed.words
    first, last = sorted((i, verb))
    if "\n" in text[words[first].end : words[last].start]:
        return True
    head = words[i].head
    if verb != _finite_verb(parsed, head) and words[head].dep == "relcl":
        return True  # the verb came through "conj" from a relative clause's verb
    if words[i].text.lower() in RELATIVE and words[head].dep == "relcl":
        return _object_before(parsed, words[head].head)
    return _noun_read_as_verb(parsed, i, verb)


def _object_before(parsed: Parsed, antecedent: int) -> bool:
    """Tell whether a relative clause's antecedent is the object of a preposition on a verb
    whose own object has the other number ("carrying equipment on their backs which"): the
    clause may describe either, and the parse cannot tell which."""
    words = parsed.words
    if words[antecedent].dep != "pobj":
        return False
    owner = words[words[antecedent].head].head
    if words[owner].pos not in {"VERB", "AUX"}:
        # "a disease in cows that affects": a phrase on a noun leaves that noun the antecedent
        return False
    nouns = [j for j in parsed.children(owner) if words[j].dep == "dobj"]
    plural = words[antecedent].tag in {"NNS", "NNPS"}
    return any(j < antecedent and (words[j].tag in {"NNS", "NNPS"}) != plural for j in nouns)


def _noun_read_as_verb(parsed: Parsed, i: int, verb: int) -> bool:
    """Tell whether an -s "verb" ends its clause right after another plural noun, far from its
    subject: a noun missing its possessive's apostrophe ("the houses lives") reads the same."""
    from lemminflect import getAllLemmas

    words = parsed.words
    word = words[verb]
    if word.tag != "VBZ" or not word.text.lower().endswith("s") or verb - i <= 1:
        return False
    if words[verb - 1].tag not in {"NNS", "NNPS"} or words[i].head != verb:
        return False  # "... and economics has given": an auxiliary, not a lone noun-like verb
    if not getAllLemmas(word.text.lower(), "NOUN"):
        return False
    return all(words[j].dep in {"punct", *SUBJECT_DEPS} for j in parsed.children(verb))


def _noun_follows(words: tuple[Word, ...], i: int) -> bool:
    """Tell whether an adjective or noun of another noun phrase follows word i directly."""
    return i + 1 < len(words) and words[i + 1].pos in {"ADJ", "NOUN"} and words[i + 1].head != i


def _unsure_verb(parsed: Parsed, verb: int) -> bool:
    """Tell whether a verb's form may be misread: a contraction, a past like "read", after "to"."""
    words = parsed.words
    word = words[verb]
    lower = word.text.lower()
    if "'" in lower or ("’" in lower and lower not in {"doesn’t", "don’t"}):
        return lower not in {"doesn't", "don't", "isn't", "aren't", "wasn't", "weren't"}
    if lower in SAME_IN_PAST:
        return True
    if word.tag == "VBP" and lower != word.lemma.lower() and lower not in TO_SINGULAR:
        return True
    before = words[verb - 1] if verb > 0 else None
    return before is not None and (
        before.tag in {"MD", "TO"} or (before.lemma in {"do", "will", "to"} and before.dep == "aux")
    )


def _is_finite(parsed: Parsed, head: int) -> bool:
    """Tell whether a clause's verb group has a tense: "he had", not "to have" or "having"."""
    words = parsed.words
    return any(words[j].tag in {"VBZ", "VBP", "VBD", "MD"} for j in _verb_group(parsed, head))


def _verb_group(parsed: Parsed, head: int) -> list[int]:
    """Return a clause's verb and its auxiliaries, in the order they are written."""
    words = parsed.words
    auxiliaries = (j for j in parsed.children(head) if words[j].dep in {"aux", "auxpass"})
    return sorted([head, *auxiliaries])


def _sentence_start(parsed: Parsed, i: int) -> int:
    """Return the index of the first word of the sentence word i is in."""
    words = parsed.words
    return next(j for j in range(i, -1, -1) if words[j].opens_sentence or j == 0)


def _is_singular_verb(verb: Word) -> bool:
    """Tell whether a finite verb has the he/she/it form (goes, is, was, has)."""
    return verb.tag == "VBZ" or verb.text.lower() in {"was", "wasn't"}


def _is_plural_verb(verb: Word, subject: Word) -> bool:
    """Tell whether a finite verb has the form a singular third-person subject cannot take."""
    lower = verb.text.lower()
    if lower in {"were", "weren't"}:
        return subject.text.lower() not in {"you"}
    return verb.tag == "VBP" and subject.text.lower() not in {"i", "you"}


def _subject_number(parsed: Parsed, i: int) -> tuple[str | None, str]:
    """Return "singular" or "plural" when a subject's number is certain, and what told it."""
    words = parsed.words
    word = words[i]
    lower = word.text.lower()
    if lower in RELATIVE and words[word.head].dep == "relcl":
        antecedent = words[word.head].head
        if words[antecedent].pos not in {"NOUN", "PROPN", "PRON"}:
            return None, ""
        return _subject_number(parsed, antecedent)[0], "rel"
    children = parsed.children(i)
    chain = _conjuncts(parsed, i)
    if len(chain) > 1 and max(chain) < word.head:
        joiners = {
            words[j].text.lower() for k in chain for j in parsed.children(k) if words[j].dep == "cc"
        }
        if joiners != {"and"} or any(words[j].text.lower() in {"each", "every"} for j in children):
            return None, ""
        return "plural", "conj"
    if any(words[j].dep == "cc" for j in children):
        return None, ""  # "he or his brother": the nearer noun decides, a matter of taste
    if any(words[j].dep == "prep" and words[j].text.lower() == "of" for j in children) and (
        lower in QUANTIFIERS or lower in EITHER_NUMBER or word.tag == "CD"
    ):
        return None, ""
    if word.dep == "csubj" or word.tag == "VBG":
        # "Being aware of the news are": a gerund is one activity
        return ("singular", "gerund") if word.tag == "VBG" else (None, "")
    if word.pos == "PRON":
        if lower in PLURAL_PRONOUNS:
            return "plural", "pron"
        if lower in SINGULAR_PRONOUNS:
            return "singular", "pron"
        return None, ""
    if word.pos not in {"NOUN", "PROPN"} or lower in EITHER_NUMBER:
        return None, ""
    determiners = {words[j].text.lower() for j in children if words[j].dep in {"det", "nummod"}}
    if PLURAL_WITHOUT_S.fullmatch(lower) and word.pos == "NOUN":
        return "plural", "noun"
    if word.tag in {"NNS", "NNPS"}:
        return (None, "") if determiners & SINGULAR_DETERMINERS else ("plural", "noun")
    if word.tag == "NN" and not determiners & PLURAL_DETERMINERS:
        return "singular", "noun"
    if word.tag == "NNP" and word.entity == "PERSON" and not word.text.endswith("s"):
        return "singular", "name"
    return None, ""


def _conjuncts(parsed: Parsed, i: int) -> list[int]:
    """Return a noun and the nouns coordinated with it ("gas, insurance and repairs")."""
    words = parsed.words
    found, todo = [i], [i]
    while todo:
        for j in parsed.children(todo.pop()):
            if words[j].dep == "conj" and (
                words[j].pos in {"NOUN", "PROPN", "PRON"} or words[j].tag == "VBG"
            ):
                found.append(j)
                todo.append(j)
    between = range(min(found), max(found))
    if len(found) > 1 and not any(words[j].text.lower() == "and" for j in between):
        return [i]  # "and" must join them: anything else is a parse to distrust
    return found


def _has_quantifier(parsed: Parsed, noun: int) -> bool:
    """Tell whether a noun is counted by a word that takes either number ("a lot of")."""
    words = parsed.words
    return any(words[j].text.lower() in {"lot", "number", "couple"} for j in parsed.subtree(noun))


def _subjunctive(parsed: Parsed, verb: int) -> bool:
    """Tell whether "were" may be a subjunctive: "if he were", "I wish she were"."""
    words = parsed.words
    clause_words = parsed.subtree(parsed.clause(verb))
    near = {words[j].text.lower() for j in clause_words if j < verb}
    head = words[parsed.clause(verb)].head
    return bool(near & SUBJUNCTIVE_MARKERS) or words[head].lemma == "wish"


def _subject_text(parsed: Parsed, i: int) -> str:
    """Return the subject's words as written, without a relative clause or long modifiers."""
    words = parsed.words
    kept = [j for j in parsed.subtree(i) if j <= i or words[j].dep in {"conj", "cc"}]
    if words[i].text.lower() in RELATIVE and words[words[i].head].dep == "relcl":
        return words[words[words[i].head].head].text
    first, last = min(kept), max(kept)
    return " ".join(w.text for w in words[first : last + 1])


def _cased(wanted: str, written: str) -> str:
    """Give a suggestion the capital the written word had."""
    return wanted[:1].upper() + wanted[1:] if written[:1].isupper() else wanted
