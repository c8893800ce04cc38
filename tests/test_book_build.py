"""The book builds, and every way a printed number can go wrong stops the build.

Each test edits a copy of the book (or of bp) and runs the author's build command on it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.book import CHAPTER, ROOT, broken_copy, build, copy_book, edit, line_of

pytestmark = pytest.mark.build

CHECK_OFF = {"sphinx": {"config": {"numbercheck_enabled": False}}}


# The seed's numbers, each as the chapter prints it where its name is bound (1.3.5 to 1.3.9);
# D_check and E_check are the seed's truncations, kept as printed.
SEED_NUMBERS = {
    "x0": "1.99",
    "y0": "3.9601",
    "delta_y": "0.0399",
    "delta_x": "0.01",
    "C": "2.1972",
    "D": "1.4823",
    "E": "0.4823",
    "delta_E": "0.0177",
    "delta_X": "0.0787",
    "X_check": "2.0787",
    "A_check": "3.0787",
    "B_check": "9.4784",
    "C_check": "2.249",
    "D_check": "1.4996",
    "E_check": "0.4996",
}
# A bound number in the HTML: its name, then the first text inside it (what is printed).
BOUND = re.compile(r'data-bp-key="([^"]+)"[^>]*>(?:<[^>]+>)*([^<]+)')


def numbers_in(html: str) -> set[str]:
    """Every number a page's text shows, whole: 0.0177 is not 0.01, and 1.302 is not 1.30."""
    return set(re.findall(r"\d+(?:\.\d+)?", re.sub(r"<[^>]+>", " ", html)))


def printed_as(html: str) -> dict[str, set[str]]:
    """What each bound name is printed as, wherever the page binds it."""
    printed: dict[str, set[str]] = {}
    for name, shown in BOUND.findall(html):
        printed.setdefault(name, set()).add(shown.strip())
    return printed


def test_the_real_book_builds_with_every_seed_number_printed(built):
    page = (built / "_build/html/book/backprop.html").read_text(encoding="utf8")
    text = re.sub(r"<[^>]+>", "", page)
    printed = printed_as(page)
    assert {name: printed.get(name) for name in SEED_NUMBERS} == {
        name: {number} for name, number in SEED_NUMBERS.items()
    }
    shown = numbers_in(page)
    assert set(SEED_NUMBERS.values()) | {"0.0004"} <= shown  # 0.0004: 0.5 − 0.4996
    assert r"\num" not in text and r"\lit" not in text and r"\newcommand" not in text
    assert 'id="bp-deviation-' in page  # the visible note for the seed's truncated numbers
    assert "1.3.4 计算图" in text
    errata = (built / "_build/html/book/errata.html").read_text(encoding="utf8")
    # D ≈ 1.4996 and E = 0.4996 (truncated), and the seed's slips (tests/test_seed_slips.py)
    assert errata.count("保留原文") >= 3
    assert errata.count("更正") >= 1  # the duplicated section number


