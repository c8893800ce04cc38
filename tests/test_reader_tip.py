"""The tip of a bound number, and copying a sentence, as a reader meets them (issue 20,
items 1 and 6).

Every bound number inside the chapter's formulas, and a sample of the numbers of every other
page, is tapped on a 390×844 touch phone and hovered at 1280×900, in both editions, light and
dark. Each time exactly one tip is shown: inside the screen, off the number's line, at
reading size, saying the value's symbol, its readable value and the rule, never a Python
repr. Keyboard focus on a formula shows one tip for its numbers; Escape closes it. A copied
paragraph holds its text and its formulas' TeX once, as the page's source writes them.
"""

from __future__ import annotations

import random
import re

import pytest
import yaml
from numbercheck.symbols import readable, shown_name

from scripts.pages import site_pages
from tests.book import ROOT
from tests.browsing import ARTIFACTS, VIEWPORTS, open_on_a_touch_phone, open_page

CHAPTERS = {"zh": "book/backprop.html", "en": "en/book/backprop_en.html"}


def source_of(path: str) -> str:
    """The MyST source of a page of the built site."""
    return (ROOT / re.sub(r"^(en/)?(.*)\.html$", r"\2.md", path)).read_text(encoding="utf8")


# Every other page that binds a number.
OTHER_PAGES = [
    p
    for p in site_pages("_toc.yml") + site_pages("_toc.en.yml", "en/")
    if "backprop" not in p and "\\num{" in source_of(p)
]
SAMPLE = 6  # numbers per page beyond the chapter, drawn with a seed
# The rule's word in each edition (numbercheck's catalog), as a reader reads it in a tip.
RULE_WORDS = {
    "zh": {"round": "就近舍入", "truncate": "截断", "round-up": "进位"},
    "en": {"round": "round to nearest", "truncate": "truncate", "round-up": "round up"},
}
NUMBERS = ".bp-number, .bp-bound [data-bp-exact]"
IN_FORMULAS = ".bp-bound [data-bp-exact]"

# Every tip the reader can see, and how it sits against the number it is about.
TIP_STATE = """(number) => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0'
      && s.display !== 'none';
  };
  const tips = [...document.querySelectorAll('[role="tooltip"], .bp-tip')].filter(shown);
  // Tips drawn as generated content (::after), which a reader sees as well.
  const pseudo = [...document.querySelectorAll('[data-bp-exact]')].filter((el) => {
    const c = getComputedStyle(el, '::after').content;
    return c && c !== 'none' && c !== 'normal' && c !== '""';
  }).length;
  const box = number.getBoundingClientRect();
  const block = number.closest('p, li, td, dd, div.math, .katex-display') || number;
  const lineHeight = parseFloat(getComputedStyle(block).lineHeight) || box.height;
  const grow = Math.max(0, (lineHeight - box.height) / 2);
  const tip = tips[0];
  const style = tip ? getComputedStyle(tip) : null;
  // Points of the tip where something else (a button, the header) would be seen instead.
  const covered = [];
  if (tip) {
    const r = tip.getBoundingClientRect();
    const events = tip.style.pointerEvents;
    tip.style.pointerEvents = 'auto';
    for (const x of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      for (const y of [0.2, 0.5, 0.8]) {
        const hit = document.elementFromPoint(r.left + x * r.width, r.top + y * r.height);
        if (hit && !tip.contains(hit)) covered.push(hit.id || hit.className || hit.tagName);
      }
    }
    tip.style.pointerEvents = events;
  }
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  return {
    count: tips.length + pseudo,
    rect: tip ? tip.getBoundingClientRect().toJSON() : null,
    line: {top: box.top - grow, bottom: box.bottom + grow},
    fontSize: style ? parseFloat(style.fontSize) : 0,
    colour: style ? rgb(style.color) : null,
    background: style ? rgb(style.backgroundColor) : null,
    text: tip ? tip.innerText : '',
    covered,
    viewport: [document.documentElement.clientWidth, window.innerHeight],
  };
}"""


def luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def page_symbols(path: str) -> dict[str, str]:
    """The symbols the page's source declares for its values (its front matter): those of
    its formulas, and each explorable input's (``explore: inputs: {shows, symbol}``)."""
    front = re.match(r"\A---\n(.*?)\n---\n", source_of(path), re.DOTALL)
    metadata = yaml.safe_load(front.group(1)) if front else {}
    inputs = ((metadata.get("explore") or {}).get("inputs") or {}).values()
    named = {spec["symbol"]: spec["shows"] for spec in inputs if "symbol" in spec}
    return {**named, **((metadata.get("numbercheck") or {}).get("symbols") or {})}


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def assert_one_readable_tip(state: dict, number: dict, symbols: dict, edition: str) -> None:
    """What a reader must see when a number's tip is open."""
    where = f"{number['key']} printed {number['printed']!r}"
    assert state["count"] == 1, f"{where}: {state['count']} tips shown"
    assert state["rect"] is not None, f"{where}: the tip is drawn as generated content"
    rect, (width, height) = state["rect"], state["viewport"]
    assert rect["left"] >= 0 and rect["right"] <= width, (where, rect)
    assert rect["top"] >= 0 and rect["bottom"] <= height, (where, rect)
    line = state["line"]
    assert rect["bottom"] <= line["top"] or rect["top"] >= line["bottom"], (
        f"{where}: the tip covers the number's line",
        rect,
        line,
    )
    assert state["fontSize"] >= 14, (where, state["fontSize"])
    assert not state["covered"], f"{where}: the tip is under {state['covered']}"
    assert contrast(state["colour"], state["background"]) >= 4.5, (where, state)
    text = state["text"]
    symbol = plain(shown_name(number["key"], symbols))
    value = readable(float(number["exact"]))
    assert symbol in text and value in text and number["printed"] in text, (where, text)
    assert RULE_WORDS[edition][number["rule"]] in text, (where, text)
    exact = number["exact"]
    if exact.endswith(".0") or len(exact.lstrip("-0.").replace(".", "")) > 10:
        # The value shown, not the printed literal after it (2.000000000000 holds "2.0").
        shown = text.replace(number["printed"], "")
        assert exact not in shown, f"{where}: the tip shows the repr {exact!r}: {text}"
    if symbol != number["key"]:
        assert number["key"] not in text, f"{where}: the tip names {number['key']!r}: {text}"


def numbers_of(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(
        """els => els.map((el, i) => ({i, key: el.dataset.bpKey, exact: el.dataset.bpExact,
              rule: el.dataset.bpRule, printed: el.textContent.trim()}))"""
    )


def open_device(browser, url: str, device: str, scheme: str):
    """The page on a touch phone or a desktop, with every fold open (a reader opens the
    answer whose numbers they want to see)."""
    if device == "phone":
        page = open_on_a_touch_phone(browser, url, scheme)
    else:
        page = open_page(browser, url, color_scheme=scheme, viewport=VIEWPORTS["desktop"])
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => (d.open = true))")
    return page


def show_each(
    page, device: str, selector: str, numbers: list[dict], symbols, edition, shot: str = ""
) -> None:
    """Tap (phone) or hover (desktop) each number in turn; each shows its one tip, and the
    tip of the one before is gone. ``shot``: a screenshot of the last tip, for people."""
    for number in numbers:
        target = page.locator(selector).nth(number["i"])
        target.scroll_into_view_if_needed()
        if device == "phone":
            target.tap(timeout=5000)
        else:
            target.hover(timeout=5000)
        state = target.evaluate(TIP_STATE)
        assert_one_readable_tip(state, number, symbols, edition)
    page.wait_for_timeout(400)  # what the theme shows after a scroll ("back to top")
    last = page.locator(selector).nth(numbers[-1]["i"])
    assert not last.evaluate(TIP_STATE)["covered"], "the tip is under the page's controls"
    if shot:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / shot)
    page.keyboard.press("Escape")
    assert last.evaluate(TIP_STATE)["count"] == 0, "Escape leaves the tip open"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", VIEWPORTS)
