"""The examples in bp's docstrings, which the API page shows, run and print what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["bp.graph", "bp.solver", "bp.descent", "bp.operators", "bp.node", "bp.errors"]


@pytest.mark.parametrize("name", MODULES)
def test_every_docstring_example_prints_what_it_shows(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_examples_the_api_page_shows_are_there():
    examples = sum(doctest.testmod(importlib.import_module(name)).attempted for name in MODULES)
    assert examples >= 5
