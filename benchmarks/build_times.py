"""How long the author's build takes, cold and warm, and what the number check costs.

Run: python benchmarks/build_times.py [--runs 3]
Builds a copy of the book in a temporary folder and prints the median wall time of each
scenario and its ratio to the cold build. Targets: a prose-only rebuild under 30% of a cold
build (no re-execution); the number check adds under 10% to a cold build.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.book import CHAPTER, build, copy_book, edit

CHECK_OFF = "cold build, check off"  # markup still rewritten; no comparison, equation or figure


def timed(book: Path) -> float:
    start = time.perf_counter()
    result = build(book, ci=False)  # CI refuses the check-off configuration
    elapsed = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(result.output[-3000:])
    return elapsed


def scenarios(book: Path) -> dict[str, float]:
    shutil.rmtree(book / "_build", ignore_errors=True)
    times = {"cold build (empty _build)": timed(book)}
    times["unchanged rebuild"] = timed(book)
    edit(book / CHAPTER, "下面我们先介绍反向传播的概念。", "下面我们先介绍反向传播的基本概念。")
    times["prose-only edit"] = timed(book)
    edit(book / "bp/graph.py", '"""Nodes, and the graph', '"""Nodes and the graph')
    times["change to bp"] = timed(book)
    shutil.rmtree(book / "_build")
    edit(
        book / "_config.yml",
        "    language: zh_CN\n",
        "    language: zh_CN\n    numbercheck_enabled: false\n",
    )
    times[CHECK_OFF] = timed(book)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            runs.append(scenarios(copy_book(Path(folder))))
    medians = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    cold = medians["cold build (empty _build)"]
    print(f"jupyter-book build, median of {args.runs} runs")
    print(f"{'scenario':<28} {'median s':>9} {'vs cold':>8}")
    for name, seconds in medians.items():
        print(f"{name:<28} {seconds:>9.2f} {seconds / cold:>7.0%}")
    cost = cold / medians[CHECK_OFF] - 1
    print(f"the number check (bindings, equations, figure) adds {cost:.1%} to a cold build")


if __name__ == "__main__":
    main()
