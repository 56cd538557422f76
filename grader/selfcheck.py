"""A self-check as a Python caller sees it: the result of one answer or one submission, with
the exercise it was checked against, what it may reveal, and how it shows itself in Jupyter.

The results themselves are the frozen dataclasses of ``grader.results.model``, with the expected
answers withheld where the exercise does not reveal them (``reveal.for_self_check``), so that no
view of them can show one. A notebook shows a check as the student's report shows a task: the
same view (``report.student``), templates and words (``messages``, ``report.labels``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from grader.errors import GraderError
from grader.messages import LANGUAGES, describe, describe_diagnosis
from grader.results.model import Diagnosis, Message, SubmissionResult, TaskResult
from grader.results.reveal import self_check_data
from grader.results.write import dumps

if TYPE_CHECKING:
    from grader.codes import Verdict
    from grader.exercise import Exercise


@dataclass(frozen=True, eq=False, repr=False)
class AnswerCheck:
    """One answer checked: ``result`` is the task's :class:`~grader.results.model.TaskResult`; its
    fields are at hand here too (``verdict``, ``score``, ``max_score``, ``read_as``,
    ``diagnoses``, ``message``). ``expected`` is None unless the check may reveal it."""

    result: TaskResult
    submission: SubmissionCheck

    @property
    def task(self) -> str:
        return self.result.task

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    @property
    def score(self) -> float | None:
        """None when the grader could not decide (``timeout``, ``error``...): never a zero."""
        return self.result.score

    @property
    def max_score(self) -> float:
        return self.result.max_score

    @property
    def answer(self) -> str | None:
        return self.result.answer

    @property
    def read_as(self) -> str | None:
        """How grader read the answer (SymPy's notation), or None when it could not."""
        return self.result.read_as

    @property
    def expected(self) -> str | None:
        return self.result.expected if self.task in self.submission.revealed else None

    @property
    def diagnoses(self) -> tuple[Diagnosis, ...]:
        return self.result.diagnoses

    @property
    def message(self) -> Message | None:
        return self.result.message

    @property
    def needs_review(self) -> bool:
        return self.result.needs_review

    def messages(self, lang: str | None = None) -> tuple[str, ...]:
        """The note on the answer and every diagnosis, in words (default: the exercise's
        language; ``"en"`` or ``"nl"``)."""
        language = lang or self.submission.lang
        if language not in LANGUAGES:
            raise GraderError(f"unknown language '{language}'; use {', '.join(LANGUAGES)}")
        note = (describe(self.message, language),) if self.message is not None else ()
        return note + tuple(describe_diagnosis(d, language) for d in self.diagnoses)

    def __repr__(self) -> str:  # short: the exercise it holds would fill a screen
        return (f"AnswerCheck(task={self.task!r}, verdict={self.verdict!r}, score={self.score!r}, "
                f"max_score={self.max_score!r}, read_as={self.read_as!r}, "
                f"diagnoses={[d.code for d in self.diagnoses]!r})")

    def _repr_html_(self) -> str:
        return _page(self.submission, "html", (self.task,))

    def _repr_markdown_(self) -> str:
        return _page(self.submission, "md", (self.task,))


@dataclass(frozen=True, eq=False, repr=False)
class SubmissionCheck:
    """A whole submission checked: ``result`` is its
    :class:`~grader.results.model.SubmissionResult` (expected answers withheld where not revealed),
    ``exercise`` the variant it was checked against, ``revealed`` the tasks whose expected
    answer it may show, ``lang`` the language its words are in."""

    result: SubmissionResult
    exercise: Exercise
    revealed: frozenset[str]
    lang: str

    @property
    def status(self) -> str:
        """``graded``, or ``error`` when the submission could not be read (see ``error``)."""
        return self.result.status

    @property
    def error(self) -> str | None:
        return self.result.error

    @property
    def score(self) -> float | None:
        return self.result.score

    @property
    def max_score(self) -> float | None:
        return self.result.max_score

    @property
    def needs_review(self) -> bool:
        return self.result.needs_review

    @property
    def tasks(self) -> tuple[AnswerCheck, ...]:
        return tuple(AnswerCheck(task, self) for task in self.result.tasks)

    def task(self, key: str) -> AnswerCheck:
        """The check of task ``key`` (``KeyError`` when the result has no such task)."""
        for task in self.result.tasks:
            if task.task == key:
                return AnswerCheck(task, self)
        raise KeyError(key)

    def to_data(self) -> dict[str, Any]:
        """The result as ``grader check --json`` prints it (a withheld expected answer is null)."""
        return self_check_data(self.result, self.revealed)

    def to_json(self) -> str:
        """Exactly what ``grader check --json`` prints."""
        return dumps(self.to_data())

    def __repr__(self) -> str:
        return (f"SubmissionCheck(exercise={self.exercise.id!r}, status={self.status!r}, "
                f"score={self.score!r}, max_score={self.max_score!r}, tasks={len(self.result.tasks)})")

    def _repr_html_(self) -> str:
        return _page(self, "html", tuple(t.task for t in self.result.tasks))

    def _repr_markdown_(self) -> str:
        return _page(self, "md", tuple(t.task for t in self.result.tasks))


def _page(check: SubmissionCheck, fmt: str, keys: tuple[str, ...]) -> str:
    """The tasks ``keys`` of a check as its report shows them, without the page around them;
    a submission that could not be read shows why."""
    from grader.report.render import render  # jinja2 only when a check is shown
    from grader.report.student import student_view

    view = student_view(check.exercise, check.result, check.lang, check.revealed)
    if view.status != "graded":
        return _error(check, fmt)
    parts = _parts(render, {t.key: t for t in view.tasks}, keys, fmt, check.lang)
    if fmt == "html":
        return '<div class="grader-check">\n' + "".join(parts) + "</div>\n"
    return "".join(parts)


def _parts(render: Any, views: Mapping[str, Any], keys: tuple[str, ...], fmt: str, lang: str) -> list[str]:
    return [render(f"student_task.{fmt}.j2", lang, task=views[key]) for key in keys if key in views]


def _error(check: SubmissionCheck, fmt: str) -> str:
    from markupsafe import escape

    from grader.report.hygiene import markdown_text

    reason = check.result.error or ""
    if fmt == "html":
        return f'<div class="grader-check error"><p>{escape(reason)}</p></div>\n'
    return markdown_text(reason) + "\n"
