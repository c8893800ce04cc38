"""The operators of figure 1.3.1: each one computes forward and passes gradients backward.

The chapter says every operator implements two methods, forward computation and back
propagation; these classes are exactly that, in the shape of PyTorch's ``autograd.Function``:
``forward(*inputs)`` returns the output, ``derivative(*inputs, output=...)`` returns the local
partial derivatives, and ``backward(grad_output, ...)`` multiplies them into the incoming
gradient (the chain rule, one link at a time). Each operator writes its derivative once, in
``derivative``; ``backward`` is the same for all.

Operators hold no state about a particular evaluation, so one graph can be evaluated many
times (as the error-division iteration does) without anything stale being reused.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from bp.node import ONE, Node
from bp.validate import real_constant, whole_number


class Operator(ABC):
    """One octagon of the computation graph.

    Subclasses set ``symbol`` (what the figure prints in the octagon) and
    ``derivative_tex`` (the local derivative with respect to the first input, as the
    chapter writes it in TeX; ``{0}``, ``{1}``, … stand for the inputs' names in order, so
    ``Square`` renders ``2{0}`` as ``2A`` and ``Multiply`` renders ``{1}``, d(a·b)/da = b,
    as ``b``). The TeX is how a reader sees the formula, not a second source of it: a test
    evaluates it against ``derivative`` at random points.

    ``derivative`` is the one source of each local derivative; ``backward`` multiplies it
    into the incoming gradient. An operator overrides ``backward`` only where a benchmark
    shows it faster (``benchmarks/bp_arrays.py --before``), and the tests check at random
    points that it equals ``grad_output * derivative`` summed to each input's shape.
    ``backward`` may return ``grad_output`` itself, and the graph copies it; any other array
    it returns must be new.

    An operator defined only above a bound sets ``lower_bound``, ``bound_included`` and the
    ``requirement`` its error message states; its ``forward`` must give NaN or ±inf there
    (numpy's log and sqrt do), because the graph checks domains only when the output is not
    finite. One whose finite inputs always give a finite output sets ``can_overflow =
    False``. One that can turn a non-finite input into a finite output (exp(−∞) = 0) sets
    ``propagates_non_finite = False``, so that the graph tests its inputs.
    """

    arity: ClassVar[int] = 1
    symbol: ClassVar[str]
    derivative_tex: ClassVar[str]
    lower_bound: ClassVar[float | None] = None
    bound_included: ClassVar[bool] = False
    requirement: ClassVar[str] = ""
    can_overflow: ClassVar[bool] = True
    propagates_non_finite: ClassVar[bool] = True

    def __call__(self, *inputs: Node, name: str | None = None) -> Node:
        """Apply the operator to graph nodes, giving a new node (no computation happens yet)."""
        if len(inputs) != self.arity:
            raise TypeError(f"{self!r} takes {self.arity} input(s), got {len(inputs)}")
        for node in inputs:
            if not isinstance(node, Node):
                raise TypeError(f"{self!r} takes graph nodes, got {type(node).__name__}")
        return Node(name=name, operator=self, inputs=inputs)

    @abstractmethod
    def forward(self, *inputs: np.ndarray) -> np.ndarray:
        """The output for these input values."""

    @abstractmethod
    def derivative(self, *inputs: np.ndarray, output: np.ndarray) -> tuple[np.ndarray, ...]:
        """The local partial derivatives d(output)/d(input), one per input.

        Each broadcasts to the input's shape; a derivative that is 1 everywhere is ``ONE``,
        so that ``backward`` passes the gradient through instead of multiplying by ones.
        Each is ``ONE``, one of the operator's inputs or its output, or a new array, which
        ``backward`` may then overwrite with the product (so it must be kept nowhere else).
        """

    def backward(
        self, grad_output: np.ndarray, *inputs: np.ndarray, output: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        """Gradients for each input, given the gradient arriving at the output.

        Each is ``grad_output`` times the local derivative, summed over the axes along which
        the input was broadcast, so that it has the input's shape. A derivative computed
        afresh is multiplied in place, so each input costs one new array at most.
        """
        derivatives = self.derivative(*inputs, output=output)
        grads = []
        for i, (local, x) in enumerate(zip(derivatives, inputs, strict=True)):
            others = derivatives[:i] + derivatives[i + 1 :]
            grads.append(_chain_link(grad_output, local, np.shape(x), (output, *inputs, *others)))
        return tuple(grads)

    def outside_domain(self, x: np.ndarray) -> np.ndarray | None:
        """Where ``x`` breaks ``lower_bound``: a boolean mask, or None if nothing does.

        One reduction (``min``) answers the common case; the mask is built only on failure.
        """
        if self.lower_bound is None or x.size == 0:
            return None
        low = x.min()
        if low > self.lower_bound or (self.bound_included and low == self.lower_bound):
            return None
        return (x < self.lower_bound) if self.bound_included else (x <= self.lower_bound)

    @property
    def label(self) -> str:
        """The text in the octagon of figure 1.3.1."""
        return self.symbol

    @property
    def constant(self) -> float | None:
        """The other operand drawn above the octagon (the "1" of X + 1), if there is one."""
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class AddConstant(Operator):
    """``A = X + c`` (the chapter's A = X + 1); dA/dX = 1."""

    symbol = "+"
    derivative_tex = "1"

    def __init__(self, constant: float) -> None:
        self._added = real_constant(constant, f"{type(self).__name__}: the constant")

    @property
    def constant(self) -> float:
        """The constant c (read-only, so that a graph cannot change under its values)."""
        return self._added

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x + self._added

    def derivative(self, x: np.ndarray, *, output: np.ndarray) -> tuple[np.ndarray]:
        return (ONE,)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.constant:g})"


