"""A page's scripts run once its text and formulas are on the screen, not before.

``benchmarks/page_load.py`` showed where the chapter's time to show its formulas went: the
theme's scripts (bootstrap, pydata-sphinx-theme, sphinx-book-theme, copy and toggle buttons,
Sphinx's own) all ran before ``DOMContentLoaded``: the synchronous ones in the head stopped
the parser until every stylesheet had arrived, and the theme's forced style and layout
passes over the whole page. In one run, the chapter with its scripts removed had its
formulas typeset in 120 ms against 341 ms with them (desktop). None of them draws anything a
reader needs to read the page: they add buttons, tooltips and keyboard shortcuts.

So every external script of a written page is taken out of its place and one small inline
script at the end of the body inserts them again, in their order (``async = false`` keeps
the order of inserted scripts), once the formulas on the screen are drawn with their fonts:
after the first frame, the fonts that frame asked for, and the frame that draws with them
(the moment ``benchmarks/page_load.py`` calls math-ready). Inserted after the first frame
only, they ran while KaTeX's fonts arrived and held back the frame that shows the formulas
typeset (50 ms of the chapter's 550 on a desktop, in a Chromium trace). Each keeps its
attributes.

A script in the page, inline or not, waits for every stylesheet above it before it runs, and
the parser waits for the script: the small scripts Sphinx and its extensions put in the head
after the stylesheets (``let toggleHintShow = …``, ``DOCUMENTATION_OPTIONS.pagename = …``)
kept the rest of the page from being parsed until the 300 kB theme stylesheet had arrived.
They set names only, so they are moved above the first stylesheet
(``head_scripts_before_stylesheets``), and the page is parsed while the stylesheets load.

One thing a script did matters to the first frame: in "auto" colour mode (the default),
pydata-sphinx-theme.js sets ``data-theme`` to "light" or "dark" from the reader's system
setting, and the theme's stylesheet has rules for those two values only. So the theme's own
inline script in the head, which sets ``data-theme`` from the reader's choice, is followed by
one that resolves "auto" at once (``THEME_NOW``); a dark system gets a dark first frame (the
deferred scripts used to run after a first paint too, which then flashed light).

The scripts this pass leaves in place, and why:

- ``documentation_options.js``: inline scripts of the page assign to the object it defines.
- ``design-tabs.js`` (sphinx-design): it waits for ``DOMContentLoaded`` without checking
  whether the event has already fired, so run later it would never start.
- every script of ``search.html`` (``lean_written_pages`` passes it by): its search starts
  at ``DOMContentLoaded``.
"""

from __future__ import annotations

import json
import re

BEFORE_PAINT = ("documentation_options.js", "design-tabs.js")
SCRIPT = re.compile(r'[ \t]*<script\b(?P<attributes>[^>]*\bsrc="[^"]*"[^>]*)>\s*</script>\n?')
ATTRIBUTE = re.compile(r'(?P<name>[\w-]+)(?:="(?P<value>[^"]*)")?')
# The theme's inline script that sets the colour mode before the first paint, and ours after it.
THEME_SCRIPT = re.compile(r'<script data-cfasync="false">[^<]*dataset\.theme[^<]*</script>\n?')
THEME_NOW = """<script>
/* "auto" resolved before the first paint (book/_ext/lean_pages/after_paint.py). */
if (document.documentElement.dataset.theme === "auto") {
  const dark = matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}
</script>
"""
LOADER = """<script>
/* The page's scripts, once its formulas are drawn with their fonts (lean_pages/after_paint.py). */
{
  const frame = () => new Promise((drawn) => requestAnimationFrame(() => setTimeout(drawn)));
  frame().then(() => document.fonts.ready).then(frame).then(() => {
    for (const attributes of %s) {
      const script = document.createElement("script");
      for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
      script.async = false;
      document.body.append(script);
    }
  });
}
</script>
"""
STYLESHEET = re.compile(r'[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>')
# A classic script of the head: inline, or external and kept before the paint. Not JSON data.
HEAD_SCRIPT = re.compile(r'[ \t]*<script(?![^>]*\btype="application/)[^>]*>.*?</script>\n?', re.S)


def scripts_after_paint(html: str) -> str:
    """``html`` with its external scripts (but ``BEFORE_PAINT``) loaded after the first frame.

    Idempotent: a page whose scripts were already moved has none left to move."""
    moved: list[dict[str, str]] = []

    def take(tag: re.Match) -> str:
        attributes = {
            found["name"]: found["value"] or ""
            for found in ATTRIBUTE.finditer(tag["attributes"])
            if found["name"] not in ("defer", "async")
        }
        if any(name in attributes["src"] for name in BEFORE_PAINT):
            return tag.group(0)
        moved.append(attributes)
        return ""

    lean = SCRIPT.sub(take, html)
    if not moved:
        return html
    loader = LOADER % json.dumps(moved, ensure_ascii=False)
    # A script preloaded by the theme is now inserted later: the hint would only compete
    # with the stylesheets and fonts the first frame needs.
    lean = re.sub(r'[ \t]*<link rel="preload" as="script"[^>]*>\n?', "", lean)
    lean = THEME_SCRIPT.sub(lambda theme: theme.group(0) + THEME_NOW, lean, count=1)
    return head_scripts_before_stylesheets(lean.replace("</body>", loader + "</body>", 1))


def head_scripts_before_stylesheets(html: str) -> str:
    """``html`` with the head's scripts that follow its first stylesheet moved above it, in
    their order, so that none waits for the stylesheets (and keeps the parser waiting)."""
    end = html.find("</head>")
    first = STYLESHEET.search(html, 0, end)
    if first is None:
        return html
    after = html[first.start() : end]
    scripts = HEAD_SCRIPT.findall(after)
    if not scripts:
        return html
    return html[: first.start()] + "".join(scripts) + HEAD_SCRIPT.sub("", after) + html[end:]
