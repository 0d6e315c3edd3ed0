"""The apps build on each other in one direction: an app imports only the apps below it, and no two
apps import each other, also not through a third or inside a function.

The walk reads every import statement of an app's modules (at the top and inside functions; its
migrations and tests aside), without importing anything.
"""

import ast
import fnmatch
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Bottom to top: each app may import the ones before it.
LAYERS = [
    "core",
    "organisations",
    "plans",
    "rounds",
    "uploads",
    "indicators",
    "versions",
    "outputs",
    "notifications",
    "reporting",
    "drafting",
    "publicsite",
    "opendata",
    "demo",
    "config",
]

# Imports of an app above, named with the reason they are still there. The list can only shrink: a
# test fails when one of them is no longer needed, so that it is taken out. Empty since issue 28's
# items 1 and 2: keep it so.
KNOWN_UPWARD_IMPORTS: dict[tuple[str, str], str] = {}


def project_apps() -> list[str]:
    return sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def imports_between_apps() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> where, as "path:line"."""
    apps = set(project_apps())
    found = defaultdict(list)
    for app in sorted(apps):
        for path in sorted((ROOT / app).rglob("*.py")):
            if {"migrations", "tests"} & set(path.relative_to(ROOT).parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    imported = module.split(".")[0]
                    if imported in apps and imported != app:
                        found[app, imported].append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return dict(found)


def upward(edges) -> dict[tuple[str, str], list[str]]:
    return {
        (app, imported): where
        for (app, imported), where in edges.items()
        if LAYERS.index(imported) > LAYERS.index(app)
    }


def cycles(edges) -> list[list[str]]:
    """The groups of apps that import each other, directly or through others (Tarjan)."""
    graph = defaultdict(set)
    for app, imported in edges:
        graph[app].add(imported)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for other in sorted(graph[app]):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in on_stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return groups


def test_every_app_has_a_place_in_the_layers():
    assert sorted(LAYERS) == project_apps()


def test_every_app_is_in_the_installed_package():
    packaged = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    assert [
        app for app in project_apps() if not any(fnmatch.fnmatch(app, p) for p in packaged["include"])
    ] == []


def test_no_app_imports_an_app_above_it_but_the_known_exceptions():
    unexpected = upward(imports_between_apps())
    for edge in KNOWN_UPWARD_IMPORTS:
        unexpected.pop(edge, None)
    assert unexpected == {}


def test_every_known_upward_import_is_still_needed():
    gone = set(KNOWN_UPWARD_IMPORTS) - set(upward(imports_between_apps()))
    assert gone == set(), "Take these out of KNOWN_UPWARD_IMPORTS: they are no longer imported"


def test_no_cycle_between_apps_once_the_known_upward_imports_are_set_aside():
    edges = set(imports_between_apps()) - set(KNOWN_UPWARD_IMPORTS)
    assert cycles(edges) == []


def test_the_kernel_imports_no_other_app_and_organisations_only_the_kernel():
    edges = imports_between_apps()
    assert {imported for app, imported in edges if app == "core"} == set()
    assert {imported for app, imported in edges if app == "organisations"} == {"core"}


def test_the_cycle_finder_finds_a_cycle_through_a_third_app():
    assert cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]
