"""`newskg serve` hardened (issue 15): requests never change the server, the export's graph
names work as protocol datasets, the command line refuses outside data like the server,
the pool recovers from failed restarts, bodies are capped, headers and protocol details."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph, Literal, URIRef

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402

from newskg.endpoint import create_app  # noqa: E402
from newskg.store import write_graph_folder  # noqa: E402
from tests.conftest import SAMPLE_TTL  # noqa: E402

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


def with_store(graph_dir: Path, store: str, out: Path) -> Path:
    import shutil

    from newskg.store import serialize_manifest

    shutil.copytree(graph_dir, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (out / "manifest.json").write_bytes(serialize_manifest({**manifest, "store": store}))
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
