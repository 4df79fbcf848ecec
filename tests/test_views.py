"""Maintained listing views (issue 16 item 2, newskg/folder/views.py): after a build, an add, a
retract and a rebuild with one changed article, every listing's view gives the rows (and pages)
that evaluating its stored SPARQL gives, on every store; changes are spliced in, not evaluated
whole; a view that does not hold the folder's state is not used."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Variable
from tests.conftest import ROOT
from tests.test_backends import oxigraph_server  # noqa: F401  (a fixture)

from newskg import settings
from newskg.folder import change as change_module
from newskg.folder.backends import open_backend
from newskg.folder.views import answer, listings, views_path
from newskg.query.queries import run_query

ALIAS = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://newskg.dev/id/org/canada> skos:altLabel "Dominion of Canada" .
"""


def _rows(result: Any) -> tuple[list[str], list[list[str | None]]]:
    columns = list(result.vars or [])
    return [str(c) for c in columns], [[None if row.get(c) is None else row[c].n3() for c in columns]
                                       for row in result.bindings]


def assert_views_equal_the_queries(folder: Path) -> None:
    backend = open_backend(folder)
    try:
        for item in listings():
            name = item.query.name
            evaluated = _rows(run_query(backend, name))
            view = answer(folder, name)
            assert view is not None, f"{name}: no view of the folder's state"
            assert _rows(view) == evaluated, f"{name}: the view differs from the query"
            for limit, offset in ((4, 0), (4, 4), (3, 7), (100, 0)):
                page = answer(folder, name, limit, offset)
                assert page is not None and _rows(page) == (evaluated[0], evaluated[1][offset:offset + limit]), name
    finally:
        backend.close()


@pytest.fixture()
def spy(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, int | None]]:
    """What each refresh_views call did (listing -> keys re-run, None: evaluated whole)."""
    calls: list[dict[str, int | None]] = []

    def wrap(real: Callable[..., dict[str, int | None]]) -> Callable[..., dict[str, int | None]]:
        def spied(*args: Any, **kwargs: Any) -> dict[str, int | None]:
            calls.append(real(*args, **kwargs))
            return calls[-1]
        return spied

    monkeypatch.setattr(change_module, "refresh_views", wrap(change_module.refresh_views))
    return calls


def _spliced(call: dict[str, int | None]) -> bool:
    return bool(call) and set(call) == {i.query.name for i in listings()} and all(v is not None for v in call.values())


@pytest.mark.parametrize("store", ["files", "oxigraph", "sparql"])
def test_views_follow_build_add_retract_and_rebuild(store: str, tmp_path: Path, spy: list[dict[str, int | None]],
                                                    request: pytest.FixtureRequest) -> None:
    from newskg.folder.build import build
    from newskg.folder.update import add, retract

    url = "sparql+" + request.getfixturevalue("oxigraph_server") if store == "sparql" else store
    articles = tmp_path / "articles"
    shutil.copytree(settings.ARTICLES_DIR, articles)
    folder = tmp_path / "graph"
    quiet = {"progress": lambda _m: None, "progress_bar": False, "jobs": 1}
    build(articles, folder, store=url, **quiet)
    assert spy[-1] and all(v is None for v in spy[-1].values()), "a first build evaluates every listing"
    assert_views_equal_the_queries(folder)

    victim = sorted(articles.glob("*.txt"))[1]
    retract([victim.stem], folder)
    assert _spliced(spy[-1]), spy[-1]
    assert_views_equal_the_queries(folder)

    add([str(victim)], folder, by="tester")
    assert _spliced(spy[-1]), spy[-1]
    assert_views_equal_the_queries(folder)

    alias = tmp_path / "alias.ttl"
    alias.write_text(ALIAS, encoding="utf-8")
    add([str(alias)], folder, by="tester")
    assert _spliced(spy[-1]), spy[-1]
    assert_views_equal_the_queries(folder)
    who = answer(folder, "who-is-who")
    assert who is not None and any("Dominion of Canada" in str(row.get(Variable("aliases"))) for row in who.bindings)

    # a rebuild with one changed article: a sentence less
    changed = sorted(articles.glob("*.txt"))[0]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace(text.split(". ")[2] + ". ", "", 1), encoding="utf-8")
    build(articles, folder, store=url, **{**quiet, "jobs": 2})
    assert_views_equal_the_queries(folder)


def test_a_view_of_another_state_or_query_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from newskg.cli import cli
    from newskg.folder.build import build

    folder = tmp_path / "graph"
    build(settings.ARTICLES_DIR, folder, progress=lambda _m: None, progress_bar=False, jobs=1)
    listed = CliRunner().invoke(cli, ["query", "who-succeeded-whom", "--graph", str(folder), "--format", "csv"])
    assert listed.exit_code == 0 and "Borisov" in listed.output
    # the command answers from the view: a cell changed in it shows
    with sqlite3.connect(views_path(folder)) as db:
        db.execute("UPDATE rows SET cells = replace(cells, 'Borisov', 'Changed in the view') WHERE view = 'who-succeeded-whom'")
    viewed = CliRunner().invoke(cli, ["query", "who-succeeded-whom", "--graph", str(folder), "--format", "csv"])
    assert "Changed in the view" in viewed.output
    # ... but filters evaluate the query
    filtered = CliRunner().invoke(cli, ["query", "who-succeeded-whom", "--graph", str(folder), "--format", "csv",
                                        "--param", "organization=org/roscosmos"])
    assert "Borisov" in filtered.output
    # a copy of the folder (another state) has no view; nor has a changed query
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    assert answer(copy, "who-succeeded-whom") is None
    assert answer(folder, "who-succeeded-whom") is not None
    queries = tmp_path / "queries"
    shutil.copytree(ROOT / "queries", queries)
    path = queries / "who-succeeded-whom.rq"
    path.write_text(path.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    monkeypatch.setattr(settings, "QUERIES_DIR", queries)
    assert answer(folder, "who-succeeded-whom") is None
    assert CliRunner().invoke(cli, ["query", "who-succeeded-whom", "--graph", str(folder)]).exit_code == 0


def test_every_listing_has_a_view() -> None:
    names = {i.query.name for i in listings()}
    assert names == {"articles", "nominations", "statements", "who-holds-what-post", "who-is-under-sanctions",
                     "who-is-who", "who-owes-what", "who-succeeded-whom", "who-withdrew-from-what"}


def test_an_add_to_a_folder_without_views_makes_none(tmp_path: Path) -> None:
    """Views are made by a build; an add or retract to a folder without them (built before them)
    keeps none rather than evaluating every listing whole, and its listings are evaluated."""
    from newskg.folder.build import build
    from newskg.folder.update import add, retract

    articles = tmp_path / "articles"
    shutil.copytree(settings.ARTICLES_DIR, articles)
    victim = sorted(articles.glob("*.txt"))[1]
    folder = tmp_path / "graph"
    build(articles, folder, progress=lambda _m: None, progress_bar=False, jobs=1)
    views_path(folder).unlink()
    retract([victim.stem], folder)
    add([str(victim)], folder, by="tester")
    assert not views_path(folder).exists()
    assert answer(folder, "who-is-who") is None  # evaluated, not answered from a view
    build(articles, folder, progress=lambda _m: None, progress_bar=False, jobs=1)
    assert views_path(folder).exists()
    assert_views_equal_the_queries(folder)
