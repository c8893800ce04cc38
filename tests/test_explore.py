"""The explorable pages (issue 23): in 1.3 the reader moves X or the target Y, and every bound
number, wording and label of figure 1.3.1 shows bp's values at that point; in 1.4.3 the reader
moves the learning rate η or the start x₀, and the first steps, the step count, the wordings of
the gradients' sign, figure 1.4.1's paths and the cell's printed steps follow. Every expected
value is computed here by calling bp directly; the build fails when a statement is false at
some grid point.

The browser tests share the session's build (``site``); each build test breaks three things in
one copy of the book and builds it once.
"""

from __future__ import annotations

import itertools
import re
import sys
import warnings
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

import bp
from tests.book import ROOT, broken_copy, line_of
from tests.browsing import open_on_a_touch_phone, open_page
from tests.chain import build_chain

sys.path.insert(0, str(ROOT / "book" / "_ext"))  # as conf.py has it: the extension's imports

from explore import formulas, grid
from numbercheck import identities, relations

PAGE = "book/backprop.md"
DESCENT = "book/descent.md"  # 1.4, whose 1.4.3 is explorable in η and x₀
BOOK_START = 1.99  # 1.4.3's x₀ as the book has it
MINUS = "\u2212"


def expected(x: float, y: float) -> dict[str, float]:
    """What each number of the page is at (x, y), computed with bp as the chapter defines it."""
    graph = build_chain()
    values = graph.forward(X=x)
    deltas = bp.propagate_error(graph, values, y)
    check = graph.forward(X=x + float(deltas["X"]))
    grads = graph.backward(values)
    found = {name: float(v) for name, v in values.items()}
    found |= {f"delta_{name}": float(v) for name, v in deltas.items()}
    found |= {f"{name}_check": float(v) for name, v in check.items()}
    truncated = Decimal(float(check["E"])).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
    found |= {
        "target": y,
        "dE_dX": float(grads["X"]),
        "dA_dX": 1.0,
        "dE_dD": 1.0,
        "dB_dA": 2 * found["A"],
        "dC_dB": 1 / found["B"],
        "dD_dC": 1 / (2 * found["C"] ** 0.5),
        "residual": y - found["E_check"],
        "residual_of_printed": float(Decimal(repr(y)) - truncated),
        "E_change": found["E_check"] - found["E"],
        "secant_slope": (found["E_check"] - found["E"]) / found["delta_X"],
    }
    return found


# Every bound number outside the boxes that keep the book's values: key, rule, digits shown.
SHOWN = """() => [...document.querySelectorAll('.bp-number, .bp-bound [data-bp-exact]')]
  .filter((el) => !el.closest('.bp-pinned'))
  .map((el) => [el.dataset.bpKey, el.dataset.bpRule,
    (el.classList.contains('bp-number') ? el : el.querySelector('.mord')).textContent])"""
LABELS = """() => [...document.querySelectorAll('#fig-bp svg text')]
  .map((t) => t.textContent.replace(/\\s+/g, ''))"""
# Numbers of the sections the grid does not vary (1.3.1, 1.3.2): the story and y = x².
FIXED = {"guess_1", "guess_2", "guess_3", "x0", "y0", "y_target", "delta_y", "delta_x", "y1"}


def assert_numbers_are_bps(page, x: float, y: float) -> int:
    """Every number the page shows is its value at (x, y), as its rule prints it; returns how
    many numbers were compared."""
    return assert_shown(page, expected(x, y), lambda key: key not in FIXED)


def assert_shown(page, values: dict[str, float], compare) -> int:
    """Every number the page shows whose key ``compare`` accepts is its value in ``values``, as
    its rule prints it; returns how many numbers were compared."""
    compared = 0
    for key, rule, text in page.evaluate(SHOWN):
        if not compare(key):
            continue
        printed = Decimal(text.replace(MINUS, "-"))
        places = -printed.as_tuple().exponent
        unit = Decimal(1).scaleb(-places)
        exact = Decimal(values[key])
        if rule == "truncate":
            assert printed == exact.quantize(unit, rounding=ROUND_DOWN), (key, text, exact)
        else:
            assert abs(printed - exact) <= unit / 2, (key, text, exact)
        compared += 1
    return compared


def drawn_labels(x: float, y: float) -> list[str]:
    """The labels bp.draw draws at (x, y), called here directly."""
    graph = build_chain()
    values = graph.forward(X=x)
    deltas = bp.propagate_error(graph, values, y)
    figure, labels = bp.draw(graph, values, deltas, target=y)
    import matplotlib.pyplot as plt

    plt.close(figure)
    return [label.text for label in labels if label.kind != "constant"]