# Each of these breaks the book in a place of its own; one build reports them all (a build is
# the costly part of a test), and each test below finds its own report in it.
BREAKS = [
    (CHAPTER, r"\approx \num{delta_X}{0.0787}", r"\approx \num{delta_X}{0.0788}"),
    (
        CHAPTER,
        "问题得解。如果",
        "X 约为 2.08，$X$ 改变约 $\\num{delta_X}{0.0788}$。\n\n"
        r"问题得解 $\num{nope}{1}$ $\num{X|floor}{2}$ $\num{X}{2.}$ $\num{X}$。如果",
    ),
    (CHAPTER, r"=\num{delta_E}{0.0177}$，", "=0.0177$，"),
    (CHAPTER, r"\approx \num{D_check|truncate}{1.4996}", r"\approx \num{D_check|truncate}{1.4997}"),
    (CHAPTER, r"\ln \num{B}{9}=\num{C}{2.1972}", r"\ln \num{B}{9}=\num{C|truncate}{2.1972}"),
    ("book/exercises.md", r"\num{exp_x}{1.302585092994}", r"\num{exp_x}{1.302585092995}"),
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the book with every break in ``BREAKS``, and its build's output."""
    return broken_copy(tmp_path_factory.mktemp("broken"), BREAKS)


def test_a_changed_digit_in_math_fails_with_file_line_values_and_rule(broken):
    book, output = broken
    line = line_of(book, CHAPTER, r"\approx \num{delta_X}{0.0788}")
    assert f"book/backprop.md:{line}: printed '0.0788' for 'delta_X', computed 0.0786934" in output
    assert "rule 'round' gives 0.0787" in output


def test_a_changed_digit_in_prose_fails(broken):
    book, output = broken
    line = line_of(book, CHAPTER, "X 约为 2.08")
    assert f"book/backprop.md:{line}: printed '0.0788' for 'delta_X'" in output


def test_a_prose_binding_renders_as_the_literal_with_its_exact_value(book):
    edit(book / CHAPTER, "问题得解。如果", r"问题得解，$X$ 改变约 $\num{delta_X}{0.0787}$。如果")
    result = build(book)
    assert result.ok, result.output[-3000:]
    page = (book / "_build/html/book/backprop.html").read_text(encoding="utf8")
    assert re.search(r'<span class="bp-number" tabindex="0" [^>]*data-bp-exact="0\.0786934', page)


def test_an_unbound_literal_fails(broken):
    _, output = broken
    assert "unbound number '2.08' in prose" in output


def test_an_unbound_literal_in_math_fails(broken):
    _, output = broken
    assert "unbound number '0.0177' in math" in output


def test_a_wrong_declared_truncation_fails(broken):
    _, output = broken
    assert "printed '1.4997' for 'D_check'" in output
    assert "rule 'truncate' gives 1.4996" in output


def test_a_needless_declaration_fails(broken):
    _, output = broken
    assert "also the correctly rounded value" in output


def test_unknown_names_rules_and_malformed_markup_fail(broken):
    _, output = broken
    assert "unknown name 'nope'" in output
    assert "unknown rule 'floor'" in output
    assert "'2.' is not a plain decimal number" in output
    assert r"malformed number markup '\num{X}" in output


def test_invalid_tex_fails_with_file_and_line(book):
    """On its own: KaTeX's error stops the build while it reads the page, before the check."""
    edit(book / CHAPTER, r"y'=\frac{\Delta y}{\Delta x}=2x", r"y'=\frac{\Delta y}{\Delta x=2x")
    result = build(book)
    assert not result.ok
    assert "Invalid TeX" in result.output
    assert re.search(r"book/backprop\.md:\d+: KaTeX parse error", result.output)


def test_a_change_to_bp_fails_the_build_even_with_a_warm_cache(book):
    assert build(book).ok
    assert build(book).ok  # warm: nothing re-executes
    edit(book / "bp/operators.py", "return np.log(x)", "return np.log(x) * 1.001")
    result = build(book)
    assert not result.ok
    assert "printed '2.1972' for 'C'" in result.output


def test_the_check_switched_off_warns_loudly_and_ci_refuses_it(book):
    edit(book / CHAPTER, r"\approx \num{delta_X}{0.0787}", r"\approx \num{delta_X}{0.0788}")
    result = build(book, config=CHECK_OFF, ci=False)
    assert result.ok  # for the benchmark's "check off" only ...
    assert "WARNING: numbercheck_enabled is false" in result.output  # ... and never quietly
    refused = build(book, ci=True)
    assert not refused.ok
    assert "CI refuses to build an unchecked book" in refused.output


def test_the_repository_book_is_what_the_tests_copy(tmp_path):
    copy = copy_book(tmp_path)
    for folder in ("book", "bp"):
        ours = {p.relative_to(ROOT) for p in (ROOT / folder).rglob("*") if p.is_file()}
        theirs = {p.relative_to(copy) for p in (copy / folder).rglob("*") if p.is_file()}
        assert {p for p in ours if "__pycache__" not in p.parts} == theirs
    assert (copy / CHAPTER).read_bytes() == (ROOT / CHAPTER).read_bytes()


def test_the_extension_pages_are_marked_and_their_numbers_printed(built):
    html = built / "_build/html/book"
    for page, numbers in {
        "iterate": ["2.080216848918", "1.05", "1.08"],
        "gradient": ["0.1", "0.2"],
        "exercises": ["0.1054", "2.596639725569", "1.302585092994", "0.1418"],
    }.items():
        source = (html / f"{page}.html").read_text(encoding="utf8")
        assert "本节为扩展内容" in re.sub(r"<[^>]+>", "", source), page
        assert set(numbers) <= numbers_in(source), page
    widget_page = (html / "iterate.html").read_text(encoding="utf8")
    assert "滑块" in widget_page and "widget-view" not in widget_page
    api = (html / "api.html").read_text(encoding="utf8")
    assert 'id="bp.graph.Graph.backward"' in api and 'id="bp.solver.solve"' in api


def test_a_wrong_exercise_answer_fails(broken):
    _, output = broken
    assert "book/exercises.md" in output
    assert "printed '1.302585092995' for 'exp_x'" in output
