"""Every equals sign, not only those at the page's values: general relations as identities.

The definitions are the chapter's own formulas ((1.3.2), (1.3.5), (1.4.1)), read the way the
build reads them (``% bp: defines``); each false relation must come out "fails", each of the
chapter's true ones "holds", and one build of an edited copy must fail with file and line.
"""

from __future__ import annotations

import pytest
from numbercheck import identities, relations, rules, source, symbolic

from tests.book import CHAPTER, ROOT, build, edit

CHAIN = (
    r"\begin{cases} A = X+1 \\ B = A^2 \\ C = \ln B \\ D = \sqrt{C} \\ E = D - 1 \end{cases}"
    r" % bp: defines"
)
SQUARE = r"y=x^2 % bp: defines"
LOSS = r"L = \frac{1}{2}(E-Y)^2 % bp: defines"


def page(*formulas: str) -> identities.Scope:
    """The scope after reading ``formulas`` in order, as a page's check does."""
    scope = identities.Scope()
    for tex in formulas:
        relations.check_formula(tex, {}, {}, scope)
    return scope


def judged(tex: str, *definitions: str) -> list[relations.Relation]:
    return relations.check_formula(tex, {}, {}, page(*definitions))


def verdicts(tex: str, *definitions: str) -> list[str]:
    return [r.verdict for r in judged(tex, *definitions)]


@pytest.mark.parametrize(
    ("tex", "definitions"),
    [
        (r"\frac{dC}{dB} = B", [CHAIN]),
        (r"(a+b)^2 = a^2+b^2", []),
        (r"\frac{dB}{dA} = 3A", [CHAIN]),
        # a chain rule with a factor left out, and one with a wrong factor
        (r"\frac{dE}{dX} = \frac{dE}{dD} \frac{dD}{dC} \frac{dC}{dB}", [CHAIN]),
        (r"\frac{dE}{dX} = 1 \cdot \frac{1}{\sqrt{C}} \cdot \frac{1}{B} \cdot 2A \cdot 1", [CHAIN]),
        (r"\Delta A = \Delta B \cdot 2A", [CHAIN]),  # multiplied where (1.3.6) divides
        (r"y' = 3x", [SQUARE]),
        (r"\frac{\Delta y}{\Delta x} = x", [SQUARE]),
        (r"\frac{\partial L}{\partial E} = Y-E", [LOSS]),
        (r"\lim_{h \to 0} \frac{(x+h)^2 - x^2}{h} = x", []),
        (r"\boldsymbol{w}\cdot\boldsymbol{x}+b = w_1x_1+w_1x_2+b", []),
        (r"\ln B = 3\ln A", [CHAIN]),  # sympy cannot simplify it: sampled, and found false
    ],
)
def test_a_false_general_relation_fails_with_a_counterexample(tex, definitions):
    found = judged(tex, *definitions)
    assert [r.verdict for r in found] == [rules.FAILS], found
    assert "not an identity: at " in found[0].reason
    assert "not an identity" in found[0].message and "left side" in found[0].message


@pytest.mark.parametrize(
    ("tex", "definitions", "method"),
    [
        (r"\frac{dC}{dB} = \frac{1}{B}", [CHAIN], "exactly"),
        (
            r"\frac{dE}{dX} = \frac{dE}{dD} \frac{dD}{dC} \frac{dC}{dB} \frac{dB}{dA}"
            r" \frac{dA}{dX}=1 \cdot \frac{1}{2\sqrt{C}} \cdot \frac{1}{B} \cdot 2A \cdot 1"
            r" = \frac{A}{B \sqrt{C}} = \frac{\Delta E}{\Delta X}",
            [CHAIN],
            "exactly",
        ),
        (
            r"\Delta X = \Delta A=\frac{\Delta B}{2A}=\frac{B \cdot \Delta C}{2A}"
            r"=\frac{B\cdot 2\sqrt{C} \cdot \Delta D}{2A}"
            r" = \frac{B\cdot \sqrt{C} \cdot \Delta E}{A}",
            [CHAIN],
            "exactly",
        ),
        (r"y'=\frac{\Delta y}{\Delta x}=2x", [SQUARE], "exactly"),
        (r"\frac{\partial L}{\partial E} = E-Y", [LOSS], "exactly"),
        (r"\lim_{h \to 0} \frac{(x+h)^2 - x^2}{h} = 2x", [], "exactly"),
        (r"\boldsymbol{w}\cdot\boldsymbol{x}+b = w_1x_1+w_2x_2+b", [], "exactly"),
        (r"\ln B = 2\ln A", [CHAIN], "random points"),  # ln A² = 2 ln A only where A > 0
    ],
)
def test_a_true_general_relation_holds_and_says_how(tex, definitions, method):
    found = judged(tex, *definitions)
    assert {r.verdict for r in found} == {rules.HOLDS}, found
    assert all(method in r.method for r in found), [r.method for r in found]


