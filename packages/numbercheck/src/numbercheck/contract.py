r"""What the check promises a math renderer that runs after it (the package's public constants).

The check rewrites each formula (``\num`` → the printed digits, wrapped in ``\htmlData``
carrying the exact value) at ``doctree-read`` with priority ``CHECK_PRIORITY``, and may give
the math node a description (the attribute ``DESCRIBE``) for assistive technology. A renderer
that turns math nodes into HTML while pages are read (a KaTeX pre-renderer, say) connects to
``doctree-read`` with a larger priority, so that it sees the rewritten TeX, and trusts the
``\htmlData`` keys ``HTML_DATA_KEYS``.
"""

# doctree-read priority: after Sphinx's metadata collector (500) has stored the page's front
# matter (its symbol mapping).
CHECK_PRIORITY = 600

# A math node attribute: text that says what the formula's numbers are, for screen readers.
DESCRIBE = "describe"

# The \htmlData keys of a bound number inside a formula.
HTML_DATA_KEYS = ("bp-key", "bp-exact", "bp-rule")
