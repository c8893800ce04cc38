"""The API page speaks the reader's language: a Chinese note above each English docstring.

bp's docstrings stay English, for programmers (``help(bp.Graph)`` shows them). The Chinese
edition's API page (book/api.md) explains each documented object in Chinese as well: the
notes live in one file beside the page, ``book/api.zh.yml`` (object name → note), and this
extension puts each note above the docstring autodoc renders. The English edition shows the
docstrings alone.

A documented object without a note is a warning, which fails the strict build: a new public
function of bp cannot reach the Chinese page unexplained. An object that shows a docstring it
inherits (``Square.forward`` shows ``Operator.forward``'s) takes the note of the object the
docstring belongs to, so one docstring has one note. tests/test_api_notes.py checks the other
way, without a build: every public object of bp has a note, and every note an object.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

NOTES = "book/api.zh.yml"
LANGUAGE = "zh_CN"
HEADING = "**文档字符串（英文）：**"  # what follows the note: the docstring, as help() shows it


def read_notes(path: Path) -> dict[str, str]:
    """Object name ("bp.graph.Graph.forward") → its Chinese note."""
    return yaml.safe_load(path.read_text(encoding="utf8")) or {}


def resolve(name: str) -> Any:
    """The object a dotted name names: a module, or an attribute reached from one."""
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:]:
            obj = inspect.getattr_static(obj, part)
        return obj
    raise ImportError(name)


def docstring_owner(name: str) -> str:
    """The name of the object whose docstring ``name`` shows: itself, or the base class's
    member it inherits the docstring from (autodoc shows inherited docstrings)."""
    parent_name, _, member = name.rpartition(".")
    try:
        parent = resolve(parent_name)
    except (ImportError, AttributeError):
        return name
    if not inspect.isclass(parent):
        return name
    for base in inspect.getmro(parent):
        own = base.__dict__.get(member)
        if own is not None and getattr(own, "__doc__", None):
            return f"{base.__module__}.{base.__qualname__}.{member}"
    return name


def notes(app: Sphinx) -> dict[str, str]:
    if not hasattr(app, "api_notes"):
        app.api_notes = read_notes(Path(app.srcdir) / NOTES)
    return app.api_notes


def add_note(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    """autodoc-process-docstring: the Chinese note first, then the English docstring."""
    if app.config.language != LANGUAGE or not lines:
        return
    key = docstring_owner(name)
    note = notes(app).get(key)
    if note is None:
        logger.warning("api_notes: %s %s has no Chinese note: add %r to %s", what, name, key, NOTES)
        return
    lines[:0] = [*note.strip().splitlines(), "", HEADING, ""]


def setup(app: Sphinx) -> dict[str, Any]:
    # After napoleon (priority 500), which turns the docstring's sections into reST.
    app.connect("autodoc-process-docstring", add_note, priority=600)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
