"""A copy of the book to change and build, for the tests and the benchmarks.

:func:`copy_book` copies everything a build reads (``BOOK_FILES``) into a folder; :func:`edit`
changes a page's or ``bp``'s text where exactly one place matches; :func:`build` builds the
copy, with ``config`` merged into its ``_config.yml`` first. A setting is changed as data,
``build(book, config={"sphinx": {"config": {"numbercheck_enabled": False}}})``, not by
editing the YAML's text, so it cannot land on the wrong line or depend on indentation.
The repository's own book is never changed: :func:`configure` refuses it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from scripts.build import BOOK_FILES, EDITIONS, ROOT, Build, merged
from scripts.build import build as build_editions

CONFIG = "_config.yml"


def copy_book(destination: Path) -> Path:
    """A copy of everything the build reads, so tests can edit text and even ``bp``."""
    for name in BOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / name)
    return destination


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once, so that an edit cannot land elsewhere."""
    text = path.read_text(encoding="utf8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}, not once"
    path.write_text(text.replace(old, new, 1), encoding="utf8")


def configure(book: Path, changes: dict[str, Any]) -> dict[str, Any]:
    """Merge ``changes`` into the copy's ``_config.yml`` and return the configuration.

    Dictionaries merge key by key, a list or a value replaces the old one, and ``None``
    removes the key (``scripts.build.merged``, the rule ``_config.en.yml`` follows too).
    Both editions read it: the English configuration is merged from this file.
    """
    if book.resolve() == ROOT:
        raise ValueError("the repository's book is not a sandbox: copy it with copy_book")
    path = book / CONFIG
    config = merged(yaml.safe_load(path.read_text(encoding="utf8")), changes)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf8")
    return config


def build(
    book: Path,
    *extra: str,
    config: dict[str, Any] | None = None,
    editions: tuple[str, ...] = EDITIONS,
    ci: bool | None = None,
) -> Build:
    """Build ``editions`` of the copy in ``book``, with ``config`` merged in first (it stays).

    ``extra`` and ``ci`` are passed to :func:`scripts.build.build`.
    """
    if config:
        configure(book, config)
    return build_editions(book, *extra, editions=editions, ci=ci)
