"""Every docstring example in kembar.* runs, under the modules' real names."""

from __future__ import annotations

import doctest
import importlib
import inspect
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


#: Examples that start an app, draw every chart or write a whole release (3-5 s each): run
#: by ``make test``, not ``make check``.
HEAVY = {
    "kembar.api.main",
    "kembar.graph.analytics.report",
    "kembar.graph.analytics.tables",
    "kembar.graph.release.package",
    "kembar.graph.release.tables",
    "kembar.graph.release.quickstatements",
}


@pytest.mark.parametrize(
    "name", [pytest.param(m, marks=pytest.mark.slow) if m in HEAVY else m for m in MODULES]
)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


ROOMS = ["store", "sparql", "ingest", "validation", "analytics", "linkeddata"]
PUBLIC = sorted(
    (f"kembar.graph.{room}", name)
    for room in ROOMS
    for name in importlib.import_module(f"kembar.graph.{room}").__all__
)


@pytest.mark.parametrize(("room", "name"), PUBLIC, ids=lambda x: x.rsplit(".", 1)[-1])
def test_the_public_api_has_numpydoc(room: str, name: str) -> None:
    """Every name a room exports is documented: Parameters, Returns (or Yields) and Raises
    where the function has them (numpydoc, as networkx writes them)."""
    obj = getattr(importlib.import_module(room), name)
    if inspect.ismodule(obj):
        return
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{room}.{name} has no docstring"
    if not inspect.isfunction(obj):
        return
    signature = inspect.signature(obj)
    if signature.parameters:
        assert "Parameters\n----------" in doc, f"{room}.{name}: no Parameters"
    if signature.return_annotation not in ("None", None, inspect.Signature.empty):
        assert "Returns\n-------" in doc or "Yields\n------" in doc, f"{room}.{name}: no Returns"
    source = inspect.getsource(obj)
    if "\n    raise " in source or "\n        raise " in source:
        assert "Raises\n------" in doc, f"{room}.{name}: raises, but no Raises section"
