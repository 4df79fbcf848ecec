"""The outcome of a SHACL validation: ``Violation``, ``ValidationReport`` and their text.

The types alone (no pyshacl), so that lower modules (``newskg.errors``) can name a report
without importing the validation that produces it (``newskg.rdf.validation``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, with the terms it is about and the message."""

    focus: Node | None
    path: Node | None
    value: Node | None
    shape: Node | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"


@dataclass
class ValidationReport:
    """The outcome of a SHACL validation: whether it conforms, its results and the report graph."""

    conforms: bool
    results: list[Violation] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)
    data: Graph | None = field(default=None, repr=False)  # for labels in to_text()

    def to_text(self) -> str:
        """The report for people: one line per result naming node, property, value and message."""
        if self.conforms and not self.results:
            return "The graph conforms to the SHACL shapes."
        count = len(self.results)
        head = (
            "The graph conforms to the SHACL shapes"
            if self.conforms
            else "The graph does not conform to the SHACL shapes"
        )
        lines = [f"{head}: {count} result{'s' if count != 1 else ''}."]
        for v in self.results:
            lines.append("- " + describe(v, self.data))
        return "\n".join(lines)


def describe(v: Violation, data: Graph | None = None) -> str:
    """One readable line: node (label or IRI tail), its type, property, value and message."""
    node = _display(v.focus, data)
    kind = ""
    if data is not None:
        types = sorted(local_name(t) for t in data.objects(v.focus, RDF.type))
        kind = f" ({', '.join(types)})" if types else ""
    parts = [f"{node}{kind}"]
    if v.path is not None:
        parts.append(f"property {_qname(v.path, data)}")
    if v.value is not None:
        parts.append(f"value {_display(v.value, data)}")
    prefix = "" if v.severity == "Violation" else f"[{v.severity}] "
    return f"{prefix}{', '.join(parts)}: {v.message}"


def _display(node: Node | None, data: Graph | None) -> str:
    if node is None:
        return "?"
    if isinstance(node, Literal):
        return f'"{node}"'
    if data is not None:
        for prop in LABEL_PROPERTIES:
            label = data.value(node, prop)
            if label is not None:
                return f'"{label}" <{_tail(node)}>' if isinstance(node, URIRef) else f'"{label}"'
    return _tail(node) if isinstance(node, URIRef) else "a blank node"


def _tail(node: Node) -> str:
    """The last segment of an IRI: after '#', else the last two path segments (kind/key)."""
    text = str(node)
    if "#" in text:
        return text.rsplit("#", 1)[1]
    parts = [p for p in text.split("/") if p]
    return "/".join(parts[-2:]) if len(parts) >= 2 and parts[-2] not in ("id",) else parts[-1] if parts else text


def local_name(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _qname(node: Node, data: Graph | None) -> str:
    if isinstance(node, URIRef):
        try:
            graph = data if data is not None else Graph()
            return graph.namespace_manager.normalizeUri(node)
        except Exception:
            return f"<{node}>"
    return "a property path"
