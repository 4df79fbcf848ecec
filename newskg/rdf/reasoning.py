"""Stage 6, infer: asserted graph + ontology -> the new triples of the OWL RL closure.

owlrl computes the full closure of ontology ∪ asserted.  Most of it is noise for
our purpose (axiomatic triples, facts about the ontology itself, reflexive
``owl:sameAs``, ``rdf:type owl:Thing``).  ``infer`` keeps only new triples about the
resources of the asserted data, so ``inferred.ttl`` is small and meaningful, and
queries run on asserted ∪ inferred without the ontology mixed in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from operator import itemgetter

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from newskg.rdf.terms import nt_term

#: Resources no inferred triple may mention (they hold for everything or nothing).
JUNK_TERMS: frozenset[Node] = frozenset({
    OWL.Thing, OWL.Nothing, RDFS.Resource, RDFS.Class, OWL.Class, RDF.Property,
    OWL.NamedIndividual, RDFS.Literal, RDFS.Datatype, OWL.ObjectProperty, OWL.DatatypeProperty,
})
#: Namespaces of the standard vocabularies: terms of these are never "data".
SCHEMA_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))


#: Reasoners ``infer`` can use: owlrl (pure Python, the reference), reasonable (Rust) and
#: ``rules`` (the OWL RL rules this ontology uses, as a dedicated pass; see ``_infer_rules``).
ENGINES = ("owlrl", "reasonable", "rules")


def default_engine() -> str:
    """``rules``: owlrl's inferences (tests/test_reasoning_rules.py), linear in the data.

    ``reasonable`` grew to 23.9 GB on 528k asserted triples; the rule pass needs a few
    hundred MB there.  It hands over to ``reasonable`` (else owlrl) by itself when the
    ontology or the data use a construct it does not implement.
    """
    return "rules"


def _fallback_engine() -> str:
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
    if engine == "rules":
        try:
            return _infer_rules(asserted, ontology)
        except _NotCovered:
            return infer(asserted, ontology, engine=_fallback_engine())
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

    return _new_triples(closure, asserted, ontology)


def _new_triples(closure: Iterable[tuple[Node, Node, Node]], asserted: Graph, ontology: Graph) -> Graph:
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


def _infer_reasonable(asserted: Graph, ontology: Graph) -> Graph:
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(ontology)
    reasoner.from_graph(asserted)
    return _new_triples(reasoner.reason(), asserted, ontology)


# ── the dedicated rule pass ─────────────────────────────────────────────────

#: Axioms whose OWL RL rules the pass does not implement: an ontology using any of them
#: (as predicate or as rdf:type object) is reasoned with the general engine instead.
_UNCOVERED = frozenset({
    OWL.propertyChainAxiom, OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.intersectionOf,
    OWL.unionOf, OWL.hasKey, OWL.oneOf, OWL.maxCardinality, OWL.maxQualifiedCardinality,
    OWL.cardinality, OWL.qualifiedCardinality, OWL.onProperty,
})
_SCHEMA_CACHE: dict[int, tuple[Graph, "_Schema"]] = {}


class _NotCovered(Exception):
    """The rule pass cannot give owlrl's closure here (unsupported axiom, or owl:sameAs in play)."""


