"""The worker process: loads the graph once, then answers tasks sent over a pipe.

A worker is a separate process so that a query that runs too long can really be
stopped: the app kills the process and starts a fresh one (``newskg.web.pool``).
While a task runs, an audit hook (``sys.addaudithook``) refuses network
connections, process creation, and opening files outside the allowed folders: a
second line of defence behind the check of the parsed query.
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from newskg.errors import GraphNotFound, NewsKGError, QueryError, QueryNotFound, RDFInputError
from newskg.web import pages
from newskg.web.linked import describe, store_graph
from newskg.web.protocol import (
    DatasetSpec,
    ProtocolError,
    Reply,
    choose_media,
    load_named_graphs,
    not_acceptable,
    run_query_text,
    serialize_result,
)
from newskg.web.updates import run_update_text

#: The named graphs after an update, written by the app (see ``newskg.web.endpoint.commit_change``).
NAMED_STATE = "named.nq"


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker needs to load its graph (picklable: sent to the new process)."""

    graph_dir: str
    state_dir: str
    max_rows: int
    named_graphs: dict[str, str] = field(default_factory=dict)
    #: Folders a running query may open files under (read-only); everything else is refused.
    allowed_paths: tuple[str, ...] = ()
    #: "rdflib" (an rdflib in-memory dataset) or "oxigraph" (an in-memory Oxigraph store behind the
    #: same rdflib API; stored queries and plain protocol queries run on Oxigraph's engine).
    engine: str = "rdflib"


class WorkerState:
    """The dataset a worker answers from: default graph = the graph folder (asserted ∪ inferred)."""

    def __init__(self, config: WorkerConfig, generation: int) -> None:
        self.config = config
        self.generation = generation
        from newskg.folder.store import graph_files, load_into_oxigraph, parse_rdf_file
        from newskg.folder.views import views_state

        #: The folder state loaded (taken first: files are never changed in place), so that a
        #: listing is answered from its view only when the view holds this same state.
        self.folder_state = views_state(config.graph_dir)

        #: The pyoxigraph store under ``dataset`` (engine "oxigraph"), for queries run natively.
        self.native: Any = None
        if config.engine == "oxigraph":
            import pyoxigraph
            from oxrdflib import OxigraphStore

            self.native = pyoxigraph.Store()  # in memory: several times faster than the on-disk store
            self.dataset = Dataset(store=OxigraphStore(store=self.native))
            for path in graph_files(config.graph_dir):  # Oxigraph's parsers: no rdflib graph in between
                load_into_oxigraph(self.native, path)
        else:
            self.dataset = Dataset()
            for path in graph_files(config.graph_dir):  # asserted, inferred and `newskg add` additions
                parse_rdf_file(path, self.dataset.default_graph)
        state = Path(config.state_dir)
        named = state / NAMED_STATE
        if named.is_file():
            from rdflib import URIRef

            from newskg.web.protocol import named_graph_names

            scratch = Dataset()  # Dataset.parse would empty our default graph: parse apart, then copy
            scratch.parse(named, format="nquads")
            for name in named_graph_names(scratch):
                target = self.dataset.graph(URIRef(name))
                target += scratch.graph(URIRef(name))
        else:
            load_named_graphs(self.dataset, config.named_graphs)
        #: The folder's asserted and inferred parts by their export names: usable as
        #: default-graph-uri / named-graph-uri / FROM, never added to the dataset.
        from newskg.web.outside import GraphParts

        self.parts = GraphParts(config.graph_dir)

    @property
    def graph(self) -> Graph:
        graph: Graph = self.dataset.default_graph
        return graph


# ── the audit hook ──────────────────────────────────────────────────────────

_GUARD: dict[str, Any] = {"active": False, "allowed": ()}
_BLOCKED_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.bind",
                   "urllib.Request", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn",
                   "os.spawn", "os.fork", "os.forkpty", "ctypes.dlopen", "webbrowser.open")


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _GUARD["active"]:
        return
    if event in _BLOCKED_EVENTS:
        raise PermissionError(f"refused while a query runs: {event}")
    if event == "open" and args:
        path = args[0]
        if isinstance(path, int):
            return
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
        if any(flag in mode for flag in "wax+"):
            raise PermissionError(f"refused while a query runs: writing {path}")
        real = os.path.realpath(str(path))
        if not any(real == a or real.startswith(a.rstrip(os.sep) + os.sep) for a in _GUARD["allowed"]):
            raise PermissionError(f"refused while a query runs: opening {path}")


def install_guard(allowed: tuple[str, ...]) -> None:
    """Add the audit hook (once per process); it acts only while ``_GUARD['active']``."""
    roots = {os.path.realpath(p) for p in allowed}
    roots |= {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.__file__))}
    # installed packages outside the prefix (pip --user, a .pth line): the libraries load modules lazily
    roots |= {os.path.realpath(p) for p in sys.path if os.path.basename(p) in ("site-packages", "dist-packages")}
    import newskg

    roots.add(os.path.realpath(os.path.dirname(newskg.__file__)))
    _GUARD["allowed"] = tuple(sorted(roots))
    sys.addaudithook(_audit)


# ── tasks ───────────────────────────────────────────────────────────────────


