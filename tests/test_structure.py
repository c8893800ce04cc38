"""Section numbers and equation tags are checked as structure (numbercheck/structure.py)."""

from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree
from numbercheck import language, structure


def page(*headings: str, tags: tuple[str, ...] = ()) -> nodes.document:
    """A page titled "1.3 …" with second-level sections and one display formula per tag."""
    parts = ["1.3 反向传播\n============\n"]
    for heading in headings:
        parts.append(f"{heading}\n{'-' * 20}\n\ntext\n")
    for tag in tags:
        parts.append(f".. math::\n\n   y=x^2 \\tag{{{tag}}}\n")
    doctree = publish_doctree(
        "\n".join(parts), settings_overrides={"report_level": 5, "doctitle_xform": False}
    )
    return doctree


def problems_in(doctree: nodes.document) -> list[str]:
    blocks = list(doctree.findall(nodes.math_block))
    found = [m for _, m in structure.headings(doctree)]
    return found + [m for _, m in structure.tags(doctree, blocks)]


def test_sequential_sections_and_tags_pass():
    doctree = page(
        "1.3.1 通俗地理解",
        "1.3.2 简单的例子",
        "1.3.3 复杂的例子",
        "1.3.4 计算图",
        tags=("1.3.1", "1.3.2", "1.3.3"),
    )
    assert problems_in(doctree) == []


def test_the_seeds_duplicated_section_number_fails():
    doctree = page("1.3.1 通俗地理解", "1.3.2 简单的例子", "1.3.3 复杂的例子", "1.3.3 计算图")
    assert problems_in(doctree) == [
        "section number 1.3.3 should be 1.3.4: the sections under 1.3 are numbered 1, 2, … in order"
    ]


def test_repeated_skipped_and_foreign_tags_fail():
    doctree = page("1.3.1 通俗地理解", tags=("1.3.1", "1.3.1", "1.3.3", "1.4.4"))
    found = problems_in(doctree)
    assert "equation tag (1.3.1) is used twice on this page" in found
    assert any(m.startswith("equation tag (1.3.3) should be (1.3.2)") for m in found)
    assert any(m.startswith("equation tag (1.4.4) should be (1.3.") for m in found)


def test_bold_exercise_leads_and_figure_captions_count_up_under_the_page():
    source = (
        "1.4 梯度下降\n============\n\n**习题 1.4.1** 对\n\n**习题 1.4.3** 对\n\n"
        ".. figure:: a.png\n\n   图 1.4.1 一\n\n.. figure:: b.png\n\n   图 1.4.1 二\n"
    )
    doctree = publish_doctree(
        source, settings_overrides={"report_level": 5, "doctitle_xform": False}
    )
    wording = language.wording("zh_CN")
    assert [m for _, m in structure.exercises(doctree, wording.exercise)] == [
        "exercise number 1.4.3 should be 1.4.2: the exercises of 1.4 are numbered 1, 2, … in order"
    ]
    assert [m for _, m in structure.figures(doctree, wording.caption)] == [
        "figure number 1.4.1 should be 1.4.2: the figures of 1.4 are numbered 1, 2, … in order"
    ]


def test_numbered_pages_follow_each_other_in_the_table_of_contents():
    assert list(structure.in_order([("a", (1, 3)), ("b", (1, 4))])) == []
    assert list(structure.in_order([("b", (1, 4)), ("a", (1, 3))])) == [
        ("a", "the page is numbered 1.3 but follows 1.4 in the table of contents: it should be 1.5")
    ]
