"""The ASGI application of ``grader serve``: the JSON API under ``/api`` and the students'
pages, on Starlette. ``create_app`` builds it; collect mode's hand-in routes are added in one
place, through its ``collector`` (a :class:`grader.serve.collect.Collector`)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from grader.exercise import Exercise
from grader.serve import pages
from grader.serve.http import (
    RateLimit,
    asker,
    bounded_body,
    error_response,
    fields_of,
    json_object,
    submission_body,
)
from grader.serve.limits import DEFAULT_SERVE_LIMITS, ServeLimits
from grader.serve.openapi import openapi
from grader.serve.pool import CheckPool
from grader.serve.service import CollectMode, RequestError, Service, check_data

LOG = logging.getLogger("grader.serve")
HAND_IN_ROUTE = "/api/hand-in"


def create_app(exercises: Mapping[str, Exercise], *, limits: ServeLimits = DEFAULT_SERVE_LIMITS,
               reveal: bool | None = None, pool: CheckPool | None = None,
               collector: CollectMode | None = None, open_variants: bool = False) -> Starlette:
    """The server's application. ``pool``: the checking workers (default: ``limits.workers``
    of them, started with the application and ended with it). ``reveal``: the server's
    ``--reveal``/``--no-reveal`` (None: each exercise's feedback policy). ``collector``:
    collect mode on (a :class:`grader.serve.collect.Collector`): its tokens open the pages
    as their student, and its routes hand in (``PersonalLinks``: the tokens only).
    ``open_variants``: any visitor may name any student and see their numbers (by default a
    variant exercise's numbers are given with a personal link only)."""
    from grader.running.batch import default_jobs

    owned = pool is None
    checks = pool or CheckPool(exercises, limits.workers or default_jobs(), limits.queue)
    service = Service(exercises, limits, checks, reveal, collector, open_variants)
    collecting = list(collector.routes(service)) if collector is not None else []
    api = _Api(service, hand_in=any(getattr(r, "path", None) == HAND_IN_ROUTE for r in collecting))
    routes: list[BaseRoute] = [
        Route("/api/exercises", api.exercises, methods=["GET"]),
        Route("/api/exercises/{exercise}", api.exercise, methods=["GET"]),
        Route("/api/validate", api.validate, methods=["POST"]),
        Route("/api/check", api.check, methods=["POST"]),
        Route("/api/openapi.json", api.openapi, methods=["GET"]),
        *pages.routes(service),
        *collecting,
    ]

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> Any:
        if owned:
            checks.start()
        try:
            yield
        finally:
            if owned:
                checks.close()

    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(RateLimit, per_minute=limits.requests_per_minute,
                                           burst=limits.burst, page=pages.error_page)],
                    exception_handlers={RequestError: _request_error, HTTPException: _http_error,
                                        Exception: _server_error})
    app.state.service = service
    return app


async def _request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    if not request.url.path.startswith("/api/"):
        return pages.error_page(request, exc)
    return error_response(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own: a route that does not exist, a method a route does not take."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        error = RequestError(405, "request-method", method=request.method[:10])
    elif exc.status_code == 404:
        error = RequestError(404, "request-unknown-route")
    else:  # a form Starlette could not parse (too many fields, a broken multipart body)
        error = RequestError(400, "request-not-read", problem=str(exc.detail)[:200])
    response = await _request_error(request, error)
    if exc.status_code == 405 and exc.headers:
        response.headers.update(exc.headers)
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    """The server's own failure: logged; the client sees a one-line error, never a traceback."""
    LOG.exception("while serving %s %s", request.method, request.url.path)
    failure = {"code": "server-error", "message": "the server failed; tell your teacher"}
    return JSONResponse({"error": failure}, 500)


class _Api:
    """The JSON routes; docs/serve.md and ``openapi`` describe them."""

    def __init__(self, service: Service, hand_in: bool = False) -> None:
        self.service = service
        self.hand_in = hand_in  # collect mode's /api/hand-in is served, so it is described

    async def exercises(self, _request: Request) -> Response:
        return JSONResponse({"exercises": self.service.listing()})

    async def exercise(self, request: Request) -> Response:
        exercise = self.service.exercise(request.path_params["exercise"])
        query = request.query_params
        student = self.service.whose(exercise, query.get("student"), query.get("token"))
        await self._variant(exercise, student)
        return JSONResponse(self.service.sheet(exercise, student))

    async def validate(self, request: Request) -> Response:
        data = json_object(await bounded_body(request, self.service.limits.max_body_bytes,
                                              self.service.limits.read_seconds))
        fields_of(data, ("exercise", "task", "answer"), ("student", "token"))
        exercise = self.service.exercise(data["exercise"])
        student = self.service.whose(exercise, data.get("student"), data.get("token"))
        own = await self._variant(exercise, student)
        task = self.service.task(own, data["task"])
        preview = self.service.preview(own, task, self.service.answer(data["answer"]), own.lang)
        error = None if preview.error_code is None else \
            {"code": preview.error_code, "message": preview.error, "position": preview.position}
        return JSONResponse({"exercise": exercise.id, "task": task.key, "answer": preview.answer,
                             "valid": error is None and preview.read_as is not None,
                             "read_as": preview.read_as,
                             "mathml": None if preview.mathml is None else str(preview.mathml),
                             "error": error})

    async def check(self, request: Request) -> Response:
        data = await submission_body(request, self.service.limits, ("exercise",), ("student", "token"))
        notes = "notes" in data
        exercise = self.service.exercise(data["exercise"])
        student = self.service.whose(exercise, data.get("student"), data.get("token"), needed=not notes)
        if notes:
            checked = await self.service.check_notes(exercise, data["notes"], data["format"], student,
                                                     asker=asker(request))
        else:
            checked = await self.service.check_answers(exercise, data["answers"], student,
                                                       asker=asker(request))
        if checked.status != "graded":  # notes that cannot be read: said as grader check says it
            message = checked.result.error_message
            if message is not None and message.code == "notes-no-student":  # grader check says --student
                raise RequestError(400, "request-student-needed", exercise=exercise.id)
            raise RequestError(422, "request-not-read", problem=checked.error or "") if message is None \
                else RequestError.of(422, message.code, message.params)
        return JSONResponse(await anyio.to_thread.run_sync(check_data, checked))

    async def _variant(self, exercise: Exercise, student: str | None) -> Exercise:
        """A student's numbers, made off the event loop the first time (SymPy computes them;
        they are remembered), so that no preview waits for them."""
        known = self.service.known_variant(exercise, student)
        return known if known is not None else \
            await anyio.to_thread.run_sync(self.service.variant, exercise, student)

    async def openapi(self, _request: Request) -> Response:
        return JSONResponse(openapi(self.hand_in))

