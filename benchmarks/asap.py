"""The ASAP essays (../shared/datasets/asap_cts): loading, neutralising, splitting, measuring.

ASAP texts are anonymised: `@CAPS1`, `@PERSON2`, `@DATE1` ... stand for removed words. Left as
they are they would be flagged as misspellings and counted as odd words, so each is replaced
by an ordinary word of the same sort before the essay is analysed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import re
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader import __version__
from grader.essay import Essay
from grader.io.files import write_atomic
from grader.marking.pipeline import analyse, measures_by_kind
from grader.rubric.kind import kind_names
from grader.rubric.schema import Rubric
from grader.rubric_loader import load_rubric
from grader.services import Services

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
ASAP = DATASETS / "asap_cts"
PROMPTS = range(1, 9)
SEED = 2024
TEST_SHARE = 0.2
CACHE = Path(os.environ.get("GRADER_BENCH_CACHE", Path.home() / ".cache" / "grader-bench"))

STAND_INS = {
    "PERSON": "Alex",
    "ORGANIZATION": "Acme",
    "LOCATION": "Springfield",
    "CITY": "Springfield",
    "STATE": "Ohio",
    "COUNTRY": "France",
    "DATE": "Monday",
    "TIME": "noon",
    "MONEY": "ten dollars",
    "PERCENT": "ten percent",
    "NUM": "three",
    "MONTH": "June",
    "CAPS": "Smith",
    "DR": "Dr Lee",
    "EMAIL": "the email",
    "STREET": "Main Street",
    "LOCATION_": "Springfield",
}
TOKEN = re.compile(r"@([A-Z]+?)_?\d+")


def neutralise(text: str) -> str:
    """Replace ASAP's anonymisation tokens with ordinary words of the same sort."""
    return TOKEN.sub(lambda m: STAND_INS.get(m.group(1), "Smith"), text)


@dataclass(frozen=True)
class AsapEssay:
    """One ASAP essay with its resolved human score."""

    essay_id: str
    prompt: int
    text: str
    score: float


def require(path: Path) -> Path:
    """Stop with a clear message when a dataset file is not there."""
    if not path.exists():
        sys.exit(f"benchmark: cannot find {path} (see ../shared/datasets/README.md)")
    return path


def load_prompt(prompt: int) -> list[AsapEssay]:
    """Read every essay of one prompt with its `domain1_score`."""
    path = require(ASAP / "PAES-data" / str(prompt) / "test.tsv")
    with path.open(encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        AsapEssay(row["essay_id"], prompt, neutralise(row["essay"]), float(row["domain1_score"]))
        for row in rows
        if row.get("domain1_score", "").strip()
    ]


def split(essays: Sequence[AsapEssay]) -> tuple[list[AsapEssay], list[AsapEssay]]:
    """Split one prompt's essays into a training pool and a test part, with a fixed seed."""
    shuffled = sorted(essays, key=lambda e: e.essay_id)
    random.Random(SEED).shuffle(shuffled)
    cut = round(len(shuffled) * (1 - TEST_SHARE))
    return shuffled[:cut], shuffled[cut:]


RUBRIC_TEXT = "extends: general-essay\ntitle: General essay (US)\nlanguage: en-US\n"


# The general essay rubric as it was before levels came from evidence: each level from one
# measure, on four levels, equal weights. The agreement benchmark prints it beside today's.
BEFORE_RUBRIC_TEXT = """\
title: General essay before evidence (US)
language: en-US
word_count: {min: 500, max: 1200}
criteria:
  - id: structure
    name: Structure
    kind: structure
    paragraphs: {min: 4, max: 8}
    measure: structure_score
    levels:
      - {score: 4, label: Well organised, min: 0.85}
      - {score: 3, label: Organised, min: 0.65, max: 0.85}
      - {score: 2, label: Partly organised, min: 0.45, max: 0.65}
      - {score: 1, label: Disorganised, max: 0.45}
  - id: readability
    name: Readability
    kind: readability
    target_grade: {min: 8, max: 12}
    measure: grade_distance
    levels:
      - {score: 4, label: Well matched, max: 1}
      - {score: 3, label: Mostly suited, min: 1, max: 2.5}
      - {score: 2, label: Uneven, min: 2.5, max: 4}
      - {score: 1, label: Poorly matched, min: 4}
  - id: mechanics
    name: Spelling, punctuation and grammar
    kind: mechanics
    measure: errors_per_100_words
    levels:
      - {score: 4, label: Accurate, max: 1}
      - {score: 3, label: Mostly accurate, min: 1, max: 2.5}
      - {score: 2, label: Often inaccurate, min: 2.5, max: 5}
      - {score: 1, label: Inaccurate, min: 5}
grades:
  - {min: 80, grade: A}
  - {min: 70, grade: B}
  - {min: 60, grade: C}
  - {min: 50, grade: D}
  - {min: 40, grade: E}
  - {min: 0, grade: U}
"""


