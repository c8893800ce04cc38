"""One page under check: what it published, where its source lines are, what was found.

The judges (judges.py) read the page through a ``Page`` and leave their findings in it;
check.py walks the doctree, calls them, and stores the findings (store.py) when the page
is done.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from . import language, source
from .computed import UnreadableValueError, as_float, published_values
from .store import Deviation, PageRecord, Problem

LINE_UNKNOWN = "line unknown"


@dataclass
class SourceLines:
    """The line of each markup fragment, found from the line docutils gave its node.

    docutils (myst) gives blocks the line they start on, and inline nodes none: a fragment
    is looked for from its block's first line on, and each occurrence is used once, so a
    fragment repeated on one line reports that line for each repeat. A node without a line
    in itself or in a block around it has no line to start from: its line is unknown, and
    the check says so rather than report the first occurrence in the file.
    """

    path: Path
    lines: list[str] = field(init=False)
    used: dict[str, set[tuple[int, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            self.lines = self.path.read_text(encoding="utf8").splitlines()
        except OSError:
            self.lines = []

    def locate(self, fragment: str, start: int | None) -> int | None:
        if start is None:
            return None
        used = self.used.setdefault(fragment, set())
        for index in range(max(start - 1, 0), len(self.lines)):
            for occurrence in range(self.lines[index].count(fragment)):
                if (index, occurrence) not in used:
                    used.add((index, occurrence))
                    return index + 1
        return start


def ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def line_of(node: nodes.Node) -> int | None:
    """The line docutils gave the node, or the innermost element around it that has one."""
    for candidate in (node, *ancestors(node)):
        line = getattr(candidate, "line", None)
        if line:
            return line
    return None


def in_cell(node: nodes.Node) -> bool:
    """Code cells and their outputs are computation, not printed prose."""
    return any(
        isinstance(a, nodes.container) and "cell" in a.get("classes", []) for a in ancestors(node)
    )


def rendered_output(node: nodes.Node) -> bool:
    """Output that a cell renders as text or formulas (Markdown, LaTeX, HTML): a reader meets
    its numbers as the text's, so they are checked like the text's. A plain-text printout
    (a literal block) is the computation speaking in code, and the cell's source is code."""
    around = list(ancestors(node))
    return any(
        isinstance(a, nodes.container) and "cell_output" in a.get("classes", []) for a in around
    ) and not any(isinstance(a, (nodes.literal_block, nodes.raw)) for a in [node, *around])


def numeric(values: dict[str, str]) -> dict[str, float]:
    """The published values that are finite numbers (the others are reported where bound)."""
    found = {}
    for name, text in values.items():
        with suppress(UnreadableValueError):
            value = as_float(text)
            if math.isfinite(value):
                found[name] = value
    return found


class Page:
    """The page being checked, and what its judges found."""

    def __init__(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        self.env = env
        self.docname = env.docname
        self.doctree = doctree
        self.enabled = app.config.numbercheck_enabled
        self.drawing_code = app.config.numbercheck_drawing_code
        self.wording = language.wording(app.config.language)
        path = Path(env.doc2path(env.docname))
        self.relpath = path.relative_to(Path(app.srcdir)).as_posix()
        self.source = SourceLines(path)
        self.values = published_values(env, env.docname)
        self.numeric = numeric(self.values)
        metadata = env.metadata.get(env.docname, {})
        self.symbols = source.page_symbols(metadata, path.parent)
        for imported in source.imported_pages(
            metadata, path.parent
        ):  # its definitions are used here
            env.note_dependency(str(imported))
        self.problems: list[Problem] = []
        self.deviations: list[Deviation] = []
        self.record = PageRecord()

    def where(self, fragment: str, node: nodes.Node) -> str:
        line = self.source.locate(fragment, line_of(node))
        return f"{self.relpath}:{line}" if line else f"{self.relpath} ({LINE_UNKNOWN})"

    def problem(self, fragment: str, node: nodes.Node, message: str) -> None:
        self.problems.append(Problem(self.where(fragment, node), message))

    def problem_at(self, location: str, message: str) -> None:
        self.problems.append(Problem(location, message))
