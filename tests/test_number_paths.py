"""Every path a number takes to a reader goes through the check, not only the text's own.

One copy of the book gets a number on each path that used to bypass the check, and one
build must report each of them with its file and line.
"""

from __future__ import annotations

import pytest

from tests.book import build, edit

pytestmark = pytest.mark.build

DESCENT = "book/descent.md"
ANCHOR = "## 1.4.9 习题"

CELLS = """
```{code-cell} ipython3
from IPython.display import HTML, Latex, Markdown

Markdown("Markdown 输出：E 约为 0.48")
```

```{code-cell} ipython3
HTML("<p>HTML 输出：E 约为 0.49</p>")
```

```{code-cell} ipython3
Latex("$$E = 0.47$$")
```

```{erratum}
原文此处印作 0.46。
```

"""


def test_numbers_in_rendered_outputs_errata_and_a_signed_zero_are_checked(book):
    edit(book / DESCENT, ANCHOR, CELLS + ANCHOR)
    # A printed negative zero for a value that rounds to zero: "−0" claims a sign.
    edit(book / DESCENT, r"$\num{one_g3}{-0.0013280}$", r"$\num{one_g3}{-0.00}$")
    result = build(book)
    assert not result.ok
    output = result.output
    assert "unbound number '0.48' in prose" in output  # a cell's Markdown output
    assert "unbound number '0.49' in raw HTML" in output  # a cell's HTML output
    assert "unbound number '0.47' in math" in output  # a cell's LaTeX output
    assert "unbound number '0.46' in prose" in output  # an erratum's text
    assert "printed '-0.00' for 'one_g3'" in output
    for number in ("0.48", "0.49", "0.47", "0.46"):
        line = next(line for line in output.splitlines() if f"'{number}'" in line)
        assert f"{DESCENT}:" in line, line


def test_the_figure_is_read_as_drawn_not_as_the_page_reports_it(book):
    """The check reads the SVG's own text: a label the page leaves out is still seen."""
    edit(book / "book/publish.py", "for label in labels:", "for label in labels[1:]:")
    result = build(book)
    assert not result.ok
    assert "the figure shows 1, which the page does not report as drawn" in result.output


def test_scaled_numbers_and_indexed_terms_claim_what_they_show(book):
    """ "7 × 10⁻¹⁴", "5.1 %", "3 万": the literal claims the scaled value, and is compared so;
    ΔE₂ is the second term of the computed sequence."""
    # iterate.md prints the gap as 7 × 10^-14: 8 is wrong at that scale.
    edit(book / "book/iterate.md", r"约 $\num{gap}{7}\times", r"约 $\num{gap}{8}\times")
    # 333333333 multiplications are 33333 万, not 333333333 万.
    edit(
        book / DESCENT,
        r"前者约 $\num{cost_inverse}{333333333}$ 次",
        r"前者约 $\num{cost_inverse}{333333333}$ 万次",
    )
    # Subscripts that index the computed sequence name its terms: ΔE_3 is not ΔE_2.
    edit(book / "book/iterate.md", r"|\Delta E_2|/|\Delta E_1|^2", r"|\Delta E_3|/|\Delta E_1|^2")
    result = build(book)
    assert not result.ok
    assert "relation '|\\Delta E_3|/|\\Delta E_1|^2 ≈ 1.05' does not hold" in result.output
    assert "printed '8' × 10^-14 for 'gap'" in result.output
    assert "printed '333333333' × 10^4 for 'cost_inverse'" in result.output
