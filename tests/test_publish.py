"""book/publish.py: what a page's cells hand to the text (values, tables, local derivatives)."""

from __future__ import annotations

import myst_nb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from publish import Derivatives, publish_drawing, publish_plot

import bp
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


def test_publish_drawing_names_each_label_by_the_value_it_shows(monkeypatch):
    """The one helper the pages use: a figure's numbers reach the check under drawn__<value>."""
    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: glued.update({name: value}))
    graph = build_chain()
    values = graph.forward(X=2.0)
    deltas = bp.propagate_error(graph, values, 0.5)
    _figure, labels = bp.draw(graph, values, deltas, target=0.5)
    publish_drawing(labels, delta="grad_{}", target="chain_Y")
    assert glued["drawn__X"] == "2" and glued["drawn__grad_X"] == "0.0787"
    assert "drawn__chain_Y" in glued and "drawn__constant_A" in glued
    assert len(glued) == len(labels)


def test_publish_plot_reports_ticks_as_scale_and_labels_as_values(monkeypatch):
    """A plot's tick labels are its scale (constants); its legend numbers are published values."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: glued.update({name: value}))
    # As in the book's kernels (publish._figures_as_svg): text kept as text.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure, axes = plt.subplots()
        axes.semilogy([1e-2, 1e-5, 1e-9], label="η = 0.05")
        axes.legend()
        publish_plot(figure, "fig-x", rate=0.05)
    plt.close(figure)
    assert glued.pop("drawn__fig-x__rate") == "0.05"
    assert glued and all(name.startswith("drawn__fig-x__constant_tick_") for name in glued)
    assert "10−5" in glued.values()  # a log axis's tick, as the SVG file prints it


@pytest.mark.parametrize("drawstyle", ["default", "steps-post"])
def test_publish_plot_moves_a_path_only_when_its_line_runs_through_its_markers(
    monkeypatch, drawstyle
):
    """An explorable page moves a path's markers and draws its line through them (explore.js):
    a line drawn otherwise (as steps) cannot follow, and publish_plot says so at build time."""
    import json

    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: glued.update({name: value}))
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure, axes = plt.subplots()
        (line,) = axes.plot([0, 1, 2], [0, 1, 4], marker="o", drawstyle=drawstyle)
        try:
            if drawstyle == "default":
                publish_plot(figure, "fig-x", paths={"path": line})
                marks = json.loads(glued["marks__fig-x__path"])
                assert len(marks) == 3 and all(len(mark) == 2 for mark in marks)
            else:
                with pytest.raises(ValueError, match="'path' of 'fig-x' is not drawn through"):
                    publish_plot(figure, "fig-x", paths={"path": line})
        finally:
            plt.close(figure)
