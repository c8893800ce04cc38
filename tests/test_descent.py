"""Gradient descent (section 1.4): gradients against finite differences, the Newton step, errors."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bp
from tests.chain import build_chain


def square_graph() -> bp.Graph:
    x = bp.Input("x")
    return bp.Graph(bp.Square()(x, name="y"))


def linear_graph() -> bp.Graph:
    w, x, b = bp.Input("w"), bp.Input("x"), bp.Input("b")
    wx = bp.Multiply()(w, x, name="wx")
    return bp.Graph(bp.Add()(bp.Sum()(wx, name="z"), b, name="E"))


def loss(graph: bp.Graph, target: float, **inputs) -> float:
    output = graph.forward(**inputs)[graph.output.name]
    return 0.5 * float(np.sum((output - target) ** 2))


def first_step(graph, target, params, data=None) -> bp.DescentStep:
    return next(bp.descent_steps(graph, target, params, rate=0.1, data=data))


@settings(max_examples=60, deadline=None)
@given(
    start=st.floats(0.2, 5.0),
    target=st.floats(-0.5, 1.5),
)
def test_chain_gradient_is_the_loss_slope(start, target):
    graph = build_chain()
    step = first_step(graph, target, {"X": start})
    h = 1e-6 * max(1.0, abs(start))
    slope = (loss(graph, target, X=start + h) - loss(graph, target, X=start - h)) / (2 * h)
    assert float(step.gradient["X"]) == pytest.approx(slope, rel=1e-5, abs=1e-9)
    assert step.loss == pytest.approx(loss(graph, target, X=start), rel=1e-15)


@settings(max_examples=40, deadline=None)
@given(
    w=st.lists(st.floats(-3, 3), min_size=3, max_size=3),
    x=st.lists(st.floats(-3, 3), min_size=3, max_size=3),
    b=st.floats(-3, 3),
    target=st.floats(-3, 3),
)
def test_every_parameter_gradient_is_the_loss_slope(w, x, b, target):
    graph = linear_graph()
    params = {"w": np.array(w), "b": b}
    step = first_step(graph, target, params, data={"x": x})
    h = 1e-6
    for i in range(3):
        up, down = np.array(w), np.array(w)
        up[i] += h
        down[i] -= h
        slope = (loss(graph, target, w=up, x=x, b=b) - loss(graph, target, w=down, x=x, b=b)) / (
            2 * h
        )
        assert step.gradient["w"][i] == pytest.approx(slope, rel=1e-5, abs=1e-7)
    slope_b = (loss(graph, target, w=w, x=x, b=b + h) - loss(graph, target, w=w, x=x, b=b - h)) / (
        2 * h
    )
    assert float(step.gradient["b"]) == pytest.approx(slope_b, rel=1e-5, abs=1e-7)


@settings(max_examples=60, deadline=None)
@given(start=st.floats(0.2, 5.0), target=st.floats(0.0, 1.2))
def test_rate_one_over_slope_squared_is_the_chapters_division(start, target):
    """Section 1.4.1's claim: one step with η = 1/(dE/dX)² lands where ΔX = ΔE/(dE/dX) does."""
    graph = build_chain()
    values = graph.forward(X=start)
    slope = float(graph.backward(values)["X"])
    rate = 1 / slope**2
    step = next(bp.descent_steps(graph, target, {"X": start}, rate=rate))
    landed = start - rate * float(step.gradient["X"])
    delta_x = float(bp.propagate_error(graph, values, target)["X"])
    assert landed == pytest.approx(start + delta_x, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("rate", [0.01, 0.05, 0.0625, 0.1])
def test_rates_below_the_limit_converge(rate):
    result = bp.descend(square_graph(), 4.0, {"x": 1.99}, rate=rate)
    assert abs(float(result.output) - 4.0) <= 1e-12
    assert float(result.params["x"]) == pytest.approx(2.0, abs=1e-12)
    losses = [step.loss for step in result.steps]
    if rate <= 1 / 16:  # below 1/(dy/dx)² the loss falls at every step
        assert all(later < earlier for earlier, later in itertools.pairwise(losses))


def test_rate_beyond_the_limit_does_not_converge():
    with pytest.raises(bp.ConvergenceError, match=r"rate 0\.13 did not reach"):
        bp.descend(square_graph(), 4.0, {"x": 1.99}, rate=0.13, max_steps=500)


def test_descent_finds_the_shortest_change_for_many_parameters():
    """Every step is along (x₁, x₂, 1), so the change is the minimum-norm solution."""
    start = {"w": np.array([0.5, -0.3]), "b": 0.1}
    x = np.array([1.0, 2.0])
    result = bp.descend(linear_graph(), 0.5, start, data={"x": x}, rate=0.1)
    change = np.append(result.params["w"] - start["w"], result.params["b"] - start["b"])
    direction = np.append(x, 1.0)
    error = 0.5 - (start["w"] @ x + start["b"])
    np.testing.assert_allclose(change, error * direction / (direction @ direction), atol=1e-12)


def test_steps_do_not_share_arrays():
    steps = bp.descent_steps(square_graph(), 4.0, {"x": np.array([1.5, 2.5])}, rate=0.01)
    first = next(steps)
    first.params["x"][0] = 100.0
    first.gradient["x"][:] = 0.0
    second = next(steps)
    assert second.params["x"][0] != 100.0
    assert np.all(second.gradient["x"] != 0.0)


def test_zero_steps_when_already_at_the_target():
    result = bp.descend(square_graph(), 4.0, {"x": 2.0}, rate=0.05)
    assert result.steps == ()


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        (0.0, "rate must be positive"),
        (-0.1, "rate must be positive"),
        (math.nan, "rate must be finite"),
        (math.inf, "rate must be finite"),
        ("0.1", "rate must be a real number"),
        (True, "rate must be a real number"),
    ],
)
def test_bad_rates_are_refused_when_called(rate, message):
    with pytest.raises(ValueError, match=message):
        bp.descent_steps(square_graph(), 4.0, {"x": 1.0}, rate=rate)


