"""Every write is a change (issue 13, item 1): build, add and retract commit through one path.

A step registered in ``change.POST_COMMIT`` (the hook views use to stay in step) sees each
commit with its ``Change``.  The commands are run as a user runs them; the test checks that
each write gave exactly one change, that the change is what the folder now holds (its
manifest, its triples), and that a refused or dry-run write gives none.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.test_update import ADDED_ARTICLE, OWN_ARTICLES, USER_TENURE, _write_article, invoke

from newskg import settings
from newskg.folder import change as path
from newskg.folder.change import Change
from newskg.folder.store import load_graph, read_manifest


@pytest.fixture()
def changes() -> Iterator[list[tuple[Path, Change]]]:
    seen: list[tuple[Path, Change]] = []

    def record(folder: Path, change: Change) -> None:
        seen.append((folder, change))

    path.POST_COMMIT.append(record)
    try:
        yield seen
    finally:
        path.POST_COMMIT.remove(record)


def _committed(graph: Path, changes: list[tuple[Path, Change]], command: str) -> Change:
    """The one change the last command committed, checked against the folder it left."""
    assert len(changes) == 1, [c.provenance for _, c in changes]
    folder, change = changes.pop()
    assert folder == graph and change.folder == graph
    assert change.provenance.command == command
    manifest = read_manifest(graph)
    assert {k: v for k, v in manifest.items() if k not in ("files", "digest")} == \
        {k: v for k, v in change.manifest.items() if k not in ("files", "digest")}
    stored = load_graph(graph)
    assert all(t in stored for t in change.added) and all(t in stored for t in change.added_inferred)
    assert not any(t in stored for t in change.removed)
    return change


@pytest.mark.parametrize("store", ["files", "oxigraph"])
def test_build_add_and_retract_each_commit_one_change_through_the_one_path(
        store: str, tmp_path: Path, changes: list[tuple[Path, Change]]) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, (published, body) in OWN_ARTICLES.items():
        _write_article(articles, name, published, body)
    graph = tmp_path / "graph"

    def build() -> Change:
        result = invoke("build", "--articles", str(articles), "--out", str(graph), "-q", "--store", store)
        assert result.exit_code == 0, result.output
        return _committed(graph, changes, "build")

    first = build()
    assert first.whole and first.replaces and first.store == store  # from empty: the whole graph
    assert first.articles_added == tuple(sorted(OWN_ARTICLES)) and not first.articles_removed
    assert first.provenance.sources == (str(articles),)

    added_article = _write_article(tmp_path, *ADDED_ARTICLE)
    assert invoke("add", str(added_article), "--graph", str(graph), "--by", "erin").exit_code == 0
    article = _committed(graph, changes, "add")
    assert article.articles_added == (ADDED_ARTICLE[0],) and article.provenance.by == "erin"
    assert not article.whole and len(article.added)  # a delta: the stores get it

    user_file = tmp_path / "lindqvist.ttl"
    user_file.write_text(USER_TENURE, encoding="utf-8")
    assert invoke("add", str(user_file), "--graph", str(graph), "--by", "erin").exit_code == 0
    rdf = _committed(graph, changes, "add")
    (addition,) = rdf.articles_added
    assert addition.startswith("addition-") and not rdf.replaces  # new files on top of the folder
    assert any(name.startswith("additions/") for name in rdf.files)

    same = build()  # the same articles: the graph files are reused, nothing changes
    assert not same.whole and len(same) == 0 and not same.articles_added and not same.articles_removed

    _write_article(articles, "202_sanction", "2023-04-02", OWN_ARTICLES["202_sanction"][1] +
                   "\n\nOn April 1, Oskar Brandt succeeded Ivo Santos as the director general of Roscosmos.")
    edited = build()  # one article edited (a third of this small graph: too large for a delta, the whole graph)
    assert edited.whole and not edited.articles_added and not edited.articles_removed

    assert invoke("retract", ADDED_ARTICLE[0], "--graph", str(graph)).exit_code == 0
    gone = _committed(graph, changes, "retract")
    assert gone.articles_removed == (ADDED_ARTICLE[0],) and len(gone.removed)
    assert invoke("retract", addition, "--graph", str(graph)).exit_code == 0
    assert _committed(graph, changes, "retract").articles_removed == (addition,)

    # a write that changes nothing commits no change
    before = (graph / settings.MANIFEST_FILE).read_bytes()
    bad = tmp_path / "bad.ttl"
    bad.write_text(USER_TENURE.replace('"2019-01-01"^^xsd:date', '"yesterday"').replace("lindqvist", "nobody"),
                   encoding="utf-8")
    assert invoke("add", str(bad), "--graph", str(graph)).exit_code == 1
    assert invoke("add", str(user_file), "--graph", str(graph), "--dry-run").exit_code == 0
    assert invoke("retract", "201_quell", "--graph", str(graph), "--dry-run").exit_code == 0
    assert changes == [] and (graph / settings.MANIFEST_FILE).read_bytes() == before


def test_a_failing_post_commit_step_is_a_warning_and_the_change_stands(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, (published, body) in OWN_ARTICLES.items():
        _write_article(articles, name, published, body)

    def refresh_views(folder: Path, change: Change) -> None:
        raise OSError(28, "No space left on device")

    path.POST_COMMIT.append(refresh_views)
    try:
        result = invoke("build", "--articles", str(articles), "--out", str(tmp_path / "graph"), "-q")
    finally:
        path.POST_COMMIT.remove(refresh_views)
    assert result.exit_code == 0, result.output
    assert "warning: the change is committed, but refresh_views failed (No space left on device)" in result.output
    assert read_manifest(tmp_path / "graph")["counts"]["articles"] == len(OWN_ARTICLES)
