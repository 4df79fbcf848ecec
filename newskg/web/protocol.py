"""SPARQL 1.1 Protocol pieces that need no web framework: media types, content
negotiation, the security check of a parsed request, dataset views and running a
query or an update on an rdflib ``Dataset``.

Everything here runs inside a worker process (``newskg.web.worker``) except
``negotiate`` and the media-type tables, which the app also uses.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import rdflib.plugins.sparql
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result

from newskg.query.queries import complete_construct_where, format_result, is_update, one_line

# rdflib must never fetch a graph named in FROM / USING: with this off it only uses
# graphs it already holds (https://rdflib.readthedocs.io/en/stable/security_considerations.html).
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION = False

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
TRIG = "application/trig"
RDFXML = "application/rdf+xml"

#: Offers by query form, the server's preference first (the default when Accept allows anything).
SELECT_TYPES = (JSON, XML, CSV, TSV)
ASK_TYPES = (JSON, XML)
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD, TRIG, RDFXML)
#: Aliases clients send for the same formats.
ALIASES = {"application/json": JSON, "application/xml": XML, "text/xml": XML, "application/x-turtle": TURTLE,
           "text/plain": NTRIPLES, "application/x-trig": TRIG}
RESULT_FORMAT = {JSON: "json", XML: "xml", CSV: "csv", TSV: "tsv"}
GRAPH_FORMAT = {TURTLE: "turtle", NTRIPLES: "nt", JSONLD: "json-ld", TRIG: "trig", RDFXML: "xml"}


class ProtocolError(Exception):
    """A request the protocol or the server's policy refuses; carries the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# ── content negotiation ─────────────────────────────────────────────────────


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (malformed q counts as 0)."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers (highest q of its most specific matching range; ties go
    to the server's order); the first offer when there is no Accept header; None if none fits."""
    ranges = parse_accept(header)
    if not ranges:
        return offers[0]
    best: tuple[float, int] | None = None
    chosen = None
    for index, offer in enumerate(offers):
        kind = offer.split("/")[0]
        quality, specificity = -1.0, -1
        for media, q in ranges:
            media = ALIASES.get(media, media)
            level = 2 if media == offer else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
            if level > specificity:
                quality, specificity = q, level
        if specificity >= 0 and quality > 0 and (best is None or quality > best[0]):
            best, chosen = (quality, -index), offer
    return chosen


#: Fuseki's ``output=`` / ``format=`` values -> the Accept they stand for (results type first,
#: then the graph type a CONSTRUCT / DESCRIBE gets for the same word).
FORMAT_PARAMS = {"json": f"{JSON}, {JSONLD}", "xml": f"{XML}, {RDFXML}", "csv": CSV, "tsv": TSV,
                 "turtle": TURTLE, "ttl": TURTLE, "nt": NTRIPLES, "ntriples": NTRIPLES, "n-triples": NTRIPLES,
                 "jsonld": JSONLD, "json-ld": JSONLD, "trig": TRIG, "rdfxml": RDFXML, "rdf+xml": RDFXML,
                 "text": TSV}


def accept_for_format(value: str) -> str | None:
    """The Accept header an ``output=`` / ``format=`` value stands for; None if we give no such format."""
    word = value.strip().lower()
    if word in FORMAT_PARAMS:
        return FORMAT_PARAMS[word]
    media = ALIASES.get(word, word)
    return media if media in (*SELECT_TYPES, *GRAPH_TYPES) else None


def choose_media(header: str | None, form: str) -> str | None:
    """``negotiate`` for a query form, lenient where clients are known to ask for the wrong kind:
    a CONSTRUCT / DESCRIBE asked for SPARQL results JSON (rdflib's SPARQLStore does) gets JSON-LD,
    asked for results XML gets RDF/XML; anything else that fits nothing stays None (406)."""
    media = negotiate(header, offers_for(form))
    if media is None and form not in ("SELECT", "ASK"):
        wanted = {ALIASES.get(m, m) for m, q in parse_accept(header) if q > 0}
        if JSON in wanted:
            return JSONLD
        if XML in wanted:
            return RDFXML
    return media


def offers_for(form: str) -> tuple[str, ...]:
    """The media types a query form can be answered in."""
    if form == "SELECT":
        return SELECT_TYPES
    if form == "ASK":
        return ASK_TYPES
    return GRAPH_TYPES


