"""Figure 1.3.1, drawn from the graph object itself rather than from a picture of it.

Operators are octagons, solid arrows carry values forward, dashed arrows carry Δ back.
matplotlib is imported only when a figure is asked for, so the rest of bp needs numpy alone.
``draw`` also returns every number it drew, as text, so that whoever shows the figure can
check those numbers against the ones printed beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from bp.graph import Graph

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORWARD_COLOR = "#1f4e79"
BACKWARD_COLOR = "#b03a2e"
RADIUS = 0.27
# Columns are this far apart: the gap between two octagons (about 125 pt) holds a forward
# arrow's label ("C=2.1972", about 100 pt at LABEL_SIZE) with room on either side, so that no
# label touches an octagon (tests/test_reader_figures.py measures this in a browser).
SPACING = 1.7
# Sizes in points; the page shows the figure no narrower than where its smallest text, the
# arrow labels, is 11 px (reader_site/figures.py), and scrolls it sideways on a phone.
LABEL_SIZE = 18
NAME_SIZE = 21
DELTA = r"\Delta {}"  # the dashed arrows' symbol unless draw() is given another


class Label(NamedTuple):
    """A number drawn in the figure: a node's value, its Δ, the target, or a constant."""

    kind: str  # "value", "delta" (the number on a dashed arrow), "target" or "constant"
    node: str  # the node it belongs to
    text: str  # the digits as drawn


class Drawing(NamedTuple):
    figure: Figure
    labels: list[Label]


def draw(
    graph: Graph,
    values: Mapping[str, np.ndarray] | None = None,
    deltas: Mapping[str, np.ndarray] | None = None,
    target: float | None = None,
    ax: Axes | None = None,
    decimals: int = 4,
    backward_symbol: str | None = None,
) -> Drawing:
    """Draw ``graph`` as in figure 1.3.1; return the figure and every number drawn in it.

    With ``values`` (a ``Graph.forward`` result) each forward arrow shows its node's value;
    with ``deltas`` (a ``propagate_error`` result) each dashed arrow shows its Δ (or, with
    ``backward_symbol="g_{{{}}}"`` and a ``Graph.backward`` result, the
    gradient that travels back along it: section 1.4 draws the figure that way); with
    ``target`` the output is compared with the label ``Y = target``. Numbers are drawn
    rounded to ``decimals`` places, trailing zeros dropped (2.1972, 9). The figure has an
    opaque white background so it stays legible on a dark page.

    Raises:
        ImportError: matplotlib is not installed (``pip install matplotlib``).
    """
    try:
        import matplotlib.pyplot as plt
        from matplotlib.patches import Circle, RegularPolygon
    except ImportError as error:  # pragma: no cover - exercised only without matplotlib
        raise ImportError("bp.draw needs matplotlib: pip install matplotlib") from error

    labels: list[Label] = []
    position = _layout(graph)
    width = max(x for x, _ in position.values()) + (SPACING + 0.9 if target is not None else 1.4)
    lanes = max(y for _, y in position.values()) + 1
    if ax is None:
        _, ax = plt.subplots(figsize=(1.45 * width + 0.5, 1.6 + 1.3 * lanes))
    fig = ax.figure
    fig.patch.set_facecolor("white")
    ax.set_facecolor("white")
    ax.set_axis_off()
    ax.set_aspect("equal")

    for node in graph.nodes:
        x, y = position[node.name]
        if node.operator is None:
            ax.add_patch(Circle((x, y), 0.2, facecolor="#eef3f8", edgecolor=FORWARD_COLOR, lw=1.4))
            ax.text(x, y, node.name, ha="center", va="center", fontsize=NAME_SIZE, weight="bold")
            continue
        ax.add_patch(
            RegularPolygon(
                (x, y),
                numVertices=8,
                radius=RADIUS,
                orientation=np.pi / 8,
                facecolor="#fdf6e3",
                edgecolor="#444444",
                lw=1.4,
            )
        )
        ax.text(x, y, node.operator.label, ha="center", va="center", fontsize=NAME_SIZE)
        if node.operator.constant is not None:
            constant = f"{node.operator.constant:g}"
            labels.append(Label("constant", node.name, constant))
            _arrow(ax, (x, y + 0.85), (x, y + RADIUS), FORWARD_COLOR, "-")
            ax.text(x, y + 0.95, constant, ha="center", va="bottom", fontsize=LABEL_SIZE)
        for parent in node.inputs:
            labels += _connect(
                ax,
                position[parent.name],
                (x, y),
                parent.name,
                values,
                deltas,
                decimals,
                backward_symbol,
            )

    out_x, out_y = position[graph.output.name]
    if target is not None:
        labels += _connect(
            ax,
            (out_x, out_y),
            (out_x + SPACING, out_y),
            graph.output.name,
            values,
            deltas,
            decimals,
            backward_symbol,
        )
        drawn = _number(target, decimals)
        labels.append(Label("target", graph.output.name, drawn))
        ax.text(
            out_x + SPACING - RADIUS + 0.08,
            out_y,
            f"Y = {drawn}",
            ha="left",
            va="center",
            fontsize=NAME_SIZE,
            bbox={"boxstyle": "round", "facecolor": "#eef3f8", "edgecolor": FORWARD_COLOR},
        )
    ax.set_xlim(-0.5, width)
    ax.set_ylim(-0.8, lanes - 1 + 1.3)
    return Drawing(fig, labels)


