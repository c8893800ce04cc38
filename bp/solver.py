"""The chapter's method: divide the output error back to the input, apply it, repeat.

Section 1.3.3 solves ``E(X) = 0.5`` by computing ΔE = 0.5 − E and carrying it back through
ΔD = ΔE, ΔC = 2√C·ΔD, ΔB = B·ΔC, ΔA = ΔB/(2A), ΔX = ΔA. Each of those steps divides by
one local derivative, so together they divide ΔE by dE/dX; here every node's Δ is
ΔE / (dE/dnode), with dE/dnode from ``Graph.backward``. Applying ΔX and repeating is
Newton's method on E(X) − target, which is why the error roughly squares at each step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from bp.errors import ConvergenceError, DomainError
from bp.graph import Graph


def propagate_error(
    graph: Graph, values: dict[str, np.ndarray], target: ArrayLike
) -> dict[str, np.ndarray]:
    """Each node's Δ: the change that would move the output by ΔE = target − output.

    ``values`` is a ``graph.forward`` result. The returned mapping holds Δ for every node,
    the output's own ΔE included.

    Raises:
        ValueError: the graph has more than one input, or its output does not have the
            input's shape; then many different input changes give the same ΔE and there
            is nothing to divide by (the gradient is what remains: see ``Graph.backward``).
        DomainError: some dE/dnode is zero or not finite, so ΔE cannot be divided by it.
    """
    if len(graph.inputs) != 1:
        names = ", ".join(n.name for n in graph.inputs)
        raise ValueError(
            f"error division needs a graph with one input, this one has {len(graph.inputs)} "
            f"({names}): many input changes give the same ΔE, so use the gradient instead"
        )
    (source,) = graph.inputs
    output = values[graph.output.name]
    if output.shape != values[source.name].shape:
        raise ValueError(
            f"error division needs output {graph.output.name!r} to have the shape of input "
            f"{source.name!r}, got {output.shape} and {values[source.name].shape}"
        )
    delta_output = np.asarray(target, dtype=np.float64) - output
    grads = graph.backward(values)
    deltas: dict[str, np.ndarray] = {}
    for node in graph.nodes:
        slope = grads[node.name]
        unusable = ~np.isfinite(slope) | (slope == 0)
        if unusable.any():
            raise DomainError(
                "error division",
                node.name,
                f"d{graph.output.name}/d{node.name} must be finite and non-zero to divide "
                f"Δ{graph.output.name} by it",
                slope,
                unusable,
            )
        with np.errstate(over="ignore"):
            delta = np.asarray(delta_output / slope)
        if not np.isfinite(delta).all():
            raise DomainError(
                "error division",
                node.name,
                f"Δ{node.name} overflowed (d{graph.output.name}/d{node.name} is too close to zero)",
                delta,
                ~np.isfinite(delta),
            )
        deltas[node.name] = delta
    return deltas


@dataclass(frozen=True)
class Step:
    """One row of the iteration table: where we were, the error there, and the step taken."""

    x: np.ndarray
    output: np.ndarray
    error: np.ndarray
    delta_x: np.ndarray


@dataclass(frozen=True)
class Solution:
    """Where the iteration stopped (``x``, ``output``, ``error``) and the steps that led there."""

    x: np.ndarray
    output: np.ndarray
    error: np.ndarray
    steps: tuple[Step, ...]


def solve(
    graph: Graph,
    target: ArrayLike,
    start: ArrayLike,
    *,
    tolerance: float = 1e-12,
    max_steps: int = 50,
) -> Solution:
    """Repeat the error-division step from ``start`` until ``|target − output| ≤ tolerance``.

    Raises:
        DomainError: a step leaves an operator's domain, or meets a zero derivative (the
            exception carries a note with the step number and the input value).
        ConvergenceError: the tolerance is not met within ``max_steps`` steps.
    """
    if len(graph.inputs) != 1:
        raise ValueError(f"solve needs a graph with one input, this one has {len(graph.inputs)}")
    (source,) = graph.inputs
    x = np.array(start, dtype=np.float64)
    steps: list[Step] = []
    for step in range(max_steps + 1):
        try:
            values = graph.forward(**{source.name: x})
            error = np.asarray(target, dtype=np.float64) - values[graph.output.name]
            if np.all(np.abs(error) <= tolerance):
                return Solution(x, values[graph.output.name], error, tuple(steps))
            if step == max_steps:
                break
            delta_x = propagate_error(graph, values, target)[source.name]
        except DomainError as failure:
            failure.add_note(f"in step {step + 1} of the iteration, at {source.name} = {x!r}")
            raise
        steps.append(Step(x, values[graph.output.name], error, delta_x))
        x = np.asarray(x + delta_x)
    raise ConvergenceError(
        f"no convergence to |Δ{graph.output.name}| ≤ {tolerance:g} within {max_steps} steps; "
        f"last {source.name} = {x!r}, Δ{graph.output.name} = {error!r}"
    )
