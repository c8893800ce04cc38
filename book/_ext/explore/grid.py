"""An explorable page's values on a grid of its inputs, computed by its own cells, and checked.

A page opts in with front matter such as::

    explore:
      inputs:                  # names the cells assign once, at the top level of a cell
        X_given: {shows: X, from: 0.5, to: 4, step: 0.05}
        target: {shows: target, symbol: Y, values: [0.3, 0.4, 0.5, 0.6, 0.7]}
      places: {X: 2, A: 2, B: 4}   # decimals for values printed exactly at the book's inputs

``symbol`` is what an input's value is called ("Y = 0.5"); its slider's name is in the page's
language, in the text: ``% explore: label target, 目标 Y`` (the two editions' front matter is
one and the same); both default to ``shows``. A range
(``from``/``to``) ends somewhere for a reason the page gives (``% explore: range ends``); a
list of ``values`` is a set of cases.

For every grid point the page's code cells run again, in this process, in one namespace, with
each input's assignment replaced by the point's value (``ast``): the numbers come from ``bp``,
exactly as the executed notebook computed the book's. ``publish`` glues through myst-nb; here
``myst_nb.glue`` is replaced by a collector while the cells run, so ``book/publish.py`` is used
unchanged.

Then, at every point, the page is checked as numbercheck checks the static page:

- each bound literal ``\\num{key|rule}{printed}`` is printed by its rule from the exact value,
  at the literal's decimals (or ``places``, trailing zeros dropped), and judged by
  ``numbercheck.rules.judge`` (a 0 printed for a value that is not zero fails);
- every formula, its literals replaced by the point's, goes through
  ``numbercheck.relations.check_formula`` with the point's values: a relation that fails fails
  (a formula that reads exactly as at an earlier point keeps that point's verdicts: formulas.py);
- every claim ``% bp: claim "words": predicate`` whose words the text shows at that point needs
  its predicate ``True`` there;
- a wording that depends on the inputs is written ``% explore: words "A" | "B": predicate``
  after its paragraph: the text shows A where the predicate holds, B where not, and at the
  book's inputs it must show what the page prints; with more cases, one predicate fewer than
  wordings, ``"A" | "B" | "C": p, q``: A where p holds, else B where q holds, else C. What
  another wording asserts is a claim of its own, ``% explore: claim "words of B": predicate``,
  checked where B is shown (numbercheck never sees it: the static page does not show B);
- a cell that raises (a value out of its domain: ``bp.DomainError``) fails the point.

A problem names the file, the line, the grid point and the rule. The book's inputs must be a
grid point, where every printed form must be what the page prints.

A page's later cells often do not depend on its inputs at all (1.4's other sections: figures,
solvers). A cell whose statements read no name that an input reaches (``depends``) is run at
the first point only; at the others its names and published values are put back as it left
them, so a grid costs the cells that depend on the inputs, not the whole page per point.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import io
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from numbercheck import markup, rules, source
from numbercheck.symbols import readable

from .formulas import FormulaChecks

_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
_CELL_OPTIONS = re.compile(r"\A(?:---\n.*?\n---\n|(?::[\w-]+:[^\n]*\n)+)", re.DOTALL)
_MATH = re.compile(r"\$\$(.*?)\$\$|\$([^$\n]+)\$", re.DOTALL)
_CLAIM = re.compile(
    r'^%\s*(?:bp|explore):\s*claim\s+"(?P<phrase>[^"]+)"\s*:\s*(?P<predicate>[A-Za-z_]\w*)\s*$'
)
_RANGE_END = re.compile(r"^%\s*explore:\s*range ends\s*,\s*(?P<reason>.+)$")
_LABEL = re.compile(r"^%\s*explore:\s*label\s+(?P<name>\w+)\s*,\s*(?P<label>.+)$")
_PINNED = re.compile(r"^%\s*explore:\s*book values only\s*,\s*(?P<reason>.+)$")
_WORDS = re.compile(
    r'^%\s*explore:\s*words\s+(?P<texts>"[^"]+"(?:\s*\|\s*"[^"]+")+)\s*:\s*'
    r"(?P<predicates>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*$"
)


class CellError(Exception):
    """A cell raised at a grid point: which cell (its line) and what."""

    def __init__(self, line: int, error: Exception) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.line = line


class ExploreError(ValueError):
    """The page's ``explore`` front matter is not usable (an unknown input, an empty grid)."""


