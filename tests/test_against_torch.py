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
