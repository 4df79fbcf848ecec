"""`newskg serve`: media types, error codes, security, the time limit, stored queries,
pages, and real clients (SPARQLWrapper, rdflib's SPARQLStore) against a running server."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402
from tests.conftest import sample_graph_folder, serve_process  # noqa: E402

from newskg.web.endpoint import create_app  # noqa: E402
from newskg.web.protocol import negotiate  # noqa: E402

HERE = Path(__file__).resolve().parent
TOKEN = "test-token"
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x>|!<urn:x>)* ?b . ?c (<urn:x>|!<urn:x>)* ?d . "
        "?e (<urn:x>|!<urn:x>)* ?f }")
BORISOV = "https://newskg.dev/id/person/yuri-borisov"


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_graph_folder(tmp_path_factory.mktemp("serve") / "graph")


def with_store(graph_dir: Path, store: str, out: Path) -> Path:
    """A copy of ``graph_dir`` whose manifest names ``store`` (the endpoint's engine follows it)."""
    import json
    import shutil

    from newskg.folder.store import serialize_manifest

    shutil.copytree(graph_dir, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (out / "manifest.json").write_bytes(serialize_manifest({**manifest, "store": store}))
    return out


@pytest.fixture(scope="module", params=["files", "oxigraph"])
def client(request: pytest.FixtureRequest, graph_dir: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The endpoint on rdflib (a files graph) and on an in-memory Oxigraph copy (a database store)."""
    folder = graph_dir if request.param == "files" else with_store(
        graph_dir, request.param, tmp_path_factory.mktemp("serve-ox") / "graph")
    with TestClient(create_app(folder, timeout=2, workers=2, max_rows=50)) as c:
        yield c


# ── negotiation ─────────────────────────────────────────────────────────────


def test_negotiate_q_values() -> None:
    offers = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv")
    assert negotiate(None, offers) == offers[0]
    assert negotiate("text/csv;q=0.9, application/sparql-results+xml", offers) == offers[1]
    assert negotiate("text/*;q=0.5, */*;q=0.1", offers) == "text/csv"
    assert negotiate("application/sparql-results+json;q=0, */*;q=0.2", offers) == offers[1]
    assert negotiate("image/png", offers) is None


@pytest.mark.parametrize("accept,media", [
    (None, "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.8", "text/tab-separated-values"),
])
def test_select_media_types(client: TestClient, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a <https://newskg.dev/ontology#Person> }"}, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert BORISOV in r.text


@pytest.mark.parametrize("accept,fmt", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/trig", "trig"), (None, "turtle"),
])
def test_construct_media_types(client: TestClient, accept: str | None, fmt: str) -> None:
    query = f"CONSTRUCT {{ <{BORISOV}> ?p ?o }} WHERE {{ <{BORISOV}> ?p ?o }}"
    headers = {"Content-Type": "application/sparql-query", **({"Accept": accept} if accept else {})}
    r = client.post("/sparql", content=query, headers=headers)
    assert r.status_code == 200
    graph = Graph().parse(data=r.content, format=fmt)
    assert (URIRef(BORISOV), None, None) in graph


def test_describe_and_ask(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": f"DESCRIBE <{BORISOV}>"}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and BORISOV in r.text
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and "<boolean>true</boolean>" in r.text


def test_406_when_nothing_fits(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406 and "message" in r.json()
    r = client.get("/queries/who-is-who", headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in graph


# ── error codes ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize("method,kwargs,status", [
    ("GET", {"params": {"query": "SELEKT * {}"}}, 400),
    ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ("POST", {"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
    ("POST", {"content": "ASK {}"}, 415),
    ("POST", {"content": "ASK {}".encode("utf-16"),
              "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415),
    ("POST", {"content": b"ASK { \xff }", "headers": {"Content-Type": "application/sparql-query"}}, 400),
    ("PUT", {"params": {"query": "ASK {}"}}, 405),
    ("GET", {"params": {"update": "CLEAR ALL"}}, 400),
])
def test_error_codes(client: TestClient, method: str, kwargs: dict, status: int) -> None:
    r = client.request(method, "/sparql", **kwargs)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"message"} and body["message"]
    assert "Traceback" not in r.text


def test_row_cap(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(r.json()["results"]["bindings"]) == 50
    assert r.headers["x-truncated"].startswith("true")


# ── security ────────────────────────────────────────────────────────────────


def test_update_refused_when_read_only(client: TestClient) -> None:
    for kwargs in ({"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
                   {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}):
        r = client.post("/sparql", **kwargs)
        assert r.status_code == 403 and "read-only" in r.json()["message"]
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


@pytest.mark.parametrize("query,word", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED"),
    ("ASK { { SELECT * WHERE { OPTIONAL { SERVICE <http://x.org/> { ?s ?p ?o } } } } }", "SERVICE"),
])
def test_outside_access_refused(client: TestClient, query: str, word: str) -> None:
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    assert r.json()["message"].startswith(word)


def test_updates_with_token(graph_dir: Path, tmp_path: Path) -> None:
    """LOAD refused, the token required, shapes enforced, additions committed to the folder."""
    import shutil

    graph_dir = Path(shutil.copytree(graph_dir, tmp_path / "graph"))
    with TestClient(create_app(graph_dir, workers=1, allow_update=True, token=TOKEN)) as c:
        r = c.post("/sparql", content="LOAD <file:///etc/passwd>", headers={
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 400 and r.json()["message"].startswith("LOAD")
        r = c.post("/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
        assert r.status_code == 403 and "token" in r.json()["message"]
        r = c.post("/sparql", content="CLEAR ALL", headers={
            "Content-Type": "application/sparql-update", "Authorization": "Bearer wrong"})
        assert r.status_code == 403
        # a valid update that breaks the shapes is refused and changes nothing
        bad = "INSERT DATA { <https://newskg.dev/id/person/x> a <https://newskg.dev/ontology#Person> }"
        r = c.post("/sparql", content=bad, headers={"Content-Type": "application/sparql-update",
                                                    "Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 422
        ask = "ASK { <https://newskg.dev/id/person/x> ?p ?o }"
        assert c.get("/sparql", params={"query": ask}).json()["boolean"] is False
        good = ('INSERT DATA { <https://newskg.dev/id/person/x> a <https://newskg.dev/ontology#Person> ; '
                '<http://www.w3.org/2000/01/rdf-schema#label> "X Y" }')
        r = c.post("/sparql", data={"update": good}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        assert c.get("/sparql", params={"query": ask}).json()["boolean"] is True
        assert list((graph_dir / "additions").glob("*.nt"))  # committed by newskg.folder.update.add
        r = c.post("/sparql", content=f"DELETE WHERE {{ <{BORISOV}> ?p ?o }}", headers={
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 400 and "retract" in r.json()["message"]


def test_audit_hook_blocks_files_and_sockets() -> None:
    """The second line of defence, in a fresh process: the hook refuses while a task runs."""
    code = (
        "from newskg.web import worker\n"
        "worker.install_guard(())\n"
        "worker._GUARD['active'] = True\n"
        "import socket\n"
        "for action in (lambda: open('/etc/hostname'), lambda: socket.create_connection(('127.0.0.1', 9))):\n"
        "    try:\n"
        "        action(); print('allowed')\n"
        "    except PermissionError as exc:\n"
        "        print('refused')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["refused", "refused"], out.stderr


def test_timeout_while_another_client_is_served(client: TestClient) -> None:
    slow: dict[str, object] = {}

    def run_slow() -> None:
        start = time.monotonic()
        r = client.get("/sparql", params={"query": SLOW})
        slow.update(status=r.status_code, seconds=time.monotonic() - start, body=r.json())

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    fast = []
    while thread.is_alive():
        start = time.monotonic()
        r = client.get("/queries/who-is-who")
        fast.append((r.status_code, time.monotonic() - start))
    thread.join()
    assert slow["status"] == 503 and "time limit" in slow["body"]["message"]  # type: ignore[index]
    assert 1.9 < slow["seconds"] < 6  # type: ignore[operator]
    assert fast and all(status == 200 for status, _ in fast)
    # the killed worker is replaced: the pool still answers afterwards
    time.sleep(1.0)
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


# ── stored queries ──────────────────────────────────────────────────────────


def test_queries_listing(client: TestClient) -> None:
    items = {q["name"]: q for q in client.get("/queries").json()}
    assert "who-holds-what-post" in items
    assert items["facts-about"]["parameters"] == ["entity"]
    assert items["who-held-post-on-date"]["parameter_types"] == {"post": "iri", "date": "date"}
    assert items["who-is-who"]["summary"]


def test_stored_query_media_types(client: TestClient) -> None:
    r = client.get("/queries/who-is-who", headers={"Accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert any(row["label"] == "Yuri Borisov" for row in rows)
    r = client.get("/queries/who-is-who", headers={"Accept": "application/sparql-results+xml"})
    assert "Yuri Borisov" in r.text
    r = client.get("/queries/facts-about", params={"entity": BORISOV})
    assert r.status_code == 200
    assert {b["entity"]["value"] for b in r.json()["results"]["bindings"]} == {BORISOV}


def test_stored_query_errors(client: TestClient) -> None:
    assert client.get("/queries/no-such-query").status_code == 404
    assert client.get("/queries/..%2F..%2Fetc%2Fpasswd").status_code == 404
    r = client.get("/queries/who-is-who", params={"nope": "1"})
    assert r.status_code == 400 and "no parameter" in r.json()["message"]


@pytest.mark.parametrize("value", [
    BORISOV + '> . ?s ?p ?o } #',
    '" } ; DROP ALL ; #',
    "x' || true) } UNION { ?fact ?p ?o",
    f"<{BORISOV}>",
    "https://newskg.dev/id/person/x> } SERVICE <http://evil.example/> {",
])
def test_parameter_injection(client: TestClient, value: str) -> None:
    """A parameter value that is not an IRI is refused (400) before anything runs: text that
    looks like SPARQL never reaches the query."""
    r = client.get("/queries/facts-about", params={"entity": value})
    assert r.status_code == 400
    assert "parameter entity" in r.json()["message"] and "IRI" in r.json()["message"]
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


@pytest.mark.parametrize(("params", "expected"), [
    ({"date": "2022-13-45"}, "YYYY-MM-DD"),
    ({"date": "yesterday"}, "YYYY-MM-DD"),
    ({"post": "not-an-iri"}, "IRI"),
])
def test_a_bad_parameter_value_is_a_400_naming_it(client: TestClient, params: dict[str, str], expected: str) -> None:
    r = client.get("/queries/who-held-post-on-date", params=params)
    assert r.status_code == 400, r.text
    message = r.json()["message"]
    assert f"parameter {next(iter(params))}" in message and expected in message and "\n" not in message


def test_a_short_iri_is_expanded(client: TestClient) -> None:
    short = client.get("/queries/facts-about", params={"entity": "person/yuri-borisov"},
                       headers={"Accept": "application/sparql-results+json"})
    full = client.get("/queries/facts-about", params={"entity": BORISOV},
                      headers={"Accept": "application/sparql-results+json"})
    assert short.status_code == full.status_code == 200
    assert short.json()["results"] == full.json()["results"] and full.json()["results"]["bindings"]


# ── pages ───────────────────────────────────────────────────────────────────


def test_pages(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "who-holds-what-post" in page.text
    entity = client.get("/entity/person/yuri-borisov")
    assert entity.status_code == 200 and "Yuri Borisov" in entity.text
    assert "class=\"evidence\"" in entity.text and "001_borisov" in entity.text
    assert client.get("/entity/person/nobody").status_code == 404
    timeline = client.get("/timeline")
    assert timeline.status_code == 200 and "<svg" in timeline.text
    svg = client.get("/sanctions.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "Rogozin" in svg.text
    ontology = client.get("/ontology")
    assert ontology.status_code == 200 and "news:Tenure" in ontology.text and "exactly 1" in ontology.text


def test_unknown_route_is_json(client: TestClient) -> None:
    r = client.get("/nope")
    assert r.status_code == 404 and "message" in r.json()


# ── real clients against a running server ───────────────────────────────────


@pytest.fixture(scope="module")
def server(graph_dir: Path) -> Iterator[str]:
    """`newskg serve` in a separate process on a free loopback port."""
    with serve_process(graph_dir, "--workers", "2", "--timeout", "5") as url:
        yield url


def test_sparqlwrapper(server: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery("SELECT ?label WHERE { ?p a <https://newskg.dev/ontology#Person> ; "
                    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    client.setReturnFormat(JSON)
    labels = {b["label"]["value"] for b in client.queryAndConvert()["results"]["bindings"]}  # type: ignore[index]
    assert "Yuri Borisov" in labels
    client.setMethod("POST")
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_rdflib_sparqlstore(server: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(f"{server}/sparql")
    graph = Graph(store=store)
    rows = list(graph.query("SELECT ?s WHERE { ?s a <https://newskg.dev/ontology#Person> }"))
    assert URIRef(BORISOV) in {row[0] for row in rows}
    assert len(list(graph.triples((URIRef(BORISOV), None, None)))) > 2


def test_cli_serve_help() -> None:
    from click.testing import CliRunner

    from newskg.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--graph", "--host", "--port", "--timeout", "--max-rows", "--allow-update"):
        assert option in result.output


def test_json_errors_never_tracebacks(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o FILTER(<urn:nofunction>(?o)) }"})
    assert r.status_code in (200, 400)
    if r.status_code == 400:
        assert "Traceback" not in r.text and json.loads(r.text)["message"]


def test_a_database_store_is_served_from_oxigraph_with_the_same_answers(graph_dir: Path, tmp_path: Path) -> None:
    """Every stored query, a protocol query and the pages answer the same on both engines."""
    from newskg.query.queries import query_names
    from newskg.web.worker import WorkerConfig, WorkerState

    folder = with_store(graph_dir, "oxigraph", tmp_path / "graph")
    state = WorkerState(WorkerConfig(graph_dir=str(folder), state_dir=str(tmp_path), max_rows=10_000,
                                     engine="oxigraph"), 0)
    assert state.native is not None and type(state.dataset.store).__name__ == "OxigraphStore"
    assert len(state.graph) == len(WorkerState(WorkerConfig(str(graph_dir), str(tmp_path), 10_000), 0).graph)

    def answers(app_folder: Path) -> list[object]:
        with TestClient(create_app(app_folder, timeout=10, workers=1, max_rows=10_000)) as c:
            out: list[object] = []
            for name in query_names():
                reply = c.get(f"/queries/{name}", headers={"Accept": "application/sparql-results+json"})
                assert reply.status_code == 200, (name, reply.text)
                rows = reply.json()["results"]["bindings"]
                out.append((name, sorted(json.dumps(r, sort_keys=True) for r in rows)))
            reply = c.get("/sparql",
                          params={"query": "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"},
                          headers={"Accept": "text/csv"})
            out.append(sorted(reply.text.splitlines()))
            page = c.get("/entity/person/yuri-borisov")
            assert page.status_code == 200
            out.append(page.text.count("<li"))
            return out

    assert answers(folder) == answers(graph_dir)
