"""Issue 10: the check proves the page. Each test breaks one thing in a copy of the book and
shows that the build fails with a message a person can act on (file:line, values, reason).
"""

from __future__ import annotations

import pytest

from tests.book import CHAPTER, build, edit, line_of

pytestmark = pytest.mark.build

GRADIENT = "book/gradient.md"


STOP_PUBLISHING = "\n```{code-cell} ipython3\npublish = lambda **values: None\n```\n\n## 许多"


def test_a_page_that_stops_publishing_is_not_checked_against_the_last_build(book):
    assert build(book).ok
    edit(book / GRADIENT, "\n## 许多", STOP_PUBLISHING)
    result = build(book)  # incremental: the last build's gradient.glue.json is still there
    assert not result.ok
    line = line_of(book, GRADIENT, r"\num{g_norm2}{5}")
    assert (
        f"book/gradient.md:{line}: printed '5' for 'g_norm2': unknown name 'g_norm2' "
        "(glued here: none: the page's cells published no values in this build)"
    ) in result.output


def test_a_page_that_publishes_nothing_or_is_not_executed_has_no_values(book):
    assert build(book).ok
    result = build(book, config={"execute": {"exclude_patterns": [GRADIENT]}})
    assert not result.ok
    assert "unknown name 'g_norm2' (glued here: none: the page was not executed in this build)" in (
        result.output
    )


def test_a_failure_lists_numbered_problems_last_without_a_traceback(book):
    edit(book / CHAPTER, r"\approx \num{delta_X}{0.0787}", r"\approx \num{delta_X}{0.0788}")
    edit(book / CHAPTER, r"\num{C}{2.1972}，D", r"\num{C}{2.1973}，D")
    result = build(book)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    lines = result.output.rstrip().splitlines()
    start = next(i for i, line in enumerate(lines) if "problem(s)" in line)
    end = lines.index("  The pages with problems were not written.")
    listed = lines[start + 1 : end]
    # After the list only Sphinx's and Jupyter Book's closing lines, which name no problem.
    assert not any("book/" in line for line in lines[end + 1 :])
    assert all(line.startswith(f"  {n}. book/") for n, line in enumerate(listed, 1))
    assert any("printed '2.1973' for 'C'" in line for line in listed)
    assert any("printed '0.0788' for 'delta_X'" in line for line in listed)
    assert not (book / "_build/html/book/backprop.html").exists()  # nothing wrong to serve
    # the problems are reported again by the next build, not forgotten with the saved state
    again = build(book)
    assert again.returncode != 0 and f"{len(listed)} problem(s)" in again.output


def test_false_arithmetic_structure_the_figure_lit_exponents_and_precision_fail(book):
    edit(book / CHAPTER, r"B=\num{A}{3}^2=", r"B=\num{A}{3}^3=")
    edit(
        book / CHAPTER,
        "bp.draw(graph, values, deltas, target=target)",
        "bp.draw(graph, values, deltas, target=0.6)",
    )
    edit(
        book / CHAPTER,
        r"-\num{E}{0.4823}=\num{delta_E}{0.0177}",
        r"-\num{E}{0.4823}=\num{delta_E}{0}",
    )
    edit(book / "book/exercises.md", r"(\num{chain_target}{0.6}+", r"(\lit{0.6}+")
    edit(book / "book/iterate.md", r"X^{*}=e^{\num{log_target}{1.125}}", r"X^{*}=e^{1.125}")
    edit(book / CHAPTER, "## 1.3.4 计算图", "## 1.3.3 计算图")  # the seed's duplicate
    edit(book / CHAPTER, "(原文如此)`[式（1.3.7）](eq-1-3-7)", "(原文如此)`[式（1.3.8）](eq-1-3-7)")
    edit(book / "book/exercises.md", "[式（1.3.5）](eq-1-3-5)", "[式（1.3.5）](backprop.md)")
    edit(book / CHAPTER, r"\tag{1.3.9}", r"\tag{1.3.8}")
    # A derivative formula of (1.3.6), checked at the page's values through the published
    # local derivatives (front matter: '\frac{dC}{dB}': dC_dB).
    edit(book / CHAPTER, r"\frac{dC}{dB} = \frac{1}{B}", r"\frac{dC}{dB} = \frac{2}{B}")
    # Pages without cells, titles and the exponent of a tolerance are audited too.
    edit(book / "book/intro.md", r"这是“$\lit{1.3}$ 反向传播”", "这是“1.3 反向传播”")
    edit(book / "book/exercises.md", "## 习题 1.3.2：换一个目标", "## 习题 1.3.3：换一个目标")
    edit(
        book / "book/exercises.md",
        "## 习题 1.3.4：导数为零的起点",
        "## 习题 1.3.4：导数为零的 2 个起点",
    )
    edit(book / "book/iterate.md", r"\num{tolerance_exponent}{-12}", "-12")
    result = build(book)
    assert not result.ok
    assert "section number 1.3.3 should be 1.3.4" in result.output
    assert "equation tag (1.3.8) is used twice on this page" in result.output
    assert "link text '式（1.3.8）' does not match its target 'eq-1-3-7', which is 式（1.3.7）" in (
        result.output
    )
    assert (
        "link text '式（1.3.5）' does not match its target 'book/backprop', which is 第 1.3 节"
    ) in result.output
    line = line_of(book, CHAPTER, r"\num{A}{3}^3")
    assert (
        f"book/backprop.md:{line}: relation '3^3 = 9' does not hold: left side 27, right side 9; "
        "tolerance ±0.5 (half a unit in the last printed place of 9)"
    ) in result.output
    assert "the figure draws '0.6' for 'target', computed 0.5; rounded it is 0.5" in result.output
    line = line_of(book, CHAPTER, r"\frac{dC}{dB} = \frac{2}{B}")  # its own line in (1.3.6)
    assert (
        f"book/backprop.md:{line}: relation '\\frac{{dC}}{{dB}} = \\frac{{2}}{{B}}' does not "
        "hold: left side 0.111111111111, right side 0.222222222222"
    ) in result.output
    assert "the figure's caption or alt text says '0.5', a number the figure did not draw" in (
        result.output
    )
    assert "printed '0' for 'delta_E': 0 keeps no significant digit of 0.0176961" in result.output
    assert r"\lit{0.6} is the published value 'chain_target'" in result.output
    assert "book/iterate.md" in result.output and "unbound number '1.125' in math" in result.output
    assert "book/intro.md:3: unbound number '1.3' in prose" in result.output
    line = line_of(book, "book/exercises.md", "## 习题 1.3.3：换")
    assert f"book/exercises.md:{line}: exercise number 1.3.3 should be 1.3.2" in result.output
    assert "unbound number '2' in a title" in result.output
    line = line_of(book, "book/iterate.md", r"\lit{10}^{-12}")
    assert f"book/iterate.md:{line}: unbound number '12' in math" in result.output


