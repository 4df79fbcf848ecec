from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from newskg.errors import FolderDamaged, GraphNotFound, RDFInputError, UsageError
from newskg.folder import store
from newskg.folder.store import load_graph, serialize_manifest, snapshot, write_graph_folder


def _report_like_graph() -> Graph:
    """A graph with blank nodes (like a SHACL report), whose labels differ on every run."""
    g = Graph()
    sh = "http://www.w3.org/ns/shacl#"
    report = BNode()
    g.add((report, URIRef(sh + "conforms"), Literal(False)))
    for i in range(5):
        result = BNode()
        g.add((report, URIRef(sh + "result"), result))
        g.add((result, URIRef(sh + "focusNode"), URIRef(f"https://newskg.dev/id/tenure/t{i}")))
        g.add((result, URIRef(sh + "resultMessage"), Literal(f"message {i}")))
    return g


def test_two_writes_are_byte_identical(tmp_path: Path, fixture_graph: Graph) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_graph_folder(a, fixture_graph, Graph(), _report_like_graph(), {"x": 1, "a": [1, 2]})
    write_graph_folder(b, fixture_graph, Graph(), _report_like_graph(), {"a": [1, 2], "x": 1})
    assert snapshot(a) == snapshot(b)
    assert set(snapshot(a)) == {"asserted.ttl", "inferred.ttl", "report.ttl", "manifest.json"}


def test_write_round_trips(tmp_path: Path, fixture_graph: Graph) -> None:
    write_graph_folder(tmp_path / "g", fixture_graph, Graph(), Graph(), {})
    assert isomorphic(load_graph(tmp_path / "g"), fixture_graph)


def test_failed_write_leaves_old_folder_intact(
    tmp_path: Path, fixture_graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "graph"
    write_graph_folder(out, fixture_graph, Graph(), Graph(), {"n": 1})
    before = snapshot(out)
    calls = {"n": 0}
    real = store.serialize_turtle

    def fail_on_second(graph: Graph) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(graph)

    monkeypatch.setattr(store, "serialize_turtle", fail_on_second)
    bigger = Graph()
    for t in fixture_graph:
        bigger.add(t)
    bigger.add((URIRef("https://newskg.dev/id/x"), URIRef("https://newskg.dev/p"), Literal("new")))
    with pytest.raises(RuntimeError):
        write_graph_folder(out, bigger, Graph(), Graph(), {"n": 2})
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph"]  # no temp folder left behind


def test_refuses_to_replace_an_unrelated_folder(tmp_path: Path, fixture_graph: Graph) -> None:
    (tmp_path / "notes.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(UsageError, match="not a graph folder"):
        write_graph_folder(tmp_path, fixture_graph, Graph(), Graph(), {})
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "precious"


def test_load_missing_graph(tmp_path: Path) -> None:
    with pytest.raises(GraphNotFound):
        load_graph(tmp_path / "nope")


def test_load_malformed_graph_names_file_and_line(graph_dir: Path) -> None:
    # a folder whose manifest lists no files (written before it did): its graph files must parse
    (graph_dir / "manifest.json").write_bytes(serialize_manifest({"format": 1}))
    assert len(load_graph(graph_dir)) > 0
    (graph_dir / "inferred.ttl").write_text("@prefix ex: <http://ex/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(FolderDamaged, match=r"inferred.ttl is not valid RDF \(line 2\)"):
        load_graph(graph_dir)
    with pytest.raises(RDFInputError, match=r"bad.ttl, line 2"):  # a file from outside: file and line
        store.parse_rdf_file(_write(graph_dir.parent / "bad.ttl", "@prefix ex: <http://ex/> .\nex:a ex:b .\n"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_edited_after_the_commit_is_noticed(graph_dir: Path) -> None:
    (graph_dir / "inferred.ttl").write_text("@prefix ex: <http://ex/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(FolderDamaged, match=r"inferred.ttl .*newskg build"):
        load_graph(graph_dir)
