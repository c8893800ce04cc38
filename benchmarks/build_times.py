"""How long the author's build takes, cold and warm, and what the number check costs.

Run: python -m benchmarks.build_times [--runs 3] [--check-only]
Builds a copy of the book in a temporary folder and prints the median wall time of each
scenario and its ratio to the cold build; then cold builds with the check on and off,
alternated, with their wall and CPU seconds (all processes: Sphinx, kernels, KaTeX, the
formula parser). Targets: a prose-only rebuild under 30% of a cold build (no re-execution);
the number check, equations included, adds under 10% to a cold build.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from scripts.build import CHAPTER
from scripts.sandbox import build, copy_book, edit

CHECK_OFF = "cold build, check off"  # markup still rewritten; no comparison, equation or figure


def check(enabled: bool) -> dict:
    """The configuration change that switches the number check on or off."""
    return {"sphinx": {"config": {"numbercheck_enabled": enabled}}}


def timed(book: Path, config: dict | None = None) -> float:
    """Seconds to build the Chinese edition of ``book`` (with ``config`` merged in first)."""
    start = time.perf_counter()
    # ci=False: CI refuses the check-off configuration.
    result = build(book, config=config, editions=("zh",), ci=False)
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
    times[CHECK_OFF] = timed(book, check(False))
    return times


def check_cost(book: Path, runs: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Cold builds with the check on and off, alternated so that a machine whose load drifts
    (other builds on a shared machine) weighs on both alike; wall and CPU seconds of each.
    """
    wall = {True: [], False: []}
    cpu = {True: [], False: []}
    for index in range(2 * runs):
        on = index % 4 in (0, 3)  # on, off, off, on, …
        shutil.rmtree(book / "_build", ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall[on].append(timed(book, check(on)))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[on].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall[True], wall[False], cpu[True], cpu[False]


def print_scenarios(count: int) -> None:
    runs: list[dict[str, float]] = []
    for _ in range(count):
        with tempfile.TemporaryDirectory() as folder:
            runs.append(scenarios(copy_book(Path(folder))))
    medians = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    cold = medians["cold build (empty _build)"]
    print(f"jupyter-book build, median of {count} runs")
    print(f"{'scenario':<28} {'median s':>9} {'vs cold':>8}")
    for name, seconds in medians.items():
        print(f"{name:<28} {seconds:>9.2f} {seconds / cold:>7.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check-only", action="store_true", help="only the check's cost")
    args = parser.parse_args()
    if not args.check_only:
        print_scenarios(args.runs)
    with tempfile.TemporaryDirectory() as folder:
        wall_on, wall_off, cpu_on, cpu_off = check_cost(copy_book(Path(folder)), args.runs)
    print(f"\nthe number check on a cold build, {args.runs} alternated pairs (medians)")
    print(f"{'':<28} {'check on':>9} {'off':>8} {'added':>7}")
    for name, on, off in (
        ("wall s", wall_on, wall_off),
        ("CPU s (all processes)", cpu_on, cpu_off),
    ):
        on, off = statistics.median(on), statistics.median(off)
        print(f"{name:<28} {on:>9.2f} {off:>8.2f} {on / off - 1:>7.1%}")


if __name__ == "__main__":
    main()
