"""Turning what a caller passes into float64 arrays and numbers, or a bp error saying why not.

numpy converts almost anything to float64, and much of it silently wrongly: the imaginary part
of a complex number is dropped (with only a ComplexWarning), a masked array's mask is ignored,
the string "2.0" is parsed, None becomes NaN. bp accepts real numbers only, and says which
element of which argument is not one.
"""

from __future__ import annotations

import numbers
from decimal import Decimal

import numpy as np
from numpy.typing import ArrayLike

from bp.errors import ArgumentError, DomainError

_NUMERIC_KINDS = "biuf"  # bool, signed and unsigned ints, floats: exact or rounded in float64


def real_array(value: ArrayLike, operator: str, node: str, what: str) -> np.ndarray:
    """``value`` as a float64 array (no copy when it already is one), checked to be finite.

    ``operator``, ``node`` and ``what`` ("inputs", "the target", …) go into the error.

    Raises:
        DomainError: ``value`` is None, a string, complex, masked, an object array with an
            element that is not a real number, too large for float64, or not finite.
    """
    array = as_float64(value, operator, node, what)
    require_finite(array, operator, node, f"{what} must be finite")
    return array


def require_finite(array: np.ndarray, operator: str, node: str, requirement: str) -> None:
    """Raise ``DomainError`` naming the first non-finite element of ``array``, if there is one."""
    finite = np.isfinite(array)
    if not finite.all():
        raise DomainError(operator, node, requirement, array, ~finite)


def all_finite(array: np.ndarray) -> bool:
    """Whether every element is finite, in one pass and without a temporary array.

    The sum of the elements is NaN or ±inf if any element is. It can also overflow when all
    are finite; that false alarm only sends the caller to its exact, element-by-element check.
    """
    with np.errstate(all="ignore"):
        return bool(np.isfinite(np.add.reduce(array, axis=None)))


def as_float64(value: ArrayLike, operator: str, node: str, what: str) -> np.ndarray:
    """``value`` as a float64 array (no copy when it already is one), not yet tested for
    NaN or ±inf; ``real_array`` lists what it rejects."""
    if value is None or isinstance(value, str | bytes):
        raise DomainError(operator, node, f"{what} must be real numbers", value)
    if isinstance(value, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(value)
        if mask.any():
            requirement = f"{what} must not be masked (fill the masked elements first)"
            raise DomainError(operator, node, requirement, np.asarray(value.data), mask)
        value = value.data
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged nested lists, objects numpy rejects
        raise DomainError(
            operator, node, f"{what} must be a number or a rectangular array of numbers", value
        ) from error
    kind = array.dtype.kind
    if kind in _NUMERIC_KINDS:
        with np.errstate(over="ignore"):
            result = array.astype(np.float64, copy=False)
        if kind == "f" and array.dtype.itemsize > 8:  # long double: beyond float64's range?
            overflowed = np.isfinite(array) & ~np.isfinite(result)
            if overflowed.any():
                requirement = f"{what} must fit in float64 (|x| < 1.8e308)"
                raise DomainError(operator, node, requirement, array, overflowed)
        return result
    if kind == "c":
        imaginary = array.imag != 0
        raise DomainError(operator, node, f"{what} must be real, not complex", array, imaginary)
    if kind == "O":
        return _objects_as_float64(array, operator, node, what)
    raise DomainError(operator, node, f"{what} must be real numbers, not {array.dtype}", array)


def _objects_as_float64(array: np.ndarray, operator: str, node: str, what: str) -> np.ndarray:
    """An object array (Python ints beyond int64, Fractions, Decimals, …), element by element."""
    result = np.empty(array.shape, dtype=np.float64)
    for index in np.ndindex(array.shape):
        element = array[index]
        if not _is_real(element):
            bad = np.zeros(array.shape, dtype=bool)
            bad[index] = True
            raise DomainError(operator, node, f"{what} must be real numbers", array, bad)
        try:
            result[index] = float(element)
        except (OverflowError, ValueError) as error:  # too large; or a signalling NaN
            bad = np.zeros(array.shape, dtype=bool)
            bad[index] = True
            requirement = (
                f"{what} must fit in float64 (|x| < 1.8e308)"
                if isinstance(error, OverflowError)
                else f"{what} must be finite"
            )
            raise DomainError(operator, node, requirement, array, bad) from None
    return result


def _is_real(element: object) -> bool:
    return isinstance(element, numbers.Real | Decimal) or (
        isinstance(element, np.ndarray) and element.ndim == 0 and element.dtype.kind in "biuf"
    )


def real_constant(value: object, what: str) -> float:
    """``value`` as a finite float, for an operator's constant.

    Raises:
        ArgumentError: ``value`` is not a real number (bools and strings included), is too
            large for float64, or is not finite. The message quotes ``value`` as given.
    """
    if isinstance(value, bool) or not _is_real(value):
        raise ArgumentError(f"{what} must be a real number, got {value!r}")
    try:
        number = float(value)
    except OverflowError:
        raise ArgumentError(f"{what} must fit in float64, got {value!r}") from None
    except ValueError:  # Decimal("sNaN")
        raise ArgumentError(f"{what} must be finite, got {value!r}") from None
    if not np.isfinite(number):
        raise ArgumentError(f"{what} must be finite, got {value!r}")
    return number


def whole_number(value: object, what: str, low: int, high: int) -> int:
    """``value`` as an int in ``[low, high]``; an integral float (3.0) counts, a bool does not.

    Raises:
        ArgumentError: otherwise, quoting ``value`` as given.
    """
    whole = (
        isinstance(value, numbers.Integral)
        or (isinstance(value, float | np.floating) and float(value).is_integer())
    ) and not isinstance(value, bool | np.bool_)
    if not whole or not low <= int(value) <= high:
        raise ArgumentError(f"{what} must be a whole number from {low} to {high}, got {value!r}")
    return int(value)