def test_a_claim_at_a_point_uses_the_values_the_page_gave():
    scope = page(r"y=x^3 % bp: defines")
    right = relations.check_formula(r"x=\lit{2}，\frac{dy}{dx}=\lit{3}x^2=\lit{12}", {}, {}, scope)
    assert [r.verdict for r in right] == [rules.DEFINITION, rules.HOLDS, rules.HOLDS]
    assert "x = 2" in right[2].method
    wrong = relations.check_formula(r"\frac{dy}{dx}=\lit{13}", {}, {}, scope)
    assert [r.verdict for r in wrong] == [rules.FAILS]
    assert "the left side is 12" in wrong[0].reason


def test_definitions_and_given_values_are_listed_as_such_not_checked():
    scope = identities.Scope()
    found = relations.check_formula(CHAIN, {}, {}, scope)
    assert [r.verdict for r in found] == [rules.DEFINITION] * 5
    assert found[1].reason == "defines B (% bp: defines)"
    given = relations.check_formula(r"X = \lit{2}，\eta=\lit{0.05}", {}, {}, scope)
    assert [r.verdict for r in given] == [rules.DEFINITION] * 2
    assert given[1].reason.startswith("gives η a value")
    condition = relations.check_formula(r"E = Y", {}, {}, identities.Scope())
    assert condition[0].verdict == rules.DEFINITION
    assert "introduces E or states a condition" in condition[0].reason


def test_a_new_definition_replaces_the_old_one_from_there_on():
    scope = page(SQUARE)
    assert verdicts(r"\frac{dy}{dx} = 2x", SQUARE) == [rules.HOLDS]
    relations.check_formula(r"y=x^3 % bp: defines", {}, {}, scope)
    found = relations.check_formula(r"\frac{dy}{dx} = 2x", {}, {}, scope)
    assert [r.verdict for r in found] == [rules.FAILS]


def test_a_relation_right_only_at_the_pages_values_fails():
    """dB/dA = A + 3 is 6 at the chapter's A = 3, like 2A: the numbers alone pass it."""
    symbols = source.page_symbols({"numbercheck": {"symbols": {"A": "A", r"\frac{dB}{dA}": "g"}}})
    relations.check_formula(CHAIN, symbols, {"A": 3.0, "g": 6.0})
    tex = r"\frac{dB}{dA} = A+3 % bp: symbolic"
    found = relations.check_formula(tex, symbols, {"A": 3.0, "g": 6.0})
    assert [r.verdict for r in found] == [rules.FAILS]
    assert found[0].reason.startswith("holds at the printed values, but is not an identity")


def test_what_stays_unevaluated_says_why():
    found = judged(r"\frac{dD}{dC} = \frac{1}{2\sqrt{C}}")  # no definitions on this page
    assert [r.verdict for r in found] == [rules.UNEVALUATED]
    assert found[0].reason == "D has no definition in force, so dD/dC is not known"
    found = judged(r"\frac{x \Delta y}{2} \approx \lit{0.1418}", SQUARE)
    assert found[0].reason == "x, Δy have no value here"


def test_a_parse_is_counted_only_when_a_second_reading_agrees(monkeypatch):
    """sympy's parser can change a formula's meaning without an error: here the printer is
    made to write the expression back wrongly, and the relation is no longer 'holds'."""
    import sympy

    symbolic.parse.cache_clear()
    real = sympy.latex
    monkeypatch.setattr(sympy, "latex", lambda e, **kw: real(e, **kw).replace("+", "-"))
    try:
        found = judged(r"(a+b)^2 = a^2+2ab+b^2")
    finally:
        symbolic.parse.cache_clear()
    assert [r.verdict for r in found] == [rules.UNEVALUATED]
    assert found[0].reason.startswith("the second reading differs")


def test_the_report_keeps_its_fields_and_adds_the_method():
    relation = judged(r"\frac{dC}{dB} = \frac{1}{B}", CHAIN)[0]
    assert set(vars(relation)) >= {"text", "operator", "verdict", "reason", "method"}
    assert relation.verdict in rules.RELATION_VERDICTS


