from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from newskg.errors import UsageError
from newskg.folder.export import FORMATS, export
from newskg.folder.store import load_graph

PARSE_AS = {"turtle": "turtle", "nt": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld", "xml": "xml"}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("with_inferred", [False, True])
def test_every_format_parses_back(graph_dir: Path, fmt: str, with_inferred: bool) -> None:
    data = export(graph_dir, fmt, with_inferred)
    expected = load_graph(graph_dir, with_inferred=with_inferred)
    if fmt in ("trig", "nquads"):
        dataset = Dataset()
        dataset.parse(data=data, format=PARSE_AS[fmt])
        merged = Graph()
        for s, p, o, _ in dataset.quads():
            merged.add((s, p, o))
        assert isomorphic(merged, expected)
    else:
        assert isomorphic(Graph().parse(data=data, format=PARSE_AS[fmt]), expected)


def test_turtle_parses_with_pyoxigraph(graph_dir: Path) -> None:
    data = export(graph_dir, "turtle", True)
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(load_graph(graph_dir))


def test_jsonld_uses_our_prefixes(graph_dir: Path) -> None:
    text = export(graph_dir, "jsonld").decode("utf-8")
    assert '"@context"' in text and '"news": "https://newskg.dev/ontology#"' in text


def test_unknown_format(graph_dir: Path) -> None:
    with pytest.raises(UsageError):
        export(graph_dir, "csv")


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_datasets_keep_asserted_and_inferred_apart(graph_dir: Path, fmt: str) -> None:
    dataset = Dataset()
    dataset.parse(data=export(graph_dir, fmt, True), format=PARSE_AS[fmt])
    graphs = {str(g.identifier): {(s, p, o) for s, p, o in g} for g in dataset.graphs() if len(g)}
    assert set(graphs) == {"https://newskg.dev/graph/asserted", "https://newskg.dev/graph/inferred"}
    assert graphs["https://newskg.dev/graph/asserted"] == set(load_graph(graph_dir, with_inferred=False))
