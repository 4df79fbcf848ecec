"""Scale paths give the reference results: the rule pass = owlrl's closure, scoped
validation = full pyshacl validation (also with planted violations), and Turtle written
without canonicalisation for graphs without blank nodes is the canonical Turtle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from newskg import settings
from newskg.extract.bulk import extract_corpus
from newskg.extract.entities import resolve_entities
from newskg.extract.extractor import extract
from newskg.folder.build import _default_mapper, load_ontology, load_shapes
from newskg.folder.store import bind_prefixes, serialize_turtle
from newskg.rdf.reasoning import infer, infer_terms, infer_terms_delta
from newskg.rdf.review import DEFAULT_MIN_CONFIDENCE, split_by_confidence
from newskg.rdf.terms import nt_term
from newskg.rdf.triples import to_graph, to_terms
from newskg.rdf.validation import validate, validate_scoped

ROOT = Path(__file__).resolve().parents[1]
NEWS = "https://newskg.dev/ontology#"


@pytest.fixture(scope="module")
def synthetic100_results(tmp_path_factory: pytest.TempPathFactory) -> list:
    """The resolved facts of a 100-article synthetic corpus (bench/corpus.py, seed 1)."""
    out = tmp_path_factory.mktemp("c100")
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "--articles", "100", "--out", str(out),
                    "--seed", "1"], check=True, capture_output=True)
    corpus = extract_corpus(out / "articles", extract, jobs=1, progress=lambda m: None, bar=False)
    results, _ = split_by_confidence(resolve_entities(corpus.results), DEFAULT_MIN_CONFIDENCE)
    return results


@pytest.fixture(scope="module")
def synthetic100(synthetic100_results: list) -> Graph:
    """The asserted graph of that corpus."""
    graph = _default_mapper()(synthetic100_results)
    bind_prefixes(graph, load_ontology())
    return graph


def test_rule_pass_gives_owlrl_inferences_on_the_bundled_graph() -> None:
    asserted = Graph().parse(ROOT / "graph" / settings.ASSERTED_FILE)
    ontology = load_ontology()
    reference = set(infer(asserted, ontology, engine="owlrl"))
    assert len(reference) > 100
    assert set(infer(asserted, ontology, engine="rules")) == reference


def test_rule_pass_gives_owlrl_inferences_on_a_synthetic_corpus(synthetic100: Graph) -> None:
    ontology = load_ontology()
    reference = set(infer(synthetic100, ontology, engine="owlrl"))
    assert len(reference) > 1000
    assert set(infer(synthetic100, ontology, engine="rules")) == reference


def test_rule_pass_hands_over_when_equality_is_derived() -> None:
    """A functional property with two values derives owl:sameAs: the general engine takes over."""
    ontology = load_ontology()
    data = Graph()
    tenure, a, b = (URIRef(f"https://newskg.dev/id/{k}") for k in ("tenure/t", "person/a", "person/b"))
    member = URIRef("http://www.w3.org/ns/org#member")
    data.add((tenure, member, a))
    data.add((tenure, member, b))
    data.add((a, URIRef(NEWS + "x"), Literal("1")))
    reference = set(infer(data, ontology, engine="owlrl"))
    assert set(infer(data, ontology, engine="rules")) == reference


def _terms(graph: Graph) -> set[tuple[str, str, str]]:
    return {(nt_term(s), nt_term(p), nt_term(o)) for s, p, o in graph}


def _lines(terms: set[tuple[str, str, str]] | None) -> set[str]:
    assert terms is not None
    return {" ".join(t) for t in terms}


def _organisation_chain() -> Graph:
    """A sub-organisation chain of four levels (prp-trp over several rounds), a post, a
    literal object of an object property and a type with a superclass."""
    data = Graph()
    ids = [URIRef(f"https://newskg.dev/id/org/{k}") for k in "abcd"]
    sub = URIRef("http://www.w3.org/ns/org#subOrganizationOf")
    for lower, upper in zip(ids, ids[1:]):
        data.add((lower, sub, upper))
    data.add((ids[0], RDF.type, URIRef(NEWS + "SpaceAgency")))
    post = URIRef("https://newskg.dev/id/post/p")
    data.add((post, URIRef("http://www.w3.org/ns/org#postIn"), ids[0]))
    data.add((post, URIRef(NEWS + "role"), Literal("head")))
    data.add((post, URIRef("http://www.w3.org/ns/org#postIn"), Literal("not a node")))
    return data


@pytest.mark.parametrize("source", ["bundled", "synthetic", "chain"])
def test_rule_pass_on_terms_gives_owlrl_inferences(source: str, synthetic100: Graph) -> None:
    """The rule pass a rebuild runs on N-Triples terms (templates per predicate) = owlrl."""
    data = {"bundled": lambda: Graph().parse(ROOT / "graph" / settings.ASSERTED_FILE),
            "synthetic": lambda: synthetic100, "chain": _organisation_chain}[source]()
    ontology = load_ontology()
    reference = _terms(infer(data, ontology, engine="owlrl"))
    assert reference  # something to compare
    assert infer_terms(_terms(data), ontology) == reference


def test_rule_pass_on_terms_hands_over_when_equality_is_derived() -> None:
    data = Graph()
    tenure, a, b = (URIRef(f"https://newskg.dev/id/{k}") for k in ("tenure/t", "person/a", "person/b"))
    data.add((tenure, URIRef("http://www.w3.org/ns/org#member"), a))
    data.add((tenure, URIRef("http://www.w3.org/ns/org#member"), b))
    assert infer_terms(_terms(data), load_ontology()) is None
    data.remove((tenure, None, b))
    assert infer_terms(_terms(data), load_ontology()) is not None


@pytest.mark.parametrize("seed", range(6))
def test_inferring_around_a_change_gives_what_inferring_everything_gives(seed: int, synthetic100_results: list) -> None:
    """A rebuild's inference from the previous inferred triples and the change (articles
    removed, or put back) = the inference of the whole new graph."""
    import random

    ontology = load_ontology()
    rng = random.Random(seed)
    removed_articles = set(rng.sample(range(len(synthetic100_results)), rng.choice([1, 2, 5])))
    everything = to_terms(synthetic100_results)
    fewer = to_terms([r for i, r in enumerate(synthetic100_results) if i not in removed_articles])
    for old, new in ((everything, fewer), (fewer, everything)):
        assert old != new
        got = infer_terms_delta(new, new - old, old - new, _lines(infer_terms(old, ontology)), ontology)
        assert got is not None and got == _lines(infer_terms(new, ontology))


@pytest.mark.parametrize("cut", [0, 1, 2])
def test_inferring_around_a_change_follows_transitive_chains(cut: int) -> None:
    """Cutting the sub-organisation chain a -> b -> c -> d anywhere takes the inferences that
    ran through the cut away from nodes the cut does not touch (a's link to d)."""
    ontology = load_ontology()
    chain = _terms(_organisation_chain())
    sub = nt_term(URIRef("http://www.w3.org/ns/org#subOrganizationOf"))
    edge = sorted(t for t in chain if t[1] == sub)[cut]
    cut_chain = chain - {edge}
    for old, new in ((chain, cut_chain), (cut_chain, chain)):
        got = infer_terms_delta(new, new - old, old - new, _lines(infer_terms(old, ontology)), ontology)
        assert got == _lines(infer_terms(new, ontology))


def test_inferring_around_a_change_hands_over_when_a_class_comes_or_goes() -> None:
    ontology = load_ontology()
    chain = _terms(_organisation_chain())
    typed = {t for t in chain if t[1] == nt_term(RDF.type)}
    assert typed
    fewer = chain - typed
    assert infer_terms_delta(fewer, set(), typed, _lines(infer_terms(chain, ontology)), ontology) is None
    assert infer_terms_delta(chain, typed, set(), _lines(infer_terms(fewer, ontology)), ontology) is None


def test_mapping_to_terms_gives_the_triples_of_to_graph(synthetic100_results: list) -> None:
    assert to_terms(synthetic100_results) == _terms(to_graph(synthetic100_results))


def test_scoped_validation_gives_the_full_results(synthetic100: Graph) -> None:
    ontology, shapes = load_ontology(), load_shapes()
    data = Graph()
    for triple in synthetic100:
        data.add(triple)
    full = validate(data, shapes, ontology)
    scoped = validate_scoped(data, shapes, ontology, jobs=2, chunk=300, min_triples=0)
    assert full.conforms and scoped.conforms and scoped.results == full.results
    # planted violations: an organization as the holder of a tenure, a non-integer offset,
    # an evidence without its article
    tenure = sorted(data.subjects(RDF.type, URIRef(NEWS + "Tenure")))[3]
    org = sorted(data.subjects(RDF.type, URIRef(NEWS + "SpaceAgency")))[0]
    data.add((tenure, URIRef("http://www.w3.org/ns/org#member"), org))
    evidence = sorted(data.subjects(RDF.type, URIRef(NEWS + "Evidence")))
    data.add((evidence[5], URIRef(NEWS + "charStart"), Literal("x")))
    data.remove((evidence[9], URIRef(NEWS + "article"), None))
    full = validate(data, shapes, ontology)
    scoped = validate_scoped(data, shapes, ontology, jobs=2, chunk=300, min_triples=0)
    assert not full.conforms and len(full.results) >= 3
    assert (scoped.conforms, scoped.results) == (full.conforms, full.results)
    assert {v.focus for v in scoped.results} == {tenure, evidence[5], evidence[9]}


def test_turtle_is_canonical_and_round_trips() -> None:
    """The same triples give the same bytes whatever their order or blank node names, and
    the bytes parse back to the same graph (rdflib and Oxigraph)."""
    import random

    import pyoxigraph

    graph = Graph().parse(ROOT / "graph" / settings.ASSERTED_FILE)
    report = Graph().parse(ROOT / "graph" / settings.REPORT_FILE)
    for source in (graph, report + graph):
        triples = list(source)
        random.Random(7).shuffle(triples)
        renamed = {t: BNode() for triple in triples for t in triple if isinstance(t, BNode)}
        shuffled = Graph(bind_namespaces="none")
        for prefix, namespace in reversed(list(source.namespaces())):
            shuffled.bind(prefix, namespace, override=True, replace=True)
        for triple in triples:
            shuffled.add(tuple(renamed.get(t, t) for t in triple))  # type: ignore[arg-type]
        data = serialize_turtle(source)
        assert serialize_turtle(shuffled) == data
        assert isomorphic(Graph().parse(data=data, format="turtle"), source)
        assert len(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))) == len(source)
    assert b"\n@prefix" not in serialize_turtle(graph).split(b"\n\n", 1)[1]  # prefixes only in the header
    # given the N-Triples lines a rebuild has already, the same bytes
    ntriples = graph.serialize(format="nt", encoding="utf-8")
    lines = {str(t) for t in pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)}
    assert serialize_turtle(graph, lines) == serialize_turtle(graph)
