"""book/publish.py: what a page's cells hand to the text (values, tables, local derivatives)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from publish import Derivatives

from tests.chain import build_chain

STEP = 1e-6


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.5, max_value=50))
def test_each_published_local_derivative_is_the_slope_of_its_node(x):
    """``Derivatives.at`` gives dC/dB as ``dC_dB``; a central difference agrees with each."""
    graph = build_chain()
    values = graph.forward(X=x)
    local = Derivatives(graph).at(values)
    assert sorted(local) == ["dA_dX", "dB_dA", "dC_dB", "dD_dC", "dE_dD"]
    for name, slope in local.items():
        node, parent = name[1:].split("_d")
        ahead = graph.forward(X=x + STEP)
        behind = graph.forward(X=x - STEP)
        # Along the chain, d(node)/d(parent) = Δnode / Δparent for the same small step of X.
        difference = (ahead[node] - behind[node]) / (ahead[parent] - behind[parent])
        assert slope == pytest.approx(float(difference), rel=1e-5), name


def test_the_derivatives_print_as_math_and_as_text():
    derivatives = Derivatives(build_chain())
    assert r"\frac{dC}{dB} &= \frac{1}{B}" in derivatives._repr_latex_()
    assert "dD/dC = \\frac{1}{2\\sqrt{C}}" in repr(derivatives)
