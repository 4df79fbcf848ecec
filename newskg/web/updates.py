"""SPARQL Update on a copy of the worker's dataset (``run_update_text``): parsed, checked like a
query (no LOAD, no USING of outside graphs), applied to a copy, and answered with the change
(``UpdateChange``) that the app validates and commits (``newskg.web.endpoint.commit_change``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.sparql import prepareQuery, prepareUpdate
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import QueryContext
from rdflib.plugins.sparql.update import (
    _fillTemplate,
    evalAdd,
    evalClear,
    evalCopy,
    evalCreate,
    evalDeleteData,
    evalDeleteWhere,
    evalDrop,
    evalInsertData,
    evalModify,
    evalMove,
)

from newskg.query.queries import one_line
from newskg.web.protocol import (
    DatasetSpec,
    GraphLookup,
    ProtocolError,
    Reply,
    _attr,
    check_algebra,
    dataset_view,
    named_graph_names,
)


@dataclass
class UpdateChange:
    """The effect of an update: triples added to / removed from the default graph (N-Triples),
    and the whole new content of the named graphs (N-Quads)."""

    additions: bytes
    removals: bytes
    named: bytes


def copy_dataset(source: Dataset) -> Dataset:
    work = Dataset()
    work.default_graph += source.default_graph
    for name in named_graph_names(source):
        target = work.graph(URIRef(name))
        target += source.graph(URIRef(name))
    return work


def run_update_text(dataset: Dataset, text: str, using: DatasetSpec, base: str | None,
                    lookup: GraphLookup | None = None, extra_names: Sequence[str] = ()) -> Reply:
    """Parse, check and apply an update to a copy of ``dataset``; the reply carries the change."""
    try:
        update = prepareUpdate(text, base=base)
    except Exception as exc:
        try:
            prepareQuery(text)
            raise ProtocolError(400, "this is a SPARQL query, not an update; send it as query=... "
                                     "or as application/sparql-query.") from None
        except ProtocolError:
            raise
        except Exception:
            pass
        raise ProtocolError(400, f"not valid SPARQL Update: {one_line(exc)}") from None
    check_algebra(update.algebra, {*named_graph_names(dataset), *extra_names})
    if using:
        for op in update.algebra:
            if op.name == "Modify" and (_attr(op, "using") or _attr(op, "withClause") is not None):
                raise ProtocolError(400, "the request gives using-graph-uri / using-named-graph-uri and the "
                                         "update has USING or WITH: give the dataset one way only.")
    work = copy_dataset(dataset)
    for op in update.algebra:
        ctx = QueryContext(work, initBindings={})
        ctx.prologue = op.prologue
        try:
            _apply(ctx, op, using, lookup)
        except ProtocolError:
            raise
        except (PermissionError, RecursionError, MemoryError):
            raise
        except Exception as exc:
            if not _attr(op, "silent"):
                raise ProtocolError(400, f"the update failed at {op.name}: {one_line(exc)}") from None
    before = set(dataset.default_graph)
    after = set(work.default_graph)
    additions, removals = Graph(), Graph()
    for triple in after - before:
        additions.add(triple)
    for triple in before - after:
        removals.add(triple)
    named = Dataset()
    for name in named_graph_names(work):
        target = named.graph(URIRef(name))
        target += work.graph(URIRef(name))
    change = UpdateChange(_nt(additions), _nt(removals), _nquads(named))
    message = f'{{"message": "update applied: {len(additions)} triples added, {len(removals)} removed in the default graph."}}'
    return Reply(200, "application/json", message.encode("utf-8"), change=change)


def _nt(graph: Graph) -> bytes:
    data = graph.serialize(format="nt", encoding="utf-8")
    return data if isinstance(data, bytes) else b""


def _nquads(dataset: Dataset) -> bytes:
    data = dataset.serialize(format="nquads", encoding="utf-8")
    return data if isinstance(data, bytes) else b""


def _apply(ctx: QueryContext, op: CompValue, using: DatasetSpec, lookup: GraphLookup | None = None) -> None:
    name = op.name
    if name == "Modify" and (using or _attr(op, "using")):
        _modify_with_dataset(ctx, op, using, lookup)
        return
    handlers = {"Clear": evalClear, "Drop": evalDrop, "Create": evalCreate, "Add": evalAdd, "Move": evalMove,
                "Copy": evalCopy, "InsertData": evalInsertData, "DeleteData": evalDeleteData,
                "DeleteWhere": evalDeleteWhere, "Modify": evalModify}
    if name not in handlers:
        raise ProtocolError(400, f"the update operation {name} is not supported.")
    handlers[name](ctx, op)


def _modify_with_dataset(ctx: QueryContext, op: CompValue, using: DatasetSpec,
                         lookup: GraphLookup | None = None) -> None:
    """DELETE/INSERT ... WHERE with a dataset from USING / USING NAMED or the protocol's
    using-graph-uri / using-named-graph-uri: the WHERE clause sees only those graphs
    (rdflib's own evalModify would still see every named graph)."""
    if not using:
        using = DatasetSpec(tuple(str(u.default) for u in op.using if _attr(u, "default") is not None),
                            tuple(str(u.named) for u in op.using if _attr(u, "named") is not None))
    dataset = ctx.dataset
    where_ctx = QueryContext(dataset_view(dataset, using, lookup), initBindings={})  # type: ignore[arg-type]
    where_ctx.prologue = ctx.prologue
    solutions = list(evalPart(where_ctx, op.where))
    target = dataset.graph(op.withClause) if _attr(op, "withClause") is not None else dataset.default_graph  # type: ignore[attr-defined]
    for solution in solutions:
        if op.delete:
            target -= _fillTemplate(op.delete.triples, solution)
            for g, quads in op.delete.quads.items():
                graph = dataset.graph(solution.get(g))  # type: ignore[attr-defined]
                graph -= _fillTemplate(quads, solution)
    for solution in solutions:
        if op.insert:
            target += _fillTemplate(op.insert.triples, solution)
            for g, quads in op.insert.quads.items():
                graph = dataset.graph(solution.get(g))  # type: ignore[attr-defined]
                graph += _fillTemplate(quads, solution)
