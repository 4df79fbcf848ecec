"""Rewrite each case's expected.ttl from the current extractor (after reading the diff!).

    python tests/cases/regenerate.py
"""

from __future__ import annotations

from pathlib import Path

from newskg.extract.articles import read_article
from newskg.extract.entities import resolve_entities
from newskg.extract.extractor import extract
from newskg.folder.store import serialize_turtle
from newskg.rdf.triples import to_graph

CASES = Path(__file__).parent


def case_graph(folder: Path):  # type: ignore[no-untyped-def]
    article = read_article(folder / "article.txt")
    graph = to_graph(resolve_entities([extract(article)]))
    from newskg.folder.build import load_ontology
    from newskg.folder.store import bind_prefixes

    bind_prefixes(graph, load_ontology())
    return graph


if __name__ == "__main__":
    for folder in sorted(p for p in CASES.iterdir() if (p / "article.txt").exists()):
        (folder / "expected.ttl").write_bytes(serialize_turtle(case_graph(folder)))
        print(f"wrote {folder / 'expected.ttl'}")
