"""Values and gradients agree with PyTorch autograd in float64, where torch is installed."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is not installed; it is an optional oracle")


def test_chain_matches_torch_autograd(chain):
    x = np.linspace(0.1, 20.0, 101)
    values = chain.forward(X=x)
    grads = chain.backward(values)

    X = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    E = torch.sqrt(torch.log((X + 1) ** 2)) - 1
    E.sum().backward()
    np.testing.assert_allclose(values["E"], E.detach().numpy(), rtol=1e-15)
    np.testing.assert_allclose(grads["X"], X.grad.numpy(), rtol=1e-14)


def test_broadcasting_and_shared_nodes_match_torch_autograd():
    """c = (a·b + a)² summed, with a of shape (3, 1) and b of shape (4,): a is used twice."""
    import bp

    rng = np.random.default_rng(1)
    a, b = rng.uniform(-2, 2, (3, 1)), rng.uniform(-2, 2, 4)
    A, B = bp.Input("a"), bp.Input("b")
    ab = bp.Multiply()(A, B, name="ab")
    graph = bp.Graph(bp.Sum()(bp.Square()(bp.Add()(ab, A, name="s"), name="q"), name="c"))
    grads = graph.backward(graph.forward(a=a, b=b))

    ta = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    ((ta * tb + ta) ** 2).sum().backward()
    np.testing.assert_allclose(grads["a"], ta.grad.numpy(), rtol=1e-14)
    np.testing.assert_allclose(grads["b"], tb.grad.numpy(), rtol=1e-14)
