"""Issue 15, the small leftovers: the ``CONSTRUCT WHERE { ... }`` short form with solution
modifiers on the command line (rdflib engine), ``newskg add --format`` taking the format names
of ``export`` with their aliases, and ``/data`` and ``/openapi.json`` in the Service Description."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from newskg.cli import cli

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402
from tests.conftest import sample_graph_folder  # noqa: E402

from newskg.web.endpoint import create_app  # noqa: E402

PERSON = "<https://newskg.dev/ontology#Person>"
VOID = Namespace("http://rdfs.org/ns/void#")


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_graph_folder(tmp_path_factory.mktemp("issue15") / "graph")


def _sparql(graph_dir: Path, query: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["sparql", query, "--graph", str(graph_dir), "--format", "nt"])
    return result.exit_code, result.output


@pytest.mark.parametrize(("modifiers", "rows"), [("", slice(None)), ("LIMIT 2", slice(0, 2)),
                                                   ("ORDER BY ?s LIMIT 2 OFFSET 1", slice(1, 3)),
                                                   ("ORDER BY DESC(?s) LIMIT 1", slice(-1, None))])
def test_construct_where_short_form_with_modifiers(graph_dir: Path, modifiers: str, rows: slice) -> None:
    people = sorted(str(s) for s in Graph().parse(graph_dir / "asserted.ttl").subjects(RDF.type, URIRef(PERSON[1:-1])))
    assert len(people) >= 3
    code, out = _sparql(graph_dir, f"CONSTRUCT WHERE {{ ?s a {PERSON} }} {modifiers}")
    assert code == 0, out
    got = Graph().parse(data=out, format="nt")
    subjects = sorted(str(s) for s in got.subjects(RDF.type, URIRef(PERSON[1:-1])))
    assert len(got) == len(subjects)
    if "ORDER BY" in modifiers:
        assert subjects == people[rows]
    else:
        assert len(subjects) == len(people[rows]) and set(subjects) <= set(people)


def test_construct_where_short_form_on_the_server(graph_dir: Path) -> None:
    with TestClient(create_app(graph_dir, timeout=5, workers=1)) as client:
        r = client.get("/sparql", params={"query": f"CONSTRUCT WHERE {{ ?s a {PERSON} }} ORDER BY ?s LIMIT 1"},
                       headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(Graph().parse(data=r.text, format="nt")) == 1


LABEL = '<https://newskg.dev/id/org/roscosmos> <http://www.w3.org/2000/01/rdf-schema#comment> "A state corporation." .\n'
TURTLE = ('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
          '<https://newskg.dev/id/org/roscosmos> rdfs:comment "A state corporation." .\n')
JSONLD = ('{"@id": "https://newskg.dev/id/org/roscosmos", '
          '"http://www.w3.org/2000/01/rdf-schema#comment": "A state corporation."}')
RDFXML = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
          'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"><rdf:Description '
          'rdf:about="https://newskg.dev/id/org/roscosmos"><rdfs:comment>A state corporation.</rdfs:comment>'
          '</rdf:Description></rdf:RDF>')
TRIG = "{ " + LABEL.strip() + " }\n"


@pytest.mark.parametrize(("name", "text"), [
    ("turtle", TURTLE), ("ttl", TURTLE), ("TTL", TURTLE),
    ("nt", LABEL), ("ntriples", LABEL), ("n-triples", LABEL),
    ("xml", RDFXML), ("rdfxml", RDFXML),
    ("jsonld", JSONLD), ("json-ld", JSONLD),
    ("trig", TRIG), ("nquads", LABEL), ("nq", LABEL),
])
def test_add_format_takes_the_export_names(graph_dir: Path, tmp_path: Path, name: str, text: str) -> None:
    """The file's suffix says nothing (.data): the format name alone decides how it is read."""
    source = tmp_path / "comment.data"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["add", str(source), "--graph", str(graph_dir), "--format", name, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would add" in result.output and "the graph conforms" in result.output


@pytest.mark.parametrize("name", ["csv", "table", "n3", "bogus"])
def test_add_format_refuses_what_is_no_rdf_format(graph_dir: Path, tmp_path: Path, name: str) -> None:
    source = tmp_path / "comment.nt"
    source.write_text(LABEL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["add", str(source), "--graph", str(graph_dir), "--format", name, "--dry-run"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "error:" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def client(graph_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(graph_dir, timeout=5, workers=1, base_url="https://kg.example/")) as c:
        yield c


def test_service_description_lists_data_and_openapi(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    sd = Graph().parse(data=r.text, format="turtle")
    sparql, data = URIRef("https://kg.example/sparql"), URIRef("https://kg.example/data")
    openapi = URIRef("https://kg.example/openapi.json")
    for service in (sparql, data):
        assert (service, RDF.type, DCAT.DataService) in sd
        assert (service, DCAT.endpointURL, service) in sd
        assert (service, DCAT.endpointDescription, openapi) in sd
    assert (data, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-http-rdf-update/")) in sd
    assert list(sd.objects(None, VOID.dataDump)) == [URIRef("https://kg.example/data?default")]
    # and the places it names answer: the OpenAPI document and the default graph's dump
    assert client.get("/openapi.json").json()["openapi"].startswith("3.")
    graph = client.get("/data?default", headers={"Accept": "text/turtle"})
    assert graph.status_code == 200 and len(Graph().parse(data=graph.text, format="turtle")) > 0


def test_pool_serves_waiting_requests_first_come_first_served(graph_dir: Path) -> None:
    """Requests waiting for a busy worker get it in the order they came: a waiter keeps its place
    (it once lost it every 0.25 s, and under load a request could wait the whole 30 s queue time
    behind later ones: bench/load.py's p99)."""
    import asyncio

    async def scenario(pool: object) -> list[int]:
        served: list[int] = []

        async def one(index: int) -> None:
            await pool.run({"op": "sleep", "seconds": 0.1})  # type: ignore[attr-defined]
            served.append(index)

        first = asyncio.ensure_future(pool.run({"op": "sleep", "seconds": 0.6}))  # type: ignore[attr-defined]
        waiters = []
        for index in range(10):
            await asyncio.sleep(0.045)  # 10 arrivals spread over more than one 0.25 s slice
            waiters.append(asyncio.ensure_future(one(index)))
        await asyncio.gather(first, *waiters)
        return served

    with TestClient(create_app(graph_dir, timeout=5, workers=1)) as c:
        pool = c.app.state.endpoint.pool  # type: ignore[attr-defined]
        assert c.portal.call(scenario, pool) == list(range(10))  # type: ignore[union-attr]


def test_slow_lane_leaves_a_loaded_worker_to_the_others() -> None:
    """While one of two workers is being replaced, a slow query waits for the replacement instead
    of taking the last loaded worker; it runs as soon as two are loaded again."""
    import asyncio

    from newskg.web.lanes import SlowLane
    from newskg.web.pool import PoolBusy

    slow = "SELECT * WHERE { ?a <urn:p>* ?b }"
    state = {"loaded": 1}
    lane = SlowLane(2, queue_timeout=0.5, loaded=lambda: state["loaded"])

    async def run() -> float:
        loop = asyncio.get_running_loop()
        with pytest.raises(PoolBusy):
            async with lane.admit(slow):
                pass  # one loaded worker: never admitted
        began = loop.time()
        loop.call_later(0.2, state.update, {"loaded": 2})  # the replacement has loaded
        async with lane.admit(slow):
            assert lane.running == 1
        assert lane.running == 0
        async with lane.admit("ASK { ?s ?p ?o }"):  # a short query never waits in the lane
            pass
        return loop.time() - began

    assert 0.15 < asyncio.run(run()) < 0.45
