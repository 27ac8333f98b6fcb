"""The app graph the README's "Architecture" section draws, checked on the source: each app
imports only the apps below it, and no app finds another through a dotted path in a string
(`import_string`, `import_module`), which would hide an upward dependency from this test.
The templates of an app (templates/<app>/) follow the same graph: they load the tag
libraries, reverse the URL namespaces and include or extend the templates of their own app
and the apps below it only."""

import ast
from pathlib import Path

from django.template.base import Lexer, TokenType

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


# Each tag library (<app>/templatetags/<library>.py) and the app it belongs to.
TAG_LIBRARIES = {
    path.stem: app
    for app in APPS
    for path in (ROOT / app / "templatetags").glob("*.py")
    if path.stem != "__init__"
}


def _template_uses(path: Path) -> list[tuple[str, str, str]]:
    """(kind, name, app) of each app-owned thing a template names: tag libraries it loads,
    URL namespaces it reverses, templates it includes or extends."""
    uses = []
    for token in Lexer(path.read_text()).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        tag, *args = token.split_contents()
        if tag == "load":
            # {% load a b %} or {% load name from library %}
            libraries = [args[-1]] if "from" in args else args
            uses += [("load", name, TAG_LIBRARIES.get(name)) for name in libraries]
        elif tag == "url" and args and args[0][:1] in "'\"" and ":" in args[0]:
            name = args[0].strip("'\"")
            uses.append(("url", name, name.split(":")[0]))
        elif tag in {"include", "extends"} and args and args[0][:1] in "'\"":
            name = args[0].strip("'\"")
            uses.append((tag, name, name.split("/")[0] if "/" in name else None))
    return [use for use in uses if use[2] in APPS]


def test_app_templates_use_only_the_apps_below_them():
    upward = []
    uses = 0
    for app, allowed in ALLOWED.items():
        for path in sorted((ROOT / "templates" / app).rglob("*.html")):
            for kind, name, owner in _template_uses(path):
                uses += 1
                if owner not in allowed | {app}:
                    upward.append(f"{path.relative_to(ROOT)}: {kind} {name} → {owner}")
    assert upward == []
    assert uses > 150  # it did read the templates
    assert {"agreement_tags", "evaluation_tags", "idn"} <= set(TAG_LIBRARIES)