@pytest.mark.parametrize("edition", CHAPTERS)
def test_every_number_in_the_chapters_formulas_shows_one_readable_tip(
    browser, site, edition, device, scheme
):
    path = CHAPTERS[edition]
    page = open_device(browser, f"{site}/{path}", device, scheme)
    numbers = numbers_of(page, IN_FORMULAS)
    assert len(numbers) >= 20, f"only {len(numbers)} numbers in the chapter's formulas"
    if scheme == "dark":  # the layout is the light one's; dark changes colours only
        numbers = random.Random(path).sample(numbers, SAMPLE)
    shot = f"tip-{edition}-{device}-{scheme}.png"
    show_each(page, device, IN_FORMULAS, numbers, page_symbols(path), edition, shot)
    page.context.close() if device == "phone" else page.close()


@pytest.mark.parametrize("device", VIEWPORTS)
@pytest.mark.parametrize("path", OTHER_PAGES)
def test_a_sample_of_every_pages_numbers_shows_one_readable_tip(browser, site, path, device):
    edition = "en" if path.startswith("en/") else "zh"
    page = open_device(browser, f"{site}/{path}", device, "light")
    numbers = numbers_of(page, NUMBERS)
    assert numbers, f"no bound number on {path}"
    sample = random.Random(f"{path} {device}").sample(numbers, min(SAMPLE, len(numbers)))
    show_each(page, device, NUMBERS, sample, page_symbols(path), edition)
    page.context.close() if device == "phone" else page.close()


@pytest.mark.parametrize("edition", CHAPTERS)
def test_keyboard_focus_on_a_formula_shows_one_tip_for_its_numbers(browser, site, edition):
    path = CHAPTERS[edition]
    page = open_page(browser, f"{site}/{path}", viewport=VIEWPORTS["desktop"])
    symbols = page_symbols(path)
    formulas = page.locator(".math.bp-bound")
    assert formulas.count() >= 10
    page.keyboard.press("Tab")  # the reader is on the keyboard
    for i in range(formulas.count()):
        formula = formulas.nth(i)
        formula.scroll_into_view_if_needed()
        formula.focus()
        numbers = numbers_of(formula, "[data-bp-exact]")
        state = formula.locator("[data-bp-exact]").first.evaluate(TIP_STATE)
        assert state["count"] == 1, f"formula {i}: {state['count']} tips"
        assert state["fontSize"] >= 14
        rect, (width, height) = state["rect"], state["viewport"]
        assert rect["left"] >= 0 and rect["right"] <= width, rect
        assert rect["top"] >= 0 and rect["bottom"] <= height, rect
        box = formula.bounding_box()  # the formula, or its first number's line if it is tall
        top, bottom = box["y"], box["y"] + box["height"]
        if box["height"] > height / 2:
            top, bottom = state["line"]["top"], state["line"]["bottom"]
        assert rect["bottom"] <= top or rect["top"] >= bottom, "the tip covers the formula"
        for number in numbers:
            symbol = plain(shown_name(number["key"], symbols))
            assert symbol in state["text"] and number["printed"] in state["text"], state["text"]
        if i == 3:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / f"tip-{edition}-focus.png")
        page.keyboard.press("Escape")
        assert formula.evaluate(TIP_STATE)["count"] == 0
    page.close()


# -- copying a paragraph -------------------------------------------------------------------

LONE_BINDING = re.compile(r"\$\\(?:num\{[^{}]*\}|lit)\{(?P<printed>[^{}]*)\}\$")
BINDING = re.compile(r"\\(?:num\{[^{}]*\}|lit)\{(?P<printed>[^{}]*)\}")
DIRECTIVE = re.compile(r"\s*% bp:[^$\n]*")  # the check's comments inside a formula
INLINE_MATH = re.compile(r"\$[^$]+\$")


