"""The ontology page: each class and property of ``ontology/*.ttl`` with its label, comment
and the SHACL constraints of ``ontology/shapes.ttl`` that apply to it, in words."""

from __future__ import annotations

from typing import Any

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.folder.schema import load_ontology, load_shapes
from newskg.rdf.vocab import NEWS


def _qname(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
    return str(node)


def _text(graph: Graph, node: Node, prop: URIRef) -> str:
    values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]  # type: ignore[arg-type]
    english = [v for v in values if v.language in (None, "en")]
    return str((english or values or [""])[0])


def _count_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"exactly {low}" if low == high else f"between {low} and {high}"
    if low is not None:
        return f"at least {low}"
    if high is not None:
        return f"at most {high}"
    return "any number of"


def constraint_words(shapes: Graph, ns: Graph, shape: Node) -> str:
    """A property shape as a sentence: how many values, of which kind."""
    path = shapes.value(shape, SH.path)
    low = shapes.value(shape, SH.minCount)
    high = shapes.value(shape, SH.maxCount)
    words = [f"{_count_words(int(low) if low is not None else None, int(high) if high is not None else None)} "
             f"{_qname(ns, path) if path is not None else 'value'}"]
    details = []
    for prop, phrase in ((SH.datatype, "of datatype"), (SH["class"], "each a"), (SH.nodeKind, "each a"),
                         (SH.minLength, "of length at least"), (SH.maxLength, "of length at most"),
                         (SH.minInclusive, "at least"), (SH.maxInclusive, "at most"), (SH.pattern, "matching"),
                         (SH.lessThan, "less than the value of"), (SH.disjoint, "never equal to the value of")):
        for value in shapes.objects(shape, prop):
            details.append(f"{phrase} {_qname(ns, value)}")
    for value in shapes.objects(shape, SH.node):
        label = _text(shapes, value, RDFS.label) or _qname(ns, value)
        details.append(f"each a {label}")
    for value in shapes.objects(shape, SH["in"]):
        details.append("one of " + ", ".join(_qname(ns, v) for v in Collection(shapes, value)))
    for value in shapes.objects(shape, SH["or"]):
        options = []
        for member in Collection(shapes, value):
            options += [_qname(ns, v) for v in shapes.objects(member, SH.datatype)]
            options += [_qname(ns, v) for v in shapes.objects(member, SH["class"])]
        details.append("each " + " or ".join(options))
    sentence = " ".join(words) + (" (" + "; ".join(details) + ")" if details else "")
    message = _text(shapes, shape, SH.message)
    return f"{sentence}. {message}" if message else sentence + "."


def _vocabulary(ns: Graph, term: URIRef) -> tuple[bool, str, str]:
    """(whether the term is the project's own, its vocabulary's prefix, its namespace)."""
    prefix, namespace = "", ""
    for name, iri in ns.namespaces():
        if str(term).startswith(str(iri)) and len(str(iri)) > len(namespace):
            prefix, namespace = name, str(iri)
    return str(term).startswith(str(NEWS)), prefix, namespace


def _sections(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The terms in sections: the project's own vocabulary first, then each imported one by prefix."""
    sections: dict[tuple[bool, str], dict[str, Any]] = {}
    for term in terms:
        key = (not term["own"], term["prefix"])
        sections.setdefault(key, {"own": term["own"], "prefix": term["prefix"], "namespace": term["namespace"],
                                  "terms": []})["terms"].append(term)
    return [sections[key] for key in sorted(sections)]


def ontology_terms() -> dict[str, Any]:
    """{"classes": [...], "properties": [...]}, each term with label, comment and constraints, the
    project's own terms (``news:``) first, then the imported ones by vocabulary; and the same terms
    in sections (``class_sections``, ``property_sections``), one per vocabulary."""
    ontology, shapes = load_ontology(), load_shapes()
    ns = Graph()
    for prefix, namespace in list(ontology.namespaces()) + list(shapes.namespaces()):
        ns.bind(prefix, namespace, override=False)
    by_class: dict[Node, list[str]] = {}
    by_property: dict[Node, list[str]] = {}
    for node_shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = list(shapes.objects(node_shape, SH.targetClass))
        for prop_shape in shapes.objects(node_shape, SH.property):
            words = constraint_words(shapes, ns, prop_shape)
            path = shapes.value(prop_shape, SH.path)
            for target in targets:
                by_class.setdefault(target, []).append(words)
                if path is not None:
                    by_property.setdefault(path, []).append(f"On a {_qname(ns, target)}: {words}")
        for sparql in shapes.objects(node_shape, SH.sparql):
            message = _text(shapes, sparql, SH.message) or _text(shapes, sparql, RDFS.comment)
            for target in targets:
                by_class.setdefault(target, []).append(f"Rule: {message}")
        message = _text(shapes, node_shape, SH.message)
        if message and shapes.value(node_shape, SH["not"]) is not None:
            for target in targets:
                by_class.setdefault(target, []).append(f"Rule: {message}")
    classes, properties = [], []
    for term in sorted(set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, RDFS.Class)), key=str):
        if not isinstance(term, URIRef):
            continue
        own, prefix, namespace = _vocabulary(ns, term)
        classes.append({
            "iri": str(term), "qname": _qname(ns, term), "own": own, "prefix": prefix, "namespace": namespace,
            "label": _text(ontology, term, RDFS.label),
            "comment": _text(ontology, term, RDFS.comment),
            "parents": sorted(_qname(ns, p) for p in ontology.objects(term, RDFS.subClassOf) if isinstance(p, URIRef)),
            "constraints": sorted(set(by_class.get(term, []))),
        })
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
    terms = {t for kind in kinds for t in ontology.subjects(RDF.type, kind)}
    for term in sorted(terms, key=str):
        if not isinstance(term, URIRef):
            continue
        own, prefix, namespace = _vocabulary(ns, term)
        properties.append({
            "iri": str(term), "qname": _qname(ns, term), "own": own, "prefix": prefix, "namespace": namespace,
            "label": _text(ontology, term, RDFS.label),
            "comment": _text(ontology, term, RDFS.comment),
            "domain": sorted(_qname(ns, v) for v in ontology.objects(term, RDFS.domain)),
            "range": sorted(_qname(ns, v) for v in ontology.objects(term, RDFS.range)),
            "constraints": sorted(set(by_property.get(term, []))),
        })
    order = lambda t: (not t["own"], t["prefix"], t["qname"])  # noqa: E731
    classes.sort(key=order)
    properties.sort(key=order)
    return {"classes": classes, "properties": properties,
            "class_sections": _sections(classes), "property_sections": _sections(properties)}
