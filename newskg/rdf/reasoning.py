"""Inference: asserted graph + ontology -> the new triples of the OWL RL closure.

``infer`` picks an engine (owlrl, the reference; reasonable; or the dedicated rule pass of
``newskg.rdf.rules``) and keeps of its closure what ``newskg.rdf.kept`` keeps: only new
triples about the resources of the asserted data, so ``inferred.ttl`` is small and
meaningful, and queries run on asserted ∪ inferred without the ontology mixed in.
"""

from __future__ import annotations

import owlrl
from rdflib import Graph

from newskg.rdf.kept import new_triples
from newskg.rdf.rules import NotCovered, infer_rules

#: Reasoners ``infer`` can use: owlrl (pure Python, the reference), reasonable (Rust) and
#: ``rules`` (the OWL RL rules this ontology uses, as a dedicated pass: ``newskg.rdf.rules``).
ENGINES = ("owlrl", "reasonable", "rules")


def default_engine() -> str:
    """``rules``: owlrl's inferences (tests/test_scale.py), linear in the data.

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
            return infer_rules(asserted, ontology)
        except NotCovered:
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

    return new_triples(closure, asserted, ontology)


def _infer_reasonable(asserted: Graph, ontology: Graph) -> Graph:
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(ontology)
    reasoner.from_graph(asserted)
    return new_triples(reasoner.reason(), asserted, ontology)
