"""The ``sparql+http`` backend against a second, independent SPARQL server: OpenLink Virtuoso.

A Virtuoso (Debian package ``virtuoso-opensource``, installed by .ci/run when missing) is
started on loopback with its own database folder, ini and free ports; the tests skip when
the binary is missing.  The bundled articles are built into it with ``--store``; every
stored query must give the rows, in their order, that the embedded Oxigraph store gives on
the same folder, before and after ``add`` and ``retract``.  The server settings used here
are the ones the README lists for Virtuoso.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from tests.conftest import free_port, stop_process
from tests.test_views import assert_views_equal_the_queries

from newskg.folder.backends import Backend, OxigraphBackend, SparqlHttpBackend, make_backend, open_backend, store_of
from newskg.folder.views import views_path
from newskg.query.queries import query_names, run_query

# One server per test process: the tests share it, each folder reloading its graphs into it.
pytestmark = pytest.mark.xdist_group("virtuoso")

#: The endpoints of a Virtuoso, named in the store URL (README, "Stores").
ENDPOINTS = "?query=sparql&update=sparql&store=sparql-graph-crud"
#: A small server of its own: database files in ``{dir}``, listening on loopback only.  The
#: result-row cap (10,000 by default) and the execution time limit (partial "anytime"
#: answers) are lifted: a listing must come back whole.
INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""
#: SPARQL Update and Graph Store writes for the endpoint's anonymous user (loopback only).
GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'

ID = "https://newskg.dev/id/"
FACT = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://newskg.dev/id/person/zed-testperson> a foaf:Person ; rdfs:label "Zed Testperson" .
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso on loopback; yields its ``sparql+http`` store URL."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed (virtuoso-t, isql-vt: Debian package virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port = free_port()
    http_port = free_port()
    while http_port == sql_port:
        http_port = free_port()
    (folder / "virtuoso.ini").write_text(INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    process = subprocess.Popen([binary, "+configfile", str(folder / "virtuoso.ini"), "+foreground"], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                log = folder / "virtuoso.log"
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    pytest.fail(f"Virtuoso did not start:\n{tail}")
                time.sleep(0.1)
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={GRANTS}"], check=True,
                       capture_output=True, timeout=60)
        yield f"sparql+{base}{ENDPOINTS}"
    finally:
        stop_process(process, timeout=30)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, virtuoso: str) -> Path:
    """The bundled articles built with ``--store`` the Virtuoso."""
    from newskg import settings
    from newskg.folder.build import build

    out = tmp_path_factory.mktemp("virtuoso-built") / "graph"
    build(settings.ARTICLES_DIR, out, progress=lambda _m: None, progress_bar=False, jobs=1, store=virtuoso)
    return out


def embedded_at(folder: Path, tmp_path: Path) -> OxigraphBackend:
    """An embedded Oxigraph store loaded from ``folder``'s files (outside the folder)."""
    return OxigraphBackend(folder, tmp_path / f"oxigraph-{time.monotonic_ns()}").open()


def _rows(backend: Backend, name: str, params: dict[str, str] | None = None, **page: int) -> list[list[str | None]]:
    """The rows in the order the server returns them (stored queries order their rows)."""
    result = run_query(backend, name, params, **page)
    columns = list(result.vars or [])
    return [[None if row.get(c) is None else row[c].n3() for c in columns] for row in result.bindings]


def _all_rows(backend: Backend) -> dict[str, list[list[str | None]]]:
    return {name: _rows(backend, name) for name in query_names()}


def test_the_build_loaded_the_server(built: Path, virtuoso: str) -> None:
    assert store_of(built) == virtuoso
    backend = make_backend(virtuoso, built)
    assert isinstance(backend, SparqlHttpBackend) and backend.in_step()
    counts = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert len(backend.graph(with_inferred=False)) == counts["asserted_triples"]
    assert len(backend.graph()) == counts["asserted_triples"] + counts["inferred_triples"]


@pytest.mark.parametrize("name", query_names())
def test_every_stored_query_gives_the_rows_of_the_embedded_store(name: str, built: Path, tmp_path: Path) -> None:
    embedded = embedded_at(built, tmp_path)
    server = open_backend(built)
    try:
        rows = _rows(embedded, name)
        assert _rows(server, name) == rows
        if len(rows) > 2:  # a middle page, as --limit/--offset asks it
            assert _rows(server, name, limit=2, offset=1) == rows[1:3] == _rows(embedded, name, limit=2, offset=1)
    finally:
        embedded.close()


