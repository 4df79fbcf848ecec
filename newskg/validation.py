"""Stage 7, check: data graph + SHACL shapes (+ ontology) -> ``ValidationReport``.

How the ontology is mixed in: pySHACL gets it as ``ont_graph``, which it adds to a
copy of the data graph.  That is what ``sh:class`` and ``sh:targetClass`` need: they
follow ``rdf:type/rdfs:subClassOf*`` in the data graph, so a ``news:SpaceAgency``
satisfies ``sh:class news:Organization`` only when the subclass axioms are there.

Why ``inference="none"``: RDFS (or OWL RL) inference inside the validator would
derive types from ``rdfs:domain``/``rdfs:range``.  An organization wrongly used as
``org:member`` would then be *inferred* to be a person and the ``sh:class`` check
meant to catch the mistake would pass vacuously.  The shapes check what the
extractor asserted, with the class hierarchy of the ontology, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS
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


def validate(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    """Validate ``data`` against ``shapes``, with ``ontology`` mixed into the data (see module doc)."""
    conforms, report_graph, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    for prefix, namespace in data.namespaces():
        report_graph.bind(prefix, namespace, override=False)
    report_graph.bind("sh", SH)
    labels = Graph()
    for triple in data:
        labels.add(triple)
    for triple in ontology:
        labels.add(triple)
    for prefix, namespace in data.namespaces():
        labels.bind(prefix, namespace, override=False)
    return ValidationReport(
        conforms=bool(conforms),
        results=_results(report_graph, shapes),
        graph=report_graph,
        data=labels,
    )


def _results(report: Graph, shapes: Graph) -> list[Violation]:
    results = []
    for result in report.objects(None, SH.result):
        shape = report.value(result, SH.sourceShape)
        # pySHACL copies the shape's sh:message into sh:resultMessage, filling in {?value}
        # templates of SPARQL constraints; it writes its own message when the shape has none.
        message = _result_message(report, result) or _shape_message(shapes, shape)
        severity = report.value(result, SH.resultSeverity)
        results.append(
            Violation(
                focus=report.value(result, SH.focusNode),
                path=report.value(result, SH.resultPath),
                value=report.value(result, SH.value),
                shape=shape,
                message=message or "breaks a shape constraint",
                severity=_local_name(severity) if severity is not None else "Violation",
            )
        )
    results.sort(key=lambda v: (str(v.focus), str(v.path), str(v.value), v.message))
    return results


def _result_message(report: Graph, result: Node) -> str:
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    english = sorted(str(m) for m in messages if m.language in (None, "en"))
    others = sorted(str(m) for m in messages)
    return english[0] if english else (others[0] if others else "")


def _shape_message(shapes: Graph, shape: Node | None) -> str:
    if shape is None:
        return ""
    messages = sorted(str(m) for m in shapes.objects(shape, SH.message))
    english = [str(m) for m in shapes.objects(shape, SH.message) if isinstance(m, Literal) and m.language in (None, "en")]
    return sorted(english)[0] if english else (messages[0] if messages else "")


def describe(v: Violation, data: Graph | None = None) -> str:
    """One readable line: node (label or IRI tail), its type, property, value and message."""
    node = _display(v.focus, data)
    kind = ""
    if data is not None:
        types = sorted(_local_name(t) for t in data.objects(v.focus, RDF.type))
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


def _local_name(node: Node) -> str:
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


def _literal(node: Node | None) -> str:
    return str(node) if node is not None else ""
