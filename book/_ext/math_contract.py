r"""What the number check and the KaTeX renderer agree on, written once for both.

numbercheck rewrites each formula (``\num`` → the printed digits, wrapped in ``\htmlData``
carrying the exact value) and may give the math node a description; katex_prerender then
renders the rewritten TeX and shows the description to assistive technology.

numbercheck is an installed package (packages/numbercheck) and states its side of the
contract in ``numbercheck.contract``; this module adds the book's side: the renderer's
priority, and the TeX a reader copies.
"""

import re

from numbercheck.contract import CHECK_PRIORITY, DESCRIBE, HTML_DATA_KEYS

# doctree-read priority of KaTeX: after the check (the renderer must see the rewritten TeX, not
# the \num markup). render.js trusts \htmlData only, with the keys HTML_DATA_KEYS.
RENDER_PRIORITY = 800
assert RENDER_PRIORITY > CHECK_PRIORITY

# A bound number in rewritten TeX. KaTeX keeps a formula's TeX in its MathML annotation, which
# is what a reader copies (KaTeX's copy-tex) and what search reads: there it is the printed
# digits alone, as the reader's TeX would have them.
HTML_DATA = re.compile(r"\\htmlData\{[^{}]*\}\{(?P<printed>[^{}]*)\}")


def reader_tex(tex: str) -> str:
    r"""``tex`` with each ``\htmlData{…}{digits}`` replaced by its digits."""
    return HTML_DATA.sub(r"\g<printed>", tex)


__all__ = ["CHECK_PRIORITY", "DESCRIBE", "HTML_DATA_KEYS", "RENDER_PRIORITY", "reader_tex"]
