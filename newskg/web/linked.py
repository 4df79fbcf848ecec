"""Linked Data at ``/id/...``, paging links of stored queries, and the OpenAPI description.

* ``/id/{key}``: the graph's own IRIs (``https://newskg.dev/id/{key}``) dereferenced with
  content negotiation: Turtle, N-Triples, JSON-LD, RDF/XML or TriG for machines (the
  resource's concise bounded description plus the labels of the resources it points to),
  its entity page for a browser (``text/html``); 404 for an IRI the graph does not know.
* ``link_header``: RFC 8288 ``Link`` (first / prev / next / last where known) of a page of
  ``/queries/NAME?page=K``.
* ``openapi``: an OpenAPI 3.0 document of ``/sparql`` and every stored query with its typed
  parameters; ``/api`` renders it as a plain HTML page (nothing fetched from elsewhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from rdflib import RDFS, BNode, Graph, URIRef
from rdflib.namespace import SKOS

from newskg.query.queries import PARAM_FORMS, StoredQuery, list_queries, page_size
from newskg.rdf.vocab import ID
from newskg.web.protocol import GRAPH_TYPES, held_graph, negotiate
from newskg.web.replies import error, page_data, render, reply_response

HTML = "text/html"
LABELS = (RDFS.label, SKOS.prefLabel)


# ── Linked Data ─────────────────────────────────────────────────────────────


def describe(graph: Graph, key: str) -> Graph | None:
    """The concise bounded description of ``id:{key}`` (its triples, following blank nodes) and
    the labels of the IRIs it points to; None when the graph has no triple about it."""
    subject = URIRef(str(ID) + key)
    if (subject, None, None) not in graph and (None, None, subject) not in graph:
        return None
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=False)
    out.bind("id", str(ID), override=False)
    todo: list[Any] = [subject]
    seen: set[Any] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in graph.triples((node, None, None)):
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
            elif isinstance(o, URIRef) and o != subject:
                for prop in LABELS:
                    for label in graph.objects(o, prop):
                        out.add((o, prop, label))
    if not len(out):  # known only as an object: say what points at it
        for s, p, _ in graph.triples((None, None, subject)):
            out.add((s, p, subject))
    return out


# ── paging ──────────────────────────────────────────────────────────────────


def link_header(url: str, params: Mapping[str, str], page: int, more: bool, filled: bool = True) -> str:
    """``Link`` of a page (RFC 8288): first, prev (page > 1), next (when more rows follow) and
    last (when this page is the last: no count is run to know it otherwise; an empty page
    past the end knows no last)."""
    def at(number: int) -> str:
        return f"<{url}?{urlencode({**params, 'page': str(number)})}>"

    links = [f'{at(1)}; rel="first"']
    if page > 1:
        links.append(f'{at(page - 1)}; rel="prev"')
    if more:
        links.append(f'{at(page + 1)}; rel="next"')
    elif filled or page == 1:
        links.append(f'{at(page)}; rel="last"')
    return ", ".join(links)


# ── OpenAPI ─────────────────────────────────────────────────────────────────

_SCHEMAS = {"iri": {"type": "string", "format": "uri"}, "date": {"type": "string", "format": "date"},
            "text": {"type": "string"}, "term": {"type": "string"}}
_RESULTS = {"application/sparql-results+json": {"schema": {"type": "object"}},
            "application/sparql-results+xml": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}},
            "text/tab-separated-values": {"schema": {"type": "string"}}}
_GRAPHS = {m: {"schema": {"type": "string"}} for m in
           ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "application/trig")}
_ERROR = {"description": "An error, with a message", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"message": {"type": "string"}}}}}}


def openapi(queries: list[StoredQuery], server: str) -> dict[str, Any]:
    """The OpenAPI 3.0 document of the server at ``server`` (its base URL)."""
    paths: dict[str, Any] = {"/sparql": _sparql_path()}
    for query in queries:
        parameters = [{
            "name": name, "in": "query", "required": False,
            "description": f"?_{name}: {PARAM_FORMS[query.param_types.get(name, 'term')]}",
            "schema": dict(_SCHEMAS[query.param_types.get(name, "term")]),
        } for name in query.params]
        parameters.append({"name": "page", "in": "query", "required": False,
                           "description": f"Page number (from 1) of {page_size(query)} rows; the Link header "
                                          "gives first, prev, next and last.",
                           "schema": {"type": "integer", "minimum": 1}})
        tags = [str(t) for t in (query.metadata.get("tags") or [])] if isinstance(query.metadata.get("tags"), list) else []
        paths[f"/queries/{query.name}"] = {"get": {
            "operationId": query.name.replace("-", "_"),
            "summary": query.summary or query.name,
            "description": query.description or query.summary or query.name,
            "tags": tags or ["queries"],
            "parameters": parameters,
            "responses": {"200": {"description": "The rows of the query, in its ORDER BY", "content": _RESULTS},
                          "400": _ERROR, "404": _ERROR},
        }}
    paths["/id/{key}"] = {"get": {
        "operationId": "dereference", "summary": "A resource of the graph (Linked Data)",
        "description": "https://newskg.dev/id/{key} as RDF (by Accept) or its page (text/html).",
        "tags": ["linked data"],
        "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"},
                        "description": "e.g. org/roscosmos"}],
        "responses": {"200": {"description": "Its triples and the labels of what it points to",
                              "content": {**_GRAPHS, HTML: {"schema": {"type": "string"}}}},
                      "404": _ERROR, "406": _ERROR}}}
    paths["/data"] = {"get": {
        "operationId": "graph_store_get", "summary": "A graph of the dataset (Graph Store Protocol, read-only)",
        "tags": ["graph store"],
        "parameters": [{"name": "default", "in": "query", "required": False, "allowEmptyValue": True,
                        "description": "The default graph", "schema": {"type": "string"}},
                       {"name": "graph", "in": "query", "required": False, "description": "A named graph",
                        "schema": {"type": "string", "format": "uri"}}],
        "responses": {"200": {"description": "The graph", "content": _GRAPHS}, "400": _ERROR, "404": _ERROR}}}
    return {"openapi": "3.0.3",
            "info": {"title": "newskg", "version": "0.1.0",
                     "description": "A knowledge graph read from news articles: SPARQL 1.1 endpoint, "
                                    "stored queries (grlc style) and Linked Data."},
            "servers": [{"url": server.rstrip("/")}],
            "paths": paths}


def _sparql_path() -> dict[str, Any]:
    query = {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
             "description": "A SPARQL 1.1 query; without it the Service Description is returned."}
    graphs = [{"name": name, "in": "query", "required": False, "description": what,
               "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
               "style": "form", "explode": True}
              for name, what in (("default-graph-uri", "A graph of the default graph (repeatable)"),
                                 ("named-graph-uri", "A named graph of the dataset (repeatable)"))]
    answers = {"200": {"description": "The result", "content": {**_RESULTS, **_GRAPHS}},
               "400": _ERROR, "406": _ERROR, "503": _ERROR}
    return {
        "get": {"operationId": "sparql_get", "summary": "SPARQL 1.1 query", "tags": ["sparql"],
                "parameters": [query, *graphs], "responses": answers},
        "post": {"operationId": "sparql_post", "summary": "SPARQL 1.1 query (or update, with the token)",
                 "tags": ["sparql"],
                 "requestBody": {"content": {
                     "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                         "query": {"type": "string"}, "update": {"type": "string"}}}},
                     "application/sparql-query": {"schema": {"type": "string"}},
                     "application/sparql-update": {"schema": {"type": "string"}}}},
                 "responses": answers},
    }


# ── the routes (wired in newskg.web.endpoint.create_app) ────────────────────────


async def id_route(request: Any) -> Any:
    """``/id/{key}``: RDF by Accept (Turtle first), the entity page for a browser, 404 if unknown."""
    key = request.path_params["key"]
    accept = request.headers.get("accept")
    media = negotiate(accept, (*GRAPH_TYPES, HTML))
    vary = {"Vary": "Accept"}
    if media is None:
        return error(406, f"no acceptable media type: /id/ gives {', '.join((*GRAPH_TYPES, HTML))}.", vary)
    if media == HTML:
        data = await page_data(request, "entity", key=key)
        if data is None:
            response = render(request, "notfound.html", status=404, key=key)
        else:
            response = render(request, "entity.html", entity=data)
        response.headers.update(vary)
        return response
    response = reply_response(await request.app.state.endpoint.run({"op": "describe", "key": key, "media": media}))
    response.headers.update(vary)
    return response


async def openapi_route(request: Any) -> Any:
    from starlette.responses import JSONResponse


    endpoint = request.app.state.endpoint
    return JSONResponse(openapi(list_queries(), endpoint.url(request, "")))


async def api_page(request: Any) -> Any:
    """``/api``: the OpenAPI document for people (the server's own template, no script)."""
    endpoint = request.app.state.endpoint
    document = openapi(list_queries(), endpoint.url(request, ""))
    operations = [{"path": path, "method": method.upper(), **op}
                  for path, item in document["paths"].items() for method, op in item.items()]
    return render(request, "api.html", operations=operations, server=document["servers"][0]["url"])


def page_number(value: str | None) -> int | None:
    """``?page=K`` as a number >= 1; None when not given; ValueError otherwise."""
    if value is None or value == "":
        return None
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


# ── Graph Store Protocol, reading only ──────────────────────────────────────


def store_graph(dataset: Any, default: Graph, lookup: Any, name: str | None) -> Graph | None:
    """The graph a GSP GET names: the default graph (``name`` None), a named graph of the
    dataset or a part of the folder (asserted, inferred); None when the server holds none."""
    if name is None:
        return default
    return held_graph(dataset, name, lookup)


async def graph_store_route(request: Any) -> Any:
    """``GET /data?default`` or ``/data?graph=IRI`` (SPARQL 1.1 Graph Store Protocol, read-only):
    the graph in the negotiated RDF format; 404 for a graph the server does not hold."""
    if request.method not in ("GET", "HEAD"):
        return error(405, "the graph store is read-only: GET or HEAD with ?default or ?graph=IRI.",
                     {"Allow": "GET, HEAD"})
    keys = [k for k, _ in request.query_params.multi_items()]
    graphs = request.query_params.getlist("graph")
    if ("default" in keys) == bool(graphs) or len(graphs) > 1:
        return error(400, "name one graph: ?default, or ?graph=IRI (once).")
    media = negotiate(request.headers.get("accept"), GRAPH_TYPES)
    if media is None:
        return error(406, f"no acceptable media type: the graph store gives {', '.join(GRAPH_TYPES)}.")
    task = {"op": "graph_store", "graph": graphs[0] if graphs else None, "media": media}
    response = reply_response(await request.app.state.endpoint.run(task))
    response.headers["Vary"] = "Accept"
    return response
