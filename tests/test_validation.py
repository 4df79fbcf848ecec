from __future__ import annotations

from rdflib import Graph, URIRef

from newskg.rdf.validation import validate

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix news: <https://newskg.dev/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

news:TestTenureShape a sh:NodeShape ;
    sh:targetClass news:Tenure ;
    sh:property [
        sh:path org:member ; sh:minCount 1 ; sh:maxCount 1 ; sh:class news:Person ;
        sh:message "A tenure has exactly one member, a person." ] ;
    sh:property [
        sh:path news:startDate ; sh:datatype xsd:date ;
        sh:message "A start date is an xsd:date." ] .
news:TestOrgShape a sh:NodeShape ;
    sh:targetClass news:Organization ;
    sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ; sh:minCount 1 ;
                  sh:message "An organization has a label." ] .
"""


def _shapes() -> Graph:
    return Graph().parse(data=SHAPES, format="turtle")


def test_conforming_graph(fixture_graph: Graph, ontology_graph: Graph) -> None:
    report = validate(fixture_graph, _shapes(), ontology_graph)
    assert report.conforms, report.to_text()
    assert report.results == []
    assert "conforms" in report.to_text()


def test_subclass_axioms_come_from_the_ontology(fixture_graph: Graph, ontology_graph: Graph) -> None:
    # Roscosmos is a news:SpaceAgency: the Organization shape targets it only through
    # the subclass axiom of the ontology.  Drop its label and the shape must see it.
    roscosmos = URIRef("https://newskg.dev/id/org/roscosmos")
    fixture_graph.remove((roscosmos, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None))
    report = validate(fixture_graph, _shapes(), ontology_graph)
    assert not report.conforms
    assert any(v.focus == roscosmos for v in report.results)


def test_report_text_names_node_property_value_and_message(fixture_graph: Graph, ontology_graph: Graph) -> None:
    t1 = URIRef("https://newskg.dev/id/tenure/t1")
    member = URIRef("http://www.w3.org/ns/org#member")
    # an organization as the member of a tenure: well-formed RDF, breaks sh:class
    fixture_graph.set((t1, member, URIRef("https://newskg.dev/id/org/roscosmos")))
    report = validate(fixture_graph, _shapes(), ontology_graph)
    assert not report.conforms
    text = report.to_text()
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(lines) == 1, text
    line = lines[0]
    assert "tenure/t1" in line
    assert "org:member" in line
    assert "Roscosmos" in line  # the offending value, by its label
    assert "A tenure has exactly one member, a person." in line
    assert "sh:" not in text and "ValidationReport" not in text  # never a raw report dump


def test_rdfs_domain_does_not_mask_errors(fixture_graph: Graph, ontology_graph: Graph) -> None:
    """inference='none': the range of org:member must not turn an organization into a person."""
    t1 = URIRef("https://newskg.dev/id/tenure/t1")
    fixture_graph.set((t1, URIRef("http://www.w3.org/ns/org#member"), URIRef("https://newskg.dev/id/org/roscosmos")))
    assert not validate(fixture_graph, _shapes(), ontology_graph).conforms