class _Schema:
    """The single- and two-premise rules of a (closed) ontology, as lookup tables."""

    def __init__(self, ontology: Graph) -> None:
        for _, p, o in ontology:
            if p in _UNCOVERED or (p == RDF.type and o in _UNCOVERED):
                raise _NotCovered(f"the ontology uses {p}")
        closed = Graph()
        for triple in ontology:
            closed.add(triple)
        # the schema-level rules (scm-sco, scm-spo, scm-dom/rng, scm-eqc/eqp ...) from owlrl itself
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False,
                               rdfs_closure=False).expand(closed)

        def table(pred: Node) -> dict[Node, tuple[Node, ...]]:
            out: dict[Node, set[Node]] = {}
            for a, b in closed.subject_objects(pred):
                if a != b:
                    out.setdefault(a, set()).add(b)
            return {k: tuple(sorted(v)) for k, v in out.items()}

        self.superclasses = table(RDFS.subClassOf)        # cax-sco
        self.superproperties = table(RDFS.subPropertyOf)  # prp-spo1
        self.domains = table(RDFS.domain)                 # prp-dom
        self.ranges = table(RDFS.range)                   # prp-rng
        inverse: dict[Node, set[Node]] = {}
        for a, b in closed.subject_objects(OWL.inverseOf):  # prp-inv1, prp-inv2
            inverse.setdefault(a, set()).add(b)
            inverse.setdefault(b, set()).add(a)
        self.inverses = {k: tuple(sorted(v)) for k, v in inverse.items()}
        self.symmetric = set(closed.subjects(RDF.type, OWL.SymmetricProperty))    # prp-symp
        self.transitive = set(closed.subjects(RDF.type, OWL.TransitiveProperty))  # prp-trp
        self.functional = set(closed.subjects(RDF.type, OWL.FunctionalProperty))  # prp-fp
        self.inverse_functional = set(closed.subjects(RDF.type, OWL.InverseFunctionalProperty))  # prp-ifp


def _schema(ontology: Graph) -> _Schema:
    cached = _SCHEMA_CACHE.get(id(ontology))
    if cached is None or cached[0] is not ontology or len(cached[0]) != len(ontology):
        cached = _SCHEMA_CACHE[id(ontology)] = (ontology, _Schema(ontology))
    return cached[1]


def _closure_rules(triples: Iterable[tuple[Node, Node, Node]], schema: _Schema) -> set[tuple[Node, Node, Node]]:
    """The data part of the OWL RL closure, by a worklist over the rules of ``schema``.

    Every rule of OWL RL that can fire on data with an ontology free of the constructs
    in ``_UNCOVERED``: cax-sco, prp-spo1, prp-inv1/2, prp-dom, prp-rng, prp-symp,
    prp-trp (joins through per-property indexes), and prp-fp/prp-ifp, which would
    derive ``owl:sameAs`` between different nodes and start the equality rules
    (eq-rep-*): then ``_NotCovered`` is raised and the general engine takes over.
    The inconsistency rules (cax-dw, cls-nothing ...) derive no triples.
    """
    closure: set[tuple[Node, Node, Node]] = set()
    queue: list[tuple[Node, Node, Node]] = []
    out: dict[Node, dict[Node, set[Node]]] = {}
    into: dict[Node, dict[Node, set[Node]]] = {}
    indexed = schema.transitive | schema.functional | schema.inverse_functional
    for p in indexed:
        out[p] = {}
        into[p] = {}
    add = queue.append
    rdf_type, same_as = RDF.type, OWL.sameAs
    superclasses, superproperties, inverses = schema.superclasses, schema.superproperties, schema.inverses
    domains, ranges, symmetric = schema.domains, schema.ranges, schema.symmetric
    for triple in triples:
        if triple not in closure:
            closure.add(triple)
            queue.append(triple)
    while queue:
        s, p, o = queue.pop()
        new: list[tuple[Node, Node, Node]] = []
        if p == rdf_type:
            new.extend((s, rdf_type, c) for c in superclasses.get(o, ()))
        elif p == same_as:
            if s != o:
                raise _NotCovered("owl:sameAs between different nodes")
        new.extend((s, q, o) for q in superproperties.get(p, ()))
        new.extend((o, q, s) for q in inverses.get(p, ()))
        new.extend((s, rdf_type, c) for c in domains.get(p, ()))
        new.extend((o, rdf_type, c) for c in ranges.get(p, ()))
        if p in symmetric:
            new.append((o, p, s))
        if p in indexed:
            outs = out[p].setdefault(s, set())
            ins = into[p].setdefault(o, set())
            if p in schema.functional and any(y != o for y in outs):
                raise _NotCovered(f"functional {p} has two values on {s}")
            if p in schema.inverse_functional and any(x != s for x in ins):
                raise _NotCovered(f"inverse functional {p} has two subjects for {o}")
            outs.add(o)
            ins.add(s)
            if p in schema.transitive:
                new.extend((x, p, o) for x in list(into[p].get(s, ())))
                new.extend((s, p, y) for y in list(out[p].get(o, ())))
        for triple in new:
            if triple not in closure:
                closure.add(triple)
                add(triple)
    return closure


