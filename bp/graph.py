"""Nodes, and the graph that evaluates them forward and differentiates them backward.

A graph is built once, symbolically (``A = AddConstant(1)(X, name="A")``), and then
evaluated as often as needed: ``forward`` records every intermediate value, ``backward``
applies the chain rule in reverse topological order. Scalars and arrays of any shape flow
through the same code in float64; ``Add`` and ``Multiply`` broadcast with numpy's rules.

Nodes and graphs are immutable, so a graph cannot change under the values it computed, and
``forward``'s result (``Values``) remembers the graph that made it.

Checking every operator's domain on every evaluation would cost one pass over memory per
operator. Instead the graph computes optimistically and tests only the output: a value
outside an operator's domain, or an overflow, gives NaN or ±inf, and NaN and ±inf carry on
to the output (operators that can hide them, like exp(−∞) = 0, have their input tested
too). Only on failure does it walk the graph again, in order, to name the first bad node
and element, so the error is the same as if every step had been checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from bp.errors import ArgumentError, DomainError, GraphError, ShapeError
from bp.node import ONE, Node, topological_order
from bp.validate import all_finite, as_float64, real_array, require_finite


class Values(Mapping[str, np.ndarray]):
    """Every node's value from one ``Graph.forward`` call, by node name, in topological order.

    A read-only mapping of float64 arrays (0-d for scalars) that remembers its ``graph``, so
    that ``backward`` can refuse values that another graph computed. An input's array is the
    caller's own when it was float64 already (no copy); every other value is a new array.
    """

    __slots__ = ("_arrays", "_graph")

    def __init__(self, graph: Graph, arrays: dict[str, np.ndarray]) -> None:
        self._graph = graph
        self._arrays = arrays

    @property
    def graph(self) -> Graph:
        """The graph whose ``forward`` computed these values."""
        return self._graph

    def __getitem__(self, name: str) -> np.ndarray:
        return self._arrays[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._arrays)

    def __len__(self) -> int:
        return len(self._arrays)

    def __repr__(self) -> str:
        return f"Values({self._arrays!r})"


class Gradients(MutableMapping[str, np.ndarray]):
    """Every node's gradient from one ``Graph.backward`` call, by node name.

    A mapping of float64 arrays (0-d for scalars) in which no two names give the same array
    or overlapping memory, and no array is a value or the caller's ``grad_output``, so
    ``grads["X"] *= rate`` changes ``grads["X"]`` alone. Where an operator passed its
    gradient straight through (``Add``, ``AddConstant``), two nodes' gradients are equal;
    they are copied apart only when one of them is read, so that gradients no one reads
    cost no memory.

    ``Graph.backward`` fills it one operator at a time (``_add``), before anyone reads it.
    A mapping given to the constructor is taken as it is, an array under several names
    being shared as above.
    """

    __slots__ = ("_arrays", "_borrowed", "_holders")

    def __init__(self, arrays: Mapping[str, np.ndarray] | None = None) -> None:
        self._arrays: dict[str, np.ndarray] = dict(arrays or {})
        # Names whose array is not theirs alone: another name's too, or read-only (the seed).
        self._borrowed: set[str] = set()
        # For each borrowed array, how many names still wait for it (the last takes it);
        # None while the chain rule is still adding.
        self._holders: dict[int, int] | None = None
        self._seal()

    def _add(
        self,
        names: Sequence[str],
        grads: Sequence[np.ndarray],
        incoming: np.ndarray,
        values: Sequence[np.ndarray],
    ) -> None:
        """Add one operator's gradients to its inputs' (``names``), where they accumulate.

        A gradient that *is* the ``incoming`` one (passed straight through) or a sibling is
        borrowed: never changed, copied only when read. One that overlaps the operator's
        ``values``, or a view of a gradient, is copied now. Any other is new, and becomes its
        node's own array, to be summed into in place.
        """
        given: list[np.ndarray] = []
        for name, grad in zip(names, grads, strict=True):
            borrowed = any(grad is a for a in (incoming, *given))
            if not borrowed and any(
                np.may_share_memory(grad, a) for a in (incoming, *values, *given)
            ):
                grad = grad.copy()  # a value (perhaps the caller's input) or a view of one
            given.append(grad)
            self._accumulate(name, grad, borrowed or not grad.flags.writeable)
        self._holders = None

    def _accumulate(self, name: str, grad: np.ndarray, borrowed: bool) -> None:
        previous = self._arrays.get(name)
        if previous is None:
            self._arrays[name] = grad
            if borrowed:
                self._borrowed.add(name)
        elif name not in self._borrowed:
            previous += grad  # the node's own array: no one else holds it
        else:
            # Out of place into the new array, if it is ours; never into a borrowed one.
            if borrowed:
                self._arrays[name] = np.asarray(previous + grad)
            else:
                grad += previous
                self._arrays[name] = grad
            self._borrowed.discard(name)

    def _seal(self) -> None:
        """Once the chain rule is done: which names share an array, and how many share it."""
        counts: dict[int, int] = {}
        for array in self._arrays.values():
            counts[id(array)] = counts.get(id(array), 0) + 1
        self._borrowed = {
            name
            for name, array in self._arrays.items()
            if counts[id(array)] > 1 or not array.flags.writeable
        }
        self._holders = {
            id(self._arrays[name]): counts[id(self._arrays[name])] for name in self._borrowed
        }

    def _peek(self, name: str) -> np.ndarray:
        """``name``'s gradient as it is held, perhaps shared: for reading, never changing."""
        return self._arrays[name]

    def __getitem__(self, name: str) -> np.ndarray:
        if self._holders is None:
            self._seal()
        if name in self._borrowed:
            # Each name that shares an array gets its own copy when first read, except the
            # last one, which may take the array itself: no one else can see it any more.
            array = self._release(name)
            if self._holders[id(array)] > 0 or not array.flags.writeable:
                self._arrays[name] = np.array(array, dtype=np.float64, copy=True)
        return self._arrays[name]

    def __setitem__(self, name: str, array: np.ndarray) -> None:
        if self._holders is None:
            self._seal()
        if name in self._borrowed:
            self._release(name)
        self._arrays[name] = array

    def __delitem__(self, name: str) -> None:
        if self._holders is None:
            self._seal()
        if name in self._borrowed:
            self._release(name)
        del self._arrays[name]

    def _release(self, name: str) -> np.ndarray:
        """Take ``name`` off the list of names sharing its array; return that array."""
        self._borrowed.discard(name)
        array = self._arrays[name]
        self._holders[id(array)] -= 1
        return array

    def __iter__(self) -> Iterator[str]:
        return iter(self._arrays)

    def __len__(self) -> int:
        return len(self._arrays)

    def __repr__(self) -> str:
        return f"Gradients({ {name: self[name] for name in self}!r})"


