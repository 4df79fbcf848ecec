"""`newskg serve` hardened (issue 15): requests never change the server, the export's graph
names work as protocol datasets, the command line refuses outside data like the server,
the pool recovers from failed restarts, bodies are capped, headers and protocol details."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph, Literal, URIRef

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402
from tests.conftest import SAMPLE_TTL  # noqa: E402
from tests.test_endpoint import with_store  # noqa: E402

from newskg.folder.store import write_graph_folder  # noqa: E402
from newskg.web.endpoint import create_app  # noqa: E402

ASSERTED = "https://newskg.dev/graph/asserted"
INFERRED = "https://newskg.dev/graph/inferred"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"


def _inferred() -> Graph:
    graph = Graph()
    for i in range(7):
        graph.add((URIRef(f"urn:inferred:{i}"), URIRef("urn:p"), Literal(i)))
    return graph


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph folder with asserted triples (tests/data/sample.ttl) and 7 inferred ones."""
    out = tmp_path_factory.mktemp("hardening") / "graph"
    write_graph_folder(out, Graph().parse(SAMPLE_TTL, format="turtle"), _inferred(), Graph(), {"format": 1})
    return out


@pytest.fixture(scope="module", params=["files", "oxigraph"])
def client(request: pytest.FixtureRequest, graph_dir: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = graph_dir if request.param == "files" else with_store(
        graph_dir, request.param, tmp_path_factory.mktemp("hardening-ox") / "graph")
    with TestClient(create_app(folder, timeout=3, workers=2, max_rows=1000)) as c:
        yield c


def _count(client: TestClient, **params: object) -> int:
    r = client.get("/sparql", params={"query": COUNT, **params})  # type: ignore[arg-type]
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def _graph_names(client: TestClient) -> set[str]:
    r = client.get("/sparql", params={"query": GRAPHS})
    assert r.status_code == 200, r.text
    return {b["g"]["value"] for b in r.json()["results"]["bindings"]}


# ── 1. a request never changes the server ───────────────────────────────────


def test_made_up_graph_names_create_nothing(client: TestClient) -> None:
    before = _graph_names(client)
    names = [f"urn:made-up:{i}" for i in range(1000)]
    for _ in range(2):  # both workers see such a request
        form = [("query", "ASK { ?s ?p ?o }")] + [("named-graph-uri", n) for n in names[:500]] + \
               [("default-graph-uri", n) for n in names[500:]]
        r = client.post("/sparql", content=urlencode(form),
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 200 and r.json()["boolean"] is False  # unknown graphs are empty
    for _ in range(4):  # whichever worker answers, another client sees none of them
        assert _graph_names(client) == before
    r = client.get("/sparql", params={"query": "SELECT * FROM <urn:made-up:7> WHERE { ?s ?p ?o }"})
    assert r.status_code == 400 and "made-up" not in r.json()["message"].split("holds")[1]


def test_export_graph_names_as_protocol_dataset(client: TestClient) -> None:
    asserted = len(Graph().parse(SAMPLE_TTL, format="turtle"))
    assert _count(client) == asserted + 7
    assert _count(client, **{"default-graph-uri": ASSERTED}) == asserted
    assert _count(client, **{"default-graph-uri": INFERRED}) == 7
    r = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{ASSERTED}> WHERE {{ ?s ?p ?o }}"})
    assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) == asserted
    r = client.get("/sparql", params={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                                      "named-graph-uri": [ASSERTED, INFERRED]})
    counts = {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}
    assert counts == {ASSERTED: asserted, INFERRED: 7}
    assert ASSERTED not in _graph_names(client)  # no copy was added to the server's dataset


def test_service_description_lists_the_export_graphs(client: TestClient) -> None:
    text = client.get("/sparql", headers={"Accept": "text/turtle"}).text
    assert ASSERTED in text and INFERRED in text


# ── 2. the README installs serve; a missing extra is one line, exit 2 ───────

ROOT = Path(__file__).resolve().parent.parent


def _install_command() -> str:
    """The README's command 1 (the first indented command after "The two commands")."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The two commands", 1)[1]
    return next(line.strip() for line in section.splitlines() if line.startswith("    ") and line.strip())


def test_readme_command_one_installs_serve_and_the_web_assets() -> None:
    command = _install_command()
    assert "pip install" in command and "[serve" in command.replace("'", "").replace('"', "")
    assert "npm ci --prefix newskg/web" in command
    assert "command -v npm" in command  # no npm: the page keeps its textarea, the install goes on
    assert command.rstrip().endswith("build.py")


def test_serve_without_its_extra_is_one_line_exit_2(graph_dir: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None\n"
            "from newskg.cli import main; main(['serve', '--graph', sys.argv[1], '--port', '9'])")
    done = subprocess.run([sys.executable, "-c", code, str(graph_dir)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "serve" in lines[0] and "pip install" in lines[0]


# ── 3. the command line refuses outside data like the server ────────────────


@pytest.mark.parametrize("template,word", [
    ("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}", "SERVICE"),
    ("SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}", "SERVICE"),
    ("SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}", "FROM"),
    ("SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "FROM NAMED"),
    ("ASK FROM <file:///etc/passwd> {{ ?s ?p ?o }}", "FROM"),
])
def test_cli_sparql_refuses_outside_data_without_connecting(graph_dir: Path, template: str, word: str) -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "newskg", "sparql", "--graph", str(graph_dir),
                               template.format(port=port)], capture_output=True, text=True, timeout=60)
        with pytest.raises(TimeoutError):  # nobody connected
            listener.accept()
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].removeprefix("error: ").startswith(word)
    assert "refused" in lines[0]


def test_cli_sparql_still_answers_the_graphs_it_holds(graph_dir: Path) -> None:
    from click.testing import CliRunner

    from newskg.cli import cli

    result = CliRunner().invoke(cli, ["sparql", "--graph", str(graph_dir), "--format", "json",
                                      f"SELECT (COUNT(*) AS ?n) FROM <{ASSERTED}> WHERE {{ ?s ?p ?o }}"])
    assert result.exit_code == 0, result.output


# ── 4. the worker pool never dies for good ──────────────────────────────────


def test_pool_recovers_after_failed_restarts(graph_dir: Path, tmp_path: Path) -> None:
    """Fault: the graph folder disappears and every worker dies; restarts fail meanwhile. Requests
    get a quick 503 (not a 30 s wait), /health says so, and the pool is back soon after the folder."""
    import shutil
    import time

    folder = tmp_path / "graph"
    shutil.copytree(graph_dir, folder)
    with TestClient(create_app(folder, timeout=3, workers=2)) as c:
        assert c.get("/health").status_code == 200
        pool = c.app.state.endpoint.pool  # type: ignore[attr-defined]
        hidden = tmp_path / "hidden"
        folder.rename(hidden)
        for worker in list(pool._all):
            worker.process.kill()
            worker.process.join(5)
        statuses = []
        for _ in range(6):
            started = time.monotonic()
            r = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
            statuses.append(r.status_code)
            assert time.monotonic() - started < 2.0, "a request waited for a pool that had no worker"
            assert r.status_code in (503, 200) and "Traceback" not in r.text
            if r.status_code == 503:
                assert "retry-after" in r.headers
        assert statuses[-1] == 503
        health = c.get("/health")
        assert health.status_code == 503 and health.json()["ready"] == 0
        time.sleep(1.5)  # several failed restarts in the background
        hidden.rename(folder)
        back = time.monotonic()
        while time.monotonic() - back < 10:
            r = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
            if r.status_code == 200:
                break
            time.sleep(0.2)
        assert r.status_code == 200 and r.json()["boolean"] is True, r.text
        print(f"answered again {time.monotonic() - back:.2f} s after the folder came back; 503s: {statuses}")
        deadline = time.monotonic() + 10
        while c.get("/health").json()["ready"] < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert c.get("/health").json() | {"last_error": None} == {"status": "ok", "workers": 2, "ready": 2,
                                                                   "restarting": 0, "last_error": None}


# ── 5. request bodies are capped ────────────────────────────────────────────


@pytest.fixture(scope="module")
def small(graph_dir: Path) -> Iterator[TestClient]:
    """One worker, a 64 KB body cap, CORS for one origin, the Service Description's base set."""
    app = create_app(graph_dir, timeout=3, workers=1, max_body=64 * 1024, cors="https://app.example",
                     base_url="https://kg.example/")
    with TestClient(app) as c:
        yield c


def test_body_over_the_cap_is_413(small: TestClient) -> None:
    big = "ASK { ?s ?p ?o } #" + "x" * (100 * 1024)
    r = small.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "64 KB" in r.json()["message"] and "--max-body" in r.json()["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
        yield b"ASK { ?s ?p ?o } #"
        for _ in range(40):
            yield b"y" * 4096

    r = small.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    r = small.post("/sparql", content="ASK { ?s ?p ?o }", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_max_body_option() -> None:
    from click.testing import CliRunner

    from newskg.cli import cli

    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    for option in ("--max-body", "--cors", "--quiet", "--base-url"):
        assert option in out


# ── 6. headers and protocol ─────────────────────────────────────────────────


def test_service_description_ignores_the_host_header(small: TestClient) -> None:
    r = small.get("/sparql", headers={"Host": "evil.example", "Accept": "text/turtle"})
    assert "evil.example" not in r.text and "<https://kg.example/sparql>" in r.text


def test_security_headers(small: TestClient) -> None:
    page = small.get("/")
    assert page.headers["x-content-type-options"] == "nosniff"
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    api = small.get("/sparql", params={"query": "ASK {}"})
    assert api.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("update", [
    "INSERT { <urn:a> <urn:b> ?o } USING <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "INSERT { <urn:a> <urn:b> ?o } USING NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_outside_using_refused(graph_dir: Path, tmp_path: Path, update: str) -> None:
    import shutil

    folder = tmp_path / "graph"
    shutil.copytree(graph_dir, folder)
    with TestClient(create_app(folder, timeout=3, workers=1, allow_update=True, token="t")) as c:
        r = c.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update",
                                                       "Authorization": "Bearer t"})
    assert r.status_code == 400 and r.json()["message"].startswith("USING")


@pytest.mark.parametrize("modifier", ["", " LIMIT 3", " ORDER BY ?s", " OFFSET 1 LIMIT 2"])
def test_construct_where_short_form(client: TestClient, modifier: str) -> None:
    r = client.get("/sparql", params={"query": f"CONSTRUCT WHERE {{ ?s a ?o }}{modifier}"},
                   headers={"Accept": "application/n-triples"})
    assert r.status_code == 200, r.text
    assert len(Graph().parse(data=r.text, format="nt")) > 0


def test_head_and_options(small: TestClient) -> None:
    r = small.head("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.content == b"" and r.headers["content-type"].startswith("application/sparql-results+json")
    r = small.options("/sparql")
    assert r.status_code in (200, 204) and {"GET", "POST", "HEAD", "OPTIONS"} <= {
        m.strip() for m in r.headers["allow"].split(",")}
    assert small.head("/queries").status_code == 200


@pytest.mark.parametrize("name,query,media", [
    ("output", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+xml"),
    ("format", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/csv"),
    ("output", "ASK { ?s ?p ?o }", "application/sparql-results+json"),
    ("format", "CONSTRUCT WHERE { ?s a ?o }", "application/n-triples"),
    ("output", "CONSTRUCT WHERE { ?s a ?o }", "application/ld+json"),
])
def test_output_and_format_parameters(small: TestClient, name: str, query: str, media: str) -> None:
    value = {"application/sparql-results+xml": "xml", "text/csv": "csv", "application/sparql-results+json": "json",
             "application/n-triples": "ntriples", "application/ld+json": "json"}[media]
    r = small.get("/sparql", params={"query": query, name: value}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media), r.text


def test_unknown_output_value_is_400(small: TestClient) -> None:
    r = small.get("/sparql", params={"query": "ASK {}", "output": "png"})
    assert r.status_code == 400 and "output" in r.json()["message"]


def test_json_accept_on_construct_gets_a_graph(small: TestClient) -> None:
    """rdflib's SPARQLStore with its JSON return format asks CONSTRUCT for results JSON only."""
    r = small.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?o }"},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=r.text, format="json-ld")) > 0
    r = small.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406  # a client that insists on a form that cannot be given


def test_cors_only_when_asked(small: TestClient, client: TestClient) -> None:
    r = small.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://app.example"})
    assert r.headers["access-control-allow-origin"] == "https://app.example"
    r = small.options("/sparql", headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST",
                                          "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 200 and "POST" in r.headers["access-control-allow-methods"]
    r = small.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://other.example"})
    assert "access-control-allow-origin" not in r.headers
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://app.example"})
    assert "access-control-allow-origin" not in r.headers  # off by default


def test_access_log_line_per_request(graph_dir: Path, capfd: pytest.CaptureFixture[str]) -> None:
    import time

    with TestClient(create_app(graph_dir, timeout=3, workers=1, access_log=True)) as c:
        c.get("/sparql", params={"query": "ASK {}"})
        c.get("/nowhere")
        time.sleep(0.3)  # the log is written by a background thread
    lines = [line for line in capfd.readouterr().err.splitlines() if '"GET ' in line]
    assert len(lines) == 2
    assert "/sparql?query=" in lines[0] and " 200 " in lines[0] and lines[0].startswith("testclient")
    assert " 404 " in lines[1]


def test_serve_logs_each_request_unless_quiet(graph_dir: Path, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.conftest import free_port

    for options, logged in (((), True), (("--quiet",), False)):
        port = free_port()
        log = tmp_path / f"stderr{len(options)}.txt"
        with log.open("wb") as err:
            process = subprocess.Popen([sys.executable, "-m", "newskg", "serve", "--graph", str(graph_dir),
                                        "--port", str(port), "--workers", "1", *options],
                                       stdout=subprocess.DEVNULL, stderr=err)
            try:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    try:
                        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                        break
                    except OSError:
                        assert process.poll() is None, log.read_text()
                        time.sleep(0.2)
                urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=10).read()
                time.sleep(0.5)
            finally:
                process.terminate()
                process.wait(timeout=10)
        lines = [line for line in log.read_text().splitlines() if '"GET /sparql?query=ASK' in line]
        assert len(lines) == (1 if logged else 0), log.read_text()
        if logged:
            assert lines[0].startswith("127.0.0.1") and " 200 " in lines[0]


@pytest.fixture(scope="module")
def live(graph_dir: Path) -> Iterator[str]:
    from tests.conftest import serve_process

    with serve_process(graph_dir, "--workers", "1", "--timeout", "5", "--quiet") as url:
        yield url


@pytest.mark.parametrize("return_format", ["json", "xml"])
def test_rdflib_sparqlstore_every_form(live: str, return_format: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{live}/sparql", returnFormat=return_format))
    person = "https://newskg.dev/ontology#Person"
    assert len(list(graph.query(f"SELECT ?s WHERE {{ ?s a <{person}> }}"))) > 0
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    built = graph.query(f"CONSTRUCT {{ ?s a <{person}> }} WHERE {{ ?s a <{person}> }}")
    assert len(built.graph) > 0
    described = graph.query("DESCRIBE <https://newskg.dev/id/person/yuri-borisov>")
    assert len(described.graph) > 2


def test_sparqlwrapper_every_form(live: str) -> None:
    from SPARQLWrapper import JSON, XML, SPARQLWrapper

    for fmt in (JSON, XML):
        client = SPARQLWrapper(f"{live}/sparql")
        client.setReturnFormat(fmt)
        for query in ("SELECT * WHERE { ?s ?p ?o } LIMIT 3", "ASK { ?s ?p ?o }",
                      "CONSTRUCT WHERE { ?s a ?o } LIMIT 3", "DESCRIBE <https://newskg.dev/id/person/yuri-borisov>"):
            client.setQuery(query)
            assert client.query().response.status == 200


# ── 5b. slow queries never hold every worker ────────────────────────────────

SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x>|!<urn:x>)* ?b . ?c (<urn:x>|!<urn:x>)* ?d . "
        "?e (<urn:x>|!<urn:x>)* ?f }")


@pytest.mark.parametrize("query,slow", [
    (SLOW, True),
    ("SELECT * WHERE { ?s <urn:p>+ ?o }", True),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 5", False),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", False),
    ("SELECT * WHERE { ?s ?p \"a*b+c\" . ?s <urn:x#a+b> ?o } # a comment with * and +", False),
])
def test_looks_slow(query: str, slow: bool) -> None:
    from newskg.web.lanes import looks_slow

    assert looks_slow(query) is slow


def test_short_queries_answered_while_two_clients_send_slow_ones(graph_dir: Path) -> None:
    import http.client
    import threading
    import time
    import urllib.parse

    from tests.conftest import serve_process

    with serve_process(graph_dir, "--workers", "2", "--timeout", "2", "--quiet") as url:
        port = int(url.rsplit(":", 1)[1])

        def get(query: str) -> tuple[int, float]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            started = time.monotonic()
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
            response = conn.getresponse()
            response.read()
            conn.close()
            return response.status, time.monotonic() - started

        end = time.monotonic() + 6

        def slow_client() -> None:
            while time.monotonic() < end:
                get(SLOW)

        threads = [threading.Thread(target=slow_client) for _ in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        latencies = []
        while time.monotonic() < end:
            status, seconds = get("ASK { ?s ?p ?o }")
            assert status == 200
            latencies.append(seconds)
            time.sleep(0.05)
        for thread in threads:
            thread.join()
    assert len(latencies) > 10 and max(latencies) < 1.5, latencies


def test_an_unread_stderr_never_blocks_the_server(graph_dir: Path) -> None:
    """The access log fills a pipe nobody reads (64 KB) many times over; the server goes on."""
    import http.client

    from tests.conftest import serve_process  # its stderr is a pipe read only if the server dies

    with serve_process(graph_dir, "--workers", "1") as url:
        conn = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1]), timeout=10)
        for i in range(800):  # ~350 bytes of log each: about 4 pipes full
            conn.request("GET", f"/health?padding={'x' * 280}{i}")
            response = conn.getresponse()
            response.read()
            assert response.status == 200
        conn.request("GET", "/sparql?query=ASK%7B%7D")
        response = conn.getresponse()
        assert response.status == 200 and b"true" in response.read()