def copied_paragraphs(source: str) -> list[str]:
    """The plain paragraphs of a page's source that hold inline math (no other markup), as
    their copy should read: a lone bound number is a word of the sentence, every other
    formula its TeX between $ signs, with the printed digits in place of the markup."""
    body = re.sub(r"\A---\n.*?\n---\n", "", source, flags=re.DOTALL)
    body = re.sub(r"```.*?```", "", body, flags=re.DOTALL)
    found = []
    for block in re.split(r"\n\s*\n", body):
        lines = [line for line in block.strip().splitlines() if not line.startswith("%")]
        text = "".join(lines)
        if "$" not in text or text.startswith(("$$", "#", "(", ":", "+", "|", "-", "`", "<")):
            continue
        if re.search(r"[*\[\]`<]|\{[a-z-]+\}", LONE_BINDING.sub("", text).replace("$", "")):
            continue  # other markup: links, emphasis, roles
        if re.search(r"\{[a-z-]+\}`", text):
            continue
        text = DIRECTIVE.sub("", LONE_BINDING.sub(r"\g<printed>", text))
        found.append(BINDING.sub(r"\g<printed>", text))
    return found


def typed(text: str) -> str:
    """Text as typed on a keyboard, without spaces: the page's typography (curly quotes, the
    ellipsis) and the source's ASCII compare equal."""
    text = re.sub(r"\s", "", text)
    for shown, typed_as in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("…", "...")):
        text = text.replace(shown, typed_as)
    return text


COPY = """(p) => {
  const range = document.createRange();
  range.selectNodeContents(p);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const data = new DataTransfer();
  const event = new ClipboardEvent('copy', {clipboardData: data, bubbles: true, cancelable: true});
  document.dispatchEvent(event);
  // No handler took the copy: the browser copies the selection's text.
  return event.defaultPrevented ? data.getData('text/plain') : selection.toString();
}"""


@pytest.mark.parametrize("edition", CHAPTERS)
def test_a_copied_paragraph_holds_its_text_and_its_math_once(browser, site, edition):
    path = CHAPTERS[edition]
    expected = copied_paragraphs(source_of(path))
    # Paragraphs with a role (the mark on a slip of the original) are left out of the sample.
    assert len(expected) >= 4, expected
    page = open_page(browser, f"{site}/{path}", viewport=VIEWPORTS["desktop"])
    paragraphs = page.locator("article p")
    # Each paragraph's words, without its formulas: how a source paragraph is found.
    words = paragraphs.evaluate_all(
        """ps => ps.map((p) => { const c = p.cloneNode(true);
             c.querySelectorAll('.katex').forEach((k) => k.remove()); return c.textContent; })"""
    )
    words = [typed(w) for w in words]
    checked = 0
    for want in expected:
        matches = [i for i, w in enumerate(words) if w == typed(INLINE_MATH.sub("", want))]
        if len(matches) != 1:
            continue
        copied = paragraphs.nth(matches[0]).evaluate(COPY)
        assert typed(copied) == typed(want), (copied, want)
        checked += 1
    assert checked == len(expected), f"only {checked} paragraphs of {path} found to copy"
    page.close()


def test_the_report_page_names_symbols_as_a_reader_writes_them(browser, site):
    """The report page's reasons typeset the symbols they name (no ``w_1`` or ``dL/dw_1``
    as text) and list them with the Chinese enumeration comma."""
    page = open_page(browser, f"{site}/book/checks.html", viewport=VIEWPORTS["desktop"])
    reasons = page.locator("article li").evaluate_all(
        """lis => lis.map((li) => { const c = li.cloneNode(true);
             c.querySelectorAll('.katex, ul').forEach((k) => k.replaceWith('□'));
             return c.textContent; }).filter((t) => t.includes('原因'))"""
    )
    assert reasons, "no reasons on the report page"
    for reason in reasons:
        assert not re.search(r"[A-Za-z]_\w|\w/d\w", reason), reason
        assert not re.search(r"□, □", reason), reason
    page.close()
