"""The package's import graph: layers that only import downwards, checks that are leaves.

    model      document, problems, template, references, suppressions (imports nothing)
    analysis   words, sentences, readability, dates, urls, residue, ... (+ resources)
    parsing    decode, front matter, Markdown, plain text, structure, references
    checks     one module per check kind; each imports model/ and analysis/ only
    core       registry, config, discovery, engine, the link check's stages
    output     formats, summary, baseline, fixes, atomic writes, rule docs
    features   audit/ (never checks/), the language server, link-check options
    cli        the commands

Every import counts, at module level or inside a function: a deferred import still ties
the modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "linter"

#: (layer, module prefixes), lowest first; a module may import its own layer and below
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("model", ("linter", "linter.model")),
    ("analysis", ("linter.resources", "linter.config_cache", "linter.analysis")),
    ("parsing", ("linter.parsing",)),
    ("checks", ("linter.checks",)),
    ("core", ("linter.registry", "linter.config", "linter.discovery", "linter.engine", "linter.pool",
              "linter.links.settings", "linter.links.rules", "linter.links.collect",
              "linter.links.cache", "linter.links.fetch", "linter.links.stage", "linter.links")),
    ("output", ("linter.output",)),
    ("features", ("linter.audit", "linter.server", "linter.links.audit", "linter.links.options")),
    ("cli", ("linter.cli", "linter.__main__")),
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The linter modules `name` imports anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names
                         if f"{module}.{a.name}" in MODULES)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    """The layer of the longest prefix that names the module."""
    best, rank = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), index
    return rank


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if _layer(m) < 0] == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_layer_and_below(module: str) -> None:
    upward = sorted(f"{target} ({LAYERS[_layer(target)][0]})" for target in GRAPH[module]
                    if _layer(target) > _layer(module))
    assert upward == [], f"{module} ({LAYERS[_layer(module)][0]}) imports upwards"


def test_the_import_graph_has_no_cycle() -> None:
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(GRAPH[node]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target):], target] if target in trail
                              else [node, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_check_imports_another_check_and_checks_import_only_model_and_analysis() -> None:
    wrong = {m: sorted(t for t in GRAPH[m]
                       if not t.startswith(("linter.model", "linter.analysis", "linter.resources",
                                            "linter.config_cache")))
             for m in MODULES if m.startswith("linter.checks.")}
    assert {m: t for m, t in wrong.items() if t} == {}


def test_the_audit_imports_no_check() -> None:
    wrong = {m: sorted(t for t in GRAPH[m] if t.startswith("linter.checks"))
             for m in MODULES if m.startswith("linter.audit")}
    assert {m: t for m, t in wrong.items() if t} == {}


def test_the_model_imports_nothing_else_of_healthlint() -> None:
    wrong = {m: sorted(t for t in GRAPH[m] if not t.startswith("linter.model") and t != "linter")
             for m in MODULES if m.startswith("linter.model")}
    assert {m: t for m, t in wrong.items() if t} == {}


def test_the_graph_sees_function_level_imports() -> None:
    # the check above would pass vacuously if deferred imports were not read
    assert "linter.audit.duplicates" in GRAPH["linter.audit.command"]
