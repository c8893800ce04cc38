r"""What every page of the book must carry, checked when the page is read.

- A notebook page (one with a ``kernelspec``) defines ``\num`` and ``\lit`` for Jupyter in
  one line, ``$\newcommand{\num}[2]{#2}\newcommand{\lit}[1]{#1}$``; without it the page
  builds, but in JupyterLab and on Binder every bound number shows as raw TeX.
- A page that is not part of the original text (``page_rules_original`` in _config.yml lists
  those that are) says so with an admonition before its first section, titled in the
  edition's language: "本节为扩展内容", or "This section is an addition".

A page that breaks a rule stops the build with the file, the line to add and where, and a
pointer to ``book/_template.md``, which has both.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxError

DEFINITIONS = r"$\newcommand{\num}[2]{#2}\newcommand{\lit}[1]{#1}$"
EXTENSION_MARKS = {"zh_CN": "本节为扩展内容", "en": "This section is an addition"}
TEMPLATE = "book/_template.md"
_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.DOTALL)
_SECOND_HEADING = re.compile(r"^##\s", re.MULTILINE)


class PageRuleError(SphinxError):
    category = "Page rules"


def problems(docname: str, text: str, original: list[str], language: str = "zh_CN") -> list[str]:
    """What the page ``docname`` (its source ``text``) lacks, as sentences for the author."""
    found = []
    mark = EXTENSION_MARKS[language]
    front = _FRONT_MATTER.match(text)
    if front and "kernelspec:" in front["yaml"] and DEFINITIONS not in text:
        found.append(
            f"a notebook page needs the line {DEFINITIONS} after its title, so that Jupyter "
            r"shows \num and \lit as the site does"
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
        docname, source[0], app.config.page_rules_original, app.config.language or "zh_CN"
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
