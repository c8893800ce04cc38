"""The exceptions bp raises, so that callers can catch exactly the failures they expect."""

from __future__ import annotations

import numpy as np


class DomainError(ValueError):
    """A value lies outside the set where an operator, or the error-division method, is defined.

    bp raises this instead of letting numpy return NaN or inf, which would travel silently
    through the rest of the graph. The message names the operator, the node, what was
    required, and the first offending value (with its index, for arrays).
    """

    def __init__(
        self,
        operator: str,
        node: str,
        requirement: str,
        value: np.ndarray,
        bad: np.ndarray | None = None,
    ) -> None:
        self.operator = operator
        self.node = node
        self.requirement = requirement
        self.index, self.value = first_offending(value, bad)
        where = "" if self.index is None else f" at index {self.index}"
        super().__init__(f"{operator} at node {node!r}: {requirement}, got {self.value!r}{where}")


class ShapeError(ValueError):
    """The operands of an elementwise operator do not have the same shape."""


class ConvergenceError(RuntimeError):
    """The error-division iteration did not reach its tolerance within its step limit."""


def first_offending(
    value: np.ndarray, bad: np.ndarray | None = None
) -> tuple[tuple[int, ...] | None, float]:
    """Return ``(index, value)`` of the first element flagged in ``bad`` (default: the first).

    The index is None for a 0-d array, which keeps messages about scalars short.
    """
    value = np.asarray(value, dtype=np.float64)
    if value.ndim == 0:
        return None, float(value)
    flat = int(np.flatnonzero(bad)[0]) if bad is not None and bad.any() else 0
    index = tuple(int(i) for i in np.unravel_index(flat, value.shape))
    return index, float(value[index])
