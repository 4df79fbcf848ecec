"""Shared fixtures: repository paths, a small model-conformant graph and a graph folder of it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph

from newskg import settings
from newskg.folder.store import write_graph_folder

# pytest-xdist's worker processes get COLUMNS=80 and LINES=24 (from execnet); a serial run has
# neither, and the tables newskg prints take their width from COLUMNS: the same in both runs.
if "PYTEST_XDIST_WORKER" in os.environ:
    for _name in ("COLUMNS", "LINES"):
        os.environ.pop(_name, None)

ROOT = Path(__file__).resolve().parent.parent
#: The small model-conformant graph the query, shape and endpoint tests share.
SAMPLE_TTL = ROOT / "tests" / "data" / "sample.ttl"


def sample_graph_folder(out: Path) -> Path:
    """A graph folder holding tests/data/sample.ttl as its asserted graph."""
    write_graph_folder(out, Graph().parse(SAMPLE_TTL, format="turtle"), Graph(), Graph(), {"format": 1})
    return out


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_process(graph_dir: Path, *options: str) -> Iterator[str]:
    """`newskg serve` on a free loopback port in a child process; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "newskg", "serve", "--graph", str(graph_dir), "--port", str(port),
                                *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode() if process.stderr else "server died") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:  # type: ignore[type-arg]
    """Terminate a server the tests started; kill it if it does not stop within ``timeout`` s."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

# A tiny graph following docs/model.md: an article, a person, an organization, a post,
# two tenures (one replacing the other) and their evidence.
FIXTURE_TTL = """
@prefix news: <https://newskg.dev/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://newskg.dev/id/article/a1> a news:Article ;
    dcterms:identifier "a1" ; dcterms:title "Borisov heads Roscosmos" ;
    dcterms:issued "2022-07-15"^^xsd:date .

<https://newskg.dev/id/person/yury-borisov> a news:Person ;
    rdfs:label "Yury Borisov" ; skos:prefLabel "Yury Borisov" ; skos:altLabel "Yuri Borisov" .
<https://newskg.dev/id/person/dmitry-rogozin> a news:Person ;
    rdfs:label "Dmitry Rogozin" ; skos:prefLabel "Dmitry Rogozin" .
<https://newskg.dev/id/org/roscosmos> a news:SpaceAgency ;
    rdfs:label "Roscosmos" ; skos:prefLabel "Roscosmos" ; skos:altLabel "Roskosmos" .
<https://newskg.dev/id/post/roscosmos/head> a news:Post ;
    rdfs:label "Director General of Roscosmos" ;
    org:postIn <https://newskg.dev/id/org/roscosmos> ; news:role "head" .

<https://newskg.dev/id/evidence/e1> a news:Evidence ;
    news:article <https://newskg.dev/id/article/a1> ;
    news:sentence "Yury Borisov replaced Dmitry Rogozin as head of Roscosmos." ;
    news:charStart 0 ; news:charEnd 58 ; news:rule "test" ;
    news:confidence 0.9 ; news:span "Yury Borisov replaced Dmitry Rogozin" .

<https://newskg.dev/id/tenure/t1> a news:Tenure ;
    org:member <https://newskg.dev/id/person/yury-borisov> ;
    news:post <https://newskg.dev/id/post/roscosmos/head> ;
    org:organization <https://newskg.dev/id/org/roscosmos> ;
    news:startDate "2022-07-15"^^xsd:date ;
    news:replaces <https://newskg.dev/id/tenure/t2> ;
    news:evidence <https://newskg.dev/id/evidence/e1> ;
    prov:wasDerivedFrom <https://newskg.dev/id/article/a1> .
<https://newskg.dev/id/tenure/t2> a news:Tenure ;
    org:member <https://newskg.dev/id/person/dmitry-rogozin> ;
    news:post <https://newskg.dev/id/post/roscosmos/head> ;
    org:organization <https://newskg.dev/id/org/roscosmos> ;
    news:endDate "2022-07-15"^^xsd:date ;
    news:evidence <https://newskg.dev/id/evidence/e1> ;
    prov:wasDerivedFrom <https://newskg.dev/id/article/a1> .
"""


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    return ROOT / "articles"


@pytest.fixture()
def fixture_graph() -> Graph:
    graph = Graph()
    graph.parse(data=FIXTURE_TTL, format="turtle")
    return graph


@pytest.fixture(scope="session")
def ontology_graph() -> Graph:
    from newskg.folder.build import load_ontology

    return load_ontology()


@pytest.fixture()
def graph_dir(tmp_path: Path, fixture_graph: Graph, ontology_graph: Graph) -> Path:
    """A graph folder (asserted + inferred + empty report + manifest) built from the fixture graph."""
    from newskg.rdf.reasoning import infer

    out = tmp_path / "graph"
    inferred = infer(fixture_graph, ontology_graph)
    write_graph_folder(out, fixture_graph, inferred, Graph(), {"format": 1, "fixture": True})
    return out


@pytest.fixture()
def articles_tmp(tmp_path: Path) -> Path:
    """An empty folder for test articles."""
    folder = tmp_path / "articles"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def _no_env_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never write into the repository's graph/ by accident."""
    monkeypatch.setattr(settings, "GRAPH_DIR", ROOT / "graph-tests-must-pass-out")