@dataclass(frozen=True)
class Input:
    name: str  # the variable the cells assign
    shows: str  # the published value it is printed as
    grid: tuple[float, ...]
    book: float  # what the page's cells assign
    # Narrower ranges at some values of another input: {other input: {its value: [from, to]}}
    limits: tuple = ()
    label: str = ""  # the slider's name, in the page's language
    symbol: str = ""  # what its value is called: "X = 2"
    ranged: bool = True  # from/to (a range that ends for a reason), not a list of values


@dataclass(frozen=True)
class Literal:
    key: str
    rule: str
    printed: str  # as the page prints it at the book's inputs
    line: int

    @property
    def variant(self) -> str:
        """What the page's HTML tells apart: the key, rule and the printed decimals."""
        return f"{self.key}|{self.rule}|{rules.decimals(self.printed)}"


@dataclass(frozen=True)
class Words:
    texts: tuple[str, ...]  # the page prints the first; the others are shown where chosen
    predicates: tuple[str, ...]  # one fewer: texts[i] where predicates[i] first holds
    line: int
    paragraph: str  # the paragraph's source, as the page prints it

    def choose(self, values: Mapping[str, Any]) -> int | str:
        """The wording the text shows where the cells published ``values``: its index, or
        the name of a predicate that is not a truth value."""
        for index, predicate in enumerate(self.predicates):
            verdict = values.get(predicate)
            if not isinstance(verdict, bool):
                return predicate
            if verdict:
                return index
        return len(self.predicates)


@dataclass(frozen=True)
class Claim:
    phrase: str
    predicate: str
    line: int
    paragraph: str


@dataclass
class Page:
    path: Path
    text: str
    inputs: list[Input]
    places: dict[str, int]
    cells: list[str]
    formulas: list[tuple[str, int]]  # TeX, line
    literals: list[Literal]
    words: list[Words]
    claims: list[Claim]
    metadata: dict
    pinned: list[tuple[int, int, str]] = field(default_factory=list)  # first, last line, reason
    range_end: str = ""  # why the ranges end where they do: % explore: range ends, <reason>
    cell_lines: list[int] = field(default_factory=list)  # where each cell starts

    @property
    def figure_line(self) -> int:
        """The line of the cell that makes the figure whose labels follow (front matter
        ``explore: figure``, the cell's ``name:``), or 0."""
        name = self.metadata["explore"].get("figure")
        for match in _CELL.finditer(self.text):
            if name and re.search(rf"^\s*name:\s*{re.escape(name)}\s*$", match[0], re.MULTILINE):
                return self.text.count("\n", 0, match.start()) + 1
        return 0

    @functools.cached_property
    def rerun(self) -> list[bool]:
        """``depends``, read once per page, not once per point."""
        return depends(self)

    def is_pinned(self, line: int) -> bool:
        return any(first <= line <= last for first, last, _ in self.pinned)


@dataclass
class Grid:
    """What the page ships: per point, each literal variant's printed digits, its readable
    exact value, the wordings chosen, the figure's labels and what the cells print (the lines
    of the cells that print something else at some point); and the problems found."""

    points: list[dict[str, float]] = field(default_factory=list)
    printed: dict[str, list[str]] = field(default_factory=dict)
    exact: dict[str, list[str]] = field(default_factory=dict)
    words: list[list[int]] = field(default_factory=list)  # per point, each wording's index
    drawn: dict[str, list[str]] = field(default_factory=dict)
    printed_by_cells: dict[int, list[str]] = field(default_factory=dict)  # cell's line → stdout
    # Where a figure draws a line's points (publish_plot's paths): <figure>__<key> → per point
    marks: dict[str, list[str]] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)  # line, message
    # What was checked at each point, counted as it was checked (the report page says it):
    # kind (CHECKED) → one count per point.
    checked: dict[str, list[int]] = field(default_factory=dict)


