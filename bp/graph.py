"""Nodes, and the graph that evaluates them forward and differentiates them backward.

A graph is built once, symbolically (``A = AddConstant(1)(X, name="A")``), and then
evaluated as often as needed: ``forward`` records every intermediate value, ``backward``
applies the chain rule in reverse topological order. Scalars and arrays of any shape flow
through the same code in float64.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from bp.errors import DomainError, ShapeError
from bp.operators import Operator

_unnamed = itertools.count(1)


@dataclass(eq=False)
class Node:
    """A named value in the graph: an input, or the output of an operator applied to nodes."""

    name: str | None = None
    operator: Operator | None = None
    inputs: tuple[Node, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.name is None:
            kind = type(self.operator).__name__ if self.operator else "Input"
            self.name = f"{kind}{next(_unnamed)}"

    def __repr__(self) -> str:
        if self.operator is None:
            return f"Input({self.name!r})"
        args = ", ".join(n.name for n in self.inputs)
        return f"{self.name} = {self.operator!r}({args})"


def Input(name: str) -> Node:
    """A leaf of the graph whose value is given to ``Graph.forward`` by name."""
    return Node(name=name)


class Graph:
    """The computation graph that ends in ``output``.

    Raises:
        ValueError: if two different nodes share a name (values are looked up by name).
    """

    def __init__(self, output: Node) -> None:
        self.output = output
        self.nodes: list[Node] = topological_order(output)
        self.inputs: list[Node] = [n for n in self.nodes if n.operator is None]
        seen: dict[str, Node] = {}
        for node in self.nodes:
            if node.name in seen:
                raise ValueError(f"two different nodes are both named {node.name!r}")
            seen[node.name] = node
        self._by_name = seen

    def __getitem__(self, name: str) -> Node:
        return self._by_name[name]

    def forward(self, **inputs: ArrayLike) -> dict[str, np.ndarray]:
        """Evaluate every node, inputs first; return each node's value by name.

        Raises:
            ValueError: an input is missing, unknown, or not finite.
            DomainError: an operator receives a value outside its domain, or produces a
                non-finite value (overflow), naming the operator, node and first bad element.
            ShapeError: a two-input operator receives operands of different shapes.
        """
        expected = {n.name for n in self.inputs}
        if missing := expected - inputs.keys():
            raise ValueError(f"missing input value(s): {', '.join(sorted(missing))}")
        if unknown := inputs.keys() - expected:
            raise ValueError(
                f"unknown input(s): {', '.join(sorted(unknown))}; "
                f"this graph's inputs are {', '.join(sorted(expected))}"
            )
        values: dict[str, np.ndarray] = {}
        for node in self.nodes:
            if node.operator is None:
                values[node.name] = _as_input(node.name, inputs[node.name])
            else:
                args = [values[n.name] for n in node.inputs]
                values[node.name] = _apply(node, args)
        return values

    def backward(
        self, values: Mapping[str, np.ndarray], grad_output: ArrayLike | None = None
    ) -> dict[str, np.ndarray]:
        """The gradient of the output with respect to every node, from a ``forward`` result.

        ``grad_output`` defaults to ones (d output / d output = 1). Gradients of a node used
        more than once are summed, out of place, so no two nodes ever share a gradient array.
        """
        out = values[self.output.name]
        seed = np.ones_like(out) if grad_output is None else np.asarray(grad_output, np.float64)
        if seed.shape != out.shape:
            raise ShapeError(
                f"grad_output has shape {seed.shape}, but output {self.output.name!r} "
                f"has shape {out.shape}"
            )
        grads: dict[str, np.ndarray] = {self.output.name: seed}
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            for node in reversed(self.nodes):
                if node.operator is None:
                    continue
                args = [values[n.name] for n in node.inputs]
                local = node.operator.backward(grads[node.name], *args, output=values[node.name])
                for parent, grad in zip(node.inputs, local, strict=False):
                    previous = grads.get(parent.name)
                    grads[parent.name] = grad if previous is None else previous + grad
        # A non-finite gradient stays non-finite on its way down the chain, so checking the
        # inputs' gradients catches it; only then is the node where it began looked for.
        if not all(np.isfinite(grads[n.name]).all() for n in self.inputs):
            origin = next(n for n in self.nodes[::-1] if not np.isfinite(grads[n.name]).all())
            consumer = next(c for c in self.nodes if origin in c.inputs)
            raise DomainError(
                type(consumer.operator).__name__,
                origin.name,
                f"the gradient d{self.output.name}/d{origin.name} is not finite "
                f"(the derivative of {consumer.name} is unbounded there)",
                grads[origin.name],
                ~np.isfinite(grads[origin.name]),
            )
        return grads


def topological_order(output: Node) -> list[Node]:
    """Every node that ``output`` depends on, each after all of its inputs.

    Iterative depth-first search, so a chain of any length works without hitting
    Python's recursion limit.
    """
    order: list[Node] = []
    done: set[int] = set()
    stack: list[tuple[Node, bool]] = [(output, False)]
    while stack:
        node, inputs_done = stack.pop()
        if id(node) in done:
            continue
        if inputs_done:
            done.add(id(node))
            order.append(node)
            continue
        stack.append((node, True))
        stack.extend((parent, False) for parent in reversed(node.inputs) if id(parent) not in done)
    return order


def _as_input(name: str, value: ArrayLike) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"input {name!r} is not a number or array of numbers: {value!r}"
        ) from error
    _require_finite("Input", name, "inputs must be finite", array)
    return array


def _apply(node: Node, args: list[np.ndarray]) -> np.ndarray:
    operator = node.operator
    if len(args) == 2 and args[0].shape != args[1].shape:
        a, b = node.inputs
        raise ShapeError(
            f"{type(operator).__name__} at node {node.name!r}: operands must have the same "
            f"shape, got {a.name} {args[0].shape} and {b.name} {args[1].shape}"
        )
    bad = operator.outside_domain(args[0])
    if bad is not None:
        raise DomainError(type(operator).__name__, node.name, operator.requirement, args[0], bad)
    with np.errstate(over="ignore"):
        result = np.asarray(operator.forward(*args), dtype=np.float64)
    if operator.can_overflow:
        _require_finite(type(operator).__name__, node.name, "the result overflowed", result)
    return result


def _require_finite(operator: str, node: str, requirement: str, value: np.ndarray) -> None:
    finite = np.isfinite(value)
    if not finite.all():
        raise DomainError(operator, node, requirement, value, ~finite)