def not_acceptable(form: str) -> ProtocolError:
    return ProtocolError(406, f"no acceptable media type for a {form} result; this server gives "
                              f"{', '.join(offers_for(form))} (send one of them in Accept).")


# ── security: what a parsed request may not do ──────────────────────────────


def _attr(node: Any, key: str) -> Any:
    """A key of an rdflib CompValue, or None (its ``get`` returns the key's name when absent)."""
    return node[key] if isinstance(node, dict) and key in node else None


def _walk(node: Any) -> Iterable[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)


def check_algebra(algebra: Any, known_graphs: Iterable[str] = ()) -> None:
    """Refuse (400) anything in a parsed query or update that would open a connection or a file:
    SERVICE, LOAD, and FROM / FROM NAMED / USING / USING NAMED naming a graph this server does
    not hold."""
    known = set(known_graphs)
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            raise ProtocolError(400, f"SERVICE <{_attr(node, 'term')}> is refused: this endpoint does not "
                                     "call other services (federated queries are disabled).")
        if node.name == "Load":
            raise ProtocolError(400, f"LOAD <{_attr(node, 'iri')}> is refused: this endpoint never fetches "
                                     "documents from the web or the file system.")
        if node.name in ("DatasetClause", "UsingClause"):
            iri = _attr(node, "default") if _attr(node, "default") is not None else _attr(node, "named")
            if str(iri) not in known:
                keyword = "FROM" if node.name == "DatasetClause" else "USING"
                keyword += "" if _attr(node, "default") is not None else " NAMED"
                held = ", ".join(f"<{g}>" for g in sorted(known)) or "none"
                raise ProtocolError(400, f"{keyword} <{iri}> is refused: this endpoint never fetches graphs "
                                         f"from the web or files; it can only use the graphs it holds ({held}).")


# ── datasets ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class DatasetSpec:
    """A dataset given by the protocol (default-graph-uri / named-graph-uri) or by FROM clauses."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default or self.named)


#: Finds a graph the server holds by name without creating it (None when it holds none of that name).
GraphLookup = Callable[[str], "Graph | None"]


def held_graph(source: Dataset, name: str, lookup: GraphLookup | None = None) -> Graph | None:
    """The graph ``name`` of ``source`` (or given by ``lookup``), read in place; None if not held.

    Never ``source.graph(name)``: that adds an empty graph of that name to the server's dataset,
    visible to every later request (issue 15)."""
    if lookup is not None:
        found = lookup(name)
        if found is not None:
            return found
    if name in named_graph_names(source):
        return Graph(store=source.store, identifier=URIRef(name))
    return None


def dataset_view(source: Dataset, spec: DatasetSpec, lookup: GraphLookup | None = None) -> Dataset:
    """A new dataset, private to one request, whose default graph merges the graphs of
    ``spec.default`` and whose named graphs are those of ``spec.named``, copied from ``source``
    (or ``lookup``); a name the server does not hold is an empty graph of the view only."""
    view = Dataset()
    for name in spec.default:
        graph = held_graph(source, name, lookup)
        if graph is not None:
            view.default_graph += graph
    for name in spec.named:
        target = view.graph(URIRef(name))
        graph = held_graph(source, name, lookup)
        if graph is not None:
            target += graph
    return view


def named_graph_names(dataset: Dataset) -> list[str]:
    return sorted(str(g.identifier) for g in dataset.graphs()
                  if g.identifier != DATASET_DEFAULT_GRAPH_ID and not isinstance(g.identifier, BNode))


# ── queries ─────────────────────────────────────────────────────────────────


@dataclass
class Reply:
    """What a worker answers: an HTTP status, a media type, the body and extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    #: For updates: the change to commit (see ``UpdateChange``).
    change: Any = None


def _parse_query(text: str, base: str | None) -> Any:
    try:
        return prepareQuery(text, base=base)
    except Exception as exc:  # pyparsing and rdflib raise many types
        if is_update(text):
            raise ProtocolError(400, "this is a SPARQL Update; send it with POST as update=... "
                                     "or as application/sparql-update.") from None
        raise ProtocolError(400, f"not valid SPARQL: {one_line(exc)}") from None


