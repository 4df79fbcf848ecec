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
from rdflib import BNode

from newskg import settings
from newskg.folder.backends import OXIGRAPH_DIR, open_backend
from newskg.folder.build import GRAPH_INPUTS_FILE, build
from newskg.query.queries import run_query
from newskg.rdf.validation import ValidationReport

DISTRACTOR = "\nWeather at the launch site was described as favourable.\n"


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

    from newskg.folder.build import load_shapes

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


NEW_FACT = "\nOn 3 May 2022 the agency appointed Petra Linnell as its chief engineer.\n"


def delta_validated(messages: list[str]) -> bool:
    return any("validated the nodes they touch" in m for m in messages)


@pytest.mark.parametrize("store", ["files", "oxigraph"])
def test_a_rebuild_that_changes_facts_validates_only_the_change_and_equals_a_full_build(
    corpus: Path, tmp_path: Path, store: str
) -> None:
    out = tmp_path / "graph"
    assert not delta_validated(run(corpus, out, store))     # nothing to compare with: full validation
    before = files(out)
    changed = sorted(corpus.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + NEW_FACT, encoding="utf-8")

    messages = run(corpus, out, store)
    assert delta_validated(messages) and not reused(messages)
    assert files(out)[settings.ASSERTED_FILE] != before[settings.ASSERTED_FILE]  # a new fact
    fresh = tmp_path / "fresh"
    assert not delta_validated(run(corpus, fresh, store))
    assert files(out) == files(fresh)
    if store == "oxigraph":                                 # the store got the delta, not a reload
        assert any("applied the change to the oxigraph store" in m for m in messages)
        gc.collect()
        mine, theirs = open_backend(out), open_backend(fresh)
        assert mine.in_step()
        from newskg.query.queries import query_names

        for name in query_names():
            assert sorted(map(tuple, run_query(mine, name))) == sorted(map(tuple, run_query(theirs, name))), name
        del mine, theirs


def test_changed_shapes_mean_a_full_validation(corpus: Path, tmp_path: Path) -> None:
    from rdflib import Literal, URIRef

    from newskg.folder.build import load_shapes

    out = tmp_path / "graph"
    run(corpus, out)
    changed = sorted(corpus.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + NEW_FACT, encoding="utf-8")
    shapes = load_shapes()
    shapes.add((URIRef("urn:x"), URIRef("urn:y"), Literal("z")))
    messages: list[str] = []
    build(corpus, out, progress=messages.append, progress_bar=False, jobs=1, shapes=shapes)
    assert not delta_validated(messages)


