"""Incremental validation and inference of a change G' = G + added - removed.

Validation (``check_delta``)
----------------------------
The stored graph G conforms (every commit checks it).  For G' = G + added - removed,
the focus nodes whose result can differ are:

1. the subjects of added/removed triples (their own description changed), and
2. the nodes linking to such a subject through any predicate, when the change is on a
   predicate a shape reads *on a value node*: ``rdf:type`` (``sh:class``) and the second
   step of paths (``news:post/org:postIn``, ``news:evidence/news:article`` in the SPARQL
   constraints), see ``locality.value_predicates``.

Why that is enough: every shape in ``ontology/shapes.ttl`` reads only the focus node's
own triples and, for each value node, that node's own triples (its types, or one more
step of a path); no shape uses inverse paths or subject/object targets (``locality.supports``
checks this and refuses otherwise).  So a node's result
depends on triples whose subject is the node or one of its values; a change with
subject s can only affect s and the nodes with an edge to s.  Validation runs pyshacl
on a context subgraph -- all triples of the focus nodes and of their value nodes,
from G' -- and keeps the results whose focus node is one of them (the value nodes are
described in part, so their own results mean nothing; pyshacl's ``focus_nodes``
option is not used because it also skips the value nodes of ``sh:node``
constraints).  tests/test_update.py runs this and a full pyshacl validation of G' on
a set of deltas and requires the same results.

Inference (``infer_delta``): the OWL RL closure of ontology + delta + the
stored triples (asserted and inferred) touching the delta's nodes, widened until no
newly derived triple mentions a node outside the context (a fixpoint).  OWL RL rules
join their data premises on shared nodes, and the stored inferences already hold the
closure of G (e.g. transitive ``org:transitiveSubOrganizationOf``), so this gives the
triples the full closure of G' adds (checked against ``reasoning.infer`` in the tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SH, XSD
from rdflib.term import Node

from newskg.errors import UsageError
from newskg.rdf import reasoning
from newskg.rdf.kept import JUNK_TERMS, is_junk
from newskg.rdf.locality import TripleSource, context_graph, focus_nodes, supports
from newskg.rdf.validation import results_of, run_shacl
from newskg.report import ValidationReport

Triple = tuple[Node, Node, Node]


# ── incremental validation ──────────────────────────────────────────────────


def check_delta(
    source: TripleSource, added: Graph, removed: Graph, shapes: Graph, ontology: Graph,
) -> ValidationReport:
    """Validate G' = stored + added - removed on the focus nodes the change touches only.

    Gives the results a full validation of G' gives when the stored graph conforms.
    """
    if not supports(shapes):
        raise UsageError("the shapes use constructs incremental validation does not handle; use `newskg build`.")
    focus = focus_nodes(source, added, removed, shapes)
    context = context_graph(source, added, removed, focus)
    for prefix, namespace in added.namespaces():
        context.bind(prefix, namespace, override=False)
    if not focus:
        return ValidationReport(conforms=True, data=context)
    # pyshacl's own ``focus_nodes`` option is not used: it also filters the value nodes
    # of sh:node constraints (which are then skipped and pass).  The whole context is
    # validated and only the focus nodes' results are kept; the other nodes of the
    # context are described in part, so their results mean nothing.
    _, report_graph = run_shacl(context, shapes, ontology)
    results = [v for v in results_of(report_graph, shapes) if v.focus in focus]
    conforms = not any(v.severity == "Violation" for v in results)
    labels = Graph()
    for prefix, namespace in context.namespaces():
        labels.bind(prefix, namespace, override=False)
    for triple in context:
        labels.add(triple)
    for triple in ontology:
        labels.add(triple)
    return ValidationReport(conforms=conforms, results=results, graph=_report_for(report_graph, focus), data=labels)


def _report_for(report: Graph, focus: set[Node]) -> Graph:
    """The pyshacl report graph restricted to the results about ``focus`` nodes."""
    kept = Graph()
    for prefix, namespace in report.namespaces():
        kept.bind(prefix, namespace)
    root = report.value(None, RDF.type, SH.ValidationReport)
    conforms = True
    for result in report.objects(root, SH.result):
        if report.value(result, SH.focusNode) not in focus:
            continue
        conforms = conforms and report.value(result, SH.resultSeverity) != SH.Violation
        kept.add((root, SH.result, result))  # type: ignore[arg-type]
        for triple in report.triples((result, None, None)):
            kept.add(triple)
    if root is not None:
        kept.add((root, RDF.type, SH.ValidationReport))
        kept.add((root, SH.conforms, Literal(conforms)))
    return kept


# ── incremental inference ───────────────────────────────────────────────────

_ONTOLOGY_CLOSURE: dict[int, tuple[Graph, Graph]] = {}
_XSD_STRING_TERM = XSD.string


def _closure_of(triples: Sequence[Triple]) -> set[Triple]:
    """The OWL RL closure of ``triples`` (owlrl's semantics; the Rust ``reasonable`` when installed)."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    if reasoning.default_engine() == "reasonable":
        import reasonable

        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(graph)
        closure: set[Triple] = set(graph)
        for s, p, o in reasoner.reason():
            if isinstance(o, Literal) and o.datatype == _XSD_STRING_TERM:
                o = Literal(str(o))  # plain literals, as rdflib parses them
            closure.add((s, p, o))
        return closure
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False,
                           rdfs_closure=False).expand(graph)
    return set(graph)


