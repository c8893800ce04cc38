"""numbercheck is a package any project can install: nothing in it knows this book.

What the book needs beyond the general check lives in book/_ext (editions.py,
edition_values, math_contract.py) and reaches the package through configuration values
and the event ``numbercheck-pages-read``; the package's own tests build an example project
that is not this book.
"""

from __future__ import annotations

import re
from pathlib import Path

import numbercheck

PACKAGE = Path(numbercheck.__file__).parent
# The book's computation, its folders, its edition suffix, its page names.
BOOK = re.compile(
    r"\bimport bp\b|\bfrom bp\b|\bbp\.[a-z]|\bbook/|_en\b|\b(?:backprop|descent|gradient|iterate)\b"
)


def test_no_source_file_of_the_package_names_the_book():
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf8").splitlines(), 1)
        if BOOK.search(line)
    ]
    assert found == []


def test_the_book_uses_the_installed_package_not_a_copy_of_it():
    root = Path(__file__).resolve().parents[1]
    assert root / "packages" / "numbercheck" / "src" / "numbercheck" == PACKAGE
    assert not (root / "book" / "_ext" / "numbercheck").exists()