def _first(rows: list[list[str | None]]) -> str:
    assert rows and rows[0][0] is not None
    return rows[0][0].strip("<>")


def test_lookups_and_filters_give_the_rows_of_the_embedded_store(built: Path, tmp_path: Path) -> None:
    """Queries with parameters: the bound terms reach Virtuoso as they reach Oxigraph."""
    embedded = embedded_at(built, tmp_path)
    server = open_backend(built)
    try:
        fact = _first(_rows(embedded, "who-holds-what-post"))
        asks = [
            ("facts-about", {"entity": ID + "org/roscosmos"}),
            ("facts-about", {"entity": ID + "person/nobody"}),
            ("evidence", {"fact": fact}),
            ("who-held-post-on-date", {"date": "2022-08-01"}),
        ]
        for name, params in asks:
            rows = _rows(embedded, name, params)
            assert _rows(server, name, params) == rows, (name, params)
        assert _rows(embedded, "evidence", {"fact": fact}), "the evidence lookup finds the fact's evidence"
    finally:
        embedded.close()


def test_every_listing_filter_gives_the_listing_filtered_in_python(virtuoso: str, tmp_path: Path) -> None:
    """The filters of issue 16 on Virtuoso, on the data of tests/test_filters.py (dated
    sanctions, a counterparty): the rows of its Python reference, and those of the embedded store."""
    from tests.test_filters import _rows as plain_rows
    from tests.test_filters import cases, filter_data

    from newskg.folder.store import write_graph_folder

    asserted, inferred = filter_data()
    folder = tmp_path / "graph"
    write_graph_folder(folder, asserted, inferred, Graph(), {"format": 1})
    server = SparqlHttpBackend(virtuoso.removeprefix("sparql+"), folder)
    server.load(asserted, inferred)
    embedded = embedded_at(folder, tmp_path)
    try:
        tried = 0
        for name, params, expected, _full in cases(asserted + inferred, server):
            assert plain_rows(run_query(server, name, params)) == expected, (name, params)
            assert _rows(server, name, params) == _rows(embedded, name, params), (name, params)
            tried += 1
        assert tried > 50
    finally:
        embedded.close()


def test_construct_and_ask_answer_in_their_own_forms(built: Path) -> None:
    """Offered JSON and N-Triples at once, Virtuoso answers a CONSTRUCT with a JSON table: the
    backend asks for one type per query form."""
    server = open_backend(built)
    result = server.query("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 7")
    assert result.type == "CONSTRUCT" and result.graph is not None and len(result.graph) == 7
    assert server.query("ASK { ?s ?p ?o }").askAnswer is True


def test_add_and_retract_reach_virtuoso_without_a_reload(built: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from newskg.folder.update import add, retract

    folder = tmp_path / "graph"
    shutil.copytree(built, folder)
    # the build's listing views live beside its folder: copied with it (add keeps views, makes none)
    shutil.copy2(views_path(built), views_path(folder))
    open_backend(folder)  # the server now holds this folder (reloaded: it held ``built``)
    fact = tmp_path / "fact.ttl"
    fact.write_text(FACT, encoding="utf-8")
    add([fact], folder, by="tester")
    server = make_backend(store_of(folder), folder)
    assert server.in_step(), "add applied its delta and recorded the new folder state"
    zed = 'SELECT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> "Zed Testperson" }'
    assert len(server.query(zed).bindings) == 1

    article = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["articles"][0]["id"]
    retract([article], folder)
    assert make_backend(store_of(folder), folder).in_step()
    capsys.readouterr()
    server = open_backend(folder)
    assert "reloading" not in capsys.readouterr().err
    embedded = embedded_at(folder, tmp_path)
    try:
        assert _all_rows(server) == _all_rows(embedded)
        assert len(server.query(zed).bindings) == 1
    finally:
        embedded.close()
    # the listing views, spliced after the add and the retract on Virtuoso, equal its answers
    assert_views_equal_the_queries(folder)


def test_the_views_of_a_build_equal_the_queries(built: Path) -> None:
    assert_views_equal_the_queries(built)
