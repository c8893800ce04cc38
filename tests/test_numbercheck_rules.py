"""The comparison rule: decimal arithmetic on the printed digits, ties to even by default."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from numbercheck import language, markup, rules

CHINESE = language.WORDINGS["zh_CN"].prose_reference

TRUNCATE, ROUND_UP = rules.RULES["truncate"], rules.RULES["round-up"]


@pytest.mark.parametrize(
    ("printed", "computed", "rule", "agrees"),
    [
        ("0.0787", 0.07869340114514108, rules.DEFAULT_RULE, True),
        ("0.0788", 0.07869340114514108, rules.DEFAULT_RULE, False),
        ("2.249", 2.2490105731422565, rules.DEFAULT_RULE, True),
        ("0.01", 0.01002512562814066, rules.DEFAULT_RULE, True),
        ("4", 4.0, rules.DEFAULT_RULE, True),
        ("4", 4.00010050314386, rules.DEFAULT_RULE, True),
        ("4.0", 4.04, rules.DEFAULT_RULE, True),
        ("-0.5", -0.5000001, rules.DEFAULT_RULE, True),
        ("-0.4823", -0.4823038073675112, rules.DEFAULT_RULE, True),
        ("2.10", 2.1, rules.DEFAULT_RULE, True),
        ("2.10", 2.104, rules.DEFAULT_RULE, True),
        ("2.10", 2.106, rules.DEFAULT_RULE, False),
        ("1.4997", 1.4996701547814628, rules.DEFAULT_RULE, True),
        ("1.4996", 1.4996701547814628, rules.DEFAULT_RULE, False),
        ("1.4996", 1.4996701547814628, TRUNCATE, True),
        ("1.4997", 1.4996701547814628, TRUNCATE, False),
        ("-1.4996", -1.4996701547814628, TRUNCATE, True),  # truncation is toward zero
        ("0.0004", 0.0003298452185371836, ROUND_UP, True),
        ("0.0003", 0.0003298452185371836, ROUND_UP, False),
        ("2", 2.5, rules.DEFAULT_RULE, True),  # an exact tie goes to the even neighbour
        ("4", 3.5, rules.DEFAULT_RULE, True),
        ("3", 2.5, rules.DEFAULT_RULE, False),
        # "−0": a printed negative zero claims a sign no value that rounds to zero has.
        ("-0.00", 0.001, rules.DEFAULT_RULE, False),
        ("-0.00", -0.001, rules.DEFAULT_RULE, False),
        ("-0", 0.0, rules.DEFAULT_RULE, False),
        ("0.00", -0.001, rules.DEFAULT_RULE, True),
    ],
)
def test_agrees(printed, computed, rule, agrees):
    assert rules.agrees(printed, computed, rule) is agrees


@pytest.mark.parametrize(
    ("printed", "computed", "rule", "verdict", "expected", "correct"),
    [
        ("0.0787", 0.07869340114514108, rules.DEFAULT_RULE, rules.AGREES, "0.0787", "0.0787"),
        ("0.0788", 0.07869340114514108, rules.DEFAULT_RULE, rules.DIFFERS, "0.0787", "0.0787"),
        ("0", 0.0176961, rules.DEFAULT_RULE, rules.COLLAPSES, "0", "0"),
        ("1.50", 1.5, TRUNCATE, rules.NEEDLESS, "1.50", "1.50"),
        ("1.4996", 1.4996701547814628, TRUNCATE, rules.DEVIATES, "1.4996", "1.4997"),
        ("1.4997", 1.4996701547814628, TRUNCATE, rules.DIFFERS, "1.4996", "1.4997"),
    ],
)
def test_one_judgement_per_literal(printed, computed, rule, verdict, expected, correct):
    judgement = rules.judge(printed, computed, rule)
    assert (judgement.verdict, str(judgement.expected), str(judgement.correct)) == (
        verdict,
        expected,
        correct,
    )


def test_the_float_is_taken_at_its_exact_binary_value():
    # 2.675 is stored as 2.67499999999999982236431605997495353221893310546875.
    assert rules.agrees("2.67", 2.675)
    assert not rules.agrees("2.68", 2.675)


@pytest.mark.parametrize("bad", ["2.", ".5", "1e-3", "1,000", "", "二", "+1"])
def test_malformed_literals_are_named(bad):
    with pytest.raises(rules.MalformedLiteralError, match="not a plain decimal number"):
        rules.decimals(bad)


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 6))
def test_correct_rounding_of_any_value_agrees_with_it(value, places):
    printed = rules.correctly_rounded("0." + "0" * places if places else "0", value)
    assert rules.agrees(printed, value)


def test_markup_bindings_exemptions_and_audit():
    tex = r"X=\num{X}{2}+\lit{1}=\num{A|truncate}{3}，B=\num{A}{3}^2 \approx 7.5 \tag{1.3.5}"
    found = markup.bindings(tex)
    assert [(b.key, b.rule, b.printed) for b in found] == [
        ("X", None, "2"),
        ("A", "truncate", "3"),
        ("A", None, "3"),
    ]
    assert markup.unbound_numbers_in_math(tex) == ["7.5"]
    assert markup.unbound_numbers_in_math(r"\frac{1}{2\sqrt{C}} % bp: symbolic") == []
    assert markup.unbound_numbers_in_math(r"2.5 x % bp: symbolic") == ["2.5"]
    assert markup.unbound_numbers_in_prose("乙第一次猜10元，见第 1.4 节与图 1.3.1", CHINESE) == [
        "10"
    ]
    assert markup.malformed(r"\num{x} and \num{a}{1}") == [r"\num{x} and \num{a}{1}"]
    assert markup.is_definitions(r"\newcommand{\num}[2]{#2}\newcommand{\lit}[1]{#1}")


def test_superscripts_and_fractions_are_numbers_in_prose():
    assert markup.unbound_numbers_in_prose("面积是 x² 的⅓", CHINESE) == ["²", "⅓"]
    assert markup.unbound_numbers_in_prose("见第 1.4 节，式 1.3.7", CHINESE) == []


def test_an_escaped_percent_sign_does_not_hide_the_rest_of_a_formula():
    assert markup.unbound_numbers_in_math(r"\lit{50}\% < 0.123") == ["0.123"]
    assert markup.unbound_numbers_in_math("x % 0.123 is a comment") == []


def test_indices_and_powers_are_structure_but_computed_ones_are_audited():
    """Single digits (x_0, A^2) index or raise; a number of two or more digits or a decimal
    in a subscript or an exponent (x_{30}, e^{1.125}) is a quantity."""
    assert markup.unbound_numbers_in_math(r"A^2 + x_0 + w_{1}^{2} + e^{-x} + \Delta E_{2}") == []
    found = markup.unbound_numbers_in_math(r"x_{30} + e^{1.125} + y^{10} + x_{0.5}")
    assert found == ["30", "1.125", "10", "0.5"]
    assert markup.unbound_numbers_in_math(r"x_{\num{n}{30}} + e^{\num{a}{1.125}}-\lit{1}") == []
    # and the exponent of a power of ten, a magnitude (test_numbercheck_audit.py)
    assert markup.unbound_numbers_in_math(r"\lit{10}^{-12}") == ["12"]


@pytest.mark.parametrize(
    ("tex", "powers"),
    [
        (r"\num{a}{5.1}\%", [-2]),
        (r"\num{a}{5.1}‰", [-3]),
        (r"\num{g}{7}\times\lit{10}^{\num{k}{-14}}", [-14, 0]),
        (r"\num{b}{2} \times 10^{3} + \num{c}{1}", [3, 0]),
        (r"\num{b}{2}\times10^5", [5]),
        (r"\num{c}{1} + \lit{10}", [0]),
    ],
)
def test_what_follows_a_literal_scales_it(tex, powers):
    assert [markup.scale_after(tex, m.end()) for m in markup.BOUND.finditer(tex)] == powers


def test_a_sign_or_chinese_magnitude_after_a_number_in_prose_scales_it():
    assert [markup.scale_in_prose(t) for t in (" 万次", "%", "亿", "元", "")] == [4, -2, 8, 0, 0]
