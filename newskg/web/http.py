"""HTTP around the app, as plain ASGI middleware: the request body cap (413), security headers,
HEAD and OPTIONS, opt-in CORS and the access log (``newskg.web.endpoint.create_app`` stacks them).

* ``BodyLimit``: a body longer than ``max_body`` bytes is refused with 413 before it is read
  (by its Content-Length) or as soon as the bytes read pass the cap (chunked bodies); the app
  then reads the body from memory, so at most ``max_body`` bytes of a request are ever held.
* ``SecurityHeaders``: ``X-Content-Type-Options: nosniff`` on every answer, and on pages a
  Content-Security-Policy (same-origin scripts, styles and images only; no framing).
* ``HeadOptions``: HEAD is answered as GET without the body; OPTIONS with the methods allowed.
* ``AccessLog``: one line per request on stderr, written by a background thread from a bounded
  queue (a stderr nobody reads never blocks the server: lines are dropped instead).
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The default body cap and its outer bound (Oxigraph server's limit).
DEFAULT_MAX_BODY = 4 * 1024 * 1024
MAX_BODY_LIMIT = 128 * 1024 * 1024
#: Pages load their scripts, styles and images from this server only (YASGUI included).
PAGE_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def human_size(size: int) -> str:
    """4194304 -> '4 MB', 65536 -> '64 KB'."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


def parse_size(text: str) -> int:
    """'4MB', '512k', '65536' -> bytes; ValueError for anything else or above the outer bound."""
    value = text.strip().lower().replace(" ", "")
    factor = 1
    for suffix, scale in (("mb", 1 << 20), ("m", 1 << 20), ("kb", 1 << 10), ("k", 1 << 10), ("b", 1)):
        if value.endswith(suffix):
            value, factor = value[: -len(suffix)], scale
            break
    size = int(float(value) * factor)
    if size <= 0 or size > MAX_BODY_LIMIT:
        raise ValueError(f"a body cap between 1 byte and {human_size(MAX_BODY_LIMIT)}")
    return size


async def _json(send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"message": message}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return None


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    def _refusal(self) -> str:
        return (f"the request body is larger than this server accepts ({human_size(self.max_body)}); "
                "send a smaller request (the operator sets the limit with --max-body).")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _json(send, 413, self._refusal(), [(b"connection", b"close")])
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _json(send, 413, self._refusal(), [(b"connection", b"close")])
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                media = dict((k.lower(), v) for k, v in headers).get(b"content-type", b"")
                if media.startswith(b"text/html") or media.startswith(b"image/svg"):
                    headers += [(b"content-security-policy", PAGE_CSP.encode()),
                                (b"referrer-policy", b"same-origin")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadOptions:
    """HEAD as GET without a body; OPTIONS (not a CORS pre-flight) answered with ``Allow``."""

    def __init__(self, app: ASGIApp, post_paths: tuple[str, ...] = ("/sparql", "/sparql/")) -> None:
        self.app = app
        self.post_paths = post_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            allow = "GET, HEAD, POST, OPTIONS" if scope["path"] in self.post_paths else "GET, HEAD, OPTIONS"
            await send({"type": "http.response.start", "status": 204,
                        "headers": [(b"allow", allow.encode()), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class AccessLog:
    """``CLIENT - "METHOD TARGET HTTP/V" STATUS BYTES MS`` per request, on stderr."""

    MAX_TARGET = 300

    def __init__(self, app: ASGIApp, stream: Any = None, capacity: int = 10_000) -> None:
        self.app = app
        self.stream = stream
        self.lines: queue.Queue[str] = queue.Queue(maxsize=capacity)
        self.dropped = 0
        threading.Thread(target=self._write, name="newskg-access-log", daemon=True).start()

    def _write(self) -> None:
        while True:
            line = self.lines.get() + "\n"
            stream = self.stream or sys.stderr
            try:  # straight to the file descriptor: a full pipe blocks this thread only, never
                # the lock of sys.stderr that the rest of the server writes through
                fd = stream.fileno()
            except (AttributeError, OSError, ValueError):
                fd = None
            try:
                if fd is None:
                    stream.write(line)
                    stream.flush()
                else:
                    data = line.encode("utf-8", "replace")
                    while data:
                        data = data[os.write(fd, data):]
            except (OSError, ValueError):
                pass

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = {"status": 500, "bytes": 0}

        async def counting(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = int(message["status"])
            elif message["type"] == "http.response.body":
                state["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            target = scope.get("raw_path", b"").decode("latin-1") or scope["path"]
            if scope.get("query_string"):
                target += "?" + scope["query_string"].decode("latin-1")
            if len(target) > self.MAX_TARGET:
                target = target[: self.MAX_TARGET] + "..."
            client = scope.get("client") or ("-", 0)
            line = (f'{client[0]} - "{scope["method"]} {target} HTTP/{scope.get("http_version", "1.1")}" '
                    f'{state["status"]} {state["bytes"]} {1000 * (time.perf_counter() - started):.1f}ms')
            try:
                self.lines.put_nowait(line)
            except queue.Full:
                self.dropped += 1


def middleware(*, max_body: int = DEFAULT_MAX_BODY, cors: str | None = None, access_log: bool = False) -> list[Any]:
    """The middleware above for ``Starlette(middleware=...)``, outermost first: log, CORS,
    headers, HEAD/OPTIONS, body cap."""
    from starlette.middleware import Middleware

    stack = [Middleware(AccessLog)] if access_log else []
    if cors:
        from starlette.middleware.cors import CORSMiddleware

        stack.append(Middleware(CORSMiddleware, allow_origins=[cors], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                                allow_headers=["Accept", "Content-Type", "Authorization"],
                                expose_headers=["X-Truncated", "Link", "Retry-After"], max_age=600))
    stack += [Middleware(SecurityHeaders), Middleware(HeadOptions), Middleware(BodyLimit, max_body=max_body)]
    return stack
