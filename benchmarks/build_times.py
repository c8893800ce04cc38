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

from scripts.build import CHAPTER, build, copy_book, edit

CHECK_OFF = "cold build, check off"  # markup still rewritten; no comparison, equation or figure


def timed(book: Path) -> float:
    start = time.perf_counter()
    result = build(book, editions=("zh",), ci=False)  # CI refuses the check-off configuration
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


def check_cost(book: Path, runs: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Cold builds with the check on and off, alternated so that a machine whose load drifts
    (other builds on a shared machine) weighs on both alike; wall and CPU seconds of each.
    """
    config = book / "_config.yml"
    on_text = config.read_text(encoding="utf8")
    off_text = on_text.replace(
        "    language: zh_CN\n", "    language: zh_CN\n    numbercheck_enabled: false\n", 1
    )
    wall = {True: [], False: []}
    cpu = {True: [], False: []}
    for index in range(2 * runs):
        check = index % 4 in (0, 3)  # on, off, off, on, …
        config.write_text(on_text if check else off_text, encoding="utf8")
        shutil.rmtree(book / "_build", ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall[check].append(timed(book))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[check].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    config.write_text(on_text, encoding="utf8")
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
