"""Forward + backward of the chapter's chain on 10⁶ float64 inputs: bp vs hand-written numpy.

Run: python benchmarks/bp_arrays.py [--size N] [--rounds R] [--block B] [--before DIR]
     [--clock cpu|wall]
Prints the median time of each implementation, its ratio to hand-written numpy, and its
peak memory (tracemalloc, numpy's own allocations) as a multiple of the input's size. The
target is bp within 1.3× of numpy by hand. torch CPU autograd is timed too where installed
(its memory is not traced). ``--before DIR`` also times the bp package found in DIR (say
/work/main, or a checkout of an older commit) in the same run, so the two are compared
under the same load: the implementations take turns, a block of calls each per round.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Run = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


@contextmanager
def bp_from(directory: Path) -> Iterator[ModuleType]:
    """The ``bp`` package in ``directory``, imported while the block runs, then put away.

    Its modules keep their own globals, so two versions of bp can run side by side; build
    its graph inside the block (an old bp imports some modules only when first called).
    """
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


def with_torch(torch) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    def run(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        X = torch.from_numpy(x).requires_grad_(True)
        E = torch.sqrt(torch.log((X + 1) ** 2)) - 1
        E.backward(torch.ones_like(E))
        return E.detach().numpy(), X.grad.numpy()

    return run


def median_seconds(
    contenders: dict[str, Run], x: np.ndarray, rounds: int, block: int, clock: Callable[[], float]
) -> dict[str, float]:
    """Each contender's median time over ``rounds`` rounds of ``block`` calls.

    The contenders take turns, a block each per round, so that a change in the machine's
    load hits all alike; within a block the same code runs back to back after an untimed
    call, so each is timed with the allocator settled into its own pattern (as when it runs
    alone), not the previous contender's.
    """
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, run in contenders.items():
            run(x)
            for _ in range(block):
                start = clock()
                run(x)
                times[name].append(clock() - start)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def peak_memory(run: Run, x: np.ndarray) -> float:
    """Peak memory numpy allocates during one call, as a multiple of the input's size."""
    tracemalloc.start()
    try:
        run(x)
        return tracemalloc.get_traced_memory()[1] / x.nbytes
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--block", type=int, default=3)
    parser.add_argument("--before", type=Path, help="also time the bp package in this directory")
    parser.add_argument(
        "--clock",
        choices=CLOCKS,
        default="cpu",
        help="cpu: this process's CPU time (user + system, so page faults count), which other "
        "processes on a shared machine do not inflate; wall: elapsed time",
    )
    args = parser.parse_args()
    x = np.random.default_rng(0).uniform(0.5, 10.0, args.size)

    import bp

    contenders: dict[str, Run] = {"numpy by hand": by_hand}
    if args.before:
        with bp_from(args.before) as old:
            contenders[f"bp before ({args.before})"] = with_bp(old)
    contenders["bp" if not args.before else f"bp ({Path(bp.__file__).parents[1]})"] = with_bp(bp)
    traced = set(contenders)
    try:
        import torch

        # One thread, like numpy's ufuncs; idle OpenMP workers would also spin and slow
        # down whichever contender runs next.
        torch.set_num_threads(1)
        contenders["torch autograd (CPU, 1 thread)"] = with_torch(torch)
    except ImportError:
        pass

    reference_E, reference_grad = by_hand(x)
    for name, run in contenders.items():
        E, grad = run(x)
        np.testing.assert_allclose(E, reference_E, rtol=1e-12, atol=1e-15, err_msg=name)
        np.testing.assert_allclose(grad, reference_grad, rtol=1e-12, atol=1e-15, err_msg=name)

    medians = median_seconds(contenders, x, args.rounds, args.block, CLOCKS[args.clock])
    baseline = medians["numpy by hand"]
    width = max(len(name) for name in contenders)
    print(
        f"forward + backward of (1.3.5) on {args.size:,} float64 inputs, median of "
        f"{args.rounds} rounds × {args.block}, {args.clock} time"
    )
    print(f"{'implementation':<{width}} {'median ms':>10} {'vs numpy':>9} {'peak memory':>12}")
    for name, run in contenders.items():
        memory = f"{peak_memory(run, x):.1f}× input" if name in traced else "not traced"
        ratio = medians[name] / baseline
        print(f"{name:<{width}} {medians[name] * 1e3:>10.2f} {ratio:>8.2f}× {memory:>12}")


if __name__ == "__main__":
    main()