def move(page, x: float, y: float) -> None:
    page.evaluate("([x, y]) => window.bpExplore.set(x, y)", [x, y])


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_every_number_label_and_wording_follows_x_and_y(site, browser, width):
    viewport = (width, 900 if width > 400 else 844)
    page = open_page(browser, f"{site}/book/backprop.html", viewport=viewport)
    article = "() => document.querySelector('article').innerText"
    at_load = page.evaluate(article)
    assert page.locator(".bp-words").inner_text() == "只增加了"
    for x, y in [(3.0, 0.5), (2.45, 0.4), (1.95, 0.6), (2.5, 0.6)]:
        move(page, x, y)
        assert assert_numbers_are_bps(page, x, y) >= 40
        values = expected(x, y)
        falls_short = 0 < values["E_change"] < values["delta_E"]
        assert page.locator(".bp-words").inner_text() == ("只增加了" if falls_short else "变化了")
        drawn = [re.search(r"=([-\u2212\d.]+)", text) for text in page.evaluate(LABELS)]
        shown = sorted(m.group(1).replace(MINUS, "-") for m in drawn if m)
        assert shown == sorted(drawn_labels(x, y))
        assert page.locator(".bp-explore-pinned").is_visible()
    page.screenshot(path=str(Path("test-artifacts/explore") / f"test-{width}.png"))
    page.locator(".bp-explore-reset").click()
    assert page.evaluate(article) == at_load  # the static page again, to the character
    assert page.locator("#fig-bp img").count() == 1
    assert not page.errors


@pytest.mark.browser
def test_the_sliders_work_by_keyboard_and_say_their_value(site, browser):
    page = open_page(browser, f"{site}/book/backprop.html")
    slider = page.locator(".bp-explore-input-0")
    assert slider.get_attribute("aria-valuetext") == "X = 2"
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert slider.get_attribute("aria-valuetext") == "X = 2.05"
    assert assert_numbers_are_bps(page, 2.05, 0.5)
    page.keyboard.press("End")
    assert slider.get_attribute("aria-valuetext") == "X = 3"
    assert "范围到此为止" in page.locator(".bp-explore-end").inner_text()
    target = page.locator(".bp-explore-input-1")
    target.focus()
    page.keyboard.press("ArrowLeft")  # Y = 0.4 allows X up to 2.45 only
    assert target.get_attribute("aria-valuetext") == "Y = 0.4"
    assert slider.get_attribute("aria-valuetext") == "X = 2.45"
    assert assert_numbers_are_bps(page, 2.45, 0.4)
    formula = page.locator(".math.bp-bound[aria-label*='2.45 = 2.45']")
    assert formula.count() >= 1  # what a screen reader hears of a formula follows too
    page.locator(".bp-explore-reset").focus()
    page.keyboard.press("Enter")
    assert slider.get_attribute("aria-valuetext") == "X = 2"


@pytest.mark.browser
def test_a_finger_moves_x_on_a_phone_and_the_english_page_speaks_english(site, browser):
    page = open_on_a_touch_phone(browser, f"{site}/en/book/backprop_en.html")
    reset = page.locator(".bp-explore-reset")
    assert "Back to the book" in reset.get_attribute("aria-label")
    assert reset.inner_text().strip() == "↺ Reset"  # a phone's short word, in English
    slider = page.locator(".bp-explore-input-0")
    # The page scrolls smoothly: in place at once, so that the box is where the finger goes.
    slider.evaluate("(e) => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    page.wait_for_function(  # the sticky panel has settled: the finger lands on the slider
        """() => { const e = document.querySelector('.bp-explore-input-0');
          const r = e.getBoundingClientRect();
          return document.elementFromPoint(r.right - 3, r.top + r.height / 2) === e; }"""
    )
    box = slider.bounding_box()
    # A tap near the track's right end, once the slider is stable where the finger goes.
    slider.tap(position={"x": box["width"] - 3, "y": box["height"] / 2})
    expect(slider).to_have_attribute("aria-valuetext", "X = 3")  # once the tap's events ran
    assert assert_numbers_are_bps(page, 3.0, 0.5)
    assert page.locator(".bp-words").inner_text() == "changed by"
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "key", "point", "said"),
    [
        ("book/descent.html", "one_rate", [0.1, BOOK_START], "η = 0.1"),
        ("en/book/descent_en.html", "one_rate", [0.1, BOOK_START], "η = 0.1"),
        ("book/descent.html", "one_x0", [0.05, 2.01], "x₀ = 2.01"),
        ("book/backprop.html", "target", [2.5, 0.6], "Y = 0.6"),
    ],
)
def test_a_tip_names_an_input_by_its_symbol_while_exploring(site, browser, path, key, point, said):
    page = open_page(browser, f"{site}/{path}", viewport=(1280, 900))
    page.evaluate("(point) => window.bpExplore.set(...point)", point)
    number = page.locator(f".bp-bound [data-bp-key='{key}']").first
    number.scroll_into_view_if_needed()
    number.hover()
    tip = page.locator("#bp-tip")
    expect(tip).to_be_visible()
    assert said in tip.inner_text() and key not in tip.inner_text(), tip.inner_text()
    assert not page.errors


