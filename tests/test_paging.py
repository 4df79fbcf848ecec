"""Paging of stored queries: --limit/--offset on the command line, ?page= with Link headers over
HTTP; LIMIT/OFFSET appended in one place (queries.page_text) for every engine."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import ROOT

from newskg.errors import UsageError
from newskg.folder.backends import FilesBackend, open_backend
from newskg.folder.store import serialize_manifest
from newskg.query.queries import list_queries, page_text, query_names, run_query

BUNDLED = ROOT / "graph"
#: Each query with the parameters it is paged with (the listings need none).
PARAMS = {"who-held-post-on-date": {"date": "2022-06-01"}}


def _rows(result) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    columns = list(result.vars or [])
    return [tuple(str(row.get(c, "")) for c in columns) for row in result.bindings]


@pytest.fixture(scope="module", params=["files", "oxigraph"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if request.param == "files":
        yield FilesBackend(BUNDLED)
        return
    folder = tmp_path_factory.mktemp("paging") / "graph"
    shutil.copytree(BUNDLED, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    (folder / "manifest.json").write_bytes(serialize_manifest({**manifest, "store": "oxigraph"}))
    store = open_backend(folder)
    assert store.kind == "oxigraph"
    yield store
    store.close()


def test_every_stored_query_ends_in_a_stable_order() -> None:
    for query in list_queries():
        tail = query.text.rstrip().rsplit("}", 1)[-1]
        assert "ORDER BY" in tail, f"{query.name} has no ORDER BY of its own: its pages would not be stable"
        assert "LIMIT" not in tail and "OFFSET" not in tail, query.name


@pytest.mark.parametrize("name", query_names())
def test_concatenated_pages_equal_the_full_listing(backend: object, name: str) -> None:
    params = PARAMS.get(name, {})
    full = _rows(run_query(backend, name, params))
    assert full or name in ("nominations",), f"{name}: no rows on the bundled graph"
    for size in (4, 11):
        pages: list[tuple[str, ...]] = []
        offset = 0
        while True:
            page = _rows(run_query(backend, name, params, limit=size, offset=offset))
            assert len(page) <= size
            pages += page
            if len(page) < size:
                break
            offset += size
        assert pages == full, f"{name}: pages of {size} differ from the listing"


def test_page_text_appends_once_and_refuses_a_query_with_its_own_limit() -> None:
    assert page_text("SELECT * { ?s ?p ?o } ORDER BY ?s", None) == "SELECT * { ?s ?p ?o } ORDER BY ?s"
    assert page_text("SELECT * { ?s ?p ?o } ORDER BY ?s # end", 5, 10).endswith("# end\nLIMIT 5 OFFSET 10\n")
    with pytest.raises(UsageError):
        page_text("SELECT * { ?s ?p ?o } LIMIT 3", 5)
    with pytest.raises(UsageError):
        page_text("SELECT * { ?s ?p ?o }", -1)


def test_cli_limit_and_offset(capsys: pytest.CaptureFixture[str]) -> None:
    from click.testing import CliRunner

    from newskg.cli import cli

    runner = CliRunner()
    full = runner.invoke(cli, ["query", "who-is-who", "--graph", str(BUNDLED), "--format", "csv"])
    assert full.exit_code == 0, full.output
    lines = full.output.splitlines()
    page = runner.invoke(cli, ["query", "who-is-who", "--graph", str(BUNDLED), "--format", "csv",
                               "--limit", "2", "--offset", "3"])
    assert page.exit_code == 0, page.output
    assert page.output.splitlines() == [lines[0], *lines[4:6]]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    from starlette.testclient import TestClient

    from newskg.web.endpoint import create_app

    with TestClient(create_app(BUNDLED, timeout=5, workers=2)) as c:
        yield c


def test_http_pages_with_link_headers(client) -> None:  # type: ignore[no-untyped-def]
    import re

    accept = {"Accept": "application/sparql-results+json"}
    full = client.get("/queries/who-is-who", headers=accept).json()["results"]["bindings"]
    assert len(full) > 4
    size = 3
    pages_ = client.get("/queries/who-is-who?page=1", headers=accept)
    assert pages_.status_code == 200
    # the default page size (100) holds the bundled listing on one page, which is the last
    assert 'rel="last"' in pages_.headers["link"] and 'rel="next"' not in pages_.headers["link"]
    # a query with a pagination header of 3 rows (as grlc): a copy in a temporary queries folder
    rows: list[object] = []
    url: str | None = "/queries/who-is-who?page=1"
    seen = 0
    from newskg import settings

    folder = Path(settings.QUERIES_DIR)
    text = (folder / "who-is-who.rq").read_text(encoding="utf-8")
    assert "#+ pagination" not in text
    import newskg.query.queries as q

    original = q.load_query

    def paged(name: str):  # type: ignore[no-untyped-def]
        stored = original(name)
        return q.StoredQuery(**{**stored.__dict__, "metadata": {**stored.metadata, "pagination": size}})

    q.load_query = paged  # the app reads the page size in this process
    try:
        while url:
            answer = client.get(url, headers=accept)
            assert answer.status_code == 200
            rows += answer.json()["results"]["bindings"]
            links = dict((rel, target) for target, rel in re.findall(r'<([^>]*)>; rel="(\w+)"', answer.headers["link"]))
            assert "first" in links
            if seen:
                assert "prev" in links
            nxt = links.get("next")
            url = nxt[nxt.index("/queries"):] if nxt else None
            if nxt is None:
                assert "last" in links
            seen += 1
    finally:
        q.load_query = original
    assert seen == -(-len(full) // size)
    assert rows == full


def test_http_bad_page_is_400(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/queries/who-is-who?page=0").status_code == 400
    assert client.get("/queries/who-is-who?page=x").status_code == 400


def test_a_page_past_the_end_is_empty_and_names_no_last(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/queries/who-is-who?page=50", headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and answer.json()["results"]["bindings"] == []
    assert 'rel="prev"' in answer.headers["link"] and 'rel="last"' not in answer.headers["link"]
