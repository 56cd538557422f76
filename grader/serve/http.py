"""The HTTP edge of the server: bodies read within their limit, JSON decoded strictly,
errors answered as JSON, and a budget of requests per client address."""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from typing import Any

import anyio
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from grader.serve.limits import DEFAULT_SERVE_LIMITS, ServeLimits
from grader.serve.service import Asker, RequestError

LOG = logging.getLogger("grader.serve")
MAX_CLIENTS = 10_000  # addresses whose budget is remembered; the longest unseen is forgotten
RETRY_SECONDS = 5  # Retry-After of a busy server (503) and of a client with checks running (429)


async def bounded_body(request: Request, limit: int,
                       seconds: float = DEFAULT_SERVE_LIMITS.read_seconds) -> bytes:
    """The body, refused (413) as soon as it passes ``limit`` bytes: a client that announces
    or sends more is not read to the end; one that takes longer than ``seconds`` to send it
    is answered 408 and the connection closed (a trickled body holds a connection open).
    Kept on the request for ``request.form()``."""
    announced = request.headers.get("content-length")
    if announced is not None and (not announced.isdigit() or int(announced) > limit):
        raise RequestError(413 if announced.isdigit() else 400, "request-too-large", limit=limit)
    chunks, size = [], 0
    try:
        with anyio.fail_after(seconds):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise RequestError(413, "request-too-large", limit=limit)
                chunks.append(chunk)
    except TimeoutError:
        raise RequestError(408, "request-too-slow", seconds=f"{seconds:g}") from None
    except ClientDisconnect:  # nothing to answer, and nothing wrong with the server
        LOG.info("a client hung up while sending %s %s", request.method, request.url.path[:100])
        raise RequestError(499, "request-client-gone") from None
    body = b"".join(chunks)
    request._body = body  # request.form() and request.json() read this instead of the stream
    return body


def json_object(body: bytes) -> dict[str, Any]:
    """The body as one JSON object (400 for anything else: not UTF-8, not JSON, too deep)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError(400, "request-not-utf8") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise RequestError(400, "request-not-json", problem=f"{exc.msg}, line {exc.lineno}") from None
    except (RecursionError, ValueError) as exc:  # nesting; a number of more digits than Python converts
        raise RequestError(400, "request-not-json", problem=type(exc).__name__) from None
    if not isinstance(data, dict):
        raise RequestError(400, "request-not-object")
    try:  # a lone surrogate ("\ud800") is valid JSON but no text: refused here, not when answered
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise RequestError(400, "request-not-utf8") from None
    return data


def _no_constant(name: str) -> None:
    raise ValueError(name)


def fields_of(data: dict[str, Any], required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    """400 for a missing or unknown field: a typo must not be silently ignored."""
    known = required + optional
    for name in required:
        if name not in data:
            raise RequestError(400, "request-field-missing", field=name, fields=", ".join(required))
    for name in data:
        if name not in known:
            raise RequestError(400, "request-field-unknown", field=name[:60], fields=", ".join(known))


async def submission_body(request: Request, limits: ServeLimits, fields: tuple[str, ...],
                          optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A body that hands over answers or notes (a check, a hand-in): ``fields`` plus either
    ``answers`` or ``notes`` with ``format``. Notes may take ``max_notes_bytes`` more than
    the body limit; answers may not."""
    data = json_object(await bounded_body(request, limits.max_body_bytes + limits.max_notes_bytes,
                                          limits.read_seconds))
    notes = "notes" in data
    if notes and "answers" in data:
        raise RequestError(400, "request-answers-or-notes")
    if notes:
        fields_of(data, (*fields, "notes", "format"), optional)
    else:
        fields_of(data, (*fields, "answers"), optional)
        if len(await request.body()) > limits.max_body_bytes:
            raise RequestError(413, "request-too-large", limit=limits.max_body_bytes)
    return data


def error_response(error: RequestError, headers: dict[str, str] | None = None) -> JSONResponse:
    """The error as JSON, with :func:`status_headers` (``headers`` may say otherwise)."""
    return JSONResponse({"error": {"code": error.code, "message": error.message()}}, error.status,
                        headers={**status_headers(error.status), **(headers or {})})


def status_headers(status: int) -> dict[str, str]:
    """A 429 or 503 says when to try again; after a 408 the connection is closed (what is left
    of a slow client's body is not waited for)."""
    if status in (429, 503):
        return {"Retry-After": str(RETRY_SECONDS)}
    return {"Connection": "close"} if status == 408 else {}


def asker(request: Request) -> Asker:
    """Who asks, for the checks' bounds: the client's address (behind a trusted proxy, the one
    the proxy names), and when it hangs up."""
    client = request.client
    return Asker(client.host if client else "", partial(hung_up, request.receive))


async def hung_up(receive: Receive) -> None:
    """Return when the client hangs up. Called once the body is read, so the server has
    nothing more to give but the disconnect (or, after the answer, its end)."""
    while (await receive())["type"] != "http.disconnect":
        pass


class RateLimit:
    """A token bucket per client address: ``burst`` requests at once, refilled at
    ``per_minute``; over budget: 429 with Retry-After (as JSON, or for a page as ``page``
    answers it). Static files are not counted (a page load fetches them). Behind a proxy the
    address is the one uvicorn is told to trust."""

    def __init__(self, app: ASGIApp, per_minute: int, burst: int,
                 page: Callable[[Request, RequestError, dict[str, str]], Response] | None = None) -> None:
        self.app = app
        self.rate = per_minute / 60.0
        self.burst = float(max(1, burst))
        self.page = page
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.rate <= 0 or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.spend(client[0] if client else "", time.monotonic())
        if wait > 0:
            error, headers = RequestError(429, "request-too-many"), {"Retry-After": str(max(1, round(wait)))}
            api = self.page is None or scope["path"].startswith("/api/")
            response = error_response(error, headers) if api or self.page is None \
                else self.page(Request(scope), error, headers)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def spend(self, client: str, now: float) -> float:
        """Take one request from ``client``'s budget: 0, or the seconds until one is back."""
        tokens, then = self.buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > MAX_CLIENTS:
            self.buckets.popitem(last=False)
        return 0.0
