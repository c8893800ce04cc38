"""The nodes of a computation graph (inputs, and operators applied to nodes), and ``ONE``.

What the graph (``bp.graph``) and the operators (``bp.operators``) share lives here, so that
neither imports the other and this module imports neither: a node knows its operator only
as something with an ``arity`` (``Applied``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from bp.errors import GraphError

# The derivative 1, read-only: an operator's ``derivative`` gives it where the gradient passes
# straight through (``AddConstant``, ``Add``, ``Sum``), and the graph's default seed
# (d output / d output) is a broadcast of it, so that ``backward`` never multiplies by ones.
ONE = np.ones(())
ONE.flags.writeable = False


class Applied(Protocol):
    """What a node needs of its operator (a ``bp.operators.Operator``): how many inputs."""

    arity: int


_unnamed = itertools.count(1)


@dataclass(frozen=True, eq=False)
class Node:
    """A named value in the graph: an input, or the output of an operator applied to nodes.

    Nodes are immutable (assigning ``inputs`` raises), so no one can turn a graph into a
    cycle or change it after its values were computed. An input's name must be an
    identifier, because ``Graph.forward`` takes it as a keyword argument.
    """

    name: str | None = None
    operator: Applied | None = None
    inputs: tuple[Node, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.name is None:
            kind = type(self.operator).__name__ if self.operator else "Input"
            object.__setattr__(self, "name", f"{kind}{next(_unnamed)}")
        if not isinstance(self.name, str) or not self.name:
            raise GraphError(f"a node's name must be a non-empty string, got {self.name!r}")
        if self.operator is None and not self.name.isidentifier():
            raise GraphError(
                f"an input's name must be a Python identifier (forward takes it as a keyword), "
                f"got {self.name!r}"
            )
        object.__setattr__(self, "inputs", tuple(self.inputs))
        for parent in self.inputs:
            if not isinstance(parent, Node):
                raise TypeError(f"node {self.name!r}: inputs must be nodes, got {parent!r}")
        arity = 0 if self.operator is None else getattr(self.operator, "arity", None)
        if arity is None:
            raise TypeError(
                f"node {self.name!r}: the operator must be a bp Operator, got {self.operator!r}"
            )
        if len(self.inputs) != arity:
            raise GraphError(
                f"node {self.name!r}: {self.operator!r} takes {arity} input(s), "
                f"got {len(self.inputs)}"
            )

    def __repr__(self) -> str:
        if self.operator is None:
            return f"Input({self.name!r})"
        args = ", ".join(n.name for n in self.inputs)
        return f"{self.name} = {self.operator!r}({args})"

    def __reduce__(self) -> tuple[Any, ...]:
        # The default would pickle a node's inputs inside it, recursing once per link of a
        # chain; a flat list of every ancestor pickles a graph of any depth.
        order = topological_order(self)
        index = {id(node): i for i, node in enumerate(order)}
        records = [(n.name, n.operator, tuple(index[id(p)] for p in n.inputs)) for n in order]
        return _rebuild_nodes, (records,)


def _rebuild_nodes(records: list[tuple[str, Applied | None, tuple[int, ...]]]) -> Node:
    nodes: list[Node] = []
    for name, operator, parents in records:
        nodes.append(Node(name=name, operator=operator, inputs=tuple(nodes[i] for i in parents)))
    return nodes[-1]


def Input(name: str) -> Node:
    """A leaf of the graph whose value is given to ``Graph.forward`` by name."""
    return Node(name=name)


def topological_order(output: Node) -> list[Node]:
    """Every node that ``output`` depends on, each after all of its inputs.

    Iterative depth-first search, so a chain of any length works without hitting Python's
    recursion limit; each node and link is visited once, so a cycle is found in linear time.

    Raises:
        GraphError: the nodes form a cycle (a node depends on itself).
    """
    order: list[Node] = []
    done: set[int] = set()
    on_path: set[int] = set()
    stack: list[tuple[Node, Iterator[Node]]] = [(output, iter(output.inputs))]
    on_path.add(id(output))
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if id(parent) in on_path:
                raise GraphError(
                    f"the graph has a cycle: {parent.name!r} depends on itself "
                    f"(through {node.name!r})"
                )
            if id(parent) not in done:
                on_path.add(id(parent))
                stack.append((parent, iter(parent.inputs)))
                break
        else:
            stack.pop()
            on_path.discard(id(node))
            done.add(id(node))
            order.append(node)
    return order
