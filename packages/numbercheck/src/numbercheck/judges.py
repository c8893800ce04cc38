r"""The judges: each looks at one kind of thing on a page and records what it finds.

check.py walks a page and calls them: ``formula`` for each formula (which calls ``judge_binding``
for its bindings, ``exemptions`` for its ``\lit``\ s and ``equations`` for its relations),
``prose`` for each piece of running text, then ``figure``, ``structure`` and ``links`` once
per page. Each records what it checked in the page's report record and what is wrong as a
problem with the page's file and line (context.py).
"""

from __future__ import annotations

from dataclasses import asdict
from html.parser import HTMLParser
from pathlib import Path

from docutils import nodes
from sphinx.addnodes import pending_xref

from . import errata, markup, references, relations, rules, structure, svg
from .computed import UnreadableValueError, as_float, why_none_published
from .context import Page, ancestors, in_cell
from .contract import DESCRIBE
from .language import _
from .nodes import bound_data, bound_number, deviation_note
from .store import Deviation
from .symbols import readable

DRAWN = "drawn__"  # the prefix under which a page publishes the numbers its figure drew
CONSTANT = "constant_"  # drawn__constant_<node>: an operator's constant (the 1 of X+1)
# drawn__<figure name>__<name>: a label of the named figure, for a page with several figures.
FIGURE_SEPARATOR = "__"

# Text inside these is code, structure or cross-reference, never a quantity to audit.
NOT_PROSE = (
    nodes.literal,
    nodes.literal_block,
    nodes.raw,
    nodes.comment,
    nodes.reference,
    nodes.target,
    nodes.system_message,
    nodes.substitution_definition,
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.label,
)


# -- numbers ------------------------------------------------------------------------------


def judge_binding(
    page: Page, bound: markup.Binding, node: nodes.Node, power: int = 0
) -> float | None:
    """Judge one binding; return its computed value (None if there is none to show).

    ``power``: what follows the literal scales it (``5.1\\%``: −2, ``7\\times10^{-14}``:
    −14, "3 万": 4), so the literal claims ``printed × 10^power``, and is compared in the
    unit it is printed in.
    """
    location = page.where(bound.markup, node)
    rule = rules.RULES.get(bound.rule_name)
    scale = f" × 10^{power}" if power else ""
    shown = f"printed {bound.printed!r}{scale} for {bound.key!r}"
    if rule is None:
        known = ", ".join(rules.RULES)
        page.problem_at(location, f"{shown}: unknown rule {bound.rule!r} (rules: {known})")
        return None
    try:
        literal = rules.parse(bound.printed)
    except rules.MalformedLiteralError as error:
        page.problem_at(location, f"malformed number markup: {error}")
        return None
    if bound.key not in page.values:
        known = ", ".join(sorted(page.values)) or why_none_published(page.env, page.docname)
        page.problem_at(location, f"{shown}: unknown name {bound.key!r} (glued here: {known})")
        return None
    try:
        computed = as_float(page.values[bound.key])
    except UnreadableValueError as error:
        page.problem_at(location, f"{shown}: {error}")
        return None
    if bound.key not in page.numeric:
        page.problem_at(location, f"{shown}: the published value is {computed!r}, not a number")
        return None
    judgement = rules.judge(literal, computed / 10.0**power if power else computed, rule)
    page.record.bound.append(
        {
            "location": location,
            "name": bound.key,
            "printed": bound.printed + scale,
            "rule": rule.name,
            "computed": computed,
        }
    )
    if not page.enabled:
        return computed
    if judgement.verdict == rules.DIFFERS:
        gives = f"{judgement.expected}{scale}"
        message = f"{shown}, computed {computed!r}; rule {rule.name!r} gives {gives}"
        page.problem_at(location, message)
    elif judgement.verdict == rules.COLLAPSES:
        message = (
            f"{shown}: {bound.printed} keeps no significant digit of {computed!r}; "
            "print more decimals"
        )
        page.problem_at(location, message)
    elif judgement.verdict == rules.NEEDLESS:
        message = (
            f"{shown} declares rule {rule.name!r}, but {bound.printed} is also the "
            f"correctly rounded value of {computed!r}; remove the declaration"
        )
        page.problem_at(location, message)
    elif judgement.verdict == rules.DEVIATES:
        page.deviations.append(
            Deviation(
                page.docname,
                location,
                bound.key,
                bound.printed,
                rule.name,
                computed,
                str(judgement.correct),
            )
        )
    return computed


