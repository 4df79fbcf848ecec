from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from newskg.rdf.reasoning import infer

ID = "https://newskg.dev/id/"
NEWS = "https://newskg.dev/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"


def test_inverse_and_superclasses_inferred(fixture_graph: Graph, ontology_graph: Graph) -> None:
    inferred = infer(fixture_graph, ontology_graph)
    t1, t2 = URIRef(ID + "tenure/t1"), URIRef(ID + "tenure/t2")
    assert (t2, URIRef(NEWS + "replacedBy"), t1) in inferred
    assert (URIRef(ID + "person/yury-borisov"), URIRef(ORG + "hasMembership"), t1) in inferred
    assert (t1, RDF.type, URIRef(ORG + "Membership")) in inferred
    assert (t1, RDF.type, URIRef(PROV + "Entity")) in inferred


def test_only_new_triples_about_the_data(fixture_graph: Graph, ontology_graph: Graph) -> None:
    inferred = infer(fixture_graph, ontology_graph)
    assert len(inferred) > 0
    resources = set(fixture_graph.subjects()) | {o for o in fixture_graph.objects() if isinstance(o, URIRef)}
    for s, p, o in inferred:
        assert (s, p, o) not in fixture_graph
        assert (s, p, o) not in ontology_graph
        assert s in resources, s
        assert not str(s).startswith(NEWS)  # no ontology-on-ontology entailments
        assert not (p == OWL.sameAs and s == o)
        assert o not in (OWL.Thing, OWL.Nothing, RDFS.Resource, OWL.NamedIndividual)


def test_deterministic(fixture_graph: Graph, ontology_graph: Graph) -> None:
    assert set(infer(fixture_graph, ontology_graph)) == set(infer(fixture_graph, ontology_graph))
