"""Gradients: one source per derivative, never aliased, broadcast back to each input's shape."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import bp
from bp.operators import sum_to_shape
from tests.chain import build_chain

pytestmark = pytest.mark.filterwarnings("error")

# Every operator with a domain that finite draws stay inside.
OPERATORS = {
    "AddConstant": (bp.AddConstant(1.5), st.floats(-1e3, 1e3)),
    "SubtractConstant": (bp.SubtractConstant(1.5), st.floats(-1e3, 1e3)),
    "Square": (bp.Square(), st.floats(-1e3, 1e3)),
    "Ln": (bp.Ln(), st.floats(1e-3, 1e6)),
    "Sqrt": (bp.Sqrt(), st.floats(1e-3, 1e6)),
    "Exp": (bp.Exp(), st.floats(-30, 30)),
    "Power": (bp.Power(4), st.floats(-100, 100)),
    "Sum": (bp.Sum(), st.floats(-1e3, 1e3)),
    "Add": (bp.Add(), st.floats(-1e3, 1e3)),
    "Multiply": (bp.Multiply(), st.floats(-1e3, 1e3)),
}


def test_every_operator_is_covered():
    exported = {
        name
        for name in bp.__all__
        if isinstance(getattr(bp, name), type)
        and issubclass(getattr(bp, name), bp.Operator)
        and getattr(bp, name) is not bp.Operator
    }
    assert exported == set(OPERATORS)


@pytest.mark.parametrize("name", sorted(OPERATORS))
@settings(deadline=None)  # a loaded machine makes single examples slow
@given(data=st.data())
def test_backward_is_grad_output_times_derivative(name, data):
    """The one source of each derivative is ``derivative``; ``backward`` must agree."""
    operator, elements = OPERATORS[name]
    shapes = data.draw(
        hnp.mutually_broadcastable_shapes(num_shapes=operator.arity, max_dims=3, max_side=3)
    )
    inputs = [data.draw(hnp.arrays(np.float64, s, elements=elements)) for s in shapes.input_shapes]
    with np.errstate(all="raise", under="ignore"):
        output = np.asarray(operator.forward(*inputs))
        grad = data.draw(hnp.arrays(np.float64, output.shape, elements=st.floats(-10, 10)))
        fast = operator.backward(grad, *inputs, output=output)
        derivatives = operator.derivative(*inputs, output=output)
    assert len(fast) == len(derivatives) == operator.arity
    for x, g, d in zip(inputs, fast, derivatives, strict=True):
        # Every element of x meets its derivative and the gradient (Sum's is one number).
        product = np.broadcast_to(grad * d, np.broadcast_shapes(grad.shape, np.shape(d), x.shape))
        slow = sum_to_shape(product, x.shape)
        assert np.shape(g) == x.shape
        np.testing.assert_allclose(g, slow, rtol=5e-16, atol=1e-300)


def test_the_check_catches_a_backward_that_drifts_from_its_derivative():
    class Drifted(bp.Square):
        def backward(self, grad_output, x, *, output):
            return (grad_output * 2.0000001 * x,)

    x = np.array([1.0, 3.0])
    fast = Drifted().backward(np.ones(2), x, output=x * x)[0]
    slow = Drifted().derivative(x, output=x * x)[0]
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(fast, slow, rtol=5e-16)


def test_an_operator_returning_the_wrong_number_of_gradients_is_caught():
    class Greedy(bp.Square):
        def backward(self, grad_output, x, *, output):
            return (2 * x * grad_output, 2 * x * grad_output)

    X = bp.Input("X")
    graph = bp.Graph(Greedy()(X, name="y"))
    with pytest.raises(ValueError, match="zip"):
        graph.backward(graph.forward(X=2.0))


def _all_gradient_arrays_are_separate(grads, values, also=()):
    arrays = [grads[name] for name in grads]
    for a, b in itertools.combinations(arrays, 2):
        assert not np.shares_memory(a, b)
    for a in arrays:
        assert a.flags.writeable
        for v in [*values.values(), *also]:
            assert not np.shares_memory(a, v)


@pytest.mark.parametrize("read_first", ["X", "A", "E", "D"])
def test_no_two_gradients_share_memory_whatever_is_read_first(read_first):
    graph = build_chain()
    values = graph.forward(X=np.array([2.0, 3.0]))
    grads = graph.backward(values)
    expected = {name: grads_copy for name, grads_copy in _fresh(graph, values).items()}
    grads[read_first] *= 10.0  # the reader changes one gradient in place before the others
    for name in grads:
        factor = 10.0 if name == read_first else 1.0
        np.testing.assert_array_equal(grads[name], factor * expected[name])
    _all_gradient_arrays_are_separate(grads, values)


def _fresh(graph, values):
    grads = graph.backward(values)
    return {name: np.array(grads[name]) for name in grads}


def test_the_callers_grad_output_is_never_a_gradient():
    graph = build_chain()
    values = graph.forward(X=np.array([2.0, 3.0]))
    seed = np.array([1.0, 2.0])
    grads = graph.backward(values, grad_output=seed)
    seed[:] = 99.0  # the caller reuses its array
    np.testing.assert_array_equal(grads["E"], [1.0, 2.0])
    np.testing.assert_array_equal(grads["D"], [1.0, 2.0])
    _all_gradient_arrays_are_separate(grads, values, also=[seed])


def test_scaling_one_gradient_in_place_leaves_the_others():
    """The issue's example: ``grads["X"] *= lr`` changed ``grads["A"]``."""
    graph = build_chain()
    grads = graph.backward(graph.forward(X=np.array([2.0])))
    before = np.array(grads["A"])
    grads["X"] *= 0.1
    np.testing.assert_array_equal(grads["A"], before)


