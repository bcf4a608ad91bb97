"""The core stays free of Textual and torch, so the CLI starts fast; no module imports in a circle."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import quizapp.core
from tests.paths import ROOT

CORE_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(quizapp.core.__path__, prefix="quizapp.core.")
)


def test_the_core_modules_were_found() -> None:
    assert "quizapp.core.bank.bank_loader" in CORE_MODULES
    assert "quizapp.core.bank.yaml_reader" in CORE_MODULES


@pytest.mark.parametrize(
    "module",
    [
        *CORE_MODULES,
        "quizapp.cli.commands",
        "quizapp.cli.options",
        "quizapp.cli.bank_commands",
        "quizapp.cli.record_commands",
        "quizapp.cli.grade_command",
        "quizapp.services",
    ],
)
def test_importing_loads_neither_textual_nor_torch(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'torch'})\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The modules an import statement names (a ``from`` import may name submodules)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: resolve against this module's package
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def import_graph() -> dict[str, set[str]]:
    """Every quizapp module -> the quizapp modules it imports anywhere (functions, TYPE_CHECKING too)."""
    files = {_module_name(path): path for path in (ROOT / "quizapp").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = _imported(node, module, path.name == "__init__.py")
                targets.update(name for name in names if name in files and name != module)
        graph[module] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path that ends where it starts, or None."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(module: str) -> list[str] | None:
        path.append(module)
        on_path.add(module)
        for target in sorted(graph.get(module, ())):
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done and (cycle := visit(target)):
                return cycle
        on_path.discard(path.pop())
        done.add(module)
        return None

    for module in sorted(graph):
        if module not in done and (cycle := visit(module)):
            return cycle
    return None


def test_the_import_graph_sees_every_kind_of_import() -> None:
    graph = import_graph()
    assert "quizapp.tui.screens.home" in graph["quizapp.tui.app"]  # at module level
    assert "quizapp.tui.screens.quiz" in graph["quizapp.tui.app"]  # inside a method
    assert "quizapp.services" in graph["quizapp.tui.app"]  # under TYPE_CHECKING
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_quizapp_has_no_import_circle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])
