"""The report page's account of the explorable pages: at which grid points the build checked
them, and what it checked at each (``{explore-report}`` in book/checks.md and checks_en.md).

Everything said comes from the grids this build computed and checked (``explore_grids`` in
the environment: the same data the pages ship), never from a text written by hand: the
inputs' grids and their limits, the number of points, and per point the counts that
``grid.compute`` kept as it checked (``Grid.checked``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from editions import ORIGINAL, TRANSLATION
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .grid import CHECKED

WORDS = {
    ORIGINAL: {
        "title": "可调整的例子：在哪些网格点上核对",
        "lead": (
            "下面这些页的例子可以由读者调整。构建时，页面的代码在下列每一个网格点上重新运行，"
            "并在每个点上核对与静态页面相同的内容；任何一点出错，构建就会失败。"
            "下面的数都取自本次构建实际运行的网格。"
        ),
        "range": "{symbol}：从 {start} 到 {stop}，步长 {step}，共 {count} 个值",
        "values": "{symbol}：取 {values}，共 {count} 个值",
        "list": "、",
        "limit": "（{other} = {value} 时只取 {low} 到 {high}）",
        "points": "共 {count} 个网格点",
        "each": "每个点上核对：",
        "and": "；",
        "literals": "按规则印出并核对的数 {count} 个",
        "relations": "成立的关系式 {count} 个",
        "claims": "断言 {count} 条",
        "words": "随输入改变的措辞 {count} 处",
        "labels": "图中标签 {count} 个",
        "span": "{low} 到 {high}",
        "note": (
            "数的个数按印法计：同一个值、同一规则、同样位数只算一次；"
            "与书中的值相同的数由静态页面的核对覆盖，不重复计入。"
        ),
    },
    TRANSLATION: {
        "title": "Explorable examples: the grid points checked",
        "lead": (
            "The examples of these pages can be changed by the reader. The build runs each "
            "page's code again at every point of its grid below and checks there what it "
            "checks on the static page; a problem at any point fails the build. The numbers "
            "below are those of the grids this build ran. "
        ),
        "range": "{symbol}: from {start} to {stop} in steps of {step}, {count} values",
        "values": "{symbol}: {values}, {count} values",
        "list": ", ",
        "limit": " (where {other} = {value}, only {low} to {high})",
        "points": "{count} grid points",
        "each": "Checked at each point: ",
        "and": "; ",
        # "label: count", so that a count of 1 reads as well as one of 71
        "literals": "numbers printed by their rule and judged: {count}",
        "relations": "relations that hold: {count}",
        "claims": "claims: {count}",
        "words": "wordings chosen by the inputs: {count}",
        "labels": "figure labels: {count}",
        "span": "{low} to {high}",
        "note": (
            "Numbers are counted by printed form: a value printed by one rule to the same "
            "digits counts once; a number that keeps the book's value is checked on the "
            "static page and is not counted again."
        ),
    },
}


class explore_report(nodes.General, nodes.Element):  # noqa: N801
    """Where the report page tells the explorable pages' grids (filled when it is written)."""


class ExploreReportDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [explore_report()]


def fill_report(app: Sphinx, doctree: nodes.document, docname: str, grids: dict) -> None:
    """Replace ``{explore-report}`` with a section per explorable page (doctree-resolved)."""
    words = WORDS[app.config.language if app.config.language in WORDS else TRANSLATION]
    for placeholder in list(doctree.findall(explore_report)):
        section = nodes.section(ids=["explore-grids"])
        section += nodes.title(text=words["title"])
        section += nodes.paragraph(text=words["lead"] + words["note"])
        for page in sorted(grids):
            uri = app.builder.get_relative_uri(docname, page)
            title = app.env.titles[page].astext() if page in app.env.titles else page
            link = nodes.reference("", title, refuri=uri, internal=True)
            section += nodes.paragraph("", "", link)
            said = lines(grids[page][1], words)
            section += nodes.bullet_list(
                "", *(nodes.list_item("", nodes.paragraph(text=line)) for line in said)
            )
        placeholder.replace_self(section)


def lines(data: dict[str, Any], words: dict[str, str]) -> list[str]:
    """What the report says of one page's grid: each input's values, the points, and what
    was checked at each (a range of counts where points differ)."""
    found = []
    for spec in data["inputs"]:
        grid = spec["grid"]
        if spec["end"]:  # a range from/to (explore.js shows its end's reason)
            step = f"{grid[1] - grid[0]:.10g}" if len(grid) > 1 else "0"
            line = words["range"].format(
                symbol=spec["symbol"],
                start=f"{grid[0]:g}",
                stop=f"{grid[-1]:g}",
                step=step,
                count=len(grid),
            )
        else:
            values = words["list"].join(f"{v:g}" for v in grid)
            line = words["values"].format(symbol=spec["symbol"], values=values, count=len(grid))
        for other, value, low, high in spec["limits"]:
            named = next(s["symbol"] for s in data["inputs"] if s["name"] == other)
            line += words["limit"].format(
                other=named, value=f"{value:g}", low=f"{low:g}", high=f"{high:g}"
            )
        found.append(line)
    found.append(words["points"].format(count=len(data["points"])))
    checked = data["checked"]
    parts = []
    for kind in CHECKED:
        counts = checked[kind]
        if not any(counts):
            continue
        low, high = min(counts), max(counts)
        count = str(low) if low == high else words["span"].format(low=low, high=high)
        parts.append(words[kind].format(count=count))
    found.append(words["each"] + words["and"].join(parts))
    return found