def _infer_rules(asserted: Graph, ontology: Graph) -> Graph:
    schema = _schema(ontology)
    given = set(asserted)
    closure = _closure_rules(given, schema)
    closure -= given
    closure.difference_update(ontology)
    return _new_triples(closure, asserted, ontology)


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


# ── the rule pass on N-Triples terms (rebuilds) ─────────────────────────────

#: A triple as its three N-Triples terms ("<s>", "<p>", "<o>" or '"literal"...'), the form in
#: which a rebuild maps, compares and writes the graph (``triples.to_terms``).
Terms = tuple[str, str, str]
#: A triple of a rule template: subject and object are 0 (the premise's subject), 1 (its
#: object) or a fixed term.
_Template = list[tuple[int | str, str, int | str]]


def infer_terms(asserted: set[Terms], ontology: Graph) -> set[Terms] | None:
    """``infer(graph, ontology, engine="rules")`` on the triples ``asserted`` (N-Triples terms);
    None where the rule pass hands over to the general engine (the caller then reasons on an
    rdflib graph).

    Every rule of the pass but prp-trp (and prp-fp/prp-ifp, which only ever hand over) has a
    single data premise, so what one triple implies depends on its predicate (and, for
    ``rdf:type``, its class) alone: it is worked out once per predicate, on placeholder
    nodes, by the rule pass itself (``_closure_rules``), and stamped on every triple with
    that predicate.  Transitive properties are closed afterwards and their new triples
    stamped in turn, until nothing changes.  Linear in the data, without rdflib terms.
    """
    try:
        return _TermReasoner(_schema(ontology), ontology).infer(asserted)
    except _NotCovered:
        return None


def infer_terms_delta(asserted: set[Terms], added: set[Terms], removed: set[Terms], inferred: set[str],
                      ontology: Graph) -> set[str] | None:
    """``infer_terms(asserted)``, as N-Triples lines, from the inferred triples ``inferred`` (lines)
    of the data before it changed by ``added`` and ``removed`` (already applied to
    ``asserted``), re-deriving only around the change; None when the change's data terms
    differ (or the rule pass hands over): then ``infer_terms`` it is.

    Why it is enough: every rule of the pass concludes about the subject or the object of its
    premises, so an inferred triple that mentions no node of a changed triple (``N``) has the
    premises it had, and stays.  The triples that mention a node of ``N`` are derived again
    from the data around ``N``: the asserted triples with a subject or object in ``N``, where
    ``N`` first grows by every node joined to it along a transitive property (prp-trp is the
    one rule with premises about other nodes).  ``_new_triples``' filter needs the data's
    resources (the nodes of those triples are all a candidate can be about) and its
    predicates and classes: when those change, so may inferences anywhere, and all is
    derived again.  tests/test_scale.py compares it with ``infer_terms`` on random changes.
    """
    try:
        reasoner = _TermReasoner(_schema(ontology), ontology)
        uses = reasoner.term_uses(asserted)
        data_terms = set(uses)
        gone = set(reasoner.term_uses(removed)) - data_terms
        uses_added = reasoner.term_uses(added)  # a term used only by added triples is new
        if gone or any(uses[term] == count for term, count in uses_added.items()):
            return None  # a predicate or class came or went
        nodes = {n for s, _, o in added | removed for n in (s, o) if not n.startswith('"')}
        nodes |= reasoner.transitive_component(asserted, nodes, data_terms)
        around = {t for t in asserted if t[0] in nodes or t[2] in nodes}
        again = reasoner.infer(around, asserted=asserted, data_terms=data_terms)
    except _NotCovered:
        return None
    # a line's subject is its first token; an object that is a node (no literal) its last one
    kept = {line for line in inferred if line[:line.index(" ")] not in nodes and line[line.rindex(" ") + 1:] not in nodes}
    return kept | {f"{s} {p} {o}" for s, p, o in again}


