r"""Equations must hold: every relation in a formula is evaluated and checked.

A formula is split into statements (at ``\\``, ``&``, ``\to``, commas and Chinese commas
outside brackets) and each statement into sides at ``=``, ``\approx``, ``<``, ``>``, ``\le``
and ``\ge``. Each side is evaluated once, exactly or at 40 significant digits:

- a bound literal ``\num{name}{2.1972}`` is the literal as printed (2.1972, not the
  computed value), so the arithmetic the reader sees is what is checked;
- ``\lit{10}`` and the constants of a formula are exact;
- a symbol is the value the page published under the name it denotes. A page declares that
  mapping once in its front matter (``numbercheck: symbols: {A: A, \Delta X: delta_X}``);
  a formula that uses a symbol for another value says so in a TeX comment,
  ``% bp: symbols X=X_check, A=A_check``.

The TeX of a side is read by symbolic.parse, twice (read, printed back by sympy, read
again); this module only replaces numbers and symbols with placeholders first. Then each
relation between two evaluated neighbours must hold: ``=`` at the printed precision of its
result (the side that is one printed literal; without one, within the rounding of the
printed inputs), ``\approx`` within the rounding of every printed literal on both sides
(propagated through the arithmetic), ``<``, ``>``, ``\le``, ``\ge`` as written. A side that
cannot be evaluated (a derivative, a vector, a symbol with no published value) has no value
here: identities.py then decides what the relation is (a definition, an identity, a claim
at the page's given values), and what stays unevaluated is counted in the build report
with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from . import identities, markup, readings, rules, tokens
from .symbolic import Job
from .worker import COMPILER

# Statement separators and relations, recognised outside brackets only (tokens.split).
_SEPARATORS = {
    r"\\",
    "&",
    r"\to",
    r"\quad",
    r"\qquad",
    r"\Rightarrow",
    r"\leftarrow",
    ",",
    "，",
    "；",
    ";",
    "、",
}
RELATIONS = {
    "=": "=",
    r"\approx": "≈",
    "≈": "≈",
    "<": "<",
    r"\lt": "<",
    ">": ">",
    r"\gt": ">",
    r"\le": "≤",
    r"\leq": "≤",
    "≤": "≤",
    r"\ge": "≥",
    r"\geq": "≥",
    "≥": "≥",
}
_NOISE = re.compile(
    r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])|(?<!\\)\\[,;:! ]|\\tag\{[^{}]*\}"
    r"|\\(?:begin|end)\{[^{}]*\}"
)
_COMMENT = re.compile(r"(?<!\\)%([^\n]*)")
_ALIGNMENT = re.compile(r"(?<!\\)&(?=\s*(?:=|<|>|\\approx|\\le|\\ge|\\lt|\\gt))")
_LOCAL_SYMBOLS = re.compile(r"bp:\s*symbols\s+(?P<pairs>.+)")
_NUMBER = re.compile(r"(?<![\w.@])(?<!_\{)\d+(?:\.\d+)?(?![\w@])")
_MARKER = re.compile(r"@(\d+)@")
_IMPLICIT_PRODUCT = re.compile(r"(\{@\d+@\}|\))\s*(?=\{@|\\sqrt|\\frac|\\ln|\\exp|\()")


@dataclass(frozen=True)
class Quantity:
    """What a placeholder stands for: its exact value and how much its printing may hide."""

    value: Decimal
    uncertainty: Decimal  # how far it is from the computed value (0 if exact)
    shown: str  # as the reader sees it: the printed digits, or the symbol
    printed: str | None = None  # set for a bound literal
    half_unit: Decimal = Decimal(0)  # the rounding its printed digits allow


@dataclass
class Side:
    tex: str
    value: Decimal | None = None
    reason: str = ""  # why it has no value
    literal: Quantity | None = None  # set when the side is one printed literal
    spread: Decimal = Decimal(0)  # how far the printed inputs' rounding can move it


@dataclass(frozen=True)
class Relation:
    """One relation as written, with its verdict."""

    text: str
    operator: str
    verdict: str  # one of rules.RELATION_VERDICTS
    left: str = ""
    right: str = ""
    tolerance: str = ""
    reason: str = ""
    method: str = ""  # how a relation in free symbols was checked (identities.py)

    @property
    def message(self) -> str:
        if self.method:
            return f"relation '{self.text}' does not hold: {self.reason} ({self.method})"
        return (
            f"relation '{self.text}' does not hold: left side {self.left}, right side "
            f"{self.right}; tolerance {self.tolerance}"
        )


@dataclass
class _Placeholders:
    quantities: dict[int, Quantity] = field(default_factory=dict)

    def add(self, quantity: Quantity) -> str:
        key = len(self.quantities) + 1
        self.quantities[key] = quantity
        return f"{{@{key}@}}"


def local_symbols(tex: str) -> dict[str, str]:
    r"""``% bp: symbols X=X_check, \Delta X=delta_X`` in a formula, as a mapping."""
    found: dict[str, str] = {}
    for comment in _COMMENT.findall(tex):
        match = _LOCAL_SYMBOLS.search(comment)
        if match:
            for pair in match["pairs"].split(","):
                symbol, _, name = pair.partition("=")
                found[symbol.strip()] = name.strip()
    return found


def check_formula(
    tex: str,
    symbols: Mapping[str, str],
    values: Mapping[str, float],
    scope: identities.Scope | None = None,
) -> list[Relation]:
    """Every relation in ``tex``, evaluated with printed literals and published values, and,
    where it is in free symbols, as an identity or at the page's given values (identities.py).
    The page's ``symbols`` (``source.page_symbols``) carry its definitions from formula to
    formula.
    """
    scope = scope or getattr(symbols, "scope", None) or identities.Scope()
    kind = identities.formula(tex)
    placeholders, statements = _statements(tex, symbols, values)
    relations: list[Relation] = []
    for sides, operators, plain in statements:
        evaluated = [_evaluate(side, placeholders.quantities) for side in sides]
        for i, operator in enumerate(operators):
            left, right = evaluated[i], evaluated[i + 1]
            relation = _judge(left, operator, right, placeholders.quantities)
            valued = (left.value is not None, right.value is not None)
            plan = identities.plan(plain[i], operator, plain[i + 1], valued, kind, scope)
            outcomes = [COMPILER.outcome(job) for job in plan.jobs]
            relations.append(identities.conclude(relation, plan, outcomes))
    return relations


def shapes(tex: str, symbols: Mapping[str, str]) -> list[tuple[str, int] | Job]:
    """What ``check_formula`` will ask the worker for, known before any value is (prefetch):
    the sides to parse, and the relations in free symbols to verify."""
    assumed = {name: 0.0 for name in [*symbols.values(), *local_symbols(tex).values()]}
    scope = getattr(symbols, "scope", None) or identities.Scope()
    kind = identities.formula(tex)
    _, statements = _statements(tex, symbols, assumed)
    found: list = []
    for sides, operators, plain in statements:
        known = [_shape(side) for side in sides]
        found += [(s[0], len(s[1])) for s in known if isinstance(s, tuple)]
        for i, operator in enumerate(operators):
            valued = (not isinstance(known[i], str), not isinstance(known[i + 1], str))
            plan = identities.plan(plain[i], operator, plain[i + 1], valued, kind, scope)
            found += plan.jobs
    return found


def _statements(
    tex: str, symbols: Mapping[str, str], values: Mapping[str, float]
) -> tuple[_Placeholders, list[tuple[list[str], list[str], list[str]]]]:
    """Each statement's sides with placeholders, its relations, and its sides as written
    (the bp markup replaced by its printed digits), for identities.py."""
    symbols = {**symbols, **local_symbols(tex)}
    body = _NOISE.sub(" ", _COMMENT.sub(" ", tex))
    body = _ALIGNMENT.sub(" ", body)  # &= in aligned: the relation's column, not a separator
    plain = markup.EXEMPT.sub(lambda m: m["printed"], markup.BOUND.sub(r"\g<printed>", body))
    placeholders = _Placeholders()
    body = _substitute_bindings(body, placeholders, values)
    body = _substitute_symbols(body, symbols, values, placeholders)
    body = _NUMBER.sub(lambda m: placeholders.add(_exact(m.group(0))), body)
    written = [_sides(statement) for statement in _split(plain)]
    statements = []
    for index, (sides, operators) in enumerate(_sides(s) for s in _split(body)):
        if operators:
            same = index < len(written) and len(written[index][0]) == len(sides)
            statements.append((sides, operators, written[index][0] if same else [""] * len(sides)))
    return placeholders, statements


def _substitute_bindings(body: str, placeholders: _Placeholders, values: Mapping) -> str:
    def bound(match: re.Match) -> str:
        printed = match["printed"]
        try:
            places = rules.decimals(printed)
        except rules.MalformedLiteralError:
            return "?"
        unit = Decimal(1).scaleb(-places)
        half_unit = unit / 2 if (match["rule"] or "round") == "round" else unit
        literal = Decimal(printed)
        # The rounding this literal actually carries; the binding check bounds it by half_unit.
        computed = values.get(match["key"])
        uncertainty = half_unit if computed is None else abs(literal - Decimal(computed))
        return placeholders.add(Quantity(literal, uncertainty, printed, printed, half_unit))

    body = markup.BOUND.sub(bound, body)
    return markup.EXEMPT.sub(lambda m: placeholders.add(_exact(m["printed"])), body)


def _substitute_symbols(
    body: str, symbols: Mapping[str, str], values: Mapping[str, float], placeholders
) -> str:
    for symbol in sorted(symbols, key=len, reverse=True):
        name = symbols[symbol]
        if name not in values:
            continue
        pattern = _symbol_pattern(symbol)
        quantity = Quantity(Decimal(values[name]), Decimal(0), symbol)
        body = pattern.sub(lambda _m, q=quantity: placeholders.add(q), body)
    return body


@lru_cache(maxsize=256)
def _symbol_pattern(symbol: str) -> re.Pattern:
    parts = [re.escape(part) for part in symbol.split()]
    body = r"\s*".join(parts)
    if re.fullmatch(r"\w_\{?\w+\}?", symbol):  # x_0 also written x_{0}
        letter, _, sub = symbol.partition("_")
        body = re.escape(letter) + r"_\{?" + re.escape(sub.strip("{}")) + r"\}?"
    return re.compile(r"(?<![A-Za-z\\])" + body + r"(?![A-Za-z0-9_'])(?!\^\{?\*)")


def _exact(text: str) -> Quantity:
    return Quantity(Decimal(text), Decimal(0), text)


def _split(body: str) -> list[str]:
    """The statements of a formula, cut at separators outside brackets."""
    parts, _ = tokens.split(body, _SEPARATORS)
    return [p for p in parts if p.strip()]


def _sides(statement: str) -> tuple[list[str], list[str]]:
    """A statement's sides and the relations between them, cut outside brackets."""
    sides, found = tokens.split(statement, RELATIONS)
    return sides, [RELATIONS[token] for token in found]


