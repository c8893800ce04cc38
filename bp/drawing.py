"""Figure 1.3.1, drawn from the graph object itself rather than from a picture of it.

Operators are octagons, solid arrows carry values forward, dashed arrows carry Δ back.
matplotlib is imported only when a figure is asked for, so the rest of bp needs numpy alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from bp.graph import Graph

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORWARD_COLOR = "#1f4e79"
BACKWARD_COLOR = "#b03a2e"
RADIUS = 0.32


def draw(
    graph: Graph,
    values: Mapping[str, np.ndarray] | None = None,
    deltas: Mapping[str, np.ndarray] | None = None,
    target: float | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw ``graph`` as in figure 1.3.1 and return the matplotlib figure.

    With ``values`` (a ``Graph.forward`` result) each forward arrow shows its node's value;
    with ``deltas`` (a ``propagate_error`` result) each dashed arrow shows its Δ; with
    ``target`` the output is compared with the label ``Y = target``. The figure has an
    opaque white background so it stays legible on a dark page.

    Raises:
        ImportError: matplotlib is not installed (``pip install matplotlib``).
    """
    try:
        import matplotlib.pyplot as plt
        from matplotlib.patches import Circle, RegularPolygon
    except ImportError as error:  # pragma: no cover - exercised only without matplotlib
        raise ImportError("bp.draw needs matplotlib: pip install matplotlib") from error

    position = _layout(graph)
    width = max(x for x, _ in position.values()) + (2.4 if target is not None else 1.4)
    lanes = max(y for _, y in position.values()) + 1
    if ax is None:
        fig, ax = plt.subplots(figsize=(1.45 * width + 0.5, 1.6 + 1.3 * lanes))
    fig = ax.figure
    fig.patch.set_facecolor("white")
    ax.set_facecolor("white")
    ax.set_axis_off()
    ax.set_aspect("equal")

    for node in graph.nodes:
        x, y = position[node.name]
        if node.operator is None:
            ax.add_patch(Circle((x, y), 0.2, facecolor="#eef3f8", edgecolor=FORWARD_COLOR, lw=1.4))
            ax.text(x, y, node.name, ha="center", va="center", fontsize=13, weight="bold")
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
        ax.text(x, y, node.operator.label, ha="center", va="center", fontsize=13)
        if node.operator.constant is not None:
            _arrow(ax, (x, y + 0.85), (x, y + RADIUS), FORWARD_COLOR, "-")
            ax.text(
                x, y + 0.95, f"{node.operator.constant:g}", ha="center", va="bottom", fontsize=12
            )
        for parent in node.inputs:
            _connect(ax, position[parent.name], (x, y), parent.name, values, deltas)

    out_x, out_y = position[graph.output.name]
    if target is not None:
        _connect(ax, (out_x, out_y), (out_x + 1.5, out_y), graph.output.name, values, deltas)
        ax.text(
            out_x + 1.5 - RADIUS + 0.08,
            out_y,
            f"Y = {target:g}",
            ha="left",
            va="center",
            fontsize=13,
            bbox={"boxstyle": "round", "facecolor": "#eef3f8", "edgecolor": FORWARD_COLOR},
        )
    ax.set_xlim(-0.5, width)
    ax.set_ylim(-0.8, lanes - 1 + 1.3)
    return fig


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
        position[node.name] = (1.5 * c, 1.3 * row)
    return position


def _connect(ax, start, end, name, values, deltas) -> None:
    """A solid forward arrow above the line and a dashed Δ arrow below it."""
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
    forward = name if values is None else f"{name}={_short(values[name])}"
    ax.text(
        *(mid + 2.4 * normal), forward, ha="center", va="bottom", fontsize=10, color=FORWARD_COLOR
    )
    backward = rf"$\Delta {name}$"
    if deltas is not None:
        backward += f"={_short(deltas[name])}"
    ax.text(
        *(mid - 2.4 * normal), backward, ha="center", va="top", fontsize=10, color=BACKWARD_COLOR
    )


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


def _short(value: np.ndarray) -> str:
    value = np.asarray(value)
    return f"{float(value):.4g}" if value.ndim == 0 else f"array{value.shape}"
