"""The house: packages with one concern (the layers contract in pyproject.toml, checked by lint-imports in CI), no
import cycle between modules even through imports inside functions, and no module that needs a map to read."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "msccli"
GENERATED = {"text/messages_zh.py", "text/messages_zh_hant.py", "text/zh_table.py"}  # translations and tables
LONGEST = 600  # lines


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every module's imports of msc's own modules, wherever in the module they are written."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = ".".join([*package[: len(package) - node.level + 1], node.module or ""]).strip(".")
                target = base if node.level else node.module or ""
                found.update(t for t in [target, *(f"{target}.{a.name}" for a in node.names)] if t in modules)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in modules)
        graph[name] = found - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle, or [] (a depth-first search that keeps its path)."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        for following in sorted(graph[node]):
            if following in path:
                return [*path[path.index(following) :], following]
            if following not in done:
                found = visit(following, [*path, following])
                if found:
                    return found
        done.add(node)
        return []

    for start in sorted(graph):
        found = visit(start, [start])
        if found:
            return found
    return []


def test_no_import_cycle_between_modules() -> None:
    graph = _imports()
    assert graph["msccli.app"]  # the graph was read
    assert _cycle(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_module_is_too_long_to_read() -> None:
    lengths = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > LONGEST and name not in GENERATED} == {}


def test_every_package_says_what_it_is_for() -> None:
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert packages == ["catalogue", "commands", "dose", "isct", "lookup", "output", "release", "text", "views"]
    assert all(ast.get_docstring(ast.parse((PACKAGE / p / "__init__.py").read_text())) for p in packages)
