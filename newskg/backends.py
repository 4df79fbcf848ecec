"""Where a built graph lives and where its queries run: one interface, three stores.

``files``
    The graph folder's sorted Turtle files, queried with rdflib (the default; fine
    for small graphs).
``oxigraph``
    An embedded on-disk pyoxigraph ``Store`` inside the graph folder
    (``GRAPH/oxigraph/``); queries run on Oxigraph's engine.
``sparql+http://host:port/path``
    Any SPARQL 1.1 server: the URL without ``sparql+`` is the dataset base, with the
    Oxigraph server's endpoints ``/query``, ``/update`` and ``/store`` (Graph Store
    Protocol).  Asserted and inferred triples go to two named graphs; queries name
    them as ``default-graph-uri`` (SPARQL 1.1 Protocol), so the default graph is their
    merge on any compliant server.

The store a build used is recorded in the manifest (``"store"``), so ``open_backend``
finds it from the graph folder alone.  Every backend returns rdflib ``Result``
objects, so formatting (``newskg.queries.format_result``) is the same everywhere.
"""

from __future__ import annotations

import io
import re
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from newskg.errors import QueryError, UsageError

GRAPH_BASE = "https://newskg.dev/graph/"
ASSERTED_GRAPH = GRAPH_BASE + "asserted"
INFERRED_GRAPH = GRAPH_BASE + "inferred"
OXIGRAPH_DIR = "oxigraph"
STORE_KINDS = ("files", "oxigraph", "sparql+http://HOST:PORT/PATH")


class Backend(Protocol):
    """A built graph that can be (re)loaded, queried and exported."""

    kind: str

    def load(self, asserted: Graph, inferred: Graph) -> None:
        """Replace the stored graph by ``asserted`` and ``inferred``."""

    def query(self, text: str, bindings: dict[str, Node] | None = None, name: str = "query") -> Result:
        """Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query on asserted ∪ inferred."""

    def graph(self, with_inferred: bool = True) -> Graph:
        """The stored triples as an rdflib graph (for export)."""


def check_store(store: str) -> str:
    """``store`` if it names a backend; ``UsageError`` otherwise."""
    if store in ("files", "oxigraph") or store.startswith(("sparql+http://", "sparql+https://")):
        return store
    raise UsageError(f"unknown store {store!r} (choose from {', '.join(STORE_KINDS)}).")


def make_backend(store: str, graph_dir: Path | str) -> Backend:
    """The backend ``store`` for the graph folder ``graph_dir``."""
    store = check_store(store)
    if store == "files":
        return FilesBackend(Path(graph_dir))
    if store == "oxigraph":
        return OxigraphBackend(Path(graph_dir) / OXIGRAPH_DIR)
    return SparqlHttpBackend(store.removeprefix("sparql+"))


def open_backend(graph_dir: Path | str) -> Backend:
    """The backend a build of ``graph_dir`` used (its manifest's ``"store"``; ``files`` when none)."""
    from newskg.store import read_manifest

    store = read_manifest(graph_dir).get("store") or "files"
    return make_backend(str(store), graph_dir)


def substitute(text: str, bindings: dict[str, Node] | None) -> str:
    """The query with each bound ``?name``/``$name`` replaced by the term (N-Triples syntax, so safe)."""
    for name, term in (bindings or {}).items():
        pattern = re.compile(r"[?$]" + re.escape(name) + r"\b")
        lines = []
        for line in text.splitlines():
            code, hash_, comment = _split_comment(line)
            lines.append(pattern.sub(lambda _m: term.n3(), code) + hash_ + comment)
        text = "\n".join(lines)
    return text


def _split_comment(line: str) -> tuple[str, str, str]:
    from newskg.queries import _strip_comment

    code = _strip_comment(line)
    rest = line[len(code):]
    return code, rest[:1], rest[1:]


# ── files ────────────────────────────────────────────────────────────────────


class FilesBackend:
    """The Turtle files of a graph folder, queried with rdflib."""

    kind = "files"

    def __init__(self, graph_dir: Path):
        self.graph_dir = graph_dir
        self._graph: Graph | None = None

    def load(self, asserted: Graph, inferred: Graph) -> None:
        """Nothing to do: the build writes the Turtle files themselves."""
        self._graph = None

    def graph(self, with_inferred: bool = True) -> Graph:
        from newskg.store import load_graph

        if with_inferred:
            if self._graph is None:
                self._graph = load_graph(self.graph_dir)
            return self._graph
        return load_graph(self.graph_dir, with_inferred=False)

    def query(self, text: str, bindings: dict[str, Node] | None = None, name: str = "query") -> Result:
        from newskg.queries import run_sparql

        return run_sparql(self.graph(), text, name=name, bindings=bindings)


