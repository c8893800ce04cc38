"""The example's computation: a right triangle's sides and hypotenuse."""

import math

SIDES = (3.0, 4.5)


def hypotenuse(a: float, b: float) -> float:
    return math.hypot(a, b)
