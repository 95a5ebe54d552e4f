"""Imports run one way, data model up to the command line: no module of equipref imports, even lazily inside a
function, a module that imports it back. An import made only for type checking (under ``TYPE_CHECKING``) is not
an import at run time and is left out."""

from __future__ import annotations

import ast
from pathlib import Path

import equipref

PACKAGE = Path(equipref.__file__).parent

def _module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, modules: set[str], root: Path = PACKAGE) -> set[str]:
    """The equipref modules ``path`` imports at run time, at any depth of its code, ``TYPE_CHECKING`` blocks aside."""
    me = _module_name(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()

    def resolve(name: str) -> str | None:
        # ``from equipref import snapshot`` names a module; ``from equipref.model import Claim`` names one too.
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (target := resolve(alias.name)) is not None:
                    found.add(target)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                if (target := resolve(f"{origin}.{alias.name}")) is not None:
                    found.add(target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    found.discard(me)
    # A package's own __init__ runs before any of its modules: importing the package is not a dependency on it.
    found.discard("equipref")
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) for p in paths}


def cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """The strongly connected components of more than one module (Tarjan), each as its sorted modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: set[tuple[str, ...]] = set()

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.add(tuple(sorted(component)))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return out


def test_no_import_cycles() -> None:
    found = sorted(cycles(import_graph()))
    assert not found, "import cycles among equipref modules (a lazy import inside a function counts): " + "; ".join(
        " <-> ".join(c) for c in found
    )


def test_the_finder_sees_lazy_and_relative_imports_and_skips_type_checking(tmp_path: Path) -> None:
    """The walker itself: a function-level import counts, a TYPE_CHECKING one does not."""
    graph = {
        "equipref.a": {"equipref.b"},
        "equipref.b": {"equipref.c"},
        "equipref.c": {"equipref.a"},
        "equipref.d": {"equipref.a"},
    }
    assert cycles(graph) == {("equipref.a", "equipref.b", "equipref.c")}
    root = tmp_path / "equipref"
    (root / "pages").mkdir(parents=True)
    source = root / "pages" / "x.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from equipref.catalog import Catalog\n"
        "def f():\n    from equipref import snapshot\n    import equipref.units\n"
        "    from ..model import Claim\n    from .common import md\n",
        encoding="utf-8",
    )
    modules = {"equipref", "equipref.catalog", "equipref.snapshot", "equipref.units", "equipref.model"}
    modules |= {"equipref.pages", "equipref.pages.common", "equipref.pages.x"}
    found = _imports(source, modules, root)
    assert found == {"equipref.snapshot", "equipref.units", "equipref.model", "equipref.pages.common"}
