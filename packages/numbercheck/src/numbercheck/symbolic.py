r"""A general relation verified with sympy: as an identity, or at the values the page gave.

Runs in the formula worker (worker.Compiler); the build process only builds the
:class:`Job` and reads the :class:`Outcome`, and never imports sympy.

What the letters mean (identities.py collects it from the page, in reading order):

- a symbol with a definition in force (``B = A^2`` in a formula marked ``% bp: defines``) is
  its definition, expanded down to the symbols that have none (the chain's ``X``);
- ``\frac{dC}{dB}`` (or ``\partial``) is sympy's derivative of C's definition with respect to B,
  the symbols between them expanded (a total derivative along the chain); ``y'`` is the
  derivative of y's definition in its one variable;
- ``\Delta V`` is a first-order increment: ``\Delta V = \frac{dV}{dX}\,\Delta X`` for the one
  symbol X that V's definition comes down to, the rule (1.3.3) states. A Δ of a symbol with
  no definition is a symbol of its own;
- ``\boldsymbol{w}`` is a vector ``(w_1, w_2)`` (the book's vectors have two elements unless
  a tuple in the relation says otherwise); a relation between vectors holds element by
  element; ``w_i`` is checked for each i;
- ``\lim_{h \to p}`` is sympy's limit.

An identity holds exactly when sympy simplifies left − right to 0; otherwise it is sampled
at :data:`POINTS` random points at :data:`DIGITS` digits, where both sides are finite real
numbers, and holds when they agree within :data:`TOLERANCE` (relative) at every one. One
point where they differ is a counterexample, and the relation fails.

Do not trust a parse: each TeX is parsed, printed back by sympy and parsed again, and both
readings must be the same expression (rebuilt in sympy's canonical form); otherwise the
relation is not evaluated.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .readings import Reading, UnreadableError, is_vector, python, shown

DIGITS = 50
POINTS = 24  # sample points where both sides are real, needed to call a relation an identity
DRAWS = 400  # points tried at most
TOLERANCE = "1e-30"
DIMENSION = 2


@dataclass(frozen=True)
class Job:
    kind: str  # "identity" or "point"
    operator: str
    left: Reading
    right: Reading
    definitions: tuple[tuple[str, Reading], ...] = ()
    givens: tuple[tuple[str, Reading], ...] = ()
    tolerance: str = "0"  # for "point": how far the printed numbers may be from exact
    earlier: tuple[tuple[str, tuple[Reading, ...]], ...] = ()  # replaced definitions, newest first


@dataclass(frozen=True)
class Outcome:
    verdict: str  # rules.HOLDS, FAILS or UNEVALUATED
    method: str = ""
    reason: str = ""
    left: str = ""
    right: str = ""
    known: bool = True  # every symbol is defined, or what a definition comes down to
    names: tuple[str, ...] = field(default=())


class UnevaluableError(Exception):
    """Why a relation cannot be evaluated (a reason a reader would accept)."""


def verify(job: Job) -> Outcome:
    """The outcome of one job, never an exception (a worker must not die on one formula)."""
    from .rules import UNEVALUATED

    try:
        return _verify(job)
    except UnevaluableError as why:
        return Outcome(UNEVALUATED, reason=str(why), known=False)
    except ImportError as error:  # every relation would be "unevaluated": stop instead
        raise RuntimeError(f"numbercheck cannot parse formulas: {error}") from None
    except Exception as error:  # sympy's own failures: stated, not hidden
        return Outcome(UNEVALUATED, reason=f"sympy cannot evaluate it ({type(error).__name__})")


def _verify(job: Job) -> Outcome:
    import sympy

    from .rules import FAILS, HOLDS, UNEVALUATED

    meaning = _Meaning(job)
    size = meaning.size
    point = job.kind == "point"
    lefts = [meaning.side(job.left, j, point) for j in range(size)]
    rights = [meaning.side(job.right, j, point) for j in range(size)]
    names = sorted({s.name for e in lefts + rights for s in e.free_symbols})
    known = all(meaning.known(n) for n in names)
    method = meaning.how()
    if job.kind == "point":
        return _at_point(job, meaning, lefts, rights, method)
    if job.operator != "=":
        raise UnevaluableError("an inequality between general expressions")
    pairs = zip(lefts, rights, strict=True)
    exact = all(sympy.simplify(left - right) == 0 for left, right in pairs)
    if exact:
        return Outcome(HOLDS, "identity, exactly (sympy)" + method, known=known)
    found = _sample(lefts, rights)
    if isinstance(found, int):
        how = f"identity, at {found} random points, {DIGITS} digits, relative tolerance {TOLERANCE}"
        return Outcome(HOLDS, how + method, known=known)
    if found is None:
        return Outcome(UNEVALUATED, reason="no sample point where both sides are real numbers")
    point, left, right = found
    where = ", ".join(f"{name} = {value}" for name, value in point)
    reason = f"not an identity: at {where} the left side is {left}, the right side {right}"
    return Outcome(FAILS, "identity" + method, reason, left, right, known=known)


def _sample(lefts, rights) -> int | tuple | None:
    """How many points agree, or the first point (name, value) where the sides differ."""
    import mpmath
    import sympy

    symbols = sorted({s for e in lefts + rights for s in e.free_symbols}, key=lambda s: s.name)
    functions = [
        sympy.lambdify(symbols, [left, right], modules="mpmath")
        for left, right in zip(lefts, rights, strict=True)
    ]
    draw = random.Random(19)  # the same points in every build
    tolerance = mpmath.mpf(TOLERANCE)
    agreed = 0
    with mpmath.workdps(DIGITS):
        for _ in range(DRAWS):
            point = [_draw(draw) for _ in symbols]
            try:
                pairs = [function(*point) for function in functions]
            except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                continue
            if not all(_real(v) for pair in pairs for v in pair):
                continue
            for left, right in pairs:
                scale = max(mpmath.mpf(1), abs(left), abs(right))
                if abs(left - right) > tolerance * scale:
                    where = zip(symbols, point, strict=True)
                    named = [(shown(s.name), mpmath.nstr(v, 6)) for s, v in where]
                    return named, mpmath.nstr(left, 12), mpmath.nstr(right, 12)
            agreed += 1
            if agreed == POINTS or not symbols:
                return agreed
    return None


def _draw(draw: random.Random):
    """A sample value: ±0.001 … ±4, three decimals, never 0."""
    import mpmath

    return mpmath.mpf(draw.choice((-1, 1)) * draw.randint(1, 4000)) / 1000


def _real(value) -> bool:
    import mpmath

    return isinstance(value, mpmath.mpf) and mpmath.isfinite(value)


def _at_point(job: Job, meaning: _Meaning, lefts, rights, method: str) -> Outcome:
    import mpmath

    from .rules import FAILS, HOLDS

    lefts = [meaning.at_givens(e, j) for j, e in enumerate(lefts)]
    rights = [meaning.at_givens(e, j) for j, e in enumerate(rights)]
    missing = sorted({meaning.whole(s.name) for e in lefts + rights for s in e.free_symbols})
    if missing:
        raise UnevaluableError(_no_value(missing))
    tolerance = mpmath.mpf(job.tolerance)
    holds = True
    shown_left, shown_right = [], []
    with mpmath.workdps(DIGITS):
        noise = mpmath.mpf("1e-30")
        for left, right in zip(lefts, rights, strict=True):
            a, b = mpmath.mpmathify(left.evalf(DIGITS)), mpmath.mpmathify(right.evalf(DIGITS))
            if not (_real(a) and _real(b)):
                raise UnevaluableError("not a real number at the given values")
            shown_left.append(mpmath.nstr(a, 12))
            shown_right.append(mpmath.nstr(b, 12))
            holds &= {
                "=": abs(a - b) <= tolerance + noise,
                "≈": abs(a - b) <= tolerance + noise,
                "<": a < b,
                ">": a > b,
                "≤": a <= b + noise,
                "≥": a + noise >= b,
            }[job.operator]
    used = ", ".join(f"{shown(n)} = {meaning.given_text(n)}" for n in meaning.used_givens)
    if used:
        how = f"at the page's given values {used} ({DIGITS} digits)" + method
    else:  # nothing to give: the expression is a number for every value of its symbols
        how = f"for every value of the symbols (sympy, {DIGITS} digits)" + method
    left, right = ", ".join(shown_left), ", ".join(shown_right)
    if len(shown_left) > 1:
        left, right = f"({left})", f"({right})"
    reason = "" if holds else f"the left side is {left}, the right side {right}"
    if not holds and job.operator in ("=", "≈"):
        reason += f", more than {job.tolerance} apart"
    return Outcome(HOLDS if holds else FAILS, how, reason, left, right)


def _no_value(names: list[str]) -> str:
    listed = ", ".join(shown(name) for name in names)
    return f"{listed} {'has' if len(names) == 1 else 'have'} no value here"


@lru_cache(maxsize=512)
def parse(tex: str):
    """The reading's TeX read twice: read, printed back by sympy, read again; the two
    expressions must be the same (sympy's canonical form, compared structurally).

    The reader is readings.python, for the small language a reading leaves (placeholders,
    arithmetic, \\frac, \\sqrt, \\ln, e^): sympy's own LaTeX parser has open reports of
    parses that change the meaning silently, and takes some 25 ms a formula.
    """
    import sympy

    first = _read(tex)
    printed = re.sub(r"\\(?:left|right)\|", "|", sympy.latex(first, mul_symbol="dot"))
    try:
        second = _read(printed)
    except UnreadableError:
        raise UnevaluableError(f"the second reading fails: sympy prints it as {printed}") from None
    if _canonical(first) != _canonical(second):
        raise UnevaluableError(f"the second reading differs: {first} against {second}")
    return first


def _read(tex: str):
    import sympy

    try:
        code = python(tex)
    except UnreadableError as why:
        raise UnevaluableError(str(why)) from None
    names = {f"a_{k}": sympy.Symbol(f"a_{{{k}}}") for k in re.findall(r"a_(\d+)", code)}
    functions = {"sqrt": sympy.sqrt, "log": sympy.log, "exp": sympy.exp, "Abs": sympy.Abs}
    scope = {"__builtins__": {}, "Rational": sympy.Rational, "E": sympy.E, **functions}
    try:
        return sympy.sympify(eval(code, scope, names))  # code written by python(): no names
    except (ZeroDivisionError, TypeError, ValueError) as error:
        raise UnevaluableError(f"cannot be read ({type(error).__name__})") from None


def _canonical(expression):
    """The expression rebuilt bottom-up with sympy's evaluation, the form both readings share."""
    if not expression.args:
        return expression
    return expression.func(*(_canonical(argument) for argument in expression.args))


class _Meaning:
    """The page's definitions and given values, turned into sympy objects on demand."""

    def __init__(self, job: Job) -> None:
        self.definitions = dict(job.definitions)
        self.earlier = dict(job.earlier)
        self.givens = dict(job.givens)
        self.size = max(_length(job.left), _length(job.right))
        self.cache: dict[str, object] = {}
        self.used_givens: list[str] = []
        self.elements: dict[str, str] = {}  # w_1 → vec:w, for the reasons
        self.notes: set[str] = set()
        self.roots = self._roots()

    def _roots(self) -> set[str]:
        """The symbols the definitions come down to (the chain's X)."""
        found: set[str] = set()
        for name in self.definitions:
            try:
                found |= {s.name for s in self.expanded(self.definition(name)).free_symbols}
            except UnevaluableError:
                continue
        return found - set(self.definitions)

    def known(self, name: str) -> bool:
        base = name.removeprefix("Δ")
        return base in self.definitions or base in self.roots

    def how(self) -> str:
        return "".join(sorted(self.notes))

    def definition(self, name: str):
        if name not in self.cache:
            self.cache[name] = None  # a definition that refers to itself stops here
            self.cache[name] = self.value(self.definitions[name], 0)
        if self.cache[name] is None:
            raise UnevaluableError(f"the definition of {name} refers to itself")
        return self.cache[name]

    def value(self, reading: Reading, j: int):
        import sympy

        expression = parse(reading.tex)
        meaning = {
            sympy.Symbol(f"a_{{{k}}}"): self.atom(atom, j)
            for k, atom in enumerate(reading.atoms, start=1)
        }
        return expression.xreplace(meaning)

    def atom(self, atom: tuple, j: int):
        import sympy

        kind = atom[0]
        if kind == "number":
            return sympy.Rational(atom[1])
        if kind == "name":
            return self.symbol(atom[1], j)
        if kind == "derivative":
            return self.derivative(atom[1], self.symbol(atom[2], j))
        if kind == "second":
            first = self.derivative(atom[1], self.symbol(atom[2], j))
            return first.diff(self.symbol(atom[2], j))
        if kind == "prime":
            return self.prime(atom[1])
        if kind == "dot":
            return sum(self.symbol(atom[1], i) * self.symbol(atom[2], i) for i in range(DIMENSION))
        if kind == "norm":
            return sympy.sqrt(sum(self.symbol(atom[1], i) ** 2 for i in range(DIMENSION)))
        if kind == "tuple":
            components = atom[1:]
            if j >= len(components):
                raise UnevaluableError("vectors of different lengths")
            return self.value(components[j], 0)
        if kind == "limit":
            variable = self.symbol(atom[1], 0)
            self.notes.add("; the limit by sympy")
            return sympy.limit(self.value(atom[3], j), variable, self.value(atom[2], 0))
        raise UnevaluableError(f"cannot read {kind}")

    def symbol(self, name: str, j: int):
        import sympy

        if is_vector(name):
            delta = "Δ" if name.startswith("Δ") else ""
            self.notes.add("; vectors element by element")
            element = f"{delta}{name.removeprefix('Δ')[4:]}_{j + 1}"
            self.elements[element] = name
            return sympy.Symbol(element)
        return sympy.Symbol(name)

    def whole(self, name: str) -> str:
        """``w_1`` as the vector it is an element of, if it came from one."""
        return self.elements.get(name, name)

    def expanded(self, expression, keep=None):
        """Every defined symbol replaced by its definition, down to the roots (not ``keep``)."""
        for _ in range(50):
            replace = {
                s: self.definition(s.name)
                for s in expression.free_symbols
                if s.name in self.definitions and s != keep
            }
            if not replace:
                return expression
            expression = expression.xreplace(replace)
        raise UnevaluableError("the definitions do not come to an end")

    def derivative(self, of: str, by):
        if of == by.name:  # dE/dE, where the chain rule starts
            import sympy

            return sympy.Integer(1)
        if of not in self.definitions:
            raise UnevaluableError(f"{of} has no definition in force, so d{of}/d{by} is not known")
        expression = self.expanded(self.definition(of), keep=by)
        if by not in expression.free_symbols:
            # L = ½(y−4)² in an example does not make ∂L/∂E of the general L = ½(E−Y)² zero:
            # the latest earlier definition that involves the variable is meant
            for older in self.earlier.get(of, ()):
                candidate = self.expanded(self.value(older, 0), keep=by)
                if by in candidate.free_symbols:
                    self.notes.add(f"; {of} as first defined on the page")
                    expression = candidate
                    break
            else:
                found = {s.name for s in expression.free_symbols}
                for older in self.earlier.get(of, ()):
                    found |= {s.name for s in self.expanded(self.value(older, 0)).free_symbols}
                roots = ", ".join(sorted(found))
                raise UnevaluableError(
                    f"no definition of {of} on this page involves {by} (they come down to "
                    f"{roots}), so d{of}/d{by} is not known"
                )
        self.notes.add("; derivatives of the page's definitions (sympy)")
        return expression.diff(by)

    def prime(self, of: str):
        if of not in self.definitions:
            raise UnevaluableError(f"{of} has no definition in force, so {of}' is not known")
        expression = self.expanded(self.definition(of))
        variables = [s for s in expression.free_symbols if not s.name.startswith("Δ")]
        if len(variables) != 1:
            raise UnevaluableError(f"{of}' names no single variable")
        self.notes.add("; derivatives of the page's definitions (sympy)")
        return expression.diff(variables[0])

    def side(self, reading: Reading, j: int, given: bool = False):
        """A side with every definition expanded and every Δ as a first-order increment;
        with ``given``, the values the page gave first (they win over any definition)."""
        import sympy

        expression = self.value(reading, j)
        if given:  # at a point, a Δ is the value given to it, not an increment
            return self.expanded(self.at_givens(expression, j))
        expression = self.expanded(expression)
        increments = {}
        for s in expression.free_symbols:
            base = s.name.removeprefix("Δ")
            if s.name == base or base not in self.definitions:
                continue
            full = self.expanded(self.definition(base))
            variables = [v for v in full.free_symbols if not v.name.startswith("Δ")]
            if len(variables) == 1:
                variable = variables[0]
                increments[s] = full.diff(variable) * sympy.Symbol("Δ" + variable.name)
        if increments:
            self.notes.add("; Δ as first-order increments (ΔV = dV/dX·ΔX)")
            expression = self.expanded(expression.xreplace(increments))
        return expression

    def at_givens(self, expression, j: int):
        import sympy

        values = {}
        for s in expression.free_symbols:
            given = self._given(s.name, j)
            if given is not None:
                values[s] = given
        return sympy.simplify(expression.xreplace(values)) if values else expression

    def _given(self, name: str, j: int):
        if name in self.givens:
            if name not in self.used_givens:
                self.used_givens.append(name)
            return self.value(self.givens[name], j)
        element = re.fullmatch(r"(Δ?)([A-Za-z])_(\d+)", name)
        if element:  # w_1 is the first element of a given \boldsymbol{w}
            vector = f"{element[1]}vec:{element[2]}"
            if vector in self.givens:
                if vector not in self.used_givens:
                    self.used_givens.append(vector)
                return self.value(self.givens[vector], int(element[3]) - 1)
        return None

    def given_text(self, name: str) -> str:
        reading = self.givens[name]
        return _shown(reading)


def _shown(reading: Reading) -> str:
    """A constant reading as the reader would write it (for the method's text)."""

    def back(match: re.Match) -> str:
        atom = reading.atoms[int(match.group(1)) - 1]
        if atom[0] == "number":
            return atom[1]
        if atom[0] == "tuple":
            return "(" + ", ".join(_shown(c) for c in atom[1:]) + ")"
        return "?"

    text = re.sub(r"\{a_\{(\d+)\}\}", back, reading.tex)
    return text.replace(r"\cdot", "·").replace(" ", "")


def _length(reading: Reading) -> int:
    """How many elements the side has: a tuple's length, a vector's, or 1."""
    for atom in reading.atoms:
        if atom[0] == "tuple":
            return len(atom) - 1
        if atom[0] in ("name", "derivative") and any(is_vector(a) for a in atom[1:]):
            return DIMENSION
    return 1
