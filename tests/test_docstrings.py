"""Every docstring example in kembar.* runs, under the modules' real names."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import kembar.api
import kembar.data
import kembar.graph
import kembar.ontology
import kembar.shapes
import pytest

MODULES = sorted(
    {
        info.name
        for pkg in (kembar.api, kembar.data, kembar.graph, kembar.ontology, kembar.shapes)
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")
    }
    | {"kembar.ontology", "kembar.shapes", "kembar.data"}
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
