"""Stored queries on one graph folder's Oxigraph store: on disk vs in memory.

    python bench/query_engines.py GRAPH [NAME ...] [--repeat 3] [--no-memory] [--floor]

For each stored query (default: the parameterless ones plus ``evidence`` and
``facts-about`` unbound), and with ``--floor`` first the cheapest listings of the graph
(``FLOOR``: how long any answer of that many rows and lookups takes, whatever its
query), it prints the median time of

- ``raw``: iterating Oxigraph's solutions on the on-disk store of GRAPH (built with
  ``--store oxigraph``), no conversion;
- ``full``: the same through ``newskg.query.queries.run_query`` (rdflib result objects, as
  ``newskg query`` does; the listings through the backend's ``query``);
- ``memory``: iterating the solutions on an in-memory ``pyoxigraph.Store`` holding the
  same quads (what ``newskg serve`` answers from for such a graph).

The rows are counted on each and must agree.  All in one process, one after the other.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph

from newskg.folder.backends import OxigraphBackend, open_backend
from newskg.query.queries import load_query, run_query

PREFIXES = """PREFIX news: <https://newskg.dev/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
"""
#: The cheapest listings: the floor under a stored query that returns as many rows.
FLOOR = {
    "article IRIs": "SELECT ?a WHERE { ?a a news:Article }",
    "article IRI + id": "SELECT ?a ?id WHERE { ?a a news:Article ; dcterms:identifier ?id }",
    "article IRI + id, ordered": "SELECT ?a ?id WHERE { ?a a news:Article ; dcterms:identifier ?id } ORDER BY ?id",
    "tenure IRIs": "SELECT ?f WHERE { ?f a news:Tenure }",
    "tenure + holder's label": "SELECT ?f ?l WHERE { ?f a news:Tenure ; org:member/rdfs:label ?l }",
    "evidence links": "SELECT ?f ?e WHERE { ?f news:evidence ?e }",
}
DEFAULT_QUERIES = ["articles", "nominations", "statements", "who-holds-what-post", "who-is-under-sanctions",
                   "who-is-who", "who-owes-what", "who-succeeded-whom", "who-withdrew-from-what", "evidence",
                   "facts-about"]


def median_ms(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("names", nargs="*", default=DEFAULT_QUERIES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true", help="skip the in-memory copy")
    parser.add_argument("--floor", action="store_true", help="first the cheapest listings of the graph (FLOOR)")
    args = parser.parse_args()
    backend = open_backend(args.graph)
    if not isinstance(backend, OxigraphBackend):
        parser.error(f"{args.graph} was not built with --store oxigraph")
    memory = None
    if not args.no_memory:
        start = time.perf_counter()
        memory = pyoxigraph.Store()
        memory.bulk_extend(backend.store.quads_for_pattern(None, None, None, None))
        print(f"in-memory copy: {len(memory)} quads in {time.perf_counter() - start:.1f} s", flush=True)
    print("| query | rows | on-disk raw ms | on-disk full ms | in-memory ms |")
    print("|---|---|---|---|---|")
    def listing(text: str) -> Callable[[], int]:
        return lambda: len(backend.query(text).bindings)

    def stored(name: str) -> Callable[[], int]:
        return lambda: len(run_query(backend, name).bindings)

    runs = [(label, PREFIXES + text, listing(PREFIXES + text)) for label, text in FLOOR.items()] if args.floor else []
    runs += [(name, load_query(name).text, stored(name)) for name in args.names]
    for name, text, full in runs:

        def raw(store: object = backend.store, text: str = text) -> int:
            return sum(1 for _ in store.query(text, use_default_graph_as_union=True))  # type: ignore[attr-defined]

        raw_ms, rows = median_ms(raw, args.repeat)
        full_ms, full_rows = median_ms(full, args.repeat)
        line = f"| {name} | {rows} | {raw_ms:.1f} | {full_ms:.1f} |"
        if memory is not None:
            memory_ms, memory_rows = median_ms(lambda: raw(memory), args.repeat)
            assert memory_rows == rows, f"{name}: {memory_rows} rows in memory, {rows} on disk"
            line += f" {memory_ms:.1f} |"
        else:
            line += " – |"
        assert full_rows == rows, f"{name}: {full_rows} rows through run_query, {rows} raw"
        print(line, flush=True)


if __name__ == "__main__":
    main()
