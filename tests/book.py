"""Build the book, or a mutated copy of it, the way an author does (scripts/build.py)."""

from __future__ import annotations

from pathlib import Path

from scripts.build import Build, copy_book
from scripts.build import build as build_editions

__all__ = ["CHAPTER", "ROOT", "Build", "build", "copy_book", "edit"]

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "book/backprop.md"


def build(book: Path, *extra: str, ci: bool | None = None) -> Build:
    """The Chinese edition of ``book``, as ``python -m scripts.build --edition zh`` does.

    Most tests change a Chinese page or ``bp``, and one edition is half the time; tests of
    the English edition call :func:`scripts.build.build` for both.
    """
    return build_editions(book, *extra, editions=("zh",), ci=ci)


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once, so that an edit cannot land elsewhere."""
    text = path.read_text(encoding="utf8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}, not once"
    path.write_text(text.replace(old, new, 1), encoding="utf8")
