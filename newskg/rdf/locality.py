"""Which nodes a change can affect under the SHACL shapes, and the subgraph that decides them.

The locality argument of incremental validation (``newskg.rdf.incremental``,
"Validation"): with shapes ``supports`` accepts, a node's results depend only on its own
triples and those of its value nodes.  ``validation.validate_scoped`` validates chunks of a
whole graph on their ``context_graph``; ``incremental.check_delta`` validates the focus nodes of
a change.  No validation happens here (no pyshacl), so both can import this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


# ── sources of stored triples ───────────────────────────────────────────────


class TripleSource(Protocol):
    """Pattern access to a stored graph: asserted triples, and the inferred ones apart."""

    def asserted(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Triple]: ...

    def inferred(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Triple]: ...


@dataclass
class MemorySource:
    """A ``TripleSource`` over rdflib graphs (small graphs, tests, article re-maps)."""

    asserted_graph: Graph
    inferred_graph: Graph = field(default_factory=Graph)

    def asserted(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Triple]:
        return iter(self.asserted_graph.triples((s, p, o)))

    def inferred(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Triple]:
        return iter(self.inferred_graph.triples((s, p, o)))


# ── the nodes a change can affect ────────────────────────────────────────────

_UNSUPPORTED = (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.targetObjectsOf, SH.targetSubjectsOf,
                SH.rule, SH.target)
_PATH_STEP = re.compile(r"/\s*([A-Za-z][\w-]*:[\w-]+|<[^>]+>)")


def supports(shapes: Graph) -> bool:
    """True when the shapes read only focus nodes and their value nodes (see module doc)."""
    return not any(True for p in _UNSUPPORTED for _ in shapes.triples((None, p, None)))


def value_predicates(shapes: Graph) -> set[Node]:
    """Predicates shapes read on a *value* node: rdf:type, nested shape paths, later path steps."""
    preds: set[Node] = {RDF.type}
    top = set(shapes.objects(None, SH.property))
    for shape, path in shapes.subject_objects(SH.path):
        if shape not in top or not isinstance(path, URIRef):
            preds.add(path) if isinstance(path, URIRef) else preds.update(o for o in shapes.objects(path, None))
    prefixes = {str(p): str(n) for d in shapes.objects(None, SH.declare)
                for p in shapes.objects(d, SH.prefix) for n in shapes.objects(d, SH.namespace)}
    for query in shapes.objects(None, SH.select):
        for step in _PATH_STEP.findall(str(query)):
            if step.startswith("<"):
                preds.add(URIRef(step[1:-1]))
            else:
                prefix, local = step.split(":", 1)
                if prefix in prefixes:
                    preds.add(URIRef(prefixes[prefix] + local))
    return preds


def focus_nodes(source: TripleSource, added: Graph, removed: Graph, shapes: Graph) -> set[Node]:
    """The nodes whose SHACL result can change (module doc, rules 1 and 2)."""
    preds = value_predicates(shapes)
    focus: set[Node] = set()
    linked: set[Node] = set()
    for graph in (added, removed):
        for s, p, _ in graph:
            focus.add(s)
            if p in preds:
                linked.add(s)
    for node in linked:
        for s, _, _ in source.asserted(None, None, node):
            focus.add(s)
        for s, _, _ in added.triples((None, None, node)):
            focus.add(s)
    return focus


def _describe(node: Node, source: TripleSource, added: Graph, removed: Graph, into: Graph) -> None:
    for triple in source.asserted(node, None, None):
        if triple not in removed:
            into.add(triple)
    for triple in added.triples((node, None, None)):
        into.add(triple)


def context_graph(source: TripleSource, added: Graph, removed: Graph, focus: set[Node]) -> Graph:
    """All triples of the focus nodes and of their value nodes, in G' = G + added - removed."""
    context = Graph()
    for node in focus:
        _describe(node, source, added, removed, context)
    values = {o for _, _, o in context if isinstance(o, (URIRef, BNode)) and o not in focus}
    for node in values:
        _describe(node, source, added, removed, context)
    return context