def _shape(tex: str) -> str | int | tuple[str, list[int]]:
    """Why a side cannot be evaluated, or its one placeholder, or (TeX to parse, inputs)."""
    body = tex.strip()
    if not body:
        return "an empty side"
    if r"\frac{d" in body or "'" in body:
        return "a derivative"
    commands = set(re.findall(r"\\[A-Za-z]+", body)) - readings.KNOWN_COMMANDS
    if commands:
        return "uses " + ", ".join(sorted(commands))
    letters = re.sub(r"\\[A-Za-z]+", " ", body)
    letters = re.sub(r"(?<![A-Za-z])e\^", " ", letters)  # Euler's number
    unknown = sorted(set(re.findall(r"[A-Za-z]\w*", letters)))
    if unknown:
        return "symbols with no published value: " + ", ".join(unknown)
    if "," in body:
        return "a vector (several values)"
    single = re.fullmatch(r"\{@(\d+)@\}", body)
    if single:
        return int(single.group(1))
    return _renumber(body, [int(k) for k in _MARKER.findall(body)])


def _evaluate(tex: str, quantities: Mapping[int, Quantity]) -> Side:
    side = Side(tex=tex)
    shape = _shape(tex)
    if isinstance(shape, str):
        side.reason = shape
        return side
    if isinstance(shape, int):
        quantity = quantities[shape]
        side.value = quantity.value
        side.literal = quantity if quantity.printed is not None else None
        side.spread = quantity.uncertainty
        return side
    renumbered, order = shape
    function = COMPILER.function(renumbered, len(order))
    if isinstance(function, str):
        side.reason = function
        return side
    inputs = [quantities[k] for k in order]
    try:
        value = function([q.value for q in inputs])
        spread = Decimal(0)
        rising = [q.value for q in inputs]  # every input moved the way that raises the side
        for index, quantity in enumerate(inputs):
            if quantity.uncertainty:
                moved = [q.value for q in inputs]
                shifts = []
                for sign in (1, -1):
                    moved[index] = quantity.value + sign * quantity.uncertainty
                    shifts.append(function(moved) - value)
                spread += max(abs(shift) for shift in shifts)
                rising[index] += (1 if shifts[0] >= shifts[1] else -1) * quantity.uncertainty
        if spread:
            # Input by input is first order; two printed inputs both off the same way also
            # move a product by their cross term, which the corners include.
            falling = [2 * q.value - r for q, r in zip(inputs, rising, strict=True)]
            corners = (abs(function(rising) - value), abs(function(falling) - value))
            spread = max(spread, *corners)
    except (ArithmeticError, ValueError, TypeError) as error:
        side.reason = f"cannot be evaluated ({error})"
        return side
    side.value, side.spread = value, spread
    return side