# -- formulas -----------------------------------------------------------------------------


def formula(page: Page, node: nodes.math | nodes.math_block) -> None:
    """Judge a formula, then rewrite its markup into what readers see."""
    tex = node.astext()
    if markup.is_definitions(tex):
        _remove(node)
        return
    for fragment in markup.malformed(tex):
        page.problem(fragment, node, f"malformed number markup '{fragment}'")
        tex = markup.neutralise_malformed(tex)
    for number in markup.unbound_numbers_in_math(tex):
        page.problem(
            number,
            node,
            f"unbound number {number!r} in math: bind it with "
            r"\num{name}{...}, mark it \lit{...}, or mark the equation % bp: symbolic",
        )
    exemptions(page, tex, node)
    if page.enabled:
        equations(page, tex, node)
    _rewrite(page, markup.without_directives(tex), node)


def _rewrite(page: Page, tex: str, node: nodes.math | nodes.math_block) -> None:
    found = markup.bindings(tex)
    lone_literal = markup.EXEMPT.fullmatch(tex.strip())
    if lone_literal and isinstance(node, nodes.math):
        # Like a lone \num, a lone \lit is a number in the sentence: prose type.
        node.replace_self(nodes.Text(lone_literal["printed"]))
        return
    if not found:
        node.replace(node[0], nodes.Text(markup.EXEMPT.sub(r"\g<printed>", tex)))
        return
    first_deviation = len(page.deviations)
    if markup.BOUND.fullmatch(tex.strip()) and isinstance(node, nodes.math):
        binding = found[0]
        following = node.next_node(descend=False, siblings=True)
        power = markup.scale_in_prose(following.astext()) if following is not None else 0
        computed = judge_binding(page, binding, node, power)
        number = bound_number(
            printed=binding.printed,
            key=binding.key,
            exact=_exact(computed),
            rule=binding.rule_name,
        )
        node.replace_self(number)
        _note_deviations(page, number, first_deviation)
        return
    details = []

    def rewrite(match) -> str:
        binding = markup.Binding.of(match)
        computed = judge_binding(page, binding, node, markup.scale_after(tex, match.end()))
        details.append(
            _("{printed} = {exact} ({rule})").format(
                printed=binding.printed,
                exact="?" if computed is None else readable(computed),
                rule=rules.describe(binding.rule_name),
            )
        )
        data = bound_data(binding.key, _exact(computed), binding.rule_name)
        fields = ", ".join(f"{key}={value}" for key, value in data)
        return rf"\htmlData{{{fields}}}{{{binding.printed}}}"

    rewritten = markup.BOUND.sub(rewrite, tex)
    rewritten = markup.EXEMPT.sub(r"\g<printed>", rewritten)
    node.replace(node[0], nodes.Text(rewritten))
    node[DESCRIBE] = _("computed: {details}").format(details=_("; ").join(details))
    node["classes"].append("bp-bound")
    _note_deviations(page, node, first_deviation)


def exemptions(page: Page, tex: str, node: nodes.math | nodes.math_block) -> None:
    r"""Record each ``\lit`` and symbolic formula; a ``\lit`` must not be a computed value.

    A non-integer ``\lit`` equal to a value the page published is that value written
    as a constant: it has to be bound. (Integers such as the 1 of ``X+1`` are
    constants of formulas and may coincide with a published value.)
    """
    for match in markup.EXEMPT.finditer(tex):
        printed = match["printed"]
        location = page.where(match.group(0), node)
        page.record.exempt.append(
            {"location": location, "text": printed, "reason": "not computed (\\lit)"}
        )
        if "." not in printed:
            continue
        same = sorted(k for k, v in page.numeric.items() if _equal(printed, v))
        if same:
            page.problem_at(
                location,
                f"\\lit{{{printed}}} is the published value {same[0]!r}: bind it "
                f"with \\num{{{same[0]}}}{{{printed}}}",
            )
    if markup.SYMBOLIC.search(tex):
        page.record.exempt.append(
            {
                "location": page.where("% bp: symbolic", node),
                "text": tex.strip()[:60],
                "reason": "whole numbers are formula constants (% bp: symbolic)",
            }
        )


def equations(page: Page, tex: str, node: nodes.math | nodes.math_block) -> None:
    """Every relation in the formula must hold with the printed numbers (relations.py)."""
    lines = tex.splitlines() or [""]
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    location = page.where(lines[first][:30], node)
    for relation in relations.check_formula(tex, page.symbols, page.numeric):
        where = _relation_line(location, lines, first, relation)
        page.record.relations.append({"location": where, **asdict(relation)})
        if relation.verdict == "fails":
            page.problem_at(where, relation.message)


