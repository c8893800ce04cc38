"""Build a changed copy of the book the way an author does (scripts/build.py), through the
sandbox (scripts/sandbox.py: ``copy_book``, ``edit``, ``build(config={…})``); the ``book``
fixture (tests/conftest.py) is such a copy, and :func:`line_of` finds where an edit landed.

Each test builds its own copy, so no test sees another's edits. What the copies share is
the execution cache: the first build of the session keeps its executed notebooks, and each
later copy starts from them, so a page whose cells a test did not change is not executed
again (about 40% of a build). This is the cache an author's second build uses, and it is
safe for the same reason: jupyter-cache keys a notebook on its cells, and numbercheck clears
the cache when ``bp``'s source differs (``numbercheck/computed.py``), which tests that edit
``bp`` rely on.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from scripts import sandbox
from scripts.build import CHAPTER, EDITIONS, ENGLISH_BUILD, ROOT, Build
from scripts.sandbox import copy_book, edit

__all__ = [
    "CHAPTER",
    "EDITIONS",
    "ROOT",
    "Build",
    "broken_copy",
    "build",
    "copy_book",
    "edit",
    "line_of",
]

# Where each edition's execution cache lies in a book's folder.
CACHES = (
    Path("_build/.jupyter_cache"),
    ENGLISH_BUILD / "_build/.jupyter_cache",
    Path("_build/.explore_cache"),  # the explorable pages' grids (book/_ext/explore)
    ENGLISH_BUILD / "_build/.explore_cache",
)
_warm: Path | None = None  # the first successful build's caches, for the session


def seed(book: Path) -> None:
    """Give a fresh copy the session's executed notebooks (nothing if it has a cache)."""
    if _warm is None:
        return
    for cache in CACHES:
        source, target = _warm / cache, book / cache
        if source.is_dir() and not target.exists():
            shutil.copytree(source, target)


def keep(book: Path) -> None:
    """Keep the caches of the session's first successful build of unchanged sources."""
    global _warm
    if _warm is not None or not all((book / cache).is_dir() for cache in CACHES[:1]):
        return
    kept = Path(tempfile.mkdtemp(prefix="bp-book-cache-"))
    atexit.register(shutil.rmtree, kept, ignore_errors=True)  # the session's, not the disk's
    for cache in CACHES:
        if (book / cache).is_dir():
            shutil.copytree(book / cache, kept / cache)
    _warm = kept


def build(
    book: Path,
    *extra: str,
    config: dict[str, Any] | None = None,
    ci: bool | None = None,
    editions: tuple[str, ...] = ("zh",),
) -> Build:
    """The Chinese edition of ``book``, as ``python -m scripts.build --edition zh`` does.

    Most tests change a Chinese page or ``bp``, and one edition is half the time; tests of
    the English edition pass ``editions=EDITIONS`` (both) or ``("en",)``. ``config`` is
    merged into the copy's ``_config.yml`` first (``scripts.sandbox.configure``).
    """
    seed(book)
    result = sandbox.build(book, *extra, config=config, editions=editions, ci=ci)
    if result.ok:
        keep(book)
    return result


def line_of(book: Path, page: str, fragment: str, occurrence: int = 1) -> int:
    """The line number of the ``occurrence``-th line of ``page`` that holds ``fragment``, as a
    build's ``file:line`` message gives it."""
    lines = (book / page).read_text(encoding="utf8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if fragment in line]
    assert len(found) >= occurrence, f"{fragment!r} is on {len(found)} lines of {page}"
    return found[occurrence - 1]


def broken_copy(folder: Path, breaks: list[tuple[str, str, str]]) -> tuple[Path, str]:
    """A copy of the book in ``folder`` with every break (page, text before, text after)
    made, built once, and that build's output: a module's build tests each find their own
    break in it (one build is the costly part). The build must fail."""
    book = copy_book(folder)
    for page, before, after in breaks:
        edit(book / page, before, after)
    result = build(book)
    assert not result.ok, "the broken copy built: no break was caught"
    return book, result.output
