"""What a page's code cells hand on: named values for the text, readable output for readers.

Every page imports this module in its first cell::

    from publish import publish, show

The kernel's working directory is the page's folder, ``book/``, in the build, in JupyterLab
and on Binder, so the import needs no installation; the module belongs to the book, not to
``bp`` (which computes and knows nothing of pages).

Importing it inside a kernel also makes matplotlib figures SVG with text kept as text
(``svg.fonttype: none``), so a figure is as sharp as the page around it at any zoom.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, SupportsFloat

SIGNIFICANT_DIGITS = 12  # enough for every digit the text prints; float noise stays hidden


def publish(**values: SupportsFloat | bool) -> None:
    """Give each computed value a name that the text can print and the build can check.

    Each value is glued (myst-nb) as a float, without display; ``\\num{name}{…}`` in the
    text then refers to it. A truth value (``bool`` or numpy's) is glued as ``True`` or
    ``False``: the predicate a claim of the text is bound to (``% bp: claim``). Raises
    ``TypeError`` naming the value that is not a number.
    """
    from myst_nb import glue

    for name, value in values.items():
        if type(value).__name__ in ("bool", "bool_"):
            glue(name, bool(value), display=False)
            continue
        try:
            number = float(value)
        except (TypeError, ValueError) as error:
            raise TypeError(f"publish: {name!r} is {value!r}, not a number") from error
        glue(name, number, display=False)


def publish_drawing(
    labels: Iterable[Any], *, delta: str = "delta_{}", target: str = "target"
) -> None:
    """Publish each number a ``bp.draw`` figure drew, so that the build checks the figure.

    Each label is glued as ``drawn__<the value it shows>`` with the text drawn: a node's value
    under the node's name, a backward label under ``delta`` (``"grad_{}"`` when the arrows
    carry dL/dnode), the target under ``target``, an operator's constant (the 1 of X+1) as
    ``constant_<node>``. The check reads the SVG and compares each with the published value.
    One place for this, so that every page that draws a graph publishes it the same way.
    """
    from myst_nb import glue

    shows = {"value": "{}", "delta": delta, "target": target, "constant": "constant_{}"}
    for label in labels:
        glue("drawn__" + shows[label.kind].format(label.node), label.text, display=False)


def publish_plot(
    figure: Any, name: str, *, paths: Mapping[str, Any] | None = None, **labels: SupportsFloat
) -> None:
    """Publish what a matplotlib figure shows, so that the build checks it like a bp.draw one.

    ``name`` is the figure's name (its ``mystnb: figure: name:``); each keyword names a
    published value that a label of the figure prints (a legend's "η = 0.05": ``rate=0.05``),
    glued as ``drawn__<name>__<value name>`` with the number as drawn. The axes' tick labels
    are the figure's scale, not computed values: they are published as constants
    (``drawn__<name>__constant_tick_<i>``). The check then reads the figure's SVG file: a
    number the file shows that is neither a tick nor a published label fails the build, and
    so does a label that disagrees with its value.

    ``paths`` names lines of the figure (``{"path_small": line}``) whose points an explorable
    page moves (book/_ext/explore): each line's group in the SVG gets the id
    ``<name>__<key>``, and where the figure's SVG draws its markers (each one's ``x``, ``y``,
    as the page's SVG has them: saved as the kernel saves a figure; the line is the polyline
    through them) is glued as ``marks__<name>__<key>`` (JSON text), so that the page moves
    the markers and the line to where matplotlib draws them at the reader's inputs; nothing
    is computed in the browser.
    """
    import io
    import json
    import re
    import xml.etree.ElementTree as ET

    from myst_nb import glue

    for key, line in (paths or {}).items():
        line.set_gid(f"{name}__{key}")
    svg = io.BytesIO()
    figure.savefig(svg, format="svg", **_SAVED_AS)
    tree = ET.fromstring(svg.getvalue())
    ticks = [
        re.sub(r"\s+", "", "".join(group.itertext()))
        for group in tree.iter()
        if re.fullmatch(r"[xy]tick_\d+", group.get("id", ""))
    ]
    for i, text in enumerate(t for t in ticks if t):
        glue(f"drawn__{name}__constant_tick_{i}", text, display=False)
    for value_name, value in labels.items():
        glue(f"drawn__{name}__{value_name}", str(value), display=False)
    for key in paths or {}:
        group = next(g for g in tree.iter() if g.get("id") == f"{name}__{key}")
        marks = [[float(use.get("x")), float(use.get("y"))] for use in group.iter(f"{_SVG}use")]
        vertices = [
            float(n) for n in re.findall(r"-?[\d.]+", next(group.iter(f"{_SVG}path")).get("d"))
        ]
        if vertices != [n for mark in marks for n in mark]:
            raise ValueError(
                f"publish_plot: the line {key!r} of {name!r} is not drawn through its markers "
                "(a step or a clipped line): a page cannot move it by its markers alone"
            )
        glue(f"marks__{name}__{key}", json.dumps(marks), display=False)


_SVG = "{http://www.w3.org/2000/svg}"
# How the kernel saves a figure for the page (_figures_as_svg): the coordinates of what it
# draws are those of the page's SVG only when saved the same way.
_SAVED_AS = {"bbox_inches": "tight", "metadata": {"Date": None}}


# What each of bp's errors means, for a Chinese reader: what went wrong, then why; bp's own
# message (English, for programmers) follows them.
ERRORS_IN_CHINESE = {
    "DomainError": ("超出定义域", "某个计算符的输入不满足它的条件"),
    "ShapeError": ("形状不匹配", "操作数的形状不能按 numpy 的规则广播"),
    "GraphError": ("计算图不能这样用", "有环、节点重名，或误差无法唯一地除回（不止一个输入）"),
    "ArgumentError": ("参数无效", "缺少或多出输入，或常数、容差、步数不合法"),
    "ConvergenceError": ("没有收敛", "在允许的步数内误差没有降到容差以内"),
}


def explain(error: Exception) -> str:
    """``error`` as a Chinese page shows it: what went wrong and why, in Chinese, then bp's
    message, each on a line of its own.

    Short lines, because a cell's output is preformatted text: a long Chinese line scrolls
    sideways on a phone, and wraps in the PDF wherever it must (once leaving "入）。" alone).
    A ``bp.DomainError`` names its node, its operator (or bp function) and the value it got;
    another error of bp gets the words ``ERRORS_IN_CHINESE`` has for it; any other error is
    shown as ``Name: message``. Chinese pages print errors through this one function.
    """
    name = type(error).__name__
    if name not in ERRORS_IN_CHINESE:
        return f"{name}: {error}"
    what, why = ERRORS_IN_CHINESE[name]
    if name == "DomainError" and hasattr(error, "node"):
        why = f"在节点 {error.node}，{error.operator} 的条件不满足（得到 {error.value}）"
    return f"bp.{name}：{what}。\n  {why}。\n  bp 的原文：{error}"


def format_value(value: SupportsFloat, digits: int = SIGNIFICANT_DIGITS) -> str:
    """``value`` to ``digits`` significant digits: 0.0399, not 0.039899999999999824."""
    return f"{float(value):.{digits}g}"


def table(values: Mapping[str, SupportsFloat], prefix: str = "", exact: bool = False) -> str:
    """One ``name = value`` line per value, the ``=`` signs aligned.

    ``exact=True`` prints each float's full ``repr`` (every digit Python keeps), for the
    places where the last digits are the point.
    """
    names = [f"{prefix}{name}" for name in values]
    width = max((len(name) for name in names), default=0)
    shown: Iterable[str] = (
        repr(float(value)) if exact else format_value(value) for value in values.values()
    )
    return "\n".join(f"{name:<{width}} = {text}" for name, text in zip(names, shown, strict=True))


def show(values: Mapping[str, SupportsFloat], prefix: str = "", exact: bool = False) -> None:
    """Print ``values`` as an aligned table (see :func:`table`)."""
    print(table(values, prefix=prefix, exact=exact))


class Derivatives:
    r"""The local derivative of each one-input node of a graph, as math.

    Jupyter and the book typeset the ``text/latex`` form (one aligned line per node, e.g.
    ``\frac{dC}{dB} = \frac{1}{B}``); a plain terminal gets the same lines as text.
    """

    def __init__(self, graph: Any) -> None:
        self.rows = []
        for node in graph.nodes:
            if len(node.inputs) != 1:
                continue
            (parent,) = node.inputs
            local = node.operator.derivative_tex.format(parent.name)
            self.rows.append((node.name, parent.name, local))
        self.nodes = {node.name: node for node in graph.nodes}

    def at(self, values: Mapping[str, Any]) -> dict[str, float]:
        """Each local derivative's value at ``values``, named ``dC_dB`` for dC/dB.

        Computed by the operator's own ``derivative`` (the one formula ``bp`` has for it), so
        that a page can publish them and the build can check the text's derivative formulas
        (``\\frac{dC}{dB} = \\frac{1}{B}``) at the page's values.
        """
        found = {}
        for name, parent, _local in self.rows:
            node = self.nodes[name]
            (slope,) = node.operator.derivative(values[parent], output=values[name])
            found[f"d{name}_d{parent}"] = float(slope)
        return found

    def _repr_latex_(self) -> str:
        lines = r" \\ ".join(
            rf"\frac{{d{node}}}{{d{parent}}} &= {local}" for node, parent, local in self.rows
        )
        # The digits here are constants of the formulas, not computed quantities.
        return f"$$\n\\begin{{aligned}}{lines}\\end{{aligned}} % bp: symbolic\n$$"

    def __repr__(self) -> str:
        return "\n".join(f"d{node}/d{parent} = {local}" for node, parent, local in self.rows)


def figure_settings() -> dict[str, Any]:
    """How the kernel draws a figure (matplotlib's rcParams): the page's figures are drawn
    so, and an explorable page's grid (book/_ext/explore) draws them the same way, so that
    what it saves of a figure (publish_plot's paths) is where the page's SVG has it."""
    import matplotlib

    sans = matplotlib.rcParams["font.sans-serif"]
    return {
        # Text stays text, drawn by the page's own fonts (Chinese too).
        "svg.fonttype": "none",
        # Text that matplotlib sizes by default (ticks, axis labels) stays at least 11 px when
        # a figure is shown at a phone's column width (about 360 px for a 5-inch figure).
        "font.size": 13,
        # A figure is an <img>: its text is drawn with the reader's system fonts, in the order
        # the SVG names them. Chinese labels (a legend's 误差除法) need a CJK font after DejaVu
        # Sans; the TrueType Droid Sans Fallback comes first among them, so that the printed
        # PDF embeds it rather than a CFF font that Chromium can only embed as Type 3
        # (tests/test_pdf.py).
        "font.sans-serif": [sans[0], "Droid Sans Fallback", *sans[1:]],
        # The same figure gives the same file (and so the same name in the site) on every build.
        "svg.hashsalt": "bp-book",
    }


def _figures_as_svg() -> None:
    """SVG figures with text as text, when running in a kernel (nothing to do elsewhere)."""
    import builtins

    shell = getattr(builtins, "get_ipython", lambda: None)()  # defined only inside IPython
    if shell is None:
        return
    import warnings

    import matplotlib

    # matplotlib's fonts only measure the text: its warning that DejaVu Sans lacks a Chinese
    # glyph would be printed under the cell for the reader.
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
    matplotlib.rcParams.update(figure_settings())
    shell.run_line_magic("config", "InlineBackend.figure_formats = ['svg']")
    shell.run_line_magic(
        "config",
        f"InlineBackend.print_figure_kwargs = {_SAVED_AS!r}",
    )


_figures_as_svg()
