"""Stage 6, infer: asserted graph + ontology -> the new triples of the OWL RL closure.

owlrl computes the full closure of ontology ∪ asserted.  Most of it is noise for
our purpose (axiomatic triples, facts about the ontology itself, reflexive
``owl:sameAs``, ``rdf:type owl:Thing``).  ``infer`` keeps only new triples about the
resources of the asserted data, so ``inferred.ttl`` is small and meaningful, and
queries run on asserted ∪ inferred without the ontology mixed in.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

import owlrl

#: Resources no inferred triple may mention (they hold for everything or nothing).
JUNK_TERMS: frozenset[Node] = frozenset({
    OWL.Thing, OWL.Nothing, RDFS.Resource, RDFS.Class, OWL.Class, RDF.Property,
    OWL.NamedIndividual, RDFS.Literal, RDFS.Datatype, OWL.ObjectProperty, OWL.DatatypeProperty,
})
#: Namespaces of the standard vocabularies: terms of these are never "data".
SCHEMA_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))


#: Reasoners ``infer`` can use: owlrl (pure Python, the reference) and reasonable (Rust, for large graphs).
ENGINES = ("owlrl", "reasonable")


def default_engine() -> str:
    """``reasonable`` when installed (same inferences as owlrl, ~50x faster), else ``owlrl``."""
    try:
        import reasonable  # noqa: F401
    except ImportError:
        return "owlrl"
    return "reasonable"


def infer(asserted: Graph, ontology: Graph, engine: str = "owlrl") -> Graph:
    """The triples the OWL RL closure of ``ontology ∪ asserted`` adds about the asserted data.

    Returns a new graph (with the prefixes of ``asserted``) holding only triples that
    are in neither input, whose subject is a resource of the asserted data and not an
    ontology term, and which are not junk (see ``is_junk``).  Deterministic: the
    closure is a fixpoint, so the same inputs give the same set of triples.

    ``engine="reasonable"`` computes the closure with the Rust OWL 2 RL reasoner
    ``reasonable``; after the same filtering it gives the same triples as owlrl
    (tests/test_scale_build.py checks this on the bundled corpus) in a fraction of
    the time: owlrl's full closure is out of reach above ~50,000 triples.
    """
    if engine == "reasonable":
        return _infer_reasonable(asserted, ontology)
    if engine != "owlrl":
        raise ValueError(f"unknown reasoner {engine!r} (known: {', '.join(ENGINES)})")
    closure = Graph()
    for triple in ontology:
        closure.add(triple)
    for triple in asserted:
        closure.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics,
        axiomatic_triples=False,
        datatype_axioms=False,
        rdfs_closure=False,
    ).expand(closure)

    terms = ontology_terms(asserted, ontology)
    resources = data_resources(asserted) - terms
    inferred = Graph(bind_namespaces="none")
    for prefix, namespace in asserted.namespaces():
        inferred.bind(prefix, namespace)
    for s, p, o in closure:
        if (s, p, o) in asserted or (s, p, o) in ontology:
            continue
        if s not in resources or is_junk(s, p, o, terms):
            continue
        inferred.add((s, p, o))
    return inferred


def _infer_reasonable(asserted: Graph, ontology: Graph) -> Graph:
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(ontology)
    reasoner.from_graph(asserted)
    closure = reasoner.reason()
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
