"""The W3C SPARQL 1.1 Protocol test manifest (tests/conformance/sparql11-protocol/manifest.ttl),
run against the app: query and bad_* tests on a read-only app holding the test graphs as named
graphs, update tests (and bad_update_*) on an app started with allow_update and its token."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from rdflib import RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402
from tests.conftest import sample_graph_folder  # noqa: E402

from newskg.folder.store import write_graph_folder  # noqa: E402
from newskg.web.endpoint import create_app  # noqa: E402

HERE = Path(__file__).resolve().parent
SUITE = HERE / "conformance" / "sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TOKEN = "conformance-token"
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = BOOLEAN_TYPES + ("text/csv", "text/tab-separated-values")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json", "application/trig")


def _manifest() -> Graph:
    return Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())


def _tests() -> list[tuple[str, URIRef]]:
    graph = _manifest()
    root = next(graph.subjects(MF.entries, None))
    entries = Collection(graph, graph.value(root, MF.entries))
    return [(str(e).rsplit("#", 1)[-1], e) for e in entries]  # type: ignore[misc]


TESTS = _tests()
GRAPH_DATA = {}
_g = _manifest()
for _data in _g.objects(None, UT.graphData):
    GRAPH_DATA[str(_g.value(_data, RDFS.label))] = Path(str(_g.value(_data, UT.graph)).removeprefix("file://"))


def _requests(graph: Graph, test: URIRef) -> list[dict[str, Any]]:
    action = graph.value(test, MF.action)
    result = []
    for request in Collection(graph, graph.value(action, HT.requests)):
        body = graph.value(request, HT.body)
        headers = {}
        header_list = graph.value(request, HT.headers)
        if header_list is not None:
            for header in Collection(graph, header_list):
                headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
        response = graph.value(request, HT.resp)
        content = None
        if body is not None:
            encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
            content = str(graph.value(body, CNT.chars)).encode(encoding.lower())
        boolean = graph.value(response, MF.expectedBoolean)
        result.append({
            "method": str(graph.value(request, HT.methodName)),
            "path": "/sparql" + str(graph.value(request, HT.absolutePath)).removeprefix("/sparql/").join(["/", ""])
            if not str(graph.value(request, HT.absolutePath)).removeprefix("/sparql/").startswith("?")
            else "/sparql" + str(graph.value(request, HT.absolutePath)).removeprefix("/sparql/"),
            "headers": headers,
            "content": content,
            "statuses": {str(s).rsplit("#", 1)[-1] for s in graph.objects(response, MF.expectedStatus)},
            "format": str(graph.value(response, MF.expectedFormat) or ""),
            "boolean": None if boolean is None else boolean.toPython(),
        })
    return result


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small graph folder: the project's sample graph as the default graph."""
    return sample_graph_folder(tmp_path_factory.mktemp("conformance") / "graph")


@pytest.fixture(scope="module")
def query_client(graph_dir: Path) -> Iterator[TestClient]:
    named = {label: SUITE / path.name for label, path in GRAPH_DATA.items()}
    with TestClient(create_app(graph_dir, timeout=10, workers=2, named_graphs=named)) as client:
        yield client


@pytest.fixture(scope="module")
def update_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app accepting updates, on an empty graph folder: the update tests work on named graphs
    and CLEAR/DROP ALL then remove nothing from the stored graph (which the endpoint refuses)."""
    graph_dir = tmp_path_factory.mktemp("conformance-update") / "graph"
    write_graph_folder(graph_dir, Graph(), Graph(), Graph(), {"format": 1})
    with TestClient(create_app(graph_dir, timeout=30, workers=2, allow_update=True, token=TOKEN)) as client:
        yield client


def _status_class(code: int) -> str:
    return f"StatusCode{code // 100}xx"


def _check_response(response: Any, expected: dict[str, Any]) -> None:
    assert _status_class(response.status_code) in expected["statuses"], (response.status_code, response.text)
    if response.status_code >= 400:
        assert "message" in response.json()  # errors are JSON with a message, never a traceback
        assert "Traceback" not in response.text
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if expected["format"] == "boolean":
        assert media in BOOLEAN_TYPES
    elif expected["format"] == "tabular":
        assert media in TABULAR_TYPES
    elif expected["format"] == "RDF":
        assert media in RDF_TYPES
        Graph().parse(data=response.content, format={"text/turtle": "turtle", "application/n-triples": "nt",
                                                      "application/rdf+xml": "xml", "application/ld+json": "json-ld",
                                                      "application/trig": "trig"}[media])
    if expected["boolean"] is not None:
        if media == "application/sparql-results+json":
            value = json.loads(response.text)["boolean"]
        else:
            root = ElementTree.fromstring(response.content)
            value = root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"  # type: ignore[union-attr]
        assert value is expected["boolean"]


@pytest.mark.parametrize("name,test", TESTS, ids=[n for n, _ in TESTS])
def test_w3c_protocol(name: str, test: URIRef, request: pytest.FixtureRequest) -> None:
    is_update = name.startswith(("update_", "bad_update", "bad_multiple_updates"))
    client: TestClient = request.getfixturevalue("update_client" if is_update else "query_client")
    graph = _manifest()
    for spec in _requests(graph, test):
        headers = dict(spec["headers"])
        if is_update:
            headers["Authorization"] = f"Bearer {TOKEN}"
        response = client.request(spec["method"], spec["path"], headers=headers, content=spec["content"])
        _check_response(response, spec)


def test_manifest_has_34_tests() -> None:
    assert len(TESTS) == 34
