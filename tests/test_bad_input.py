"""Bad input, as an adversary would pass it: always a bp error naming where and what.

Every test here runs with numpy warnings turned into errors (``filterwarnings``), so a
warning that escapes bp on any of these paths fails the test.
"""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import bp
from tests.chain import build_chain

pytestmark = pytest.mark.filterwarnings("error")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, r"inputs must be real numbers, got None"),
        ("2.0", r"inputs must be real numbers, got '2\.0'"),
        (b"2.0", r"inputs must be real numbers, got b'2\.0'"),
        (1 + 2j, r"inputs must be real, not complex, got \(1\+2j\)"),
        (np.array([1.0, 2 + 1j]), r"not complex, got \(2\+1j\) at index \(1,\)"),
        (np.array([1.0, 2.0], dtype=complex), r"not complex, got \(1\+0j\) at index \(0,\)"),
        (np.ma.masked_array([1.0, 5.0, 3.0], mask=[0, 1, 0]), r"masked.*got 5\.0 at index \(1,\)"),
        (np.array(["1.0"]), r"inputs must be real numbers, not <U3, got '1\.0' at index \(0,\)"),
        (np.array([1.0, None]), r"inputs must be real numbers, got None at index \(1,\)"),
        ([1.0, "2"], r"not <U32, got '1\.0' at index \(0,\)"),
        ([[1.0, 2.0], [3.0]], r"rectangular array of numbers"),
        (2**1100, r"inputs must fit in float64"),
        (Fraction(10**400, 3), r"inputs must fit in float64"),
        ([1.0, 2**1100], r"inputs must fit in float64.* at index \(1,\)"),
        (np.array([1, 2], dtype="datetime64[D]"), r"not datetime64\[D\]"),
        (np.array([1.0, 2.0], dtype=np.longdouble) * np.longdouble("1e400"), r"fit in float64"),
        ([Decimal("1.5"), Decimal("sNaN")], r"inputs must be finite, got Decimal\('sNaN'\)"),
        (float("nan"), r"inputs must be finite, got nan"),
        ([1.0, float("-inf")], r"inputs must be finite, got -inf at index \(1,\)"),
    ],
)
def test_bad_inputs_are_domain_errors_naming_node_and_element(value, message):
    with pytest.raises(bp.DomainError, match=r"Input at node 'X': .*" + message):
        build_chain().forward(X=value)


@pytest.mark.parametrize(
    "value", [Fraction(1, 3), Decimal("2.5"), 2**70, np.float32(2.5), True, [1, 2], np.int8(3)]
)
def test_real_numbers_of_every_kind_are_accepted_as_float64(value):
    values = build_chain().forward(X=value)
    assert values["X"].dtype == np.float64
    np.testing.assert_array_equal(values["X"], np.asarray(value, dtype=float))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: bp.AddConstant(float("nan")), "AddConstant: the constant must be finite, got nan"),
        (lambda: bp.SubtractConstant(float("inf")), "must be finite, got inf"),
        (lambda: bp.AddConstant("2"), "must be a real number, got '2'"),
        (lambda: bp.AddConstant(None), "must be a real number, got None"),
        (lambda: bp.AddConstant(1j), "must be a real number"),
        (lambda: bp.AddConstant(True), "must be a real number, got True"),
        (lambda: bp.AddConstant(2**1100), "must fit in float64"),
        (lambda: bp.AddConstant(Decimal("sNaN")), "must be finite"),
        (lambda: bp.Power(0), "exponent must be a whole number from 1"),
        (lambda: bp.Power(2.5), "exponent"),
        (lambda: bp.Power(float("nan")), "exponent"),
        (lambda: bp.Power(float("inf")), "exponent"),
        (lambda: bp.Power("3"), "exponent"),
        (lambda: bp.Power(None), "exponent"),
        (lambda: bp.Power(True), "exponent"),
        (lambda: bp.Power(10**400), "exponent"),
    ],
)
def test_invalid_constants_and_exponents_are_argument_errors(make, message):
    with pytest.raises(bp.ArgumentError, match=message):
        make()


def test_an_integral_float_exponent_is_a_whole_number():
    assert bp.Power(3.0).exponent == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tolerance": float("nan")}, "tolerance must be finite, got nan"),
        ({"tolerance": -1.0}, "tolerance must be ≥ 0"),
        ({"tolerance": "1e-3"}, "tolerance must be a real number"),
        ({"max_steps": -1}, "max_steps must be a whole number from 0"),
        ({"max_steps": 2.5}, "max_steps"),
        ({"max_steps": None}, "max_steps"),
    ],
)
def test_invalid_solver_arguments_are_argument_errors(chain, kwargs, message):
    with pytest.raises(bp.ArgumentError, match=message):
        bp.solve(chain, 0.5, 2.0, **kwargs)