@st.composite
def random_graphs(draw, every_kind=False):
    """A random graph of total operators, with nodes shared by several consumers.

    ``every_kind`` adds an operator of each way a gradient can leave ``backward``: ``Exp``,
    whose derivative is its own output (a value), and ``Sum``, whose gradient is broadcast
    back (a view); the others multiply, or pass the gradient through (``Add``,
    ``AddConstant``).
    """
    inputs = [bp.Input(f"x{i}") for i in range(draw(st.integers(1, 3)))]
    nodes = list(inputs)
    unary = [bp.AddConstant(0.5), bp.SubtractConstant(0.25), bp.Square()]
    if every_kind:
        unary += [bp.Exp(), bp.Sum()]
    for i in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            a, b = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
            nodes.append(draw(st.sampled_from([bp.Add(), bp.Multiply()]))(a, b, name=f"n{i}"))
        else:
            parent = draw(st.sampled_from(nodes))
            nodes.append(draw(st.sampled_from(unary))(parent, name=f"n{i}"))
    return bp.Graph(nodes[-1])


@settings(max_examples=60, deadline=None)
@given(graph=random_graphs(), data=st.data())
def test_random_graphs_never_alias_and_match_central_differences(graph, data):
    shape = data.draw(st.sampled_from([(), (3,)]))
    point = {
        n.name: data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-1.5, 1.5)))
        for n in graph.inputs
    }
    values = graph.forward(**point)
    grads = graph.backward(values)
    assert all(type(grads[n]) is np.ndarray and grads[n].dtype == np.float64 for n in grads)
    assert all(type(values[n]) is np.ndarray for n in values)
    _all_gradient_arrays_are_separate(grads, values, also=list(point.values()))
    out = graph.output.name
    for name, x in point.items():
        for index in np.ndindex(x.shape):
            h = 1e-6
            plus, minus = dict(point), dict(point)
            plus[name], minus[name] = x.copy(), x.copy()
            plus[name][index] += h
            minus[name][index] -= h
            numeric = (graph.forward(**plus)[out] - graph.forward(**minus)[out]) / (2 * h)
            assert grads[name][index] == pytest.approx(float(np.sum(numeric)), rel=1e-5, abs=1e-6)


def test_scalars_in_give_0d_arrays_out_everywhere():
    w, x = bp.Input("w"), bp.Input("x")
    graph = bp.Graph(bp.Sum()(bp.Multiply()(w, x, name="wx"), name="z"))
    for point in [{"w": 2.0, "x": 3.0}, {"w": np.float64(2.0), "x": 3}]:
        values = graph.forward(**point)
        grads = graph.backward(values)
        for mapping in (values, grads):
            for name in mapping:
                assert type(mapping[name]) is np.ndarray, name
                assert mapping[name].shape == ()
    chain = build_chain()
    deltas = bp.propagate_error(chain, chain.forward(X=2.0), 0.5)
    assert all(type(d) is np.ndarray and d.shape == () for d in deltas.values())


BINARY = {"Add": (bp.Add(), np.add), "Multiply": (bp.Multiply(), np.multiply)}


@pytest.mark.parametrize("name", sorted(BINARY))
@settings(deadline=None)
@given(data=st.data())
def test_broadcasting_follows_numpy_and_gradients_sum_back(name, data):
    operator, ufunc = BINARY[name]
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
    a_shape, b_shape = shapes.input_shapes
    elements = st.floats(-10, 10)
    a = data.draw(hnp.arrays(np.float64, a_shape, elements=elements))
    b = data.draw(hnp.arrays(np.float64, b_shape, elements=elements))
    weight = data.draw(hnp.arrays(np.float64, shapes.result_shape, elements=elements))
    A, B = bp.Input("a"), bp.Input("b")
    graph = bp.Graph(operator(A, B, name="c"))
    values = graph.forward(a=a, b=b)
    np.testing.assert_array_equal(values["c"], ufunc(a, b))
    grads = graph.backward(values, grad_output=weight)
    assert grads["a"].shape == a_shape and grads["b"].shape == b_shape

    def loss(a, b):  # the weighted sum whose gradient backward(grad_output=weight) is
        return float(np.sum(weight * ufunc(a, b)))

    h = 1e-3  # Add and Multiply are linear in each operand: differences are exact but for rounding
    for which, x in (("a", a), ("b", b)):
        for index in np.ndindex(x.shape):
            up, down = x.copy(), x.copy()
            up[index] += h
            down[index] -= h
            args_up = (up, b) if which == "a" else (a, up)
            args_down = (down, b) if which == "a" else (a, down)
            numeric = (loss(*args_up) - loss(*args_down)) / (2 * h)
            assert grads[which][index] == pytest.approx(numeric, rel=1e-6, abs=1e-6)


