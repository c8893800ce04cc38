"""Every number on every page is bound, structural or exempt with a reason: titles, alt text,
raw HTML, abbreviations, non-notebook pages and docstrings too (numbercheck/judges.py), and
the exponent of a power of ten (markup.py)."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from numbercheck import context, judges, language, markup, structure
from numbercheck.store import PageRecord


def page_of(tmp_path: Path, *children: nodes.Node, lang: str = "zh_CN") -> context.Page:
    """A page of a non-notebook document (no published values) holding ``children``."""
    source = tmp_path / "page.md"
    source.write_text("\n", encoding="utf8")
    document = nodes.document(None, None)
    document += children
    page = context.Page.__new__(context.Page)  # what Sphinx would give, without Sphinx
    page.doctree, page.relpath, page.source = document, "page.md", context.SourceLines(source)
    page.wording, page.record, page.problems = language.wording(lang), PageRecord(), []
    page.values, page.numeric, page.deviations, page.enabled = {}, {}, [], True
    return page


def audit(page: context.Page) -> list[str]:
    for text in list(page.doctree.findall(nodes.Text)):
        judges.prose(page, text)
    judges.attributes(page, drawn=False)
    judges.api_docs(page)
    judges.numbering(page, [])
    return [problem.message for problem in page.problems]


def test_a_page_without_cells_is_audited(tmp_path):
    page = page_of(tmp_path, nodes.paragraph("", "例如故事里的 10 元，见第 1.4 节"))
    assert audit(page) == [
        r"unbound number '10' in prose: bind it with $\num{name}{...}$ or mark it $\lit{...}$"
    ]


def test_titles_are_audited_but_their_section_and_exercise_numbers_are_structure(tmp_path):
    heading = nodes.section("", nodes.title("", "1.3.4 计算图有 3 层"))
    exercises = [nodes.section("", nodes.title("", f"习题 {n}：{n} 个起点")) for n in (1, 3)]
    admonition = nodes.admonition("", nodes.title("", "注意 2 点"), nodes.paragraph("", "x"))
    page = page_of(tmp_path, heading, *exercises, admonition)
    found = audit(page)
    assert [m.split(":")[0] for m in found] == [
        "unbound number '3' in a title",
        "unbound number '1' in a title",
        "unbound number '3' in a title",
        "unbound number '2' in a title",
        "exercise number 3 should be 2",
    ]
    english = [nodes.section("", nodes.title("", f"Exercise {n}: cubes")) for n in (1, 2)]
    assert audit(page_of(tmp_path, *english, lang="en")) == []


def test_alt_text_raw_html_and_abbreviations_are_audited(tmp_path):
    image = nodes.image(uri="x.svg", alt="the curve through 0.5")
    raw = nodes.raw(
        "",
        '<p title="3 apples">7 <span style="width: 600px">pears</span></p>'
        "<script>var a=1;</script>",
        format="html",
    )
    abbreviation = nodes.abbreviation("", "GD", explanation="gradient descent, 16 steps")
    page = page_of(tmp_path, image, raw, nodes.paragraph("", "", abbreviation))
    assert [m.split(":")[0] for m in audit(page)] == [
        "unbound number '0.5' in an image's alt text",
        "unbound number '3' in raw HTML",
        "unbound number '7' in raw HTML",
        "unbound number '16' in an abbreviation's explanation",
    ]


def test_docstrings_are_exempt_with_their_reason_and_counted(tmp_path):
    docstring = nodes.paragraph("", "Returns float64 values, 2 per node.")
    docstring.source = "/book/bp/graph.py:docstring of bp.graph.Graph"
    page = page_of(tmp_path, docstring)
    assert audit(page) == []
    assert page.record.exempt == [
        {
            "location": "graph.py:docstring of bp.graph.Graph",
            "text": "bp.graph.Graph",
            "reason": "API documentation: numbers that describe code (2)",
        }
    ]


def test_the_exponent_of_a_power_of_ten_is_a_magnitude_to_bind():
    assert markup.unbound_numbers_in_math(r"\lit{10}^{-12}") == ["12"]
    assert markup.unbound_numbers_in_math(r"\lit{10}^{\num{tolerance_exponent}{-12}}") == []
    assert markup.unbound_numbers_in_math(r"\lit{10}^{\lit{-12}}") == []
    assert markup.unbound_numbers_in_math(r"\lit{10}^{-5}") == ["5"]


def test_exercises_out_of_order_are_found_in_document_order():
    document = nodes.document(None, None)
    for n in (1, 2, 2):
        document += nodes.section("", nodes.title("", f"习题 {n}"))
    found = [m for _, m in structure.exercises(document, language.wording("zh_CN").exercise)]
    assert found == [
        "exercise number 2 should be 3: the exercises of a page are numbered 1, 2, … in order"
    ]
