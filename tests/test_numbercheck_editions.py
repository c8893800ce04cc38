"""Two editions of a page publish the same names and values (numbercheck/editions.py)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from numbercheck import editions, store
from numbercheck.store import PageData, PageRecord

CHINESE = {"A": 3.0, "delta_X": 0.07869340114514108, "drawn__Y": "'0.5'"}


def test_counterparts_are_the_same_page_without_the_editions_suffix():
    assert editions.counterpart("book/backprop_en", "_en") == "book/backprop"
    assert editions.counterpart("book/backprop", "_en") is None
    assert editions.counterpart("book/backprop_en", "") is None


def test_identical_values_agree_and_every_difference_is_named_with_both_values():
    assert editions.differences(dict(CHINESE), CHINESE) == []
    english = {**CHINESE, "A": 3.0000000000000004, "extra": 1.0}
    del english["drawn__Y"]
    assert editions.differences(english, CHINESE) == [
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
        config=SimpleNamespace(
            numbercheck_edition_of=setting,
            numbercheck_edition_suffix="_en",
            numbercheck_enabled=True,
        ),
    )
    env = SimpleNamespace(doc2path=lambda docname, base=True: f"{docname}.md")
    pages = {name: PageData(record=PageRecord(values=v)) for name, v in english.items()}
    setattr(env, store.ATTRIBUTE, pages)
    editions.check_editions(app, env)
    found = {d: [str(p) for p in data.edition_problems] for d, data in pages.items()}
    return {d: problems for d, problems in found.items() if problems}


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
            "nowhere.json: numbercheck_edition_of: cannot read the other edition's report "
            f"([Errno 2] No such file or directory: '{tmp_path / 'nowhere.json'}'); "
            "build the other edition first"
        ]
    }
