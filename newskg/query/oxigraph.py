"""SPARQL on a pyoxigraph store, answered as an rdflib ``Result`` like every other engine
(``queries.run_sparql`` is the same on an rdflib graph), so results format the same everywhere.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph
from rdflib import Graph, Variable
from rdflib.query import Result
from rdflib.term import Node

from newskg.errors import QueryError
from newskg.query.queries import bind_parameters, check_sparql
from newskg.rdf.terms import to_rdflib


def query_oxigraph(store: Any, text: str, bindings: dict[str, Node] | None = None, name: str = "query", *,
                   union: bool = False, base: str | None = None, limit: int | None = None) -> Result:
    """Run a query on a pyoxigraph store; its default graph is the union of all graphs with ``union``.

    ``limit`` stops reading solutions (or triples) after that many: the caller cuts there anyway.
    """
    try:
        answer = store.query(bind_parameters(text, bindings), use_default_graph_as_union=union, base_iri=base)
    except (SyntaxError, OSError, ValueError) as exc:
        # rdflib's parser only when Oxigraph refuses (it costs 30-300 ms a query): the same
        # UsageError for SPARQL Update and QueryError for bad syntax as the files backend
        check_sparql(text, name)
        raise QueryError(name, f"failed while running on Oxigraph: {exc}") from None
    return oxigraph_result(answer, limit)


def oxigraph_result(answer: Any, limit: int | None = None) -> Result:
    """A pyoxigraph query answer as an rdflib ``Result`` (at most ``limit`` rows or triples)."""
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [Variable(v.value) for v in answer.variables]
        result = Result("SELECT")
        result.vars = variables
        rows: list[Any] = []
        for solution in answer:
            if limit is not None and len(rows) >= limit:
                break
            row = {}
            for var in variables:
                value = solution[str(var)]
                if value is not None:
                    row[var] = to_rdflib(value)
            rows.append(row)
        result.bindings = rows
        return result
    if isinstance(answer, pyoxigraph.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    result = Result("CONSTRUCT")
    graph = Graph()
    for triple in answer:
        if limit is not None and len(graph) >= limit:
            break
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    result.graph = graph
    return result
