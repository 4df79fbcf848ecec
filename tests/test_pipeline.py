from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from tests.conftest import FIXTURE_TTL

from newskg.errors import ArticleError, ShapeViolation
from newskg.extract.model import Article, ExtractionResult
from newskg.folder.build import STEPS, build, validate_files
from newskg.folder.store import snapshot


def _fake_extract(article: Article) -> ExtractionResult:
    return ExtractionResult(article=article)


def _fixture_mapper(results: Iterable[ExtractionResult]) -> Graph:
    list(results)
    return Graph().parse(data=FIXTURE_TTL, format="turtle")


def _broken_mapper(results: Iterable[ExtractionResult]) -> Graph:
    graph = _fixture_mapper(results)
    t1 = URIRef("https://newskg.dev/id/tenure/t1")
    graph.set((t1, URIRef("http://www.w3.org/ns/org#member"), URIRef("https://newskg.dev/id/org/roscosmos")))
    return graph


@pytest.fixture()
def two_articles(articles_tmp: Path) -> Path:
    (articles_tmp / "a1.txt").write_text("---\npublished: 2022-07-15\n---\nBorisov heads Roscosmos.\n", encoding="utf-8")
    (articles_tmp / "a2.txt").write_text("No front matter here.\n", encoding="utf-8")
    return articles_tmp


def test_steps_are_named() -> None:
    assert STEPS == ("read articles", "extract", "resolve entities", "to_graph", "reason", "validate", "write")


def test_build_writes_a_conforming_graph(two_articles: Path, tmp_path: Path) -> None:
    messages: list[str] = []
    report = build(two_articles, tmp_path / "g", extractor=_fake_extract, mapper=_fixture_mapper,
                   progress=messages.append)
    assert report.validation.conforms
    assert report.articles == 2 and report.inferred_triples > 0
    files = snapshot(tmp_path / "g")
    assert set(files) == {"asserted.ttl", "inferred.ttl", "report.ttl", "manifest.json"}
    manifest = json.loads(files["manifest.json"])
    assert [a["id"] for a in manifest["articles"]] == ["a1", "a2"]
    assert all(len(a["sha256"]) == 64 for a in manifest["articles"])
    assert any(m.startswith("extract a1") for m in messages)
    assert str(tmp_path) not in files["manifest.json"].decode()  # no paths: builds are reproducible


def test_shape_violation_leaves_output_untouched(two_articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "g"
    build(two_articles, out, extractor=_fake_extract, mapper=_fixture_mapper, progress=lambda m: None)
    before = snapshot(out)
    with pytest.raises(ShapeViolation) as info:
        build(two_articles, out, extractor=_fake_extract, mapper=_broken_mapper, progress=lambda m: None)
    assert "org:member" in info.value.report.to_text()
    assert snapshot(out) == before


def test_missing_articles_folder(tmp_path: Path) -> None:
    with pytest.raises(ArticleError):
        build(tmp_path / "missing", tmp_path / "g", extractor=_fake_extract, mapper=_fixture_mapper)
    assert not (tmp_path / "g").exists()


def test_validate_files_changes_nothing(graph_dir: Path, tmp_path: Path) -> None:
    before = snapshot(graph_dir)
    extra = tmp_path / "extra.nt"
    extra.write_text(
        '<https://newskg.dev/id/org/roscosmos> <http://www.w3.org/2000/01/rdf-schema#label> "Roskosmos" .\n',
        encoding="utf-8",
    )
    report = validate_files([extra], graph_dir)
    assert not report.conforms  # two labels for one organization
    assert "Roskosmos" in report.to_text() or "org/roscosmos" in report.to_text()
    assert snapshot(graph_dir) == before
    assert validate_files([], graph_dir).conforms


def test_a_build_validates_with_the_cyclic_collector_on_and_leaves_it_as_it_was(
        two_articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build pauses Python's cyclic collector, but not while pyshacl runs: it leaves
    reference cycles behind, which grew a validating process past 10 GB at 50,000 articles."""
    import gc

    from newskg.folder import change as path  # the one validation of every change (change.validate)

    seen: list[tuple[str, bool]] = []
    validate_scoped, mapper = path.validate_scoped, _fixture_mapper

    def validating(*args: object, **kwargs: object) -> object:
        seen.append(("validate", gc.isenabled()))
        return validate_scoped(*args, **kwargs)  # type: ignore[arg-type]

    def mapping(results: Iterable[ExtractionResult]) -> Graph:
        seen.append(("map", gc.isenabled()))
        return mapper(results)

    monkeypatch.setattr(path, "validate_scoped", validating)
    assert gc.isenabled()
    build(two_articles, tmp_path / "g", extractor=_fake_extract, mapper=mapping, progress=lambda m: None)
    assert seen == [("map", False), ("validate", True)]
    assert gc.isenabled()