class Graph:
    """The computation graph that ends in ``output``.

    Raises:
        GraphError: two different nodes share a name (values are looked up by name), or the
            nodes form a cycle.
    """

    def __init__(self, output: Node) -> None:
        if not isinstance(output, Node):
            raise TypeError(f"Graph takes the output node, got {type(output).__name__}")
        nodes = tuple(topological_order(output))
        by_name: dict[str, Node] = {}
        for node in nodes:
            if node.name in by_name:
                raise GraphError(f"two different nodes are both named {node.name!r}")
            by_name[node.name] = node
        self._output = output
        self._nodes = nodes
        self._inputs = tuple(n for n in nodes if n.operator is None)
        self._by_name = by_name

    @property
    def output(self) -> Node:
        """The node the graph ends in."""
        return self._output

    @property
    def nodes(self) -> tuple[Node, ...]:
        """Every node, each after all of its inputs."""
        return self._nodes

    @property
    def inputs(self) -> tuple[Node, ...]:
        """The nodes without an operator, whose values ``forward`` takes by name."""
        return self._inputs

    def __getitem__(self, name: str) -> Node:
        return self._by_name[name]

    def __reduce__(self) -> tuple[Any, ...]:
        return Graph, (self._output,)

    def forward(self, /, **inputs: ArrayLike) -> Values:
        """Evaluate every node, inputs first; return each node's value by name.

        Values are float64 arrays, 0-d for scalars. ``Add`` and ``Multiply`` broadcast their
        operands with numpy's rules.

        Example:
            The first three steps of the chapter's chain, at X = 2: C = ln 9.

            >>> import bp
            >>> X = bp.Input("X")
            >>> B = bp.Square()(bp.AddConstant(1)(X, name="A"), name="B")
            >>> graph = bp.Graph(bp.Ln()(B, name="C"))
            >>> values = graph.forward(X=2.0)
            >>> list(values), float(values["C"])
            (['X', 'A', 'B', 'C'], 2.1972245773362196)

        Raises:
            ArgumentError: an input is missing or unknown.
            DomainError: an input is not a finite real number or array of them (complex,
                masked, string, None, object, too large for float64, NaN or ±inf); or an
                operator receives a value outside its domain, or produces a non-finite value
                (overflow). The error names the operator, the node and the first bad element.
            ShapeError: a two-input operator receives operands that cannot be broadcast.
        """
        expected = {n.name for n in self._inputs}
        if missing := expected - inputs.keys():
            raise ArgumentError(f"missing input value(s): {', '.join(sorted(missing))}")
        if unknown := inputs.keys() - expected:
            raise ArgumentError(
                f"unknown input(s): {', '.join(sorted(unknown))}; "
                f"this graph's inputs are {', '.join(sorted(expected))}"
            )
        arrays: dict[str, np.ndarray] = {}
        suspect = False
        with np.errstate(all="ignore"):
            for node in self._nodes:
                if node.operator is None:
                    # Finiteness is tested with the output, at no extra cost.
                    arrays[node.name] = as_float64(inputs[node.name], "Input", node.name, "inputs")
                    continue
                args = [arrays[p.name] for p in node.inputs]
                if len(args) > 1:
                    _require_broadcastable(node, args)
                if not node.operator.propagates_non_finite:
                    suspect = suspect or not all(all_finite(a) for a in args)
                arrays[node.name] = np.asarray(node.operator.forward(*args), dtype=np.float64)
            suspect = suspect or not all_finite(arrays[self._output.name])
        if suspect:
            self._raise_first_bad_value(arrays)
        return Values(self, arrays)

    def backward(self, values: Values, grad_output: ArrayLike | None = None) -> Gradients:
        """The gradient of the output with respect to every node, from a ``forward`` result.

        ``grad_output`` (d output / d output) defaults to ones and must have the output's
        shape. Each gradient has its node's shape (a broadcast operand's gradient is summed
        back to its shape, as PyTorch does) and is a float64 array, 0-d for a scalar.
        The result is a mapping (``Gradients``) in which no two gradients share memory, and
        none shares memory with ``grad_output`` or with a value, so changing one in place
        (``grads["X"] *= rate``) changes nothing else.

        Example:
            dC/dX of C = ln (X + 1)² at X = 2 is 2/(X + 1):

            >>> import bp
            >>> X = bp.Input("X")
            >>> B = bp.Square()(bp.AddConstant(1)(X, name="A"), name="B")
            >>> graph = bp.Graph(bp.Ln()(B, name="C"))
            >>> float(graph.backward(graph.forward(X=2.0))["X"])
            0.6666666666666666

        Raises:
            GraphError: ``values`` is not the result of this graph's ``forward``.
            DomainError: ``grad_output`` is not finite and real; or a gradient is not finite
                (a derivative is unbounded there, or the product overflowed), naming the
                operator whose derivative it was and the node it flowed into.
            ShapeError: ``grad_output`` does not have the output's shape.
        """
        values = self.own(values)
        out = values[self._output.name]
        seed = self._seed(out, grad_output)
        with np.errstate(all="ignore"):
            grads = self._chain_rule(values, seed, check=False)
        if not all(all_finite(grads._peek(n.name)) for n in self._inputs):
            with np.errstate(all="ignore"):
                self._chain_rule(values, seed, check=True)  # raises, naming the culprit
        return grads

    def own(self, values: Mapping[str, np.ndarray]) -> Values:
        """``values`` itself, if this graph's ``forward`` computed it.

        Raises:
            GraphError: ``values`` came from another graph (even one with the same node
                names), or is not a ``forward`` result at all (a plain dict, say).
        """
        if not isinstance(values, Values):
            raise GraphError(
                f"values must be what this graph's forward returned, got {type(values).__name__}"
            )
        if values.graph is not self:
            raise GraphError(
                "these values were computed by another graph (one whose output is "
                f"{values.graph.output.name!r}), not by this one; call this graph's forward"
            )
        return values

    def _seed(self, out: np.ndarray, grad_output: ArrayLike | None) -> np.ndarray:
        if grad_output is None:
            # A read-only stand-in for ones: Gradients makes real ones only if they are read.
            return np.broadcast_to(ONE, out.shape)
        seed = real_array(grad_output, "backward", self._output.name, "grad_output")
        if seed.shape != out.shape:
            raise ShapeError(
                f"grad_output has shape {seed.shape}, but output {self._output.name!r} "
                f"has shape {out.shape}"
            )
        return np.array(seed, dtype=np.float64, copy=True)  # never the caller's array

    def _chain_rule(self, values: Values, seed: np.ndarray, *, check: bool) -> Gradients:
        """Every node's gradient: the seed, then each operator's backward in reverse order.

        A node's gradient is the sum of what its consumers send it (``Gradients`` keeps
        them apart in memory). With ``check``, every contribution and every sum is tested
        and the first non-finite one raises, naming its operator: the gradient arriving at
        that operator was finite, so its derivative is where the trouble began.
        """
        grads = Gradients({self._output.name: seed})
        for node in reversed(self._nodes):
            if node.operator is None:
                continue
            incoming, output = grads._peek(node.name), values[node.name]
            args = [values[p.name] for p in node.inputs]
            local = node.operator.backward(incoming, *args, output=output)
            local = [
                self._contribution(node, parent, arg, grad, check)
                for parent, arg, grad in zip(node.inputs, args, local, strict=True)
            ]
            grads._add([p.name for p in node.inputs], local, incoming, [output, *args])
            if check:
                for parent in node.inputs:
                    self._require_finite_sum(parent, grads._peek(parent.name))
        return grads

    def _contribution(
        self, consumer: Node, parent: Node, arg: np.ndarray, grad: Any, check: bool
    ) -> np.ndarray:
        """What ``consumer``'s backward sends ``parent``, as float64 of ``parent``'s shape."""
        grad = np.asarray(grad, dtype=np.float64)
        if grad.shape != arg.shape:
            raise ShapeError(
                f"{consumer.operator!r}.backward returned a gradient of shape {grad.shape} "
                f"for {parent.name!r}, whose value has shape {arg.shape}"
            )
        if check and not np.isfinite(grad).all():
            self._raise_unbounded(consumer, parent, grad)
        return grad

    @staticmethod
    def _require_finite_sum(parent: Node, total: np.ndarray) -> None:
        if not np.isfinite(total).all():
            raise DomainError(
                "backward",
                parent.name,
                f"the gradients flowing into {parent.name!r} overflowed when summed",
                total,
                ~np.isfinite(total),
            )

    def _raise_unbounded(self, consumer: Node, parent: Node, grad: np.ndarray) -> None:
        out = self._output.name
        raise DomainError(
            type(consumer.operator).__name__,
            parent.name,
            f"the gradient d{out}/d{parent.name} is not finite (the derivative of "
            f"{consumer.name} with respect to {parent.name} is unbounded there, or the "
            f"product overflowed)",
            grad,
            ~np.isfinite(grad),
        )

    def _raise_first_bad_value(self, arrays: dict[str, np.ndarray]) -> None:
        """Check every node in order, as if each step had been checked as it ran."""
        for node in self._nodes:
            value = arrays[node.name]
            operator = node.operator
            if operator is None:
                require_finite(value, "Input", node.name, "inputs must be finite")
                continue
            name = type(operator).__name__
            first = arrays[node.inputs[0].name]
            bad = operator.outside_domain(first)
            if bad is not None:
                raise DomainError(name, node.name, operator.requirement, first, bad)
            require_finite(value, name, node.name, "the result overflowed")


def _require_broadcastable(node: Node, args: list[np.ndarray]) -> None:
    try:
        np.broadcast_shapes(*(a.shape for a in args))
    except ValueError:
        described = " and ".join(
            f"{p.name} {a.shape}" for p, a in zip(node.inputs, args, strict=True)
        )
        raise ShapeError(
            f"{type(node.operator).__name__} at node {node.name!r}: operands cannot be "
            f"broadcast together (numpy's rules), got {described}"
        ) from None
