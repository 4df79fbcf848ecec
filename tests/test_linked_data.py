"""Linked Data at /id/..., and the OpenAPI description at /openapi.json and /api."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

warnings.filterwarnings("ignore", category=DeprecationWarning)
from starlette.testclient import TestClient  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

from newskg.query.queries import list_queries  # noqa: E402
from newskg.web.endpoint import create_app  # noqa: E402

BUNDLED = ROOT / "graph"
ROSCOSMOS = URIRef("https://newskg.dev/id/org/roscosmos")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(BUNDLED, timeout=5, workers=2)) as c:
        yield c


@pytest.mark.parametrize("media,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                       ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_an_entity_iri_gives_its_triples_by_negotiation(client: TestClient, media: str, fmt: str) -> None:
    answer = client.get("/id/org/roscosmos", headers={"Accept": media})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(media)
    assert "accept" in answer.headers["vary"].lower()
    graph = Graph().parse(data=answer.content, format=fmt)
    assert (ROSCOSMOS, RDFS.label, None) in graph
    assert all(s == ROSCOSMOS or p in (RDFS.label, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
               for s, p, _ in graph), "its own triples and the labels of what it points to"


def test_curl_gets_turtle_and_a_browser_gets_the_page(client: TestClient) -> None:
    assert client.get("/id/org/roscosmos", headers={"Accept": "*/*"}).headers["content-type"].startswith("text/turtle")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get("/id/org/roscosmos", headers={"Accept": browser})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Roscosmos" in page.text and 'id="entity-label"' in page.text


def test_a_fact_iri_is_dereferenceable(client: TestClient) -> None:
    fact = next(iter(Graph().parse(BUNDLED / "asserted.ttl").subjects(
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef("https://newskg.dev/ontology#Tenure"))))
    key = str(fact).removeprefix("https://newskg.dev/id/")
    answer = client.get(f"/id/{key}", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    assert (fact, None, None) in Graph().parse(data=answer.content, format="turtle")


def test_an_unknown_iri_is_404(client: TestClient) -> None:
    assert client.get("/id/org/no-such-thing", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/id/org/no-such-thing", headers={"Accept": "text/html"}).status_code == 404
    assert client.get("/id/org/roscosmos", headers={"Accept": "image/png"}).status_code == 406


def test_openapi_validates_and_lists_every_stored_query(client: TestClient) -> None:
    from openapi_spec_validator import validate

    answer = client.get("/openapi.json")
    assert answer.status_code == 200
    document = answer.json()
    validate(document)
    assert "/sparql" in document["paths"]
    for query in list_queries():
        operation = document["paths"][f"/queries/{query.name}"]["get"]
        names = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert set(query.params) <= set(names) and "page" in names
        for param in query.params:
            kind = query.param_types[param]
            assert names[param].get("format") == {"iri": "uri", "date": "date"}.get(kind), (query.name, param)


def test_the_api_page_for_people(client: TestClient) -> None:
    page = client.get("/api")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/queries/who-held-post-on-date" in page.text and "date" in page.text
    assert "<script" not in page.text and "https://cdn" not in page.text


def test_graph_store_protocol_reads(client: TestClient) -> None:
    default = client.get("/data?default", headers={"Accept": "application/n-triples"})
    assert default.status_code == 200
    whole = Graph().parse(data=default.content, format="nt")
    asserted = client.get("/data", params={"graph": "https://newskg.dev/graph/asserted"},
                          headers={"Accept": "text/turtle"})
    assert asserted.status_code == 200
    part = Graph().parse(data=asserted.content, format="turtle")
    assert 0 < len(part) < len(whole)
    assert client.get("/data", params={"graph": "http://example.org/none"}).status_code == 404
    assert client.get("/data").status_code == 400
    assert client.put("/data?default", content=b"").status_code == 405
    assert client.head("/data?default").status_code == 200
