r"""A side of a general formula, read into what sympy will parse and what its letters denote.

sympy's LaTeX parser knows arithmetic, ``\frac``, ``\sqrt``, ``\ln`` and ``e^``; it does not
know what the book means by ``\frac{dC}{dB}``, ``\Delta X``, ``\boldsymbol{w}`` or ``y'``. So
each of those, each name and each number becomes a placeholder ``a_{k}`` first, and the side
is a :class:`Reading`: the TeX left for the parser (placeholders, operators and those few
commands) and what each placeholder stands for, an :data:`Atom`. ``symbolic.py`` turns the
atoms into sympy objects in the worker process; nothing here imports sympy.

Atoms (tuples, so that a reading is hashable and crosses to the worker process):

- ``("number", "0.0625")``: an exact decimal;
- ``("name", "X")``: a symbol. Names are canonical: ``x_0`` and ``x_{0}`` are ``x_0``,
  ``\Delta X`` is ``ΔX``, ``\eta`` is ``η``, ``\boldsymbol{w}`` is ``vec:w``, ``X^{*}`` is
  ``X*``;
- ``("derivative", N, V)``: ``\frac{dN}{dV}``, ``\frac{\partial N}{\partial V}``;
- ``("prime", N)``: ``N'``, the derivative of N's definition in its one variable;
- ``("dot", a, b)`` and ``("norm", a)``: ``\boldsymbol{a}\cdot\boldsymbol{b}``,
  ``|\boldsymbol{a}|``;
- ``("tuple", reading, …)``: ``(1, 2)``, a vector of its components' readings;
- ``("limit", V, reading of the point, reading of the body)``: ``\lim_{V \to p} body``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import tokens

Atom = tuple


@dataclass(frozen=True)
class Reading:
    tex: str  # for the parser: placeholders a_{1}, a_{2}, … in order of first appearance
    atoms: tuple[Atom, ...]  # what a_{k} stands for is atoms[k - 1]


class UnreadableError(ValueError):
    """The side uses notation this reading does not give a meaning to; the message says which."""


GREEK = (
    "alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|lambda|mu|nu|xi|rho|sigma|tau"
    "|phi|varphi|chi|psi|omega"
)
_LETTERS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω",
}  # fmt: skip
_BASE = rf"\\boldsymbol\s*\{{\s*[A-Za-z]\s*\}}|\\(?:{GREEK})(?![A-Za-z])|[A-Za-z]"
_SUBSCRIPT = r"_\{\s*[A-Za-z0-9]+\s*\}|_[A-Za-z0-9]"
NAME = rf"(?:\\Delta\s*)?(?:{_BASE})(?:{_SUBSCRIPT})?(?:\^\{{\s*\*\s*\}})?"
_NAME = re.compile(NAME)
_D = r"(?:d|\\partial)"
_DERIVATIVE = re.compile(
    rf"\\frac\s*\{{\s*{_D}\s*(?P<of>{NAME})\s*\}}\s*\{{\s*{_D}\s*(?P<by>{NAME})\s*\}}"
)
_OPERATOR_DERIVATIVE = re.compile(rf"\\frac\s*\{{\s*{_D}\s*\}}")
_PRIME = re.compile(rf"(?P<of>{NAME})'")
_OF_VARIABLE = re.compile(rf"(?<![A-Za-z\\])(?P<name>(?![fgh]\()(?:{NAME}))\(\s*(?:{NAME})\s*\)")
_SECOND = re.compile(
    rf"\\frac\s*\{{\s*d\^\{{?2\}}?\s*(?P<of>{NAME})\s*\}}\s*\{{\s*d\s*(?P<by>{NAME})\s*\^\{{?2\}}?\s*\}}"
)
_BOLD = r"\\boldsymbol\s*\{\s*[A-Za-z]\s*\}"
_DOT = re.compile(rf"(?P<a>{_BOLD})\s*\\cdot\s*(?P<b>{_BOLD})")
_NORM = re.compile(rf"\|\s*(?P<a>{_BOLD})\s*\|")
_LIMIT = re.compile(rf"\\lim_\{{\s*(?P<var>{NAME})\s*\\to\s*(?P<to>[^{{}}]+)\}}")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The commands the parser is left with; any other makes the side unreadable.
KNOWN_COMMANDS = {r"\frac", r"\sqrt", r"\ln", r"\log", r"\exp", r"\cdot", r"\times", r"\div"}
PLACEHOLDER = re.compile(r"a_\{(\d+)\}")
_MARK = 0xE000
_MARKS = re.compile("[\ue001-\uf8ff]")
_IMPLICIT_PRODUCT = re.compile(r"(?<=[})])\s*(?=\{a_\{|\(|\\frac|\\sqrt|\\ln|\\log|\\exp|e\^)")


def name(tex: str) -> str:
    r"""The canonical name of a symbol as written: ``\Delta x_{0}`` → ``Δx_0``."""
    text = re.sub(r"\s+", "", _OF_VARIABLE.sub(lambda m: m["name"], tex))
    delta = text.startswith(r"\Delta")
    text = text.removeprefix(r"\Delta")
    star = text.endswith("^{*}")
    text = text.removesuffix("^{*}")
    bold = re.match(r"\\boldsymbol\{([A-Za-z])\}", text)
    if bold:
        text = "vec:" + bold.group(1) + text[bold.end() :]
    greek = re.match(rf"\\({GREEK})", text)
    if greek:
        text = _LETTERS[greek.group(1)] + text[greek.end() :]
    text = re.sub(r"_\{(\w+)\}", r"_\1", text)
    return ("Δ" if delta else "") + text + ("*" if star else "")


def is_name(tex: str) -> bool:
    """Whether the side is one symbol and nothing else (``X``, ``\\Delta X``, ``x_0``, or
    ``E(X)``, E as a function of X)."""
    return bool(_NAME.fullmatch(_OF_VARIABLE.sub(lambda m: m["name"], tex.strip())))


def shown(canonical: str) -> str:
    """A canonical name as a reader knows it: ``vec:w`` is the vector w."""
    delta = "Δ" if canonical.startswith("Δ") else ""
    base = canonical.removeprefix("Δ")
    if base.startswith("vec:"):
        return f"the vector {delta}{base[4:]}"
    return canonical


def is_vector(canonical: str) -> bool:
    return canonical.removeprefix("Δ").startswith("vec:")


def read(tex: str) -> Reading:
    """The side ``tex`` (bp markup already replaced by its printed digits) as a Reading."""
    atoms: list[Atom] = []

    def put(atom: Atom) -> str:
        atoms.append(atom)
        return chr(_MARK + len(atoms))  # one private-use character: no digit, no letter

    body = tex.strip()
    if _OPERATOR_DERIVATIVE.search(body):
        raise UnreadableError("a derivative operator applied to an expression")
    limit = _LIMIT.search(body)
    if limit:  # \lim_{V \to p} applies to the rest of the side
        head = body[: limit.start()]
        point, rest = read(limit["to"]), read(body[limit.end() :])
        body = head + put(("limit", name(limit["var"]), point, rest))
    body = _OF_VARIABLE.sub(lambda m: m["name"], body)  # E(X): E, as a function of X
    body = _tuples(body, put)
    body = _SECOND.sub(lambda m: put(("second", name(m["of"]), name(m["by"]))), body)
    body = _DERIVATIVE.sub(lambda m: put(("derivative", name(m["of"]), name(m["by"]))), body)
    body = _PRIME.sub(lambda m: put(("prime", name(m["of"]))), body)
    body = _DOT.sub(lambda m: put(("dot", name(m["a"]), name(m["b"]))), body)
    body = _NORM.sub(lambda m: put(("norm", name(m["a"]))), body)
    if re.search(r"(?<![A-Za-z\\])[fgh]\s*\(", body):
        raise UnreadableError("function notation, f(…)")
    body = _names(body, put)
    body = _NUMBER.sub(lambda m: put(("number", m.group(0))), body)
    unknown = set(re.findall(r"\\[A-Za-z]+", body)) - KNOWN_COMMANDS
    if unknown:
        raise UnreadableError("uses " + ", ".join(sorted(unknown)))
    if re.search(r"[A-Za-df-z]", re.sub(r"\\[A-Za-z]+", "", body)):
        raise UnreadableError("letters it cannot read as symbols")
    return _renumbered(body, atoms)


def _tuples(body: str, put) -> str:
    """``(a, b)`` with a comma outside inner brackets: a vector of its components."""
    start = 0
    while True:
        opening = body.find("(", start)
        if opening < 0:
            return body
        end = tokens.matching(body, opening)
        inner = body[opening + 1 : end - 1]
        parts, commas = tokens.split(inner, {","})
        if commas:
            components = tuple(read(part) for part in parts)
            marker = put(("tuple", *components))
            body = body[:opening] + marker + body[end:]
            start = opening + len(marker)
        else:
            start = opening + 1


def _names(body: str, put) -> str:
    out: list[str] = []
    position = 0
    for match in re.finditer(rf"{NAME}|\\[A-Za-z]+", body):
        text = match.group(0)
        if not _NAME.fullmatch(text):
            continue  # a command such as \frac: left as it is
        canonical = name(text)
        if canonical == "e":  # Euler's number, as the book writes e^{A}
            continue
        out.append(body[position : match.start()])
        out.append(put(("name", canonical)))
        position = match.end()
    out.append(body[position:])
    return "".join(out)


def _renumbered(body: str, atoms: list[Atom]) -> Reading:
    """Placeholders numbered in order of appearance, equal atoms sharing one, products made
    explicit: what sympy reads as a function call, ``a(b)``, is written ``a \\cdot (b)``."""
    order: list[Atom] = []
    index: dict[int, int] = {}
    for mark in _MARKS.findall(body):
        atom = atoms[ord(mark) - _MARK - 1]
        if atom not in order:
            order.append(atom)
        index[ord(mark)] = order.index(atom) + 1
    text = _MARKS.sub(lambda m: f"{{a_{{{index[ord(m.group(0))]}}}}}", body)
    text = _IMPLICIT_PRODUCT.sub(r" \\cdot ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return Reading(text, tuple(order))


def names_in(reading: Reading) -> set[str]:
    """Every symbol a reading uses, derivatives' and vectors' included."""
    found: set[str] = set()
    for atom in reading.atoms:
        kind = atom[0]
        if kind == "name":
            found.add(atom[1])
        elif kind in ("derivative", "second", "prime", "dot", "norm"):
            found.update(atom[1:])
        elif kind == "tuple":
            for component in atom[1:]:
                found |= names_in(component)
        elif kind == "limit":
            found |= {atom[1]} | names_in(atom[2]) | names_in(atom[3])
    return found


def is_constant(reading: Reading) -> bool:
    """No symbol, no derivative: numbers and arithmetic only (a tuple of them too)."""
    return not names_in(reading)


# -- the parser's TeX, as Python ------------------------------------------------------------
# A reading's TeX is a small language: placeholders a_{k}, whole numbers, + - \cdot \times /
# ^, \frac, \sqrt, \ln, \log, \exp, e^, brackets and |…|. sympy.latex prints an expression
# of placeholders in the same language (with \left, \right). ``python`` writes it as a Python
# expression of sympy calls; symbolic.py reads it, prints it back and reads that again.

_SKIP = {r"\left", r"\right", r"\,", r"\;", r"\:", r"\!", "\\ ", " ", "\n", "\t"}
_FUNCTIONS = {r"\sqrt": "sqrt", r"\ln": "log", r"\log": "log", r"\exp": "exp"}


def python(tex: str) -> str:
    """The reading's TeX as a Python expression in ``a_1, a_2 …``, ``Integer``, ``sqrt``,
    ``log``, ``exp``, ``Abs`` and ``E``; raises UnreadableError for anything else."""
    found = [t for t in tokens.TOKEN.findall(tex) if t not in _SKIP]
    text, end = _sequence(found, 0, None)
    if end != len(found):
        raise UnreadableError("unbalanced brackets")
    return text


def _sequence(found: list[str], i: int, closer: str | None) -> tuple[str, int]:
    out: list[str] = []
    operand = False  # the last thing written is an operand: a next one multiplies it
    while i < len(found):
        token = found[i]
        if token == closer:
            return "".join(out) or "0", i + 1
        if token in "+-":
            out.append(token)
            operand, i = False, i + 1
            continue
        if token in (r"\cdot", r"\times", "*", "/", r"\div"):
            out.append("/" if token in ("/", r"\div") else "*")
            operand, i = False, i + 1
            continue
        if token == "^":
            exponent, i = _operand(found, i + 1)
            out.append(f"**({exponent})")
            continue
        value, i = _operand(found, i)
        out.append(("*" if operand else "") + value)
        operand = True
    if closer is not None:
        raise UnreadableError("unbalanced brackets")
    return "".join(out), i


def _operand(found: list[str], i: int) -> tuple[str, int]:
    if i >= len(found):
        raise UnreadableError("an operator with nothing after it")
    token = found[i]
    if token in ("{", "("):
        inner, i = _sequence(found, i + 1, "}" if token == "{" else ")")
        return f"({inner})", i
    if token == "|":
        inner, i = _sequence(found, i + 1, "|")
        return f"Abs({inner})", i
    if token == r"\frac":
        top, i = _operand(found, i + 1)
        bottom, i = _operand(found, i)
        return f"(({top})/({bottom}))", i
    if token in _FUNCTIONS:
        # \ln B^2 and \ln(X+1)^2 are the logarithm of a square, as the book means them;
        # sympy prints a call as \log{\left(…\right)}, whose power is the call's
        printed_call = found[i + 1 : i + 3] == ["{", "("]
        argument, i = _operand(found, i + 1)
        if not printed_call and i < len(found) and found[i] == "^":
            exponent, i = _operand(found, i + 1)
            argument = f"({argument})**({exponent})"
        return f"{_FUNCTIONS[token]}({argument})", i
    if token == "a" and found[i + 1 : i + 3] == ["_", "{"]:
        end = found.index("}", i + 3)
        index = "".join(found[i + 3 : end])
        if not index.isdigit():
            raise UnreadableError(f"a placeholder a_{{{index}}}")
        return f"a_{index}", end + 1
    if token == "e":
        return "E", i + 1
    if token.isdigit():
        digits = token
        i += 1
        while i < len(found) and (found[i].isdigit() or found[i] == "."):
            digits, i = digits + found[i], i + 1
        return f"Rational('{digits}')", i
    raise UnreadableError(f"cannot read {token!r}")
