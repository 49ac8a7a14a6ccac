"""The import graph tells the truth: no circles, no private helper borrowed across modules,
the project's own modules imported at the top of each file."""

from __future__ import annotations

import ast
from pathlib import Path

from analysis.config import PACKAGE_DIR


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _own_imports(tree: ast.Module) -> list[tuple[ast.ImportFrom | ast.Import, bool]]:
    """Imports of the project's modules, each with whether it sits at the module's top."""
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis")) or (
            isinstance(node, ast.Import) and any(a.name.startswith("analysis") for a in node.names)
        ):
            found.append((node, id(node) in top))
    return found


def _target(node: ast.ImportFrom | ast.Import) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    targets = []
    for alias in node.names:
        sub = f"{node.module}.{alias.name}"
        targets.append(sub if sub in MODULES else node.module)
    return targets


def test_no_import_circle():
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = set()
        for node, at_top in _own_imports(tree):
            if at_top and not _type_checking_only(tree, node):
                edges.update(t for t in _target(node) if t in MODULES and t != name)
        graph[name] = edges
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for nxt in sorted(graph[module]):
            if state.get(nxt) == 1:
                raise AssertionError(
                    "import circle: " + " -> ".join([*path[path.index(nxt) :], nxt])
                )
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def _type_checking_only(tree: ast.Module, node: ast.AST) -> bool:
    for block in tree.body:
        if (
            isinstance(block, ast.If)
            and "TYPE_CHECKING" in ast.unparse(block.test)
            and any(node is sub for sub in ast.walk(block))
        ):
            return True
    return False


def test_no_private_helper_is_used_from_another_module():
    borrowed = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, _ in _own_imports(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name.startswith("_") and node.module != name:
                        borrowed.append(f"{name} imports {node.module}.{alias.name}")
    assert borrowed == []


def test_the_projects_modules_are_imported_at_the_top():
    inside = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, at_top in _own_imports(tree):
            if not at_top and not _type_checking_only(tree, node):
                inside.append(f"{name}: line {node.lineno}")
    assert inside == []


def _word_lists(tree: ast.Module) -> list[int]:
    """Lines where a list of words is written out as a string split into 5 or more words."""
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
            and len(node.func.value.value.split()) >= 5
        ):
            lines.append(node.lineno)
    return lines


def test_word_lists_live_in_one_place():
    elsewhere = {
        name: _word_lists(ast.parse(path.read_text(encoding="utf-8")))
        for name, path in MODULES.items()
        if name != "analysis.wordlists"
    }
    assert {k: v for k, v in elsewhere.items() if v} == {}
    assert len(_word_lists(ast.parse(MODULES["analysis.wordlists"].read_text()))) >= 10
