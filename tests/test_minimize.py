"""bp.minimize: gradient descent over many samples stops where the loss stops falling.

With more samples than parameters no line passes through every point, so the least loss is
positive and the place to stop is where the gradient vanishes (section 1.4.8). Checked against
numpy's least squares, and against finite differences of the loss itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bp

STEP = 1e-6


def line() -> bp.Graph:
    w, x, b = bp.Input("w"), bp.Input("x"), bp.Input("b")
    return bp.Graph(bp.Add()(bp.Multiply()(w, x, name="wx"), b, name="E"))


def loss(xs: np.ndarray, ys: np.ndarray, w: float, b: float) -> float:
    return 0.5 * float(np.sum((w * xs + b - ys) ** 2))


samples = st.integers(3, 8).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(-3, 3), min_size=n, max_size=n, unique=True).filter(
            lambda xs: np.ptp(xs) > 0.5
        ),
        st.lists(st.floats(-5, 5), min_size=n, max_size=n),
    )
)


@settings(max_examples=40, deadline=None)
@given(samples)
def test_minimize_finds_the_least_squares_line(data):
    xs, ys = np.array(data[0]), np.array(data[1])
    design = np.stack([xs, np.ones_like(xs)], axis=1)
    # A rate below 2 / (largest eigenvalue of the loss's curvature) converges.
    rate = 1.0 / np.linalg.eigvalsh(design.T @ design).max()
    fit = bp.minimize(
        line(),
        ys,
        {"w": 0.0, "b": 0.0},
        data={"x": xs},
        rate=rate,
        tolerance=1e-10,
        max_steps=200_000,
    )
    w, b = float(fit.params["w"]), float(fit.params["b"])
    expected, *_ = np.linalg.lstsq(design, ys, rcond=None)
    assert (w, b) == pytest.approx(tuple(expected), abs=1e-7)
    # The loss is flat there: a central difference in each parameter is about zero.
    for dw, db in ((STEP, 0.0), (0.0, STEP)):
        slope = (loss(xs, ys, w + dw, b + db) - loss(xs, ys, w - dw, b - db)) / (2 * STEP)
        assert abs(slope) < 1e-5


def test_with_many_samples_the_least_loss_is_positive_and_descend_never_stops():
    xs, ys = [0.0, 1.0, 2.0, 3.0], [1.0, 2.9, 5.2, 6.8]
    fit = bp.minimize(line(), ys, {"w": 0.0, "b": 0.0}, data={"x": xs}, rate=0.05)
    assert fit.steps[-1].loss == pytest.approx(0.0415, abs=1e-9)
    with pytest.raises(bp.ConvergenceError):
        bp.descend(line(), ys, {"w": 0.0, "b": 0.0}, data={"x": xs}, rate=0.05, max_steps=2000)


def test_minimize_reports_a_gradient_that_does_not_vanish_in_time():
    with pytest.raises(bp.ConvergenceError, match=r"\|dL/dparameter\|"):
        bp.minimize(
            line(), [1.0, 3.0], {"w": 0.0, "b": 0.0}, data={"x": [0.0, 1.0]}, rate=0.01, max_steps=3
        )
    with pytest.raises(bp.ArgumentError, match="tolerance"):
        bp.minimize(
            line(),
            [1.0, 3.0],
            {"w": 0.0, "b": 0.0},
            data={"x": [0.0, 1.0]},
            rate=0.01,
            tolerance=-1.0,
        )
