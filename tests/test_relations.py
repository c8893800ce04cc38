"""Equations must hold: each false-arithmetic mutation of the issue fails, the text holds.

The values are the chapter's own, computed with bp; the symbol mapping is the one the chapter
declares in its front matter.
"""

from __future__ import annotations

import pytest
import yaml
from numbercheck import relations, rules, source, worker

import bp
from tests.book import CHAPTER, ROOT
from tests.chain import build_chain


def chapter_values() -> dict[str, float]:
    chain = build_chain()
    values = chain.forward(X=2.0)
    deltas = bp.propagate_error(chain, values, 0.5)
    check = chain.forward(X=values["X"] + deltas["X"])
    published = {name: float(v) for name, v in values.items()}
    published |= {f"delta_{name}": float(v) for name, v in deltas.items()}
    published |= {f"{name}_check": float(v) for name, v in check.items()}
    published |= {"target": 0.5, "residual": 0.5 - float(check["E"])}
    x = bp.Input("x")  # the first example, y = x²
    square = bp.Graph(bp.Square()(x, name="y"))
    start = square.forward(x=1.99)
    step = bp.propagate_error(square, start, 4.0)
    published |= {"x0": 1.99, "y0": float(start["y"]), "y_target": 4.0}
    published |= {"delta_y": float(step["y"]), "delta_x": float(step["x"])}
    return published


VALUES = chapter_values()
FRONT = (ROOT / CHAPTER).read_text(encoding="utf8").split("---\n")[1]
SYMBOLS = source.page_symbols(yaml.safe_load(FRONT))


def verdicts(tex: str) -> list[str]:
    return [r.verdict for r in relations.check_formula(tex, SYMBOLS, VALUES)]


def failures(tex: str) -> list[relations.Relation]:
    return [r for r in relations.check_formula(tex, SYMBOLS, VALUES) if r.verdict == "fails"]


@pytest.mark.parametrize(
    "tex",
    [
        r"A=\num{X}{2}+\lit{1}=\num{A}{3}，B=\num{A}{3}^2=\num{B}{9}，"
        r"C=\ln \num{B}{9}=\num{C}{2.1972}",
        r"\begin{cases} A = X+1 \\ B = A^2 \\ C = \ln B \\ D = \sqrt{C} \\ E = D - 1 \end{cases}",
        r"\Delta X = \frac{\num{B}{9} \times \sqrt{\num{C}{2.1972}} \times \num{delta_E}{0.0177}}"
        r"{\num{A}{3}} \approx \num{delta_X}{0.0787}",
        r"\Delta X = \Delta A=\frac{\Delta B}{2A}=\frac{B \cdot \Delta C}{2A}"
        r"=\frac{B\cdot 2\sqrt{C} \cdot \Delta D}{2A} = \frac{B\cdot \sqrt{C} \cdot \Delta E}{A}",
        r"1 \cdot \frac{1}{2\sqrt{C}} \cdot \frac{1}{B} \cdot 2A \cdot 1 = \frac{A}{B \sqrt{C}}"
        r" = \frac{\Delta E}{\Delta X}",
        r"\frac{\num{delta_y}{0.0399}}{\lit{2} \times \num{x0}{1.99}}\approx \num{delta_x}{0.01}",
        r"\num{D_check|truncate}{1.4996}-\lit{1}=\num{E_check|truncate}{0.4996}"
        r" \approx \num{target}{0.5}",
        r"\num{target}{0.5}-\num{E_check|truncate}{0.4996}=\num{residual|round-up}{0.0004}",
    ],
)
def test_the_chapters_relations_hold(tex):
    found = verdicts(tex)
    assert "fails" not in found
    assert found.count("holds") >= 1


@pytest.mark.parametrize(
    ("tex", "wrong"),
    [
        (r"B=\num{A}{3}^3=\num{B}{9}", "3^3 = 9"),  # exponents are not exempt
        (r"\begin{cases} A = X+2 \\ B = A^2 \end{cases} % bp: symbolic", "A = X+2"),
        (
            r"1 \cdot \frac{1}{3\sqrt{C}} \cdot \frac{1}{B} \cdot 2A \cdot 1"
            r" = \frac{A}{B \sqrt{C}}",
            r"\frac{1}{3\sqrt{C}}",
        ),
        (
            r"\frac{\num{delta_y}{0.0399}}{\lit{3}\times \num{x0}{1.99}}"
            r"\approx \num{delta_x}{0.01}",
            r"\frac{0.0399}{3\times 1.99} ≈ 0.01",
        ),
        (r"\Delta E = \num{target}{0.5}-\num{E}{0.4823}= -\num{delta_E}{0.0177}", "= -0.0177"),
        (r"B=\num{X}{2}^2=\num{B}{9}", "2^2 = 9"),  # the right literal under the wrong name
        (r"C=\ln \num{B}{9} > \lit{3}", "> 3"),
    ],
)
def test_false_arithmetic_fails_with_the_values_and_the_tolerance(tex, wrong):
    failed = failures(tex)
    assert failed, relations.check_formula(tex, SYMBOLS, VALUES)
    message = failed[0].message
    assert wrong.split()[0] in message or wrong in message, message
    assert "left side" in message and "right side" in message and "tolerance ±" in message


def test_a_precision_that_collapses_is_reported():
    assert rules.judge("0", VALUES["delta_E"]).verdict == rules.COLLAPSES
    assert rules.judge("0", 0.5 - 0.6 + 0.1).verdict == rules.AGREES  # float rounding of 0
    assert rules.judge("0.0177", VALUES["delta_E"]).verdict == rules.AGREES


def test_what_cannot_be_evaluated_is_listed_with_a_reason():
    found = relations.check_formula(r"\frac{dE}{dX} = \frac{A}{B \sqrt{C}} = Y", SYMBOLS, VALUES)
    reasons = [r.reason for r in found if r.verdict == "unevaluated"]
    assert reasons == ["a derivative", "symbols with no published value: Y"]


def test_a_formula_may_map_a_symbol_to_another_value():
    tex = r"X=\num{X}{2}+\num{delta_X}{0.0787}=\num{X_check}{2.0787}"
    assert "fails" in verdicts(tex)  # X is the page's X = 2 ...
    assert "fails" not in verdicts(tex + " % bp: symbols X=X_check")  # ... unless it says


def test_a_function_of_one_value_binds_tighter_than_minus():
    found = relations.check_formula(r"\ln \lit{10}-\lit{1} > \lit{1.3}", {}, {})
    assert [r.verdict for r in found] == ["holds"]  # ln(10) − 1 = 1.3026, not ln(9) = 2.197
    found = relations.check_formula(r"\ln \lit{10}-\lit{1} < \lit{1.31}", {}, {})
    assert [r.verdict for r in found] == ["holds"]


def test_a_missing_parser_stops_the_build_instead_of_leaving_every_relation_unevaluated(
    monkeypatch,
):
    from numbercheck import symbolic

    def missing(tex):
        raise ImportError("No module named 'sympy'")

    monkeypatch.setattr(symbolic, "_read", missing)
    symbolic.parse.cache_clear()
    with pytest.raises(RuntimeError, match="numbercheck cannot parse formulas: No module"):
        worker.compile_tex(r"\xi_{1}+\xi_{2}", 2)
    symbolic.parse.cache_clear()
