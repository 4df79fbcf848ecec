"""Store backends (newskg/folder/backends.py): every stored query returns the same rows on the
Turtle files, an embedded Oxigraph store and a real ``oxigraph serve`` over HTTP."""

from __future__ import annotations

import json
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
from tests.conftest import free_port

from newskg.errors import UsageError
from newskg.folder.backends import Backend, FilesBackend, OxigraphBackend, SparqlHttpBackend, open_backend
from newskg.folder.store import serialize_manifest, write_graph_folder
from newskg.query.queries import query_names, run_query

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
    from newskg.folder.build import load_ontology
    from newskg.rdf.reasoning import infer

    inferred = infer(sample, load_ontology())
    folder = tmp_path_factory.mktemp("graph") / "graph"
    write_graph_folder(folder, sample, inferred, Graph(), {"format": 1})
    result: dict[str, Backend] = {"files": FilesBackend(folder)}
    oxi = OxigraphBackend(folder)
    http = SparqlHttpBackend(oxigraph_server, folder)
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


ID = "https://newskg.dev/id/"
#: One thing asked about: the parameter is substituted into the query's patterns.
LOOKUPS = [
    ("facts-about", {"entity": ID + "person/dmitry-rogozin"}, 3, ID + "person/dmitry-rogozin"),
    ("facts-about", {"entity": ID + "org/roscosmos"}, 3, ID + "org/roscosmos"),  # also through its posts
    ("facts-about", {"entity": ID + "org/nasa"}, 3, ID + "org/nasa"),
    ("facts-about", {"entity": ID + "person/nobody"}, 3, None),
    ("evidence", {"fact": ID + "tenure/0000000000000001"}, 0, ID + "tenure/0000000000000001"),
    ("who-held-post-on-date", {"post": ID + "post/roscosmos/head"}, None, None),
    ("who-held-post-on-date", {"post": ID + "post/roscosmos/head", "date": "2022-08-01"}, None, None),
]


@pytest.mark.parametrize(("name", "params", "column", "value"), LOOKUPS)
def test_a_lookup_of_one_thing_gives_the_same_rows_on_every_backend(
        name: str, params: dict[str, str], column: int | None, value: str | None, backends: dict[str, Backend]) -> None:
    def rows(backend: Backend) -> list[list[str | None]]:
        result = run_query(backend, name, params)
        return sorted([[None if row.get(c) is None else row[c].n3() for c in result.vars or []]
                       for row in result.bindings], key=lambda r: [x or "" for x in r])

    files = rows(backends["files"])
    assert bool(files) is ("nobody" not in str(params))
    if column is not None:
        assert all(row[column] == f"<{value}>" for row in files)
    assert rows(backends["oxigraph"]) == files
    assert rows(backends["sparql"]) == files


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
    from newskg.folder.backends import make_backend

    with pytest.raises(UsageError):
        make_backend("mysql://x", tmp_path)


def test_parameters_are_terms_not_text(backends: dict[str, Backend]) -> None:
    """A bound parameter is substituted as an RDF term: quotes cannot break out of it."""
    from newskg.folder.backends import substitute

    text = substitute('SELECT * WHERE { ?s ?p ?o FILTER(?o = ?_x) } # ?_x stays in comments',
                      {"_x": Literal('a" } DROP ALL #')})
    assert '"a\\" } DROP ALL #"' in text and text.endswith("# ?_x stays in comments")
    assert substitute("ASK { ?_d ?p ?o }", {"_d": Literal("2022-01-01", datatype=XSD.date)}).startswith(
        'ASK { "2022-01-01"^^<http://www.w3.org/2001/XMLSchema#date>')
    assert substitute("ASK { ?_i ?p ?o }", {"_i": URIRef("https://x.org/a")}) == "ASK { <https://x.org/a> ?p ?o }"


# ── a store stays in step with its graph folder through add and retract ──────