# What the grid checks at every point, as Grid.checked counts it: literals judged by their
# rule, relations that hold, claims whose words the text shows there, wordings chosen by
# their predicate, labels of the figure compared with the value they draw.
CHECKED = ("literals", "relations", "claims", "words", "labels")


def read(path: Path) -> Page | None:
    """The explorable page at ``path``, or None if it does not opt in."""
    text = path.read_text(encoding="utf8")
    metadata = source.front_matter(text)
    setting = metadata.get("explore")
    if not setting:
        return None
    cells = [_CELL_OPTIONS.sub("", m.group(1), count=1) for m in _CELL.finditer(text)]
    cell_lines = [text.count("\n", 0, m.start()) + 1 for m in _CELL.finditer(text)]
    masked = _CELL.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    formulas, literals = [], []
    for match in _MATH.finditer(masked):
        tex = match.group(1) or match.group(2)
        line = masked.count("\n", 0, match.start()) + 1
        formulas.append((tex, line))
        for binding in markup.BOUND.finditer(tex):
            rule = binding["rule"] or rules.DEFAULT_RULE.name
            literals.append(Literal(binding["key"], rule, binding["printed"], line))
    words, claims = _comments(masked)
    pinned = _pinned(masked)
    book = _book_inputs(cells)
    labels = {m["name"]: m["label"].strip() for m in map(_LABEL.match, masked.split("\n")) if m}
    inputs = []
    for name, spec in (setting.get("inputs") or {}).items():
        if name not in book:
            raise ExploreError(f"explore: input {name!r} is not assigned at the top of a cell")
        if "values" in spec:
            grid = tuple(float(v) for v in spec["values"])
        else:
            start, stop, step = (Decimal(str(spec[k])) for k in ("from", "to", "step"))
            count = int((stop - start) / step) + 1
            grid = tuple(float(start + i * step) for i in range(count))
        if book[name] not in grid:
            raise ExploreError(f"explore: the book's {name} = {book[name]} is not on its grid")
        limits = tuple(
            (other, float(value), float(low), float(high))
            for other, table in (spec.get("limits") or {}).items()
            for value, (low, high) in table.items()
        )
        shows = spec.get("shows", name)
        label, symbol = labels.get(name, shows), spec.get("symbol", shows)
        inputs.append(
            Input(name, shows, grid, book[name], limits, label, symbol, "values" not in spec)
        )
    places = {str(k): int(v) for k, v in (setting.get("places") or {}).items()}
    page = Page(path, text, inputs, places, cells, formulas, literals, words, claims, metadata)
    page.pinned, page.cell_lines = pinned, cell_lines
    ends = [m["reason"].strip() for m in map(_RANGE_END.match, masked.split("\n")) if m]
    page.range_end = ends[0] if ends else ""
    return page


def _pinned(masked: str) -> list[tuple[int, int, str]]:
    """Admonitions marked ``% explore: book values only, <reason>``: their lines (from the
    fence that opens them to the one that closes them) and the reason readers are told."""
    lines = masked.split("\n")
    found = []
    for index, line in enumerate(lines):
        match = _PINNED.match(line.strip())
        if not match:
            continue
        first = max(i for i in range(index + 1) if lines[i].startswith(":::{"))
        last = min(i for i in range(index, len(lines)) if lines[i].strip() == ":::")
        found.append((first + 1, last + 1, match["reason"].strip()))
    return found


