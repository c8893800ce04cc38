"""What the check keeps per page (store.py), where it says a problem is (context.py), and the
facts that readers see written once (errata.py, nodes.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from docutils import nodes
from math_contract import HTML_DATA_KEYS
from numbercheck import context, errata, judges, language, store
from numbercheck import nodes as check_nodes
from numbercheck.store import Correction, Deviation, PageData, PageRecord, Problem


def env_with(**pages: PageData) -> SimpleNamespace:
    env = SimpleNamespace()
    setattr(env, store.ATTRIBUTE, dict(pages))
    return env


def test_purge_forgets_everything_a_page_left_and_merge_takes_only_its_pages():
    kept = PageData(problems=[Problem("b.md:1", "x")], record=PageRecord())
    read = PageData(
        problems=[Problem("a.md:1", "x")],
        corrections=[Correction("a", "bp-erratum-1", "a.md:1", "text")],
        record=PageRecord(),
        lists_others=True,
    )
    env = env_with(a=read, b=kept)
    store.purge(None, env, "a")
    assert store.pages(env) == {"b": kept}  # problems, errata and the record all went
    other = env_with(a=read, c=PageData())
    store.merge(None, env, {"a"}, other)
    assert store.pages(env) == {"a": read, "b": kept}
    assert list(store.records(env)) == ["a", "b"]


def deviation(key: str, printed: str) -> Deviation:
    return Deviation("backprop", "backprop.md:1", key, printed, "truncate", 1.49967, "1.4997")


def test_a_number_printed_twice_is_noted_and_listed_once():
    twice = [deviation("D", "1.4996"), deviation("D", "1.4996"), deviation("E", "0.4996")]
    assert [d.printed for d in errata.distinct(twice)] == ["1.4996", "0.4996"]
    note = errata.note_text(twice)
    assert note.count("1.4996 (") == 1 and note.startswith("Note: ") and not note.endswith(" ")


def test_prose_and_formulas_carry_the_same_data_of_a_bound_number():
    data = check_nodes.bound_data("C", "2.1972245773362196", "round")
    assert [name for name, _value in data] == list(HTML_DATA_KEYS)
    body: list[str] = []
    translator = SimpleNamespace(body=body, attval=lambda text: text, encode=lambda text: text)
    node = check_nodes.bound_number(
        printed="2.1972", key="C", exact="2.1972245773362196", rule="round"
    )
    with pytest.raises(nodes.SkipNode):  # the number is written whole
        check_nodes.visit_bound_number(translator, node)
    for name, value in data:
        assert f'data-{name}="{value}"' in body[0]


def test_a_problem_is_located_from_its_nodes_line_or_said_to_have_none(tmp_path):
    source = tmp_path / "page.md"
    source.write_text("式（1.3.5）\n\n见式（1.3.5）。\n", encoding="utf8")
    lines = context.SourceLines(source)
    assert lines.locate("式（1.3.5）", 3) == 3  # not the first occurrence, line 1
    assert lines.locate("式（1.3.5）", None) is None  # no line: unknown, not guessed
    paragraph = nodes.paragraph("", "", nodes.reference("", "式（1.3.5）", refid="eq-1-3-5"))
    paragraph.line = 3
    document = nodes.document(None, None)
    document += paragraph
    page = SimpleNamespace(
        relpath="page.md",
        source=context.SourceLines(source),
        wording=language.wording("zh_CN"),
        record=PageRecord(),
        doctree=document,
    )
    page.where = lambda fragment, node: context.Page.where(page, fragment, node)
    judges.links(page)
    assert page.record.mentions[0][0] == "page.md:3"
    assert context.Page.where(page, "式（1.3.5）", document) == "page.md (line unknown)"
