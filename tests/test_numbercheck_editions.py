"""Two editions of a page publish the same names and values (book/_ext/edition_values), and
how the editions name each other's pages (book/_ext/editions.py)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import edition_values
import editions
from numbercheck.store import PageRecord

CHINESE = {"A": 3.0, "delta_X": 0.07869340114514108, "drawn__Y": "'0.5'"}


def test_a_translated_page_is_its_original_with_the_suffix():
    assert editions.original("book/backprop_en") == "book/backprop"
    assert editions.original("book/backprop") is None
    assert editions.translation("book/backprop") == "book/backprop_en"
    assert editions.counterpart("book/backprop_en", editions.TRANSLATION) == "book/backprop"
    assert editions.counterpart("book/backprop", editions.ORIGINAL) == "book/backprop_en"


def test_identical_values_agree_and_every_difference_is_named_with_both_values():
    assert edition_values.differences(dict(CHINESE), CHINESE) == []
    english = {**CHINESE, "A": 3.0000000000000004, "extra": 1.0}
    del english["drawn__Y"]
    assert edition_values.differences(english, CHINESE) == [
        "does not publish drawn__Y",
        "publishes extra, which the other edition does not",
        "publishes A = 3.0000000000000004, the other edition 3.0",  # one ulp is a difference
    ]


def build(tmp_path: Path, english: dict, report: dict | None, *, setting="_build/nc.json"):
    """The edition check as the English build runs it, against ``report`` written to disk."""
    if report is not None:
        path = tmp_path / setting
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"enabled": True, "pages": report}), encoding="utf8")
    app = SimpleNamespace(
        srcdir=str(tmp_path),
        config=SimpleNamespace(edition_values_of=setting),
    )
    env = SimpleNamespace(doc2path=lambda docname, base=True: f"{docname}.md")
    records = {name: PageRecord(values=v) for name, v in english.items()}
    found = edition_values.check_editions(app, env, records)
    return {d: [str(p) for p in problems] for d, problems in found.items() if problems}


def test_a_page_whose_value_differs_from_its_chinese_page_is_a_problem(tmp_path):
    chinese = {"book/backprop": {"values": CHINESE}, "book/intro": {"values": {}}}
    english = {"book/backprop_en": {**CHINESE, "A": 4.0}, "book/intro": {}}
    assert build(tmp_path, english, chinese) == {
        "book/backprop_en": [
            "book/backprop_en.md: publishes A = 4.0, the other edition 3.0 "
            "(compared with book/backprop in _build/nc.json)"
        ]
    }
    english["book/backprop_en"]["A"] = 3.0
    assert build(tmp_path, english, chinese) == {}


def test_a_page_without_counterpart_passes_and_a_missing_report_fails(tmp_path):
    english = {"book/preface_en": {"x": 1.0}}
    assert build(tmp_path, english, {"book/backprop": {"values": CHINESE}}) == {}
    assert build(tmp_path, english, None, setting="nowhere.json") == {
        "book/preface_en": [
            "nowhere.json: edition_values_of: cannot read the other edition's report "
            f"([Errno 2] No such file or directory: '{tmp_path / 'nowhere.json'}'); "
            "build the other edition first"
        ]
    }


def test_what_a_handler_of_numbercheck_pages_read_finds_is_a_problem_of_its_page():
    """The package's extension point, through which edition_values reports."""
    from numbercheck import Problem, check, store
    from numbercheck.store import PageData

    pages = {"a": PageData(record=PageRecord()), "b": PageData(record=PageRecord())}
    pages["a"].extension_problems = [Problem("old", "from the last build")]
    env = SimpleNamespace(**{store.ATTRIBUTE: pages})
    asked = []

    def emit(event, env, records):
        asked.append((event, sorted(records)))
        return [{"b": [Problem("b.md", "differs")]}, None]

    app = SimpleNamespace(config=SimpleNamespace(numbercheck_enabled=True), emit=emit)
    check.ask_other_extensions(app, env)
    assert asked == [("numbercheck-pages-read", ["a", "b"])]
    assert [str(p) for p in pages["b"].all_problems()] == ["b.md: differs"]
    assert pages["a"].all_problems() == []  # the last build's answer is gone
