"""Stage 9b, export: a graph folder -> one RDF document in a standard syntax.

Turtle, N-Triples, RDF/XML and JSON-LD hold the merged graph (asserted, plus
inferred with ``with_inferred``).  TriG and N-Quads keep the two apart as named
graphs ``<https://newskg.dev/graph/asserted>`` and ``<https://newskg.dev/graph/inferred>``.
JSON-LD is compacted with an ``@context`` of our prefixes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Graph, URIRef

from newskg.errors import UsageError
from newskg.folder.store import graph_files, is_inferred_file, load_graph, load_into_oxigraph, parse_rdf_file

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


#: Formats written by Oxigraph's parsers and serializers straight from the graph files: no
#: rdflib graph in between (rdflib needs minutes to parse and write millions of triples).
OXIGRAPH_FORMATS = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
                    "trig": pyoxigraph.RdfFormat.TRIG, "nquads": pyoxigraph.RdfFormat.N_QUADS}


def export(graph_dir: Path | str, fmt: str = "turtle", with_inferred: bool = False) -> bytes:
    """The graph of a graph folder serialized as ``fmt`` (UTF-8 bytes)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)}).")
    if fmt in OXIGRAPH_FORMATS:
        return _export_oxigraph(graph_dir, fmt, with_inferred)
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


def _export_oxigraph(graph_dir: Path | str, fmt: str, with_inferred: bool) -> bytes:
    """Turtle, N-Triples, TriG or N-Quads through an in-memory Oxigraph store (duplicates merged).

    TriG and N-Quads put each triple in the named graph of its file (asserted or inferred);
    Turtle keeps the prefixes the graph files declare.
    """
    store = pyoxigraph.Store()
    prefixes: dict[str, str] = {}
    for path in graph_files(graph_dir, with_inferred):
        name = "inferred" if is_inferred_file(path) else "asserted"
        load_into_oxigraph(store, path, pyoxigraph.NamedNode(GRAPH_BASE + name) if fmt in DATASET_FORMATS else None)
        if path.suffix == ".ttl":
            prefixes.update(_declared_prefixes(path))
    target = OXIGRAPH_FORMATS[fmt]
    if fmt in DATASET_FORMATS:
        data = store.dump(format=target, prefixes=prefixes) if fmt == "trig" else store.dump(format=target)
    elif fmt == "turtle":
        data = store.dump(format=target, from_graph=pyoxigraph.DefaultGraph(), prefixes=dict(sorted(prefixes.items())))
    else:
        data = store.dump(format=target, from_graph=pyoxigraph.DefaultGraph())
    assert isinstance(data, bytes)
    return data


def _declared_prefixes(path: Path) -> dict[str, str]:
    """The ``@prefix`` lines at the head of a Turtle file (ours are written there, sorted)."""
    prefixes = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"@prefix\s+([\w-]*):\s+<([^>]*)>\s*\.", line)
            if match:
                prefixes[match.group(1)] = match.group(2)
            elif line.strip():
                break
    return {p: ns for p, ns in prefixes.items() if p}


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


