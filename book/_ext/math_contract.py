r"""What the number check and the KaTeX renderer agree on, written once for both.

numbercheck rewrites each formula (``\num`` → the printed digits, wrapped in ``\htmlData``
carrying the exact value) and may give the math node a description; katex_prerender then
renders the rewritten TeX and shows the description to assistive technology.
"""

import re

# doctree-read priorities. The check runs after Sphinx's metadata collector (500) has
# stored the page's front matter (its symbol mapping), and before KaTeX renders (the
# renderer must see the rewritten TeX, not the \num markup).
CHECK_PRIORITY = 600
RENDER_PRIORITY = 800

# A math node attribute: text that says what the formula's numbers are, for screen readers.
DESCRIBE = "describe"

# The \htmlData keys of a bound number inside a formula (render.js trusts \htmlData only).
HTML_DATA_KEYS = ("bp-key", "bp-exact", "bp-rule")

# A bound number in rewritten TeX. KaTeX keeps a formula's TeX in its MathML annotation, which
# is what a reader copies (KaTeX's copy-tex) and what search reads: there it is the printed
# digits alone, as the reader's TeX would have them.
HTML_DATA = re.compile(r"\\htmlData\{[^{}]*\}\{(?P<printed>[^{}]*)\}")


def reader_tex(tex: str) -> str:
    r"""``tex`` with each ``\htmlData{…}{digits}`` replaced by its digits."""
    return HTML_DATA.sub(r"\g<printed>", tex)
