"""Same results as before a change: mark essays with an earlier checkout and with this one.

    git worktree add /tmp/before REV
    .venv/bin/python -m benchmarks.identical --before /tmp/before --essays 200 --jobs 2

Marks the samples (with the history rubric and its fact sheet) and the first N essays of ASAP
prompts 1 and 2 (../shared/datasets/asap_cts, with the general rubric) twice, with
`python -m grader mark --no-cache`: once with the code at --before, once with this checkout,
each with its own options. Then compares every file written (each report, index.html,
grades.csv, results.json) byte for byte and prints what differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.asap import load_prompt
from benchmarks.cpu_probe import probe

ROOT = Path(__file__).resolve().parent.parent


def write_asap(folder: Path, count: int) -> None:
    """Write the first `count` essays of prompts 1 and 2 as text files."""
    folder.mkdir(parents=True)
    essays = [*load_prompt(1), *load_prompt(2)]
    for essay in sorted(essays, key=lambda e: (e.prompt, int(e.essay_id)))[:count]:
        (folder / f"asap_{essay.prompt}_{essay.essay_id}.txt").write_text(
            essay.text, encoding="utf-8"
        )


def mark(code: Path, essays: Path, rubric: str, out: Path, options: list[str]) -> float:
    """Run `grader mark` with the code at `code`; return its wall time."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "grader", "mark", str(essays), "--rubric", rubric]
    subprocess.run(
        [*command, "--out", str(out), "--no-cache", "-q", *options],
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def compare(before: Path, after: Path) -> list[str]:
    """List the files that differ, or exist on one side only."""
    names = {p.name for p in before.glob("*") if p.is_file()}
    names |= {p.name for p in after.glob("*") if p.is_file()}
    return sorted(
        name
        for name in names
        if not (before / name).is_file()
        or not (after / name).is_file()
        or (before / name).read_bytes() != (after / name).read_bytes()
    )


def main() -> None:
    """Mark both sets with both checkouts and print the comparison."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the earlier code")
    parser.add_argument("--essays", type=int, default=200)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--before-options", default="", help="options for the earlier code")
    parser.add_argument("--options", default="", help="options for this checkout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        asap = Path(scratch) / "asap"
        write_asap(asap, args.essays)
        sets = [
            ("samples", ROOT / "samples", "history-essay-great-terror"),
            (f"{args.essays} ASAP essays", asap, "general-essay"),
        ]
        print(probe())
        differing = 0
        for label, folder, rubric in sets:
            out = Path(scratch) / label.replace(" ", "_")
            jobs = ["--jobs", args.jobs]
            then = mark(
                args.before, folder, rubric, out / "before", jobs + args.before_options.split()
            )
            now = mark(ROOT, folder, rubric, out / "after", jobs + args.options.split())
            files = len(list((out / "after").glob("*")))
            differ = compare(out / "before", out / "after")
            differing += len(differ)
            print(
                f"{label}: {files} files, {len(differ)} differ "
                f"(before {then:.1f} s, now {now:.1f} s)"
            )
            for name in differ[:10]:
                print(f"  differs: {name}")
        print(probe())
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