def _renumber(body: str, keys: list[int]) -> tuple[str, list[int]]:
    """Placeholders numbered 1, 2, … in order of appearance, so equal shapes parse once."""
    order: list[int] = []
    for key in keys:
        if key not in order:
            order.append(key)
    position = {key: index + 1 for index, key in enumerate(order)}
    body = _IMPLICIT_PRODUCT.sub(r"\1 \\cdot ", body)
    renumbered = _MARKER.sub(lambda m: rf"\xi_{{{position[int(m.group(1))]}}}", body)
    # The shortest equivalent TeX: the Earley parser's time grows fast with length, and equal
    # shapes then parse once. No letters are left but commands and e, so spaces can go.
    renumbered = re.sub(r"\{(\\xi_\{\d+\})\}", r"\1", renumbered)
    renumbered = re.sub(r"\s+(?![A-Za-z])", "", re.sub(r"\s+", " ", renumbered)).strip()
    return renumbered, order


def _judge(left: Side, operator: str, right: Side, quantities) -> Relation:
    text = f"{_shown(left.tex, quantities)} {operator} {_shown(right.tex, quantities)}"
    if left.value is None or right.value is None:
        reason = left.reason if left.value is None else right.reason
        return Relation(text, operator, rules.UNEVALUATED, reason=reason)
    difference = abs(left.value - right.value)
    noise = Decimal("1e-9") * max(Decimal(1), abs(left.value), abs(right.value))
    if operator == "=":
        result = right.literal or left.literal
        if result is not None:
            tolerance = result.half_unit
            why = f"half a unit in the last printed place of {result.printed}"
        else:
            tolerance = left.spread + right.spread
            why = "how far the printed inputs are from the computed values"
        holds = difference <= tolerance + noise
    elif operator == "≈" and left.literal and right.literal:
        tolerance = max(left.literal.half_unit, right.literal.half_unit)
        why = "two printed numbers, at the coarser printed precision"
        holds = difference <= tolerance + noise
    elif operator == "≈":
        tolerance = left.spread + right.spread
        why = "how far each printed number is from its computed value, propagated"
        holds = difference <= tolerance + noise
    else:
        tolerance, why = Decimal(0), "as written"
        holds = {
            "<": left.value < right.value,
            ">": left.value > right.value,
            "≤": left.value <= right.value + noise,
            "≥": left.value + noise >= right.value,
        }[operator]
    return Relation(
        text,
        operator,
        rules.HOLDS if holds else rules.FAILS,
        left=_number(left.value),
        right=_number(right.value),
        tolerance=f"±{_number(tolerance)} ({why})",
    )


def _number(value: Decimal) -> str:
    return f"{value.normalize():g}" if value == value.to_integral() else f"{float(value):.12g}"


def _shown(tex: str, quantities: Mapping[int, Quantity]) -> str:
    """The side as the reader sees it: placeholders back to their printed digits."""

    def back(match: re.Match) -> str:
        return quantities[int(match.group(1))].shown

    return re.sub(r"\{@(\d+)@\}", back, tex).strip()