EDITION_PAGES = {
    "book/checks.html": {"book/backprop.md": "1.3", "book/descent.md": "1.4"},
    "en/book/checks_en.html": {"book/backprop_en.md": "1.3", "book/descent_en.md": "1.4"},
}


def report_numbers(page: grid.Page, checked: grid.Grid) -> list[list[float]]:
    """The numbers the report should give for a page, line by line, from its grid as the
    build computes it: each input's range (from, to, step, count) or values (and count), its
    limits, the number of points, and each count of what was checked (low and high where
    the points differ, once where they agree)."""
    found = []
    for spec in page.inputs:
        line = (
            [spec.grid[0], spec.grid[-1], spec.grid[1] - spec.grid[0], len(spec.grid)]
            if spec.ranged
            else [*spec.grid, len(spec.grid)]
        )
        found.append(line + [v for _other, *limit in spec.limits for v in limit])
    found.append([len(checked.points)])
    counts = []
    for kind in grid.CHECKED:
        low, high = min(checked.checked[kind]), max(checked.checked[kind])
        counts += [] if high == 0 else [low] if low == high else [low, high]
    return [*found, counts]


@pytest.mark.build
@pytest.mark.parametrize("report", EDITION_PAGES)
def test_the_report_gives_the_grids_the_build_checked(built, report):
    html = (built / "_build/html" / report).read_text(encoding="utf8")
    part = html[html.index('id="explore-grids"') :]
    for path, section in EDITION_PAGES[report].items():
        page = grid.read(ROOT / path)
        expected = report_numbers(page, grid.compute(page))
        listed = re.search(rf">{section}\b.*?</a>.*?<ul[^>]*>(.*?)</ul>", part, re.DOTALL)
        items = re.findall(r"<li>(.*?)</li>", listed.group(1), re.DOTALL)
        assert len(items) == len(expected), items
        for item, numbers in zip(items, expected, strict=True):
            text = re.sub(r"<[^>]+>", "", item)
            shown = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]
            assert shown == pytest.approx(numbers), (path, text)
        assert expected[-1], f"{path}: nothing counted as checked"


# Statements made false at some grid point, on both explorable pages of one copy of the book
# (one build: it is the costly part); each test below finds its page's problems in the output.
GRID_BREAKS = [
    # 1.3: a claim left without its other wording: "只增加了" is false where ΔE < 0 (X = 3,
    # Y = 0.5); a literal printed with too few digits collapses to 0.00 near the solution; a
    # range reaching below X = 0, where C = ln B < 0 has no square root.
    (PAGE, '% explore: words "只增加了" | "变化了": E_falls_short\n', ""),
    (PAGE, r"=\num{delta_E}{0.0177}$，", r"=\num{delta_E}{0.02}$，"),
    (PAGE, "from: 1.95, to: 3, step: 0.05,", "from: -0.05, to: 3, step: 0.05,"),
    # 1.4.3: the other wording of the gradients' sign left out ("负的" is false past
    # η = 1/(dy/dx)²); dL/dx of step 3 printed with 4 decimals (0.0000 near η = 1/(dy/dx)²,
    # where it is tiny); a range reaching η = 2/(dy/dx)² = 0.125, where descent no longer
    # converges.
    (
        DESCENT,
        '% explore: words "都是负的" | "都是正的" | "正负交替出现": one_gradients_negative, '
        "one_gradients_positive\n",
        "",
    ),
    (DESCENT, r"\num{one_g3}{-0.0013280}", r"\num{one_g3}{-0.0013}"),
    (DESCENT, "from: 0.01, to: 0.12, step: 0.005", "from: 0.01, to: 0.125, step: 0.005"),
]