# ── Oxigraph, embedded ───────────────────────────────────────────────────────


class OxigraphBackend:
    """An on-disk pyoxigraph store; asserted and inferred triples in two named graphs."""

    kind = "oxigraph"

    def __init__(self, path: Path):
        self.path = path
        self._store: Any = None

    @property
    def store(self) -> Any:
        if self._store is None:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store = pyoxigraph.Store(str(self.path))
        return self._store

    def load(self, asserted: Graph, inferred: Graph) -> None:
        self.store.clear()
        for name, graph in ((ASSERTED_GRAPH, asserted), (INFERRED_GRAPH, inferred)):
            data = graph.serialize(format="nt", encoding="utf-8")
            self.store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.NamedNode(name))
        self.store.flush()

    def query(self, text: str, bindings: dict[str, Node] | None = None, name: str = "query") -> Result:
        from newskg.queries import check_sparql

        try:
            answer = self.store.query(substitute(text, bindings), use_default_graph_as_union=True)
        except (SyntaxError, OSError, ValueError) as exc:
            # rdflib's parser only when Oxigraph refuses (it costs 30-300 ms a query): the same
            # UsageError for SPARQL Update and QueryError for bad syntax as the files backend
            check_sparql(text, name)
            raise QueryError(name, f"failed while running on Oxigraph: {exc}") from None
        return oxigraph_result(answer)

    def graph(self, with_inferred: bool = True) -> Graph:
        graph = Graph(bind_namespaces="core")
        names = [ASSERTED_GRAPH, INFERRED_GRAPH] if with_inferred else [ASSERTED_GRAPH]
        for name in names:
            for quad in self.store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(name)):
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected term {term!r}")


def oxigraph_result(answer: Any) -> Result:
    """A pyoxigraph query answer as an rdflib ``Result``."""
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [Variable(v.value) for v in answer.variables]
        result = Result("SELECT")
        result.vars = variables
        rows: list[Any] = []
        for solution in answer:
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
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    result.graph = graph
    return result


# ── any SPARQL 1.1 server ────────────────────────────────────────────────────


class SparqlHttpBackend:
    """A SPARQL 1.1 server: Query and Graph Store Protocol (endpoints as Oxigraph server names them)."""

    kind = "sparql"

    def __init__(self, base: str, timeout: float = 60.0):
        self.base = base.rstrip("/")
        self.timeout = timeout

    def _request(self, url: str, data: bytes | None = None, method: str = "GET", headers: dict[str, str] | None = None) -> bytes:
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except OSError as exc:
            raise QueryError("query", f"the SPARQL server {self.base} failed: {exc}") from None

    def load(self, asserted: Graph, inferred: Graph) -> None:
        for name, graph in ((ASSERTED_GRAPH, asserted), (INFERRED_GRAPH, inferred)):
            data = graph.serialize(format="nt", encoding="utf-8")
            url = f"{self.base}/store?graph={urllib.parse.quote(name, safe='')}"
            self._request(url, data=data, method="PUT", headers={"Content-Type": "application/n-triples"})

    def query(self, text: str, bindings: dict[str, Node] | None = None, name: str = "query") -> Result:
        from newskg.queries import check_sparql

        check_sparql(text, name)
        params = [("query", substitute(text, bindings)), ("default-graph-uri", ASSERTED_GRAPH),
                  ("default-graph-uri", INFERRED_GRAPH)]
        body = urllib.parse.urlencode(params).encode("utf-8")
        data = self._request(f"{self.base}/query", data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
        })
        if data.lstrip().startswith(b"{"):
            return Result.parse(source=io.BytesIO(data), format="json")
        result = Result("CONSTRUCT")
        result.graph = Graph().parse(data=data, format="nt")
        return result

    def graph(self, with_inferred: bool = True) -> Graph:
        graph = Graph(bind_namespaces="core")
        for name in ([ASSERTED_GRAPH, INFERRED_GRAPH] if with_inferred else [ASSERTED_GRAPH]):
            url = f"{self.base}/store?graph={urllib.parse.quote(name, safe='')}"
            graph.parse(data=self._request(url, headers={"Accept": "application/n-triples"}), format="nt")
        return graph

