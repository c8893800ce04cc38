"""Build the book, or a mutated copy of it, the way an author does (scripts/build.py)."""

from __future__ import annotations

from pathlib import Path

from scripts.build import CHAPTER, ROOT, Build, copy_book, edit
from scripts.build import build as build_editions

__all__ = ["CHAPTER", "ROOT", "Build", "build", "copy_book", "edit"]


def build(book: Path, *extra: str, ci: bool | None = None) -> Build:
    """The Chinese edition of ``book``, as ``python -m scripts.build --edition zh`` does.

    Most tests change a Chinese page or ``bp``, and one edition is half the time; tests of
    the English edition call :func:`scripts.build.build` for both.
    """
    return build_editions(book, *extra, editions=("zh",), ci=ci)