@pytest.mark.parametrize(
    ("target", "error", "message"),
    [
        (float("nan"), bp.DomainError, r"error division at node 'E': the target must be finite"),
        (None, bp.DomainError, "the target must be real numbers, got None"),
        ("0.5", bp.DomainError, "the target must be real numbers"),
        (0.5 + 1j, bp.DomainError, "the target must be real, not complex"),
        (1e308, bp.DomainError, r"ΔE = target − E overflowed"),
        ([0.5, 0.6], bp.ShapeError, r"target has shape \(2,\).*shape \(\) of output 'E'"),
    ],
)
def test_bad_targets_are_named_before_anything_is_divided(target, error, message):
    X = bp.Input("X")
    identity = bp.Graph(bp.AddConstant(0)(X, name="E"))
    values = identity.forward(X=-1e308)
    with pytest.raises(error, match=message):
        bp.propagate_error(identity, values, target)


def test_target_overflow_in_solve_is_a_domain_error_not_a_warning():
    x = bp.Input("x")
    graph = bp.Graph(bp.AddConstant(0)(x, name="y"))
    with pytest.raises(bp.DomainError, match="overflowed"):
        bp.solve(graph, 1e308, -1e308)


def test_a_target_broadcasts_to_the_output_but_never_beyond_it():
    x = bp.Input("x")
    graph = bp.Graph(bp.Square()(x, name="y"))
    values = graph.forward(x=[1.0, 2.0])
    deltas = bp.propagate_error(graph, values, 9.0)  # a scalar target for a vector output
    np.testing.assert_allclose(deltas["x"], [(9 - 1) / 2, (9 - 4) / 4])
    scalar = graph.forward(x=2.0)
    with pytest.raises(bp.ShapeError):
        bp.propagate_error(graph, scalar, [9.0, 16.0])
    with pytest.raises(bp.ShapeError):
        bp.solve(graph, [9.0, 16.0], 2.0)


@pytest.mark.parametrize(
    ("grad_output", "error", "message"),
    [
        (float("nan"), bp.DomainError, "backward at node 'E': grad_output must be finite, got nan"),
        ("1", bp.DomainError, "grad_output must be real numbers"),
        (np.ones(3), bp.ShapeError, r"grad_output has shape \(3,\)"),
    ],
)
def test_bad_grad_output_is_an_error_even_inside_a_generator(grad_output, error, message):
    chain = build_chain()
    values = chain.forward(X=2.0)
    results = (chain.backward(values, grad_output=g) for g in [1.0, grad_output, 1.0])
    with pytest.raises(error, match=message):
        list(results)  # a StopIteration here would silently end the list after one result


def test_names_of_inputs_can_be_any_identifier_even_self():
    node = bp.Input("self")
    graph = bp.Graph(bp.Square()(node, name="y"))
    assert float(graph.forward(self=3.0)["y"]) == 9.0
    assert bp.solve(graph, 4.0, 3.0).x == pytest.approx(2.0)


@pytest.mark.parametrize("name", ["2x", "a b", "", "x-1", 3, b"x"])
def test_an_input_name_that_is_not_an_identifier_is_a_graph_error(name):
    with pytest.raises(bp.GraphError, match="name"):
        bp.Input(name)


def test_operator_results_that_overflow_are_named_not_warned():
    for make, x in [
        (bp.Exp(), 1000.0),
        (bp.Square(), 1e200),
        (bp.Power(5), 1e100),
        (bp.AddConstant(1e308), 1e308),
        (bp.Sum(), [1e308, 1e308]),
    ]:
        X = bp.Input("X")
        with pytest.raises(bp.DomainError, match=rf"{type(make).__name__} at node 'y'.*overflowed"):
            bp.Graph(make(X, name="y")).forward(X=x)


def test_exp_of_minus_infinity_does_not_hide_a_non_finite_input():
    X = bp.Input("X")
    graph = bp.Graph(bp.Exp()(X, name="y"))
    with pytest.raises(bp.DomainError, match=r"Input at node 'X': inputs must be finite, got -inf"):
        graph.forward(X=-np.inf)


def test_a_sum_that_overflows_but_whose_values_are_finite_is_not_an_error():
    """The optimistic check sums the output; an overflowing sum only triggers the exact check."""
    X = bp.Input("X")
    graph = bp.Graph(bp.AddConstant(0)(X, name="y"))
    values = graph.forward(X=[1e308, 1e308])
    np.testing.assert_array_equal(values["y"], [1e308, 1e308])
    np.testing.assert_array_equal(graph.backward(values)["X"], [1.0, 1.0])


