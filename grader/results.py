"""Results as data: what every renderer and exporter reads. JSON is produced here only.

``results.json`` is sorted by student, then submission path, with tasks in exercise order;
the same inputs give byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields
from fractions import Fraction
from typing import Any

from grader.codes import Status, Verdict

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
    # another student's variant (``copying``). None elsewhere, and left out of results.json.
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

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.student or "\uffff", self.exercise or "", self.submission)


@dataclass(frozen=True)
class ExerciseSummary:
    id: str
    title: str
    max_score: float
    lang: str = "en"  # the language renderers use unless told otherwise


@dataclass(frozen=True)
class GradeReport:
    exercises: tuple[ExerciseSummary, ...]
    results: tuple[SubmissionResult, ...] = field(default=())


def summarize(submission: str, student: str, name: str | None, exercise: str,
              tasks: tuple[TaskResult, ...], max_score: float,
              warnings: tuple[str, ...] = (), variant: tuple[tuple[str, str], ...] = ()
              ) -> SubmissionResult:
    """A graded submission: its score is the sum of the scored tasks, a float; None when no
    task could be scored (all timeout, error or unproven), which an LMS must not read as 0."""
    scored = [t.score for t in tasks if t.score is not None]
    score = round(float(sum(scored)), 4) if scored else None
    return SubmissionResult(submission, "graded", student, name, exercise, score, max_score, None,
                            any(t.needs_review for t in tasks), tasks, warnings, variant)


def failed(submission: str, error: str, student: str | None = None, name: str | None = None,
           exercise: str | None = None) -> SubmissionResult:
    """A submission that could not be graded: no score (never 0), and the reason."""
    return SubmissionResult(submission, "error", student, name, exercise, None, None, error)


_SUBMISSION_FIELDS = tuple(f.name for f in fields(SubmissionResult))
_TASK_FIELDS = tuple(f.name for f in fields(TaskResult))


def grader_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # 8 ms: only for results.json

    try:
        return version("grader")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def report_to_data(report: GradeReport) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "grader": grader_version(),
        "exercises": [asdict(e) for e in sorted(report.exercises, key=lambda e: e.id)],
        "results": [submission_to_data(r) for r in sorted(report.results, key=lambda r: r.sort_key)],
    }


def submission_json(result: SubmissionResult) -> str:
    """One submission as one line of JSON, as it stands in ``results.json``."""
    return _compact(submission_to_data(result))


def report_json(report: GradeReport, known: dict[int, str] | None = None) -> str:
    """``results.json``: one submission per line, so that a diff shows who changed, and so
    that the C JSON encoder does the work (``indent`` would switch to the slow Python one).
    ``known``: lines already made for some results (by ``id`` of the result)."""
    return "".join(report_pieces(report, known))


def report_pieces(report: GradeReport, known: dict[int, str] | None = None) -> Iterator[str]:
    """``report_json`` piece by piece, to be written so: joined, a class's document is held
    two or three times over at once (a class of long answers, 55 MB of JSON: 447 MB for the
    grader process at its peak, 239 MB written so)."""
    known = known or {}
    exercises = [asdict(e) for e in sorted(report.exercises, key=lambda e: e.id)]
    head = f'"format": {FORMAT}, "grader": {_compact(grader_version())}'
    yield f'{{{head}, "exercises": {_compact(exercises)},\n"results": [\n'
    for number, result in enumerate(sorted(report.results, key=lambda r: r.sort_key)):
        if number:
            yield ",\n"
        yield known.get(id(result)) or submission_json(result)
    yield "\n]}\n"


def _compact(data: Any) -> str:
    return _encodable(json.dumps(data, ensure_ascii=False, separators=(", ", ": ")),
                      lambda: json.dumps(data, ensure_ascii=True, separators=(", ", ": ")))


def _encodable(text: str, escaped: Callable[[], str]) -> str:
    """JSON that can be written as UTF-8: a lone surrogate (a JSON "\\ud800", or a file name
    that is not UTF-8) cannot be, so such a document is written with \\u escapes throughout,
    which JSON reads back to the same text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return escaped()
    return text


def submission_to_data(result: SubmissionResult) -> dict[str, Any]:
    # Field by field rather than dataclasses.asdict, which deep-copies and is several times
    # slower; this runs for every submission of a class.
    data = {name: getattr(result, name) for name in _SUBMISSION_FIELDS}
    data["tasks"] = [task_to_data(t) for t in result.tasks]
    data["warnings"] = list(result.warnings)
    if result.variant:
        data["variant"] = dict(result.variant)
    else:
        del data["variant"]  # a fixed exercise's results read as before
    return data


def task_to_data(task: TaskResult) -> dict[str, Any]:
    data = {name: getattr(task, name) for name in _TASK_FIELDS}
    data["diagnoses"] = [{"code": d.code, "params": dict(d.params)} for d in task.diagnoses]
    data["message"] = None if task.message is None else message_to_data(task.message)
    data["components"] = list(task.components)
    if task.found_at is None:
        del data["found_at"]
    if task.fingerprints is None:
        del data["fingerprints"]
    else:
        data["fingerprints"] = {"answer": task.fingerprints[0], "expected": task.fingerprints[1]}
    return data


def message_to_data(message: Message) -> dict[str, Any]:
    return {"code": message.code, "params": dict(message.params), "position": message.position}


def _message(data: dict[str, Any] | None) -> Message | None:
    if data is None:
        return None
    return Message(data["code"], tuple(data["params"].items()), data.get("position"))


def submission_from_data(data: dict[str, Any]) -> SubmissionResult:
    tasks = tuple(
        TaskResult(**{**t, "diagnoses": tuple(Diagnosis(d["code"], tuple(d["params"].items()))
                                              for d in t["diagnoses"]),
                      "message": _message(t["message"]), "components": tuple(t["components"]),
                      "fingerprints": _fingerprints(t.get("fingerprints"))})
        for t in data["tasks"])
    return SubmissionResult(**{**data, "tasks": tasks, "warnings": tuple(data["warnings"]),
                               "variant": tuple((data.get("variant") or {}).items())})


def _fingerprints(data: dict[str, Any] | None) -> tuple[str | None, str] | None:
    return None if data is None else (data["answer"], data["expected"])


def report_from_data(data: dict[str, Any]) -> GradeReport:
    """A report read back; raises ValueError for a results file of another format."""
    if data.get("format") != FORMAT:
        raise ValueError(f"results format {data.get('format')!r}, not {FORMAT}")
    return GradeReport(tuple(ExerciseSummary(**e) for e in data["exercises"]),
                       tuple(submission_from_data(r) for r in data["results"]))


def dumps(data: Any) -> str:
    return _encodable(json.dumps(data, ensure_ascii=False, indent=2),
                      lambda: json.dumps(data, ensure_ascii=True, indent=2)) + "\n"
