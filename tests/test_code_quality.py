"""The house rules, checked with the tests: imports flow one way, ruff and mypy stay clean."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("desk", "printers", "sync", "kiosk", "admin", "lobbydesk")
# Who may import whom: lobbydesk -> kiosk, admin -> sync, printers -> desk.
ALLOWED = {
    "desk": set(),
    "printers": {"desk"},
    "sync": {"desk"},
    "kiosk": {"desk", "printers", "sync"},
    "admin": {"desk", "printers", "sync"},
    "lobbydesk": {"desk", "printers", "sync", "kiosk", "admin"},
}
NO_UI = ("desk", "printers", "sync")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_flow_one_way(package: str) -> None:
    for path in sorted((ROOT / package).rglob("*.py")):
        imported = _imports(path) & set(PACKAGES) - {package}
        assert imported <= ALLOWED[package], f"{path.relative_to(ROOT)} imports {sorted(imported - ALLOWED[package])}"
        if package in NO_UI:
            assert "nicegui" not in _imports(path), f"{path.relative_to(ROOT)} imports nicegui"


def _tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which(name, path=str(Path(sys.executable).parent))
    assert executable, f"{name} is a dev dependency; run `uv sync`"
    return subprocess.run([executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_is_clean() -> None:
    result = _tool("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
