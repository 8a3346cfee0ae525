"""Does grader tell an essay that answers its task from one that does not? ASAP's 8 prompts.

Each prompt gets the general rubric with `task:` set to that prompt's question, in one or two
sentences written here from the published ASAP prompt. Every essay is judged against its own
prompt's task (it should not be flagged) and against each other prompt's (it should be).

    .venv/bin/python -m benchmarks.off_task            # the test parts (the report)
    .venv/bin/python -m benchmarks.off_task --train    # the training pools (for tuning)
    .venv/bin/python -m benchmarks.off_task --train --sweep   # and other thresholds beside
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmarks.asap import load_prompt, split
from grader.marking.task import judge_task
from grader.rubric.schema import Rubric
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


def rubric_for(prompt: int, folder: Path) -> Rubric:
    """Write and load the general rubric with one prompt's task."""
    path = folder / f"asap-{prompt}.yaml"
    path.write_text(
        f"extends: general-essay\ntitle: ASAP prompt {prompt}\nlanguage: en-US\n"
        f"task: {TASKS[prompt]!r}\n",
        encoding="utf-8",
    )
    return load_rubric(str(path))


def main() -> None:
    """Print the table of flagged shares, own prompt on the diagonal."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", action="store_true", help="the training pools, for tuning")
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rubrics = {p: rubric_for(p, Path(tmp)) for p in TASKS}
        essays = {}
        for p in TASKS:
            pool, test = split(load_prompt(p))
            essays[p] = pool if args.train else test
        part = "training pools" if args.train else "test parts"
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
                scores[(p, q)] = [v.score for v in said]
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
            sweep(scores)


def sweep(scores: dict[tuple[int, int], list[float]]) -> None:
    """Print the flagged shares other thresholds on the task's words would give."""
    print("threshold  own prompt flagged (worst)  other prompts flagged (worst)")
    for threshold in (0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.008):
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