def ontology_closure(ontology: Graph) -> Graph:
    """The OWL RL closure of the ontology alone (cached per ontology graph)."""
    cached = _ONTOLOGY_CLOSURE.get(id(ontology))
    if cached is None or cached[0] is not ontology:
        closed = Graph()
        for triple in _closure_of(list(ontology)):
            closed.add(triple)
        cached = (ontology, closed)
        _ONTOLOGY_CLOSURE[id(ontology)] = cached
    return cached[1]


def joining_predicates(closed_ontology: Graph) -> set[Node]:
    """Predicates whose OWL RL rules join two triples on an *object* (transitive,
    symmetric, inverse functional properties, owl:sameAs) -- the only ones for which
    ``infer_delta`` needs the triples pointing at a touched node."""
    kinds = (OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.InverseFunctionalProperty)
    preds: set[Node] = {OWL.sameAs}
    for kind in kinds:
        preds |= set(closed_ontology.subjects(RDF.type, kind))
    for chain in list(closed_ontology.objects(None, OWL.propertyChainAxiom)):
        preds |= set(Collection(closed_ontology, chain))
    return preds


def _data_nodes(triples: Iterable[Triple], terms: set[Node]) -> set[Node]:
    nodes: set[Node] = set()
    for s, p, o in triples:
        if isinstance(s, (URIRef, BNode)) and s not in terms:
            nodes.add(s)
        if p != RDF.type and isinstance(o, (URIRef, BNode)) and o not in terms:
            nodes.add(o)
    return nodes


def infer_delta(source: TripleSource, added: Graph, ontology: Graph) -> Graph:
    """The triples the OWL RL closure of G + added has beyond G's closure and ``added`` itself.

    Same filters as ``reasoning.infer``: subjects are data resources, no junk.
    """
    closed_ontology = ontology_closure(ontology)
    terms: set[Node] = set(ontology.subjects()) | set(closed_ontology.subjects()) | set(JUNK_TERMS)
    terms |= set(added.predicates()) | set(added.objects(None, RDF.type))
    touched = _data_nodes(added, terms)
    fetched: set[Node] = set()
    stored: set[Triple] = set()
    joining = joining_predicates(closed_ontology)

    def in_graph(t: Triple) -> bool:
        return t in stored or any(True for _ in source.asserted(*t)) or any(True for _ in source.inferred(*t))

    while True:
        for node in touched - fetched:
            stored.update(source.asserted(node, None, None))
            stored.update(source.inferred(node, None, None))
            for p in joining:  # rules joining on the object: transitivity, inverse functionality, sameAs
                stored.update(source.asserted(None, p, node))
                stored.update(source.inferred(None, p, node))
        fetched |= touched
        closure = _closure_of([*closed_ontology, *stored, *added])
        all_terms = terms | {p for _, p, _ in stored} | {o for _, p, o in stored if p == RDF.type}
        new = [t for t in closure if t not in added and t not in closed_ontology and t not in stored
               and isinstance(t[0], (URIRef, BNode)) and t[0] not in all_terms and not is_junk(*t, all_terms)
               and not in_graph(t)]
        grown = _data_nodes(new, all_terms) - fetched
        if not grown:
            break
        touched |= grown
    inferred = Graph(bind_namespaces="none")
    for prefix, namespace in added.namespaces():
        inferred.bind(prefix, namespace)
    for triple in new:
        inferred.add(triple)
    return inferred
