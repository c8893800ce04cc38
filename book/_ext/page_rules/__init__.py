r"""What every page of the book must carry, checked when the page is read.

- A notebook page (one with a ``kernelspec``) starts, right after its front matter, with
  ``JUPYTER_CELL``: a Markdown cell that only JupyterLab reads (the site drops it,
  ``remove-cell``). jupyterlab-myst, which renders MyST labels and directives there, takes a
  page's math macros from a YAML block opening the notebook's first Markdown cell, not from
  the notebook's metadata (where jupytext puts the file's front matter) and not from a
  ``$\newcommand…$`` line (each formula is typeset alone: jupyter-book/jupyterlab-myst#259).
  The cell defines ``\num`` as its second argument (KaTeX gives a macro as many arguments as
  the highest ``#n`` it names, so ``#2`` alone would take none) and ``\lit`` as its argument,
  and turns off MyST's own equation numbers, which would stand beside the ``\tag``.
  Without the cell the page builds, but in JupyterLab and on Binder every bound number shows
  as raw TeX.
- A page that is not part of the original text (``page_rules_original`` in _config.yml lists
  those that are) says so with an admonition before its first section, titled in the
  edition's language: "本节为扩展内容", or "This section is an addition".

A page that breaks a rule stops the build with the file, the line to add and where, and a
pointer to ``book/_template.md``, which has both.
"""

from __future__ import annotations

import re
from typing import Any

from editions import EXTENSION_MARKS, ORIGINAL
from sphinx.application import Sphinx
from sphinx.errors import SphinxError

JUPYTER_CELL = r"""+++ {"tags": ["remove-cell"]}

---
math: {'\num': '\@secondoftwo{#1}{#2}', '\lit': '#1'}
numbering: {equation: false}
---

+++
"""
TEMPLATE = "book/_template.md"
_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.DOTALL)
_SECOND_HEADING = re.compile(r"^##\s", re.MULTILINE)


class PageRuleError(SphinxError):
    category = "Page rules"


def problems(docname: str, text: str, original: list[str], language: str = ORIGINAL) -> list[str]:
    """What the page ``docname`` (its source ``text``) lacks, as sentences for the author."""
    found = []
    mark = EXTENSION_MARKS[language]
    front = _FRONT_MATTER.match(text)
    if (
        front
        and "kernelspec:" in front["yaml"]
        and not text[front.end() :].lstrip("\n").startswith(JUPYTER_CELL)
    ):
        found.append(
            "a notebook page needs, right after its front matter, the cell\n"
            + JUPYTER_CELL
            + r"so that JupyterLab shows \num and \lit as the site does"
        )
    if docname not in original:
        first_section = _SECOND_HEADING.search(text)
        opening = text[: first_section.start()] if first_section else text
        if not re.search(rf"\{{admonition\}}\s*{re.escape(mark)}", opening):
            found.append(
                f"a page beyond the original text starts with the admonition "
                f"'{{admonition}} {mark}' before its first '##' section "
                "(or is listed in page_rules_original in _config.yml)"
            )
    return found


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    found = problems(
        docname, source[0], app.config.page_rules_original, app.config.language or ORIGINAL
    )
    if found:
        path = app.env.doc2path(docname, base=False)
        raise PageRuleError(
            f"{path}: " + "; ".join(found) + f". {TEMPLATE} shows both; copy it to start a page."
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("page_rules_original", [], "env", types=[list])
    app.connect("source-read", check_page)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
