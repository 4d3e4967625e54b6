"""The package stays readable: folders that are the pipeline, data flowing one way, no module over 500
lines, no class over 250, no function over 60 (issue #21). A long one may stay with its reason written
in a ``# long: ...`` comment on the line above its ``def``/``class``."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kg"
MODULES = sorted(PACKAGE.rglob("*.py"))
# Data flows one way: a layer imports only layers after it in this list. Top-level modules are either
# the commands on top (cli, build, ...) or the shared base (errors, io, model, resources). kg.graph reads
# RDF files back through kg.serve's store; kg.serve knows nothing of the networkx model.
LAYERS = ["top", "kg.graph", "kg.serve", "kg.extract", "kg.read", "base"]
BASE = {"kg.errors", "kg.io", "kg.model", "kg.resources", "kg"}


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


NAMES = {_name(p): p for p in MODULES}


def _imports(path: Path) -> set[str]:
    """The kg modules one module imports (at any depth of its code), by full name."""
    me = _name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in NAMES else base for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in NAMES:
                target = target.rpartition(".")[0]
            if target and target != me:
                found.add(target)
    return found


def _layer(name: str) -> str:
    if name in BASE:
        return "base"
    parts = name.split(".")
    if len(parts) == 2 and NAMES[name].name != "__init__.py":
        return "top"
    return ".".join(parts[:2])


def _long_reason(lines: list[str], node: ast.AST) -> bool:
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return first >= 2 and lines[first - 2].strip().startswith("# long:")


def test_no_import_cycle() -> None:
    g = nx.DiGraph((name, t) for name, p in NAMES.items() for t in _imports(p)
                   if not (name.startswith(t + ".") and NAMES[t].name == "__init__.py"))
    assert list(nx.simple_cycles(g)) == []


def test_data_flows_one_way() -> None:
    backwards = [f"{name} imports {t}" for name, p in NAMES.items() for t in _imports(p)
                 if LAYERS.index(_layer(t)) < LAYERS.index(_layer(name))]
    assert backwards == []


def test_every_folder_says_what_it_owns() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{init.relative_to(ROOT)} needs a docstring saying what the folder owns"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_sizes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) <= 500, f"{len(lines)} lines: split the module by job"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            limit = 250 if isinstance(node, ast.ClassDef) else 60
            size = node.end_lineno - node.lineno + 1
            assert size <= limit or _long_reason(lines, node), \
                f"{node.name} is {size} lines (> {limit}): make named steps, or say why above it with '# long: ...'"


def test_contributing_names_every_folder() -> None:
    """CONTRIBUTING's 'Where a change goes' lists every folder of the package, so the map cannot drift."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    folders = sorted(str(init.parent.relative_to(ROOT)) + "/" for init in PACKAGE.rglob("__init__.py")
                     if init.parent != PACKAGE and "templates" not in init.parts)
    assert folders and [f for f in folders if f"`{f}`" not in text] == []
