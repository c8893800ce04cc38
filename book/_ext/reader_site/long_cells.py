"""Long code cells folded, on every page (issue 20, item 9).

A code cell whose source is longer than ``LONG_CELL_LINES`` lines pushes the text it serves
a screen or more down (on 再迭代几次, 40 lines of widget code that a static page cannot run
came before the text). Such a cell shows its output and folds its source behind myst-nb's
"显示代码" button, as a ``hide-input`` tag would; a cell the author already folds, or removes,
is left as it is. The notebook (Binder, JupyterLab) keeps every cell open.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

LONG_CELL_LINES = 15


def source_lines(cell: nodes.Element) -> int:
    """The number of lines of a myst-nb code cell's source (0 if it shows none)."""
    for child in cell.children:
        if child.get("nb_element") == "cell_code_source":
            return len(child.astext().rstrip("\n").splitlines())
    return 0


class FoldLongCells(SphinxPostTransform):
    """Before myst-nb's HideInputCells (priority 199) turns hide modes into folds."""

    default_priority = 198
    formats = ("html",)

    def run(self, **kwargs) -> None:
        config = self.env.mystnb_config
        for cell in self.document.findall(nodes.container):
            if cell.get("nb_element") != "cell_code" or cell.get("hide_mode"):
                continue
            if source_lines(cell) > LONG_CELL_LINES:
                cell["hide_mode"] = "input"
                cell["prompt_show"] = config.code_prompt_show
                cell["prompt_hide"] = config.code_prompt_hide


def setup_long_cells(app: Sphinx) -> None:
    app.add_post_transform(FoldLongCells)