def _relation_line(location: str, lines: list[str], first: int, relation) -> str:
    """The line of a display formula where the relation is written (found by its left side
    as the source writes it), else the formula's first line."""
    path, _, line = location.rpartition(":")
    left = relation.text.partition(f" {relation.operator} ")[0].strip()[:20]
    found = next((i for i in range(first, len(lines)) if left and left in lines[i]), first)
    return f"{path}:{int(line) + found - first}" if line.isdigit() else location


def _note_deviations(page: Page, node: nodes.Node, first: int) -> None:
    """Put a visible note with the exact values after the block holding deviations."""
    new = page.deviations[first:]
    if not new:
        return
    block = node
    while not isinstance(block, (nodes.paragraph, nodes.math_block)) and block.parent:
        block = block.parent
    anchor = f"bp-deviation-{len(page.deviations)}"
    for deviation in new:
        deviation.anchor = anchor
    note = deviation_note(ids=[anchor])
    note += nodes.paragraph("", errata.note_text(new))
    block.parent.insert(block.parent.index(block) + 1, note)


# -- prose --------------------------------------------------------------------------------

# Where a number is what readers see, yet not running text: each is audited like prose.
UNBOUND_IN = {
    "prose": r"bind it with $\num{name}{...}$ or mark it $\lit{...}$",
    "a title": r"bind it with $\num{name}{...}$ or mark it $\lit{...}$",
    "an image's alt text": "write the number in the caption or the text, where it is checked",
    "raw HTML": "write it in Markdown, where the check can bind it",
    "an abbreviation's explanation": "write the number in the text, where it is checked",
}


def _unbound(page: Page, where: str, text: str, node: nodes.Node) -> None:
    for number in markup.unbound_numbers_in_prose(text, page.wording.prose_reference):
        page.problem(number, node, f"unbound number {number!r} in {where}: {UNBOUND_IN[where]}")


def prose(page: Page, node: nodes.Text) -> None:
    """Running text, titles of pages, sections and admonitions, captions, on every page.

    A title's own section or exercise number ("1.3.4 计算图", "习题 2") is structure
    (structure.py checks it). API documentation is exempt as a whole (``api_docs``).
    """
    if any(isinstance(a, NOT_PROSE) for a in ancestors(node)) or docstring(node):
        return
    title = next((a for a in ancestors(node) if isinstance(a, nodes.title)), None)
    text = node.astext()
    if title is None:
        _unbound(page, "prose", text, node.parent)
        _names(page, text, node)
        return
    if isinstance(title.parent, nodes.section) and title.children and title[0] is node:
        for own_number in (structure.HEADING_NUMBER, page.wording.exercise):
            match = own_number.match(text)  # only at the start: "习题 4：2 个起点" keeps 2
            text = text[match.end() :] if match else text
    _unbound(page, "a title", text, title)
    _names(page, text, title)


def _names(page: Page, text: str, node: nodes.Node) -> None:
    """Record the sections, equations and figures that running text names (checked once all
    pages are read, references.unknown). A link's own text is checked against its target."""
    if any(isinstance(a, pending_xref) for a in ancestors(node)):
        return
    for written, kind, number in page.wording.named(text):
        page.record.named.append((page.where(written, node), written, kind, number))


def attributes(page: Page, drawn: bool) -> None:
    """What readers see or hear that is not text: alt text, raw HTML, abbreviations.

    The alt text of a figure whose numbers the page published is checked by ``figure``.
    """
    for image in page.doctree.findall(nodes.image):
        in_drawn_figure = drawn and isinstance(image.parent, nodes.figure)
        if image.get("alt") and not in_drawn_figure and not in_cell(image):
            _unbound(page, "an image's alt text", image["alt"], image)
    for raw in page.doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split() and (not in_cell(raw) or _html_output(raw)):
            _unbound(page, "raw HTML", visible_html(raw.astext()), raw)
    for abbreviation in page.doctree.findall(nodes.abbreviation):
        if abbreviation.get("explanation"):
            _unbound(
                page, "an abbreviation's explanation", abbreviation["explanation"], abbreviation
            )


