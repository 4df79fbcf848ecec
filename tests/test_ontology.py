"""The OWL ontology (ontology/news.ttl): it parses, documents every term, matches
newskg.rdf.vocab.NEWS, loads in Oxigraph, and gives OWL RL (owlrl) something real to infer."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from newskg.rdf.vocab import ID, NEWS, ORG, iri

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "news.ttl"
NS = "https://newskg.dev/ontology#"
#: owlrl records inconsistencies as ``[] a err:ErrorMessage ; err:error "..."``.
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

PREFIXES = """
@prefix news: <https://newskg.dev/ontology#> .
@prefix id:   <https://newskg.dev/id/> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def news_terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
    return {s for k in kinds for s in graph.subjects(RDF.type, k) if isinstance(s, URIRef) and str(s).startswith(NS)}


def closure(ontology: Graph, data: str) -> Graph:
    graph = Graph()
    graph += ontology
    graph.parse(data=PREFIXES + data, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def errors(graph: Graph) -> list[str]:
    return [str(m) for m in graph.objects(None, ERR.error)]


def test_one_ontology_with_metadata(ontology: Graph) -> None:
    headers = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert len(headers) == 1
    header = headers[0]
    for prop in (OWL.versionInfo, RDFS.label, RDFS.comment, DCTERMS.license):
        assert ontology.value(header, prop) is not None, prop
    assert not list(ontology.objects(header, OWL.imports)), "the ontology must stay self-contained"


def test_every_term_is_labelled_and_commented(ontology: Graph) -> None:
    terms = news_terms(ontology)
    assert len(terms) > 40
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}
    assert declared == terms, "a news: term is described but not declared"
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"


def test_external_terms_are_labelled(ontology: Graph) -> None:
    """External classes and properties are declared so that editors show them."""
    for s in ontology.subjects(RDF.type, None):
        if isinstance(s, URIRef) and not str(s).startswith("https://newskg.dev/"):
            assert ontology.value(s, RDFS.label) is not None, f"{s} has no rdfs:label"


def test_vocab_matches_ontology(ontology: Graph) -> None:
    in_vocab = {NEWS[name] for name in NEWS.__annotations__}
    assert in_vocab == news_terms(ontology)
    with pytest.raises(AttributeError):
        NEWS.Persn  # noqa: B018  (a typo must fail)
    assert iri("org/roscosmos") == URIRef("https://newskg.dev/id/org/roscosmos") == ID["org/roscosmos"]


def test_loads_in_oxigraph() -> None:
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(ONTOLOGY))


def test_declared_axioms(ontology: Graph) -> None:
    assert (NEWS.replaces, OWL.inverseOf, NEWS.replacedBy) in ontology
    assert (ORG.member, RDF.type, OWL.FunctionalProperty) in ontology
    assert (ORG.transitiveSubOrganizationOf, RDF.type, OWL.TransitiveProperty) in ontology
    assert (ORG.subOrganizationOf, RDFS.subPropertyOf, ORG.transitiveSubOrganizationOf) in ontology
    assert (NEWS.Person, OWL.disjointWith, NEWS.Organization) in ontology
    assert (NEWS.Suspension, RDFS.subClassOf, NEWS.Withdrawal) in ontology
    # Alignments to Wikidata are annotations, never logical equivalences.
    assert not list(ontology.objects(NEWS.replaces, OWL.equivalentProperty))
    for kind in ("SpaceAgency", "StateCorporation", "Company", "GovernmentBody", "ResearchInstitute",
                 "InternationalOrganization", "Programme", "Country"):
        assert (NEWS[kind], RDFS.subClassOf, NEWS.Organization) in ontology


def test_owlrl_infers_inverses_and_super_classes(ontology: Graph) -> None:
    graph = closure(ontology, """
        id:person\\/a a news:Person ; rdfs:label "A" .
        id:person\\/b a news:Person ; rdfs:label "B" .
        id:org\\/x a news:SpaceAgency ; rdfs:label "X" ; org:subOrganizationOf id:org\\/y .
        id:org\\/y a news:GovernmentBody ; rdfs:label "Y" ; org:subOrganizationOf id:org\\/z .
        id:org\\/z a news:Country ; rdfs:label "Z" .
        id:post\\/x\\/head a news:Post ; rdfs:label "Head of X" ; org:postIn id:org\\/x .
        id:tenure\\/1 a news:Tenure ; org:member id:person\\/a ; news:post id:post\\/x\\/head .
        id:tenure\\/2 a news:Tenure ; org:member id:person\\/b ; news:post id:post\\/x\\/head ;
            news:replaces id:tenure\\/1 .
        id:withdrawal\\/1 a news:Suspension .
    """)
    assert errors(graph) == []
    assert (iri("tenure/1"), NEWS.replacedBy, iri("tenure/2")) in graph
    assert (iri("person/a"), ORG.hasMembership, iri("tenure/1")) in graph
    assert (iri("org/x"), ORG.hasPost, iri("post/x/head")) in graph
    assert (iri("org/x"), ORG.transitiveSubOrganizationOf, iri("org/z")) in graph
    assert (iri("tenure/1"), RDF.type, ORG.Membership) in graph
    assert (iri("tenure/1"), RDF.type, URIRef("http://www.w3.org/ns/prov#Entity")) in graph
    assert (iri("person/a"), RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")) in graph
    assert (iri("org/z"), RDF.type, ORG.Organization) in graph
    assert (iri("withdrawal/1"), RDF.type, NEWS.CooperationChange) in graph
    # Ranges must not type a country as a person.
    assert (iri("org/z"), RDF.type, NEWS.Person) not in graph


def test_owlrl_detects_person_and_organization(ontology: Graph) -> None:
    graph = closure(ontology, """
        id:x a news:Person , news:SpaceAgency ; rdfs:label "X" .
    """)
    messages = errors(graph)
    assert len(messages) == 1
    assert "Disjoint classes" in messages[0] and str(iri("x")) in messages[0]
    assert (None, RDF.type, ERR.ErrorMessage) in graph


def test_owlrl_detects_organization_as_successor(ontology: Graph) -> None:
    """news:successor has range news:Person: an organization there is an inconsistency."""
    graph = closure(ontology, """
        id:org\\/x a news:Company ; rdfs:label "X" .
        id:succession\\/1 a news:Succession ; news:successor id:org\\/x .
    """)
    assert any("Disjoint classes" in m for m in errors(graph))


def test_sample_graph_is_consistent(ontology: Graph) -> None:
    sample = (Path(__file__).parent / "data" / "sample.ttl").read_text(encoding="utf-8")
    graph = closure(ontology, sample)
    assert errors(graph) == []
    assert Literal("Dmitry Rogozin") in set(graph.objects(iri("person/dmitry-rogozin"), RDFS.label))