class SubtractConstant(AddConstant):
    """``E = D − c`` (the chapter's E = D − 1): adding −c, so dE/dD = 1 as for AddConstant."""

    symbol = "−"

    def __init__(self, constant: float) -> None:
        # Checked before negating, so that an error quotes the constant as given.
        super().__init__(-real_constant(constant, f"{type(self).__name__}: the constant"))

    @property
    def constant(self) -> float:
        return -self._added


class Square(Operator):
    """``B = A²``; dB/dA = 2A."""

    symbol = "x²"
    derivative_tex = "2{0}"

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x * x

    def derivative(self, x: np.ndarray, *, output: np.ndarray) -> tuple[np.ndarray]:
        return (2.0 * x,)


class Ln(Operator):
    """``C = ln B``, defined for B > 0; dC/dB = 1/B."""

    symbol = "ln"
    derivative_tex = r"\frac{{1}}{{{0}}}"
    lower_bound = 0.0
    requirement = "ln needs an input > 0"
    can_overflow = False

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.log(x)

    def derivative(self, x: np.ndarray, *, output: np.ndarray) -> tuple[np.ndarray]:
        return (1.0 / x,)


class Sqrt(Operator):
    """``D = √C``, defined for C ≥ 0; dD/dC = 1/(2√C), which needs C > 0."""

    symbol = "√"
    derivative_tex = r"\frac{{1}}{{2\sqrt{{{0}}}}}"
    lower_bound = 0.0
    bound_included = True
    requirement = "square root needs an input ≥ 0"
    can_overflow = False

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.sqrt(x)

    def derivative(self, x: np.ndarray, *, output: np.ndarray) -> tuple[np.ndarray]:
        return (0.5 / output,)  # 1/(2√C) from the output √C, which forward computed already


class Exp(Operator):
    """``y = eˣ``; dy/dx = eˣ (the output itself)."""

    symbol = "exp"
    derivative_tex = r"e^{{{0}}}"
    propagates_non_finite = False  # exp(−∞) = 0

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.exp(x)

    def derivative(self, x: np.ndarray, *, output: np.ndarray) -> tuple[np.ndarray]:
        return (output,)


