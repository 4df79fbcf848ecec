"""The SPARQL 1.1 Service Description of ``/sparql`` (a GET without a query), built from the
server's configured base URL, never from a request's Host header."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS
from starlette.requests import Request
from starlette.responses import Response

from newskg.web.protocol import GRAPH_FORMAT, GRAPH_TYPES, JSONLD, negotiate


class Served(Protocol):
    """What the description reads of the app's state (``newskg.web.endpoint.Endpoint``)."""

    @property
    def allow_update(self) -> bool: ...

    @property
    def timeout(self) -> float: ...

    @property
    def max_rows(self) -> int: ...

    @property
    def named_graphs(self) -> Mapping[str, str]: ...

    @property
    def pool(self) -> Any: ...

    def url(self, request: Request, path: str) -> str: ...


SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")
#: The specifications the two services follow (dct:conformsTo).
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
GRAPH_STORE_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-http-rdf-update/")


def _other_services(graph: Graph, sparql: URIRef, dataset: URIRef, data: str, openapi: str) -> None:
    """The server's other ways in, in DCAT: the Graph Store Protocol at ``/data`` (read-only; the
    default graph's dump is ``/data?default``) and the OpenAPI document at ``/openapi.json``,
    the description of every endpoint with its parameters (dcat:endpointDescription)."""
    graph.bind("dcat", DCAT)
    graph.bind("dcterms", DCTERMS)
    store, description = URIRef(data), URIRef(openapi)
    for service, conforms in ((sparql, SPARQL_PROTOCOL), (store, GRAPH_STORE_PROTOCOL)):
        graph.add((service, RDF.type, DCAT.DataService))
        graph.add((service, DCAT.endpointURL, service))
        graph.add((service, DCAT.endpointDescription, description))
        graph.add((service, DCTERMS.conformsTo, conforms))
        graph.add((service, DCAT.servesDataset, dataset))
    graph.add((store, RDFS.comment, Literal("Graph Store Protocol, read-only: GET ?default for the default graph, "
                                            "?graph=IRI for a named graph.")))
    graph.add((dataset, VOID.dataDump, URIRef(f"{data}?default")))
    graph.add((description, DCTERMS["format"], Literal("application/vnd.oai.openapi+json;version=3.0")))


def service_description(request: Request, endpoint: Served) -> Response:
    """A SPARQL 1.1 Service Description of this endpoint (Turtle by default)."""
    graph = Graph(bind_namespaces="core")
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    url = URIRef(endpoint.url(request, "sparql"))
    graph.add((url, RDF.type, SD.Service))
    graph.add((url, SD.endpoint, url))
    graph.add((url, SD.supportedLanguage, SD.SPARQL11Query))
    if endpoint.allow_update:
        graph.add((url, SD.supportedLanguage, SD.SPARQL11Update))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "TriG", "RDF_XML"):
        graph.add((url, SD.resultFormat, FORMATS[name]))
    graph.add((url, SD.feature, SD.EmptyGraphs))
    dataset = URIRef(f"{url}#dataset")
    default = URIRef(f"{url}#default-graph")
    graph.add((url, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.bind("void", VOID)
    if endpoint.pool is not None and endpoint.pool.triples:
        graph.add((default, VOID.triples, Literal(endpoint.pool.triples)))
    _other_services(graph, url, dataset, endpoint.url(request, "data"), endpoint.url(request, "openapi.json"))
    from newskg.folder.backends import ASSERTED_GRAPH, INFERRED_GRAPH

    for index, name in enumerate(sorted({*endpoint.named_graphs, ASSERTED_GRAPH, INFERRED_GRAPH})):
        named = URIRef(f"{url}#graph-{index}")
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, SD.name, URIRef(name)))
    graph.add((url, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
               Literal(f"newskg SPARQL endpoint; time limit {endpoint.timeout:g} s, at most {endpoint.max_rows} rows; "
                       "SERVICE, LOAD and FROM of outside graphs are refused.")))
    media = negotiate(request.headers.get("accept"), GRAPH_TYPES) or GRAPH_TYPES[0]
    fmt = GRAPH_FORMAT[media]
    data = graph.serialize(format=fmt, encoding="utf-8")
    return Response(data, media_type=media + ("" if media == JSONLD else "; charset=utf-8"))
