"""Forward + backward of the chapter's chain on 10⁶ float64 inputs: bp vs hand-written numpy.

Run: python benchmarks/bp_arrays.py [--size N] [--repeat R]
Prints the median time of each implementation and its ratio to hand-written numpy
(torch CPU autograd too, where torch is installed). The target is bp within 1.5×.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bp
from tests.conftest import build_chain


def with_bp(graph: bp.Graph) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
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


def median_seconds(run, x: np.ndarray, repeat: int) -> float:
    run(x)  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(x)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    x = np.random.default_rng(0).uniform(0.5, 10.0, args.size)

    contenders = {"numpy by hand": by_hand, "bp": with_bp(build_chain())}
    try:
        import torch

        contenders["torch autograd (CPU)"] = with_torch(torch)
    except ImportError:
        pass

    reference_E, reference_grad = by_hand(x)
    for name, run in contenders.items():
        E, grad = run(x)
        np.testing.assert_allclose(E, reference_E, rtol=1e-12, atol=1e-15, err_msg=name)
        np.testing.assert_allclose(grad, reference_grad, rtol=1e-12, atol=1e-15, err_msg=name)

    baseline = None
    print(f"forward + backward of (1.3.5) on {args.size:,} float64 inputs, median of {args.repeat}")
    print(f"{'implementation':<22} {'median ms':>10} {'vs numpy':>9}")
    for name, run in contenders.items():
        seconds = median_seconds(run, x, args.repeat)
        baseline = baseline or seconds
        print(f"{name:<22} {seconds * 1e3:>10.2f} {seconds / baseline:>8.2f}×")


if __name__ == "__main__":
    main()