def _html_output(raw: nodes.raw) -> bool:
    """A cell's HTML output (not a widget's script): readers see its text."""
    return "<script" not in raw.astext() and any(
        isinstance(a, nodes.container) and "cell_output" in a.get("classes", [])
        for a in ancestors(raw)
    )


def printouts(page: Page) -> None:
    """A cell's plain-text output is the computation printing its own values, shown as code
    beside the code that printed them; its numbers are not compared, and the report says so,
    with how many there are (rendered Markdown, HTML and LaTeX outputs are checked as text)."""
    count = 0
    for output in page.doctree.findall(nodes.container):
        if "cell_output" in output.get("classes", []):
            for block in output.findall(nodes.literal_block):
                count += len(markup.NUMBER.findall(block.astext()))
    if count:
        page.record.exempt.append(
            {
                "location": page.relpath,
                "text": f"{count}",
                "reason": f"cells' plain-text printouts, the computation's own output ({count})",
            }
        )


DOCSTRING = ":docstring of "  # how autodoc names the source of what it inserts


def docstring(node: nodes.Node) -> str | None:
    """The docstring a node comes from ("pkg/mod.py:docstring of pkg.mod.Thing"), if any."""
    for candidate in (node, *ancestors(node)):
        source = getattr(candidate, "source", None)
        if source:
            return source if DOCSTRING in source else None
    return None


def api_docs(page: Page) -> None:
    """Docstrings shown by autodoc: their numbers describe code (defaults, types, shapes),
    and no cell of the page computes them. Each docstring that has numbers is recorded as
    one exemption with that reason, so the report shows what was not checked."""
    counts: dict[str, int] = {}
    for node in page.doctree.findall(nodes.Text):
        source = docstring(node)
        if source is not None and not in_cell(node):
            found = markup.unbound_numbers_in_prose(node.astext(), page.wording.prose_reference)
            counts[source] = counts.get(source, 0) + len(found)
    for source, count in counts.items():
        if count:
            page.record.exempt.append(
                {
                    "location": source.rsplit("/", 1)[-1],
                    "text": source.split(DOCSTRING, 1)[1],
                    "reason": f"API documentation: numbers that describe code ({count})",
                }
            )