def query_form(algebra: Any) -> str:
    return {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
            "DescribeQuery": "DESCRIBE"}.get(algebra.name, algebra.name)


def run_query_text(dataset: Dataset, text: str, spec: DatasetSpec, accept: str | None,
                   base: str | None, max_rows: int, native: Any = None,
                   lookup: GraphLookup | None = None, extra_names: Sequence[str] = ()) -> Reply:
    """Parse, check, negotiate, run and serialise one protocol query.

    With ``native`` (the pyoxigraph store under ``dataset``), a query over the dataset as
    it is (no protocol dataset, no FROM) runs on Oxigraph's engine; the checks are the same.
    """
    query = _parse_query(text, base)
    held = sorted({*named_graph_names(dataset), *extra_names})
    form = query_form(query.algebra)
    media = choose_media(accept, form)
    if media is None:
        raise not_acceptable(form)
    complete_construct_where(query.algebra)
    clauses = _attr(query.algebra, "datasetClause") or []
    if not spec:  # the protocol's dataset wins over FROM / FROM NAMED (SPARQL 1.1 Protocol 2.1.4)
        check_algebra(query.algebra, held)
        if clauses:
            spec = DatasetSpec(tuple(str(c.default) for c in clauses if _attr(c, "default") is not None),
                               tuple(str(c.named) for c in clauses if _attr(c, "named") is not None))
    else:
        check_algebra([v for k, v in query.algebra.items() if k != "datasetClause"], held)
    query.algebra["datasetClause"] = None
    target = dataset_view(dataset, spec, lookup) if spec else dataset
    try:
        if native is not None and not spec:
            from newskg.folder.backends import query_oxigraph

            result = query_oxigraph(native, text, base=base, limit=max_rows + 1)  # one more row tells "truncated"
        else:
            result = target.query(query)
        return serialize_result(result, media, max_rows)
    except ProtocolError:
        raise
    except (PermissionError, RecursionError, MemoryError):
        raise
    except Exception as exc:
        raise ProtocolError(400, f"the query failed while running: {one_line(exc)}") from None


def serialize_result(result: Result, media: str, max_rows: int) -> Reply:
    """A result in the negotiated media type, cut at ``max_rows`` rows (or triples)."""
    headers: dict[str, str] = {}
    if result.type == "SELECT":
        rows = _take(result, max_rows + 1)
        if len(rows) > max_rows:
            rows = rows[:max_rows]
            headers["X-Truncated"] = f"true; max-rows={max_rows}"
        result.bindings = rows
        body = format_result(result, RESULT_FORMAT[media]).encode("utf-8")
    elif result.type == "ASK":
        body = format_result(result, RESULT_FORMAT[media]).encode("utf-8")
    else:
        graph = result.graph if result.graph is not None else Graph()
        if len(graph) > max_rows:
            cut = Graph()
            for triple in itertools.islice(graph, max_rows):
                cut.add(triple)
            graph = cut
            headers["X-Truncated"] = f"true; max-rows={max_rows}"
        body = serialize_graph(graph, media)
    charset = "; charset=utf-8" if media != JSONLD else ""
    return Reply(200, media + charset, body, headers)


def _take(result: Result, limit: int) -> list[Any]:
    generator = getattr(result, "_genbindings", None)
    if generator is not None:  # rdflib evaluates lazily: stop after ``limit`` rows
        rows = list(itertools.islice(generator, limit))
        result._genbindings = None
        return [{k: v for k, v in row.items() if v is not None} for row in rows]
    return list(result.bindings)[:limit]


def serialize_graph(graph: Graph, media: str) -> bytes:
    if media == TRIG:
        wrapper = Dataset()
        for prefix, ns in graph.namespaces():
            wrapper.bind(prefix, ns, override=False)
        wrapper.default_graph += graph
        data = wrapper.serialize(format="trig", encoding="utf-8")
    else:
        data = graph.serialize(format=GRAPH_FORMAT[media], encoding="utf-8")
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def load_named_graphs(dataset: Dataset, files: Mapping[str, str]) -> None:
    """Add each file (N-Triples/Turtle) as the named graph of its key."""
    from newskg.folder.store import parse_rdf_file

    for name, path in files.items():
        parse_rdf_file(path, dataset.graph(URIRef(name)))
