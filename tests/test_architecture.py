"""The app graph the README's "Architecture" section draws, checked on the source: each app
imports only the apps below it, and no app finds another through a dotted path in a string
(`import_string`, `import_module`), which would hide an upward dependency from this test."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each app and the apps it may import (the README's diagram, bottom to top).
ALLOWED = {
    "core": set(),
    "offices": {"core"},
    "partners": {"core", "offices"},
    "notifications": {"core", "offices"},
    "reviews": {"core", "offices", "notifications"},
    "agreements": {"core", "offices", "partners", "notifications", "reviews"},
    "evaluations": {"core", "offices", "partners", "notifications", "reviews", "agreements"},
}
ALLOWED["dashboards"] = set(ALLOWED) - {"dashboards"}
APPS = set(ALLOWED)
DYNAMIC = {"import_string", "import_module"}


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def _imported_apps(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & APPS


def test_apps_import_only_the_apps_below_them():
    upward = []
    edges = 0
    for app, allowed in ALLOWED.items():
        for path, tree in _modules(app):
            imported = _imported_apps(tree) - {app}
            edges += len(imported)
            upward += [f"{path.relative_to(ROOT)} → {name}" for name in imported - allowed]
    assert upward == []
    assert edges > 100  # it did read the apps


def test_no_app_loads_code_by_a_dotted_path():
    found = []
    for app in [*ALLOWED, "kpu_kerjasama"]:
        for path, tree in _modules(app):
            for node in ast.walk(tree):
                name = getattr(node, "id", None) or getattr(node, "attr", None)
                if name in DYNAMIC:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert found == [], "an app finds another through a string"
