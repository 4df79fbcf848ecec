"""A rebuild after one article changed writes the same folder as a fresh full build.

When the change leaves the facts as they were (a sentence without facts, say), the
rebuild reuses the previous graph files (``pipeline.graph_inputs``); either way every
file of the folder is byte-identical to a full build of the same articles into a new
folder, on the files and the oxigraph stores.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from newskg import settings
from newskg.backends import OXIGRAPH_DIR, open_backend
from newskg.pipeline import GRAPH_INPUTS_FILE, build
from newskg.queries import run_query

DISTRACTOR = "\nThe agency said the review would continue.\n"


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a graph folder except the Oxigraph store (a database, not an output)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and OXIGRAPH_DIR not in p.relative_to(folder).parts}


def run(articles: Path, out: Path, store: str = "files") -> list[str]:
    messages: list[str] = []
    build(articles, out, progress=messages.append, progress_bar=False, jobs=1, store=store)
    return messages


def reused(messages: list[str]) -> bool:
    return any("graph files are reused" in m for m in messages)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    shutil.copytree(settings.ARTICLES_DIR, articles)
    return articles


@pytest.mark.parametrize("store", ["files", "oxigraph"])
def test_rebuild_with_one_changed_article_equals_a_full_build(corpus: Path, tmp_path: Path, store: str) -> None:
    out = tmp_path / "graph"
    assert not reused(run(corpus, out, store))
    assert (out / GRAPH_INPUTS_FILE).is_file()
    before = files(out)
    changed = sorted(corpus.iterdir())[2]
    changed.write_text(changed.read_text(encoding="utf-8") + DISTRACTOR, encoding="utf-8")

    messages = run(corpus, out, store)                      # incremental: same facts, graph reused
    assert reused(messages)
    assert any("4 of 5 articles unchanged" in m for m in messages)
    fresh = tmp_path / "fresh"
    assert not reused(run(corpus, fresh, store))            # full build of the same articles
    assert files(out) == files(fresh)
    assert files(out)[settings.MANIFEST_FILE] != before[settings.MANIFEST_FILE]  # the article's hash changed
    assert files(out)[settings.ASSERTED_FILE] == before[settings.ASSERTED_FILE]
    if store == "oxigraph":                                 # the moved store answers as the fresh one
        assert (out / OXIGRAPH_DIR).is_dir() and not list(tmp_path.glob(".graph.store-*"))
        gc.collect()  # the builds' own handles on the stores
        mine, theirs = open_backend(out), open_backend(fresh)
        for name in ("articles", "who-holds-what-post"):
            assert list(run_query(mine, name)) == list(run_query(theirs, name))
        del mine, theirs  # release the stores' locks before the next build

    changed.unlink()                                        # now the facts change: the graph is rebuilt
    messages = run(corpus, out, store)
    assert not reused(messages)
    fresh2 = tmp_path / "fresh2"
    run(corpus, fresh2, store)
    assert files(out) == files(fresh2)
    assert files(out)[settings.ASSERTED_FILE] != before[settings.ASSERTED_FILE]


def test_graph_inputs_change_with_the_shapes(corpus: Path, tmp_path: Path) -> None:
    from rdflib import Literal, URIRef

    from newskg.pipeline import load_shapes

    def shapes():  # type: ignore[no-untyped-def]  # a fresh graph each build (validation adds to it)
        graph = load_shapes()
        graph.add((URIRef("urn:x"), URIRef("urn:y"), Literal("z")))
        return graph

    out = tmp_path / "graph"
    run(corpus, out)
    messages: list[str] = []
    build(corpus, out, progress=messages.append, progress_bar=False, jobs=1, shapes=shapes())
    assert not reused(messages)
    messages = []
    build(corpus, out, progress=messages.append, progress_bar=False, jobs=1, shapes=shapes())
    assert reused(messages)