# The general essay rubric with the clarity and mechanics evidence of issue 14 (fitted to these
# data sets, where length predicts every mark), written out so that the agreement benchmark
# prints it beside today's defaults, which take length out of both (issue 34).
ISSUE_14_RUBRIC_TEXT = """\
extends: general-essay
title: General essay, issue 14 weights (US)
language: en-US
criteria:
  - id: structure
    name: Structure
    kind: structure
    weight: 2
    paragraphs: {min: 4, max: 8}
  - id: readability
    name: Clarity and vocabulary
    kind: readability
    weight: 3
    target_grade: {min: 8, max: 12}
    evidence:
      - {label: Range of vocabulary, measure: unique_words, worst: 40, best: 300, weight: 8}
      - {label: Ambitious words used, measure: long_words, worst: 5, best: 150, weight: 8}
      - {label: Lexical diversity, measure: mtld, worst: 40, best: 160, weight: 3}
      - {label: Precise words, measure: long_word_share, worst: 0.08, best: 0.28, weight: 0.5}
      - {label: Word length, measure: mean_word_letters, worst: 4, best: 5, weight: 0.5}
      - {label: Varied sentences, measure: sentence_length_spread, worst: 2, best: 8, weight: 1}
      - {label: Readable length, measure: long_sentence_share, worst: 0.3, best: 0, weight: 0.5}
      - {label: Reading grade, measure: grade_distance, worst: 4, best: 0, weight: 0.5}
      - {label: Active sentences, measure: passive_share, worst: 0.5, best: 0.1, weight: 0.5}
  - id: mechanics
    name: Spelling, punctuation and grammar
    kind: mechanics
    weight: 2
    evidence:
      - {label: Errors, measure: errors_per_100_words, worst: 2, best: 0, weight: 1}
      - {label: Grammar, measure: grammar_per_100_words, worst: 1, best: 0, weight: 0.5}
      - {label: Spelling, measure: spelling_per_100_words, worst: 1.5, best: 0, weight: 0.5}
      - {label: Punctuation, measure: punctuation_per_100_words, worst: 1, best: 0, weight: 0.5}
      - {label: Suggestions, measure: suggestions_per_100_words, worst: 2, best: 0, weight: 0.5}
      - {label: Length, measure: minimum_share, worst: 0, best: 1, weight: 3, scales: true}
"""


def issue_14_rubric() -> Rubric:
    """The general essay rubric with issue 14's length-weighted clarity and mechanics."""
    return _cached_rubric("general-essay-issue-14.yaml", ISSUE_14_RUBRIC_TEXT)


def bench_rubric() -> Rubric:
    """The rubric the benchmark measures with: the general essay rubric, in US English."""
    return _cached_rubric("general-essay-en-us.yaml", RUBRIC_TEXT)


def before_rubric() -> Rubric:
    """The general essay rubric as it scored before levels came from evidence."""
    return _cached_rubric("general-essay-before-evidence.yaml", BEFORE_RUBRIC_TEXT)


def _cached_rubric(name: str, text: str) -> Rubric:
    """Write a benchmark rubric into the cache folder (once) and load it."""
    path = CACHE / name
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        write_atomic(path, text)  # workers start at once and read it
    return load_rubric(str(path))


_worker: dict[str, Any] = {}


def _start_worker() -> None:
    """Create the slow services and read the rubric once per worker process."""
    _worker["services"] = Services()
    _worker["rubric"] = bench_rubric()


def measure(text: str, rubric: Rubric, services: Services) -> dict[str, dict[str, float]]:
    """Analyse a text as `grader mark` does; return measures by kind."""
    essay = Essay.from_text(text, student="asap")
    return measures_by_kind(analyse(essay, rubric, services), rubric)


def _measure_in_worker(text: str) -> dict[str, dict[str, float]]:
    """Measure one text in a worker process."""
    return measure(text, _worker["rubric"], _worker["services"])


def cache_file(name: str) -> Path:
    """Name the measures cache for this grader version and the kinds it can analyse."""
    kinds = ",".join(sorted(kind_names()))
    settings = f"{__version__}|{kinds}|{RUBRIC_TEXT}|{_source_digest()}"
    key = hashlib.sha256(settings.encode()).hexdigest()[:12]
    return CACHE / f"{name}-{key}.jsonl"


def _source_digest() -> str:
    """Digest the code that computes measures, so a changed analyser is measured afresh."""
    root = Path(__file__).resolve().parent.parent / "grader"
    digest = hashlib.sha256()
    for folder in ("analysers", "engines"):
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.read_bytes())
    digest.update((root / "essay.py").read_bytes())
    return digest.hexdigest()


def measured(name: str, texts: dict[str, str], jobs: int = 2) -> dict[str, Any]:
    """Measure texts by id, reusing the cache; run the rest on `jobs` processes."""
    path = cache_file(name)
    done: dict[str, Any] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            done[record["id"]] = record["measures"]
    todo = [key for key in texts if key not in done]
    if todo:
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"measuring {len(todo)} texts for {name} ({len(done)} cached) ...", file=sys.stderr)
        with (
            path.open("a", encoding="utf-8") as out,
            ProcessPoolExecutor(jobs, initializer=_start_worker) as pool,
        ):
            for n, (key, result) in enumerate(
                zip(
                    todo,
                    pool.map(_measure_in_worker, (texts[k] for k in todo), chunksize=8),
                    strict=True,
                ),
                start=1,
            ):
                done[key] = result
                out.write(json.dumps({"id": key, "measures": result}) + "\n")
                if n % 500 == 0:
                    print(f"  {n}/{len(todo)}", file=sys.stderr)
    return done


def all_essays() -> Iterator[AsapEssay]:
    """Every essay of every prompt."""
    for prompt in PROMPTS:
        yield from load_prompt(prompt)
