"""The house's layers, enforced: which modules may import the shell's libraries, print or
read the process's environment.

Every import is found by walking the syntax tree of each module, so an import inside a
function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "socialmaturity"

# Who may import what. A path is relative to the package; a folder ends with '/'.
ALLOWED = {
    "typer": ("cli/",),
    "click": ("cli/",),
    "rich": ("cli/", "terminal.py", "interview/screen.py", "interview/session.py", "workshop/terminal.py"),
    # the live workshop's web shell around its pure core (workshop/core.py)
    "starlette": ("workshop/web.py",),
    "uvicorn": ("workshop/server.py",),
    "segno": ("workshop/qr.py",),
    # the report renderer, its loader, and the batch workers that call it
    "weasyprint": ("report/render.py", "report/libraries.py", "batch/reports.py"),
}
# The command line and the interview's terminal are the only places that talk to a person.
MAY_PRINT = ("cli/", "interview/session.py")
# Only the environment object and the entry point read the process's streams and variables.
MAY_READ_PROCESS = ("environment.py", "cli/__init__.py")


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def name_of(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def allowed(name: str, places: tuple[str, ...]) -> bool:
    return any(name.startswith(place) if place.endswith("/") else name == place for place in places)


def imported(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("library", sorted(ALLOWED))
def test_only_its_layer_imports_each_shell_library(library: str) -> None:
    offenders = [
        name_of(path)
        for path in modules()
        if library in imported(ast.parse(path.read_text(encoding="utf-8")))
        and not allowed(name_of(path), ALLOWED[library])
    ]
    assert offenders == [], f"{library} imported outside {ALLOWED[library]}"


def test_nothing_below_the_command_line_imports_it() -> None:
    offenders = []
    for path in modules():
        name = name_of(path)
        if name.startswith("cli/") or name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "cli":
                offenders.append(name)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("socialmaturity.cli"):
                offenders.append(name)
    assert offenders == []


def test_the_library_never_prints() -> None:
    offenders = [
        name_of(path)
        for path in modules()
        if not allowed(name_of(path), MAY_PRINT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
    ]
    assert offenders == []


def test_only_the_environment_reads_the_process() -> None:
    """No module but the environment reads sys.stdin, os.environ or os.getenv itself."""
    offenders = []
    for path in modules():
        name = name_of(path)
        if allowed(name, MAY_READ_PROCESS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in {("sys", "stdin"), ("os", "environ"), ("os", "getenv")}
            ):
                offenders.append(f"{name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert offenders == []


def test_the_rules_see_real_imports() -> None:
    # the walker must find what is there, or every rule above passes for nothing
    assert "typer" in imported(ast.parse((PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8")))
    assert "weasyprint" in imported(ast.parse((PACKAGE / "report" / "render.py").read_text(encoding="utf-8")))