def _comments(masked: str) -> tuple[list[Words], list[Claim]]:
    """The wordings and claims, each with the paragraph it follows (up to a blank line)."""
    lines = masked.split("\n")
    words, claims = [], []
    for index, line in enumerate(lines):
        found_words, found_claim = _WORDS.match(line.strip()), _CLAIM.match(line.strip())
        if not (found_words or found_claim):
            continue
        start = index  # the text above, past other comments and the blank lines between
        while start > 0 and (not lines[start - 1].strip() or lines[start - 1].lstrip()[:1] == "%"):
            start -= 1
        index_of_text = start
        while start > 0 and lines[start - 1].strip():
            start -= 1
        paragraph = "\n".join(
            text for text in lines[start:index_of_text] if not text.lstrip().startswith("%")
        )
        if found_words:
            texts = tuple(re.findall(r'"([^"]+)"', found_words["texts"]))
            predicates = tuple(re.split(r"\s*,\s*", found_words["predicates"]))
            if len(predicates) != len(texts) - 1:
                raise ExploreError(
                    f"line {index + 1}: {len(texts)} wordings need {len(texts) - 1} "
                    f"predicates, not {len(predicates)}"
                )
            words.append(Words(texts, predicates, index + 1, paragraph))
        else:
            c = found_claim
            claims.append(Claim(c["phrase"], c["predicate"], index + 1, paragraph))
    return words, claims


def _book_inputs(cells: list[str]) -> dict[str, float]:
    """Every ``name = number`` at the top level of a cell: what an input may be."""
    found = {}
    for cell in cells:
        for statement in ast.parse(cell).body:
            name = _assigns_number(statement)
            if name is not None:
                found[name] = float(statement.value.value)
    return found


def _assigns_number(statement: ast.stmt) -> str | None:
    """The name a top-level ``name = number`` binds (what an input may be), or None."""
    if (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, int | float)
    ):
        return statement.targets[0].id
    return None


def _with_inputs(cell: str, point: Mapping[str, float], label: str) -> Any:
    """The cell with each ``input = number`` set to the point's value (not a later cell's
    ``input = {…}``, which binds the name to something else)."""
    tree = ast.parse(cell)
    for statement in tree.body:
        if _assigns_number(statement) in point:
            constant = ast.Constant(point[statement.targets[0].id])
            statement.value = ast.copy_location(constant, statement.value)
    return compile(tree, label, "exec")


def points(page: Page) -> Iterator[dict[str, float]]:
    """Every combination of the inputs' grids, the first input varying fastest."""
    combos: list[dict[str, float]] = [{}]
    for spec in page.inputs:
        combos = [{**combo, spec.name: value} for value in spec.grid for combo in combos]
    for combo in combos:
        if all(
            low <= combo[spec.name] <= high
            for spec in page.inputs
            for other, value, low, high in spec.limits
            if combo.get(other) == value
        ):
            yield combo


def depends(page: Page) -> list[bool]:
    """Which cells must run again at every point: those with a statement that reads a name an
    input reaches (the inputs, and what such a statement binds or changes: ``n = …``,
    ``n[k] = …``, ``n.append(…)``, until a statement that reads none binds the name afresh,
    in the order the cells run), and the cell that last bound a name such a statement
    changes in place (its object must be fresh at each point). A statement is read whole, function
    bodies too: a function that reads an input reaches whoever calls it. Modules are never
    changed by a call (``bp.descend(…)``); a function called with a reached value is assumed
    not to change, in place, another cell's object that it is not given by name."""
    bodies = [ast.parse(cell).body for cell in page.cells]
    modules = {
        (alias.asname or alias.name).split(".")[0]
        for body in bodies
        for node in ast.walk(ast.Module(body=body, type_ignores=[]))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    inputs = {spec.name for spec in page.inputs}
    reached = set(inputs)
    rerun = [False] * len(bodies)
    bound_by: dict[str, int] = {}  # name → the cell whose statement bound it last
    for index, body in enumerate(bodies):
        for statement in body:
            nodes = list(ast.walk(statement))
            bound = _binds(statement)
            if not (_reads(statement) & reached or bound & inputs):
                # A name bound afresh from what no input reaches no longer depends on one
                # (1.4.4's figure, axes = plt.subplots() after 1.4.1's figure, axes).
                reached -= bound
                bound_by |= dict.fromkeys(bound, index)
                continue
            rerun[index] = True
            in_place = {
                n.value.id
                for n in nodes
                if isinstance(n, ast.Subscript | ast.Attribute)
                and isinstance(n.value, ast.Name)
                and (not _loads(n) or any(c.func is n for c in nodes if isinstance(c, ast.Call)))
            } - modules
            reached |= bound | in_place
            for name in in_place & bound_by.keys():
                rerun[bound_by[name]] = True  # the object it changes must be fresh each time
            bound_by |= dict.fromkeys(bound, index)
    return rerun


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.comprehension)


