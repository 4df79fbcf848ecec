"""newskg: a knowledge graph of space agencies, officials, sanctions and obligations from news.

The public API (the ``newskg`` command line is a thin client of these)::

    from newskg import build, run_query, format_result, load_graph
    report = build("articles", "graph")
    print(format_result(run_query(load_graph("graph"), "who-holds-what-post"), "csv"))
"""

from __future__ import annotations

__version__ = "0.1.0"

from newskg.errors import NewsKGError
from newskg.extract.articles import read_article, read_articles
from newskg.folder.build import BuildReport, build, validate_files
from newskg.folder.export import export
from newskg.folder.store import load_graph, write_graph_folder
from newskg.query.queries import StoredQuery, format_result, list_queries, load_query, run_query, run_sparql
from newskg.rdf.reasoning import infer
from newskg.rdf.validation import ValidationReport, validate

__all__ = [
    "BuildReport",
    "NewsKGError",
    "StoredQuery",
    "ValidationReport",
    "build",
    "export",
    "format_result",
    "infer",
    "list_queries",
    "load_graph",
    "load_query",
    "read_article",
    "read_articles",
    "run_query",
    "run_sparql",
    "validate",
    "validate_files",
    "write_graph_folder",
]