def test_an_optimistic_check_reports_the_first_bad_node_like_a_step_by_step_one():
    """Two faults: a bad input late in the graph and a domain error earlier; the earlier wins."""
    a, b = bp.Input("a"), bp.Input("b")
    graph = bp.Graph(bp.Add()(bp.Ln()(a, name="la"), b, name="c"))
    with pytest.raises(bp.DomainError, match=r"Ln at node 'la'.*got -1\.0 at index \(1,\)"):
        graph.forward(a=[1.0, -1.0, -2.0], b=[np.nan, 1.0, 1.0])


ERRORS = {
    "DomainError": lambda: bp.DomainError(
        "Ln", "C", "ln needs an input > 0", np.array([1.0, -2.0]), np.array([0, 1])
    ),
    "ShapeError": lambda: bp.ShapeError("shapes (2,) and (3,)"),
    "GraphError": lambda: bp.GraphError("a cycle"),
    "ArgumentError": lambda: bp.ArgumentError("max_steps must be ≥ 0"),
    "ConvergenceError": lambda: bp.ConvergenceError("no convergence"),
}


@pytest.mark.parametrize("make", ERRORS.values(), ids=ERRORS.keys())
@pytest.mark.parametrize(
    "ship",
    [lambda e: pickle.loads(pickle.dumps(e)), copy.copy, copy.deepcopy],
    ids=["pickle", "copy", "deepcopy"],
)
def test_every_error_pickles_and_copies_with_its_message_intact(make, ship):
    error = make()
    error.add_note("in step 3")
    shipped = ship(error)
    assert type(shipped) is type(error)
    assert str(shipped) == str(error)
    assert shipped.__notes__ == ["in step 3"]
    assert vars(shipped) == vars(error)


def test_an_error_about_an_object_that_cannot_be_pickled_still_pickles():
    with pytest.raises(bp.DomainError, match=r"got <function .*> at index \(1,\)") as caught:
        build_chain().forward(X=[1.0, lambda: 0.0])
    shipped = pickle.loads(pickle.dumps(caught.value))
    assert str(shipped) == str(caught.value)
    assert shipped.value.startswith("<function")


def test_a_domain_error_crosses_a_process_boundary():
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool:
        future = pool.submit(_forward_the_chain_at, -1.0)
        with pytest.raises(bp.DomainError, match="Ln at node 'C'") as caught:
            future.result()
    assert caught.value.node == "C"
    assert caught.value.value == 0.0


def _forward_the_chain_at(x: float) -> object:
    return build_chain().forward(X=x)


UNARY_OPERATORS = [
    bp.AddConstant(1),
    bp.SubtractConstant(3),
    bp.Square(),
    bp.Ln(),
    bp.Sqrt(),
    bp.Exp(),
    bp.Power(3),
]
BP_ERRORS = (bp.DomainError, bp.ShapeError, bp.GraphError, bp.ArgumentError, bp.ConvergenceError)


@st.composite
def any_graph(draw):
    """A random graph of every operator, with sharing, one input (so solve applies)."""
    x = bp.Input("x")
    nodes = [x]
    for i in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["unary", "binary"]))
        if kind == "binary":
            a, b = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
            nodes.append(draw(st.sampled_from([bp.Add(), bp.Multiply()]))(a, b, name=f"n{i}"))
        else:
            operator = draw(st.sampled_from(UNARY_OPERATORS))
            nodes.append(operator(draw(st.sampled_from(nodes)), name=f"n{i}"))
    return bp.Graph(nodes[-1])


@settings(max_examples=300, deadline=None)
@given(
    graph=any_graph(),
    x=hnp.arrays(np.float64, st.sampled_from([(), (3,)]), elements=st.floats()),
    target=hnp.arrays(np.float64, st.sampled_from([(), (3,)]), elements=st.floats()),
    grad_output=st.floats(),
)
def test_any_graph_any_float_gives_finite_results_or_a_bp_error_and_never_a_warning(
    graph, x, target, grad_output
):
    """Every result is a finite float64 array of its node's shape, or the call is a bp error."""

    def check(mapping, values):
        for name in mapping:
            assert type(mapping[name]) is np.ndarray
            assert mapping[name].shape == values[name].shape
            assert np.isfinite(mapping[name]).all()

    try:
        values = graph.forward(x=x)
        check(values, values)
        check(graph.backward(values), values)
        check(graph.backward(values, np.full(values[graph.output.name].shape, grad_output)), values)
        check(bp.propagate_error(graph, values, target), values)
    except BP_ERRORS:
        pass
    try:
        solution = bp.solve(graph, target, x, max_steps=5)
        assert np.isfinite(solution.x).all() and solution.x.shape == x.shape
    except BP_ERRORS:
        pass
