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

from bp.errors import ArgumentError, ConvergenceError, DomainError, GraphError, ShapeError
from bp.graph import Graph, Values
from bp.node import Node
from bp.validate import real_array, real_constant, whole_number


def propagate_error(graph: Graph, values: Values, target: ArrayLike) -> dict[str, np.ndarray]:
    """Each node's Δ: the change that would move the output by ΔE = target − output.

    ``values`` is a ``graph.forward`` result. The returned mapping holds Δ for every node,
    the output's own ΔE included, each a new float64 array of its node's shape. ``target``
    may be broadcast to the output's shape (a scalar for an array output), not beyond it.

    Example:
        From y = 3.9601 at x = 1.99 to y = 4: Δy = 0.0399, and Δx = Δy / (2x).

        >>> import bp
        >>> x = bp.Input("x")
        >>> square = bp.Graph(bp.Square()(x, name="y"))
        >>> deltas = bp.propagate_error(square, square.forward(x=1.99), 4.0)
        >>> round(float(deltas["y"]), 12), round(float(deltas["x"]), 12)
        (0.0399, 0.010025125628)

    Raises:
        GraphError: ``values`` is not this graph's ``forward`` result; or the graph has more
            than one input, or its output does not have the input's shape: then many
            different input changes give the same ΔE and there is nothing to divide by (the
            gradient is what remains: see ``Graph.backward``).
        DomainError: the target is not finite and real; ΔE overflows; some dE/dnode is
            zero, so ΔE cannot be divided back through that node (``solve`` needs only
            dE/dX ≠ 0); a Δ overflows; or ``backward`` finds a non-finite gradient.
        ShapeError: the target cannot be broadcast to the output's shape.
    """
    values = graph.own(values)
    source = _the_input(graph, "error division")
    _require_output_shape(graph, values, source, "error division")
    delta_output = _output_error(graph, values, target, "error division")
    grads = graph.backward(values)
    out = graph.output.name
    deltas: dict[str, np.ndarray] = {}
    for node in graph.nodes:
        slope = grads[node.name]
        zero = slope == 0
        if zero.any():
            hint = "" if node is source else f"; solve needs only d{out}/d{source.name} ≠ 0"
            raise DomainError(
                "error division",
                node.name,
                f"d{out}/d{node.name} must be non-zero to divide Δ{out} by it{hint}",
                slope,
                zero,
            )
        with np.errstate(all="ignore"):
            delta = np.asarray(delta_output / slope)
        _require_finite_step(delta, node.name, f"Δ{node.name}", f"d{out}/d{node.name}")
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
    """Newton's method on E(X) = target, from ``start``, until ``|target − E| ≤ tolerance``.

    Each step is ΔX = ΔE / (dE/dX), the chapter's error division taken through the whole
    graph at once (``propagate_error`` divides node by node and gives the same ΔX), so a
    step needs only dE/dX to be finite and non-zero, whatever the slopes inside. Arrays are
    solved elementwise; the output must have the input's shape.

    Example:
        y = x² = 4 from x = 1.99 (the chapter's (1.3.2)): three steps to the root.

        >>> import bp
        >>> x = bp.Input("x")
        >>> square = bp.Graph(bp.Square()(x, name="y"))
        >>> solution = bp.solve(square, 4.0, start=1.99)
        >>> float(solution.x), len(solution.steps)
        (2.0, 3)

    Raises:
        ArgumentError: ``tolerance`` is not a finite number ≥ 0, or ``max_steps`` is not a
            whole number ≥ 0.
        GraphError: the graph has more than one input, or its output does not have the
            input's shape.
        DomainError: the start or target is not finite and real, a step leaves an
            operator's domain, dE/dX is zero or not finite, or a step overflows (the
            exception carries a note with the step number and the input value).
        ShapeError: the target cannot be broadcast to the output's shape.
        ConvergenceError: the tolerance is not met within ``max_steps`` steps.
    """
    tolerance = real_constant(tolerance, "solve: the tolerance")
    if tolerance < 0:
        raise ArgumentError(f"solve: the tolerance must be ≥ 0, got {tolerance!r}")
    max_steps = whole_number(max_steps, "solve: max_steps", 0, 2**63 - 1)
    source = _the_input(graph, "solve")
    out = graph.output.name
    x = np.array(real_array(start, "solve", source.name, "the start"), copy=True)
    steps: list[Step] = []
    for step in range(max_steps + 1):
        try:
            values = graph.forward(**{source.name: x})
            _require_output_shape(graph, values, source, "solve")
            error = _output_error(graph, values, target, "solve")
            if np.all(np.abs(error) <= tolerance):
                return Solution(x, values[out], error, tuple(steps))
            if step == max_steps:
                break
            slope = graph.backward(values)[source.name]
            zero = slope == 0
            if zero.any():
                raise DomainError(
                    "solve",
                    source.name,
                    f"Newton's method needs d{out}/d{source.name} ≠ 0",
                    slope,
                    zero,
                )
            with np.errstate(all="ignore"):
                delta_x = np.asarray(error / slope)
                next_x = np.asarray(x + delta_x)
            slope_name = f"d{out}/d{source.name}"
            _require_finite_step(delta_x, source.name, f"Δ{source.name}", slope_name, "solve")
            _require_finite_step(
                next_x, source.name, f"{source.name} + Δ{source.name}", "", "solve"
            )
        except DomainError as failure:
            failure.add_note(f"in step {step + 1} of the iteration, at {source.name} = {x!r}")
            raise
        steps.append(Step(x, values[out], error, delta_x))
        x = next_x
    raise ConvergenceError(
        f"no convergence to |Δ{out}| ≤ {tolerance:g} within {max_steps} steps; "
        f"last {source.name} = {x!r}, Δ{out} = {error!r}"
    )


