"""The apps depend on each other one way only (CONVENTIONS.md, "Layout"): every import of
every module is read with ``ast``, including imports placed inside functions."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {
    "config",
    "accounts",
    "grants",
    "community",
    "experts",
    "reviews",
    "reports",
    "operations",
    "notifications",
}

# app -> the apps of ours it may import (besides itself)
ALLOWED = {
    "accounts": set(),
    # In-app notifications and email switches: told by every app above accounts.
    "notifications": {"accounts"},
    "grants": {"accounts", "notifications"},
    "community": {"grants", "accounts", "notifications"},
    "experts": {"grants", "accounts", "notifications"},
    "reviews": {"experts", "grants", "accounts", "notifications"},
    "reports": {"reviews", "experts", "community", "grants", "accounts", "notifications"},
    # Running the product reads every table generically and imports no domain app.
    "operations": set(),
    "config": OURS,
}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & OURS


def _modules(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py"))


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_only_the_apps_below_it(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(_imported_apps(path) - ALLOWED[app] - {app})
        for path in _modules(app)
    }
    assert {module: apps for module, apps in wrong.items() if apps} == {}


def test_every_app_is_covered():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"config"}
    assert apps == set(ALLOWED)


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from reports.excel import x\n    import community.policy\n")
    assert _imported_apps(module) == {"reports", "community"}