def split_line(line: str) -> Terms:
    """The subject, predicate and object of an N-Triples line (no spaces inside the first two)."""
    first = line.index(" ")
    second = line.index(" ", first + 1)
    return line[:first], line[first + 1:second], line[second + 1:]


_SUBJECT, _OBJECT = URIRef("urn:newskg:placeholder:subject"), URIRef("urn:newskg:placeholder:object")


class _TermReasoner:
    def __init__(self, schema: _Schema, ontology: Graph) -> None:
        self.schema = schema
        self.ontology = ontology
        self.templates: dict[tuple[str, str | None], _Template] = {}
        self.type, self.same_as = nt_term(RDF.type), nt_term(OWL.sameAs)
        self.transitive = {nt_term(p) for p in schema.transitive}
        self.functional = {nt_term(p) for p in schema.functional}
        self.inverse_functional = {nt_term(p) for p in schema.inverse_functional}

    def template(self, p: str, o: str | None) -> _Template:
        """What ``(S p O)`` (``o`` given: ``(S p o)``) implies by the single-premise rules, itself included."""
        key = (p, o)
        found = self.templates.get(key)
        if found is None:
            obj = _OBJECT if o is None else URIRef(o[1:-1])
            closure = _closure_rules([(_SUBJECT, URIRef(p[1:-1]), obj)], self.schema)
            slots: dict[Node, int] = {_SUBJECT: 0, _OBJECT: 1}
            found = self.templates[key] = [
                (slots[s] if s in slots else nt_term(s), nt_term(q), slots[x] if x in slots else nt_term(x))
                for s, q, x in closure]
        return found

    def stamp(self, triples: Iterable[Terms], closure: set[Terms], tracked: dict[str, set[Terms]]) -> None:
        """Add to ``closure`` what ``triples`` imply besides themselves; ``tracked`` gets the triples
        (given or implied) of its predicates."""
        by_predicate: defaultdict[str, list[Terms]] = defaultdict(list)
        for triple in triples:
            by_predicate[triple[1]].append(triple)
        groups: dict[tuple[str, str | None], list[Terms]] = {}
        for p, group in by_predicate.items():
            if p in tracked:
                tracked[p].update(group)
            if p == self.same_as and any(s != o for s, _, o in group):
                raise _NotCovered("owl:sameAs between different nodes")
            if p != self.type and p != self.same_as:
                groups[(p, None)] = group
                continue
            for triple in group:  # rdf:type (and owl:sameAs) by class: cax-sco depends on it
                groups.setdefault((p, triple[2]) if triple[2].startswith("<") else (p, None), []).append(triple)
        for (p, o_fixed), pairs in groups.items():
            for a, q, b in self.template(p, o_fixed):
                if a == 0 and q == p and (b == 1 or b == o_fixed):
                    continue  # the premise itself
                if a == 0 and b == 1:
                    made = {(s, q, o) for s, _, o in pairs}
                elif a == 1 and b == 0:
                    made = {(o, q, s) for s, _, o in pairs}
                elif a == 0 and isinstance(b, str):
                    made = {(s, q, b) for s, _, _ in pairs}
                elif a == 1 and isinstance(b, str):
                    made = {(o, q, b) for _, _, o in pairs}
                else:  # (S q S), (O q O) or a fixed subject
                    made = {(_slot(a, t), q, _slot(b, t)) for t in pairs}
                closure |= made
                if q in tracked:
                    tracked[q] |= made

    def infer(self, given: set[Terms], asserted: set[Terms] | None = None,
              data_terms: set[str] | None = None) -> set[Terms]:
        """The inferred triples of ``given``.  For a neighbourhood (``infer_terms_delta``):
        ``asserted``, the whole data (none of it is inferred), and ``data_terms``, its
        predicates and classes (what ``_new_triples`` counts as ontology terms)."""
        closure: set[Terms] = set()
        tracked: dict[str, set[Terms]] = {p: set() for p in self.transitive | self.functional | self.inverse_functional}
        self.stamp(given, closure, tracked)
        while True:  # prp-trp: close each transitive property's edges (few: the organisation tree) again
            out: dict[str, dict[str, set[str]]] = {p: {} for p in self.transitive}
            for p in self.transitive:
                for s, _, o in tracked[p]:
                    out[p].setdefault(s, set()).add(o)
            joined = {(s, p, z) for p, edges in out.items() for s in list(edges) for z in _reachable(edges, s)}
            joined -= given
            joined -= closure
            if not joined:
                break
            closure |= joined
            self.stamp(joined, closure, tracked)
        for p in self.functional:
            _single_valued(tracked[p], 0, 2)
        for p in self.inverse_functional:
            _single_valued(tracked[p], 2, 0)
        if data_terms is None:
            data_terms = set(self.term_uses(given))
        candidates = closure - given
        if asserted is not None:
            candidates -= asserted
        return self._new(candidates, given, data_terms)

    def transitive_component(self, triples: set[Terms], nodes: set[str], predicates: set[str]) -> set[str]:
        """The nodes joined to ``nodes`` by edges of a transitive property (given or implied by one
        triple's template) among ``triples``, whose predicates are among ``predicates``."""
        slots = {p: [(a, b) for a, q, b in self.template(p, None) if q in self.transitive] for p in predicates}
        slots = {p: pairs for p, pairs in slots.items() if pairs}
        edges: dict[str, set[str]] = {}
        for s, p, o in [t for t in triples if t[1] in slots]:  # few: the organisation tree
            for a, b in slots[p]:
                x, y = _slot(a, (s, p, o)), _slot(b, (s, p, o))
                edges.setdefault(x, set()).add(y)
                edges.setdefault(y, set()).add(x)
        component: set[str] = set()
        for node in nodes:
            if node in edges and node not in component:
                component |= _reachable(edges, node)  # the edges go both ways: the node is among them
        return component

    def term_uses(self, triples: set[Terms]) -> Counter[str]:
        """How many of ``triples`` use each predicate, and each class (as object of ``rdf:type``)."""
        rdf_type = self.type
        uses = Counter(map(itemgetter(1), triples))  # map and itemgetter: no Python frame per triple
        uses.update([o for _, p, o in triples if p == rdf_type])
        return uses

    def _new(self, candidates: set[Terms], given: set[Terms], data_terms: set[str]) -> set[Terms]:
        """``_new_triples`` on terms: not in the ontology, about the data's resources, not junk."""
        candidates = candidates.difference((nt_term(s), nt_term(p), nt_term(o)) for s, p, o in self.ontology)
        junk = {nt_term(t) for t in JUNK_TERMS}
        rdf_type, same_as = self.type, self.same_as
        # ontology terms: the ontology's subjects, the data's predicates and classes
        terms = {nt_term(s) for s in self.ontology.subjects()} | junk | data_terms
        subjects = {s for s, _, _ in given}
        objects: set[str] | None = None  # the data's resources are its subjects and non-literal objects
        schema = tuple(f"<{ns}" for ns in SCHEMA_NAMESPACES)
        out: set[Terms] = set()
        for triple in candidates:
            s, p, o = triple
            if s[0] == '"':
                continue  # a literal: never a resource
            if s not in subjects:
                if objects is None:
                    objects = {o for _, _, o in given if not o.startswith('"')}
                if s not in objects:
                    continue
            if s in terms or s in junk or o in junk or (p == same_as and s == o):
                continue
            if p == rdf_type and (o.startswith('"') or o.startswith(schema)):
                continue
            if o.startswith("<") and p != rdf_type and p.startswith(schema) and o in terms:
                continue
            out.add(triple)
        return out


def _slot(slot: int | str, triple: Terms) -> str:
    """A template's subject or object for a premise: its subject (0), its object (1) or a fixed term."""
    return triple[2 * slot] if isinstance(slot, int) else slot


def _single_valued(triples: set[Terms], key: int, value: int) -> None:
    """prp-fp/prp-ifp would derive owl:sameAs (and the equality rules) from two values: hand over."""
    seen: dict[str, str] = {}
    for triple in triples:
        if seen.setdefault(triple[key], triple[value]) != triple[value]:
            raise _NotCovered("a functional property has two values")


def _reachable(out: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    stack = list(out.get(start, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(out.get(node, ()))
    return seen
