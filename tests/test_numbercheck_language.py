"""numbercheck speaks the build's language (numbercheck/language.py): readers' strings come
from its message catalog, and the words pages use for equations, figures and sections are
read in the page's language."""

from __future__ import annotations

import ast
import re
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po
from docutils import nodes
from numbercheck import language, markup, references, report, rules
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

CHECK = Path(language.__file__).parent  # the installed package (packages/numbercheck)
PO = language.LOCALE / "zh_CN" / "LC_MESSAGES" / "numbercheck.po"
PLACEHOLDER = re.compile(r"\{\w*\}")


def catalog() -> dict[str, str]:
    with PO.open("rb") as file:
        return {m.id: m.string for m in read_po(file) if m.id}


def translated_in_code() -> set[str]:
    """Every string literal the sources pass to ``_``, and the ids kept in tables (which
    reach ``_`` through a variable)."""
    found = set()
    for path in CHECK.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_":
                (argument,) = node.args
                if isinstance(argument, ast.Constant):
                    found.add(argument.value)
    found |= set(report._COLUMNS) | set(report._REASONS)
    found |= {template for _pattern, template in report._PATTERNS}
    found |= {text for rule in rules.RULES.values() for text in (rule.word, rule.sentence)}
    return found


def test_every_readers_string_has_a_chinese_translation_and_no_entry_is_unused():
    entries = catalog()
    used = translated_in_code()
    assert sorted(used - set(entries)) == []  # the Chinese site would show English
    assert sorted(set(entries) - used) == []  # a translation nothing shows
    for msgid, msgstr in entries.items():
        assert msgstr, msgid
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


@pytest.fixture(autouse=True)
def no_catalog_left():
    """Each test loads catalogs as a build would; none is left for the other test files."""
    yield
    locale.translators.pop(("general", language.CATALOG), None)


DOCTREES = tempfile.mkdtemp()  # where a build compiles the catalogue


def load(language_name: str) -> None:
    """What ``register`` does for a build in ``language_name``, with Sphinx's own loader."""
    app = SimpleNamespace(config=SimpleNamespace(language=language_name), doctreedir=DOCTREES)
    app.add_message_catalog = lambda catalog, folder: Sphinx.add_message_catalog(
        app, catalog, folder
    )
    language.register(app)


def test_the_chinese_build_speaks_chinese_and_a_later_english_build_english():
    load("zh_CN")
    assert rules.RULES["round"].description == "就近舍入（恰为一半时取偶数）"
    assert language._("computed: {details}") == "计算值：{details}"
    load("en")  # the same process: the Chinese catalog must not linger as a fallback
    assert rules.RULES["round"].description == "round to nearest (a tie goes to the even digit)"
    assert [n.astext() for n in report._reason("a derivative")] == ["a derivative"]
    load("zh_CN")
    text, symbol = report._reason("uses \\Delta")
    assert text.astext() == "用到未求值的记号 "
    assert isinstance(symbol, nodes.math) and symbol.astext() == "\\Delta"  # typeset, not TeX


def test_a_language_without_wording_stops_the_build():
    with pytest.raises(ConfigError, match="language 'fr' has no wording"):
        language.wording("fr")


def link(text: str, target: str) -> nodes.reference:
    return nodes.reference("", text, refid=target)


def page_with(*children: nodes.Node) -> nodes.document:
    doctree = nodes.document(None, None)
    section = nodes.section()
    section += list(children)
    doctree += section
    return doctree


@pytest.mark.parametrize(
    ("lang", "texts", "caption"),
    [
        ("zh_CN", ("式（1.3.5）", "式 1.3.5", "图 1.3.1"), "图 1.3.1 计算图"),
        (
            "en",
            ("equation (1.3.5)", "Equation (1.3.5)", "Figure 1.3.1", "figure 1.3.1"),
            "Figure 1.3.1 The computation graph",
        ),
    ],
)
def test_links_naming_equations_and_figures_are_read_in_the_pages_language(lang, texts, caption):
    wording = language.wording(lang)
    equation = nodes.math_block("", r"A = X+1 \tag{1.3.5}", ids=["eq-1-3-5"])
    figure = nodes.figure("", nodes.caption("", caption), ids=["fig-bp"])
    links = nodes.paragraph("", "", *(link(t, "eq-1-3-5") for t in texts))
    doctree = page_with(equation, figure, links)
    labels = references.targets(doctree, wording)
    assert labels == {"eq-1-3-5": ("equation", "1.3.5"), "fig-bp": ("figure", "1.3.1")}
    found = [mention for _link, mention in references.mentions(doctree, wording)]
    assert [text for text, *_ in found] == list(texts)
    problems = [references.problem(m, labels, wording) for m in found]
    for (text, kind, *_), message in zip(found, problems, strict=True):
        if kind == "equation":
            assert message is None
        else:  # a figure's name linking to an equation
            assert message == (
                f"link text '{text}' does not match its target 'eq-1-3-5', which is "
                f"{wording.name('equation', '1.3.5')}"
            )
    other = language.wording("en" if lang == "zh_CN" else "zh_CN")
    assert references.mentions(doctree, other) == []  # the other edition's words are prose


def test_section_references_are_structure_in_each_language():
    english = language.wording("en").prose_reference
    chinese = language.wording("zh_CN").prose_reference
    text_en = "Section 1.4 shows it; see sections 1.3 and Chapter 1, for 10 dollars"
    assert markup.unbound_numbers_in_prose(text_en, english) == ["10"]
    assert markup.unbound_numbers_in_prose("见第 1.4 节，10 元", chinese) == ["10"]
    assert markup.unbound_numbers_in_prose("Section 1.4", chinese) == ["1.4"]


@pytest.mark.parametrize(
    ("lang", "text", "named"),
    [
        (
            "zh_CN",
            "以 1.3.3 节的例子，见式（1.3.7）和图 1.3.1，第 1.4 节与 1.3.9；习题 1.4.2 不算",
            [
                ("1.3.3 节", "section", "1.3.3"),
                ("式（1.3.7）", "equation", "1.3.7"),
                ("图 1.3.1", "figure", "1.3.1"),
                ("第 1.4 节", "section", "1.4"),
                ("1.3.9", None, "1.3.9"),
            ],
        ),
        (
            "en",
            "the example of Section 1.3.3, equation (1.3.7), Figure 1.3.1 and 1.3.9; "
            "Exercise 1.4.2",
            [
                ("Section 1.3.3", "section", "1.3.3"),
                ("equation (1.3.7)", "equation", "1.3.7"),
                ("Figure 1.3.1", "figure", "1.3.1"),
                ("1.3.9", None, "1.3.9"),
            ],
        ),
    ],
)
def test_running_text_names_sections_equations_and_figures(lang, text, named):
    assert language.wording(lang).named(text) == named


def test_a_named_number_that_no_page_has_is_a_problem():
    known = {("section", "1.3.3"), ("equation", "1.3.7")}
    assert references.unknown(("1.3.3 节", "section", "1.3.3"), known) is None
    assert references.unknown(("1.3.7", None, "1.3.7"), known) is None
    assert references.unknown(("式（1.3.3）", "equation", "1.3.3"), known) == (
        "'式（1.3.3）' names equation 1.3.3, which no page of this edition has"
    )
    assert references.unknown(("1.3.10", None, "1.3.10"), known) == (
        "'1.3.10' names a section, equation or figure numbered 1.3.10, which no page of this "
        "edition has"
    )
