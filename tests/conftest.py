"""Shared fixtures: the chapter's chain, a copy of the book to edit, the built book (once
per session) and the browser."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import bp
from scripts.browser import CHROMIUM, launch, serve
from tests.book import EDITIONS, build, copy_book
from tests.chain import build_chain


@pytest.fixture
def chain() -> bp.Graph:
    """The chapter's chain (1.3.5), new for each test."""
    return build_chain()


@pytest.fixture
def book(tmp_path) -> Path:
    """A copy of the book for one test to edit and build (``tests.book.build``)."""
    return copy_book(tmp_path)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real book, both editions, built once per test session from a clean copy."""
    book = copy_book(tmp_path_factory.mktemp("book"))
    result = build(book, editions=EDITIONS)
    assert result.ok, result.output[-4000:]
    assert "build succeeded" in result.output
    (book / "_build" / "build.log").write_text(result.output, encoding="utf8")  # for its tests
    _session_build.append(book)
    return book


_session_build: list[Path] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under CI, screenshots of every page of the session's build, for a person to look at
    (scripts/screenshots.py; test-artifacts/screenshots, about a minute). Not a test: it
    asserts nothing, and runs after the tests, on the build they checked."""
    if _session_build and os.environ.get("CI") and Path(CHROMIUM).exists():
        from scripts.screenshots import shoot

        shoot(_session_build[0] / "_build" / "html")


@pytest.fixture(scope="session")
def printed_book(tmp_path_factory) -> Path:
    """A copy of the book printed by the author's PDF command (``scripts/pdf.py``: it prints
    the Chinese edition and rebuilds it, now linking the PDF), and then the English edition
    built, which links none. Shared by the PDF's tests and the site's PDF-link tests."""
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: install Debian's chromium to print the PDF"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    book = copy_book(tmp_path_factory.mktemp("printed"))
    assert build(book).ok
    subprocess.run(
        [sys.executable, "scripts/pdf.py", "--book", str(book)],
        cwd=book,
        env={**os.environ, "PYTHONPATH": str(book)},
        check=True,
        capture_output=True,
        text=True,
    )
    english = build(book, editions=("en",))
    assert english.ok, english.output[-3000:]
    return book


@pytest.fixture(scope="session")
def site(built) -> Iterator[str]:
    """The built HTML of both editions, served on 127.0.0.1 for the session's browser tests."""
    with serve(built / "_build/html") as base:
        yield base


@pytest.fixture(scope="session")
def site_page(request, browser, site):
    """One page of the site at one width, ``(path, "phone" | "desktop")`` given by indirect
    parametrization (tests.browsing.at_widths), loaded once for all the tests that read it.

    The fixture is session-scoped, so pytest runs every test of one (path, width) together,
    across modules, and closes that page before it opens the next: a page load is most of a
    browser test's time. A test that changes the page (its media, its size) puts it back.
    """
    from tests.browsing import VIEWPORTS, open_page

    path, width = request.param
    page = open_page(browser, f"{site}/{path}", viewport=VIEWPORTS[width])
    yield page
    page.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium through Playwright (skips without it, except under CI)."""
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: install Debian's chromium to run browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by what they use, so ``-m "not build and not browser"`` cannot miss one."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "built" in fixtures:
            item.add_marker(pytest.mark.build)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
