"""Parsing a batch ahead of the marking threads: the same parses, each text once, never stuck."""

from __future__ import annotations

import threading

from grader.engines.parser import ParseAhead, Parser, reached

TEXTS = [
    "Stalin ordered the arrests in 1937. Yezhov carried them out.",
    "The harvest failed and millions of peasants starved.",
    "Kirov was shot in Leningrad on 1 December 1934.",
    "Bukharin was arrested in 1937 and shot in 1938.",
]


def test_threads_get_the_parses_made_ahead_the_same_as_one_at_a_time() -> None:
    alone = [Parser().parse(text) for text in TEXTS]
    found: dict[int, object] = {}
    asking = Parser()
    with ParseAhead(iter(TEXTS), batch_size=2):

        def mark(i: int) -> None:
            reached(TEXTS[i])
            found[i] = asking.parse(TEXTS[i])

        threads = [threading.Thread(target=mark, args=(i,)) for i in range(len(TEXTS))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert [found[i] for i in range(len(TEXTS))] == alone
    assert asking._nlp is None  # every parse came from the batch: no pipeline of its own


def test_a_copied_essay_is_parsed_once_and_one_not_in_the_batch_by_the_thread() -> None:
    texts = [TEXTS[0], TEXTS[0], TEXTS[1]]
    with ParseAhead(iter(texts), batch_size=2):
        first = Parser().parse(TEXTS[0])
        again = Parser().parse(TEXTS[0])  # another thread, marking the copy
        other = Parser().parse("An essay the batch was never given.")
    assert again is first  # the batch's own parse, not a second one
    assert [w.text for w in other.words][:2] == ["An", "essay"]


def test_essays_passed_without_a_parse_do_not_hold_the_batch_up() -> None:
    texts = [f"Essay number {n} is about the purges of {1930 + n}." for n in range(40)]
    with ParseAhead(iter(texts), ahead=4, batch_size=2):
        for text in texts[:-1]:
            reached(text)  # an essay in another language, say: nothing parses it
        reached(texts[-1])
        last = Parser().parse(texts[-1])
    assert last.words[2].text == "39"
