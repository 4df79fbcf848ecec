"""pyshacl-turbo, the default SHACL engine, against pySHACL, the reference: the same verdict and
the same results on the same inputs (newskg.rdf.validation.run_shacl, both engines).

Inputs: every shape test case (tests/shapes/), the sample graph, the bundled articles' graph,
and that graph with planted violations, including the two things the turbo path converts
(blank nodes, under ids Oxigraph refuses, and xsd:string literals).  A result is compared as
everything newskg reads of it: focus node, path, value, source shape, severity and message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from newskg.errors import UsageError
from newskg.folder.build import load_ontology, load_shapes
from newskg.rdf.validation import results_of, run_shacl, shacl_engine, validate

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "shapes").glob("*.test.ttl")) + [ROOT / "tests" / "data" / "sample.ttl"]
NEWS = "https://newskg.dev/ontology#"
ORG = "http://www.w3.org/ns/org#"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def bundled() -> Graph:
    """The bundled articles' asserted graph, built here (graph/ may be stale on a branch)."""
    from newskg import settings
    from newskg.extract.bulk import extract_corpus
    from newskg.extract.entities import resolve_entities
    from newskg.extract.extractor import extract
    from newskg.folder.build import _default_mapper
    from newskg.rdf.review import DEFAULT_MIN_CONFIDENCE, split_by_confidence

    corpus = extract_corpus(settings.ARTICLES_DIR, extract, jobs=1, progress=lambda m: None, bar=False)
    results, _ = split_by_confidence(resolve_entities(corpus.results), DEFAULT_MIN_CONFIDENCE)
    return _default_mapper()(results)


Key = tuple[Node, Node | None, Node | None, Node | None, str, str]


def _both(data: Graph, shapes: Graph, ontology: Graph) -> tuple[tuple[bool, list[Key]], tuple[bool, list[Key]]]:
    def run(engine: str) -> tuple[bool, list[Key]]:
        conforms, report = run_shacl(data, shapes, ontology, engine=engine)
        keys = [(v.focus, v.path, v.value, v.shape, v.severity, v.message) for v in results_of(report, shapes)]
        return conforms, sorted(keys, key=str)

    return run("pyshacl"), run("turbo")


@pytest.mark.parametrize("case", CASES, ids=[case.name.removesuffix(".test.ttl") for case in CASES])
def test_same_verdict_and_results_on_each_shape_case(case: Path, shapes: Graph, ontology: Graph) -> None:
    reference, turbo = _both(Graph().parse(case, format="turtle"), shapes, ontology)
    assert turbo == reference
    assert reference[0] is ("valid-" in case.name or case.name == "sample.ttl")


def test_same_verdict_and_results_on_the_bundled_graph(bundled: Graph, shapes: Graph, ontology: Graph) -> None:
    reference, turbo = _both(bundled, shapes, ontology)
    assert reference[0] and turbo == reference


def test_same_results_with_planted_violations(bundled: Graph, shapes: Graph, ontology: Graph) -> None:
    data = Graph()
    for triple in bundled:
        data.add(triple)
    tenure = sorted(data.subjects(RDF.type, URIRef(NEWS + "Tenure")))[0]
    org = sorted(data.subjects(RDF.type, URIRef(NEWS + "SpaceAgency")))[0]
    data.add((tenure, URIRef(ORG + "member"), org))  # an organization holds a post
    evidence = sorted(data.subjects(RDF.type, URIRef(NEWS + "Evidence")))
    data.add((evidence[1], URIRef(NEWS + "charStart"), Literal("x")))  # a plain literal as an offset
    data.remove((evidence[3], URIRef(NEWS + "article"), None))  # evidence without its article
    person = BNode("a person with spaces in its id")  # an id rdflib takes and Oxigraph does not
    data.add((person, RDF.type, URIRef(NEWS + "Person")))  # ... and no label
    data.add((tenure, URIRef(ORG + "member"), person))
    reference, turbo = _both(data, shapes, ontology)
    assert not reference[0]
    assert turbo == reference
    focus = {key[0] for key in reference[1]}
    assert {tenure, evidence[1], evidence[3], person} <= focus
    # an explicit xsd:string literal, which rdflib tells from a plain one and Oxigraph does not
    data.add((evidence[2], URIRef(NEWS + "charEnd"), Literal("7", datatype=XSD.string)))
    reference, turbo = _both(data, shapes, ontology)
    assert turbo == reference
    assert Literal("7", datatype=XSD.string) in {key[2] for key in reference[1]}


def test_validate_uses_the_engine_of_the_environment(monkeypatch: pytest.MonkeyPatch, shapes: Graph,
                                                     ontology: Graph) -> None:
    case = ROOT / "tests" / "shapes" / "entity-without-label.test.ttl"
    data = Graph().parse(case, format="turtle")
    reports = {}
    for engine in ("pyshacl", "turbo"):
        monkeypatch.setenv("NEWSKG_SHACL_ENGINE", engine)
        assert shacl_engine() == engine
        report = validate(data, shapes, ontology)
        reports[engine] = (report.conforms, report.results)
    assert reports["turbo"] == reports["pyshacl"] and not reports["turbo"][0]
    monkeypatch.setenv("NEWSKG_SHACL_ENGINE", "jena")
    with pytest.raises(UsageError, match="NEWSKG_SHACL_ENGINE"):
        shacl_engine()
    monkeypatch.delenv("NEWSKG_SHACL_ENGINE")
    assert shacl_engine() == "turbo"


def _without_messages(report: Graph) -> Graph:
    kept = Graph()
    for triple in report:
        if triple[1] != SH.resultMessage:
            kept.add(triple)
    return kept


@pytest.mark.parametrize("case", CASES, ids=[case.name.removesuffix(".test.ttl") for case in CASES])
def test_the_report_graphs_are_the_same_but_for_generated_messages(case: Path, shapes: Graph, ontology: Graph) -> None:
    """report.ttl: the same results with the same nodes; only the messages an engine writes
    itself (for a nested sh:detail result of a shape without sh:message) may be worded otherwise."""
    data = Graph().parse(case, format="turtle")
    _, reference = run_shacl(data, shapes, ontology, engine="pyshacl")
    _, turbo = run_shacl(data, shapes, ontology, engine="turbo")
    assert isomorphic(_without_messages(turbo), _without_messages(reference))
    assert len(list(turbo.objects(None, SH.resultMessage))) == len(list(reference.objects(None, SH.resultMessage)))