@pytest.mark.parametrize(
    ("params", "data", "message"),
    [
        ({"z": 1.0}, {}, "'z' is not an input"),
        ({}, {"x": 1.0}, "at least one parameter"),
        ({"x": 1.0}, {"x": 1.0}, "both as a parameter and as data"),
    ],
)
def test_names_must_match_the_graph(params, data, message):
    with pytest.raises(ValueError, match=message):
        bp.descent_steps(square_graph(), 4.0, params, rate=0.1, data=data)


@pytest.mark.parametrize("target", [math.nan, "4", None, 4 + 1j])
def test_bad_targets_are_refused(target):
    with pytest.raises(bp.DomainError, match="the target"):
        bp.descent_steps(square_graph(), target, {"x": 1.0}, rate=0.1)


def test_a_target_larger_than_the_output_is_a_shape_error():
    steps = bp.descent_steps(square_graph(), [4.0, 9.0], {"x": 1.0}, rate=0.1)
    with pytest.raises(bp.ShapeError, match=r"target has shape \(2,\)"):
        next(steps)


def test_a_bad_start_names_the_parameter():
    with pytest.raises(bp.DomainError, match="'x'"):
        bp.descent_steps(square_graph(), 4.0, {"x": [1.0, math.inf]}, rate=0.1)


def test_every_input_needs_a_value():
    with pytest.raises(ValueError, match=r"no value for input\(s\) \['x'\]"):
        bp.descent_steps(linear_graph(), 0.5, {"w": [1.0, 1.0], "b": 0.0}, rate=0.1)


@pytest.mark.parametrize(
    ("keyword", "value", "message"),
    [
        ("tolerance", -1.0, "tolerance must be ≥ 0"),
        ("tolerance", math.nan, "tolerance must be finite"),
        ("max_steps", -1, "max_steps must be a whole number"),
        ("max_steps", 2.5, "max_steps must be a whole number"),
    ],
)
def test_bad_stopping_rules_are_refused(keyword, value, message):
    with pytest.raises(ValueError, match=message):
        bp.descend(square_graph(), 4.0, {"x": 1.0}, rate=0.1, **{keyword: value})


def test_an_overflowing_step_is_a_domain_error_not_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(bp.DomainError, match="try a smaller rate"):
            bp.descend(square_graph(), 4.0, {"x": 3.0}, rate=1e308, max_steps=5)


def test_leaving_the_domain_is_a_domain_error():
    """From x = 1 towards ln x = −5, a step with η = 1 lands at x = −4, where ln is undefined."""
    x = bp.Input("x")
    log = bp.Graph(bp.Ln()(x, name="y"))
    with pytest.raises(bp.DomainError, match="Ln"):
        bp.descend(log, -5.0, {"x": 1.0}, rate=1.0, max_steps=5)
