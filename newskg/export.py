"""Stage 9b, export: a graph folder -> one RDF document in a standard syntax.

Turtle, N-Triples, RDF/XML and JSON-LD hold the merged graph (asserted, plus
inferred with ``with_inferred``).  TriG and N-Quads keep the two apart as named
graphs ``<https://newskg.dev/graph/asserted>`` and ``<https://newskg.dev/graph/inferred>``.
JSON-LD is compacted with an ``@context`` of our prefixes.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from newskg.errors import UsageError
from newskg.store import load_graph, parse_rdf_file, graph_files

#: CLI format name -> rdflib serializer name.
FORMATS: dict[str, str] = {
    "turtle": "turtle",
    "nt": "nt",
    "trig": "trig",
    "nquads": "nquads",
    "jsonld": "json-ld",
    "xml": "xml",
}
#: Formats that keep asserted and inferred triples in separate named graphs.
DATASET_FORMATS = ("trig", "nquads")
GRAPH_BASE = "https://newskg.dev/graph/"


def export(graph_dir: Path | str, fmt: str = "turtle", with_inferred: bool = False) -> bytes:
    """The graph of a graph folder serialized as ``fmt`` (UTF-8 bytes)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)}).")
    if fmt in DATASET_FORMATS:
        data = _dataset(graph_dir, with_inferred).serialize(format=FORMATS[fmt], encoding="utf-8")
    else:
        graph = load_graph(graph_dir, with_inferred=with_inferred)
        if fmt == "jsonld":
            data = graph.serialize(format="json-ld", encoding="utf-8", context=prefix_context(graph), auto_compact=True)
        else:
            data = graph.serialize(format=FORMATS[fmt], encoding="utf-8")
    assert isinstance(data, bytes)
    return data


def prefix_context(graph: Graph) -> dict[str, str]:
    """A JSON-LD ``@context`` mapping each bound prefix to its namespace."""
    return {prefix: str(namespace) for prefix, namespace in sorted(graph.namespaces()) if prefix}


def _dataset(graph_dir: Path | str, with_inferred: bool) -> Dataset:
    dataset = Dataset()
    for path in graph_files(graph_dir, with_inferred):
        name = Path(path).name.removesuffix(".ttl")
        named = dataset.graph(URIRef(GRAPH_BASE + name))
        parsed = parse_rdf_file(path, Graph(bind_namespaces="core"))
        for prefix, namespace in parsed.namespaces():
            dataset.bind(prefix, namespace, override=False)
        for triple in parsed:
            named.add(triple)
    return dataset


