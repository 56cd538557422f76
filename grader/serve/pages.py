"""The students' pages: the exercises, and a sheet with an input per task, its preview, and
"Check" (a form post that returns the page checked, so the page works without JavaScript;
``serve.js`` adds the preview while typing). Checks are shown with the report's own view,
template and words (``report.student``, ``student_task.html.j2``), in the exercise's language.

In collect mode a page opened with a student's token (``/?token=…``) is that student's: their
name, their numbers, a "Hand in" button (``handin``). The token goes on in the page's links and
hidden form fields only, never in a cookie, and such a page is not cached: it is in no page
another student is served."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import anyio.to_thread
from markupsafe import Markup
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from grader.exercise import Exercise
from grader.export.roster import Person
from grader.messages import LANGUAGES, elided
from grader.report.render import render, templates_dir
from grader.selfcheck import SubmissionCheck
from grader.serve.http import asker, bounded_body, status_headers
from grader.serve.service import NOTE_FORMATS, SHOWN_CHARS, Preview, RequestError, Service

if TYPE_CHECKING:
    from grader.serve.collect import Receipt

STATIC = {"serve.js": "text/javascript; charset=utf-8", "serve.css": "text/css; charset=utf-8"}
# Only this server's own files, and no inline script: a student's text can never run as code.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' "
                               "'unsafe-inline'; script-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
FIELD = "answer:"  # form field of a task's answer: answer:gd1.step1
TOKEN = "token"  # the query parameter and hidden form field of a collect-mode token
# a page that carries a token is its student's alone: no cache on the way may keep it
PRIVATE = {"Cache-Control": "no-store"}
EXERCISE_PATH = re.compile(r"^/exercises/([^/]+)")
MAX_LANGUAGE_TAGS = 20  # of an Accept-Language header: a browser sends a few


@dataclass(frozen=True)
class Visitor:
    """Who a page is for. ``student``: whose numbers (an id typed, or the token's student);
    ``person`` and ``token``: in collect mode, the student whose token opened the page."""

    student: str | None = None
    person: Person | None = None
    token: str | None = None


@dataclass(frozen=True)
class AnswersForm:
    """The answers form as posted: the answers by task, and who sent them."""

    answers: dict[str, str]
    student: str | None
    token: str | None


@dataclass(frozen=True)
class TaskInput:
    key: str
    prompt: str | None
    max_score: str
    answer: str
    preview: Preview | None


@dataclass(frozen=True)
class Checked:
    score: str
    max_score: str
    review: tuple[str, ...]
    error: str | None
    tasks: tuple[Markup, ...]


def routes(service: Service) -> list[BaseRoute]:
    pages = Pages(service)
    return [Route("/", pages.index, methods=["GET"]),
            Route("/exercises/{exercise}", pages.sheet, methods=["GET", "POST"]),
            Route("/exercises/{exercise}/notes", pages.notes, methods=["POST"]),
            Route("/static/{name}", static, methods=["GET"])]


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:
        raise RequestError(404, "request-unknown-route")
    return Response(_static_file(name), media_type=STATIC[name],
                    headers={"Cache-Control": "max-age=3600", **SECURITY_HEADERS})


@cache
def _static_file(name: str) -> bytes:
    """serve.css is the reports' stylesheet and the pages' own, as one file."""
    own = (templates_dir() / name).read_bytes()
    return (templates_dir() / "report.css").read_bytes() + b"\n" + own if name == "serve.css" else own


def page(html: str, status: int = 200, visitor: Visitor | None = None) -> HTMLResponse:
    private = visitor is not None and visitor.token is not None
    return HTMLResponse(html, status, headers={**SECURITY_HEADERS, **(PRIVATE if private else {}),
                                               **status_headers(status)})


def error_page(request: Request, error: RequestError, headers: dict[str, str] | None = None) -> Response:
    """A refused request to a page, as a page in the student's language (:func:`page_language`)."""
    service: Service = request.app.state.service
    lang = page_language(service, request.url.path, request.headers.get("accept-language"))
    html = render("serve_error.html.j2", lang, message=error.message(lang), status=error.status)
    response = page(html, error.status)
    response.headers.update(headers or {})
    return response


def page_language(service: Service, path: str, accept_language: str | None) -> str:
    """The language of a page about an exercise (``/exercises/<id>...``) is the exercise's;
    of any other, the first of grader's languages the browser asks for; else English."""
    named = EXERCISE_PATH.match(path)
    exercise = service.exercises.get(unquote(named.group(1))) if named is not None else None
    return exercise.lang if exercise is not None else accepted_language(accept_language)


def index_language(service: Service, accept_language: str | None) -> str:
    """The list of exercises is in their language when they share one (a Dutch class's
    server); of exercises in several, in the first the browser asks for."""
    languages = {e.lang for e in service.exercises.values()}
    if len(languages) == 1 and languages <= set(LANGUAGES):
        return languages.pop()
    return accepted_language(accept_language)


def accepted_language(header: str | None) -> str:
    """The language of ``LANGUAGES`` an Accept-Language header prefers ("nl-NL,nl;q=0.9,en;q=0.8":
    nl), by its weights and then its order; English when it names none of them."""
    chosen = []
    for order, part in enumerate((header or "").split(",")[:MAX_LANGUAGE_TAGS]):
        tag, _, weight = part.partition(";")
        primary = tag.strip().lower().split("-")[0]
        try:
            quality = float(weight.strip()[2:]) if weight.strip().startswith("q=") else 1.0
        except ValueError:
            quality = 0.0
        if primary in LANGUAGES and quality > 0:
            chosen.append((-quality, order, primary))
    return min(chosen)[2] if chosen else "en"


class Pages:
    """The pages' routes; ``handin`` renders its receipts with :meth:`render_page`."""

    def __init__(self, service: Service) -> None:
        self.service = service

    async def index(self, request: Request) -> Response:
        visitor = self.visitor(request.query_params.get(TOKEN))
        hand_in = self.service.collector is not None and self.service.collector.collects
        lang = index_language(self.service, request.headers.get("accept-language"))
        return page(render("serve_index.html.j2", lang, exercises=self.service.listing(), visitor=visitor,
                           hand_in=hand_in), visitor=visitor)

    def visitor(self, token: object, student: object = None, exercise: Exercise | None = None,
                needed: bool = False) -> Visitor:
        """Who the page is for: the token's student in collect mode (403 for a token of no
        one; an id sent beside the token is ignored: the token decides), else the id sent."""
        person = self.service.token_holder(token)
        if person is not None:
            assert isinstance(token, str)
            return Visitor(person.id, person, token)
        if exercise is None:
            return Visitor()
        return Visitor(self.service.student(exercise, student, needed=needed))

    async def sheet(self, request: Request) -> Response:
        """GET: the sheet; POST (the form's "Check"): the sheet with the answers checked."""
        service = self.service
        exercise = service.exercise(request.path_params["exercise"])
        if request.method == "GET":
            query = request.query_params
            visitor = self.visitor(query.get(TOKEN), query.get("student"), exercise)
            return page(await self.render_page(exercise, visitor, {}), visitor=visitor)
        form = await self.answers_form(request, exercise)
        visitor = self.visitor(form.token)  # a token of no one: refused before anything else
        try:
            if visitor.person is None:
                visitor = self.visitor(None, form.student, exercise, needed=True)
            given = {key: text for key, text in form.answers.items() if text.strip()}
            checked = await service.check_answers(exercise, given, visitor.student, asker=asker(request))
        except RequestError as problem:
            shown = visitor if visitor.person is not None else Visitor()  # an id typed: as it was typed
            return page(await self.render_page(exercise, shown, form.answers, problem=problem,
                                               shown_student=form.student), problem.status, visitor)
        return page(await self.render_page(exercise, visitor, form.answers, checked), visitor=visitor)

    async def answers_form(self, request: Request, exercise: Exercise) -> AnswersForm:
        """The answers form, within the body limit: the answers, the id and the token sent."""
        await bounded_body(request, self.service.limits.max_body_bytes, self.service.limits.read_seconds)
        form = await request.form(max_files=0, max_fields=len(exercise.tasks) + 4)
        student, token = form.get("student"), form.get(TOKEN)
        answers = {key[len(FIELD):]: value for key, value in form.items()
                   if key.startswith(FIELD) and isinstance(value, str)}
        return AnswersForm(answers, student if isinstance(student, str) else None,
                           token if isinstance(token, str) else None)

    async def notes(self, request: Request) -> Response:
        """The notes form: a .md or .ipynb file, checked; the page shows where each answer was found."""
        service = self.service
        exercise = service.exercise(request.path_params["exercise"])
        upload, student_field, visitor = await self.notes_form(request, exercise)
        try:
            if visitor.person is None:
                visitor = self.visitor(None, student_field, exercise)
            name, fmt, text = await self.uploaded_notes(upload)
            checked = await service.check_notes(exercise, text, fmt, visitor.student, name=name,
                                                asker=asker(request))
        except RequestError as problem:
            shown = visitor if visitor.person is not None else Visitor()
            html = await self.render_page(exercise, shown, {}, problem=problem, shown_student=student_field)
            return page(html, problem.status, visitor)
        found = {t.task: t.answer or "" for t in checked.tasks}
        if visitor.person is None and exercise.family:  # the notes' front matter may say whose they are
            visitor = Visitor(checked.result.student)
        return page(await self.render_page(exercise, visitor, found, checked), visitor=visitor)

    async def notes_form(self, request: Request, exercise: Exercise,
                         token_needed: bool = False) -> tuple[object, str | None, Visitor]:
        """The notes form, within its limits: the upload, the id sent, and the token's student
        (``token_needed``: 403 without a token, as for a hand-in)."""
        limits = self.service.limits
        await bounded_body(request, limits.max_notes_bytes + limits.max_body_bytes, limits.read_seconds)
        form = await request.form(max_files=1, max_fields=4, max_part_size=limits.max_notes_bytes)
        student, sent = form.get("student"), form.get(TOKEN)
        token = sent if isinstance(sent, str) else None
        if token_needed and not token:
            raise RequestError(403, "hand-in-token-refused")
        return form.get("notes"), student if isinstance(student, str) else None, self.visitor(token)

    async def uploaded_notes(self, upload: object) -> tuple[str, str, str]:
        """The uploaded notes' safe name, format and text; a RequestError saying why not."""
        limits = self.service.limits
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise RequestError(400, "request-field-missing", field="notes", fields="notes")
        fmt = upload.filename.rsplit(".", 1)[-1].lower()
        if fmt not in NOTE_FORMATS:  # said as a student reads it: the API's 'format' is no field of theirs
            name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1]
            raise RequestError(400, "request-notes-file-kind", name=elided(name, SHOWN_CHARS))
        raw = await upload.read(limits.max_notes_bytes + 1)
        if len(raw) > limits.max_notes_bytes:
            raise RequestError(413, "request-notes-too-large", limit=limits.max_notes_bytes)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RequestError(400, "request-not-utf8") from None
        return _file_stem(upload.filename), fmt, text

    async def render_page(self, exercise: Exercise, visitor: Visitor, answers: dict[str, str],
                          checked: SubmissionCheck | None = None, problem: RequestError | None = None,
                          shown_student: str | None = None, receipt: Receipt | None = None) -> str:
        """Rendered in a thread: the report's view of a check computes its pictures."""
        return await anyio.to_thread.run_sync(self._render, exercise, visitor, answers, checked, problem,
                                              shown_student, receipt)

    def _render(self, exercise: Exercise, visitor: Visitor, answers: dict[str, str],
                checked: SubmissionCheck | None, problem: RequestError | None,
                shown_student: str | None, receipt: Receipt | None) -> str:
        from grader.exercise.variants import described
        from grader.report.exercise_sheets import sheet_view

        service = self.service
        student = visitor.student
        own = service.variant(exercise, student)
        lang = own.lang
        sheet = sheet_view(own, student or "-")
        numbers = exercise.family is None or student is not None
        points = {t.key: _points(float(t.points)) for t in own.tasks}
        prompts = {t.key: t.prompt if numbers else t.prompt_without_numbers() for t in own.tasks}
        problems = []
        for item in sheet.problems:
            if not numbers:  # a family's first variant is no student's: show its numbers to none
                item = replace(item, function_name=None, function_math=None, start=None, learning_rate=None)
            tasks = tuple(TaskInput(t.key, prompts[t.key], points[t.key], answers.get(t.key, ""),
                                    service.preview(own, own.task(t.key), answers[t.key], lang)  # type: ignore[arg-type]
                                    if answers.get(t.key) else None) for t in item.tasks)
            problems.append((item, tasks))
        context: dict[str, Any] = {
            "exercise": own, "problems": problems, "variants": exercise.family is not None,
            "description": own.description if numbers else own.description_without_numbers(),
            "student": student if student is not None else (shown_student or ""),
            "visitor": visitor,
            "your_numbers": described(own.variant) if student is not None and exercise.family else "",
            "max_answer": service.limits.max_answer_chars,
            "problem": problem.message(lang) if problem is not None else None,
            "checked": _checked(checked) if checked is not None else None,
            "receipt": receipt,
            "hand_in": service.collector is not None and service.collector.collects,
            "open_variants": service.open_variants,
            "notes_formats": ",".join(f".{f}" for f in NOTE_FORMATS),
        }
        return render("serve_exercise.html.j2", lang, **context)


def _checked(check: SubmissionCheck) -> Checked:
    from grader.report.student import student_view

    view = student_view(check.exercise, check.result, check.lang, check.revealed)
    parts = tuple(Markup(render("student_task.html.j2", check.lang, task=task)) for task in view.tasks)
    return Checked(view.score, view.max_score, view.review, view.error, parts)


def _file_stem(filename: str) -> str:
    """The uploaded file's name without its folders and suffix, of safe characters only: the
    page says where in "les3.md" an answer was found, and nothing a browser sent becomes a path."""
    stem = re.sub(r"[^\w.-]", "_", filename.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return stem.strip(".")[:60] or "notes"


def _points(value: float) -> str:
    return f"{value:g}"
