"""Collect mode's routes in ``grader serve``: a hand-in as JSON (``POST /api/hand-in``) and from a
student's own page (its "Hand in" buttons), stored by :class:`grader.serve.collect.Collector`.
They exist only on a server that collects (``create_app(collector=...)``); without a token of a
student on the roster nothing is stored.

A refusal is a status and a message code, as every error of the server: 403 a token of no one
(the same words whatever the token, so they say nothing of who exists), 413 too large, 422 not
stored as it is (no answers, notes that do not read), 503 the folder cannot be written."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict
from functools import partial

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from grader.errors import HandInRefused, OutputError
from grader.exercise import Exercise
from grader.export.roster import Person
from grader.serve import pages
from grader.serve.collect import Collector, Receipt
from grader.serve.http import submission_body
from grader.serve.service import NOTE_FORMATS, RequestError, Service

LOG = logging.getLogger("grader.serve")
TOKEN_REFUSED = "hand-in-token-refused"
TOO_LARGE = frozenset({"hand-in-too-large", "hand-in-too-many-answers", "hand-in-answer-too-long"})


def routes(service: Service, collector: Collector) -> list[BaseRoute]:
    hand_ins = HandIns(service, collector)
    return [Route("/api/hand-in", hand_ins.api, methods=["POST"]),
            Route("/exercises/{exercise}/hand-in", hand_ins.answers_page, methods=["POST"]),
            Route("/exercises/{exercise}/notes/hand-in", hand_ins.notes_page, methods=["POST"])]


def refusal(refused: HandInRefused) -> RequestError:
    """The collector's refusal as the server answers it."""
    code = refused.code or "submission-problem"
    status = 403 if code == TOKEN_REFUSED else 413 if code in TOO_LARGE else 422
    return RequestError.of(status, code, refused.params)


class HandIns:
    """The hand-in routes; every one stores through the collector, off the event loop."""

    def __init__(self, service: Service, collector: Collector) -> None:
        self.service = service
        self.collector = collector
        self.pages = pages.Pages(service)

    async def api(self, request: Request) -> Response:
        data = await submission_body(request, self.service.limits, ("token", "exercise"))
        notes = "notes" in data
        token = data["token"]
        self.holder(token)  # before anything else: a request without a valid token learns nothing more
        exercise = self.service.exercise(data["exercise"])
        if notes:
            receipt = await self.store_notes(token, exercise, data["notes"], data["format"])
        else:
            receipt = await self.store_answers(token, exercise, data["answers"])
        return JSONResponse(asdict(receipt))

    async def answers_page(self, request: Request) -> Response:
        """The answers form's "Hand in": the page again, with the receipt (or why not)."""
        exercise = self.service.exercise(request.path_params["exercise"])
        form = await self.pages.answers_form(request, exercise)
        visitor = self.pages.visitor(form.token)  # 403 for a token of no one
        if visitor.token is None:  # none at all: nothing is stored without one
            raise RequestError(403, TOKEN_REFUSED)
        given = {key: text for key, text in form.answers.items() if text.strip()}
        try:
            receipt = await self.store_answers(visitor.token, exercise, given)
        except RequestError as problem:
            html = await self.pages.render_page(exercise, visitor, form.answers, problem=problem)
            return pages.page(html, problem.status, visitor)
        html = await self.pages.render_page(exercise, visitor, form.answers, receipt=receipt)
        return pages.page(html, visitor=visitor)

    async def notes_page(self, request: Request) -> Response:
        """The notes form's "Hand in my notes": the page again, with the receipt (or why not)."""
        exercise = self.service.exercise(request.path_params["exercise"])
        upload, _student, visitor = await self.pages.notes_form(request, exercise, token_needed=True)
        assert visitor.token is not None
        try:
            _name, fmt, text = await self.pages.uploaded_notes(upload)
            receipt = await self.store_notes(visitor.token, exercise, text, fmt)
        except RequestError as problem:
            html = await self.pages.render_page(exercise, visitor, {}, problem=problem)
            return pages.page(html, problem.status, visitor)
        html = await self.pages.render_page(exercise, visitor, {}, receipt=receipt)
        return pages.page(html, visitor=visitor)

    def holder(self, token: object) -> Person:
        """The token's student; 403 for any other token, none included."""
        person = self.collector.student_of(token)
        if person is None:
            raise RequestError(403, TOKEN_REFUSED)
        return person

    async def store_answers(self, token: str, exercise: Exercise, answers: object) -> Receipt:
        if not isinstance(answers, dict):
            raise RequestError(400, "request-field-type", field="answers", type="object")
        for key, text in answers.items():  # as a check takes them: tasks of the exercise, within limits
            self.service.task(exercise, key)
            self.service.answer(text, "answers")
        return await self._stored(partial(self.collector.hand_in, token, exercise.id, answers))

    async def store_notes(self, token: str, exercise: Exercise, notes: object, fmt: object) -> Receipt:
        if fmt not in NOTE_FORMATS:
            raise RequestError(400, "request-notes-format", formats=", ".join(NOTE_FORMATS))
        if not isinstance(notes, str):
            raise RequestError(400, "request-field-type", field="notes", type="text")
        if len(notes.encode("utf-8", "surrogatepass")) > self.service.limits.max_notes_bytes:
            raise RequestError(413, "request-notes-too-large", limit=self.service.limits.max_notes_bytes)
        hand_in = partial(self.collector.hand_in, token, exercise.id, notes=notes, format=fmt)
        return await self._stored(hand_in)

    async def _stored(self, hand_in: Callable[[], Receipt]) -> Receipt:
        """Stored in a thread (files written and flushed, the notes read back as ``grade``
        will read them); the collector's refusal or failure as a status."""
        try:
            return await anyio.to_thread.run_sync(hand_in)
        except HandInRefused as refused:
            raise refusal(refused) from None
        except OutputError as failure:  # the teacher's to mend: logged with where and why
            LOG.error("%s", failure)
            raise RequestError(503, "hand-in-not-stored") from None
