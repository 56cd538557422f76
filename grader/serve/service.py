"""What the server does, without HTTP: the sheet of an exercise, an answer read for the
preview, a submission checked. The routes (``app``) and the pages (``pages``) call these.

A request that cannot be served raises :class:`RequestError`: an HTTP status and a message
code (``grader.messages``), never a file path, an expected answer or a traceback. The
preview only reads the answer (grader's own parser: bounded, no SymPy), so it is answered
on the spot; a check runs in the pool's killable workers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import anyio.to_thread
from markupsafe import Markup

from grader.api import ANONYMOUS, GIVEN, as_self_check
from grader.errors import ExerciseErrors, SubmissionError
from grader.exercise import Exercise, Task
from grader.exercise.variants import VariantError, described
from grader.kinds import kind_of
from grader.messages import elided, render
from grader.parse import ParseError
from grader.parse.answer import tree_text
from grader.reading.submission import submission_from_data
from grader.report.mathml import chain_mathml
from grader.results.model import SubmissionResult
from grader.running.batch import Job, Reading
from grader.selfcheck import SubmissionCheck
from grader.serve.limits import ServeLimits
from grader.serve.pool import Busy, CheckPool, ClientGone, TooManyChecks

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from grader.export.roster import Person

NOTE_FORMATS = ("md", "ipynb")
MAX_VARIANTS = 10_000  # students' variants remembered (a few kB each)
SHOWN_CHARS = 60  # of an id a client sent, echoed in an error message


class RequestError(Exception):
    """A request the server cannot serve: ``status`` (400, 403, 404, 413, 422, 429, 503) and the
    message ``code`` with its ``params``."""

    def __init__(self, status: int, code: str, **params: object) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = tuple((k, str(v)) for k, v in params.items())

    @classmethod
    def of(cls, status: int, code: str, params: tuple[tuple[str, str], ...]) -> RequestError:
        """The error of a message grader already has as data (a submission's)."""
        error = cls(status, code)
        error.params = params
        return error

    def message(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)


@dataclass(frozen=True)
class Preview:
    """An answer as it was read (``read_as``, ``mathml``), or why it cannot be (``error``:
    the message code, its words, and the 0-based character it is about, when there is one)."""

    answer: str
    read_as: str | None = None
    mathml: Markup | None = None
    error_code: str | None = None
    error: str | None = None
    position: int | None = None


@dataclass(frozen=True)
class Asker:
    """Who asks for a check: the client's address (its checks are counted), and ``gone``,
    which returns when the client hangs up (its check is then dropped if not yet started)."""

    address: str = ""
    gone: Callable[[], Awaitable[object]] | None = None


class CollectMode(Protocol):
    """What ``create_app(collector=...)`` takes: collect mode's
    :class:`grader.serve.collect.Collector` is one, personal links without hand-ins
    (:class:`grader.serve.collect.PersonalLinks`) another. Its routes (the hand-in) share the
    server's service; the pages ask it whose a token is; ``collects``: whether it stores hand-ins."""

    @property
    def collects(self) -> bool: ...

    def student_of(self, token: object) -> Person | None: ...

    def routes(self, service: Service) -> Sequence[BaseRoute]: ...


class Service:
    """The exercises a server offers, its limits, its checking workers, and in collect mode
    (or with personal links) the collector whose tokens say who a student is.

    A variant exercise's numbers are a student's own: they are given only to the holder of
    that student's token, unless ``open_variants`` (the teacher's ``--open-variants``) lets
    any visitor name any student."""

    def __init__(self, exercises: Mapping[str, Exercise], limits: ServeLimits, pool: CheckPool,
                 reveal: bool | None = None, collector: CollectMode | None = None,
                 open_variants: bool = False) -> None:
        self.exercises = dict(sorted(exercises.items()))
        self.limits = limits
        self.pool = pool
        self.reveal = reveal
        self.collector = collector
        self.open_variants = open_variants
        self._variants: dict[tuple[str, str], Exercise] = {}

    # -- what is asked for -------------------------------------------------------------------
    def exercise(self, exercise_id: object) -> Exercise:
        if not isinstance(exercise_id, str):
            raise RequestError(400, "request-field-type", field="exercise", type="text")
        found = self.exercises.get(exercise_id)
        if found is None:
            raise RequestError(404, "request-unknown-exercise", exercise=elided(exercise_id, SHOWN_CHARS),
                               known=", ".join(self.exercises))
        return found

    def task(self, exercise: Exercise, key: object) -> Task:
        if not isinstance(key, str):
            raise RequestError(400, "request-field-type", field="task", type="text")
        found = exercise.task(key)
        if found is None:
            raise RequestError(404, "request-unknown-task", task=elided(key, SHOWN_CHARS),
                               exercise=exercise.id, known=", ".join(t.key for t in exercise.tasks))
        return found

    def student(self, exercise: Exercise, student: object, needed: bool = False) -> str | None:
        """The student id sent (None for none); needed for a check of an exercise with variants.
        An id sent names a variant's numbers only on a server with ``open_variants`` (403
        otherwise: whose numbers they are is for a token to say)."""
        if student is None or student == "":
            if needed and exercise.family is not None:
                self.refuse_named_student(exercise)
                raise RequestError(400, "request-student-needed", exercise=exercise.id)
            return None
        if not isinstance(student, str):
            raise RequestError(400, "request-field-type", field="student", type="text")
        limit = self.limits.max_student_chars
        if len(student) > limit or not student.isprintable() or student != student.strip():
            raise RequestError(400, "request-student-invalid", limit=self.limits.max_student_chars)
        if exercise.family is not None:
            self.refuse_named_student(exercise)
        return student

    def refuse_named_student(self, exercise: Exercise) -> None:
        """403 unless any visitor may name any student (``open_variants``): a variant
        exercise's numbers are then given with a personal link only."""
        if not self.open_variants:
            raise RequestError(403, "request-personal-link-needed", exercise=exercise.id)

    def whose(self, exercise: Exercise, student: object, token: object, needed: bool = False) -> str | None:
        """The student a request is for: the token's (the id sent beside it is ignored: the
        token decides), else the id sent (:meth:`student`)."""
        person = self.token_holder(token)
        if person is not None:
            return person.id
        return self.student(exercise, student, needed)

    def token_holder(self, token: object) -> Person | None:
        """In collect mode, the roster's student whose token this is (403 for a token of no
        one, said without a hint of whether such a student exists); None for no token, or
        when the server does not collect."""
        if self.collector is None or token is None or token == "":
            return None
        person = self.collector.student_of(token)
        if person is None:
            raise RequestError(403, "hand-in-token-refused")
        return person

    def variant(self, exercise: Exercise, student: str | None) -> Exercise:
        """``student``'s own numbers (the exercise itself for one without variants); made
        once (SymPy computes them), then remembered."""
        known = self.known_variant(exercise, student)
        if known is not None:
            return known
        assert student is not None
        try:
            own = exercise.for_student(student)
        except (VariantError, ExerciseErrors):
            raise RequestError(422, "request-variant-failed", exercise=exercise.id) from None
        if len(self._variants) >= MAX_VARIANTS:  # ids are the client's to choose: memory is bounded
            self._variants.clear()
        self._variants[(exercise.id, student)] = own
        return own

    def known_variant(self, exercise: Exercise, student: str | None) -> Exercise | None:
        """The variant when nothing has to be computed for it, else None."""
        if student is None or exercise.family is None:
            return exercise
        return self._variants.get((exercise.id, student))

    def answer(self, answer: object, field: str = "answer") -> str:
        if not isinstance(answer, str):
            raise RequestError(400, "request-field-type", field=field, type="text")
        if len(answer) > self.limits.max_answer_chars:
            raise RequestError(413, "request-answer-too-long", limit=self.limits.max_answer_chars)
        return answer

    # -- the preview ----------------------------------------------------------------------------
    def preview(self, exercise: Exercise, task: Task, answer: str, lang: str) -> Preview:
        """How ``answer`` reads, for the preview: grader's parser only, no SymPy. A problem
        only the check finds (a number too large to compute) is the check's to report."""
        if not answer.strip():
            return Preview(answer)
        try:
            parts, separators = kind_of(task).read_shown(answer, task, exercise.limits)
        except ParseError as exc:
            words = render(exc.code, exc.params, lang, exc.position)
            return Preview(answer, error_code=exc.code, error=words, position=exc.position)
        except RecursionError:  # bounded by max_depth; kept as a message should a bound slip
            return Preview(answer, error_code="too-deep", error=render("too-deep", (("limit", str(
                exercise.limits.max_depth)),), lang))
        return Preview(answer, tree_text(parts, separators), chain_mathml(parts, separators))

    # -- checks -------------------------------------------------------------------------------
    async def check_answers(self, exercise: Exercise, answers: object, student: str | None,
                            reveal: bool | None = None, asker: Asker = Asker()) -> SubmissionCheck:
        if not isinstance(answers, dict):
            raise RequestError(400, "request-field-type", field="answers", type="object")
        for key, text in answers.items():
            self.task(exercise, key)
            self.answer(text, "answers")
        if student is not None:
            self.variant(exercise, student)  # a student whose numbers cannot be made: 422 before a check
        data = {"student": student or ANONYMOUS, "exercise": exercise.id, "answers": dict(answers)}
        try:
            given = submission_from_data(data, Path(GIVEN))
        except SubmissionError as exc:
            raise RequestError(422, exc.code or "submission-problem", **dict(exc.params)) from None
        return await self._checked(exercise, Job(0, GIVEN, given=given), reveal, asker)

    async def check_notes(self, exercise: Exercise, notes: object, fmt: object, student: str | None,
                          reveal: bool | None = None, name: str = "notes",
                          asker: Asker = Asker()) -> SubmissionCheck:
        """Notes as ``grader check notes.md`` reads them: front matter may name the student.
        ``name``: what the places found are given in ("notes.md:12"), never a path of ours."""
        if fmt not in NOTE_FORMATS:
            raise RequestError(400, "request-notes-format", formats=", ".join(NOTE_FORMATS))
        if not isinstance(notes, str):
            raise RequestError(400, "request-field-type", field="notes", type="text")
        if len(notes.encode("utf-8", "surrogatepass")) > self.limits.max_notes_bytes:
            raise RequestError(413, "request-notes-too-large", limit=self.limits.max_notes_bytes)
        asked = student
        if student is not None:
            self.variant(exercise, student)
        elif exercise.family is None:  # everyone's numbers are the same: whose notes does not matter
            student = ANONYMOUS
        else:  # the notes' front matter would name whose numbers: a name is no personal link
            self.refuse_named_student(exercise)
        job = Job(0, f"{name}.{fmt}", reading=Reading(student, exercise.id), text=notes)
        return await self._checked(exercise, job, reveal, asker, asked)

    async def _checked(self, exercise: Exercise, job: Job, reveal: bool | None, asker: Asker,
                       student: str | None = None) -> SubmissionCheck:
        limit = self.limits.checks_per_client
        try:
            result = await self.pool.check(job, asker.address, limit, asker.gone)
        except Busy:
            raise RequestError(503, "request-busy") from None
        except TooManyChecks:
            raise RequestError(429, "request-too-many-checks", limit=limit) from None
        except ClientGone:  # no one reads the answer: said in the status only
            raise RequestError(499, "request-client-gone") from None
        as_asked(exercise, student, result)
        # off the event loop: a variant's numbers may have to be computed for it (SymPy)
        return await anyio.to_thread.run_sync(as_self_check, exercise, result,
                                              self.reveal if reveal is None else reveal)

    # -- what a client may read of an exercise --------------------------------------------------
    def listing(self) -> list[dict[str, Any]]:
        return [{"id": e.id, "title": e.title, "lang": e.lang, "variants": e.family is not None,
                 "tasks": len(e.tasks), "max_score": float(e.max_score)} for e in self.exercises.values()]

    def sheet(self, exercise: Exercise, student: str | None) -> dict[str, Any]:
        """The sheet as data: prompts, functions, starts and learning rates of ``student``'s
        variant; never an expected answer."""
        from grader.report.exercise_sheets import sheet_view

        own = self.variant(exercise, student)
        view = sheet_view(own, student or ANONYMOUS)
        if exercise.family is not None and student is None:  # its first variant is no one's numbers
            view = replace(view, problems=tuple(replace(p, function_name=None, function_math=None,
                                                        function_latex=None, start=None, learning_rate=None)
                                                for p in view.problems))
        points = {t.key: float(t.points) for t in own.tasks}
        numbers = exercise.family is None or student is not None
        prompts = {t.key: t.prompt if numbers else t.prompt_without_numbers() for t in own.tasks}
        return {
            "id": own.id, "title": own.title, "lang": own.lang,
            "description": own.description if numbers else own.description_without_numbers(),
            "variants": exercise.family is not None, "student": student,
            "your_numbers": described(own.variant) if student is not None and exercise.family else None,
            "max_score": float(own.max_score),
            "problems": [{"id": p.id, "title": p.title,
                          "function": f"{p.function_name} = {p.function_latex.split(' = ', 1)[1]}"
                          if p.function_name and p.function_latex else None,
                          "function_mathml": str(p.function_math) if p.function_math is not None else None,
                          "start": p.start, "learning_rate": p.learning_rate,
                          "tasks": [{"key": t.key, "prompt": prompts[t.key], "max_score": points[t.key]}
                                    for t in p.tasks]} for p in view.problems],
        }


def as_asked(exercise: Exercise, student: str | None, result: SubmissionResult) -> None:
    """Refuse (422) a result of another exercise or student than the request named. Notes
    name both in their front matter, and the worker reads them as ``grader check`` does; the
    route's exercise decides, since its reveal policy is the one applied: notes naming a
    secret exercise, checked on a revealing one's route, would show the secret one's answers."""
    if result.exercise is not None and result.exercise != exercise.id:
        raise RequestError(422, "request-notes-other-exercise", named=elided(result.exercise, SHOWN_CHARS),
                           exercise=exercise.id)
    if student is not None and result.student is not None \
            and result.student != unicodedata.normalize("NFC", student):
        raise RequestError(422, "request-notes-other-student", named=elided(result.student, SHOWN_CHARS),
                           student=elided(student, SHOWN_CHARS))


def check_data(check: SubmissionCheck) -> dict[str, Any]:
    """A check as the API answers it: what ``grader check --json`` prints (the submission
    named as the API received it), and every task's note and diagnoses in words."""
    data = check.to_data()
    data["lang"] = check.lang
    data["feedback"] = {task.task: list(task.messages()) for task in check.tasks}
    return data
