"""publish.explain: how a Chinese page prints an error of bp (issue 20, item 7)."""

from __future__ import annotations

import re

import pytest
from publish import ERRORS_IN_CHINESE, explain

import bp


def raised(action) -> Exception:
    with pytest.raises(Exception) as caught:
        action()
    return caught.value


def test_a_domain_error_names_its_node_operator_and_value_in_chinese(chain):
    error = raised(lambda: chain.forward(X=-1.0))
    text = explain(error)
    what, why = text.splitlines()[:2]
    assert what == "bp.DomainError：超出定义域。"
    assert why == "  在节点 C，Ln 的条件不满足（得到 0.0）。"
    assert text.splitlines()[-1] == f"  bp 的原文：{error}"  # bp's own words, for programmers


@pytest.mark.parametrize("name", sorted(ERRORS_IN_CHINESE))
def test_every_error_of_bp_has_a_chinese_sentence(name):
    assert hasattr(bp, name)
    for words in ERRORS_IN_CHINESE[name]:  # what went wrong, and why
        assert re.search(r"[\u4e00-\u9fff]", words)
        assert len(words) <= 30  # a line of a cell's output that a phone or the PDF can hold


def test_another_error_is_shown_as_python_shows_it():
    assert explain(KeyError("x")) == "KeyError: 'x'"
