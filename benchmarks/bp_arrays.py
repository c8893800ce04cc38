"""Forward + backward of the chapter's chain on 10⁶ float64 inputs: bp vs hand-written numpy.

Run: python -m benchmarks.bp_arrays [--size N] [--rounds R] [--calls C] [--before DIR]
     [--clock cpu|wall] [--huge-pages]

A ratio measured in one process depends on the memory allocator's state: whether an array
comes back from the heap or faults in fresh pages from the kernel, which depends on what
else is on the heap. So every contender is timed in fresh processes of its own, with
nothing else on the heap, after warm-up calls, in three regimes:

- steady, default allocator: each contender settles into its own pattern, as when it runs
  alone; glibc's heuristics (its mmap threshold adapts, the heap is trimmed when the free
  memory on top passes a threshold) decide which arrays come back from the heap;
- steady, warm heap: the best case for all, with nothing luck can change: every array
  comes from the heap, which is never trimmed (``MALLOC_MMAP_MAX_=0``,
  ``MALLOC_TRIM_THRESHOLD_``), so after warm-up no call faults and the time is computation;
- fresh pages: the worst case for all: ``MALLOC_MMAP_THRESHOLD_`` fixes glibc's threshold
  low, so every large array is mapped on allocation and unmapped when freed, and every call
  faults in every page it touches: each array a contender allocates costs in full.

Each regime prints the median time per call, the ratio to hand-written numpy, and the minor
page faults per call (``resource.getrusage``, ``ru_minflt``). The target is bp within 1.2×
of numpy in every regime; the table only reports, it asserts nothing. Contenders take
turns, one fresh process each per round, so that a change in the machine's load hits all
alike. ``--before DIR`` also times the bp package found in DIR (``git worktree add --detach
/tmp/bp-main main``, say) in the same run. torch CPU autograd is timed too where installed.
The peak memory column (tracemalloc, numpy's own allocations) is a multiple of the input's
size. Glibc's ``MALLOC_*`` variables do nothing under another C library: there all three
regimes are the default allocator's.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

Run = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}
# The environment each regime's processes run in (glibc reads these at start-up).
# The environment each regime's processes start with (glibc reads these at start-up).
REGIMES = {
    "steady, default allocator": {},
    "steady, warm heap": {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": str(2**40)},
    "fresh pages": {"MALLOC_MMAP_THRESHOLD_": "131072"},
}
# numpy advises the kernel to back large arrays with huge pages; whether it can depends on
# where an array lands, so fault counts (and times) would be luck. Off unless --huge-pages.
NO_HUGE_PAGES = {"NUMPY_MADVISE_HUGEPAGE": "0"}
NUMPY = "numpy by hand"
TORCH = "torch autograd (CPU, 1 thread)"


@contextmanager
def bp_from(directory: Path) -> Iterator[ModuleType]:
    """The ``bp`` package in ``directory``, imported while the block runs, then put away."""
    saved = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "bp"}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    try:
        yield importlib.import_module("bp")
    finally:
        sys.path.remove(str(directory))
        for name in [n for n in sys.modules if n.split(".")[0] == "bp"]:
            del sys.modules[name]
        sys.modules.update(saved)


def with_bp(bp: ModuleType) -> Run:
    """Equation (1.3.5) as a bp graph: A = X+1, B = A², C = ln B, D = √C, E = D − 1."""
    X = bp.Input("X")
    A = bp.AddConstant(1)(X, name="A")
    B = bp.Square()(A, name="B")
    C = bp.Ln()(B, name="C")
    D = bp.Sqrt()(C, name="D")
    graph = bp.Graph(bp.SubtractConstant(1)(D, name="E"))

    def run(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        values = graph.forward(X=x)
        return values["E"], graph.backward(values)["X"]

    return run


def by_hand(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same maths with no graph: forward, then the chain rule written out."""
    A = x + 1
    B = A * A
    C = np.log(B)
    D = np.sqrt(C)
    E = D - 1
    grad_C = 1.0 / (2.0 * D)
    grad_B = grad_C / B
    grad_X = grad_B * (2.0 * A)
    return E, grad_X