def test_validating_the_change_finds_what_a_full_validation_finds(corpus: Path, tmp_path: Path) -> None:
    """Violations that show only against unchanged stored triples (an end date before the
    stored start, a second value where one is allowed) are found from the delta alone."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, XSD

    from newskg.folder.build import load_ontology, load_shapes
    from newskg.folder.rebuild import graph_delta, validate_changes, validation_key
    from newskg.rdf.validation import validate

    news = Namespace("https://newskg.dev/ontology#")
    out = tmp_path / "graph"
    run(corpus, out)
    ontology, shapes = load_ontology(), load_shapes()
    asserted = Graph().parse(out / settings.ASSERTED_FILE)
    inferred = Graph().parse(out / settings.INFERRED_FILE)
    tenure = next(t for t in asserted.subjects(RDF.type, news.Tenure) if asserted.value(t, news.startDate))
    asserted.add((tenure, news.endDate, Literal("1900-01-01", datatype=XSD.date)))
    asserted.add((tenure, news.startDate, Literal("1901-01-01", datatype=XSD.date)))
    asserted.remove((next(asserted.subjects(RDF.type, news.Evidence)), news.sentence, None))
    asserted.add((tenure, URIRef("http://www.w3.org/ns/org#member"), URIRef("https://newskg.dev/id/person/nobody")))
    delta = graph_delta(out, asserted, inferred)
    assert delta is not None and len(delta.added) == 3 and len(delta.removed) == 1
    changes = validate_changes(out, delta, validation_key(ontology, shapes), ontology, shapes)
    full = validate(asserted, shapes, ontology)
    assert changes is not None and not full.conforms and len(full.results) >= 3
    assert (changes.conforms, sorted(map(str, changes.results))) == (full.conforms, sorted(map(str, full.results)))


def test_a_rebuild_that_changes_facts_keeps_user_additions_out_of_asserted(corpus: Path, tmp_path: Path) -> None:
    """User RDF additions live in additions/; a delta rebuild writes asserted.ttl without them."""
    from newskg.folder.update import add

    out = tmp_path / "graph"
    run(corpus, out)
    fact = tmp_path / "fact.ttl"
    fact.write_text('<https://newskg.dev/id/person/zed-testperson> a <https://newskg.dev/ontology#Person> ; '
                    '<http://www.w3.org/2000/01/rdf-schema#label> "Zed Testperson" .\n', encoding="utf-8")
    add([fact], out, by="tester")
    changed = sorted(corpus.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + NEW_FACT, encoding="utf-8")
    assert delta_validated(run(corpus, out))
    assert b"zed-testperson" not in (out / settings.ASSERTED_FILE).read_bytes()
    assert list((out / "additions").glob("*.nt")), "the addition is carried over"
    from newskg.folder.store import load_graph

    assert any("Zed Testperson" in str(o) for o in load_graph(out).objects())


# `newskg validate FILE` on a built folder: the files are checked on the nodes they touch
FILE_CHECKS = {
    "a second label for an organization": (
        '<https://newskg.dev/id/org/roscosmos> <http://www.w3.org/2000/01/rdf-schema#label> "Roskosmos" .\n', False),
    "a person with a label": (
        '<https://newskg.dev/id/person/zed-testperson> a <https://newskg.dev/ontology#Person> ; '
        '<http://www.w3.org/2000/01/rdf-schema#label> "Zed Testperson" .\n', True),
    "a second organization for a stored post (its stored tenures break)": (
        '<https://newskg.dev/id/post/roscosmos/head> <http://www.w3.org/ns/org#postIn> '
        '<https://newskg.dev/id/org/nasa> .\n', False),
    "a tenure without its member or post": (
        '<https://newskg.dev/id/tenure/made-up> a <https://newskg.dev/ontology#Tenure> .\n', False),
    "a blank-node tenure held by a stored person": (
        '[] a <https://newskg.dev/ontology#Tenure> ; <http://www.w3.org/ns/org#member> '
        '<https://newskg.dev/id/person/borisov> .\n', False),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("validate") / "articles"
    shutil.copytree(settings.ARTICLES_DIR, corpus)
    out = corpus.parent / "graph"
    run(corpus, out, "oxigraph")
    return out


@pytest.mark.parametrize("case", sorted(FILE_CHECKS))
def test_validate_files_on_a_built_folder_checks_the_files_alone_and_reports_as_a_full_validation(
        built: Path, tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from newskg.folder import build as pipeline
    from newskg.folder.build import load_ontology, load_shapes
    from newskg.folder.store import load_graph, parse_rdf_file
    from newskg.rdf.validation import validate

    text, conforms = FILE_CHECKS[case]
    extra = tmp_path / "extra.ttl"
    extra.write_text(text, encoding="utf-8")
    data = load_graph(built, with_inferred=False)
    parse_rdf_file(extra, data)
    full = validate(data, load_shapes(), load_ontology())
    before = files(built)

    def parse_everything(*args: object, **kwargs: object) -> None:
        raise AssertionError("the stored graph was parsed")

    monkeypatch.setattr(pipeline, "load_graph", parse_everything)
    alone = pipeline.validate_files([extra], built)
    assert full.conforms is conforms
    assert (alone.conforms, outcome(alone)) == (full.conforms, outcome(full))
    assert files(built) == before


def outcome(report: ValidationReport) -> list[tuple[str, ...]]:
    """A report's results, comparable across parses (blank nodes, of the file or of the shapes, as _:)."""
    def term(node: object) -> str:
        return "_:" if isinstance(node, BNode) else str(node)
    return sorted((term(v.focus), term(v.path), term(v.value), v.message, v.severity) for v in report.results)


def test_validate_files_refuses_a_folder_edited_since_its_build(corpus: Path, tmp_path: Path) -> None:
    from newskg.errors import FolderDamaged
    from newskg.folder import build as pipeline

    out = tmp_path / "graph"
    run(corpus, out, "oxigraph")
    asserted = out / settings.ASSERTED_FILE
    asserted.write_text(asserted.read_text(encoding="utf-8") + "\n<urn:x:tenure> a <https://newskg.dev/ontology#Tenure> .\n",
                        encoding="utf-8")  # a hand edit that breaks the shapes
    extra = tmp_path / "extra.ttl"
    extra.write_text(FILE_CHECKS["a person with a label"][0], encoding="utf-8")
    # the folder no longer matches its manifest (newskg.folder.integrity): neither the index nor the files are trusted
    with pytest.raises(FolderDamaged, match="asserted.ttl"):
        pipeline.validate_files([extra], out)
