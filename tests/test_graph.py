"""The graph: forward records every value, backward applies the chain rule, errors are clear."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import bp
from tests.chain import build_chain

# No numpy warning may escape bp: every one fails the test that meets it.
pytestmark = pytest.mark.filterwarnings("error")

# The whole chain is defined where |X + 1| > 1 (ln needs B > 0 and √ needs ln B ≥ 0, and its
# derivative needs ln B > 0); stay a little away from the edge so finite differences work.
chain_inputs = st.one_of(st.floats(0.01, 1e3), st.floats(-1e3, -2.01))


@settings(deadline=None)  # a loaded machine makes single examples slow
@given(x=chain_inputs)
def test_chain_gradient_matches_central_difference(x):
    graph = build_chain()
    slope = graph.backward(graph.forward(X=x))["X"]
    h = 1e-6 * max(1.0, abs(x))
    numeric = (graph.forward(X=x + h)["E"] - graph.forward(X=x - h)["E"]) / (2 * h)
    assert slope == pytest.approx(numeric, rel=1e-4)


@settings(deadline=None)  # a loaded machine makes single examples slow
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


@settings(deadline=None)  # a loaded machine makes single examples slow
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


def test_the_culprit_of_an_unbounded_derivative_is_named_whatever_the_sharing():
    """C = ln B feeds both √C (unbounded at C = 0) and C + 1; √ is to blame, in either order."""
    for sqrt_first in (True, False):
        X = bp.Input("X")
        C = bp.Ln()(X, name="C")
        D = bp.Sqrt()(C, name="D")
        F = bp.AddConstant(1)(C, name="F")
        graph = bp.Graph(bp.Add()(*((D, F) if sqrt_first else (F, D)), name="G"))
        values = graph.forward(X=1.0)  # C = ln 1 = 0
        with pytest.raises(bp.DomainError, match=r"^Sqrt at node 'C': the gradient dG/dC") as e:
            graph.backward(values)
        assert e.value.operator == "Sqrt"


def test_nodes_cannot_be_changed_after_they_are_made():
    X = bp.Input("X")
    A = bp.AddConstant(1)(X, name="A")
    with pytest.raises(AttributeError):
        X.inputs = (A,)  # the cycle, made by assigning Node.inputs
    graph = bp.Graph(A)
    with pytest.raises(AttributeError):
        graph.output = X
    with pytest.raises(AttributeError):
        A.operator.constant = 2.0
    with pytest.raises(AttributeError):
        bp.Power(3).exponent = 2
    with pytest.raises(AttributeError):
        graph.nodes.append(X)


def _close_a_cycle(length: int) -> bp.Node:
    """A chain x → n0 → … → n(length−1) whose input is forced (past immutability) to be its end."""
    x = bp.Input("x")
    node = x
    for i in range(length):
        node = bp.AddConstant(1)(node, name=f"n{i}")
    first = bp.topological_order(node)[1]
    object.__setattr__(first, "inputs", (node,))
    return node


def test_a_cycle_is_a_clear_error_not_a_hang():
    with pytest.raises(bp.GraphError, match="cycle"):
        bp.Graph(_close_a_cycle(3))


def _ladder(layers: int) -> bp.Node:
    """n(k) = n(k−1) + n(k−2): 2^layers paths from the output back to the input."""
    before, last = bp.Input("x"), bp.Square()(bp.Input("y"), name="n0")
    for k in range(1, layers):
        before, last = last, bp.Add()(last, before, name=f"n{k}")
    return last


@pytest.mark.parametrize("cycle", [False, True])
def test_ordering_a_graph_and_finding_a_cycle_visit_each_node_and_link_once(cycle, monkeypatch):
    """Linear time, counted rather than timed: each node's inputs are read once, and each
    link is followed once, in a ladder of 2^300 paths (and with its first link closed into a
    cycle)."""
    output = _ladder(300)
    nodes = bp.topological_order(output)
    links = sum(len(n.inputs) for n in nodes)
    if cycle:
        first = next(n for n in nodes if n.name == "n0")
        object.__setattr__(first, "inputs", (output,))
    reads: list[int] = []

    def counting_iter(inputs):
        reads.append(0)
        for parent in inputs:
            reads[-1] += 1
            yield parent

    monkeypatch.setattr(bp.node, "iter", counting_iter, raising=False)
    if cycle:
        with pytest.raises(bp.GraphError, match="cycle"):
            bp.Graph(output)
    else:
        assert len(bp.Graph(output).nodes) == len(nodes)
    assert len(reads) <= len(nodes)
    assert sum(reads) <= links


def test_a_node_used_by_two_consumers_is_not_a_cycle():
    a = bp.Input("a")
    b = bp.Square()(a, name="b")
    graph = bp.Graph(bp.Add()(b, bp.Multiply()(b, a, name="c"), name="d"))
    assert [n.name for n in graph.nodes] == ["a", "b", "c", "d"]


def test_values_from_another_graph_are_refused_even_with_the_same_names(chain):
    other = build_chain()
    with pytest.raises(bp.GraphError, match="another graph"):
        chain.backward(other.forward(X=2.0))
    with pytest.raises(bp.GraphError, match="another graph"):
        bp.propagate_error(chain, other.forward(X=2.0), 0.5)
    with pytest.raises(bp.GraphError, match="got dict"):
        chain.backward(dict(chain.forward(X=2.0)))


def test_values_are_a_read_only_mapping_that_knows_its_graph(chain):
    values = chain.forward(X=2.0)
    assert values.graph is chain
    with pytest.raises(TypeError):
        values["C"] = np.array(1.0)
    assert dict(**values).keys() == {"X", "A", "B", "C", "D", "E"}


def _long_chain(length: int) -> bp.Graph:
    node = bp.Input("x")
    for i in range(length):
        node = bp.AddConstant(1e-4)(node, name=f"n{i}")
    return bp.Graph(node)


@pytest.mark.parametrize(
    "ship",
    [lambda g: pickle.loads(pickle.dumps(g)), copy.deepcopy, copy.copy],
    ids=["pickle", "deepcopy", "copy"],
)
def test_a_graph_of_ten_thousand_nodes_copies_and_pickles(ship):
    graph = _long_chain(10_000)
    shipped = ship(graph)
    assert [n.name for n in shipped.nodes] == [n.name for n in graph.nodes]
    assert float(shipped.forward(x=0.0)[graph.output.name]) == pytest.approx(1.0)
    assert float(shipped.backward(shipped.forward(x=0.0))["x"]) == 1.0


def test_a_single_deep_node_pickles_too():
    output = _long_chain(10_000).output
    again = pickle.loads(pickle.dumps(output))
    assert again.name == output.name
    assert len(bp.topological_order(again)) == 10_001


def test_values_pickled_with_their_graph_still_belong_to_it(chain):
    graph, values = pickle.loads(pickle.dumps((chain, chain.forward(X=2.0))))
    assert float(graph.backward(values)["X"]) == pytest.approx(0.22487518, rel=1e-8)


def test_bp_modules_import_each_other_without_a_cycle():
    """Every import, inside functions and under ``if TYPE_CHECKING`` too: the graph and the
    operators share ``bp.node`` and import neither each other nor anything that imports them."""
    import ast
    from graphlib import CycleError, TopologicalSorter
    from pathlib import Path

    package = Path(bp.__file__).parent
    imports: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        imports[path.stem] = {
            node.module.split(".")[1]
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bp.")
        }
    imports.pop("__init__")
    try:
        order = tuple(TopologicalSorter(imports).static_order())
    except CycleError as cycle:
        pytest.fail(f"bp's modules import each other in a cycle: {cycle.args[1]}")
    assert "operators" not in imports["graph"] and "graph" not in imports["operators"]
    assert order.index("node") < min(order.index("graph"), order.index("operators"))
