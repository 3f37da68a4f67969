"""The folders are the architecture: every import between Kembar's rooms goes where it may.

design.md section 1: ``ontology``, ``shapes`` and ``data`` import nothing from ``graph`` or
``api``; ``graph`` never imports ``api``; inside ``graph`` each room imports only the rooms
below it (the store imports no analytics, the app registers the ``fn:`` functions). The
test reads every module's imports (top level and inside functions) with ``ast``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "api": "api",
    "data": "data",
    "graph": "graph",
    "ontology": "ontology",
    "shapes": "shapes",
}

#: graph room -> the graph rooms it may import (besides itself).
GRAPH_ROOMS: dict[str, set[str]] = {
    "errors": set(),
    "store": {"errors"},
    "sparql": {"errors", "store"},
    "runtime": {"errors", "store", "sparql"},
    "ingest": {"errors", "store"},
    "validation": {"errors", "store"},
    "analytics": {"errors", "store", "sparql", "validation", "runtime"},
    "linkeddata": {"errors", "store", "sparql"},
    "release": {"errors", "store", "ingest", "validation", "linkeddata"},
    "": {"errors", "store"},  # graph/__init__.py
}
#: package -> the Kembar packages it may import (besides itself).
PACKAGE_RULES: dict[str, set[str]] = {
    "ontology": set(),
    "shapes": set(),
    "data": set(),
    "graph": {"ontology", "shapes", "data"},
    "api": {"ontology", "shapes", "data", "graph"},
}


def _modules() -> list[Path]:
    return sorted(p for folder in PACKAGES.values() for p in (ROOT / folder).rglob("*.py"))


def _dotted(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return "kembar." + ".".join(parts)


def imported(source: str, module: str = "") -> set[str]:
    """Every ``kembar.*`` module name *source* imports, at any depth of the code: absolute
    and relative imports (resolved against *module*, the importing module's dotted name),
    and ``importlib.import_module`` / ``__import__`` with a literal name.

    >>> sorted(imported("from ..store import core", "kembar.graph.sparql.guard"))
    ['kembar.graph.store', 'kembar.graph.store.core']
    >>> imported("import importlib; importlib.import_module('kembar.api.cli')")
    {'kembar.api.cli'}
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("kembar.")}
        elif isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level:  # relative: from the importing module's package upwards
                package = module.split(".")[: -node.level] if module else []
                name = ".".join([*package, *([name] if name else [])])
            if name.startswith("kembar"):
                found.add(name)
                found |= {f"{name}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            called = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", "")
            )
            target = node.args[0].value
            if called in ("import_module", "__import__") and str(target).startswith("kembar."):
                found.add(str(target))
    return found


def _room(dotted: str) -> tuple[str, str]:
    """(package, graph room) of a dotted ``kembar.*`` name."""
    parts = dotted.split(".")
    package = parts[1] if len(parts) > 1 else ""
    room = parts[2] if package == "graph" and len(parts) > 2 else ""
    return package, room


def forbidden(module: str, targets: set[str]) -> list[str]:
    """The imports of *module* that break the rules, as ``module -> target`` lines.

    >>> forbidden("kembar.graph.store.core", {"kembar.graph.analytics.network"})
    ['kembar.graph.store.core -> kembar.graph.analytics.network']
    >>> forbidden("kembar.data.curate", {"kembar.graph.ingest"})
    ['kembar.data.curate -> kembar.graph.ingest']
    """
    package, room = _room(module)
    wrong = []
    for target in sorted(targets):
        to_package, to_room = _room(target)
        if to_package not in PACKAGES:  # kembar.graph's own names such as kembar.graph.errors
            continue
        if (
            to_package != package
            and to_package not in PACKAGE_RULES[package]
            or (
                package == to_package == "graph"
                and to_room not in {"", room}
                and to_room not in GRAPH_ROOMS.get(room, set())
            )
        ):
            wrong.append(f"{module} -> {target}")
    return wrong


def test_the_checker_sees_a_forbidden_edge() -> None:
    source = "def f():\n    from kembar.graph.analytics import network\n"
    assert forbidden("kembar.graph.store.core", imported(source)) == [
        "kembar.graph.store.core -> kembar.graph.analytics",
        "kembar.graph.store.core -> kembar.graph.analytics.network",
    ]
    assert forbidden("kembar.graph.analytics.claims", imported(source)) == []
    assert forbidden("kembar.ontology.ids", imported("import kembar.api.cli")) == [
        "kembar.ontology.ids -> kembar.api.cli"
    ]
    hidden = "from ..analytics import network\nimportlib.import_module('kembar.api.cli')\n"
    assert forbidden("kembar.graph.store.core", imported(hidden, "kembar.graph.store.core")) == [
        "kembar.graph.store.core -> kembar.api.cli",
        "kembar.graph.store.core -> kembar.graph.analytics",
        "kembar.graph.store.core -> kembar.graph.analytics.network",
    ]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_stay_in_their_rooms(path: Path) -> None:
    module = _dotted(path)
    assert forbidden(module, imported(path.read_text(encoding="utf-8"), module)) == []


def test_graph_has_only_rooms_at_its_top() -> None:
    loose = sorted(p.name for p in (ROOT / "graph").iterdir() if p.is_file())
    assert loose == ["__init__.py", "errors.py", "py.typed"]
    rooms = sorted(
        p.name for p in (ROOT / "graph").iterdir() if p.is_dir() and p.name != "__pycache__"
    )
    assert set(rooms) == set(GRAPH_ROOMS) - {"errors", ""}
    for room in rooms:
        init = ROOT / "graph" / room / "__init__.py"
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"graph/{room}/__init__.py says nothing of what lives there"
        names = [
            n for n in tree.body if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)
        ]  # fmt: skip
        assert names, f"graph/{room}/__init__.py has no __all__"


def _public(path: Path) -> set[str] | None:
    """The names a module's ``__all__`` offers (None: it has none)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", "") == "__all__" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    return None


def test_another_rooms_module_is_used_through_its_all() -> None:
    """A name imported from a module of another room (or package) is one its ``__all__``
    offers, or a sub-module: no reaching into another room's private names."""
    modules = {_dotted(p): p for p in _modules()}
    reaching = []
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.module in modules):
                continue
            if _room(node.module) == _room(module):
                continue
            offered = _public(modules[node.module])
            for alias in node.names:
                name = alias.name
                if (
                    offered is not None
                    and name not in offered
                    and f"{node.module}.{name}" not in modules
                ):
                    reaching.append(f"{module} -> {node.module}.{name}")
    assert reaching == []


def _exceptions_logged_as_objects(tree: ast.AST) -> list[int]:
    """Lines where a logging call is given an exception bound by ``except ... as name``."""
    found = []
    for handler in ast.walk(tree):
        if not isinstance(handler, ast.ExceptHandler) or handler.name is None:
            continue
        for call in ast.walk(handler):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr in {"debug", "info", "warning", "error", "exception", "critical"}
                and any(isinstance(a, ast.Name) and a.id == handler.name for a in call.args)
            ):
                found.append(call.lineno)
    return found


def test_no_log_record_keeps_an_exception_alive() -> None:
    """A log record keeps its arguments; an exception argument keeps its traceback and every
    frame's variables (a store among them, whose on-disk lock then outlives it): exceptions
    are logged as text (``str``, ``repr``, :func:`kembar.graph.errors.trace`)."""
    found = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if (lines := _exceptions_logged_as_objects(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}
