"""Build at scale: the fast reasoner gives owlrl's inferences, the extraction cache
re-extracts only changed articles, and parallel extraction gives the same records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from newskg.extract import bulk
from newskg.extract.articles import read_articles
from newskg.extract.entities import resolve_entities
from newskg.extract.extractor import extract
from newskg.extract.model import result_to_dict
from newskg.folder.build import build, load_ontology
from newskg.rdf.reasoning import infer


@pytest.fixture(scope="module")
def bundled_graph(tmp_path_factory: pytest.TempPathFactory, articles_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("scale") / "graph"
    build(articles_dir, out, progress=lambda m: None)
    return out


def test_reasonable_gives_owlrl_inferences_on_the_bundled_corpus(bundled_graph: Path) -> None:
    pytest.importorskip("reasonable")
    asserted = Graph().parse(bundled_graph / "asserted.ttl")
    ontology = load_ontology()
    reference = infer(asserted, ontology, engine="owlrl")
    fast = infer(asserted, ontology, engine="reasonable")
    assert len(reference) > 100
    assert set(fast) == set(reference)


def test_rebuild_reextracts_only_changed_articles(tmp_path: Path, articles_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "articles"
    shutil.copytree(articles_dir, corpus)
    out = tmp_path / "graph"
    build(corpus, out, progress=lambda m: None)
    first = (out / "extractions.jsonl").read_bytes()
    calls: list[str] = []

    def counting(article):  # type: ignore[no-untyped-def]
        calls.append(article.id)
        return extract(article)

    monkeypatch.setattr("newskg.folder.build._default_extractor", lambda: counting)
    build(corpus, out, progress=lambda m: None)
    assert calls == []  # nothing changed: everything from the cache
    assert (out / "extractions.jsonl").read_bytes() == first
    changed = sorted(corpus.glob("*.txt"))[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nJohn Smith, head of NASA, said so.\n", encoding="utf-8")
    build(corpus, out, progress=lambda m: None)
    assert calls == [changed.stem]


def test_rebuild_reextracts_an_article_whose_publication_date_changed(tmp_path: Path) -> None:
    """Relative dates ("on Monday") are resolved against the publication date in the front
    matter, so an article with only that date changed is extracted again."""
    corpus = tmp_path / "articles"
    corpus.mkdir()
    article = corpus / "a.txt"
    body = "Jane Doe was appointed head of NASA on Monday.\n"
    article.write_text("---\npublished: 2022-03-10\n---\n" + body, encoding="utf-8")
    out = tmp_path / "graph"
    build(corpus, out, progress=lambda m: None)
    before = (out / "asserted.ttl").read_text(encoding="utf-8")
    assert "2022-03-07" in before  # the Monday before Thursday 10 March 2022
    article.write_text("---\npublished: 2022-05-12\n---\n" + body, encoding="utf-8")
    build(corpus, out, progress=lambda m: None)
    after = (out / "asserted.ttl").read_text(encoding="utf-8")
    assert "2022-05-09" in after and "2022-03-07" not in after


def test_parallel_extraction_gives_the_serial_records(articles_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "MIN_PARALLEL", 1)
    monkeypatch.setattr(bulk, "CHUNK_SIZE", 2)
    parallel = bulk.extract_corpus(articles_dir, extract, jobs=2, progress=lambda m: None)
    serial = [extract(a) for a in read_articles(articles_dir)]
    assert [a.id for a in parallel.articles] == [r.article.id for r in serial]
    assert [result_to_dict(r) for r in parallel.results] == [result_to_dict(r) for r in serial]


def test_entity_resolution_blocks_like_all_pairs(articles_dir: Path) -> None:
    """The blocked pair search links the same nodes as comparing every pair of full names."""
    from newskg.extract.entities import _full_names, _same_full_name, _same_full_name_pairs

    results = [extract(a) for a in read_articles(articles_dir)]
    people = {f"{r.article.id}|{e.key}": {e.label, *e.aliases} for r in results for e in r.entities if e.kind == "Person"}
    people["x|a"] = {"Dmitriy Rogozin"}
    people["y|b"] = {"Dmitri Rogozin"}
    people["z|c"] = {"Elena Rogozina"}
    nodes = sorted(people)
    full = {n: _full_names(people[n]) for n in nodes}

    def components(pairs: list[tuple[str, str]]) -> set[frozenset[str]]:
        group = {n: {n} for n in nodes}
        for a, b in pairs:
            if group[a] is not group[b]:
                merged = group[a] | group[b]
                for n in merged:
                    group[n] = merged
        return {frozenset(g) for g in group.values()}

    brute = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1:]
             if full[a] and full[b] and any(_same_full_name(x, y) for x in full[a] for y in full[b])]
    assert components(list(_same_full_name_pairs(nodes, full))) == components(brute)
    assert json.dumps([result_to_dict(r) for r in resolve_entities(results)])  # still runs end to end
