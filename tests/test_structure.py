"""The package's imports point one way, down the data flow, and form no circle.

Every ``import``/``from ... import`` of every module of ``newskg`` is read with ``ast``: at
the top level, inside functions and under ``if TYPE_CHECKING:`` alike (an import placed in a
function to dodge a cycle is still a cycle).  ``STAGES`` gives each module its stage; a
module may import its own stage or an earlier one, never a later one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newskg"

#: Module prefix -> stage, in the order data flows, one subpackage a stage: the foundation ->
#: extract/ (articles -> mentions/entities -> facts) -> rdf/ (triples -> reasoning -> validation)
#: -> query/ (SPARQL on a graph) -> folder/ (the graph folder, changes, the build) -> web/ ->
#: the command line.  Within a subpackage the steps keep their own order.  The longest matching
#: prefix decides.
STAGES: dict[str, int] = {
    # 0 foundation: settings, errors, input limits and the validation report type (named by errors)
    "newskg.settings": 0,
    "newskg.errors": 0,
    "newskg.report": 0,
    "newskg.inputs": 0,
    "newskg.data": 0,
    # 1-3 extract/: reference data and plain types; articles, mentions, entities; facts
    "newskg.extract.lexicon": 1,
    "newskg.extract.dates": 1,
    "newskg.extract.model": 1,
    "newskg.extract.articles": 2,
    "newskg.extract.names": 2,
    "newskg.extract.mentions": 2,
    "newskg.extract.entities": 2,
    "newskg.extract.audit": 2,
    "newskg.extract.facts": 3,
    "newskg.extract.extractor": 3,
    "newskg.extract.bulk": 3,
    "newskg.extract": 3,
    # 4-6 rdf/: terms and the mapping; reasoning; validation
    "newskg.rdf.vocab": 4,
    "newskg.rdf.terms": 4,
    "newskg.rdf.triples": 4,
    "newskg.rdf.review": 4,
    "newskg.rdf.kept": 5,
    "newskg.rdf.rules": 5,
    "newskg.rdf.reasoning": 5,
    "newskg.rdf.locality": 6,
    "newskg.rdf.validation": 6,
    "newskg.rdf.incremental": 6,
    "newskg.rdf": 6,
    # 7 query/: stored queries and their parameters, SPARQL on Oxigraph, result tables, explain
    "newskg.query": 7,
    # 8-10 folder/: the graph folder, its stores and export; changes to it; the build and check
    "newskg.folder.integrity": 8,
    "newskg.folder.lock": 8,
    "newskg.folder.store": 8,
    "newskg.folder.schema": 8,
    "newskg.folder.backends": 8,
    "newskg.folder.background": 8,
    "newskg.folder.export": 8,
    "newskg.folder.additions": 8,
    "newskg.folder.records": 8,
    "newskg.folder.change": 9,
    "newskg.folder.views": 8,  # the maintained listing views, refreshed after each commit
    "newskg.folder.update": 9,
    "newskg.folder.rebuild": 10,
    "newskg.folder.build": 10,
    "newskg.folder.check": 10,
    "newskg.folder": 10,
    # 11 web/: the endpoint of `newskg serve`
    "newskg.web": 11,
    # 12 the command line and the public API
    "newskg.cli": 12,
    "newskg.__main__": 12,
    "newskg": 12,
}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _owner(name: str) -> str | None:
    """The newskg module ``name`` refers to (a module, or a name inside one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    if isinstance(node, ast.Import):
        return {t for t in (_owner(a.name) for a in node.names) if t}
    base = node.module or ""
    if node.level:  # relative: from the module's package
        package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    # `from newskg import settings` imports the module newskg.settings, not the package's API
    subs = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
    if len(subs) < len(node.names):
        owner = _owner(base)
        if owner:
            subs.add(owner)
    return subs


def import_graph() -> dict[str, dict[str, int]]:
    """module -> {imported newskg module: line of the first import}, every import of the file."""
    graph: dict[str, dict[str, int]] = {}
    for module, path in MODULES.items():
        edges = graph.setdefault(module, {})
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(module, node):
                    if target != module:
                        edges.setdefault(target, node.lineno)
    return graph


def stage(module: str) -> int | None:
    name = module
    while name:
        if name in STAGES:
            return STAGES[name]
        name = name.rpartition(".")[0]
    return None


def circles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def upward_imports(graph: dict[str, dict[str, int]]) -> list[str]:
    """Each import of a module of a later stage, as 'file:line: a (stage) -> b (stage)'."""
    found = []
    for module, edges in sorted(graph.items()):
        for target, line in sorted(edges.items()):
            if module.startswith(target + "."):
                continue  # a module imports its own package's __init__ (always executed first)
            if (stage(target) or 0) > (stage(module) or 0):
                found.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: {module} (stage {stage(module)}) "
                             f"-> {target} (stage {stage(target)})")
    return found


def test_every_module_has_a_stage() -> None:
    assert [m for m in MODULES if stage(m) is None] == []


def test_the_walk_sees_imports() -> None:
    graph = import_graph()
    assert "newskg.folder.store" in graph["newskg.folder.build"]
    assert "newskg.settings" in graph["newskg.extract.lexicon"]  # `from newskg import settings`
    assert len(graph) == len(MODULES) and sum(map(len, graph.values())) > 100


def test_no_circle_of_imports() -> None:
    assert circles(import_graph()) == []


def test_no_import_from_a_later_stage() -> None:
    assert upward_imports(import_graph()) == []


@pytest.mark.parametrize("source, upward", [("from newskg.folder.build import build\n", True),
                                             ("def f():\n    from newskg.folder import update\n", True),
                                             ("from newskg.errors import NewsKGError\n", False)])
def test_the_checks_catch_an_upward_import(source: str, upward: bool) -> None:
    graph = import_graph()
    module = "newskg.rdf.validation"
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for target in _targets(module, node):
                graph[module].setdefault(target, node.lineno)
    assert bool(upward_imports(graph)) is upward
    assert bool(circles(graph)) is upward


def private_imports() -> list[str]:
    """Each ``from newskg... import _name`` inside the package, as 'file:line: module._name'."""
    found = []
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newskg"):
                found += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.module}.{a.name}"
                          for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_private_name_crosses_modules() -> None:
    """A name one module uses from another is public (no leading underscore)."""
    assert private_imports() == []
