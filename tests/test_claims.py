"""Claims are checked like numbers: the seven false statements a reviewer found cannot return.

The build tests restore each statement's original wording (or change the computation under
a bound claim) in one copy of the book and build it once: every reversal must stop the
build, each with its own file:line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from numbercheck.claims import CLAIM, normal
from numbercheck.language import WORDINGS

from tests.book import build, edit

DESCENT = "book/descent.md"


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        ("zh_CN", "来回跳的幅度越来越大，不再收敛", ["来回跳", "越来越", "收敛"]),
        ("zh_CN", "对只有一个输入的链，除法总是更快", ["只有", "总是", "更快"]),
        ("zh_CN", "比 x 大了 8，而 x 的两倍是 7", ["大了", "两倍"]),
        ("zh_CN", "甲：“太低了”", ["太低"]),
        ("en", "division is always faster; it converges", ["always", "faster", "converges"]),
        ("en", "the jumps grow larger and larger", ["grow", "larger", "larger"]),
    ],
)
def test_claim_words_are_found_in_both_languages(language, text, words):
    assert [m.group(0) for m in WORDINGS[language].claims.finditer(text)] == words


def test_a_claim_comment_reads_a_phrase_and_a_predicate_or_a_reason():
    bound = CLAIM.match('bp: claim "越跳越远": rate_diverge_grows')
    assert (bound["phrase"], bound["predicate"], bound["reason"]) == (
        "越跳越远",
        "rate_diverge_grows",
        None,
    )
    marked = CLAIM.match('bp: claim "总是": not computable, 对所有网络的断言')
    assert marked["predicate"] is None and marked["reason"] == "对所有网络的断言"
    assert CLAIM.match('bp: claim "总是" rate') is None  # no colon: malformed


def test_phrases_match_across_wrapped_chinese_lines():
    assert normal("越跳\n越远") == "越跳越远"
    assert normal("further and\n  further") == "further and further"


# Each of the seven statements of issue 19, restored as the page first printed it (or its
# computation changed), and what the build must then say.
REVERSALS = [
    (  # 1. η = 0.13 "越跳越远": a 2-cycle in fact; the divergence example is η = 0.4
        "best_rate, diverge_rate = float(1 / root_slope**2), 0.4",
        "best_rate, diverge_rate = float(1 / root_slope**2), 0.13",
        "claim '越跳越远' bound to 'rate_diverge_grows' is false",
    ),
    (  # 2. "最后都停在 X=2.080216848918", one run's value said of all runs
        "三者停下的位置在小数点后十位以内相同，",
        "最后都停在这里，",
        "unbound claim '停在'",
    ),
    (  # 3. η = 20 is fast "because it is close to 19.775" (the start's value)
        "为什么 $\\eta=\\num{chain_rate_b}{20}$ 快得多？",
        "$\\eta=\\num{chain_rate_b}{20}$ 之所以快，是因为它接近 $\\num{newton_rate}{19.775}$。",
        # The reason is causal: its words alone hold ("接近" is true). What fails is the
        # binding of the paragraph's claims, whose words are gone.
        "claim '快得多' is not in the text it follows",
    ),
    (  # 4. "除法总是更快"
        "但误差除法并不总是可靠，甚至不一定到得了这个解。",
        "对只有一个输入的链，误差除法总是更快。",
        "unbound claim '总是'",
    ),
    (  # 5. the second root: division from X = 8 converges to −4.0802
        "starts = (6.0, 8.0, 10.0)",
        "starts = (6.0, 2.5, 3.0)",
        "claim '收敛到另一个解' bound to 'division_other_root' is false",
    ),
    (  # 6. two Newton's methods: the n×n system belongs to Newton on L
        "何况这个由二阶偏导数组成的矩阵（海森矩阵）不一定可逆：",
        "何况矩阵总是可逆：",
        "unbound claim '总是'",
    ),
    (  # 7. "只是把起点的“1”换成了 E−Y"
        "后面的每个因子不变，",
        "只是起点的 1 变大了，",
        "unbound claim '变大'",
    ),
    (  # 8. the run toward Y = 1 said to be "exactly half" of 1.4.3's, with 3η instead of 4η
        "half_target, half_start, half_rate = 1.0, start_x / 2, 4 * rate",
        "half_target, half_start, half_rate = 1.0, start_x / 2, 3 * rate",
        "claim '正好' bound to 'half_is_halved' is false",
    ),
    (  # 9. the step rescaled without its ηY: no longer an identity
        r"= u-\lit{2}\eta Y\,(u^2-\lit{1})\,u % bp: symbolic",
        r"= u-\lit{2}\eta\,(u^2-\lit{1})\,u % bp: symbolic",
        "does not hold: not an identity",
    ),
]


@pytest.mark.build
def test_each_false_statement_restored_fails_the_build_at_its_line(book):
    page = book / DESCENT
    for old, new, _message in REVERSALS:
        edit(page, old, new)
    lines = page.read_text(encoding="utf8").splitlines()
    result = build(book)
    assert not result.ok
    for _old, new, message in REVERSALS:
        found = [line for line in result.output.splitlines() if message in line]
        assert found, f"{message!r} not reported for {new!r}"
        if message.startswith("unbound"):  # an unbound word is reported at its own line
            line = next(i for i, text in enumerate(lines, 1) if new.split("\n")[0] in text)
            assert any(f"{DESCENT}:{line}:" in text for text in found), (line, found)


@pytest.mark.build
def test_lit_is_no_escape_hatch_for_a_computed_difference(book):
    """The author's trap from issue 19: a difference and a multiple written as \\lit."""
    template = book / "book/_template.md"
    text = template.read_text(encoding="utf8")
    assert "publish(" in text
    page = book / "book/trap.md"
    page.write_text(
        text
        + "\n```{code-cell} ipython3\npublish(x_trap=3.0, y_trap=9.0)\n```\n\n"
        + "$y=x^2=\\num{y_trap}{9}$，比 $x$ 大了 $\\lit{8}$，而 $x$ 的两倍是 $\\lit{7}$。\n",
        encoding="utf8",
    )
    toc = book / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf8") + "  - file: book/trap\n", encoding="utf8")
    result = build(book)
    assert not result.ok
    assert "book/trap.md" in result.output
    assert "unbound claim '大了'" in result.output
    assert "unbound claim '两倍'" in result.output


@pytest.mark.build
def test_a_claim_whose_words_left_the_text_fails(book):
    edit(book / DESCENT, "仍会收敛；", "仍然到达；")
    result = build(book)
    assert not result.ok
    assert "claim '来回跳，仍会收敛' is not in the text it follows" in result.output


def test_every_claim_of_the_built_book_is_listed_in_the_report(built: Path):
    import json

    for report in ("_build/numbercheck.json", "_build/en/_build/numbercheck.json"):
        pages = json.loads((built / report).read_text(encoding="utf8"))["pages"]
        claims = [c for page in pages.values() for c in page["claims"]]
        assert claims
        assert {c["verdict"] for c in claims} == {"holds", "not computable"}
        assert all(c["reason"] for c in claims if c["verdict"] == "not computable")
