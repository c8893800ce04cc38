"""Issue 21's 1.4: what a textbook section needs is there in both editions, and its claims hold.

The section defines 梯度 with the vector rule, shows why a step lowers the loss, names 线性收敛
(whose factor predicts the step counts) and 二次收敛, treats points where the derivative is
zero and many samples, and draws two new figures. The build binds every claim of it; the last
test makes one new claim false and sees the build stop.
"""

from __future__ import annotations

import re

import pytest

from tests.book import build, copy_book, edit

PAGE = "book/descent.md"
HEADINGS = [
    "1.4.1 通俗地理解梯度下降",
    "1.4.2 损失、梯度与梯度下降",
    "1.4.3 单变量的梯度下降",
    "1.4.4 学习率与线性收敛",
    "1.4.5 用梯度下降解第 1.3.3 节的链",
    "1.4.6 导数为零的点",
    "1.4.7 多个参数",
    "1.4.8 多个样本",
    "1.4.9 习题",
]
HEADINGS_EN = [
    "1.4.1 Gradient descent in plain words",
    "1.4.2 Loss, gradient and gradient descent",
    "1.4.3 Gradient descent in one variable",
    "1.4.4 The learning rate and linear convergence",
    "1.4.5 Solving the chain of Section 1.3.3 by gradient descent",
    "1.4.6 Points where the derivative is zero",
    "1.4.7 Many parameters",
    "1.4.8 Many samples",
    "1.4.9 Exercises",
]
FIGURES = ["fig-loss-path", "fig-rates", "fig-log-errors", "fig-descent-graph"]


def text_of(html: str) -> str:
    html = re.sub(r'<span class="(?:katex-mathml|bp-tip)".*?</span>', "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize(
    ("path", "headings", "words"),
    [
        ("book/descent.html", HEADINGS, ["梯度", "线性收敛", "二次收敛", "误差除法", "随机梯度"]),
        (
            "en/book/descent_en.html",
            HEADINGS_EN,
            ["gradient", "linear convergence", "quadratic convergence", "error division"],
        ),
    ],
)
def test_the_section_has_what_a_textbook_section_needs(built, path, headings, words):
    html = (built / "_build/html" / path).read_text(encoding="utf8")
    text = text_of(html)
    for heading in headings:
        assert heading in text, heading
    for tag in range(1, 9):
        assert f"(1.4.{tag})" in text
    for number, name in enumerate(FIGURES, 1):
        # Each figure is there, numbered in order, as an SVG image.
        block = html.split(f'id="{name}"', 1)[1][:3000]
        assert re.search(r'<img[^>]+\.svg"', block), name
        assert f"1.4.{number}" in text_of(block), name
    for word in words:
        assert word in text, word
    assert "扩展" in text or "addition" in text


def test_one_name_for_the_method_of_1_3_on_every_page(built):
    """误差除法 everywhere; the names the issue lists (本章的方法, 第 1.3 节的除法) nowhere."""
    pages = ["descent", "iterate", "gradient", "exercises"]
    for page in pages:
        text = text_of((built / f"_build/html/book/{page}.html").read_text(encoding="utf8"))
        assert "本章的方法" not in text and "第 1.3 节的除法" not in text, page
    assert "误差除法" in text_of((built / "_build/html/book/exercises.html").read_text("utf8"))


def test_every_page_is_reachable_from_the_chinese_intro(built):
    intro = (built / "_build/html/book/intro.html").read_text(encoding="utf8")
    main = intro.split("<main", 1)[1]
    for page in ["backprop", "descent", "iterate", "gradient", "exercises", "api", "errata"]:
        assert f'href="{page}.html' in main, page
    chapter = (built / "_build/html/book/backprop.html").read_text(encoding="utf8")
    assert re.search(r'href="iterate.html"[^>]*>(?:<span[^>]*>)?再做一次迭代', chapter)
    assert re.search(r'href="gradient.html"[^>]*>(?:<span[^>]*>)?矩阵没有除法', chapter)


@pytest.mark.build
def test_a_new_claim_made_false_or_a_figure_label_changed_stops_the_build(tmp_path):
    """Two breaks, one build (a build is the costly part):

    - the factor r predicts the step counts (线性收敛): predict one step too many, and the
      claim "相同" that the table's two columns agree no longer holds;
    - figure 1.4.3's legend draws a learning rate it was not run with: the number in the SVG
      is not the published value its label names.
    """
    book = copy_book(tmp_path)
    edit(
        book / PAGE,
        "{eta: steps_predicted(e0, r) for",
        "{eta: steps_predicted(e0, r) + 1 for",
    )
    edit(
        book / PAGE,
        'axes.semilogy([abs(float(s.output) - 4.0) for s in run.steps], marker=".",\n'
        '                  markersize=3, label=f"η = {eta}")',
        'axes.semilogy([abs(float(s.output) - 4.0) for s in run.steps], marker=".",\n'
        '                  markersize=3, label=f"η = {eta * 2}")',
    )
    result = build(book)
    assert not result.ok
    assert "claim '相同'" in result.output and "linear_predicts_steps" in result.output
    assert "is false" in result.output
    assert "the figure shows 0.02, 0.2, which the page does not report" in result.output
