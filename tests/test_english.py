"""The English edition (issue 14): the same numbers as the Chinese text, checked in both.

The static tests read the sources: each English page binds exactly the numbers of its Chinese
page and keeps its equations, labels and tags. The build tests use the session's build of both
editions, or build a changed copy: a wrong digit in the English text stops the build there.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from scripts.build import ENGLISH_BUILD
from scripts.pages import is_notebook
from tests.book import EDITIONS, ROOT, build, copy_book, edit

ENGLISH_TOC = yaml.safe_load((ROOT / "_toc.en.yml").read_text(encoding="utf8"))
TRANSLATED = [
    entry["file"]
    for entry in ENGLISH_TOC["chapters"]
    if (ROOT / f"{entry['file'].removesuffix('_en')}.md").exists()
]
NOTEBOOK_PAGES = [
    page for page in TRANSLATED if is_notebook(ROOT / f"{page.removesuffix('_en')}.md")
]
BINDING = re.compile(r"\\num\{([^}]*)\}\{([^}]*)\}")
LITERAL = re.compile(r"\\lit\{([^}]*)\}")
STRUCTURE = re.compile(r"^\((?:eq|fig|sec)-[\w-]+\)=$|\\tag\{[^}]*\}", re.MULTILINE)
HAN = re.compile(r"[\u3400-\u9fff]")


def sources(english: str) -> tuple[str, str]:
    chinese = english.removesuffix("_en")
    return (
        (ROOT / f"{chinese}.md").read_text(encoding="utf8"),
        (ROOT / f"{english}.md").read_text(encoding="utf8"),
    )


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---\n") else {}


def test_every_english_page_has_a_chinese_original():
    listed = [entry["file"] for entry in ENGLISH_TOC["chapters"]] + [ENGLISH_TOC["root"]]
    assert all(page.endswith("_en") for page in listed)
    assert all((ROOT / f"{page.removesuffix('_en')}.md").exists() for page in listed)
    assert {"book/backprop_en", "book/descent_en"} <= set(NOTEBOOK_PAGES)


@pytest.mark.parametrize("english", NOTEBOOK_PAGES)
def test_english_page_binds_exactly_the_numbers_of_its_chinese_page(english):
    chinese, translated = sources(english)
    assert Counter(BINDING.findall(translated)) == Counter(BINDING.findall(chinese))
    assert Counter(LITERAL.findall(translated)) == Counter(LITERAL.findall(chinese))


@pytest.mark.parametrize("english", NOTEBOOK_PAGES)
def test_english_page_keeps_labels_tags_and_symbol_map(english):
    chinese, translated = sources(english)
    assert STRUCTURE.findall(translated) == STRUCTURE.findall(chinese)
    assert front_matter(translated) == front_matter(chinese)


@pytest.mark.parametrize("english", [*TRANSLATED, ENGLISH_TOC["root"]])
def test_english_page_has_no_chinese_left(english):
    text = (ROOT / f"{english}.md").read_text(encoding="utf8")
    leftovers = [line for line in text.splitlines() if HAN.search(line)]
    assert leftovers == []


def report(site_build: Path) -> dict:
    return json.loads((site_build / "numbercheck.json").read_text(encoding="utf8"))["pages"]


@pytest.mark.parametrize("english", NOTEBOOK_PAGES)
def test_english_page_checks_the_same_names_as_its_chinese_page(built, english):
    chinese = report(built / "_build")[english.removesuffix("_en")]
    translated = report(built / ENGLISH_BUILD / "_build")[english]
    assert translated["counts"]["problems"] == 0
    assert translated["counts"]["bound numbers"] > 0
    assert {b["name"] for b in translated["bound"]} == {b["name"] for b in chinese["bound"]}
    # The same numbers and relations; claims are words, and each language has its own.
    same = [k for k in chinese["counts"] if not k.startswith("claims")]
    assert {k: translated["counts"][k] for k in same} == {k: chinese["counts"][k] for k in same}


@pytest.fixture(scope="module")
def both_built(tmp_path_factory) -> Path:
    """A copy of the book with both editions built, for tests that change the English text."""
    book = copy_book(tmp_path_factory.mktemp("english"))
    result = build(book, editions=EDITIONS)
    assert result.ok, result.output[-3000:]
    return book


# One digit changed on each translated page: (page, bound number, printed, changed).
CHANGED_DIGITS = [
    ("book/backprop_en.md", "C", "2.1972", "2.1973"),
    ("book/iterate_en.md", "steps", "3", "4"),
    ("book/gradient_en.md", "g_norm2", "5", "6"),
    ("book/exercises_en.md", "cube_dx", "0.1054", "0.1055"),
]
BAD_LINKS = "See {other-edition}`a page <book/nowhere>` and {other-edition}`this <book/iterate>`."


@pytest.fixture(scope="module")
def broken_english(both_built) -> tuple[str, list[str]]:
    """Every break below in the English text at once, and one English build (a build is the
    costly part): its output, and the file:line each changed digit must be reported at."""
    texts, expected = {}, []
    for name in {name for name, *_ in CHANGED_DIGITS} | {"book/intro_en.md"}:
        texts[both_built / name] = (both_built / name).read_text(encoding="utf8")
    for name, value, printed, changed in CHANGED_DIGITS:
        page = both_built / name
        text = page.read_text(encoding="utf8")
        bound = rf"\num{{{value}}}{{{printed}}}"
        line = text[: text.index(bound)].count("\n") + 1
        page.write_text(text.replace(bound, rf"\num{{{value}}}{{{changed}}}", 1), encoding="utf8")
        expected.append(f"{name}:{line}: printed '{changed}' for '{value}'")
    edit(
        both_built / "book/backprop_en.md",
        "publish(**values, target=target)",
        # Every printed number still agrees at its printed precision: only the editions differ.
        "publish(**values, target=target + 1e-9, spare=1.0)",
    )
    intro = both_built / "book/intro_en.md"
    intro.write_text(f"{texts[intro]}\n{BAD_LINKS}\n", encoding="utf8")
    result = build(both_built, editions=("en",))
    for page, text in texts.items():
        page.write_text(text, encoding="utf8")
    assert not result.ok
    return result.output, expected


def test_a_changed_digit_in_the_english_text_fails_the_build(broken_english):
    output, expected = broken_english
    assert [line for line in expected if line not in output] == []


def test_an_english_page_that_publishes_an_extra_name_fails_the_build(broken_english):
    output, _ = broken_english
    assert "book/backprop_en.md: publishes spare, which the other edition does not" in output


def test_an_english_page_whose_cells_publish_another_value_fails_the_build(broken_english):
    output, _ = broken_english
    assert (
        f"book/backprop_en.md: publishes target = {0.5 + 1e-9!r}, the other edition 0.5 "
        "(compared with book/backprop in _build/numbercheck.json)"
    ) in output


def test_the_english_build_passes_again_once_its_text_is_put_back(broken_english, both_built):
    """Nothing of the failed build is kept against the restored pages."""
    result = build(both_built, editions=("en",))
    assert result.ok, result.output[-3000:]


def test_a_link_into_the_other_edition_needs_a_page_there_and_none_here(broken_english):
    output, _ = broken_english
    assert "'book/nowhere' is not a page of the other edition (_toc.yml)" in output
    assert "'book/iterate' has a page in this edition, 'book/iterate_en': link to that" in output
