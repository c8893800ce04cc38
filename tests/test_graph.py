"""The graph: forward records every value, backward applies the chain rule, errors are clear."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import bp
from tests.conftest import build_chain

# The whole chain is defined where |X + 1| > 1 (ln needs B > 0 and √ needs ln B ≥ 0, and its
# derivative needs ln B > 0); stay a little away from the edge so finite differences work.
chain_inputs = st.one_of(st.floats(0.01, 1e3), st.floats(-1e3, -2.01))


@given(x=chain_inputs)
def test_chain_gradient_matches_central_difference(x):
    graph = build_chain()
    slope = graph.backward(graph.forward(X=x))["X"]
    h = 1e-6 * max(1.0, abs(x))
    numeric = (graph.forward(X=x + h)["E"] - graph.forward(X=x - h)["E"]) / (2 * h)
    assert slope == pytest.approx(numeric, rel=1e-4)


@given(data=st.data())
def test_arrays_of_any_shape_match_elementwise_scalars(data):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
    x = data.draw(hnp.arrays(np.float64, shape, elements=chain_inputs))
    graph = build_chain()
    values = graph.forward(X=x)
    grads = graph.backward(values)
    for name in values:
        assert values[name].shape == grads[name].shape == x.shape
        assert values[name].dtype == grads[name].dtype == np.float64
    for index in np.ndindex(x.shape):
        scalar = graph.forward(X=float(x[index]))
        assert values["E"][index] == scalar["E"]
        assert grads["X"][index] == graph.backward(scalar)["X"]


@given(x=chain_inputs)
def test_backward_twice_gives_the_same_result(x):
    graph = build_chain()
    values = graph.forward(X=x)
    first = graph.backward(values)
    second = graph.backward(values)
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name]


def test_reused_node_accumulates():
    a = bp.Input("a")
    graph = bp.Graph(bp.Add()(a, a, name="b"))
    assert graph.backward(graph.forward(a=3.0))["a"] == 2.0


def test_reused_array_gradients_are_not_shared():
    a = bp.Input("a")
    b = bp.AddConstant(0)(a, name="b")
    graph = bp.Graph(bp.Multiply()(bp.Add()(b, b, name="c"), b, name="d"))  # d = 2b·b
    values = graph.forward(a=np.array([1.0, 2.0]))
    grads = graph.backward(values)
    np.testing.assert_array_equal(grads["a"], [4.0, 8.0])  # 4b
    np.testing.assert_array_equal(grads["c"], [1.0, 2.0])  # untouched by the later sum


def test_long_chain_has_no_recursion_limit():
    node = x = bp.Input("x")
    for i in range(10_000):
        node = bp.AddConstant(1e-4)(node, name=f"n{i}")
    graph = bp.Graph(node)
    values = graph.forward(x=0.0)
    assert values[node.name] == pytest.approx(1.0)
    assert graph.backward(values)["x"] == 1.0
    assert x in graph.inputs


def test_forward_records_every_node_by_name(chain):
    assert list(chain.forward(X=2.0)) == ["X", "A", "B", "C", "D", "E"]
    assert chain["C"].operator.label == "ln"


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (-1.0, r"Ln at node 'C': ln needs an input > 0, got 0\.0"),
        (-1.5, r"Sqrt at node 'D': square root needs an input ≥ 0, got -1\.3862"),
        (float("nan"), r"Input at node 'X': inputs must be finite, got nan"),
        (float("inf"), r"Input at node 'X': inputs must be finite, got inf"),
    ],
)
def test_domain_errors_name_operator_node_and_value(chain, x, message):
    with pytest.raises(bp.DomainError, match=message):
        chain.forward(X=x)


def test_domain_error_on_arrays_names_the_first_bad_index(chain):
    x = np.array([[2.0, 3.0], [1.0, -1.0]])
    with pytest.raises(bp.DomainError, match=r"got 0\.0 at index \(1, 1\)") as caught:
        chain.forward(X=x)
    assert isinstance(caught.value, ValueError)
    assert caught.value.index == (1, 1)


def test_overflow_is_an_error_not_inf():
    x = bp.Input("x")
    with pytest.raises(bp.DomainError, match="overflowed"):
        bp.Graph(bp.Exp()(x, name="y")).forward(x=1000.0)


def test_mismatched_shapes_are_named():
    a, b = bp.Input("a"), bp.Input("b")
    graph = bp.Graph(bp.Add()(a, b, name="c"))
    with pytest.raises(bp.ShapeError, match=r"Add at node 'c'.*a \(2,\) and b \(3,\)"):
        graph.forward(a=[1.0, 2.0], b=[1.0, 2.0, 3.0])


def test_missing_and_unknown_inputs(chain):
    with pytest.raises(ValueError, match=r"missing input value.*X"):
        chain.forward()
    with pytest.raises(ValueError, match=r"unknown input.*Y"):
        chain.forward(X=1.0, Y=2.0)
    with pytest.raises(ValueError, match="must be real numbers, got 'two'"):
        chain.forward(X="two")


def test_duplicate_names_are_rejected():
    a = bp.Input("a")
    with pytest.raises(ValueError, match="both named 'a'"):
        bp.Graph(bp.Add()(a, bp.Input("a"), name="c"))


def test_operators_take_nodes():
    with pytest.raises(TypeError, match="takes graph nodes"):
        bp.Square()(2.0)
    with pytest.raises(TypeError, match="takes 2 input"):
        bp.Add()(bp.Input("a"))


def test_an_unbounded_derivative_is_an_error_not_inf(chain):
    values = chain.forward(X=0.0)  # C = ln 1 = 0, where dD/dC = 1/(2√C) is unbounded
    with pytest.raises(bp.DomainError, match=r"Sqrt at node 'C': the gradient dE/dC is not finite"):
        chain.backward(values)