def _reads(statement: ast.AST) -> set[str]:
    """The names a statement reads from the cells' namespace (``n`` in ``n += 1`` too): not
    those it only binds, nor a comprehension's, a lambda's or a function's own names (1.4.8's
    ``for k in 'wb'`` does not read the ``k`` 1.4.3's loop left behind)."""
    found: set[str] = set()

    def visit(node: ast.AST, own: frozenset[str]) -> None:
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            found.update({node.target.id} - own)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            found.update({node.id} - own)
        elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            visit(node.generators[0].iter, own)  # evaluated where the comprehension stands
            inner = own | {
                n.id
                for generator in node.generators
                for n in ast.walk(generator.target)
                if isinstance(n, ast.Name)
            }
            for child in ast.iter_child_nodes(node):
                if child is not node.generators[0]:
                    visit(child, inner)
            visit(node.generators[0].target, inner)
            for condition in node.generators[0].ifs:
                visit(condition, inner)
            return
        elif isinstance(node, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef):
            for default in node.args.defaults + [d for d in node.args.kw_defaults if d]:
                visit(default, own)
            names = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
            body = node.body if isinstance(node.body, list) else [node.body]
            declared = {
                n
                for b in body
                for s in ast.walk(b)
                if isinstance(s, ast.Global | ast.Nonlocal)
                for n in s.names
            }
            names |= {b for stmt in body for b in _binds(stmt)} - declared
            for statement in body:
                visit(statement, own | names)
            for decorator in getattr(node, "decorator_list", []):
                visit(decorator, own)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, own)

    visit(statement, frozenset())
    return found


def _loads(node: ast.Name | ast.Subscript | ast.Attribute) -> bool:
    return isinstance(node.ctx, ast.Load)


def _binds(statement: ast.stmt) -> set[str]:
    """The names a top-level statement binds in the cells' namespace (not a function's or a
    comprehension's own names)."""
    found, todo = set(), [statement]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.alias):
            found.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.Name) and not _loads(node):
            found.add(node.id)
        if not isinstance(node, _SCOPES):
            todo.extend(ast.iter_child_nodes(node))
    return found


def run_cells(
    page: Page,
    point: Mapping[str, float],
    kept: dict[int, tuple] | None = None,
    stdout: dict[int, str] | None = None,
) -> dict[str, Any]:
    """What the page's cells publish at ``point`` (name → float, bool or text); what each cell
    that ran prints goes into ``stdout`` (its line → text), if given.

    With ``kept`` (one dict for all the points of a grid), a cell that ``depends`` says need
    not run again runs once; at later points its names and published values are put back.
    """
    import matplotlib
    import myst_nb

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    published: dict[str, Any] = {}
    cell_published: list[tuple[str, Any]] = []  # what the running cell publishes, in order

    def glue(name: str, value: Any, display: bool = True) -> None:
        published[name] = value
        cell_published.append((name, value))

    again = page.rerun if kept is not None else [True] * len(page.cells)

    codes = [_with_inputs(c, point, f"{page.path}:cell {i}") for i, c in enumerate(page.cells)]
    namespace: dict[str, Any] = {"__name__": "__explore__"}
    original = myst_nb.glue
    myst_nb.glue = glue
    folder = str(page.path.parent)  # the kernel's folder: the cells import publish from it
    sys.path.insert(0, folder)
    try:
        from publish import figure_settings  # the book's own helpers, beside the page

        # Figures drawn as the kernel draws them: where publish_plot finds a path's points
        # is where the page's SVG has them.
        with matplotlib.rc_context(figure_settings()):
            for index, (code, line) in enumerate(zip(codes, page.cell_lines, strict=True)):
                if not again[index] and index in kept:
                    names, glued = kept[index]
                    namespace.update(names)
                    published.update(glued)
                    continue
                before = dict(namespace)
                cell_published.clear()
                printed = io.StringIO()
                try:
                    with contextlib.redirect_stdout(printed):
                        exec(code, namespace)
                except Exception as error:
                    raise CellError(line, error) from error
                if stdout is not None:
                    stdout[line] = printed.getvalue()
                if not again[index]:
                    names = {k: v for k, v in namespace.items() if before.get(k) is not v}
                    kept[index] = (names, list(cell_published))
    finally:
        myst_nb.glue = original
        sys.path.remove(folder)
        plt.close("all")
    return published