@pytest.mark.build
def test_a_wrong_derivative_in_the_chapter_fails_the_build_with_file_and_line(book):
    """(1.3.6)'s dB/dA = 2A written A + 3: right at the chapter's A = 3, wrong everywhere
    else; the printed numbers alone would pass it."""
    edit(book / CHAPTER, r"\frac{dB}{dA} = 2A,", r"\frac{dB}{dA} = A+3,")
    lines = (book / CHAPTER).read_text(encoding="utf8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if r"\frac{dB}{dA} = A+3" in text)
    result = build(book)
    assert not result.ok
    assert f"book/backprop.md:{line}: relation '\\frac{{dB}}{{dA}} = A+3' does not hold" in (
        result.output
    ), result.output[-3000:]
    assert "not an identity" in result.output


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\frac{1}{2}(E-Y)^2", "(E - Y)**2/2"),  # a product, not the function ½ applied
        (r"\ln B - 1", "log(B) - 1"),  # not ln(B − 1)
        (r"-x^2", "-x**2"),  # not (−x)²
        (r"2\sqrt{C}\cdot\Delta D", "2*sqrt(C)*ΔD"),
        (r"e^{A}", "exp(A)"),
        (r"|\Delta E_2|/|\Delta E_1|^2", "Abs(ΔE_2)/Abs(ΔE_1)**2"),
        (r"\frac{x \Delta y}{2}", "x*Δy/2"),
    ],
)
def test_the_reader_reads_what_the_book_means(tex, expected):
    import sympy

    reading = symbolic.parse(readings_of(tex).tex)
    named = {
        sympy.Symbol(f"a_{{{k}}}"): _atom(atom) for k, atom in enumerate(readings_of(tex).atoms, 1)
    }
    assert str(reading.xreplace(named)) == expected


def readings_of(tex: str):
    from numbercheck import readings

    return readings.read(tex)


def _atom(atom):
    import sympy

    return sympy.Rational(atom[1]) if atom[0] == "number" else sympy.Symbol(atom[1])


def test_one_tokenizer_cuts_outside_brackets_only():
    from numbercheck import tokens

    parts, found = tokens.split(r"\frac{a=b}{c} = (d, e) \approx f", {"=", r"\approx", ","})
    assert parts == [r"\frac{a=b}{c} ", " (d, e) ", " f"]
    assert found == ["=", r"\approx"]


def test_a_page_can_use_another_pages_definitions():
    symbols = source.page_symbols({"numbercheck": {"definitions": ["backprop"]}}, ROOT / "book")
    assert {"A", "B", "C", "D", "E", "y"} <= set(symbols.scope.definitions)
    found = relations.check_formula(r"\frac{dD}{dC}=\frac{1}{2\sqrt{C}}", symbols, {})
    assert [r.verdict for r in found] == [rules.HOLDS]


def test_the_prefetch_asks_the_worker_for_every_job_the_check_needs(monkeypatch):
    """What the worker verifies while notebooks run (relations.shapes, from the raw source)
    is what the check then asks for: none is verified on demand."""
    import re

    import yaml
    from numbercheck import worker

    front = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
    asked: list = []
    monkeypatch.setattr(worker.COMPILER, "outcome", lambda job: asked.append(job) or _held(job))
    for path in sorted((ROOT / "book").glob("*.md")):
        text = path.read_text(encoding="utf8")
        match = front.match(text)
        metadata = (yaml.safe_load(match.group(1)) if match else None) or {}
        prefetched = set()
        symbols = source.page_symbols(metadata, path.parent)
        for tex in source.formulas_in_source(text):
            prefetched |= {s for s in relations.shapes(tex, symbols) if isinstance(s, symbolic.Job)}
        symbols = source.page_symbols(metadata, path.parent)
        values = {name: 1.0 for name in symbols.values()}
        asked.clear()
        for tex in source.formulas_in_source(text):
            local = relations.local_symbols(tex).values()
            relations.check_formula(tex, symbols, values | {name: 1.0 for name in local})
        assert set(asked) <= prefetched, path.name


def _held(job):
    return symbolic.Outcome(rules.HOLDS, "identity")


def test_an_aligned_relation_is_one_relation_and_de_de_is_one():
    found = judged(r"\begin{aligned}\frac{dB}{dA} &= 2A \\ \frac{dE}{dE} &= 1\end{aligned}", CHAIN)
    assert [(r.text, r.verdict) for r in found] == [
        (r"\frac{dB}{dA} = 2A", rules.HOLDS),
        (r"\frac{dE}{dE} = 1", rules.HOLDS),
    ]
