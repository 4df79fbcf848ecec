"""SHACL shapes (ontology/shapes.ttl) against the self-describing cases in tests/shapes/.

Each ``tests/shapes/*.test.ttl`` holds a small data graph and, in ``#+ expect:``
header lines, the expected outcome: ``conforms``, or one line per violation as
``focus path`` (prefixed names of the file, ``-`` for a node-level result without
a path).  The data is validated together with the ontology (so rdfs:subClassOf
typing such as SpaceAgency ⊑ Organization counts), in the two ways the pipeline
may call pySHACL, and the set of (focus node, result path) must match exactly.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "news.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CASES = sorted((Path(__file__).parent / "shapes").glob("*.test.ttl"))
SAMPLE = Path(__file__).parent / "data" / "sample.ttl"

Outcome = set[tuple[Node, Node | None]]
#: How the pipeline may call pySHACL: data ∪ ontology, or ontology as ont_graph.
MODES = ["mixed", "ont_graph-none", "ont_graph-rdfs"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES)


def expand(graph: Graph, name: str) -> URIRef:
    """A prefixed name (``id:tenure/t1``) or ``<iri>`` of the case file as an IRI."""
    if name.startswith("<") and name.endswith(">"):
        return URIRef(name[1:-1])
    prefix, _, local = name.partition(":")
    namespaces = dict(graph.namespaces())
    if prefix not in namespaces:
        raise ValueError(f"unknown prefix in expectation: {name}")
    return URIRef(str(namespaces[prefix]) + local)


def expected_outcome(path: Path, graph: Graph) -> Outcome | None:
    """None for ``conforms``, else the set of expected (focus, path) pairs."""
    lines = [
        line.split(":", 1)[1].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#+ expect:")
    ]
    assert lines, f"{path.name} has no '#+ expect:' line"
    if lines == ["conforms"]:
        return None
    outcome: Outcome = set()
    for line in lines:
        focus, result_path = line.split()
        outcome.add((expand(graph, focus), None if result_path == "-" else expand(graph, result_path)))
    return outcome


def results(report: Graph) -> Outcome:
    """The (focus, path) of the top-level results (not the sh:detail of sh:node ones)."""
    return {
        (report.value(result, SH.focusNode), report.value(result, SH.resultPath))
        for result in report.objects(None, SH.result)
    }


def validate(data: Graph, ontology: Graph, shapes: Graph, mode: str) -> tuple[bool, Graph]:
    if mode == "mixed":  # validate (asserted ∪ ontology), no inference
        conforms, report, _ = pyshacl.validate(data + ontology, shacl_graph=shapes, inference="none", advanced=True)
    else:  # the ontology passed as ont_graph (pySHACL mixes it in), with or without RDFS inference
        inference = mode.removeprefix("ont_graph-")
        conforms, report, _ = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference=inference, advanced=True
        )
    return conforms, report


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=[case.name.removesuffix(".test.ttl") for case in CASES])
def test_shape_case(case: Path, mode: str, ontology: Graph, shapes: Graph) -> None:
    data = Graph().parse(case, format="turtle")
    expected = expected_outcome(case, data)
    conforms, report = validate(data, ontology, shapes, mode)
    if expected is None:
        assert conforms, report.serialize(format="turtle")
        return
    assert not conforms
    assert results(report) == expected
    for result in report.objects(None, SH.result):
        message = report.value(result, SH.resultMessage)
        assert message is not None and len(str(message)) > 10, f"result without a plain message: {result}"


def test_cases_cover_the_brief() -> None:
    names = {case.name for case in CASES}
    assert len(names) >= 12
    assert any(name.startswith("valid-") for name in names)


@pytest.mark.parametrize("mode", MODES)
def test_sample_graph_conforms(mode: str, ontology: Graph, shapes: Graph) -> None:
    conforms, report = validate(Graph().parse(SAMPLE), ontology, shapes, mode)
    assert conforms, report.serialize(format="turtle")


def test_subclass_typing_needs_the_ontology(shapes: Graph) -> None:
    """Without the ontology a SpaceAgency is not known to be an Organization: the
    shapes rely on rdfs:subClassOf being in the validated graph."""
    conforms, _, _ = pyshacl.validate(Graph().parse(SAMPLE), shacl_graph=shapes, inference="none")
    assert not conforms


def test_every_shape_is_labelled_and_explained(shapes: Graph) -> None:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.objects(None, SH.property))
    for shape in node_shapes | property_shapes:
        assert shapes.value(shape, RDFS.label) is not None, f"shape without rdfs:label: {shape}"
    for shape in property_shapes:
        sparql = list(shapes.objects(shape, SH.sparql))
        explained = shapes.value(shape, SH.message) is not None or (
            sparql and all(shapes.value(c, SH.message) is not None for c in sparql)
        )
        assert explained, f"property shape without sh:message: {shape}"
    node_level = (SH["or"], SH["not"], SH.sparql)
    for shape in node_shapes:
        if any(shapes.value(shape, p) is not None for p in node_level) and shapes.value(shape, SH.targetClass):
            assert shapes.value(shape, SH.message) is not None, f"node shape without sh:message: {shape}"
    for constraint in shapes.objects(None, SH.sparql):
        assert shapes.value(constraint, SH.message) is not None


NEWS = Namespace("https://newskg.dev/ontology#")


def test_every_fact_class_has_a_shape(ontology: Graph, shapes: Graph) -> None:
    """Each fact kind is the target of a shape (its own or a super-class's)."""
    targets = set(shapes.objects(None, SH.targetClass))
    fact_kinds = set(ontology.transitive_subjects(RDFS.subClassOf, NEWS.Fact)) - {NEWS.Fact}
    for kind in fact_kinds:
        supers = set(ontology.transitive_objects(kind, RDFS.subClassOf))
        assert (supers - {NEWS.Fact}) & targets, f"no shape for {kind}"
    for cls in (NEWS.Evidence, NEWS.Article, NEWS.Post, NEWS.Person, NEWS.Organization, NEWS.Fact):
        assert cls in targets
