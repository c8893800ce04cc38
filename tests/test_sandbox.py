"""The sandbox the build tests and benchmarks change: a setting goes in as data, merged into
the copy's ``_config.yml``, and the repository's own configuration is never touched."""

from __future__ import annotations

import pytest
import yaml

from scripts.build import ROOT, english_config
from scripts.sandbox import CONFIG, configure, edit


def test_a_setting_is_merged_into_the_copy_and_read_by_both_editions(book):
    original = (ROOT / CONFIG).read_text(encoding="utf8")
    configure(book, {"sphinx": {"config": {"numbercheck_enabled": False}}})
    config = yaml.safe_load((book / CONFIG).read_text(encoding="utf8"))
    assert config["sphinx"]["config"]["numbercheck_enabled"] is False
    assert config["sphinx"]["config"]["language"] == "zh_CN"  # its neighbours stay
    english = yaml.safe_load(english_config(book).read_text(encoding="utf8"))
    assert english["sphinx"]["config"]["numbercheck_enabled"] is False
    assert (ROOT / CONFIG).read_text(encoding="utf8") == original


def test_none_removes_a_key_and_a_list_is_replaced(book):
    configure(
        book,
        {"sphinx": {"local_extensions": {"reader_site": None}}, "execute": {"timeout": [1]}},
    )
    config = yaml.safe_load((book / CONFIG).read_text(encoding="utf8"))
    assert "reader_site" not in config["sphinx"]["local_extensions"]
    assert "lean_pages" in config["sphinx"]["local_extensions"]  # the others are kept
    assert config["execute"]["timeout"] == [1]


def test_the_repository_is_not_a_sandbox():
    with pytest.raises(ValueError, match="not a sandbox"):
        configure(ROOT, {"title": "changed"})


def test_an_edit_must_match_exactly_once(book):
    page = book / "book/backprop.md"
    with pytest.raises(AssertionError, match="occurs 0 times"):
        edit(page, "text that is not on the page", "new")
