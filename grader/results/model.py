"""Results as data: what every renderer and exporter reads (``write`` makes their JSON,
``read`` reads it back)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from fractions import Fraction

from grader.codes import RevealPolicy, Status, Verdict
from grader.messages import describe_failure

# A grader failure or an unproven equality is never a zero: it has no score until a human looks.
UNSCORED: frozenset[str] = frozenset({"timeout", "unproven", "error", "ambiguous"})


def points(value: Fraction) -> float:
    """Points as JSON numbers: rounded to 4 places so that output is stable."""
    return round(float(value), 4)


FORMAT = 2  # results.json's format version: 2 carries codes and parameters, never prose

Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Message:
    """A note on a task as data: ``code`` selects the sentence (``messages``), ``params`` fill it
    in, ``position`` is a 0-based character offset into the answer where that matters. Every
    renderer words it in the language it is asked for."""

    code: str
    params: Params = ()
    position: int | None = None


@dataclass(frozen=True)
class Diagnosis:
    """A mistake named (or a notation warning), with what its sentence needs: the term, the
    component, the step, the values."""

    code: str
    params: Params = ()


@dataclass(frozen=True)
class TaskResult:
    task: str
    verdict: Verdict
    score: float | None
    max_score: float
    answer: str | None
    read_as: str | None
    expected: str
    diagnoses: tuple[Diagnosis, ...] = ()
    message: Message | None = None
    components: tuple[Verdict, ...] = ()
    # Of a parameterised exercise only: the value of the answer and of the expected answer,
    # rounded as grading compares them, so that the class can see an answer that is right for
    # another student's variant (``diagnose.other_variant``). None elsewhere, and left out of results.json.
    fingerprints: tuple[str | None, str] | None = None
    found_at: str | None = None  # notes only: where the answer was found (notes.md:42)

    @property
    def needs_review(self) -> bool:
        return self.verdict in UNSCORED


@dataclass(frozen=True)
class SubmissionResult:
    submission: str
    status: Status
    student: str | None = None
    name: str | None = None
    exercise: str | None = None
    score: float | None = None
    max_score: float | None = None
    error: str | None = None
    needs_review: bool = False
    tasks: tuple[TaskResult, ...] = ()
    warnings: tuple[str, ...] = ()
    variant: tuple[tuple[str, str], ...] = ()  # (parameter, value) of the student's variant
    # ``error`` and ``warnings`` as data, for words in the exercise's language; the texts above
    # are their English wording. A failure's message has a parameter ``where`` (file:line).
    # Results from before they existed, or failures without a code, have none.
    error_message: Message | None = None
    warning_messages: tuple[Message, ...] = ()

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.student or "\uffff", self.exercise or "", self.submission)


@dataclass(frozen=True)
class ExerciseSummary:
    id: str
    title: str
    max_score: float
    lang: str = "en"  # the language renderers use unless told otherwise
    reveal: RevealPolicy = "never"  # what the feedback students read shows (exports)


@dataclass(frozen=True)
class GradeReport:
    exercises: tuple[ExerciseSummary, ...]
    results: tuple[SubmissionResult, ...] = field(default=())


def summarize(submission: str, student: str, name: str | None, exercise: str,
              tasks: tuple[TaskResult, ...], max_score: float,
              warnings: tuple[Message, ...] = (), variant: tuple[tuple[str, str], ...] = ()
              ) -> SubmissionResult:
    """A graded submission: its score is the sum of the scored tasks, a float; None when no
    task could be scored (all timeout, error or unproven), which an LMS must not read as 0."""
    scored = [t.score for t in tasks if t.score is not None]
    score = round(float(sum(scored)), 4) if scored else None
    return SubmissionResult(submission, "graded", student, name, exercise, score, max_score, None,
                            any(t.needs_review for t in tasks), tasks,
                            tuple(describe_failure(w) for w in warnings), variant, None, warnings)


def failed(submission: str, error: str, student: str | None = None, name: str | None = None,
           exercise: str | None = None, message: Message | None = None) -> SubmissionResult:
    """A submission that could not be graded: no score (never 0), and the reason (``message``:
    the reason as data, its ``where`` the file and line)."""
    return SubmissionResult(submission, "error", student, name, exercise, None, None, error,
                            error_message=message)


def error_text(result: SubmissionResult, lang: str) -> str:
    """The error in ``lang``; in English when it has no code (results from before codes)."""
    if result.error_message is None:
        return result.error or ""
    return describe_failure(result.error_message, lang)


def error_renamed(result: SubmissionResult, old: str, new: str) -> SubmissionResult:
    """``result`` with its error naming the file ``new`` where it named ``old`` (a quiz row's
    label instead of the file it was graded from)."""
    if result.error is None:
        return result
    message = result.error_message
    if message is not None:
        message = Message(message.code, tuple((k, v.replace(old, new) if k == "where" else v)
                                              for k, v in message.params), message.position)
    return replace(result, error=result.error.replace(old, new), error_message=message)


# The fields in the order results.json writes them; the reader checks a file's keys against them.
SUBMISSION_FIELDS = tuple(f.name for f in fields(SubmissionResult))
TASK_FIELDS = tuple(f.name for f in fields(TaskResult))
