"""Outside data, the same for the command line and the server: the graph folder's own graph
names (the TriG export's asserted and inferred graphs) and the refusal of SERVICE, LOAD and
FROM / FROM NAMED / USING of graphs that are not the folder's.

``newskg sparql`` calls ``refusal`` before running a query, so the command line opens no
connection and no file a query names, and says so in the server's words; a query whose FROM
names the folder's own graphs runs on a private dataset of those graphs (``query_with_from``).
Importing this module turns off rdflib's fetching of FROM graphs (``newskg.web.protocol``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.query import Result

from newskg.folder.backends import ASSERTED_GRAPH, INFERRED_GRAPH
from newskg.web.protocol import DatasetSpec, ProtocolError, _attr, check_algebra, dataset_view

#: The graph names a graph folder answers to (``newskg.folder.export``'s TriG / N-Quads names).
FOLDER_GRAPHS = (ASSERTED_GRAPH, INFERRED_GRAPH)


class GraphParts:
    """The asserted and inferred parts of a graph folder by their export names, each parsed
    on first use and kept apart from any dataset (so ``GRAPH ?g`` never lists a copy)."""

    def __init__(self, graph_dir: Path | str) -> None:
        from newskg.folder.store import folder_graph_files

        self.files: dict[str, list[Path]] = {name: [] for name in FOLDER_GRAPHS}
        for path, inferred in folder_graph_files(graph_dir):
            self.files[INFERRED_GRAPH if inferred else ASSERTED_GRAPH].append(path)
        self._loaded: dict[str, Graph] = {}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.files)

    def __call__(self, name: str) -> Graph | None:
        """The part called ``name``; None for any other name."""
        if name not in self.files:
            return None
        if name not in self._loaded:
            from newskg.folder.store import parse_rdf_file

            graph = Graph()
            for path in self.files[name]:
                parse_rdf_file(path, graph)
            self._loaded[name] = graph
        return self._loaded[name]


def _parsed(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text)
    except Exception:  # not a valid query: the backend gives its own message
        return None


def refusal(text: str, known: tuple[str, ...] = FOLDER_GRAPHS) -> str | None:
    """The server's message refusing ``text`` (SERVICE, LOAD, FROM of a graph not in ``known``),
    or None when the query touches nothing outside (or does not parse: the caller reports that)."""
    query = _parsed(text)
    if query is None:
        return None
    try:
        check_algebra(query.algebra, known)
    except ProtocolError as exc:
        return exc.message
    return None


def query_with_from(text: str, parts: GraphParts) -> Result | None:
    """Run a query whose FROM / FROM NAMED name the folder's own graphs on a private dataset of
    those graphs; None when the query has no such clause (the backend runs it as usual)."""
    query = _parsed(text)
    clauses = _attr(query.algebra, "datasetClause") if query is not None else None
    if not clauses:
        return None
    spec = DatasetSpec(tuple(str(c.default) for c in clauses if _attr(c, "default") is not None),
                       tuple(str(c.named) for c in clauses if _attr(c, "named") is not None))
    query.algebra["datasetClause"] = None
    result = dataset_view(Dataset(), spec, parts).query(query)
    if result.type == "SELECT":  # evaluate now, so errors surface here and not while printing
        result.bindings = [{k: v for k, v in row.items() if v is not None} for row in result.bindings]
    return result
