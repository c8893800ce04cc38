r"""The check itself: every bound number against its computed value, and the unbound audit.

Runs on each page as it is read. It compares, rewrites the markup into what readers see,
and records problems and declared deviations in the environment. When the build ends,
``report`` prints the numbered list of problems, last, without a traceback, removes the
HTML of every page that has one (so no wrong number is left to be served) and makes the
exit status non-zero. A page with problems is read again on every build
(``pages_with_problems``), so its problems cannot vanish on a second build.
"""

from __future__ import annotations

import math
import os
import sys
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docutils import nodes
from math_contract import DESCRIBE, HTML_DATA_KEYS
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util.console import bold, red

from . import language, markup, references, relations, rules, structure
from .computed import UnreadableValueError, as_float, published_values, why_none_published
from .language import _
from .nodes import bound_number, deviation_note, erratum
from .report import PageRecord

# Text inside these is code, structure or cross-reference, never a quantity to audit.
_NOT_PROSE = (
    nodes.literal,
    nodes.literal_block,
    nodes.raw,
    nodes.comment,
    nodes.reference,
    nodes.target,
    nodes.title,
    nodes.system_message,
    nodes.substitution_definition,
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.label,
    erratum,
)


DRAWN = "drawn__"  # the prefix under which a page publishes the numbers its figure drew
CONSTANT = "constant_"  # drawn__constant_<node>: an operator's constant (the 1 of X+1)
CHECK_OFF = (
    "WARNING: numbercheck_enabled is false. Printed numbers, equations and the figure were "
    "NOT compared with the computation; do not publish this build."
)
FAILURE_TITLE = "Printed numbers or equations disagree with the computation"


@dataclass(frozen=True)
class Problem:
    location: str  # path:line
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Deviation:
    """A number the source declares printed by a rule other than correct rounding."""

    docname: str
    location: str
    key: str
    printed: str
    rule: str
    exact: float
    correct: str
    anchor: str = ""  # the id of the visible note, set once the note is placed