def test_a_scalar_weight_times_a_vector():
    w, x = bp.Input("w"), bp.Input("x")
    graph = bp.Graph(bp.Sum()(bp.Multiply()(w, x, name="wx"), name="z"))
    values = graph.forward(w=2.0, x=[1.0, 2.0, 3.0])
    np.testing.assert_array_equal(values["wx"], [2.0, 4.0, 6.0])
    grads = graph.backward(values)
    assert grads["w"].shape == () and float(grads["w"]) == 6.0
    np.testing.assert_array_equal(grads["x"], [2.0, 2.0, 2.0])


def test_shapes_that_do_not_broadcast_are_named():
    a, b = bp.Input("a"), bp.Input("b")
    graph = bp.Graph(bp.Multiply()(a, b, name="c"))
    with pytest.raises(bp.ShapeError, match=r"Multiply at node 'c'.*a \(2,\) and b \(3,\)"):
        graph.forward(a=[1.0, 2.0], b=[1.0, 2.0, 3.0])


def _forward_or_reject(graph, point):
    try:
        return graph.forward(**point)
    except bp.DomainError:  # exp of exp of … overflowed: not a graph this test is about
        reject()


@settings(max_examples=100, deadline=None)
@given(graph=random_graphs(every_kind=True), data=st.data())
def test_no_gradient_shares_memory_with_anything_and_backward_changes_no_value(graph, data):
    """Whatever the operators and whether or not a ``grad_output`` is given."""
    point = {
        n.name: data.draw(hnp.arrays(np.float64, (3,), elements=st.floats(-1.5, 1.5)))
        for n in graph.inputs
    }
    values = _forward_or_reject(graph, point)
    before = {name: np.array(values[name]) for name in values}
    out = values[graph.output.name]
    seed = data.draw(st.none() | hnp.arrays(np.float64, out.shape, elements=st.floats(-2, 2)))
    try:
        grads = graph.backward(values, grad_output=seed)
    except bp.DomainError:  # a gradient overflowed
        reject()
    for name in values:
        np.testing.assert_array_equal(values[name], before[name])
    seeds = [] if seed is None else [seed]
    _all_gradient_arrays_are_separate(grads, values, also=[*point.values(), *seeds])


@settings(deadline=None)
@given(graph=random_graphs(every_kind=True), data=st.data())
def test_reading_and_changing_gradients_in_any_order_changes_only_the_one_changed(graph, data):
    point = {n.name: np.array([0.5, -1.0]) for n in graph.inputs}
    values = _forward_or_reject(graph, point)
    expected = _fresh(graph, values)
    grads = graph.backward(values)
    order = data.draw(st.permutations(list(grads)))
    replaced = data.draw(st.sampled_from(order))
    for factor, name in enumerate(order, start=2):
        if name == replaced:
            grads[name] = np.zeros(2)  # replacing an entry must not disturb the others
            expected[name] = np.zeros(2)
        else:
            grads[name] *= factor
            expected[name] = expected[name] * factor
    for name in order:
        np.testing.assert_array_equal(grads[name], expected[name])


@pytest.mark.parametrize("returns", ["input value", "view of grad_output"])
def test_an_operator_returning_a_value_or_a_view_still_gives_unaliased_gradients(returns):
    class Careless(bp.AddConstant):
        def backward(self, grad_output, x, *, output):
            return (x if returns == "input value" else grad_output[...],)

    x = np.array([1.0, 2.0])
    X = bp.Input("X")
    graph = bp.Graph(Careless(0)(X, name="y"))
    values = graph.forward(X=x)
    grads = graph.backward(values, grad_output=np.array([1.0, 2.0]))
    _all_gradient_arrays_are_separate(grads, values, also=[x])


def test_a_gradient_passed_through_costs_memory_only_when_read():
    """Eleven nodes share one gradient (ten AddConstants pass it on): backward makes one
    array, our copy of ``grad_output``; reading them all makes ten more, the last reader
    taking the shared array itself."""
    import tracemalloc

    node = bp.Input("X")
    for i in range(10):
        node = bp.AddConstant(1)(node, name=f"n{i}")
    graph = bp.Graph(node)
    size = 100_000
    values = graph.forward(X=np.zeros(size))
    seed = np.ones(size)
    tracemalloc.start()
    try:
        grads = graph.backward(values, grad_output=seed)
        after_backward = tracemalloc.get_traced_memory()[0]
        for name in grads:
            grads[name]  # reading is the point: it copies
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert after_backward == pytest.approx(seed.nbytes, rel=0.05)
    assert peak == pytest.approx(11 * seed.nbytes, rel=0.05)
    _all_gradient_arrays_are_separate(grads, values, also=[seed])
