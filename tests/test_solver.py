"""The chapter's error-division method, step by step and iterated."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bp
from tests.chain import build_chain

# No numpy warning may escape bp: every one fails the test that meets it.
pytestmark = pytest.mark.filterwarnings("error")


def test_one_step_from_x_equals_2_is_the_chapters_step_by_step_formula(chain):
    values = chain.forward(X=2.0)
    deltas = bp.propagate_error(chain, values, 0.5)
    A, B, C = (float(values[n]) for n in "ABC")
    delta_E = 0.5 - float(values["E"])
    # (1.3.6): ΔD = ΔE, ΔC = 2√C·ΔD, ΔB = B·ΔC, ΔA = ΔB/(2A), ΔX = ΔA
    assert deltas["E"] == pytest.approx(delta_E, rel=1e-15)
    assert deltas["D"] == pytest.approx(delta_E, rel=1e-15)
    assert deltas["C"] == pytest.approx(2 * math.sqrt(C) * delta_E, rel=1e-14)
    assert deltas["B"] == pytest.approx(B * deltas["C"], rel=1e-14)
    assert deltas["A"] == pytest.approx(deltas["B"] / (2 * A), rel=1e-14)
    # (1.3.7): ΔX = B·√C·ΔE / A
    assert deltas["X"] == pytest.approx(B * math.sqrt(C) * delta_E / A, rel=1e-14)
    assert round(float(deltas["X"]), 4) == 0.0787


def test_the_simple_example_y_equals_x_squared():
    x = bp.Input("x")
    graph = bp.Graph(bp.Square()(x, name="y"))
    values = graph.forward(x=1.99)
    delta_x = bp.propagate_error(graph, values, 4.0)["x"]
    assert delta_x == pytest.approx((4 - 1.99**2) / (2 * 1.99), rel=1e-14)


def test_iteration_reaches_the_closed_form_answer_quadratically(chain):
    solution = bp.solve(chain, 0.5, 2.0, tolerance=1e-12)
    assert solution.x == pytest.approx(math.exp(1.125) - 1, abs=1e-12)
    errors = [abs(float(step.error)) for step in solution.steps]
    assert len(errors) >= 2
    for before, after in itertools.pairwise(errors):
        assert after < 5 * before**2  # Newton: the error roughly squares
    first = solution.steps[0]
    assert (float(first.x), round(float(first.delta_x), 4)) == (2.0, 0.0787)


@settings(deadline=None)  # a loaded machine makes single examples slow
@given(target=st.floats(0.05, 3.0), start=st.floats(-50.0, 50.0))
def test_iteration_either_solves_or_says_why(target, start):
    """Newton may overshoot into the other root (X < −2) or out of the domain, never to NaN."""
    try:
        solution = bp.solve(build_chain(), target, start, tolerance=1e-10, max_steps=100)
    except (bp.DomainError, bp.ConvergenceError):
        return
    assert abs(float(solution.x) + 1) == pytest.approx(math.exp((target + 1) ** 2 / 2), rel=1e-8)
    assert np.isfinite(solution.x)


@settings(deadline=None)  # a loaded machine makes single examples slow
@given(target=st.floats(0.05, 1.0))
def test_iteration_from_near_the_root_converges_to_it(target):
    root = math.exp((target + 1) ** 2 / 2) - 1
    solution = bp.solve(build_chain(), target, root * 1.05, tolerance=1e-10)
    assert solution.x == pytest.approx(root, rel=1e-9)


def test_arrays_iterate_elementwise(chain):
    solution = bp.solve(chain, np.array([0.5, 0.6]), np.array([2.0, 2.0]))
    np.testing.assert_allclose(solution.x, np.exp(np.array([1.5, 1.6]) ** 2 / 2) - 1, rtol=1e-12)


def test_zero_derivative_is_a_clear_error():
    x = bp.Input("x")
    graph = bp.Graph(bp.Square()(x, name="y"))
    with pytest.raises(bp.DomainError, match=r"dy/dx must be non-zero.*got 0\.0"):
        bp.propagate_error(graph, graph.forward(x=0.0), 4.0)


def test_leaving_the_domain_names_the_step(chain):
    with pytest.raises(bp.DomainError) as caught:
        bp.solve(chain, 0.5, -1.5)
    assert "Sqrt at node 'D'" in str(caught.value)
    assert any("step 1" in note for note in caught.value.__notes__)


def test_no_convergence_is_an_error(chain):
    with pytest.raises(bp.ConvergenceError, match="within 1 steps"):
        bp.solve(chain, 0.5, 2.0, max_steps=1)


def test_error_division_needs_a_single_input():
    w, x = bp.Input("w"), bp.Input("x")
    graph = bp.Graph(bp.Sum()(bp.Multiply()(w, x, name="wx"), name="z"))
    values = graph.forward(w=[1.0, 2.0], x=[3.0, 4.0])
    with pytest.raises(ValueError, match=r"one input.*gradient"):
        bp.propagate_error(graph, values, 1.0)
    with pytest.raises(ValueError, match="one input"):
        bp.solve(graph, 1.0, 0.0)
    one = bp.Input("v")
    reduced = bp.Graph(bp.Sum()(one, name="s"))
    with pytest.raises(ValueError, match="shape of input"):
        bp.propagate_error(reduced, reduced.forward(v=[1.0, 2.0]), 5.0)


def _x_plus_square_of_x_minus_1() -> bp.Graph:
    """y = x + (x − 1)²: at x = 1 the inner slope dy/ds = 2s is 0, but dy/dx = 1."""
    x = bp.Input("x")
    s = bp.SubtractConstant(1)(x, name="s")
    return bp.Graph(bp.Add()(x, bp.Square()(s, name="q"), name="y"))


@pytest.mark.filterwarnings("error")
def test_solve_needs_only_the_overall_derivative_to_be_non_zero():
    graph = _x_plus_square_of_x_minus_1()
    solution = bp.solve(graph, 3.0, 1.0)
    assert float(solution.x) ** 2 - float(solution.x) == pytest.approx(2.0, abs=1e-12)  # x = 2
    first = solution.steps[0]
    assert (float(first.x), float(first.delta_x)) == (1.0, 2.0)  # Δx = Δy / (dy/dx) = 2 / 1


@pytest.mark.filterwarnings("error")
def test_propagate_error_names_the_node_whose_slope_is_zero():
    graph = _x_plus_square_of_x_minus_1()
    with pytest.raises(
        bp.DomainError,
        match=r"error division at node 's': dy/ds must be non-zero.*solve needs only dy/dx ≠ 0",
    ):
        bp.propagate_error(graph, graph.forward(x=1.0), 3.0)


@pytest.mark.filterwarnings("error")
def test_solve_at_a_zero_overall_derivative_is_a_clear_error():
    x = bp.Input("x")
    graph = bp.Graph(bp.Square()(x, name="y"))
    with pytest.raises(bp.DomainError, match=r"solve at node 'x': Newton's method needs dy/dx ≠ 0"):
        bp.solve(graph, 4.0, 0.0)


@pytest.mark.filterwarnings("error")
def test_solve_and_propagate_error_take_the_same_step(chain):
    values = chain.forward(X=2.0)
    delta_x = bp.propagate_error(chain, values, 0.5)["X"]
    assert float(bp.solve(chain, 0.5, 2.0).steps[0].delta_x) == float(delta_x)


def test_zero_steps_checks_the_start_only(chain):
    root = math.exp(1.125) - 1
    assert bp.solve(chain, 0.5, root, max_steps=0, tolerance=1e-12).steps == ()
    with pytest.raises(bp.ConvergenceError, match="within 0 steps"):
        bp.solve(chain, 0.5, 2.0, max_steps=0)


@pytest.mark.filterwarnings("error")
def test_a_step_that_overflows_is_a_domain_error_with_the_step_number():
    x = bp.Input("x")
    graph = bp.Graph(bp.Power(3)(x, name="y"))  # from x = 1e-160, Δx = 8 / 3e-320 overflows
    with pytest.raises(bp.DomainError, match=r"solve at node .x.: Δx overflowed") as caught:
        bp.solve(graph, 8.0, 1e-160)
    assert any("step 1" in note for note in caught.value.__notes__)
