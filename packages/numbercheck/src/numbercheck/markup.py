r"""The binding markup, as authors write it inside ``$…$`` and ``$$…$$``.

``\num{name}{0.0787}`` prints 0.0787 and claims it is the computed value ``name``;
``\num{name|truncate}{1.4996}`` declares a rule other than correct rounding (see rules.py);
``\lit{10}`` prints a number that is deliberately not a computed quantity (the 10 元 of the
story, a constant in a formula). For JupyterLab a page defines both macros in its first
cell, which the site leaves out (page_rules); a ``$\newcommand…$`` line defining them for
plain Jupyter's MathJax is removed by the build, if a page has one. A
display equation whose digits are all formula constants says so with the TeX comment
``% bp: symbolic``, which exempts its whole numbers (not its decimals) from the audit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import DEFAULT_RULE

BOUND = re.compile(r"\\num\{(?P<key>[A-Za-z_]\w*)(?:\|(?P<rule>[^{}]*))?\}\{(?P<printed>[^{}]*)\}")
EXEMPT = re.compile(r"\\lit\{(?P<printed>[^{}]*)\}")
ANY_MACRO = re.compile(r"\\(?:num|lit)(?![A-Za-z])")
DEFINITIONS = re.compile(r"\s*(?:\\newcommand\{\\(?:num|lit)\}\[\d\]\{#\d\}\s*)+")
DIRECTIVE = re.compile(r"(?<!\\)%\s*bp:[^\n]*")
SYMBOLIC = re.compile(r"(?<!\\)%\s*bp:\s*symbolic")

# What is never a quantity, so the audit does not look at it.
_STRUCTURE = re.compile(
    r"\\tag\{[^{}]*\}"  # equation numbers
    # Indices and powers (x_0, w_{1}, A^2, e^{-x}): a subscript or exponent whose digits are
    # single digits. One with a number of two or more digits or a decimal (x_{30}, e^{1.125})
    # is a quantity, and is audited like any other.
    r"|[_^](?:\{(?![^{}]*\d[\d.])[^{}]*\}|\d)"
    r"|(?<!\\)%[^\n]*"  # TeX comments (not \%, a printed percent sign)
    r"|\\(?:begin|end)\{[^{}]*\}"  # environment names
)
# A power of ten, its exponent with one level of braces inside (``^{\num{k}{-12}}``).
POWER_OF_TEN = re.compile(
    r"(?:\\lit\{10\}|(?<![\d.])10)\s*\^\s*(?P<exponent>\{(?:[^{}]|\{[^{}]*\})*\}|\d)"
)
NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)*")
# What may follow a printed number and change its value: a percent or per-mille sign, or a
# power of ten (its exponent printed, bound or \lit). Chinese 万 and 亿 after a number in prose.
_SCALE = re.compile(
    r"\s*(?:(?P<percent>\\%|%)|(?P<permille>‰|\\permil)"
    r"|\\times\s*(?:\\lit\{10\}|10)\s*\^\s*(?P<power>\{(?:[^{}]|\{[^{}]*\})*\}|-?\d))"
)
_PROSE_SCALE = {"%": -2, "％": -2, "‰": -3, "万": 4, "亿": 8}
_INNER = re.compile(r"\\(?:num\{[^{}]*\}|lit)\{(?P<printed>[^{}]*)\}")
UNICODE_NUMBER = re.compile("[\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u00bc-\u00be\u2150-\u215e]+")


@dataclass(frozen=True)
class Binding:
    """One ``\\num{key|rule}{printed}`` as written."""

    key: str
    rule: str | None  # None: the default rule
    printed: str
    markup: str

    @classmethod
    def of(cls, match: re.Match[str]) -> Binding:
        """The binding that a match of ``BOUND`` wrote."""
        return cls(match["key"], match["rule"], match["printed"], match.group(0))

    @property
    def rule_name(self) -> str:
        return self.rule or DEFAULT_RULE.name


def bindings(tex: str) -> list[Binding]:
    return [Binding.of(m) for m in BOUND.finditer(tex)]


def malformed(tex: str) -> list[str]:
    r"""Uses of ``\num``/``\lit`` that do not parse, as written (e.g. ``\num{x}`` alone)."""
    starts = {m.start() for m in BOUND.finditer(tex)} | {m.start() for m in EXEMPT.finditer(tex)}
    return [
        tex[m.start() : m.start() + 40].split("\n")[0]
        for m in ANY_MACRO.finditer(tex)
        if m.start() not in starts
    ]


def neutralise_malformed(tex: str) -> str:
    r"""Replace each malformed ``\num``/``\lit`` with ``?`` so that the formula still renders.

    The check reports the markup itself; this keeps a second, confusing TeX error away.
    """
    starts = {m.start() for m in BOUND.finditer(tex)} | {m.start() for m in EXEMPT.finditer(tex)}
    return ANY_MACRO.sub(lambda m: m.group(0) if m.start() in starts else "?", tex)


def without_directives(tex: str) -> str:
    r"""The formula without its ``% bp: …`` comments, which only the check reads.

    KaTeX (strict) rejects a comment that ends an inline formula, and readers need neither.
    """
    return DIRECTIVE.sub("", tex)


def is_definitions(tex: str) -> bool:
    r"""The page's one-off ``\newcommand`` line for Jupyter, which the build removes."""
    return DEFINITIONS.fullmatch(tex) is not None


