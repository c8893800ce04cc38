"""Figure 1.3.1 is drawn from the graph: one octagon per operator, arrows both ways."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from matplotlib.patches import RegularPolygon

import bp

COLUMN_PX = 688  # the book's text column on a 1280 px desktop
SMALLEST_PX = 11


def drawn(chain, target=0.5):
    values = chain.forward(X=2.0)
    deltas = bp.propagate_error(chain, values, target)
    return values, deltas, bp.draw(chain, values, deltas, target=target)


def test_figure_has_an_octagon_per_operator_and_labels(chain):
    _, _, (fig, _) = drawn(chain)
    octagons = [p for p in fig.axes[0].patches if isinstance(p, RegularPolygon)]
    assert len(octagons) == 5
    assert all(p.numvertices == 8 for p in octagons)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Y = 0.5" in texts
    assert texts.count("1") == 2  # the other operand of + and −
    assert "C=2.1972" in texts  # the precision the text prints
    assert r"$\Delta X$=0.0787" in texts
    arrows = [t.arrow_patch for t in fig.axes[0].texts if getattr(t, "arrow_patch", None)]
    styles = [arrow.get_linestyle() for arrow in arrows]
    assert styles.count("--") == 6  # one dashed Δ arrow per forward arrow (X…E)
    assert styles.count("-") == 6 + 2  # plus the two constants' arrows
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)  # legible on a dark page


def test_draw_returns_every_number_it_drew(chain):
    values, deltas, (fig, labels) = drawn(chain, target=0.6)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for label in labels:
        assert label.text in texts
    by_kind = {(label.kind, label.node): label.text for label in labels}
    assert by_kind[("target", "E")] == "0.6"
    assert by_kind[("value", "C")] == f"{float(values['C']):.4f}"
    assert by_kind[("delta", "X")] == f"{float(deltas['X']):.4f}"
    assert by_kind[("value", "B")] == "9"  # no trailing zeros
    assert len([label for label in labels if label.kind == "constant"]) == 2


def test_labels_are_legible_at_the_column_width_and_do_not_overlap(chain):
    _, _, (fig, _) = drawn(chain)
    assert_legible_and_apart(fig)


def assert_legible_and_apart(fig) -> None:
    """The page shows a figure (cropped to what it draws) no narrower than where its smallest
    text is 11 px (reader_site/figures.py): on a desktop, that fits the column."""
    renderer = fig.canvas.get_renderer()
    width_points = fig.get_tightbbox(renderer).width * 72
    texts = [t for t in fig.axes[0].texts if t.get_text()]
    assert width_points * SMALLEST_PX / min(t.get_fontsize() for t in texts) <= COLUMN_PX
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other), (box, other)


def test_gradients_can_travel_on_the_dashed_arrows(chain):
    """Section 1.4 draws the figure with g_node = dL/dnode on the dashed arrows instead of Δ."""
    values = chain.forward(X=2.0)
    grads = chain.backward(values, grad_output=values["E"] - 0.5)
    fig, labels = bp.draw(chain, values, grads, target=0.5, backward_symbol="g_{{{}}}")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(text.startswith("$g_{X}$=-0.00") for text in texts)
    assert not any(r"\Delta" in text for text in texts)
    by_kind = {(label.kind, label.node): label.text for label in labels}
    assert float(by_kind[("delta", "D")]) == round(float(grads["D"]), 4)
    assert_legible_and_apart(fig)
