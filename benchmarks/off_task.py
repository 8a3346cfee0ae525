"""Does grader tell an essay that answers its task from one that does not? ASAP's 8 prompts.

Each prompt gets the general rubric with `task:` set to that prompt's question, in one or two
sentences written here from the published ASAP prompt. Every essay is judged against its own
prompt's task (it should not be flagged) and against each other prompt's (it should be).

    .venv/bin/python -m benchmarks.off_task            # the test parts (the report)
    .venv/bin/python -m benchmarks.off_task --train    # the training pools (for tuning)
    .venv/bin/python -m benchmarks.off_task --train --sweep   # and other thresholds beside
    .venv/bin/python -m benchmarks.off_task --marked 50       # calibrated on 50 marked essays

With `--marked N`, each prompt's rubric also carries the words N of its training essays (the
teacher's marked essays, drawn at random with the prompt's number as seed) use for the task,
learned as `grader calibrate` learns them (`task_words`); those N essays are never judged.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
from pathlib import Path

import yaml

from benchmarks.asap import load_prompt, split
from grader.marking.task import judge_task, learn_task_words
from grader.rubric.schema import Rubric, TaskWords
from grader.rubric_loader import load_rubric

TASKS = {
    1: "Write a letter to your local newspaper giving your opinion on the effects computers "
    "have on people. Persuade the readers to agree with you.",
    2: "Write a persuasive essay for a newspaper on censorship in libraries: should books, music, "
    "movies or magazines be removed from the shelves if they are found offensive?",
    3: "Explain how the features of the setting affect the cyclist in the story 'Rough Road "
    "Ahead: Do Not Exceed Posted Speed Limit', with examples from the story.",
    4: "Explain why the author ends the story 'Winter Hibiscus' with Saeng's vow to take the "
    "test again in the spring, when the snows melt, the geese return and the hibiscus is budding.",
    5: "Describe the mood the author creates in the memoir 'Narciso Rodriguez' from Home: The "
    "Blueprints of Our Lives, with information from the memoir.",
    6: "Describe the obstacles the builders of the Empire State Building faced in allowing "
    "dirigibles to dock at its mooring mast, from the excerpt 'The Mooring Mast'.",
    7: "Write a story about a time when you or someone you know was patient: understanding and "
    "tolerant, facing difficulties without complaining.",
    8: "Tell a true story in which laughter was one part: we all understand the benefits of "
    "laughter, and many believe it is important in any relationship.",
}


def rubric_for(prompt: int, folder: Path, learned: TaskWords | None = None) -> Rubric:
    """Write and load the general rubric with one prompt's task (and the class's words)."""
    path = folder / f"asap-{prompt}.yaml"
    words = yaml.safe_dump({"task_words": learned.model_dump()}) if learned else ""
    path.write_text(
        f"extends: general-essay\ntitle: ASAP prompt {prompt}\nlanguage: en-US\n"
        f"task: {TASKS[prompt]!r}\n{words}",
        encoding="utf-8",
    )
    return load_rubric(str(path))


def main() -> None:
    """Print the table of flagged shares, own prompt on the diagonal."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", action="store_true", help="the training pools, for tuning")
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds")
    parser.add_argument("--marked", type=int, default=0, help="calibrate on N marked essays")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rubrics = {}
        essays = {}
        for p in TASKS:
            pool, test = split(load_prompt(p))
            marked = random.Random(p).sample(pool, args.marked) if args.marked else []
            learned = learn_task_words([e.text for e in marked]) if marked else None
            rubrics[p] = rubric_for(p, Path(tmp), learned)
            chosen = {e.essay_id for e in marked}
            essays[p] = [e for e in pool if e.essay_id not in chosen] if args.train else test
        part = "training pools" if args.train else "test parts"
        if args.marked:
            part += f", each task calibrated on {args.marked} marked essays"
        print(f"Share flagged as not answering the task (ASAP {part}; row: essays, column: task)")
        print("essays " + "".join(f"{q:>7}" for q in TASKS) + "  judged")
        own: list[float] = []
        other: list[float] = []
        scores: dict[tuple[int, int], list[float]] = {}
        for p, group in essays.items():
            row = []
            judged = 0
            for q, rubric in rubrics.items():
                verdicts = [judge_task(e.text, rubric) for e in group]
                said = [v for v in verdicts if v is not None]
                typical = rubric.task_words.typical if rubric.task_words else 1.0
                scores[(p, q)] = [v.score / typical for v in said]
                judged = len(said)
                share = sum(1 for v in said if not v.answers) / max(len(said), 1)
                row.append(share)
                (own if p == q else other).append(share)
            print(f"{p:>6} " + "".join(f"{s:>7.3f}" for s in row) + f"  {judged}/{len(group)}")
        print(
            f"own prompt flagged: mean {statistics.mean(own):.3f}, worst {max(own):.3f}; "
            f"other prompts flagged: mean {statistics.mean(other):.3f}, worst {min(other):.3f}"
        )
        if args.sweep:
            sweep(scores, marked=bool(args.marked))


def sweep(scores: dict[tuple[int, int], list[float]], marked: bool) -> None:
    """Print the flagged shares other thresholds would give (of the typical score, if marked)."""
    print("threshold  own prompt flagged (worst)  other prompts flagged (worst)")
    fixed = (0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.008)
    shares = (0.05, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3)
    for threshold in shares if marked else fixed:
        own: list[float] = []
        other: list[float] = []
        for (p, q), values in scores.items():
            share = sum(1 for v in values if v < threshold) / max(len(values), 1)
            (own if p == q else other).append(share)
        print(
            f"{threshold:>9}  {statistics.mean(own):.3f} ({max(own):.3f})"
            f"{'':>14}{statistics.mean(other):.3f} ({min(other):.3f})"
        )


if __name__ == "__main__":
    main()