class Power(Operator):
    """``y = xⁿ`` for a whole number n ≥ 1; dy/dx = n·xⁿ⁻¹ (Square is the case n = 2)."""

    def __init__(self, exponent: int) -> None:
        # Up to 2**53, where float64 still holds every whole number, as numpy needs it.
        self._exponent = whole_number(exponent, "Power: the exponent", 1, 2**53)

    symbol = "xⁿ"
    derivative_tex = "n{0}^{{n-1}}"

    @property
    def exponent(self) -> int:
        """The exponent n (read-only, so that a graph cannot change under its values)."""
        return self._exponent

    @property
    def label(self) -> str:
        return f"x^{self.exponent}"

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x**self.exponent

    def derivative(self, x: np.ndarray, *, output: np.ndarray) -> tuple[np.ndarray]:
        return (self.exponent * x ** (self.exponent - 1),)

    def __repr__(self) -> str:
        return f"Power({self.exponent})"


class Add(Operator):
    """``c = a + b``, broadcast with numpy's rules; dc/da = dc/db = 1."""

    arity = 2
    symbol = "+"
    derivative_tex = "1"

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a + b

    def derivative(
        self, a: np.ndarray, b: np.ndarray, *, output: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        return (ONE, ONE)


class Multiply(Operator):
    """``c = a · b`` elementwise, broadcast with numpy's rules; dc/da = b, dc/db = a."""

    arity = 2
    symbol = "×"
    derivative_tex = "{1}"

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a * b

    def derivative(
        self, a: np.ndarray, b: np.ndarray, *, output: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        return (b, a)


class Sum(Operator):
    """``s = Σ xᵢ``: reduces an array to a scalar (with Multiply, a dot product w·x)."""

    symbol = "Σ"
    derivative_tex = "1"

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.sum(x)

    def derivative(self, x: np.ndarray, *, output: np.ndarray) -> tuple[np.ndarray]:
        return (ONE,)  # for every element: the gradient is broadcast back to x's shape


def _chain_link(
    grad: np.ndarray, local: np.ndarray, shape: tuple[int, ...], kept: tuple[np.ndarray, ...]
) -> np.ndarray:
    """``grad · local`` with ``shape``: the chain rule for one input, with no needless pass.

    A factor that is ``ONE`` (a pass-through derivative, or the default seed) is not
    multiplied by. A ``local`` that no one else holds (neither ``grad`` nor any of
    ``kept``: the operator's values, its other derivatives) takes the product in place, as
    no value is kept in it.
    """
    local = np.asarray(local)  # the same array when it is one already
    if _is_one(local):
        product = grad
    elif _is_one(grad):
        product = local if local.shape == grad.shape else np.broadcast_to(local, grad.shape)
    elif (
        local.dtype == np.float64
        and local.flags.writeable
        and local.shape == np.broadcast_shapes(local.shape, grad.shape)
        and not any(np.may_share_memory(local, a) for a in (grad, *kept))
    ):
        product = np.multiply(local, grad, out=local)
    else:
        product = np.multiply(grad, local)
    if product.shape == shape:
        return product
    if np.broadcast_shapes(product.shape, shape) == shape:
        return np.broadcast_to(product, shape)  # Sum: each element's gradient is the output's
    return sum_to_shape(product, shape)


def _is_one(array: np.ndarray) -> bool:
    """Whether ``array`` is ``ONE`` or a broadcast of it (its memory is ONE's)."""
    return np.may_share_memory(array, ONE)


def sum_to_shape(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``grad`` summed over the axes that broadcasting added or stretched to reach its shape.

    This is the gradient of an operand that numpy broadcast to ``grad``'s shape: every copy
    of an element contributed to the output, so their gradients add up (as in PyTorch).
    ``grad`` itself is returned when it already has ``shape``; otherwise a new array.
    """
    if np.shape(grad) == shape:
        return grad
    extra = np.ndim(grad) - len(shape)
    stretched = [extra + i for i, n in enumerate(shape) if n == 1 and grad.shape[extra + i] != 1]
    summed = np.sum(grad, axis=(*range(extra), *stretched), keepdims=False)
    return np.asarray(summed, dtype=np.float64).reshape(shape)
