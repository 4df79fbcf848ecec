"""The answers every web route builds: the JSON error body, a worker's reply as a response, and
the HTML pages (data asked of a worker, rendered with the app's templates).

Below ``newskg.web.endpoint`` and ``newskg.web.linked``, which both answer with these.  The app's
state (``request.app.state.endpoint``, a ``newskg.web.endpoint.Endpoint``) is read by attribute.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response


def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The error body of every API answer: ``{"message": ...}``."""
    return JSONResponse({"message": message}, status_code=status, headers=dict(headers or {}))


def reply_response(value: Any) -> Response:
    """A worker's answer as a response (an error tuple becomes the JSON error body)."""
    if isinstance(value, tuple) and value and value[0] == "error":
        return error(value[1], value[2])
    return Response(value.body, status_code=value.status, media_type=value.media_type, headers=value.headers)


async def page_data(request: Request, op: str, **extra: Any) -> Any:
    endpoint = request.app.state.endpoint
    value = await endpoint.run({"op": op, **extra})
    if isinstance(value, tuple) and value and value[0] == "error":
        raise HTTPException(value[1], value[2])
    return value


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    endpoint = request.app.state.endpoint
    response: HTMLResponse = endpoint.templates.TemplateResponse(request, template, context, status_code=status)
    return response