def printed_at(literal: Literal, value: float, places: Mapping[str, int]) -> str:
    """The literal's digits for ``value``: its rule at its decimals, or at ``places`` with
    trailing zeros dropped (a value the book prints exactly, such as X = 2)."""
    rule = rules.RULES[literal.rule]
    if literal.key in places:
        digits = rules.rounded(
            value, max(places[literal.key], rules.decimals(literal.printed)), rule
        )
        text = f"{digits:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{rules.rounded(value, rules.decimals(literal.printed), rule):f}"


def shown(paragraph: str, words: list[Words], chosen: list[int]) -> str:
    """A paragraph's text with each of its wordings as chosen."""
    text = paragraph
    for wording, index in zip(words, chosen, strict=True):
        if wording.paragraph == paragraph and index:
            text = text.replace(wording.texts[0], wording.texts[index], 1)
    return text


def compute(page: Page) -> Grid:
    """Run the page's cells at every grid point and check every statement there."""
    grid = Grid()
    variants = {
        literal.variant: literal for literal in page.literals if not page.is_pinned(literal.line)
    }
    book = {spec.name: spec.book for spec in page.inputs}
    symbols_declared = source.page_symbols(page.metadata, page.path.parent)
    kept: dict[int, tuple] = {}  # the cells that need not run again (depends), as they left things
    formula_checks = FormulaChecks()  # a formula that reads as at an earlier point: checked once
    try:  # a value the inputs do not change is printed as the page prints it, checked there
        at_book_values = run_cells(page, book, kept)
    except CellError:
        at_book_values = {}
    unchanged = {k: float(v) for k, v in at_book_values.items() if _is_number(v)}
    for point in points(page):
        where = ", ".join(f"{spec.shows} = {point[spec.name]:g}" for spec in page.inputs)
        at_book = point == book
        grid.points.append(point)
        for kind in CHECKED:
            grid.checked.setdefault(kind, []).append(0)
        counts = {kind: grid.checked[kind] for kind in CHECKED}  # this point's is the last

        def problem(line: int, message: str, where: str = where) -> None:
            grid.problems.append((line, f"at the grid point {where}: {message}"))

        try:
            stdout: dict[int, str] = {}
            values = run_cells(page, point, kept, stdout)
        except CellError as error:
            problem(error.line, f"the cell raised {error} (the page's values leave their domain)")
            for store in (grid.printed, grid.exact):
                for variant in variants:
                    store.setdefault(variant, []).append("")
            grid.words.append([0] * len(page.words))
            continue
        numbers = {k: float(v) for k, v in values.items() if _is_number(v)}
        for variant, literal in variants.items():
            value = numbers.get(literal.key)
            if value is None:
                problem(literal.line, f"{literal.key!r} is not a published number")
                printed = ""
            elif value == unchanged.get(literal.key):
                printed = literal.printed  # numbercheck checks it (1.4's "1.566×10⁻⁴" too)
            else:
                printed = printed_at(literal, value, page.places)
                judgement = rules.judge(printed, value, rules.RULES[literal.rule])
                counts["literals"][-1] += 1
                if judgement.verdict in (rules.DIFFERS, rules.COLLAPSES):
                    problem(
                        literal.line,
                        f"printed '{printed}' for '{literal.key}', computed {value!r}; rule "
                        f"'{literal.rule}' {judgement.verdict} ({judgement.expected})",
                    )
                if at_book and printed != literal.printed:
                    problem(
                        literal.line,
                        f"prints '{printed}' for '{literal.key}' where the page prints "
                        f"'{literal.printed}' (set explore: places)",
                    )
            grid.printed.setdefault(variant, []).append(printed)
            grid.exact.setdefault(variant, []).append("" if value is None else readable(value))
        chosen = []
        for wording in page.words:
            index = wording.choose(values)
            if isinstance(index, str):
                problem(wording.line, f"wording predicate {index!r} is not a truth value")
                index = 0
            if at_book and index:
                problem(
                    wording.line,
                    f"the page prints '{wording.texts[0]}', yet {wording.predicates[0]} is False",
                )
            chosen.append(index)
            counts["words"][-1] += 1
        grid.words.append(chosen)
        for line, text in stdout.items():
            grid.printed_by_cells.setdefault(line, []).append(text)
        for claim in page.claims:
            if page.is_pinned(claim.line) or claim.phrase not in shown(
                claim.paragraph, page.words, chosen
            ):
                continue
            verdict = values.get(claim.predicate)
            counts["claims"][-1] += 1
            if verdict is not True:
                problem(
                    claim.line,
                    f'claim "{claim.phrase}" is bound to {claim.predicate}, which is {verdict!r}',
                )
        symbols = source.PageSymbols(symbols_declared)
        symbols.scope = _fresh_scope(symbols_declared)
        for tex, line in page.formulas:
            if page.is_pinned(line):
                continue
            here = markup.BOUND.sub(
                lambda m, v=numbers: _reprint(m, v, page.places, unchanged), tex
            )
            for relation in formula_checks.check(here, symbols, numbers, symbols.scope):
                if relation.verdict == rules.FAILS:
                    problem(line, relation.message)
                elif relation.verdict == rules.HOLDS:
                    counts["relations"][-1] += 1
        for name, value in values.items():
            if name.startswith("marks__"):
                grid.marks.setdefault(name.removeprefix("marks__"), []).append(str(value))
            if not name.startswith("drawn__"):
                continue
            shows = name.removeprefix("drawn__")
            grid.drawn.setdefault(shows, []).append(str(value))
            # A named figure's label is drawn__<figure>__<value> (publish_plot).
            drawn = numbers.get(shows.rpartition("__")[2])
            counts["labels"][-1] += drawn is not None
            if drawn is not None and rules.judge(str(value), drawn).verdict == rules.DIFFERS:
                problem(
                    page.figure_line,
                    f"the figure draws '{value}' for '{shows}', computed {drawn!r}",
                )
    for shows, drawn in list(grid.drawn.items()):
        if len(set(drawn)) == 1:
            grid.drawn.pop(shows)  # a label no point changes: the figure as the page shows it
    for key, marks in list(grid.marks.items()):
        if len(marks) != len(grid.points) or len(set(marks)) == 1:
            grid.marks.pop(key)  # points no input moves
    for line, texts in list(grid.printed_by_cells.items()):
        if len(texts) != len(grid.points) or len(set(texts)) == 1:
            grid.printed_by_cells.pop(line)  # printed the same everywhere, or ran only once
    for variant, literal in variants.items():  # what no point changes stays as the page prints it
        if set(grid.printed.get(variant, ())) == {literal.printed}:
            grid.printed.pop(variant)
            grid.exact.pop(variant)
    return grid


def _fresh_scope(symbols: source.PageSymbols) -> Any:
    import copy

    return copy.deepcopy(symbols.scope)


def _reprint(
    match: re.Match,
    values: Mapping[str, float],
    places: Mapping[str, int],
    unchanged: Mapping[str, float],
) -> str:
    rule = match["rule"] or rules.DEFAULT_RULE.name
    literal = Literal(match["key"], rule, match["printed"], 0)
    value = values.get(literal.key)
    if value is None or value == unchanged.get(literal.key):
        return match.group(0)
    printed = printed_at(literal, value, places)
    rule_part = f"|{match['rule']}" if match["rule"] else ""
    return f"\\num{{{literal.key}{rule_part}}}{{{printed}}}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
