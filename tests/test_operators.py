"""Each operator's forward value and local derivative, at hand-picked points and by properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import bp

# No numpy warning may escape bp: every one fails the test that meets it.
pytestmark = pytest.mark.filterwarnings("error")

UNARY = {
    "AddConstant": (bp.AddConstant(1), lambda x: x + 1, lambda x: 1.0, st.floats(-1e3, 1e3)),
    "SubtractConstant": (
        bp.SubtractConstant(1),
        lambda x: x - 1,
        lambda x: 1.0,
        st.floats(-1e3, 1e3),
    ),
    "Square": (bp.Square(), lambda x: x * x, lambda x: 2 * x, st.floats(-1e3, 1e3)),
    "Ln": (bp.Ln(), math.log, lambda x: 1 / x, st.floats(1e-3, 1e6)),
    "Sqrt": (bp.Sqrt(), math.sqrt, lambda x: 0.5 / math.sqrt(x), st.floats(1e-3, 1e6)),
    "Exp": (bp.Exp(), math.exp, math.exp, st.floats(-30, 30)),
    "Power3": (bp.Power(3), lambda x: x**3, lambda x: 3 * x * x, st.floats(-100, 100)),
}


def evaluate(operator, x):
    X = bp.Input("X")
    graph = bp.Graph(operator(X, name="Y"))
    values = graph.forward(X=x)
    return values["Y"], graph.backward(values)["X"]


@pytest.mark.parametrize(
    ("operator", "x", "value", "slope"),
    [
        (bp.AddConstant(1), 2.0, 3.0, 1.0),  # A = X + 1 at X = 2
        (bp.Square(), 3.0, 9.0, 6.0),  # B = A², dB/dA = 2A = 6
        (bp.Ln(), 9.0, math.log(9), 1 / 9),  # C = ln 9 = 2.1972…
        (bp.Sqrt(), math.log(9), math.sqrt(math.log(9)), 0.5 / math.sqrt(math.log(9))),
        (bp.SubtractConstant(1), 1.5, 0.5, 1.0),
        (bp.Exp(), 0.0, 1.0, 1.0),
        (bp.Power(3), 2.0, 8.0, 12.0),
    ],
)
def test_value_and_derivative_at_hand_picked_points(operator, x, value, slope):
    y, dy = evaluate(operator, x)
    assert y == pytest.approx(value, rel=1e-15)
    assert dy == pytest.approx(slope, rel=1e-15)


def test_the_chapter_chain_at_x_equals_2(chain):
    values = chain.forward(X=2.0)
    assert [float(values[n]) for n in "ABCDE"] == pytest.approx(
        [3.0, 9.0, 2.1972245773, 1.4823038073, 0.4823038073], abs=1e-10
    )
    A, B, C = 3.0, 9.0, math.log(9)
    assert chain.backward(values)["X"] == pytest.approx(A / (B * math.sqrt(C)), rel=1e-15)
    assert float(chain.backward(values)["X"]) == pytest.approx(0.22487, abs=1e-5)


@pytest.mark.parametrize("name", sorted(UNARY))
@settings(deadline=None)  # a loaded machine makes single examples slow
@given(data=st.data())
def test_derivative_matches_central_difference(name, data):
    operator, _, _, domain = UNARY[name]
    x = data.draw(domain)
    h = 1e-6 * max(1.0, abs(x))
    if name in ("Ln", "Sqrt"):
        h = min(h, x / 2)
    _, slope = evaluate(operator, x)
    plus, _ = evaluate(operator, x + h)
    minus, _ = evaluate(operator, x - h)
    numeric = (plus - minus) / (2 * h)
    assert slope == pytest.approx(numeric, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("name", sorted(UNARY))
@settings(deadline=None)  # a loaded machine makes single examples slow
@given(data=st.data())
def test_forward_and_derivative_match_the_formula(name, data):
    operator, formula, derivative, domain = UNARY[name]
    x = data.draw(domain)
    y, slope = evaluate(operator, x)
    assert y == pytest.approx(formula(x), rel=1e-12, abs=1e-300)
    assert slope == pytest.approx(derivative(x), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("name", sorted(UNARY))
@settings(deadline=None)  # a loaded machine makes single examples slow
@given(data=st.data())
def test_arrays_equal_elementwise_scalars(name, data):
    operator, _, _, domain = UNARY[name]
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
    x = data.draw(hnp.arrays(np.float64, shape, elements=domain))
    y, dy = evaluate(operator, x)
    assert y.shape == dy.shape == x.shape
    for index in np.ndindex(x.shape):
        ys, dys = evaluate(operator, float(x[index]))
        assert y[index] == ys
        assert dy[index] == dys


def test_binary_operators_and_their_gradients():
    a, b = bp.Input("a"), bp.Input("b")
    graph = bp.Graph(bp.Multiply()(bp.Add()(a, b, name="s"), b, name="p"))
    values = graph.forward(a=np.array([1.0, 2.0]), b=np.array([3.0, 4.0]))
    grads = graph.backward(values)
    np.testing.assert_array_equal(values["p"], [12.0, 24.0])  # (a + b)·b
    np.testing.assert_array_equal(grads["a"], [3.0, 4.0])  # b
    np.testing.assert_array_equal(grads["b"], [7.0, 10.0])  # a + 2b


def test_sum_makes_a_dot_product():
    w, x = bp.Input("w"), bp.Input("x")
    graph = bp.Graph(bp.Sum()(bp.Multiply()(w, x, name="wx"), name="z"))
    values = graph.forward(w=[1.0, 2.0, 3.0], x=[4.0, 5.0, 6.0])
    assert values["z"] == 32.0
    np.testing.assert_array_equal(graph.backward(values)["w"], [4.0, 5.0, 6.0])


# An instance of each operator, and where its derivative is defined (away from overflow).
TEX = {
    "AddConstant": (bp.AddConstant(1), st.floats(-1e3, 1e3)),
    "SubtractConstant": (bp.SubtractConstant(1), st.floats(-1e3, 1e3)),
    "Square": (bp.Square(), st.floats(-1e3, 1e3)),
    "Ln": (bp.Ln(), st.floats(1e-3, 1e6)),
    "Sqrt": (bp.Sqrt(), st.floats(1e-3, 1e6)),
    "Exp": (bp.Exp(), st.floats(-30, 30)),
    "Power": (bp.Power(3), st.floats(-100, 100)),
    "Sum": (bp.Sum(), st.floats(-1e3, 1e3)),
    "Add": (bp.Add(), st.floats(-1e3, 1e3)),
    "Multiply": (bp.Multiply(), st.floats(-1e3, 1e3)),
}


def test_every_operator_has_its_tex_checked():
    exported = {
        name
        for name in bp.__all__
        if isinstance(getattr(bp, name), type) and issubclass(getattr(bp, name), bp.Operator)
    }
    assert exported - {"Operator"} == set(TEX)


@pytest.mark.parametrize("name", sorted(TEX))
@settings(deadline=None, max_examples=30)
@given(data=st.data())
def test_derivative_tex_is_the_derivative_as_the_chapter_writes_it(name, data):
    """``derivative`` is the one formula; the TeX the book prints is held to it by sympy."""
    import sympy
    from sympy.parsing.latex import parse_latex

    operator, domain = TEX[name]
    symbols = ["a", "b"] if operator.arity == 2 else ["x"]
    point = [data.draw(domain) for _ in symbols]
    tex = operator.derivative_tex.format(*symbols)
    if isinstance(operator, bp.Power):
        tex = tex.replace("n", str(operator.exponent))
    at = {sympy.Symbol(s): x for s, x in zip(symbols, point, strict=True)}
    printed = parse_latex(tex).subs({**at, sympy.Symbol("e"): sympy.E})  # e is Euler's number
    values = [np.float64(x) for x in point]
    slope = operator.derivative(*values, output=np.asarray(operator.forward(*values)))[0]
    assert float(printed) == pytest.approx(float(slope), rel=1e-12, abs=1e-300)


def test_local_derivatives_print_as_the_chapter_writes_them():
    assert bp.AddConstant(1).derivative_tex.format("X") == "1"
    assert bp.Square().derivative_tex.format("A") == "2A"
    assert bp.Ln().derivative_tex.format("B") == r"\frac{1}{B}"
    assert bp.Sqrt().derivative_tex.format("C") == r"\frac{1}{2\sqrt{C}}"
    assert bp.SubtractConstant(1).derivative_tex.format("D") == "1"


@pytest.mark.parametrize("bad", [0, -1.5, True, 2.5])
def test_power_rejects_exponents_that_are_not_whole_numbers_from_1(bad):
    with pytest.raises(ValueError, match="exponent"):
        bp.Power(bad)


def test_constants_must_be_finite():
    with pytest.raises(ValueError, match="finite"):
        bp.AddConstant(float("nan"))