def unbound_numbers_in_math(tex: str) -> list[str]:
    """Number literals in a formula that are neither bound, exempt nor structural.

    The exponent of a power of ten (``\\lit{10}^{-12}``) is a magnitude, not the power of a
    formula such as ``A^2``: a whole number there is audited too, so that a tolerance the
    code computes with is bound to it.
    """
    magnitudes = " ".join(m["exponent"] for m in POWER_OF_TEN.finditer(tex))
    tex = POWER_OF_TEN.sub(lambda m: m.group(0)[: m.start("exponent") - m.start()], tex)
    rest = _STRUCTURE.sub(" ", EXEMPT.sub(" ", BOUND.sub(" ", tex)))
    rest += " " + EXEMPT.sub(" ", BOUND.sub(" ", magnitudes))
    found = NUMBER.findall(rest)
    if SYMBOLIC.search(tex):
        found = [n for n in found if "." in n]
    return [n for n in found if n.count(".") <= 1]


def unbound_numbers_in_prose(text: str, section_reference: re.Pattern[str]) -> list[str]:
    """Number literals in running text, less section, figure and equation numbers.

    A number with two or more dots (1.3.7) is a section, figure or equation number;
    ``section_reference`` matches how the page's language names a section ("第 1.4 节",
    "Section 1.4", language.py). Superscript digits and vulgar fractions (x², ⅓) are
    numbers too, which the ASCII digits alone would miss.
    """
    rest = section_reference.sub(" ", text)
    found = [n for n in NUMBER.findall(rest) if n.count(".") <= 1]
    return found + UNICODE_NUMBER.findall(rest)


def scale_after(tex: str, end: int) -> int:
    """The power of ten that what follows position ``end`` applies to the number before it:
    ``5.1\\%`` is 5.1 × 10⁻², ``7\\times\\lit{10}^{-14}`` is 7 × 10⁻¹⁴. 0 if nothing does."""
    match = _SCALE.match(tex, end)
    if match is None:
        return 0
    if match["percent"]:
        return -2
    if match["permille"]:
        return -3
    power = match["power"]
    power = power[1:-1] if power.startswith("{") else power
    inner = _INNER.fullmatch(power.strip())
    power = inner["printed"] if inner else power
    try:
        return int(power.replace("−", "-").strip())
    except ValueError:
        return 0


def scale_in_prose(following: str) -> int:
    """The power of ten that a sign or word right after a number in prose applies (万: 4)."""
    text = following.lstrip()
    return _PROSE_SCALE.get(text[:1], 0) if text else 0
