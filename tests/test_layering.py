"""The apps depend one way: an import against the layers below fails here, function-local ones too.

Each app may import only the apps listed before it. The graph is read from the
source (every `import` and `from … import` anywhere in a module), so a back-arrow
hidden inside a function is found like any other.
"""

import ast
from pathlib import Path

from django.conf import settings

# Lowest first; an app may import the apps before it, never those after.
LAYERS = [
    ("platforms", "audit"),
    ("projects",),
    ("promotion",),
    ("dashboards",),
    ("ledger",),
    ("api",),
    ("accounts",),
    ("tooling",),
    ("registry",),
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
ROOT = Path(settings.BASE_DIR)


def _app(module):
    top = module.split(".")[0]
    return top if top in RANK else None


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield node.lineno, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, [node.module]


def edges():
    """(importing app, imported app, where) for every import between two apps."""
    for app in RANK:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, modules in _imports(path):
                for module in modules:
                    target = _app(module)
                    if target and target != app:
                        yield app, target, f"{path.relative_to(ROOT)}:{line} imports {module}"


def test_every_app_is_in_a_layer():
    local = {name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name).is_dir()}
    assert local <= set(RANK), f"put {sorted(local - set(RANK))} in LAYERS"


def test_imports_point_down_the_layers():
    back = [where for app, target, where in edges() if RANK[target] > RANK[app]]
    assert not back, "imports against the layers:\n" + "\n".join(back)


def test_the_layers_are_read_from_the_source():
    found = {(app, target) for app, target, _where in edges()}
    assert ("projects", "platforms") in found  # the graph is not empty by accident
    assert ("dashboards", "projects") in found
