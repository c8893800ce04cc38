"""The formula worker: one process that reads sides and verifies identities for the check.

Reading a side (symbolic.parse) and verifying a relation in free symbols (symbolic.verify)
need sympy, whose import takes half a second. ``COMPILER`` forks one worker process when
Sphinx starts (``warm``), is given every formula of the pages about to be read (``start``,
from relations.shapes), and works through them while the build executes notebooks; the
check then usually finds each result ready (``function``, ``outcome``), and the build
process never imports sympy. Without a worker (a direct call in tests) it works in this
process. Results are kept per side and per job, so equal formulas are read once.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable
from decimal import Decimal
from multiprocessing.pool import AsyncResult, Pool

from . import symbolic
from .symbolic import Job, Outcome, verify

DIGITS = 40  # a side's value is computed at this many significant digits


def compile_tex(tex: str, count: int) -> tuple[bool, str]:
    """Read a side: ``(True, mpmath code)`` or ``(False, why not)``.

    Runs in the parser's worker process. The side is read twice, as every formula is
    (symbolic.parse: read, printed back by sympy, read again, the two compared); the code is
    a Python expression in ``x1 … xn`` that uses only ``mpmath``, so the build process never
    imports sympy.
    """
    import sympy
    from sympy.printing.pycode import MpmathPrinter

    try:
        expression = symbolic.parse(re.sub(r"\\xi_\{(\d+)\}", r"{a_{\1}}", tex))
    except ImportError as error:  # every relation would be "unevaluated": stop instead
        raise RuntimeError(f"numbercheck cannot parse formulas: {error}") from None
    except symbolic.UnevaluableError as why:
        return False, f"sympy cannot read it ({why})"
    placeholders = {sympy.Symbol(f"a_{{{i}}}"): sympy.Symbol(f"x{i}") for i in range(1, count + 1)}
    expression = expression.xreplace(placeholders)
    unknown = expression.free_symbols - set(placeholders.values())
    if unknown:
        return False, "symbols with no published value: " + ", ".join(sorted(map(str, unknown)))
    return True, MpmathPrinter().doprint(expression)


class Compiler:
    """Turns the TeX of a side into a function, parsing in a worker process.

    Importing sympy takes half a second, verifying an identity some milliseconds. ``start``
    submits every formula of the pages about to be read to one worker process, which reads
    and verifies them while the build executes notebooks; ``function`` and ``outcome`` then
    usually find the result ready. Without a worker (a direct call in tests) it works in this
    process.
    """

    def __init__(self) -> None:
        self.pool: Pool | None = None
        self.owner = 0  # the process that started the pool (Sphinx's -j forks readers)
        self.pending: dict[tuple[str, int] | Job, AsyncResult] = {}
        self.functions: dict[tuple[str, int], Callable | str] = {}
        self.outcomes: dict[Job, Outcome] = {}

    def warm(self) -> None:
        """Start the worker and let it import sympy while Sphinx is still starting up."""
        if self.pool is None:
            self.pool = multiprocessing.get_context("fork").Pool(1)
            self.owner = os.getpid()
            self.pool.apply_async(compile_tex, ("1", 0))

    def start(self, shapes: list[tuple[str, int] | Job]) -> None:
        shapes = [s for s in dict.fromkeys(shapes) if s not in self.functions]
        shapes = [s for s in shapes if s not in self.outcomes and s not in self.pending]
        if not shapes:
            return
        self.warm()
        # Parses first: the pages' numbers need them; the identities (slower) come after.
        for shape in sorted(shapes, key=lambda s: isinstance(s, Job)):
            if isinstance(shape, Job):
                self.pending[shape] = self.pool.apply_async(verify, (shape,))
            else:
                self.pending[shape] = self.pool.apply_async(compile_tex, shape)

    def outcome(self, job: Job) -> Outcome:
        """What the worker found for a relation in free symbols (identities.py)."""
        if self.pool is not None and os.getpid() != self.owner:  # a forked reader: no pool here
            self.pool, self.pending = None, {}
        if job not in self.outcomes:
            if job in self.pending:
                self.outcomes[job] = self.pending.pop(job).get()
            elif self.pool is not None:
                self.outcomes[job] = self.pool.apply_async(verify, (job,)).get()
            else:
                self.outcomes[job] = verify(job)
        return self.outcomes[job]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()  # parses nobody asked for are not waited for
        self.pool = None
        self.pending.clear()

    def function(self, tex: str, count: int) -> Callable[[list[Decimal]], Decimal] | str:
        """A function of the placeholders' values, or why the TeX cannot be evaluated."""
        shape = (tex, count)
        if self.pool is not None and os.getpid() != self.owner:  # a forked reader: no pool here
            self.pool, self.pending = None, {}
        if shape not in self.functions:
            if shape in self.pending:
                ok, code = self.pending.pop(shape).get()
            elif self.pool is not None:
                ok, code = self.pool.apply_async(compile_tex, (tex, count)).get()
            else:
                ok, code = compile_tex(tex, count)
            self.functions[shape] = _from_code(code, count) if ok else code
        return self.functions[shape]


def _from_code(code: str, count: int) -> Callable[[list[Decimal]], Decimal]:
    import mpmath

    arguments = ", ".join(f"x{i}" for i in range(1, count + 1))
    function = eval(f"lambda {arguments}: {code}", {"mpmath": mpmath})

    def evaluate(values: list[Decimal]) -> Decimal:
        with mpmath.workdps(DIGITS):
            result = mpmath.mpmathify(function(*(mpmath.mpf(str(v)) for v in values)))
            if not isinstance(result, mpmath.mpf) or not mpmath.isfinite(result):
                raise ValueError(f"{result} is not a finite real number")
            return Decimal(mpmath.nstr(result, DIGITS, min_fixed=-99, max_fixed=99))

    return evaluate


COMPILER = Compiler()
