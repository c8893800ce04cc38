"""The exceptions bp raises, so that callers can catch exactly the failures they expect.

Every bp error is a value you can ship: it pickles and copies with its message, its fields
and its notes intact, so it survives ``multiprocessing`` and ``concurrent.futures``. All of
them except ``ConvergenceError`` are subclasses of ``ValueError``: something given to bp was
wrong.
"""

from __future__ import annotations

import reprlib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

_short = reprlib.Repr()
_short.maxstring = _short.maxother = 60
_PLAIN = (bool, int, float, complex, str, bytes, type(None), Decimal, Fraction, np.generic)


class _ShippableError(Exception):
    """Pickle and copy as (class, args, attributes), whatever the subclass's ``__init__`` takes.

    The default ``BaseException.__reduce__`` calls ``cls(*self.args)`` again, which fails
    for an ``__init__`` whose parameters are not the message.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.args, dict(self.__dict__))


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]):
    error = cls.__new__(cls, *args)
    BaseException.__init__(error, *args)
    error.__dict__.update(state)
    return error


class DomainError(_ShippableError, ValueError):
    """A value lies outside the set where an operator, or the error-division method, is defined.

    bp raises this instead of letting numpy return NaN or inf, which would travel silently
    through the rest of the graph, and instead of accepting a value that is not a real number
    (a complex, masked, string, None or object value, or an int too large for float64). The
    message names the operator (or the bp function), the node, what was required, and the
    first offending value (with its index, for arrays); the same are in ``operator``,
    ``node``, ``requirement``, ``value`` and ``index``.
    """

    def __init__(
        self,
        operator: str,
        node: str,
        requirement: str,
        value: object,
        bad: np.ndarray | None = None,
    ) -> None:
        self.operator = operator
        self.node = node
        self.requirement = requirement
        self.index, element = first_offending(value, bad)
        # Kept as is when it pickles for sure, so that the error ships; otherwise as text.
        self.value = element if isinstance(element, _PLAIN) else _short.repr(element)
        where = "" if self.index is None else f" at index {self.index}"
        super().__init__(
            f"{operator} at node {node!r}: {requirement}, got {_short.repr(element)}{where}"
        )


class ShapeError(_ShippableError, ValueError):
    """Operands, a target or a gradient have shapes that numpy's broadcasting rules reject."""


class GraphError(_ShippableError, ValueError):
    """The graph itself is unusable: a cycle, two nodes with one name, a name that is not
    allowed, an operator given the wrong number of inputs, values that another graph (not
    this one) computed, or a graph that error division cannot divide through (more than one
    input, or an output whose shape is not the input's)."""


class ArgumentError(_ShippableError, ValueError):
    """An argument that is not a graph value is invalid: a missing or unknown input, an
    operator's constant or exponent, or a solver's tolerance or step limit."""


class ConvergenceError(_ShippableError, RuntimeError):
    """The error-division iteration did not reach its tolerance within its step limit."""


def first_offending(
    value: object, bad: np.ndarray | None = None
) -> tuple[tuple[int, ...] | None, object]:
    """Return ``(index, element)`` of the first element flagged in ``bad`` (default: the first).

    The index is None for a 0-d array or a value that is not an array, which keeps messages
    about scalars short. The element is a plain Python object (float, complex, str, None, …).
    """
    if not isinstance(value, np.ndarray):
        return None, value
    if value.ndim == 0:
        return None, _plain(value[()])
    if value.size == 0:
        return None, _plain(value)
    flat = int(np.flatnonzero(bad)[0]) if bad is not None and bad.any() else 0
    index = tuple(int(i) for i in np.unravel_index(flat, value.shape))
    return index, _plain(value[index])


def _plain(element: object) -> object:
    return element.item() if isinstance(element, np.generic) else element
