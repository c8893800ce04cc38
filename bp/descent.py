"""Gradient descent: the method of section 1.4, where the error is multiplied, not divided.

The loss is L = ½ Σ (output − target)², so dL/dp = Σ (output − target) · d output/dp for
every parameter p: one backward pass seeded with the residual gives every dL/dp at once,
however many parameters there are. A step moves every parameter against its gradient,
p ← p − rate · dL/dp. Where division (``solve``) needs one input and a non-zero dE/dX, this
needs neither, which is why neural networks are trained this way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from bp.errors import ArgumentError, ConvergenceError, ShapeError
from bp.graph import Graph
from bp.validate import real_array, real_constant, require_finite, whole_number


@dataclass(frozen=True)
class DescentStep:
    """Where one step starts: the parameters, the output and loss there, and dL/dparameter."""

    params: dict[str, np.ndarray]
    output: np.ndarray
    loss: float
    gradient: dict[str, np.ndarray]


@dataclass(frozen=True)
class Descent:
    """Where descent stopped (``params``, ``output``) and the steps that led there."""

    params: dict[str, np.ndarray]
    output: np.ndarray
    steps: tuple[DescentStep, ...]


def _checked_rate(rate: object) -> float:
    number = real_constant(rate, "descent: the rate")
    if number <= 0:
        raise ArgumentError(f"descent: the rate must be positive, got {rate!r}")
    return number


def _parameters(graph: Graph, params: Mapping[str, ArrayLike], data: Mapping[str, ArrayLike]):
    names = {node.name for node in graph.inputs}
    for name in [*params, *data]:
        if name not in names:
            raise ArgumentError(
                f"descent: {name!r} is not an input of the graph (its inputs: {sorted(names)})"
            )
    overlap = set(params) & set(data)
    if overlap:
        raise ArgumentError(f"descent: {sorted(overlap)} given both as a parameter and as data")
    missing = names - set(params) - set(data)
    if missing:
        raise ArgumentError(
            f"descent: no value for input(s) {sorted(missing)}: give each as params or data"
        )
    if not params:
        raise ArgumentError("descent needs at least one parameter to move")
    return {
        name: real_array(value, "descent", name, "the starting parameters").copy()
        for name, value in params.items()
    }


def descent_steps(
    graph: Graph,
    target: ArrayLike,
    params: Mapping[str, ArrayLike],
    *,
    rate: float,
    data: Mapping[str, ArrayLike] | None = None,
) -> Iterator[DescentStep]:
    """Gradient-descent steps from ``params``, without end: take as many as you need.

    ``params`` are the inputs that move; ``data`` are inputs held fixed (``x`` in w·x + b).
    Each yielded step records the point it starts from; the next step starts where this one
    lands. Stop it with ``itertools.islice`` or use ``descend``.

    Raises:
        ArgumentError: ``rate`` is not a finite positive number, or the names do not match
            the graph's inputs.
        DomainError: a starting value or the target is not a finite real number; or a step
            leaves an operator's domain or overflows (a learning rate that is too large
            makes the parameters grow without bound).
        ShapeError: the target does not broadcast to the output's shape.
    """
    # Checked here, when called, not at the first next(): a generator would defer the error.
    rate = _checked_rate(rate)
    data = dict(data or {})
    start = _parameters(graph, params, data)
    target_array = real_array(target, "descent", graph.output.name, "the target")
    return _steps(graph, target_array, start, rate, data)


def _steps(
    graph: Graph,
    target: np.ndarray,
    current: dict[str, np.ndarray],
    rate: float,
    data: dict[str, ArrayLike],
) -> Iterator[DescentStep]:
    while True:
        values = graph.forward(**current, **data)
        output = values[graph.output.name]
        with np.errstate(over="ignore", invalid="ignore"):
            residual = output - target
            loss = 0.5 * float(np.sum(residual * residual))
        if residual.shape != output.shape:
            raise ShapeError(
                f"the target has shape {target.shape}, which does not fit output "
                f"{graph.output.name!r} of shape {output.shape}"
            )
        require_finite(residual, "descent", graph.output.name, "output − target overflowed")
        grads = graph.backward(values, grad_output=residual)
        gradient = {name: np.array(grads[name]) for name in current}
        # Copies, so that a caller who edits a step's arrays cannot change the next step.
        snapshot = {name: value.copy() for name, value in current.items()}
        yield DescentStep(snapshot, output, loss, gradient)
        with np.errstate(over="ignore", invalid="ignore"):
            current = {name: np.asarray(current[name] - rate * gradient[name]) for name in current}
        for name, value in current.items():
            require_finite(value, "descent", name, "the step overflowed (try a smaller rate)")


def _stop_rule(tolerance: object, max_steps: object) -> tuple[float, int]:
    tolerance = real_constant(tolerance, "descent: the tolerance")
    if tolerance < 0:
        raise ArgumentError(f"descent: the tolerance must be ≥ 0, got {tolerance!r}")
    return tolerance, whole_number(max_steps, "descent: max_steps", 0, 2**63 - 1)


def descend(
    graph: Graph,
    target: ArrayLike,
    params: Mapping[str, ArrayLike],
    *,
    rate: float,
    data: Mapping[str, ArrayLike] | None = None,
    tolerance: float = 1e-12,
    max_steps: int = 10_000,
) -> Descent:
    """Descend until every ``|output − target| ≤ tolerance``; the steps taken are kept.

    Example:
        y = x² = 4 from x = 1.99 with the learning rate 0.05 (section 1.4.2): 16 steps.

        >>> import bp
        >>> x = bp.Input("x")
        >>> square = bp.Graph(bp.Square()(x, name="y"))
        >>> result = bp.descend(square, 4.0, {"x": 1.99}, rate=0.05)
        >>> len(result.steps), round(float(result.params["x"]), 9)
        (16, 2.0)

    Raises:
        ArgumentError: as ``descent_steps``, or ``tolerance`` / ``max_steps`` are invalid.
        DomainError: as ``descent_steps``.
        ConvergenceError: the tolerance is not met within ``max_steps`` steps.
    """
    tolerance, max_steps = _stop_rule(tolerance, max_steps)
    steps = descent_steps(graph, target, params, rate=rate, data=data)
    target_array = real_array(target, "descent", graph.output.name, "the target")
    taken: list[DescentStep] = []
    for step in steps:
        if np.all(np.abs(step.output - target_array) <= tolerance):
            return Descent(step.params, step.output, tuple(taken))
        if len(taken) == max_steps:
            raise ConvergenceError(
                f"gradient descent with rate {rate:g} did not reach |Δ{graph.output.name}| ≤ "
                f"{tolerance:g} within {max_steps} steps; last loss {step.loss:g}"
            )
        taken.append(step)
    raise AssertionError("descent_steps never ends")  # pragma: no cover


def minimize(
    graph: Graph,
    target: ArrayLike,
    params: Mapping[str, ArrayLike],
    *,
    rate: float,
    data: Mapping[str, ArrayLike] | None = None,
    tolerance: float = 1e-12,
    max_steps: int = 100_000,
) -> Descent:
    """Descend until every ``|dL/dparameter| ≤ tolerance``: where the loss stops falling.

    With many samples (an output per sample, ``target`` one value per sample) no parameters
    make every output equal its target, so ``descend`` would never stop; the least loss is
    where the gradient vanishes (section 1.4.8). The steps taken are kept; the last one's
    ``loss`` is the loss where descent stopped.

    Example:
        A line E = w·x + b through four points: the least-squares line.

        >>> import bp
        >>> w, x, b = bp.Input("w"), bp.Input("x"), bp.Input("b")
        >>> line = bp.Graph(bp.Add()(bp.Multiply()(w, x, name="wx"), b, name="E"))
        >>> fit = bp.minimize(line, [1.0, 2.9, 5.2, 6.8], {"w": 0.0, "b": 0.0},
        ...                   data={"x": [0.0, 1.0, 2.0, 3.0]}, rate=0.05)
        >>> round(float(fit.params["w"]), 9), round(float(fit.params["b"]), 9)
        (1.97, 1.02)

    Raises:
        ArgumentError: as ``descent_steps``, or ``tolerance`` / ``max_steps`` are invalid.
        DomainError: as ``descent_steps``.
        ConvergenceError: the gradient is not within ``tolerance`` after ``max_steps`` steps.
    """
    tolerance, max_steps = _stop_rule(tolerance, max_steps)
    taken: list[DescentStep] = []
    for step in descent_steps(graph, target, params, rate=rate, data=data):
        if all(np.all(np.abs(g) <= tolerance) for g in step.gradient.values()):
            return Descent(step.params, step.output, tuple(taken))
        if len(taken) == max_steps:
            raise ConvergenceError(
                f"gradient descent with rate {rate:g} did not reach |dL/dparameter| ≤ "
                f"{tolerance:g} within {max_steps} steps; last loss {step.loss:g}"
            )
        taken.append(step)
    raise AssertionError("descent_steps never ends")  # pragma: no cover