class _Visible(HTMLParser):
    """The text of an HTML fragment that a reader sees or hears (not tags, scripts, styles)."""

    SPOKEN = ("alt", "title", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_html(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


# -- the figure ---------------------------------------------------------------------------


def figure(page: Page) -> bool:
    """Every number a figure drew (published as ``drawn__<name>``) agrees with ``name``.

    A page publishes the labels its figure drew; each must be the published value it shows,
    correctly rounded at the digits drawn. Problems are located at the code cell that draws
    the figure: the first whose code contains ``numbercheck_drawing_code`` (by default
    ``drawn__``, the cell that publishes the labels). A page with more figures publishes
    each one's as ``drawn__<figure name>__<name>``, checked against the file of the figure
    of that name. Returns whether the page drew any.
    """
    groups: dict[str | None, dict[str, str]] = {}
    for k, v in page.values.items():
        if k.startswith(DRAWN):
            figure_name, _, name = k[len(DRAWN) :].rpartition(FIGURE_SEPARATOR)
            groups.setdefault(figure_name or None, {})[name] = v.strip().strip("'\"")
    if not groups:
        return False
    for figure_name, drawn in groups.items():
        if figure_name is None:
            cell = _drawing_cell(page.doctree, page.drawing_code)
            location = page.where(page.drawing_code, cell)
            _figure_text(page, set(drawn.values()), location)
        else:
            cell = _named_figure(page.doctree, figure_name)
            if cell is None:
                page.problem_at(
                    page.where("", page.doctree),
                    f"the page publishes labels drawn in figure {figure_name!r}, "
                    "which no cell of the page draws",
                )
                continue
            location = page.where(f"name: {figure_name}", cell)
        _as_drawn(page, cell, list(drawn.values()), location)
        _bound_labels(page, drawn, location)
    return True


def _bound_labels(page: Page, drawn: dict[str, str], location: str) -> None:
    for name, printed in drawn.items():
        if name.startswith(CONSTANT):  # a constant of the graph, like \lit: no value
            continue
        shown = f"the figure draws {printed!r} for {name!r}"
        if name not in page.numeric:
            page.problem_at(location, f"{shown}, a value the page did not publish")
            continue
        computed = page.numeric[name]
        try:
            judgement = rules.judge(printed, computed)
        except rules.MalformedLiteralError as error:
            page.problem_at(location, f"{shown}: {error}")
            continue
        page.record.bound.append(
            {
                "location": location,
                "name": name,
                "printed": printed,
                "rule": "figure",
                "computed": computed,
            }
        )
        if page.enabled and not judgement.matches:
            message = f"{shown}, computed {computed!r}; rounded it is {judgement.correct}"
            page.problem_at(location, message)


def _named_figure(doctree: nodes.document, name: str) -> nodes.Node | None:
    """The figure called ``name`` (a code cell's ``mystnb: figure: name:``), if drawn."""
    for node in doctree.findall(nodes.figure):
        if name in node.get("ids", []) or name in node.get("names", []):
            return node
    return None


def _as_drawn(page: Page, cell: nodes.Node, reported: list[str], location: str) -> None:
    """What the SVG file shows is what the page reports drawn: no number more, none fewer."""
    container = (
        cell
        if isinstance(cell, nodes.figure)
        else next(
            (
                a
                for a in ancestors(cell)
                if isinstance(a, nodes.container) and "cell" in a["classes"]
            ),
            None,
        )
    )
    images = list(container.findall(nodes.image)) if container is not None else []
    files = [Path(page.env.srcdir, image["uri"]) for image in images]
    files = [path for path in files if path.suffix == ".svg" and path.is_file()]
    if not files:
        page.problem_at(location, "the figure's SVG file was not found: its text cannot be read")
        return
    for path in files:
        extra, missing = svg.differences(path, reported)
        if extra:
            page.problem_at(
                location,
                f"the figure shows {', '.join(extra)}, which the page does not report as "
                "drawn (publish every label the figure draws as drawn__<name>)",
            )
        if missing:
            page.problem_at(
                location,
                f"the page reports {', '.join(missing)} as drawn, but the figure's SVG "
                "does not show it",
            )


def _drawing_cell(doctree: nodes.document, code: str) -> nodes.Node:
    """The code that draws the figure (the page itself if no code does, line unknown)."""
    for block in doctree.findall(nodes.literal_block):
        if code in block.astext() and in_cell(block):
            return block
    return doctree


def _figure_text(page: Page, drawn: set[str], location: str) -> None:
    """The numbers of a figure's caption and alt text are numbers the figure drew."""
    for node in page.doctree.findall(nodes.figure):
        texts = [image["alt"] for image in node.findall(nodes.image) if image.get("alt")]
        texts += [caption.astext() for caption in node.findall(nodes.caption)]
        for text in texts:
            for number in markup.unbound_numbers_in_prose(text, page.wording.prose_reference):
                if number not in drawn:
                    page.problem_at(
                        location,
                        f"the figure's caption or alt text says {number!r}, a number "
                        f"the figure did not draw (drawn: {', '.join(sorted(drawn))})",
                    )


# -- structure ----------------------------------------------------------------------------


def numbering(page: Page, math_blocks: list[nodes.math_block]) -> None:
    """Section, exercise and equation numbers are checked as structure (structure.py)."""
    for title, message in structure.headings(page.doctree):
        page.problem(title.astext().split()[0], title, message)
    for block, message in structure.tags(page.doctree, math_blocks):
        page.problem(r"\tag{", block, message)
    for title, message in structure.exercises(page.doctree, page.wording.exercise):
        page.problem(title.astext().split("：")[0].split(":")[0], title, message)
    for caption, message in structure.figures(page.doctree, page.wording.caption):
        page.problem(caption.astext().split()[0], caption, message)


def links(page: Page) -> None:
    """Record what the page numbers and the links naming one (checked once all are read)."""
    page.record.targets = references.targets(page.doctree, page.wording)
    page.record.numbered = references.numbered(page.doctree, page.wording)
    number = structure.page_number(page.doctree)
    if number is not None:
        title = next(iter(page.doctree.findall(nodes.title)))
        page.record.number = (page.where(title.astext().split()[0], title), number)
    page.record.mentions = [
        (page.where(mention[0], link), *mention)
        for link, mention in references.mentions(page.doctree, page.wording)
    ]


def _remove(node: nodes.Node) -> None:
    parent = node.parent
    parent.remove(node)
    if isinstance(parent, nodes.paragraph) and not parent.astext().strip():
        parent.parent.remove(parent)


def _equal(printed: str, value: float) -> bool:
    try:
        return float(printed) == value
    except ValueError:
        return False


def _exact(computed: float | None) -> str:
    return "?" if computed is None else repr(computed)
