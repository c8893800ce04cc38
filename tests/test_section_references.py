"""One way to name a section and an exercise on every page (issue 21), read from the sources.

A textbook names a section one way throughout: the Chinese pages write "第 1.3.3 节" (as the
original does, "第 1.4 节"), never a bare "1.3.3 节"; the English pages "Section 1.3.3".
Exercises are numbered by the section they practise, "习题 1.4.2" / "Exercise 1.4.2", on the
exercises page as in 1.4, never "习题 1".
"""

from __future__ import annotations

import re

import pytest

from tests.book import ROOT

PAGES = sorted((ROOT / "book").glob("*.md"))
CHINESE = [page for page in PAGES if not page.stem.endswith("_en")]
ENGLISH = [page for page in PAGES if page.stem.endswith("_en")]
# A section number followed by 节 and not preceded by 第: "见 1.4.3 节", "1.3.3 节的链".
BARE_SECTION = re.compile(r"(?<!第 )(?<![\d.])\d+(?:\.\d+)+ 节")
# An exercise named by anything but its section and place: "习题 1", "Exercise 2".
LOOSE_EXERCISE = {
    "zh": re.compile(r"习题 ?(?!\d+\.\d+\.\d+)\d"),
    "en": re.compile(r"\bExercise (?!\d+\.\d+\.\d+)\d"),
}
LOWER_SECTION = re.compile(r"\bsection \d")


def lines_matching(pattern: re.Pattern[str], page) -> list[str]:
    text = page.read_text(encoding="utf8")
    return [
        f"{page.name}:{n}: {line}"
        for n, line in enumerate(text.splitlines(), 1)
        if pattern.search(line)
    ]


@pytest.mark.parametrize("page", CHINESE, ids=lambda page: page.name)
def test_chinese_pages_name_a_section_as_di_n_jie(page):
    assert lines_matching(BARE_SECTION, page) == []


@pytest.mark.parametrize("page", ENGLISH, ids=lambda page: page.name)
def test_english_pages_name_a_section_with_a_capital(page):
    assert lines_matching(LOWER_SECTION, page) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_exercises_are_numbered_by_their_section(page):
    language = "en" if page.stem.endswith("_en") else "zh"
    assert lines_matching(LOOSE_EXERCISE[language], page) == []


def test_the_rules_see_what_they_forbid():
    assert BARE_SECTION.search("见 1.4.3 节") and not BARE_SECTION.search("见第 1.4.3 节")
    assert LOOSE_EXERCISE["zh"].search("## 习题 1：立方")
    assert not LOOSE_EXERCISE["zh"].search("## 习题 1.3.1：立方")
    assert LOOSE_EXERCISE["en"].search("## Exercise 2: a new target")