@dataclass
class SourceLines:
    """Finds the line of each markup fragment: each occurrence in the source is used once.

    A fragment repeated on one line reports that line for each repeat; the search starts
    at the node's own line where docutils knows it.
    """

    path: Path
    lines: list[str] = field(init=False)
    used: dict[str, set[tuple[int, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            self.lines = self.path.read_text(encoding="utf8").splitlines()
        except OSError:
            self.lines = []

    def locate(self, fragment: str, hint: int | None = None) -> int | None:
        used = self.used.setdefault(fragment, set())
        for index in range(max((hint or 1) - 1, 0), len(self.lines)):
            for occurrence in range(self.lines[index].count(fragment)):
                if (index, occurrence) not in used:
                    used.add((index, occurrence))
                    return index + 1
        return hint


class PageCheck:
    """Checks one page; holds what it found until the page is done."""

    def __init__(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        self.env = env
        self.docname = env.docname
        self.enabled = app.config.numbercheck_enabled
        self.path = Path(env.doc2path(env.docname))
        self.relpath = self.path.relative_to(Path(app.srcdir)).as_posix()
        self.source = SourceLines(self.path)
        self.values = published_values(env, env.docname)
        self.problems: list[Problem] = []
        self.deviations: list[Deviation] = []
        self.doctree = doctree
        self.audited = _is_notebook(env, env.docname)
        self.symbols = relations.page_symbols(env.metadata.get(env.docname, {}))
        self.numeric = _numeric(self.values)
        self.record = PageRecord()
        self.wording = language.wording(app.config.language)

    def where(self, fragment: str, node: nodes.Node) -> str:
        line = self.source.locate(fragment, _line_of(node))
        return f"{self.relpath}:{line or '?'}"

    def problem(self, fragment: str, node: nodes.Node, message: str) -> None:
        self.problems.append(Problem(self.where(fragment, node), message))

    # -- the comparison -------------------------------------------------------------------

    def verify(self, binding: markup.Binding, node: nodes.Node) -> float | None:
        """Check one binding; return its computed value (None if there is none to show)."""
        location = self.where(binding.markup, node)
        rule = rules.RULES.get(binding.rule or "round")
        shown = f"printed {binding.printed!r} for {binding.key!r}"
        if rule is None:
            known = ", ".join(rules.RULES)
            self.problems.append(
                Problem(location, f"{shown}: unknown rule {binding.rule!r} (rules: {known})")
            )
            return None
        try:
            rules.decimals(binding.printed)
        except rules.MalformedLiteralError as error:
            self.problems.append(Problem(location, f"malformed number markup: {error}"))
            return None
        if binding.key not in self.values:
            known = ", ".join(sorted(self.values)) or why_none_published(self.env, self.docname)
            self.problems.append(
                Problem(location, f"{shown}: unknown name {binding.key!r} (glued here: {known})")
            )
            return None
        try:
            computed = as_float(self.values[binding.key])
        except UnreadableValueError as error:
            self.problems.append(Problem(location, f"{shown}: {error}"))
            return None
        if not math.isfinite(computed):
            self.problems.append(
                Problem(location, f"{shown}: the published value is {computed!r}, not a number")
            )
            return None
        self.record.bound.append(
            {
                "location": location,
                "name": binding.key,
                "printed": binding.printed,
                "rule": rule.name,
                "computed": computed,
            }
        )
        if not self.enabled:
            return computed
        correct = rules.correctly_rounded(binding.printed, computed)
        if not rules.agrees(binding.printed, computed, rule):
            expected = rules.rounded(computed, rules.decimals(binding.printed), rule)
            self.problems.append(
                Problem(
                    location,
                    f"{shown}, computed {computed!r}; rule {rule.name!r} gives {expected}",
                )
            )
        elif rules.collapses(binding.printed, computed):
            self.problems.append(
                Problem(
                    location,
                    f"{shown}: {binding.printed} keeps no significant digit of {computed!r}; "
                    f"print more decimals",
                )
            )
        elif rule is not rules.DEFAULT_RULE and correct == binding.printed:
            self.problems.append(
                Problem(
                    location,
                    f"{shown} declares rule {rule.name!r}, but {binding.printed} is also the "
                    f"correctly rounded value of {computed!r}; remove the declaration",
                )
            )
        elif rule is not rules.DEFAULT_RULE:
            self.deviations.append(
                Deviation(
                    self.docname,
                    location,
                    binding.key,
                    binding.printed,
                    rule.name,
                    computed,
                    correct,
                )
            )
        return computed

    # -- math -----------------------------------------------------------------------------

    def check_math(self, node: nodes.math | nodes.math_block) -> None:
        tex = node.astext()
        if markup.is_definitions(tex):
            _remove(node)
            return
        for fragment in markup.malformed(tex):
            self.problem(fragment, node, f"malformed number markup '{fragment}'")
            tex = markup.neutralise_malformed(tex)
        if self.audited:
            for number in markup.unbound_numbers_in_math(tex):
                self.problem(
                    number,
                    node,
                    f"unbound number {number!r} in math: bind it with "
                    r"\num{name}{...}, mark it \lit{...}, or mark the equation % bp: symbolic",
                )
        self.check_exemptions(tex, node)
        if self.enabled:
            self.check_relations(tex, node)
        tex = markup.without_directives(tex)
        found = markup.bindings(tex)
        lone_literal = markup.EXEMPT.fullmatch(tex.strip())
        if lone_literal and isinstance(node, nodes.math):
            # Like a lone \num, a lone \lit is a number in the sentence: prose type.
            node.replace_self(nodes.Text(lone_literal["printed"]))
            return
        if not found:
            node.replace(node[0], nodes.Text(markup.EXEMPT.sub(r"\g<printed>", tex)))
            return
        first_deviation = len(self.deviations)
        details = []
        lone = markup.BOUND.fullmatch(tex.strip()) and isinstance(node, nodes.math)
        if lone:
            binding = found[0]
            computed = self.verify(binding, node)
            number = bound_number(
                printed=binding.printed,
                key=binding.key,
                exact=_exact(computed),
                rule=binding.rule or "round",
            )
            node.replace_self(number)
            self._note_deviations(number, first_deviation)
            return

        def rewrite(match) -> str:
            binding = markup.Binding(match["key"], match["rule"], match["printed"], match.group(0))
            computed = self.verify(binding, node)
            rule = binding.rule or "round"
            details.append(
                _("{printed} = {exact} ({rule})").format(
                    printed=binding.printed, exact=_exact(computed), rule=rules.describe(rule)
                )
            )
            data = zip(HTML_DATA_KEYS, (binding.key, _exact(computed), rule), strict=True)
            fields = ", ".join(f"{key}={value}" for key, value in data)
            return rf"\htmlData{{{fields}}}{{{binding.printed}}}"

        rewritten = markup.BOUND.sub(rewrite, tex)
        rewritten = markup.EXEMPT.sub(r"\g<printed>", rewritten)
        node.replace(node[0], nodes.Text(rewritten))
        node[DESCRIBE] = _("computed: {details}").format(details=_("; ").join(details))
        node["classes"].append("bp-bound")
        self._note_deviations(node, first_deviation)

    def check_exemptions(self, tex: str, node: nodes.math | nodes.math_block) -> None:
        r"""Record each ``\lit`` and symbolic formula; a ``\lit`` must not be a computed value.

        A non-integer ``\lit`` equal to a value the page published is that value written
        as a constant: it has to be bound. (Integers such as the 1 of ``X+1`` are
        constants of formulas and may coincide with a published value.)
        """
        for match in markup.EXEMPT.finditer(tex):
            printed = match["printed"]
            location = self.where(match.group(0), node)
            self.record.exempt.append(
                {"location": location, "text": printed, "reason": "not computed (\\lit)"}
            )
            if "." not in printed:
                continue
            same = sorted(k for k, v in self.numeric.items() if _equal(printed, v))
            if same:
                self.problems.append(
                    Problem(
                        location,
                        f"\\lit{{{printed}}} is the published value {same[0]!r}: bind it "
                        f"with \\num{{{same[0]}}}{{{printed}}}",
                    )
                )
        if markup.SYMBOLIC.search(tex):
            self.record.exempt.append(
                {
                    "location": self.where("% bp: symbolic", node),
                    "text": tex.strip()[:60],
                    "reason": "whole numbers are formula constants (% bp: symbolic)",
                }
            )

    def check_relations(self, tex: str, node: nodes.math | nodes.math_block) -> None:
        """Every relation in the formula must hold with the printed numbers (relations.py)."""
        first_line = next((line for line in tex.splitlines() if line.strip()), "")[:30]
        location = self.where(first_line, node)
        for relation in relations.check_formula(tex, self.symbols, self.numeric):
            self.record.relations.append({"location": location, **asdict(relation)})
            if relation.verdict == "fails":
                self.problems.append(Problem(location, relation.message))

    def _note_deviations(self, node: nodes.Node, first: int) -> None:
        """Put a visible note with the exact values after the block holding deviations."""
        new = self.deviations[first:]
        if not new:
            return
        block = node
        while not isinstance(block, (nodes.paragraph, nodes.math_block)) and block.parent:
            block = block.parent
        anchor = f"bp-deviation-{len(self.deviations)}"
        for deviation in new:
            deviation.anchor = anchor
        sentences, seen = [], set()
        for d in new:
            if (d.key, d.printed, d.rule) in seen:  # the same number printed twice in a block
                continue
            seen.add((d.key, d.printed, d.rule))
            sentences.append(
                _(
                    "The original prints {printed} ({rule}); the computed value is {exact}, "
                    "correctly rounded {correct}. "
                ).format(
                    printed=d.printed,
                    rule=rules.RULES[d.rule].label,
                    exact=repr(d.exact),
                    correct=d.correct,
                )
            )
        note = deviation_note(ids=[anchor])
        note += nodes.paragraph("", (_("Note: ") + "".join(sentences)).rstrip())
        block.parent.insert(block.parent.index(block) + 1, note)

    # -- prose ----------------------------------------------------------------------------

    def check_text(self, node: nodes.Text) -> None:
        if not self.audited or any(isinstance(a, _NOT_PROSE) for a in _ancestors(node)):
            return
        for number in markup.unbound_numbers_in_prose(node.astext(), self.wording.prose_reference):
            self.problem(
                number,
                node.parent,
                f"unbound number {number!r} in prose: bind it with "
                r"$\num{name}{...}$ or mark it $\lit{...}$",
            )

    # -- figures --------------------------------------------------------------------------

    def check_figures(self) -> None:
        """Every number a figure drew (published as ``drawn__<name>``) agrees with ``name``.

        A page publishes the labels its figure drew (``bp.draw`` returns them); each must be
        the published value it shows, correctly rounded at the digits drawn.
        """
        drawn = {
            k[len(DRAWN) :]: v.strip().strip("'\"")
            for k, v in self.values.items()
            if k.startswith(DRAWN)
        }
        location = self.where("bp.draw(", self.doctree) if drawn else ""
        if drawn:
            self.check_figure_text(set(drawn.values()), location)
        for name, printed in drawn.items():
            if name.startswith(CONSTANT):  # a constant of the graph, like \lit: no value
                continue
            shown = f"the figure draws {printed!r} for {name!r}"
            if name not in self.numeric:
                self.problems.append(
                    Problem(location, f"{shown}, a value the page did not publish")
                )
                continue
            computed = self.numeric[name]
            try:
                agrees = rules.agrees(printed, computed)
            except rules.MalformedLiteralError as error:
                self.problems.append(Problem(location, f"{shown}: {error}"))
                continue
            self.record.bound.append(
                {
                    "location": location,
                    "name": name,
                    "printed": printed,
                    "rule": "figure",
                    "computed": computed,
                }
            )
            if self.enabled and not agrees:
                expected = rules.correctly_rounded(printed, computed)
                self.problems.append(
                    Problem(location, f"{shown}, computed {computed!r}; rounded it is {expected}")
                )

    def check_figure_text(self, drawn: set[str], location: str) -> None:
        """The numbers of a figure's caption and alt text are numbers the figure drew."""
        for figure in self.doctree.findall(nodes.figure):
            texts = [image["alt"] for image in figure.findall(nodes.image) if image.get("alt")]
            texts += [caption.astext() for caption in figure.findall(nodes.caption)]
            for text in texts:
                for number in markup.unbound_numbers_in_prose(text, self.wording.prose_reference):
                    if number not in drawn:
                        self.problems.append(
                            Problem(
                                location,
                                f"the figure's caption or alt text says {number!r}, a number "
                                f"the figure did not draw (drawn: {', '.join(sorted(drawn))})",
                            )
                        )

    def run(self) -> None:
        targets = list(self.doctree.findall(_math_or_text))
        for node in targets:
            if isinstance(node, (nodes.math, nodes.math_block)):
                self.check_math(node)
            elif not isinstance(node.parent, (nodes.math, nodes.math_block)):
                self.check_text(node)
        self.check_figures()
        if self.enabled:
            self.check_structure([n for n in targets if isinstance(n, nodes.math_block)])
        self.record.targets = references.targets(self.doctree, self.wording)
        self.record.mentions = [
            (self.where(mention[0], self.doctree), *mention)
            for mention in references.mentions(self.doctree, self.wording)
        ]

    def check_structure(self, math_blocks: list[nodes.math_block]) -> None:
        """Section numbers and equation tags are checked as structure (structure.py)."""
        for title, message in structure.headings(self.doctree):
            self.problem(title.astext().split()[0], title, message)
        for block, message in structure.tags(self.doctree, math_blocks):
            self.problem(r"\tag{", block, message)


def _math_or_text(node: nodes.Node) -> bool:
    if isinstance(node, (nodes.math, nodes.math_block)):
        return not _in_cell(node)
    return isinstance(node, nodes.Text) and not _in_cell(node)


def _in_cell(node: nodes.Node) -> bool:
    """Code cells and their outputs are computation, not printed prose."""
    return any(
        isinstance(a, nodes.container) and "cell" in a.get("classes", []) for a in _ancestors(node)
    )


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _line_of(node: nodes.Node) -> int | None:
    for candidate in (node, *_ancestors(node)):
        line = getattr(candidate, "line", None)
        if line:
            return line
    return None


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


def _numeric(values: dict[str, str]) -> dict[str, float]:
    """The published values that are finite numbers (the others are reported where bound)."""
    numeric = {}
    for name, text in values.items():
        with suppress(UnreadableValueError):
            value = as_float(text)
            if math.isfinite(value):
                numeric[name] = value
    return numeric


def _exact(computed: float | None) -> str:
    return "?" if computed is None else repr(computed)


def _is_notebook(env: BuildEnvironment, docname: str) -> bool:
    return "kernelspec" in env.metadata.get(docname, {})


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    page = PageCheck(app, doctree)
    page.run()
    env = app.env
    env.numbercheck_problems[page.docname] = page.problems
    env.numbercheck_deviations[page.docname] = page.deviations
    page.record.problems = len(page.problems)
    page.record.values = {name: page.numeric.get(name, text) for name, text in page.values.items()}
    env.numbercheck_records[page.docname] = page.record


def refuse_check_off_in_ci(app: Sphinx, config) -> None:
    """CI never builds a book whose check is off (the benchmark's "check off" runs locally)."""
    if not config.numbercheck_enabled and os.environ.get("CI"):
        raise ConfigError("numbercheck_enabled is false: CI refuses to build an unchecked book")


def check_references(app: Sphinx, env: BuildEnvironment) -> None:
    """Once every page is read: each link naming an equation or figure names its target."""
    labels = {
        label: tuple(named)
        for record in env.numbercheck_records.values()
        for label, named in record.targets.items()
    }
    env.numbercheck_link_problems = {}
    if not app.config.numbercheck_enabled:
        return
    wording = language.wording(app.config.language)
    for docname, record in env.numbercheck_records.items():
        for location, *mention in record.mentions:
            message = references.problem(tuple(mention), labels, wording)
            if message:
                env.numbercheck_link_problems.setdefault(docname, []).append(
                    Problem(location, message)
                )


def all_problems(env: BuildEnvironment) -> dict[str, list[Problem]]:
    """A page's own problems, then those found once all pages were read (links, editions)."""
    found = {d: list(p) for d, p in env.numbercheck_problems.items() if p}
    for later in ("numbercheck_link_problems", "numbercheck_edition_problems"):
        for docname, problems in getattr(env, later, {}).items():
            found.setdefault(docname, []).extend(problems)
    return found


def pages_with_problems(
    app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set
) -> list[str]:
    """Read every page that had a problem again, so that its problems are reported again."""
    return sorted(all_problems(env))


def report(app: Sphinx, exception: Exception | None) -> None:
    """At the end of the build: list every problem, remove the pages that have one, fail."""
    env = app.env
    if not app.config.numbercheck_enabled:
        sys.stderr.write("\n" + bold(red(CHECK_OFF)) + "\n")
    if exception is not None or env is None or not hasattr(env, "numbercheck_problems"):
        return
    found = all_problems(env)
    problems = [(docname, str(problem)) for docname in sorted(found) for problem in found[docname]]
    if not problems:
        return
    for docname in {page for page, _text in problems}:
        with suppress(AttributeError):  # a builder without HTML pages
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
    lines = [bold(red(f"{FAILURE_TITLE}: {len(problems)} problem(s)"))]
    lines += [f"  {n}. {text}" for n, (_, text) in enumerate(problems, 1)]
    lines.append("  The pages with problems were not written.")
    sys.stderr.write("\n" + "\n".join(lines) + "\n")
    app.statuscode = 1