def with_torch(torch: ModuleType) -> Run:
    # One thread, like numpy's ufuncs; idle OpenMP workers would also spin and slow
    # down whichever contender runs next.
    torch.set_num_threads(1)

    def run(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        X = torch.from_numpy(x).requires_grad_(True)
        E = torch.sqrt(torch.log((X + 1) ** 2)) - 1
        E.backward(torch.ones_like(E))
        return E.detach().numpy(), X.grad.numpy()

    return run


def contender(name: str, before: Path | None) -> Run:
    """The implementation called ``name`` (as the table prints it)."""
    if name == NUMPY:
        return by_hand
    if name == TORCH:
        return with_torch(importlib.import_module("torch"))
    if before is not None and name == f"bp before ({before})":
        with bp_from(before) as old:
            return with_bp(old)
    import bp

    return with_bp(bp)


def names(before: Path | None) -> list[str]:
    """Every contender that can run here: numpy by hand, bp (and its older self), torch."""
    found = [NUMPY]
    if before is not None:
        found.append(f"bp before ({before})")
    found.append("bp")
    try:
        importlib.import_module("torch")
        found.append(TORCH)
    except ImportError:
        pass
    return found


def time_calls(run: Run, x: np.ndarray, calls: int, clock: Callable[[], float]) -> dict:
    """``calls`` timed calls after three untimed ones: their times, faults per call, peak."""
    for _ in range(3):
        run(x)
    seconds = []
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(calls):
        start = clock()
        run(x)
        seconds.append(clock() - start)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    tracemalloc.start()
    try:
        run(x)
        peak = tracemalloc.get_traced_memory()[1] / x.nbytes
    finally:
        tracemalloc.stop()
    return {"seconds": seconds, "faults": faults / calls, "peak": peak}


def child(args: argparse.Namespace) -> None:
    """One contender in this fresh process: print its measurements as JSON."""
    x = np.random.default_rng(0).uniform(0.5, 10.0, args.size)
    run = contender(args.child, args.before)
    for got, expected in zip(run(x), by_hand(x), strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15, err_msg=args.child)
    del got, expected  # nothing but x stays on the heap to change where the timed calls land
    print(json.dumps(time_calls(run, x, args.calls, CLOCKS[args.clock])))


def measure(args: argparse.Namespace, regime: str, name: str) -> dict:
    """One contender in a fresh process started in ``regime``'s environment."""
    command = [sys.executable, "-m", "benchmarks.bp_arrays", "--child", name]
    command += ["--size", str(args.size), "--calls", str(args.calls), "--clock", args.clock]
    if args.before is not None:
        command += ["--before", str(args.before)]
    env = {**os.environ, **REGIMES[regime], **({} if args.huge_pages else NO_HUGE_PAGES)}
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{name} ({regime}) failed:\n{result.stderr}")
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5, help="fresh processes per contender")
    parser.add_argument("--calls", type=int, default=10, help="timed calls per process")
    parser.add_argument("--before", type=Path, help="also time the bp package in this directory")
    parser.add_argument(
        "--clock",
        choices=CLOCKS,
        default="cpu",
        help="cpu: this process's CPU time (user + system, so page faults count), which other "
        "processes on a shared machine do not inflate; wall: elapsed time",
    )
    parser.add_argument(
        "--huge-pages",
        action="store_true",
        help="leave numpy's huge-page advice on (its default), at the price of fault counts "
        "that depend on where arrays land",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.before is not None:
        args.before = args.before.resolve()
    if args.child:
        child(args)
        return

    contenders = names(args.before)
    width = max(len(name) for name in contenders)
    print(
        f"forward + backward of (1.3.5) on {args.size:,} float64 inputs, {args.clock} time: "
        f"median of {args.rounds} fresh processes × {args.calls} calls per contender, numpy's "
        f"huge-page advice {'on' if args.huge_pages else 'off'}"
    )
    for regime in REGIMES:
        runs: dict[str, list[dict]] = {name: [] for name in contenders}
        for _ in range(args.rounds):
            for name in contenders:
                runs[name].append(measure(args, regime, name))
        medians = {n: statistics.median(s for r in runs[n] for s in r["seconds"]) for n in runs}
        print(f"\n{regime}")
        header = f"{'implementation':<{width}} {'median ms':>10} {'vs numpy':>9}"
        print(f"{header} {'faults/call':>12} {'peak memory':>12}")
        for name in contenders:
            faults = statistics.median(r["faults"] for r in runs[name])
            peak = f"{runs[name][0]['peak']:.1f}× input" if name != TORCH else "not traced"
            ratio = medians[name] / medians[NUMPY]
            print(
                f"{name:<{width}} {medians[name] * 1e3:>10.2f} {ratio:>8.2f}× "
                f"{faults:>12,.0f} {peak:>12}"
            )


if __name__ == "__main__":
    main()