def test_footnotes_repeats_infinity_and_percent_signs(book):
    edit(
        book / CHAPTER,
        "问题得解。如果",
        "问题得解[^1]。$\\num{target}{0.6}=\\num{target}{0.6}$ $\\lit{50}\\% < 0.123$。如果",
    )
    text = (book / CHAPTER).read_text(encoding="utf8") + "\n[^1]: 见第 1.4 节。\n"
    (book / CHAPTER).write_text(text, encoding="utf8")
    edit(book / "book/descent.md", "one_rate=rate,", "one_rate=float('inf'),")
    result = build(book)
    assert not result.ok
    line = line_of(book, CHAPTER, r"\num{target}{0.6}")
    assert result.output.count(f"book/backprop.md:{line}: printed '0.6' for 'target'") == 2
    assert "unbound number '0.123' in math" in result.output  # not hidden by \%
    assert "unbound number '1'" not in result.output  # the footnote's label is structure
    assert "printed '0.05' for 'one_rate': the published value is inf, not a number" in (
        result.output
    )


def test_numbers_that_name_a_section_equation_or_figure_must_name_one_that_exists(book):
    """Section, exercise and figure numbers, the pages' order, the numbers running text names
    (linked or not) and a computed index are structure checked as structure (issue 10.3)."""
    descent = "book/descent.md"
    edit(book / descent, "以第 1.3.3 节的例子来算", "以第 1.3.5 节的例子来算")  # no such section
    edit(book / "book/iterate.md", "[第 1.3.3 节](sec-1-3-3)", "[第 1.3.2 节](sec-1-3-3)")
    edit(book / "book/intro.md", "[第 1.3 节“反向传播”]", "[第 1.4 节“反向传播”]")
    edit(book / descent, "**习题 1.4.2**", "**习题 1.4.3**")
    edit(book / descent, "caption: 图 1.4.2 不同学习率", "caption: 图 1.4.3 不同学习率")
    edit(
        book / descent,
        r"的前 $\num{path_steps}{30}$ 步",
        r"的前 $\num{path_steps}{30}$ 步（$x_{30}$）",
    )
    edit(book / CHAPTER, "实际上，[式（1.3.7）]", "实际上，式（1.3.10）与[式（1.3.7）]")
    edit(
        book / "_toc.yml",
        "  - file: book/backprop\n  - file: book/descent\n",
        "  - file: book/descent\n  - file: book/backprop\n",
    )
    result = build(book)
    assert not result.ok
    output = result.output
    line = line_of(book, descent, "以第 1.3.5 节")
    assert (
        f"book/descent.md:{line}: '第 1.3.5 节' names section 1.3.5, "
        "which no page of this edition has"
    ) in output
    line = line_of(book, "book/iterate.md", "[第 1.3.2 节]")
    assert (
        f"book/iterate.md:{line}: link text '第 1.3.2 节' does not match its target 'sec-1-3-3', "
        "which is 第 1.3.3 节"
    ) in output
    line = line_of(book, "book/intro.md", "[第 1.4 节“反向传播”]")
    assert (
        f"book/intro.md:{line}: link text '第 1.4 节“反向传播”' does not match its target "
        "'book/backprop', which is 第 1.3 节"
    ) in output
    line = line_of(book, descent, "**习题 1.4.3**")
    assert (
        f"book/descent.md:{line}: exercise number 1.4.3 should be 1.4.2: the exercises of 1.4 "
        "are numbered 1, 2, … in order"
    ) in output
    line = line_of(book, descent, "caption: 图 1.4.3")
    assert f"book/descent.md:{line}: figure number 1.4.3 should be 1.4.2" in output
    line = line_of(book, descent, "$x_{30}$")
    assert f"book/descent.md:{line}: unbound number '30' in math" in output
    line = line_of(book, CHAPTER, "式（1.3.10）")
    assert (
        f"book/backprop.md:{line}: '式（1.3.10）' names equation 1.3.10, which no page of this "
        "edition has"
    ) in output
    line = line_of(book, CHAPTER, "# 1.3 反向传播")
    assert (
        f"book/backprop.md:{line}: the page is numbered 1.3 but follows 1.4 in the table of "
        "contents: it should be 1.5"
    ) in output
