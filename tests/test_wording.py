"""Word helpers shared by the marking threads: stems are the same whatever runs beside them."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import snowballstemmer

from grader.analysers import wording

ROOTS = "nation arrest govern connect relate form act move press invent collect".split()
ENDINGS = "al alization ational ations ement ements fulness iveness ousness ingly edly".split()


@contextmanager
def switching_often() -> Iterator[None]:
    """Let the interpreter switch threads every microsecond, as a loaded machine does."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def test_threads_stemming_different_words_at_once_get_the_stems_one_thread_gets() -> None:
    words = [f"{root}{ending}{n}" for n in range(40) for root in ROOTS for ending in ENDINGS]
    reference = snowballstemmer.stemmer("english")
    expected = {word: reference.stemWord(word) for word in words}
    wording.stem.cache_clear()  # every word must reach a stemmer, not the cache
    found: dict[str, str] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(4)

    def stem_share(share: list[str]) -> None:
        start.wait()
        try:
            for word in share:
                found[word] = wording.stem(word)
        except Exception as error:  # the race may raise as well as give a wrong stem
            failures.append(error)

    with switching_often():
        threads = [threading.Thread(target=stem_share, args=(words[i::4],)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not failures
    assert found == expected