def _the_input(graph: Graph, method: str) -> Node:
    """The graph's one input: with more, many input changes give the same ΔE."""
    if len(graph.inputs) != 1:
        names = ", ".join(n.name for n in graph.inputs)
        raise GraphError(
            f"{method} needs a graph with one input, this one has {len(graph.inputs)} "
            f"({names}): many input changes give the same ΔE, so use the gradient instead"
        )
    return graph.inputs[0]


def _require_output_shape(graph: Graph, values: Values, source: Node, method: str) -> None:
    """Elementwise division needs one output element per input element."""
    output = values[graph.output.name]
    if output.shape != values[source.name].shape:
        raise GraphError(
            f"{method} needs output {graph.output.name!r} to have the shape of input "
            f"{source.name!r}, got {output.shape} and {values[source.name].shape}"
        )


def _output_error(graph: Graph, values: Values, target: ArrayLike, method: str) -> np.ndarray:
    """ΔE = target − E, a new array of the output's shape; the target must broadcast to it."""
    out = graph.output.name
    output = values[out]
    goal = real_array(target, method, out, "the target")
    if not _broadcasts_to(goal.shape, output.shape):
        raise ShapeError(
            f"{method}: the target has shape {goal.shape}, which does not broadcast to the "
            f"shape {output.shape} of output {out!r}"
        )
    with np.errstate(all="ignore"):
        delta = np.asarray(goal - output)
    _require_finite_step(delta, out, f"Δ{out} = target − {out}", "", method)
    return delta


def _broadcasts_to(shape: tuple[int, ...], goal: tuple[int, ...]) -> bool:
    """Whether numpy's rules stretch ``shape`` to ``goal`` without changing ``goal``."""
    try:
        return np.broadcast_shapes(shape, goal) == goal
    except ValueError:
        return False


def _require_finite_step(
    delta: np.ndarray, node: str, what: str, slope: str, method: str = "error division"
) -> None:
    finite = np.isfinite(delta)
    if not finite.all():
        why = f" ({slope} is too close to zero)" if slope else ""
        raise DomainError(method, node, f"{what} overflowed{why}", delta, ~finite)