FACT = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://newskg.dev/id/person/zed-testperson> a foaf:Person ; rdfs:label "Zed Testperson" .
"""
ZED = 'SELECT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> "Zed Testperson" }'


def _all_rows(backend: Backend) -> dict[str, list[list[str | None]]]:
    return {name: _rows(backend, name) for name in query_names()}


@pytest.fixture(scope="module")
def built_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled articles built once into a files folder (copied by each test)."""
    from newskg import settings
    from newskg.folder.build import build

    out = tmp_path_factory.mktemp("built") / "graph"
    build(settings.ARTICLES_DIR, out, progress=lambda _m: None, progress_bar=False, jobs=1)
    return out


def _folder_with_store(built: Path, tmp_path: Path, store: str) -> Path:
    """A copy of ``built`` whose manifest names ``store``, the store loaded from its files."""
    import json

    folder = tmp_path / "graph"
    shutil.copytree(built, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["store"] = store
    (folder / "manifest.json").write_bytes(serialize_manifest(manifest))
    open_backend(folder).close()  # loads the store from the files
    return folder


@pytest.fixture(params=["oxigraph", "sparql"])
def store_folder(request: pytest.FixtureRequest, built_articles: Path, tmp_path: Path) -> Path:
    if request.param == "oxigraph":
        return _folder_with_store(built_articles, tmp_path, "oxigraph")
    server = request.getfixturevalue("oxigraph_server")
    return _folder_with_store(built_articles, tmp_path, "sparql+" + server)


def test_add_and_retract_reach_the_store_without_a_reload(store_folder: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from newskg.folder.backends import make_backend, store_of
    from newskg.folder.update import add, retract

    fact = tmp_path / "fact.ttl"
    fact.write_text(FACT, encoding="utf-8")
    add([fact], store_folder, by="tester")
    store = make_backend(store_of(store_folder), store_folder)
    assert store.in_step(), "add applied its delta and recorded the new folder state"
    assert len(store.query(ZED).bindings) == 1
    store.close()  # an embedded store is locked while open

    article = json.loads((store_folder / "manifest.json").read_text(encoding="utf-8"))["articles"][0]["id"]
    retract([article], store_folder)
    store = make_backend(store_of(store_folder), store_folder)
    assert store.in_step()
    store.close()
    capsys.readouterr()
    backend = open_backend(store_folder)
    assert _all_rows(backend) == _all_rows(FilesBackend(store_folder))
    assert "reloading" not in capsys.readouterr().err
    assert len(backend.query(ZED).bindings) == 1
    backend.close()


def test_a_store_behind_its_folder_is_reloaded_before_it_answers(store_folder: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A commit the store never saw (here: an addition written by hand) is not missed."""
    from newskg.folder.store import commit_files

    extra = '<https://newskg.dev/id/person/zed-testperson> <http://www.w3.org/2000/01/rdf-schema#label> "Zed Testperson" .\n'
    commit_files(store_folder, {"additions/000009-byhand.nt": extra.encode()})
    backend = open_backend(store_folder)
    assert "reloading it from the graph files" in capsys.readouterr().err
    assert len(backend.query(ZED).bindings) == 1
    assert backend.in_step()
    backend.close()


def test_a_failed_commit_leaves_the_store_in_the_old_folder(built_articles: Path, tmp_path: Path) -> None:
    from newskg.folder.store import OXIGRAPH_DIR, commit_files

    folder = _folder_with_store(built_articles, tmp_path, "oxigraph")
    before = sorted(p.name for p in (folder / OXIGRAPH_DIR).iterdir())

    class Boom(Exception):
        pass

    class Exploding(dict):  # type: ignore[type-arg]
        def items(self):  # type: ignore[no-untyped-def]
            raise Boom

    with pytest.raises(Boom):
        commit_files(folder, Exploding({"x": b""}))
    assert sorted(p.name for p in (folder / OXIGRAPH_DIR).iterdir()) == before
    backend = open_backend(folder)
    assert backend.in_step()
    assert _all_rows(backend) == _all_rows(FilesBackend(folder))
    backend.close()
