"""New issues open in Chinese: the template the site's "报告问题" link names exists and is
Chinese, and the link carries no English pre-filled text (issue 12)."""

from __future__ import annotations

import re

import yaml
from reader_site import ISSUE_TEMPLATE, issue_link

from tests.book import ROOT

TEMPLATES = ROOT / ".github/ISSUE_TEMPLATE"


def test_the_issue_template_is_chinese():
    text = (TEMPLATES / ISSUE_TEMPLATE).read_text(encoding="utf8")
    front, body = re.match(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL).groups()
    meta = yaml.safe_load(front)
    for field in ("name", "about", "title"):
        assert re.search(r"[\u4e00-\u9fff]", meta[field]), field
    assert not re.search(r"[A-Za-z]{3,}", body)  # the body is Chinese throughout


def test_the_issue_link_opens_that_template_with_the_page_in_its_title():
    english = (
        "https://github.com/bp-book/bp-book/issues/new?title=Issue%20on%20page%20%2F"
        "book/backprop.html&body=Your%20issue%20content%20here."
    )
    context = {"header_buttons": [{"buttons": [{"label": "source-issues-button", "url": english}]}]}
    issue_link(None, "book/backprop", "page.html", context, None)
    url = context["header_buttons"][0]["buttons"][0]["url"]
    assert url.startswith("https://github.com/bp-book/bp-book/issues/new?template=page.md&title=")
    assert "Your" not in url and "Issue%20on" not in url
