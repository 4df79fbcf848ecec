"""Stage 9c, serve: the graph over HTTP — SPARQL 1.1 Protocol, stored queries and web pages.

``create_app(graph_dir, ...)`` builds a Starlette (ASGI) app; ``run_serve(...)``
runs it with uvicorn (the ``newskg serve`` command).

* ``/sparql``: SPARQL 1.1 Protocol (GET ``?query=``, POST form-encoded, POST
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri``),
  content negotiation with q-values, a Service Description on a GET without query.
* ``/queries`` and ``/queries/{name}``: the stored queries as an API (grlc style, ``?page=K``
  with Link headers; OpenAPI at ``/openapi.json``, a page at ``/api``); ``/id/{key}``: Linked Data;
  ``/data?default`` / ``?graph=``: the Graph Store Protocol, read-only;
  parameters are bound as typed RDF terms, never pasted into the text.
* ``/``, ``/entity/{key}``, ``/entities``, ``/timeline``, ``/sanctions``, ``/ontology``:
  pages for people.

Safe by default: read-only; SPARQL Update only with ``allow_update`` and the
bearer token, through validate-then-commit.  Every query runs in a worker process
(``newskg.web.pool``) under a hard time limit and a row cap; SERVICE, LOAD and
FROM of graphs the server does not hold are refused in the parsed query, with an
audit hook in the worker behind that.  Errors are JSON ``{"message": ...}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from rdflib import Graph
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from newskg import settings
from newskg.errors import NewsKGError, ShapeViolation, UsageError
from newskg.query.queries import list_queries
from newskg.web import linked, svg
from newskg.web.http import DEFAULT_MAX_BODY
from newskg.web.http import middleware as http_middleware
from newskg.web.lanes import SlowLane
from newskg.web.ontology_page import ontology_terms
from newskg.web.pool import PoolError, WorkerPool
from newskg.web.replies import error, page_data, render, reply_response
from newskg.web.service import service_description
from newskg.web.worker import NAMED_STATE, WorkerConfig

__all__ = ["create_app", "run_serve"]

WEB_DIR = Path(__file__).resolve().parent
YASGUI_DIR = WEB_DIR / "node_modules" / "@zazuko" / "yasgui" / "build"
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


class Endpoint:
    """The state of one app: its worker pool, settings and update lock."""

    def __init__(self, graph_dir: Path, *, timeout: float, max_rows: int, allow_update: bool,
                 token: str | None, workers: int, named_graphs: Mapping[str, str | Path],
                 base_url: str | None = None) -> None:
        self.graph_dir = graph_dir
        #: The server's own URL (``--base-url``); never taken from a request's Host header.
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.timeout = timeout
        self.max_rows = max_rows
        self.allow_update = allow_update
        self.token = token
        self.workers = workers
        self.named_graphs = {str(k): str(Path(v).resolve()) for k, v in named_graphs.items()}
        self.state_dir = Path(tempfile.mkdtemp(prefix="newskg-serve-"))
        self.pool: WorkerPool | None = None
        self.lane = SlowLane(workers, queue_timeout=max(30.0, 3 * timeout),
                             loaded=lambda: int(self.pool.health()["ready"]) if self.pool is not None else 0)
        self.update_lock = asyncio.Lock()
        self.templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
        self.templates.env.globals["yasgui"] = YASGUI_DIR.is_dir()

    def config(self) -> WorkerConfig:
        allowed = (str(self.graph_dir.resolve()), str(self.state_dir), str(Path(settings.QUERIES_DIR).resolve()),
                   str(Path(settings.ONTOLOGY_DIR).resolve()), *self.named_graphs.values())
        from newskg.folder.backends import store_of

        # a graph built for a database store is served from an in-memory Oxigraph copy
        engine = "rdflib" if store_of(self.graph_dir) == "files" else "oxigraph"
        return WorkerConfig(graph_dir=str(self.graph_dir), state_dir=str(self.state_dir), max_rows=self.max_rows,
                            named_graphs=self.named_graphs, allowed_paths=allowed, engine=engine)

    async def run(self, task: dict[str, Any]) -> Any:
        assert self.pool is not None
        return await self.pool.run(task)

    def url(self, request: Request, path: str) -> str:
        """An absolute URL of this server: the configured base, else the address the connection
        came in on (the socket's, not the Host header a client sends)."""
        if self.base_url:
            return self.base_url + path.lstrip("/")
        host, port = request.scope.get("server") or ("127.0.0.1", 80)
        scheme = request.scope.get("scheme", "http")
        default = (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
        return f"{scheme}://{host}{'' if default or port is None else f':{port}'}/{path.lstrip('/')}"


# ── /sparql ─────────────────────────────────────────────────────────────────


def _content_type(request: Request) -> tuple[str, dict[str, str]]:
    header = request.headers.get("content-type", "")
    media, *params = [p.strip() for p in header.split(";")]
    values = {}
    for param in params:
        key, _, value = param.partition("=")
        values[key.strip().lower()] = value.strip().strip('"')
    return media.lower(), values


def _check_charset(params: dict[str, str]) -> None:
    charset = params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise HTTPException(415, f"charset {charset} is not supported: send the request body as UTF-8.")


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the request body is not valid UTF-8.") from None


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise HTTPException(400, f"the request has {len(values)} '{name}' parameters; give exactly one.")
    return values[0] if values else None


async def sparql(request: Request) -> Response:
    endpoint: Endpoint = request.app.state.endpoint
    if request.method not in ("GET", "POST"):
        return error(405, f"{request.method} is not allowed here: use GET or POST (SPARQL 1.1 Protocol).",
                     {"Allow": "GET, POST"})
    params: list[tuple[str, str]] = list(request.query_params.multi_items())
    query: str | None = None
    update: str | None = None
    if request.method == "GET":
        if any(k == "update" for k, _ in params):
            return error(400, "an update must be sent with POST (form-encoded update=... or application/sparql-update).")
        query = _one([v for k, v in params if k == "query"], "query")
        if query is None:
            return service_description(request, endpoint)
    else:
        media, ctype = _content_type(request)
        body = await request.body()
        if media == FORM:
            _check_charset(ctype)
            form = parse_qsl(_utf8(body), keep_blank_values=True)
            queries = [v for k, v in form if k == "query"]
            updates = [v for k, v in form if k == "update"]
            if queries and updates:
                return error(400, "the request has both 'query' and 'update'; send one operation.")
            query, update = _one(queries, "query"), _one(updates, "update")
            if query is None and update is None:
                return error(400, "the form has neither 'query' nor 'update'.")
            params += [(k, v) for k, v in form if k not in ("query", "update")]
        elif media == QUERY_TYPE:
            _check_charset(ctype)
            query = _utf8(body)
        elif media == UPDATE_TYPE:
            _check_charset(ctype)
            update = _utf8(body)
        elif not media:
            return error(415, "the POST has no Content-Type: use application/x-www-form-urlencoded, "
                              "application/sparql-query or application/sparql-update.")
        else:
            return error(415, f"Content-Type {media} is not accepted: use application/x-www-form-urlencoded, "
                              "application/sparql-query or application/sparql-update.")
    base = endpoint.url(request, "sparql")
    accept = request.headers.get("accept")
    formats = [v for k, v in params if k in ("output", "format")]
    if formats:  # Fuseki's ?output= / ?format= win over Accept
        from newskg.web.protocol import accept_for_format

        accept = accept_for_format(formats[-1])
        if accept is None:
            return error(400, f"output={formats[-1]!r} is not a format this server gives: use json, xml, csv, "
                              "tsv, turtle, ntriples, jsonld, trig, rdfxml or a media type.")
    if update is not None:
        return await run_update(request, endpoint, update, params, base)
    assert query is not None
    async with endpoint.lane.admit(query):  # slow queries never hold every worker
        return await _run_query(endpoint, query, accept, base, params)


async def _run_query(endpoint: Endpoint, query: str, accept: str | None, base: str,
                     params: list[tuple[str, str]]) -> Response:
    task = {"op": "query", "query": query, "accept": accept, "base": base,
            "default": [v for k, v in params if k == "default-graph-uri"],
            "named": [v for k, v in params if k == "named-graph-uri"]}
    return reply_response(await endpoint.run(task))


async def run_update(request: Request, endpoint: Endpoint, text: str, params: list[tuple[str, str]], base: str) -> Response:
    if not endpoint.allow_update:
        return error(403, "SPARQL Update is refused: this server is read-only (start it with --allow-update "
                          "and send the token it prints).")
    given = request.headers.get("authorization", "")
    expected = f"Bearer {endpoint.token}"
    if not endpoint.token or not hmac.compare_digest(given.encode(), expected.encode()):
        return error(403, "SPARQL Update needs the token printed at start-up: send 'Authorization: Bearer TOKEN'.")
    task = {"op": "update", "update": text, "base": base,
            "default": [v for k, v in params if k == "using-graph-uri"],
            "named": [v for k, v in params if k == "using-named-graph-uri"]}
    async with endpoint.update_lock:
        value = await endpoint.run(task)
        if isinstance(value, tuple):
            return reply_response(value)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, commit_change, endpoint, value.change)
        except ShapeViolation as exc:
            return JSONResponse({"message": f"the update was not applied: {exc}",
                                 "violations": exc.report.to_text()}, status_code=422)
        except NewsKGError as exc:
            return error(400, f"the update was not applied: {exc}")
        assert endpoint.pool is not None
        endpoint.pool.reload()
    return reply_response(value)


def commit_change(endpoint: Endpoint, change: Any) -> None:
    """Validate then commit an update.

    Triples added to the default graph go through ``newskg.folder.update.add`` (the library of
    ``newskg add``: incremental SHACL validation, provenance, atomic commit of the graph
    folder; ``ShapeViolation`` leaves the folder unchanged).  Removing stored triples is
    refused (``newskg retract`` removes articles and additions).  Named graphs are the
    server's scratch space, kept in its state folder until it stops.
    """
    additions = Graph().parse(data=change.additions.decode("utf-8"), format="nt")
    removals = Graph().parse(data=change.removals.decode("utf-8"), format="nt")
    if len(removals):
        raise UsageError(
            f"the update would remove {len(removals)} triples of the stored graph; this endpoint only adds "
            "to the graph folder (remove articles or additions with `newskg retract`).")
    if len(additions):
        from newskg.folder.update import add  # lazily: only servers that accept updates need it

        with tempfile.TemporaryDirectory(prefix="newskg-update-") as folder:
            path = Path(folder) / "sparql-update.nt"
            path.write_bytes(change.additions)
            add([str(path)], endpoint.graph_dir, by="sparql-update")
    (endpoint.state_dir / NAMED_STATE).write_bytes(change.named)


async def health(request: Request) -> Response:
    """200 while at least one query worker is loaded, 503 while they are all being restarted."""
    endpoint: Endpoint = request.app.state.endpoint
    state = endpoint.pool.health() if endpoint.pool is not None else {"status": "down", "ready": 0}
    return JSONResponse(state, status_code=200 if state["status"] == "ok" else 503,
                        headers={"Cache-Control": "no-store"})


# ── /queries ────────────────────────────────────────────────────────────────


async def queries_index(request: Request) -> Response:
    endpoint: Endpoint = request.app.state.endpoint
    base = endpoint.url(request, "queries")
    items = [{"name": q.name, "summary": q.summary, "description": q.description, "parameters": q.params,
              "parameter_types": {p: q.param_types.get(p, "term") for p in q.params},
              "tags": q.metadata.get("tags") or [], "url": f"{base}/{q.name}", "query": q.text}
             for q in list_queries()]
    return JSONResponse(items)


async def stored_query(request: Request) -> Response:
    endpoint: Endpoint = request.app.state.endpoint
    name = request.path_params["name"]
    params: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in params:
            return error(400, f"parameter {key!r} is given twice; give it once.")
        if value == "":
            continue  # an empty field of a form means "not given"
        params[key] = value
    try:
        page = linked.page_number(params.pop("page", None))
    except ValueError:
        return error(400, "page= takes a page number, 1 or more.")
    task: dict[str, Any] = {"op": "stored", "name": name, "params": params, "accept": request.headers.get("accept")}
    if page is not None:
        task.update(page=page, page_size=_page_size(name))
    value = await endpoint.run(task)
    response = reply_response(value)
    paged = response.headers.get("x-page")
    if paged:  # "K; size=N; more=true|false" from the worker -> RFC 8288 Link
        del response.headers["x-page"]
        response.headers["Link"] = linked.link_header(endpoint.url(request, f"queries/{name}"), params, page or 1,
                                                       "more=true" in paged, "rows=0" not in paged)
    return response


def _page_size(name: str) -> int:
    from newskg.query.queries import load_query, page_size

    try:
        return page_size(load_query(name))
    except NewsKGError:
        return 1  # the worker answers 404 for the name


# ── pages ───────────────────────────────────────────────────────────────────


async def index(request: Request) -> Response:
    """The query page.  Its editor opens on the stored query named by ``?query=NAME``, on the
    text of ``?query=`` when that names no stored query (the editor's share links), else on the
    first stored query."""
    queries = list_queries()
    given = request.query_params.get("query")
    chosen = [q for q in queries if q.name == given] if given else queries[:1]
    selected = chosen[0] if chosen else None
    text = selected.text if selected else given or "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20"
    return render(request, "index.html", queries=queries, selected=selected, text=text)


async def entity(request: Request) -> Response:
    key = request.path_params["key"]
    data = await page_data(request, "entity", key=key)
    if data is None:
        return render(request, "notfound.html", status=404, key=key)
    return render(request, "entity.html", entity=data)


async def entities(request: Request) -> Response:
    return render(request, "entities.html", rows=await page_data(request, "entities"))


async def timeline(request: Request) -> Response:
    posts = await page_data(request, "timeline")
    return render(request, "timeline.html", posts=posts, picture=svg.timeline_svg(posts))


async def sanctions(request: Request) -> Response:
    groups = await page_data(request, "sanctions")
    return render(request, "sanctions.html", groups=groups, picture=svg.sanctions_svg(groups))


async def sanctions_svg(request: Request) -> Response:
    groups = await page_data(request, "sanctions")
    return Response(svg.sanctions_svg(groups), media_type="image/svg+xml")


async def ontology(request: Request) -> Response:
    cache = request.app.state.__dict__.setdefault("ontology_terms", None)
    if cache is None:
        cache = await asyncio.get_running_loop().run_in_executor(None, ontology_terms)
        request.app.state.ontology_terms = cache
    return render(request, "ontology.html", terms=cache)


# ── the app ─────────────────────────────────────────────────────────────────


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith(("/sparql", "/queries"))


async def http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    message = getattr(exc, "detail", None) or "error"
    if _wants_html(request):
        return render(request, "error.html", status=status, status_code=status, message=message)
    return error(status, str(message))


async def pool_error(request: Request, exc: Exception) -> Response:
    return error(getattr(exc, "status", 503), str(exc), {"Retry-After": "5"})


async def server_error(request: Request, exc: Exception) -> Response:
    print(f"newskg serve: internal error on {request.url.path}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return error(500, f"internal error ({type(exc).__name__}); the server log has the details.")


def create_app(graph_dir: Path | str, *, timeout: float = 10.0, max_rows: int = 100_000, allow_update: bool = False,
               token: str | None = None, workers: int | None = None,
               named_graphs: Mapping[str, str | Path] | None = None, max_body: int = DEFAULT_MAX_BODY,
               cors: str | None = None, access_log: bool = False, base_url: str | None = None) -> Starlette:
    """The ASGI app serving the graph folder ``graph_dir``.

    Request bodies above ``max_body`` bytes get 413; ``cors`` names the one origin allowed to
    call from a browser; ``access_log`` writes a line per request on stderr; ``base_url`` is the
    server's own URL in the Service Description and as the base of queries.

    ``workers`` query processes are started with the app (default: one per CPU, at least 2);
    ``named_graphs`` maps graph names to RDF files loaded as named graphs next to the default
    graph.  With ``allow_update`` SPARQL Update is accepted from requests carrying ``token``.
    """
    graph_dir = Path(graph_dir)
    if allow_update and not token:
        raise NewsKGError("allow_update needs a token (run_serve makes one and prints it).")
    endpoint = Endpoint(graph_dir, timeout=timeout, max_rows=max_rows, allow_update=allow_update, token=token,
                        workers=workers or max(2, os.cpu_count() or 2), named_graphs=named_graphs or {},
                        base_url=base_url)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        endpoint.pool = WorkerPool(endpoint.config(), size=endpoint.workers, timeout=timeout)
        try:
            await endpoint.pool.start()
            yield
        finally:
            await endpoint.pool.close()
            shutil.rmtree(endpoint.state_dir, ignore_errors=True)

    routes = [
        Route("/", index, name="index"),
        Route("/sparql", sparql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"], name="sparql"),
        Route("/sparql/", sparql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/health", health, name="health"),
        Route("/queries", queries_index, name="queries_index"),
        Route("/queries/{name}", stored_query, name="stored_query"),
        Route("/entity/{key:path}", entity, name="entity"),
        Route("/id/{key:path}", linked.id_route, name="linked_data"),
        Route("/openapi.json", linked.openapi_route, name="openapi"),
        Route("/api", linked.api_page, name="api"),
        Route("/data", linked.graph_store_route, methods=["GET", "HEAD", "PUT", "POST", "DELETE"], name="graph_store"),
        Route("/entities", entities, name="entities"),
        Route("/timeline", timeline, name="timeline"),
        Route("/sanctions", sanctions, name="sanctions"),
        Route("/sanctions.svg", sanctions_svg, name="sanctions_svg"),
        Route("/ontology", ontology, name="ontology"),
        Mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static"),
    ]
    if YASGUI_DIR.is_dir():
        routes.append(Mount("/yasgui", StaticFiles(directory=str(YASGUI_DIR)), name="yasgui"))
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=http_middleware(max_body=max_body, cors=cors, access_log=access_log),
        exception_handlers={HTTPException: http_error, PoolError: pool_error, Exception: server_error},
    )
    app.state.endpoint = endpoint
    return app


def run_serve(graph_dir: Path | str, host: str = "127.0.0.1", port: int = 8000, *, timeout: float = 10.0,
              max_rows: int = 100_000, allow_update: bool = False, workers: int | None = None,
              echo: Any = print, max_body: int = DEFAULT_MAX_BODY, cors: str | None = None, quiet: bool = False,
              base_url: str | None = None) -> None:
    """Serve ``graph_dir`` with uvicorn until interrupted; prints the update token when updates are on."""
    import uvicorn

    from newskg.folder.store import graph_files

    graph_files(graph_dir)  # GraphNotFound now, not in a worker
    token = secrets.token_urlsafe(24) if allow_update else None
    shown = f"[{host}]" if ":" in host else host
    base_url = base_url or f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    app = create_app(graph_dir, timeout=timeout, max_rows=max_rows, allow_update=allow_update, token=token,
                     workers=workers, max_body=max_body, cors=cors, access_log=not quiet, base_url=base_url)
    echo(f"newskg serve: http://{host}:{port}/ (SPARQL endpoint http://{host}:{port}/sparql), "
         f"time limit {timeout:g} s, at most {max_rows} rows")
    if token:
        echo(f"newskg serve: SPARQL Update is on; send the header  Authorization: Bearer {token}")
    uvicorn.run(app, host=host, port=port, log_level="warning")