@pytest.fixture(scope="module")
def broken_grids(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the book with every break of ``GRID_BREAKS``, and its build's output."""
    return broken_copy(tmp_path_factory.mktemp("broken-grids"), GRID_BREAKS)


@pytest.mark.build
def test_a_statement_false_at_a_grid_point_fails_the_build(broken_grids):
    book, output = broken_grids
    claim = line_of(book, PAGE, '% bp: claim "增加": E_falls_short')
    literal = line_of(book, PAGE, r"=\num{delta_E}{0.02}$，")
    cell = line_of(book, PAGE, "```{code-cell} ipython3", 3)
    assert (
        f'{PAGE}:{claim}: at the grid point X = 3, target = 0.5: claim "增加" is bound to '
        "E_falls_short, which is False"
    ) in output
    assert re.search(
        rf"{PAGE}:{literal}: at the grid point X = 2\.1, target = 0\.5: printed '0\.00' for "
        r"'delta_E', computed -0\.004\d+; rule 'round' collapses",
        output,
    ), output[-3000:]
    assert (
        f"{PAGE}:{cell}: at the grid point X = -0.05, target = 0.5: the cell raised DomainError"
    ) in output


# 1.4.3: y = x² from x₀ to the target 4, the learning rate η and x₀ on the page's grid.
TOLERANCE = 1e-12  # the page's stopping rule (tolerance_exponent = -12)
ARTICLE = "() => document.querySelector('article').innerText"


def square_graph() -> bp.Graph:
    """1.4.3's y = x², as the section builds it."""
    return bp.Graph(bp.Square()(bp.Input("x"), name="y"))


def descent_run(rate: float, start: float = BOOK_START) -> tuple[dict[str, float], list[float]]:
    """What 1.4.3 prints at the learning rate ``rate`` from ``start``, computed with bp as
    the section defines it; and dL/dx at every step of the run."""
    square = square_graph()
    first = itertools.islice(bp.descent_steps(square, 4.0, {"x": start}, rate=rate), 4)
    run = bp.descend(square, 4.0, {"x": start}, rate=rate, tolerance=TOLERANCE)
    division = bp.solve(square, 4.0, start=start, tolerance=TOLERANCE)
    found = {"one_rate": rate, "one_steps": len(run.steps), "one_x": float(run.params["x"])}
    found["one_division_steps"] = len(division.steps)
    for k, step in enumerate(first):
        found[f"one_x{k}"] = float(step.params["x"])
        found[f"one_y{k}"] = float(step.output)
        found[f"one_g{k}"] = float(step.gradient["x"])
    # The end of 1.4.3: the same run toward the target 1, from half of x₀ with 4η.
    found["half_x0"], found["half_rate"] = start / 2, 4 * rate
    return found, [float(s.gradient["x"]) for s in run.steps]


def run_toward_one(rate: float, start: float) -> list[float]:
    """x_k of the run the end of 1.4.3 prints beside its own: toward 1, from start/2 with 4η."""
    square = square_graph()
    steps = itertools.islice(bp.descent_steps(square, 1.0, {"x": start / 2}, rate=4 * rate), 4)
    return [float(step.params["x"]) for step in steps]


def descent_expected(rate: float, start: float = BOOK_START) -> tuple[dict[str, float], bool]:
    """What 1.4.3 prints (descent_run), and whether every step's dL/dx is negative there."""
    found, gradients = descent_run(rate, start)
    return found, all(g < 0 for g in gradients)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_learning_rate_moves_1_4_3_and_nothing_else(site, browser, width):
    page = open_page(
        browser, f"{site}/book/descent.html", viewport=(width, 900 if width > 400 else 844)
    )
    at_load, shown_at_load = page.evaluate(ARTICLE), page.evaluate(SHOWN)
    slider = page.locator(".bp-explore-input-0")
    assert page.locator(".bp-explore-name").all_inner_texts() == ["学习率 η", "起点 x₀"]
    assert slider.get_attribute("aria-valuetext") == "η = 0.05"
    # Everything η changes from 1.4.3 on is in 1.4.3 (not the exercises' own η = 0.05): the
    # panel stays in view within 1.4.3 only.
    heading = "() => document.querySelector('.bp-explore').closest('section').querySelector('h2')"
    assert page.evaluate(f"{heading}.textContent").startswith("1.4.3")
    slider.focus()
    flips = []
    for presses, rate in [(2, 0.06), (1, 0.065), (7, 0.1), (-9, 0.055)]:
        for _ in range(abs(presses)):  # the keys a reader presses on the focused slider
            page.keyboard.press("ArrowRight" if presses > 0 else "ArrowLeft")
        assert slider.get_attribute("aria-valuetext") == f"η = {rate:g}"
        values, negative = descent_expected(rate)
        assert assert_shown(page, values, lambda key, v=values: key in v) >= 17
        others = [n for n in page.evaluate(SHOWN) if n[0] not in values]
        assert others == [n for n in shown_at_load if n[0] not in values]  # the rest stays
        words = page.locator(".bp-words").all_inner_texts()
        assert words[:2] == (
            ["都是负的", "一直在增大"] if negative else ["正负交替出现", "在解的两侧来回跳"]
        )
        # A negative number in the table is signed as the static page signs it ("-0.158802"
        # in row 0 stays as printed): never a minus sign in one row and a hyphen in the next.
        signs = {text[0] for text in page.locator("table .bp-number").all_inner_texts()}
        assert MINUS not in signs, signs
        steps = page.locator(".cell_output pre", has_text="k = 1: x = ").inner_text()
        assert f"k = 1: x = {values['one_x1']:.7f}" in steps  # the cell's printed steps too
        flips.append(negative)
    assert flips == [True, False, False, True]  # the wording flips where the computation does
    page.keyboard.press("End")
    assert slider.get_attribute("aria-valuetext") == "η = 0.12"
    assert "范围到此为止" in page.locator(".bp-explore-end").inner_text()
    page.screenshot(path=str(Path("test-artifacts/explore") / f"descent-{width}.png"))
    page.locator(".bp-explore-reset").click()
    assert page.evaluate(ARTICLE) == at_load  # the static page again, to the character
    assert not page.errors


SIGN_WORDS = {  # 1.4.3's two wordings, by how dL/dx runs: all negative, all positive, alternating
    "negative": ["都是负的", "一直在增大"],
    "positive": ["都是正的", "一直在减小"],
    "alternating": ["正负交替出现", "在解的两侧来回跳"],
}


def signs_of(gradients: list[float]) -> str:
    if all(g < 0 for g in gradients):
        return "negative"
    if all(g > 0 for g in gradients):
        return "positive"
    assert all(a * b < 0 for a, b in itertools.pairwise(gradients)), gradients
    return "alternating"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_start_moves_1_4_3_on_both_sides_of_the_root(site, browser, width):
    """x₀ above the root 2 makes every dL/dx positive and x fall: the third wording, which the
    build checks as a claim where it is shown; every number of 1.4.3 follows, by bp."""
    page = open_page(
        browser, f"{site}/book/descent.html", viewport=(width, 900 if width > 400 else 844)
    )
    at_load, shown_at_load = page.evaluate(ARTICLE), page.evaluate(SHOWN)
    rate_slider, start_slider = (
        page.locator(".bp-explore-input-0"),
        page.locator(".bp-explore-input-1"),
    )
    assert start_slider.get_attribute("aria-valuetext") == "x₀ = 1.99"
    seen = []
    for slider, keys, rate, start in [
        (start_slider, ["ArrowRight"] * 2, 0.05, 2.005),
        (rate_slider, ["ArrowRight"] * 10, 0.1, 2.005),
        (start_slider, ["End"], 0.1, 2.014),
        (rate_slider, ["Home"], 0.01, 2.014),
        (start_slider, ["Home"], 0.01, 1.986),
    ]:
        slider.focus()
        for key in keys:  # the keys a reader presses on the focused slider
            page.keyboard.press(key)
        assert start_slider.get_attribute("aria-valuetext") == f"x₀ = {start:g}"
        assert rate_slider.get_attribute("aria-valuetext") == f"η = {rate:g}"
        values, gradients = descent_run(rate, start)
        assert assert_shown(page, values, lambda key, v=values: key in v) >= 17
        others = [n for n in page.evaluate(SHOWN) if n[0] not in values]
        assert others == [n for n in shown_at_load if n[0] not in values]  # the rest stays
        sign = signs_of(gradients)
        assert page.locator(".bp-words").all_inner_texts()[:2] == SIGN_WORDS[sign], (rate, start)
        seen.append(sign)
        # The run toward 1 the section prints beside its own: each x_k, by bp, and halved.
        printed = page.locator(".cell_output pre", has_text=re.compile(r"^k +Y = 4"))
        rows = printed.inner_text().splitlines()[1:]
        toward_one = run_toward_one(rate, start)
        assert rows == [
            f"{k}   {values[f'one_x{k}']:.7f}  {x:.7f}" for k, x in enumerate(toward_one)
        ]
        assert [2 * x for x in toward_one] == [values[f"one_x{k}"] for k in range(4)]
    assert seen == ["positive", "alternating", "alternating", "positive", "negative"]
    page.screenshot(path=str(Path("test-artifacts/explore") / f"descent-x0-{width}.png"))
    page.locator(".bp-explore-reset").click()
    assert page.evaluate(ARTICLE) == at_load
    assert not page.errors


def loss_path(rate: float, start: float = BOOK_START) -> list[tuple[float, float]]:
    """The points figure 1.4.1 draws at ``rate`` from ``start``: x and L of descent's first
    six steps, by bp."""
    square = square_graph()
    steps = itertools.islice(bp.descent_steps(square, 4.0, {"x": start}, rate=rate), 6)
    return [(float(s.params["x"]), float(s.loss)) for s in steps]


# Where each marker of figure 1.4.1's two paths is on the screen (its centre), by path.
MARKERS = """() => Object.fromEntries(['path_small', 'path_large'].map((key) => [key,
  [...document.querySelectorAll(`#fig-loss-path svg g[id="fig-loss-path__${key}"] use`)]
    .map((u) => { const r = u.getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2]; })]))"""


def line_through(data: list[float], shown: list[float]) -> tuple[float, float]:
    """The scale of an axis: slope and offset of a straight line fitted to the points."""
    n, mean, mean_shown = len(data), sum(data) / len(data), sum(shown) / len(shown)
    slope = sum((d - mean) * (s - mean_shown) for d, s in zip(data, shown, strict=True)) / sum(
        (d - mean) ** 2 for d in data
    )
    assert n >= 2
    return slope, mean_shown - slope * mean


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_figure_1_4_1_draws_the_paths_at_the_readers_rate_and_start(site, browser, width):
    page = open_page(
        browser, f"{site}/book/descent.html", viewport=(width, 900 if width > 400 else 844)
    )
    page.locator("#fig-loss-path").scroll_into_view_if_needed()
    for rate, start in [(0.02, BOOK_START), (0.09, BOOK_START), (0.05, 2.014), (0.11, 1.986)]:
        page.evaluate("([rate, start]) => window.bpExplore.set(rate, start)", [rate, start])
        markers = page.evaluate(MARKERS)
        # 1.4.4's η = 0.1 from the reader's x₀ gives the figure's scale (a straight line
        # through its markers); the reader's η must sit on that scale.
        large, small = loss_path(0.1, start), loss_path(rate, start)
        assert len(markers["path_large"]) == len(large) and len(markers["path_small"]) == 6
        for axis in (0, 1):
            slope, offset = line_through(
                [p[axis] for p in large], [m[axis] for m in markers["path_large"]]
            )
            drawn = markers["path_large"] + markers["path_small"]
            for point, marker in zip(large + small, drawn, strict=True):
                # within half a CSS pixel of where the figure's own scale puts bp's point
                assert marker[axis] == pytest.approx(slope * point[axis] + offset, abs=0.5), (
                    rate,
                    start,
                    axis,
                    point,
                )
        legend = [t.strip() for t in page.locator("#fig-loss-path svg text").all_text_contents()]
        assert f"η = {rate:g}" in legend, legend
        # The alt text tells how the book's paths run ("从左侧一步步往下走"), false at 0.09.
        label = page.locator("#fig-loss-path svg").get_attribute("aria-label")
        assert label == page.locator("#fig-loss-path figcaption .caption-text").inner_text().strip()
    page.locator(".bp-explore-reset").click()
    assert page.locator("#fig-loss-path img").count() == 1  # the static figure again
    assert not page.errors


@pytest.mark.browser
def test_the_english_1_4_3_names_its_control_and_wordings_in_english(site, browser):
    page = open_page(browser, f"{site}/en/book/descent_en.html", viewport=(390, 844))
    names = page.locator(".bp-explore-name").all_inner_texts()
    assert names == ["learning rate η", "starting point x₀"]
    reset = page.locator(".bp-explore-reset")
    assert reset.get_attribute("aria-label") == "Back to the book’s values (η = 0.05, x₀ = 1.99)"
    page.evaluate("() => window.bpExplore.set(0.1, 1.99)")
    values, negative = descent_expected(0.1)
    assert not negative
    assert assert_shown(page, values, lambda key, v=values: key in v) >= 17
    assert page.locator(".bp-words").all_inner_texts()[:2] == [
        "changes sign",
        "jumps from one side of the solution to the other",
    ]
    assert not page.errors


@pytest.mark.build
def test_a_1_4_3_statement_false_at_a_grid_point_fails_the_build(broken_grids):
    book, output = broken_grids
    claim = line_of(book, DESCENT, '% bp: claim "负的": one_gradients_negative')
    literal = line_of(book, DESCENT, r"\num{one_g3}{-0.0013}")
    cell = line_of(book, DESCENT, "```{code-cell} ipython3", 4)
    assert (
        f'{DESCENT}:{claim}: at the grid point one_rate = 0.065, one_x0 = 1.99: claim "负的" '
        "is bound to one_gradients_negative, which is False"
    ) in output
    assert re.search(
        rf"{DESCENT}:{literal}: at the grid point one_rate = 0\.06, one_x0 = 1\.99: printed "
        r"'-?0\.0000' for 'one_g3', computed -1\.21\d+e-05; rule 'round' collapses",
        output,
    ), output[-3000:]
    assert (
        f"{DESCENT}:{cell}: at the grid point one_rate = 0.125, one_x0 = 1.99: the cell raised "
        "ConvergenceError"
    ) in output


@pytest.mark.parametrize(
    ("path", "at"),
    [
        (
            DESCENT,
            [
                {"rate": rate, "start_x": start}
                for rate, start in [(0.05, 1.99), (0.065, 1.99), (0.12, 2.014), (0.02, 2.005)]
            ],
        ),
        (PAGE, [{"X_given": x, "target": y} for x, y in [(2.0, 0.5), (3.0, 0.6), (2.45, 0.4)]]),
    ],
)
def test_cells_put_back_publish_what_running_every_cell_publishes(path, at):
    """A grid runs again only the cells that the inputs reach (grid.depends: 1.4's η, 1.3's X
    and Y) and puts the others back as they were: at points on both sides of η = 1/(dy/dx)²,
    and of the solution in 1.3, the page then publishes what running every cell publishes."""
    page = grid.read(ROOT / path)
    rerun = grid.depends(page)
    assert 0 < sum(rerun) < len(rerun)
    if path == DESCENT:
        assert sum(rerun) < len(rerun) / 2  # most of 1.4's cells run once
    kept: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib's missing-glyph notes
        for point in at:
            put_back = grid.run_cells(page, point, kept)
            every_cell = grid.run_cells(page, point)
            assert {k: repr(v) for k, v in put_back.items()} == {
                k: repr(v) for k, v in every_cell.items()
            }


# Blocks of the text whose contents the browser skips (content-visibility: auto), and the
# site's own animation that draws every block three seconds in, finished at once.
SKIPPED_BLOCKS = """async () => {
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));  // after a frame
  return [...document.querySelectorAll('.bd-article section > :is(p, div.math)')]
    .filter((el) => [...el.children].some((c) => c.checkVisibility()
      && !c.checkVisibility({contentVisibilityAuto: true}))).length;
}"""
EVERY_BLOCK_DRAWN = """() => document.getAnimations()
  .filter((a) => a.animationName === 'bp-draw-all').forEach((a) => a.finish())"""


@pytest.mark.browser
def test_while_exploring_an_update_lays_out_only_the_blocks_on_the_screen(site, browser):
    """An update on a slow phone took 18.6 ms with every block of the chapter drawn
    (benchmarks/page_load.py --explore): the blocks off the screen are skipped again while the
    reader explores, and drawn again once the book's values are back."""
    page = open_page(browser, f"{site}/book/backprop.html", viewport=(390, 844), draw_all=False)
    page.evaluate(EVERY_BLOCK_DRAWN)
    assert page.evaluate(SKIPPED_BLOCKS) == 0
    page.evaluate("() => window.bpExplore.set(3, 0.5)")
    assert page.evaluate(SKIPPED_BLOCKS) > 10
    page.locator(".bp-explore-reset").click()
    page.evaluate(EVERY_BLOCK_DRAWN)
    assert page.evaluate(SKIPPED_BLOCKS) == 0
    assert not page.errors


TEX_OF_BOUND_FORMULAS = """() => [...document.querySelectorAll('.math.bp-bound')]
  .map((f) => f.querySelector('annotation[encoding="application/x-tex"]'))
  .filter(Boolean).map((a) => a.textContent)"""


@pytest.mark.browser
def test_a_copied_formula_carries_the_numbers_shown(site, browser):
    """copy-tex copies a formula's TeX (its MathML annotation): while exploring it held the
    book's numbers, so a reader at X = 3 pasted "C=\\ln 9=2.1972"."""
    page = open_page(browser, f"{site}/book/backprop.html", viewport=(1280, 900))
    at_load = page.evaluate(TEX_OF_BOUND_FORMULAS)
    page.evaluate("() => window.bpExplore.set(3, 0.5)")
    values = expected(3, 0.5)
    shown = page.evaluate(TEX_OF_BOUND_FORMULAS)
    chain = next(tex for tex in shown if tex.startswith("A=") and r"\ln" in tex)
    assert chain.startswith(f"A=3+1=4，B=4^2=16，C=\\ln 16={values['C']:.4f}，"), chain
    assert not [tex for tex in shown if r"\ln 9=" in tex]
    page.locator(".bp-explore-reset").click()
    assert page.evaluate(TEX_OF_BOUND_FORMULAS) == at_load
    assert not page.errors


def explorable(tmp_path: Path, cells: list[str], comments: str = "") -> grid.Page:
    """A page with one input, ``rate``, and these cells (and comments after them)."""
    fence = "```"
    text = "---\nexplore:\n  inputs:\n    rate: {from: 0.1, to: 0.2, step: 0.1}\n---\n\n"
    text += "".join(f"{fence}{{code-cell}} ipython3\n{cell}\n{fence}\n\n" for cell in cells)
    path = tmp_path / "page.md"
    path.write_text(text + "Text.\n" + comments, encoding="utf8")
    return grid.read(path)


def test_a_comprehensions_own_names_do_not_reach_a_later_cell(tmp_path):
    """1.4.3's ``for k, step in …`` leaves a ``k`` the inputs reach; 1.4.8's ``for k in 'wb'``
    (in a comprehension) binds its own and must not run again at every point (42 ms each)."""
    page = explorable(
        tmp_path,
        [
            "rate = 0.1\nfor k in range(3):\n    total = k * rate",
            "squares = [k * k for k in range(3)]\nlast = {k: 1 for k in 'ab'}",
            "f = lambda k: k + 1\ndef g(k):\n    return k",
            "again = k",
        ],
    )
    assert grid.depends(page) == [True, False, False, True]


def test_a_remembered_formula_is_checked_again_when_a_value_it_reads_differs():
    checks = formulas.FormulaChecks()
    symbols = {"A": "A", "B": "B"}
    verdicts = [
        [r.verdict for r in checks.check(r"A = B + \lit{1}", symbols, values, identities.Scope())]
        for values in ({"A": 3.0, "B": 2.0}, {"A": 4.0, "B": 2.0}, {"A": 3.0, "B": 2.0, "C": 1.0})
    ]
    assert verdicts == [["holds"], ["fails"], ["holds"]]  # C is not read: the first is reused


def test_a_remembered_definition_leaves_the_scope_as_it_did():
    """A repeat of ``y = x^2 % bp: defines`` is not checked again, yet y must be defined after
    it, or the identity that follows is no longer one the page can verify."""
    checks = formulas.FormulaChecks()
    sequence = [r"y = x^2 % bp: defines", r"\frac{dy}{dx} = 2x % bp: symbolic"]
    for _point in range(2):
        scope = identities.Scope()
        verdicts = [[r.verdict for r in checks.check(tex, {}, {}, scope)] for tex in sequence]
        assert verdicts == [["definition"], ["holds"]]
        assert list(scope.definitions) == ["y"]


def test_the_remembered_checks_give_the_grid_that_checking_every_formula_gives(monkeypatch):
    """1.3's grid (every formula changes with X there, the hardest case for remembering)."""
    page = grid.read(ROOT / PAGE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        remembered = grid.compute(page)
        monkeypatch.setattr(
            formulas.FormulaChecks,
            "check",
            lambda self, tex, symbols, values, scope: relations.check_formula(
                tex, symbols, values, scope
            ),
        )
        every = grid.compute(page)
    assert (remembered.problems, remembered.checked) == (every.problems, every.checked)
    assert remembered.checked["relations"] and every.printed == remembered.printed


def test_a_wording_with_three_cases_needs_two_predicates(tmp_path):
    words = '% explore: words "a" | "b" | "c": p, q\n'
    page = explorable(tmp_path, ["rate = 0.1"], "a b c\n" + words)
    (wording,) = page.words
    assert wording.texts == ("a", "b", "c") and wording.predicates == ("p", "q")
    assert wording.choose({"p": True, "q": True}) == 0
    assert wording.choose({"p": False, "q": True}) == 1
    assert wording.choose({"p": False, "q": False}) == 2
    assert wording.choose({"p": False, "q": 1.0}) == "q"  # not a truth value: named
    with pytest.raises(grid.ExploreError, match="3 wordings need 2 predicates, not 1"):
        explorable(tmp_path, ["rate = 0.1"], 'a b c\n% explore: words "a" | "b" | "c": p\n')


@pytest.mark.build
@pytest.mark.parametrize(
    "page", ["book/descent.html", "book/backprop.html", "en/book/descent_en.html"]
)
def test_the_grid_comes_with_the_scripts_not_in_the_page(built, page):
    """1.4's grid is 100 kB of JSON: in the page's HTML it delayed the first frame (1.10x the
    static page's math-ready, benchmarks/page_load.py --explore). It is a script of its own,
    loaded with explore.js after the formulas are drawn, just before it."""
    html = (built / "_build/html" / page).read_text(encoding="utf8")
    assert '"points"' not in html and "bpExploreData" not in html
    listed = re.findall(r'\{"src": "([^"]+)"', html)  # lean_pages' loader, in its order
    data = [i for i, src in enumerate(listed) if "_static/explore/" in src]
    script = [i for i, src in enumerate(listed) if re.search(r"/explore\.js\?", src)]
    assert len(data) == 1 and script == [data[0] + 1], listed
    path = built / "_build/html" / Path(page).parent / listed[data[0]].split("?")[0]
    assert path.read_text(encoding="utf8").startswith("window.bpExploreData = {")