def handle(state: WorkerState, task: dict[str, Any]) -> Any:
    """Answer one task; ``ProtocolError`` and library errors become error replies."""
    op = task["op"]
    if op == "query":
        spec = DatasetSpec(tuple(task.get("default", ())), tuple(task.get("named", ())))
        return run_query_text(state.dataset, task["query"], spec, task.get("accept"), task.get("base"), state.config.max_rows,
                              native=state.native, lookup=state.parts, extra_names=state.parts.names)
    if op == "update":
        using = DatasetSpec(tuple(task.get("default", ())), tuple(task.get("named", ())))
        return run_update_text(state.dataset, task["update"], using, task.get("base"),
                               lookup=state.parts, extra_names=state.parts.names)
    if op == "stored":
        return _stored(state, task)
    if op == "entity":
        return pages.entity_page(state.graph, task["key"])
    if op == "describe":
        graph = describe(state.graph, task["key"])
        if graph is None:
            raise ProtocolError(404, f"the graph knows nothing as https://newskg.dev/id/{task['key']}.")
        from newskg.web.protocol import serialize_graph

        return Reply(200, task["media"] + "; charset=utf-8", serialize_graph(graph, task["media"]))
    if op == "graph_store":
        from newskg.web.protocol import serialize_graph

        graph = store_graph(state.dataset, state.graph, state.parts, task.get("graph"))
        if graph is None:
            raise ProtocolError(404, f"this server holds no graph named {task.get('graph')}.")
        return Reply(200, task["media"] + "; charset=utf-8", serialize_graph(graph, task["media"]))
    if op in pages.PAGES:
        return pages.PAGES[op](state.graph)
    if op == "info":
        return {"triples": len(state.graph), "named": sorted(str(g.identifier) for g in state.dataset.graphs()
                                                              if str(g.identifier) != "urn:x-rdflib:default")}
    if op == "sleep":  # for tests of the time limit
        import time

        time.sleep(float(task["seconds"]))
        return "slept"
    raise ProtocolError(400, f"unknown task {op!r}")


def _stored(state: WorkerState, task: dict[str, Any]) -> Reply:
    from newskg.folder.views import answer
    from newskg.query.queries import check_sparql, load_query, run_query
    from newskg.web.protocol import query_form

    stored = load_query(task["name"])  # QueryNotFound before anything runs
    form = query_form(check_sparql(stored.text, stored.name).algebra)
    media = choose_media(task.get("accept"), form)
    if media is None:
        raise not_acceptable(form)
    source: Any = state.graph if state.native is None else _NativeDefaultGraph(state.native)
    size, page = task.get("page_size"), task.get("page")
    # an unfiltered listing from its maintained view when it holds the state this worker loaded
    viewed = not task.get("params") and form == "SELECT" and state.folder_state is not None
    if not page or form != "SELECT":
        result = answer(state.config.graph_dir, stored.name, state=state.folder_state) if viewed else None
        if result is None:
            result = run_query(source, stored.name, task.get("params") or {})
        return serialize_result(result, media, state.config.max_rows)
    size = min(int(size or state.config.max_rows), state.config.max_rows)  # one row more than the page: is there a next page?
    offset = (page - 1) * size
    result = answer(state.config.graph_dir, stored.name, size + 1, offset, state=state.folder_state) if viewed else None
    if result is None:
        result = run_query(source, stored.name, task.get("params") or {}, limit=size + 1, offset=offset)
    rows = list(result.bindings)
    result.bindings = rows[:size]
    reply = serialize_result(result, media, state.config.max_rows)
    reply.headers["X-Page"] = (f"{page}; size={size}; more={'true' if len(rows) > size else 'false'}; "
                              f"rows={len(result.bindings)}")
    return reply


class _NativeDefaultGraph:
    """The default graph of the worker's Oxigraph store, as a query backend (``queries.run_query``)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def query(self, text: str, bindings: dict[str, Any] | None = None, name: str = "query") -> Any:
        from newskg.query.oxigraph import query_oxigraph

        return query_oxigraph(self.store, text, bindings, name)


def error_reply(exc: BaseException) -> tuple[str, int, str]:
    """An exception as ("error", HTTP status, message) — never a traceback."""
    if isinstance(exc, ProtocolError):
        return ("error", exc.status, exc.message)
    if isinstance(exc, GraphNotFound):  # the folder vanished while reloading: the server, not the request
        return ("error", 503, f"{exc}; try again in a few seconds.")
    if isinstance(exc, QueryNotFound):
        return ("error", 404, str(exc))
    if isinstance(exc, (QueryError, RDFInputError)):
        return ("error", 400, str(exc))
    if isinstance(exc, NewsKGError):
        return ("error", 400, str(exc))
    if isinstance(exc, PermissionError):
        return ("error", 403, f"{exc}: this endpoint does not open files or connections for a query.")
    if isinstance(exc, RecursionError):
        return ("error", 400, "the query is nested too deeply to evaluate.")
    if isinstance(exc, MemoryError):
        return ("error", 503, "the query needed more memory than the server allows.")
    return ("error", 500, f"internal error ({type(exc).__name__}); the server log has the details.")


def worker_main(conn: Connection, config: WorkerConfig, generation: int) -> None:
    """Entry point of a worker process: load, say ready, then serve tasks until the pipe closes."""
    try:
        state = WorkerState(config, generation)
    except (GraphNotFound, RDFInputError, OSError, SyntaxError) as exc:
        conn.send(("failed", str(exc)))
        return
    install_guard(config.allowed_paths)
    conn.send(("ready", len(state.graph)))
    while True:
        try:
            generation, task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if generation != state.generation:
                state = WorkerState(config, generation)
            _GUARD["active"] = True
            try:
                value = handle(state, task)
            finally:
                _GUARD["active"] = False
            reply: Any = ("ok", value)
        except BaseException as exc:  # every failure becomes a reply; the worker lives on
            if isinstance(exc, KeyboardInterrupt):
                return
            if not isinstance(exc, (ProtocolError, NewsKGError, PermissionError)):
                traceback.print_exc(file=sys.stderr)
            reply = error_reply(exc)
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
