"""Figure 1.3.1 is drawn from the graph: one octagon per operator, arrows both ways."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from matplotlib.patches import RegularPolygon

import bp


def test_figure_has_an_octagon_per_operator_and_labels(chain):
    values = chain.forward(X=2.0)
    deltas = bp.propagate_error(chain, values, 0.5)
    fig = bp.draw(chain, values, deltas, target=0.5)
    octagons = [p for p in fig.axes[0].patches if isinstance(p, RegularPolygon)]
    assert len(octagons) == 5
    assert all(p.numvertices == 8 for p in octagons)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Y = 0.5" in texts
    assert texts.count("1") == 2  # the other operand of + and −
    assert "C=2.197" in texts
    assert r"$\Delta X$=0.07869" in texts
    arrows = [t.arrow_patch for t in fig.axes[0].texts if getattr(t, "arrow_patch", None)]
    styles = [arrow.get_linestyle() for arrow in arrows]
    assert styles.count("--") == 6  # one dashed Δ arrow per forward arrow (X…E)
    assert styles.count("-") == 6 + 2  # plus the two constants' arrows
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)  # legible on a dark page
