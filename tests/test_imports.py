"""The package's import graph, read from the source (ast): no cycles, no private names across modules.

Every import counts, at the top of a module or inside a function (a lazy import is still an
edge), except under ``if TYPE_CHECKING:`` (never run). ``from pkg import name`` is an edge to ``pkg.name`` when that is a module of the package,
else to ``pkg``. A package's ``__init__`` importing its own submodules is how packages work;
a submodule importing its package's ``__init__`` would close a cycle and counts like any other.
Modules whose names start with ``_`` (``_paths``, ``_files``) are the package's shared helpers:
importing them is allowed; importing a ``_name`` defined in another module is not, whether as
``from m import _name`` or as ``m._name``.
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src"
PACKAGE = "mideast_events"


def _modules() -> dict[str, Path]:
    out = {}
    for file in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(file.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = file
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if _is_package(module) else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _edges(module: str) -> tuple[set[str], list[str]]:
    """(modules of the package that ``module`` imports, private names it takes from them)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # imports for type checkers only never run: not edges
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    targets: set[str] = set()
    private: list[str] = []
    bound: dict[str, str] = {}  # local name -> module of ours it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE) and alias.name in MODULES:
                    targets.add(alias.name)
                    bound[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else PACKAGE
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            if not source.startswith(PACKAGE) or source not in MODULES:
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in MODULES:
                    targets.add(sub)
                    bound[alias.asname or alias.name] = sub
                else:
                    targets.add(source)
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        private.append(f"{module}: from {source} import {alias.name}")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                and node.attr.startswith("_") and not node.attr.startswith("__")
                and f"{bound[node.value.id]}.{node.attr}" not in MODULES):
            private.append(f"{module}: {node.value.id}.{node.attr} (line {node.lineno})")
    targets.discard(module)
    # a package importing its own submodules is not an edge that can close a cycle through itself
    return targets, private


GRAPH = {m: _edges(m) for m in MODULES}


def _cycles() -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(GRAPH[v][0]):
            if _is_package(v) and w.startswith(v + "."):
                continue  # a package's __init__ importing its own submodules
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for m in sorted(MODULES):
        if m not in index:
            visit(m)
    return out


def test_the_walk_sees_the_package():
    # the graph is built from the real tree: the modules the validator is made of are in it
    assert {"mideast_events.rules", "mideast_events.schema", "mideast_events.cli"} <= set(MODULES)
    assert "mideast_events.schema" in GRAPH["mideast_events.rules"][0]


def test_no_import_cycles():
    assert _cycles() == []


def test_no_module_imports_another_modules_private_names():
    assert [p for m in sorted(GRAPH) for p in GRAPH[m][1]] == []
