"""Store backends (newskg/backends.py): every stored query returns the same rows on the
Turtle files, an embedded Oxigraph store and a real ``oxigraph serve`` over HTTP."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from newskg.backends import Backend, FilesBackend, OxigraphBackend, SparqlHttpBackend, open_backend
from newskg.errors import UsageError
from newskg.queries import query_names, run_query
from newskg.store import serialize_manifest, write_graph_folder
from tests.conftest import free_port

SAMPLE = Path(__file__).parent / "data" / "sample.ttl"
PARAMS = {
    "evidence": {"fact": "https://newskg.dev/id/tenure/0000000000000001"},
    "who-held-post-on-date": {"date": "2022-08-01"},
}


def _oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.is_file() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` on loopback, from the `oxigraph` PyPI package."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the `oxigraph` server binary is missing (pip install oxigraph)")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("oxigraph serve did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def sample() -> Graph:
    return Graph().parse(SAMPLE)


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory, sample: Graph, oxigraph_server: str) -> dict[str, Backend]:
    from newskg.pipeline import load_ontology
    from newskg.reasoning import infer

    inferred = infer(sample, load_ontology())
    folder = tmp_path_factory.mktemp("graph") / "graph"
    write_graph_folder(folder, sample, inferred, Graph(), {"format": 1})
    result: dict[str, Backend] = {"files": FilesBackend(folder)}
    oxi = OxigraphBackend(tmp_path_factory.mktemp("oxi") / "oxigraph")
    http = SparqlHttpBackend(oxigraph_server)
    for backend in (oxi, http):
        backend.load(sample, inferred)
    result["oxigraph"] = oxi
    result["sparql"] = http
    return result


def _rows(backend: Backend, name: str) -> list[list[str | None]]:
    result = run_query(backend, name, PARAMS.get(name))
    columns = list(result.vars or [])
    return sorted([[None if row.get(c) is None else row[c].n3() for c in columns] for row in result.bindings],
                  key=lambda r: [x or "" for x in r])


@pytest.mark.parametrize("name", query_names())
def test_same_rows_on_every_backend(name: str, backends: dict[str, Backend]) -> None:
    files = _rows(backends["files"], name)
    assert files, f"{name} gives no row on the sample"
    assert _rows(backends["oxigraph"], name) == files
    assert _rows(backends["sparql"], name) == files


def test_open_backend_follows_the_manifest(tmp_path: Path, sample: Graph) -> None:
    folder = tmp_path / "graph"
    write_graph_folder(folder, sample, Graph(), Graph(), {"format": 1, "store": "oxigraph"})
    backend = open_backend(folder)
    assert isinstance(backend, OxigraphBackend)
    backend.load(sample, Graph())
    assert len(backend.graph()) == len(sample)
    (folder / "manifest.json").write_bytes(serialize_manifest({"format": 1}))
    assert isinstance(open_backend(folder), FilesBackend)


def test_unknown_store_is_a_usage_error(tmp_path: Path) -> None:
    from newskg.backends import make_backend

    with pytest.raises(UsageError):
        make_backend("mysql://x", tmp_path)


def test_parameters_are_terms_not_text(backends: dict[str, Backend]) -> None:
    """A bound parameter is substituted as an RDF term: quotes cannot break out of it."""
    from newskg.backends import substitute

    text = substitute('SELECT * WHERE { ?s ?p ?o FILTER(?o = ?_x) } # ?_x stays in comments',
                      {"_x": Literal('a" } DROP ALL #')})
    assert '"a\\" } DROP ALL #"' in text and text.endswith("# ?_x stays in comments")
    assert substitute("ASK { ?_d ?p ?o }", {"_d": Literal("2022-01-01", datatype=XSD.date)}).startswith(
        'ASK { "2022-01-01"^^<http://www.w3.org/2001/XMLSchema#date>')
    assert substitute("ASK { ?_i ?p ?o }", {"_i": URIRef("https://x.org/a")}) == "ASK { <https://x.org/a> ?p ?o }"
