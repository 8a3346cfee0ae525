"""Structure and readability findings on stories and letters, marked as the writing they are.

Reads ASAP prompts 7 and 8 (narratives, `PAES-data/{7,8}/test.tsv`) and the W&I+LOCNESS train
essays that are letters or stories, and counts the structure and readability findings per essay
under the general rubric with `genre: argument` (what every essay got before rubrics stated a
genre) and with the essay's own genre. Nothing is copied into the project: the findings, with
their essay ids and spans, go to the benchmark cache for reading.

W&I has no genre label. A letter opens with a greeting ("Dear ...", "Hi ...", "Hello ...") in its
first line; a story is an essay of 150 words or more with no greeting whose finite verbs are
mostly in the past tense (at least 60%, read from the parse) and which names or speaks of a
person ("I", "he", "she", "they" as subjects). Both rules were set by reading train essays.

    PYTHONPATH=$PWD .venv/bin/python -m benchmarks.genre_structure [--per-corpus 150] [--label X]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

from benchmarks.asap import CACHE, DATASETS, load_prompt, require
from grader.analysers.readability import analyse_readability
from grader.analysers.structure import analyse_structure
from grader.essay import Essay
from grader.kinds.readability import ReadabilityCriterion
from grader.kinds.structure import StructureCriterion
from grader.rubric.schema import Rubric
from grader.rubric_loader import load_rubric
from grader.services import Services

WI = DATASETS / "wi_locness" / "json"
GREETING = re.compile(r"^\s*(dear|hi|hello|hey|to whom)\b", re.IGNORECASE)
PAST_SHARE = 0.6
STORY_WORDS = 150
SEED = 36


def wi_kind(text: str, services: Services) -> str | None:
    """Tell whether a W&I essay is a letter, a story, or neither (None)."""
    if GREETING.match(text.splitlines()[0] if text.strip() else ""):
        return "letter"
    if len(text.split()) < STORY_WORDS:
        return None
    words = services.parser().parse(text).words
    finite = [w for w in words if w.tag in {"VBD", "VBZ", "VBP", "MD"}]
    past = sum(1 for w in finite if w.tag == "VBD")
    people = sum(
        1 for w in words if w.dep == "nsubj" and w.text.lower() in {"i", "he", "she", "they"}
    )
    if finite and past / len(finite) >= PAST_SHARE and people >= 3:
        return "narrative"
    return None


def corpora(per_corpus: int, services: Services) -> dict[str, list[tuple[str, str, str]]]:
    """Return (id, text, genre) for each corpus, a seeded sample of at most `per_corpus`."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for prompt in (7, 8):
        essays = [(e.essay_id, e.text, "narrative") for e in load_prompt(prompt)]
        found[f"ASAP {prompt}"] = random.Random(SEED).sample(essays, min(per_corpus, len(essays)))
    letters: list[tuple[str, str, str]] = []
    stories: list[tuple[str, str, str]] = []
    rows = []
    for level in "ABC":  # LOCNESS (N) has dev essays only
        path = require(WI / f"{level}.train.json")
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    random.Random(SEED).shuffle(rows)
    for row in rows:
        if len(letters) >= per_corpus and len(stories) >= per_corpus:
            break
        kind = wi_kind(row["text"], services)
        if kind == "letter" and len(letters) < per_corpus:
            letters.append((row["id"], row["text"], kind))
        elif kind == "narrative" and len(stories) < per_corpus:
            stories.append((row["id"], row["text"], kind))
    found["W&I letters"] = letters
    found["W&I stories"] = stories
    return found


def findings(text: str, rubric: Rubric, services: Services) -> list[tuple[str, int, int, str]]:
    """Return the structure and readability findings of one text under one rubric."""
    essay = Essay.from_text(text, student="bench")
    services.rubric = rubric
    structure = rubric.criterion("structure")
    readability = rubric.criterion("readability")
    assert isinstance(structure, StructureCriterion)
    assert isinstance(readability, ReadabilityCriterion)
    found = analyse_structure(essay, structure, services).findings
    found += analyse_readability(essay, readability, services).findings
    return [(f.code, f.start, f.end, f.message) for f in found]


def main() -> None:
    """Count the findings per essay under `argument` and under each essay's own genre."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--per-corpus", type=int, default=150)
    options.add_argument("--label", default="run", help="name of the findings file in the cache")
    args = options.parse_args()
    services = Services()
    general = load_rubric("general-essay")
    rubrics = {
        g: general.model_copy(update={"genre": g}) for g in ("argument", "narrative", "letter")
    }
    out_path = Path(CACHE) / f"genre-findings-{args.label}.jsonl"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    print("| corpus | essays | as | structure per essay | readability per essay |")
    print("|---|---:|---|---:|---:|")
    by_code: dict[str, Counter[str]] = {}
    with out_path.open("w", encoding="utf-8") as out:
        for name, essays in corpora(args.per_corpus, services).items():
            for mode in ("argument", "own"):
                counts: Counter[str] = Counter()
                for essay_id, text, genre in essays:
                    rubric = rubrics["argument" if mode == "argument" else genre]
                    for code, start, end, message in findings(text, rubric, services):
                        counts[code] += 1
                        record: dict[str, object] = {"corpus": name, "id": essay_id}
                        record["as"] = rubric.genre
                        record |= {"code": code, "start": start, "end": end, "message": message}
                        out.write(json.dumps(record) + "\n")
                n = max(len(essays), 1)
                structure = sum(v for k, v in counts.items() if k.startswith("structure."))
                readability = sum(v for k, v in counts.items() if k.startswith("readability."))
                shown = "argument" if mode == "argument" else "own genre"
                per_essay = f"{structure / n:.2f} | {readability / n:.2f}"
                print(f"| {name} | {len(essays)} | {shown} | {per_essay} |")
                by_code[f"{name} / {shown}"] = counts
    print()
    codes = sorted({c for counts in by_code.values() for c in counts})
    print("| code | " + " | ".join(by_code) + " |")
    print("|---|" + "---:|" * len(by_code))
    for code in codes:
        print(f"| {code} | " + " | ".join(str(c[code]) for c in by_code.values()) + " |")
    print(f"\nfindings written to {out_path}")


if __name__ == "__main__":
    main()