def _layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """Column = longest path from an input; row = order of arrival within the column."""
    column: dict[str, int] = {}
    for node in graph.nodes:
        column[node.name] = 1 + max((column[p.name] for p in node.inputs), default=-1)
    rows: dict[int, int] = {}
    position: dict[str, tuple[float, float]] = {}
    for node in graph.nodes:
        c = column[node.name]
        row = rows.get(c, 0)
        rows[c] = row + 1
        position[node.name] = (SPACING * c, 1.3 * row)
    return position


def _connect(
    ax, start, end, name, values, deltas, decimals: int, backward_symbol: str | None
) -> list[Label]:
    """A solid forward arrow above the line and a dashed Δ arrow below it; their labels."""
    (x0, y0), (x1, y1) = start, end
    lift = 0.09
    margin = RADIUS + 0.02
    direction = np.array([x1 - x0, y1 - y0]) / np.hypot(x1 - x0, y1 - y0)
    a = np.array([x0, y0]) + direction * margin
    b = np.array([x1, y1]) - direction * margin
    normal = np.array([-direction[1], direction[0]]) * lift
    _arrow(ax, a + normal, b + normal, FORWARD_COLOR, "-")
    _arrow(ax, b - normal, a - normal, BACKWARD_COLOR, "--")
    mid = (a + b) / 2
    labels = []
    forward = name
    if values is not None:
        drawn = _number(values[name], decimals)
        labels.append(Label("value", name, drawn))
        forward += f"={drawn}"
    ax.text(
        *(mid + 2.4 * normal),
        forward,
        ha="center",
        va="bottom",
        fontsize=LABEL_SIZE,
        color=FORWARD_COLOR,
    )
    backward = "$" + (backward_symbol or DELTA).format(name) + "$"
    if deltas is not None:
        drawn = _number(deltas[name], decimals)
        labels.append(Label("delta", name, drawn))
        backward += f"={drawn}"
    # Below the octagons' lower edges, where a label wider than the gap between two of them
    # (a Δ label in italics) touches neither.
    ax.text(
        *(mid - normal * (RADIUS + 0.05) / lift),
        backward,
        ha="center",
        va="top",
        fontsize=LABEL_SIZE,
        color=BACKWARD_COLOR,
    )
    return labels


def _arrow(ax, start, end, color: str, style: str) -> None:
    ax.annotate(
        "",
        xy=tuple(end),
        xytext=tuple(start),
        arrowprops={
            "arrowstyle": "-|>",
            "color": color,
            "lw": 1.4,
            "linestyle": style,
            "shrinkA": 0,
            "shrinkB": 0,
            "mutation_scale": 12,
        },
    )


def _number(value: np.ndarray | float, decimals: int) -> str:
    """Rounded to ``decimals`` places without trailing zeros: 2.1972, 9, 0.5."""
    value = np.asarray(value)
    if value.ndim != 0:
        return f"array{value.shape}"
    text = f"{float(value):.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
