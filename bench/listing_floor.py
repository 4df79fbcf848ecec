"""The floor under listing queries: the cheapest listings of a graph, beside the stored queries.

    python bench/listing_floor.py GRAPH_DIR

GRAPH_DIR is a folder built with ``--store oxigraph``.  Each line: rows, median ms of 3 on
its on-disk store, and on an in-memory Oxigraph store holding the same quads (loaded from
the folder's Turtle files).  Prints a Markdown table.  What it shows: how long any query
takes that returns that many rows with that many lookups a row, whatever its shape.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from newskg.queries import load_query, query_names

PREFIXES = """PREFIX news: <https://newskg.dev/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
"""
FLOOR = {
    "article IRIs": "SELECT ?a WHERE { ?a a news:Article }",
    "article IRI + id": "SELECT ?a ?id WHERE { ?a a news:Article ; dcterms:identifier ?id }",
    "article IRI + id, ordered": "SELECT ?a ?id WHERE { ?a a news:Article ; dcterms:identifier ?id } ORDER BY ?id",
    "tenure IRIs": "SELECT ?f WHERE { ?f a news:Tenure }",
    "tenure + holder's label": "SELECT ?f ?l WHERE { ?f a news:Tenure ; org:member/rdfs:label ?l }",
    "evidence links": "SELECT ?f ?e WHERE { ?f news:evidence ?e }",
}


def timed(store: ox.Store, text: str, repeat: int = 3) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = sum(1 for _ in store.query(text, use_default_graph_as_union=True))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, rows


def main() -> None:
    folder = Path(sys.argv[1])
    disk = ox.Store.read_only(str(folder / "oxigraph"))
    memory = ox.Store()
    for name in ("asserted.ttl", "inferred.ttl"):
        memory.bulk_load(path=str(folder / name), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:{name}"))
    print("| query | rows | on disk ms | in memory ms |\n|---|---|---|---|")
    runs = [(label, PREFIXES + text) for label, text in FLOOR.items()]
    runs += [(name, load_query(name).text) for name in query_names() if not load_query(name).params]
    for label, text in runs:
        on_disk, rows = timed(disk, text)
        in_memory, _ = timed(memory, text)
        print(f"| {label} | {rows:,} | {on_disk:,.0f} | {in_memory:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
