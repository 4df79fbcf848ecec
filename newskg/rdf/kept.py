"""Which triples of an OWL RL closure are kept as inferences, whatever engine computed it.

The full closure of ontology ∪ asserted is mostly noise for our purpose (axiomatic
triples, facts about the ontology itself, reflexive ``owl:sameAs``, ``rdf:type
owl:Thing``): ``new_triples`` keeps only new triples about the resources of the asserted
data, so ``inferred.ttl`` is small and meaningful.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

#: Resources no inferred triple may mention (they hold for everything or nothing).
JUNK_TERMS: frozenset[Node] = frozenset({
    OWL.Thing, OWL.Nothing, RDFS.Resource, RDFS.Class, OWL.Class, RDF.Property,
    OWL.NamedIndividual, RDFS.Literal, RDFS.Datatype, OWL.ObjectProperty, OWL.DatatypeProperty,
})
#: Namespaces of the standard vocabularies: terms of these are never "data".
SCHEMA_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))


def new_triples(closure: Iterable[tuple[Node, Node, Node]], asserted: Graph, ontology: Graph) -> Graph:
    """The triples of a closure that are new, about the data's resources, and not junk."""
    terms = ontology_terms(asserted, ontology)
    resources = data_resources(asserted) - terms
    inferred = Graph(bind_namespaces="none")
    for prefix, namespace in asserted.namespaces():
        inferred.bind(prefix, namespace)
    for s, p, o in closure:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))  # reasonable types plain literals; RDF 1.1 says they are the same
        if (s, p, o) in asserted or (s, p, o) in ontology:
            continue
        if s not in resources or is_junk(s, p, o, terms):
            continue
        inferred.add((s, p, o))
    return inferred


def data_resources(asserted: Graph) -> set[Node]:
    """IRIs and blank nodes used as subject or object in the asserted graph."""
    nodes: set[Node] = set()
    for s, _, o in asserted:
        nodes.add(s)
        if isinstance(o, (URIRef, BNode)):
            nodes.add(o)
    return nodes


def ontology_terms(asserted: Graph, ontology: Graph) -> set[Node]:
    """Classes, properties and other terms of the ontology (never treated as data)."""
    terms: set[Node] = set(ontology.subjects())
    terms.update(asserted.predicates())
    terms.update(asserted.objects(None, RDF.type))
    terms.update(JUNK_TERMS)
    return terms


def is_junk(s: Node, p: Node, o: Node, terms: set[Node]) -> bool:
    """True for triples that say nothing about the data (see the module docstring)."""
    if isinstance(s, Literal):
        return True
    if p == OWL.sameAs and s == o:
        return True
    if s in JUNK_TERMS or o in JUNK_TERMS:
        return True
    if isinstance(o, Literal) and p == RDF.type:
        return True
    if isinstance(o, URIRef) and p == RDF.type and str(o).startswith(SCHEMA_NAMESPACES):
        # "x a owl:Thing", "x a rdfs:Resource", "x a owl:NamedIndividual" and the like
        return True
    if isinstance(o, URIRef) and o in terms and p not in (RDF.type,) and str(p).startswith(SCHEMA_NAMESPACES):
        # ontology-level statements about data resources (x rdfs:subClassOf C ...)
        return True
    return False
