"""Every object the API page documents has a Chinese note, and every note an object
(book/_ext/api_notes, book/api.zh.yml), checked without a build.

The objects are found as autodoc finds them for book/api.md: the public classes and
functions each ``automodule`` names, defined in that module, and their public members; a
member that inherits its docstring takes the note of the member it inherits it from.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys

from tests.book import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from api_notes import NOTES, docstring_owner, read_notes

DIRECTIVE = re.compile(r"\.\. automodule:: (?P<module>[\w.]+)\n(?:\s+:members:(?P<only>[^\n]*))?")
MEMBER_KINDS = (property, staticmethod, classmethod)


def documented(page: str) -> set[str]:
    """The names whose docstrings ``page`` shows, as api_notes keys them."""
    names: set[str] = set()
    for match in DIRECTIVE.finditer(page):
        module = importlib.import_module(match["module"])
        names.add(module.__name__)
        only = [n.strip() for n in (match["only"] or "").split(",") if n.strip()]
        for name in only or [n for n in vars(module) if not n.startswith("_")]:
            obj = getattr(module, name)
            if getattr(obj, "__module__", None) != module.__name__ or not obj.__doc__:
                continue
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            names.add(f"{module.__name__}.{name}")
            if inspect.isclass(obj):
                for member, value in vars(obj).items():
                    kind = inspect.isfunction(value) or isinstance(value, MEMBER_KINDS)
                    if kind and not member.startswith("_") and inspect.getdoc(getattr(obj, member)):
                        names.add(docstring_owner(f"{module.__name__}.{name}.{member}"))
    return names


PAGE = (ROOT / "book/api.md").read_text(encoding="utf8")
NOTED = read_notes(ROOT / NOTES)


def test_every_documented_object_of_bp_has_a_chinese_note():
    assert sorted(documented(PAGE) - set(NOTED)) == []


def test_every_note_explains_an_object_the_page_documents():
    assert sorted(set(NOTED) - documented(PAGE)) == []


def test_a_new_public_function_without_a_note_is_found(monkeypatch):
    import bp.solver

    def shiny(x: float) -> float:
        """A new public function."""
        return x

    shiny.__module__ = "bp.solver"
    monkeypatch.setattr(bp.solver, "shiny", shiny, raising=False)
    assert sorted(documented(PAGE) - set(NOTED)) == ["bp.solver.shiny"]


def test_an_inherited_docstring_takes_the_note_of_its_owner():
    assert docstring_owner("bp.operators.Square.forward") == "bp.operators.Operator.forward"
    assert docstring_owner("bp.graph.Graph.forward") == "bp.graph.Graph.forward"


def test_the_english_page_documents_the_same_modules():
    english = (ROOT / "book/api_en.md").read_text(encoding="utf8")
    assert DIRECTIVE.findall(english) == DIRECTIVE.findall(PAGE)
