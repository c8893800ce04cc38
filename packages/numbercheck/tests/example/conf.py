"""A minimal project checked by numbercheck: plain Sphinx, pages in MyST Markdown run by myst-nb."""

import sys
from pathlib import Path

# The page's computation, a package beside the pages: the kernel imports it from the page's
# folder, and numbercheck finds it here to fingerprint its source.
sys.path.insert(0, str(Path(__file__).parent))

project = "numbercheck example"
extensions = ["myst_nb", "numbercheck"]
myst_enable_extensions = ["dollarmath"]
exclude_patterns = ["_build", "README.md"]
nb_execution_mode = "cache"
nb_execution_raise_on_error = True
# A change to this package's source clears the execution cache: no page keeps a stale value.
numbercheck_watch_packages = ["triangle"]
