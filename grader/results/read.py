"""``results.json`` read back and validated: a file that is not as grader writes it is a
one-line error naming the result, the task and the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from grader.codes import REVEAL_POLICIES, VERDICTS
from grader.errors import GraderError
from grader.messages import LANGUAGES, wordable
from grader.results.model import (
    FORMAT,
    SUBMISSION_FIELDS,
    TASK_FIELDS,
    Diagnosis,
    ExerciseSummary,
    GradeReport,
    Message,
    SubmissionResult,
    TaskResult,
)
from grader.running import gctuning


class ResultsFormatError(ValueError):
    """A results file that is not as grader writes it (a hand edit gone wrong, another
    program's file): the message names the result, the task and the field."""


_SUBMISSION_KEYS = frozenset(SUBMISSION_FIELDS)
# Left out: for a fixed exercise; where there is no error or warning (and in older files).
_SUBMISSION_NEEDED = _SUBMISSION_KEYS - {"variant", "error_message", "warning_messages"}
_TASK_KEYS = frozenset(TASK_FIELDS)
_TASK_NEEDED = _TASK_KEYS - {"found_at", "fingerprints"}  # left out when there are none
_SUMMARY_NEEDED = frozenset(("id", "title", "max_score"))
_STATUSES = frozenset(("graded", "error"))
_VERDICTS = frozenset(VERDICTS)
_MESSAGE_KEYS = frozenset(("code", "params", "position"))
_DIAGNOSIS_KEYS = frozenset(("code", "params"))
_NUMBERS = (int, float)
# Points beyond this are no score an exercise gives: a 401-digit integer cannot become a float,
# and a sum of scores near 1.7e308 overflows to infinity.
MAX_POINTS = 1e9


def report_from_data(data: Any) -> GradeReport:
    """A report read back from ``results.json``; a file that is not as grader writes it raises
    :class:`ResultsFormatError` naming where: reports and exports would otherwise stop on it
    half-way, with Python's words instead of ours."""
    if not isinstance(data, dict):
        raise ResultsFormatError("not a JSON object, as a results file is")
    if data.get("format") != FORMAT:
        raise ResultsFormatError(f"results format {data.get('format')!r}, not {FORMAT}")
    exercises, results = data.get("exercises"), data.get("results")
    if not isinstance(exercises, list) or not isinstance(results, list):
        raise ResultsFormatError("no list of 'exercises' and of 'results'")
    report = GradeReport(tuple(_summary_from_data(e, f"exercise {k + 1}") for k, e in enumerate(exercises)),
                         tuple(submission_from_data(r, f"result {k + 1} of {len(results)}")
                               for k, r in enumerate(results)))
    _one_graded_result_each(report.results)
    _graded_on_listed_exercises(report)
    return report


def _graded_on_listed_exercises(report: GradeReport) -> None:
    """A graded result's exercise is one of the file's: the gradebook exports make a column per
    listed exercise, and would silently drop the grades of one that is not."""
    listed = {e.id for e in report.exercises}
    for k, result in enumerate(report.results):
        if result.status == "graded" and result.exercise not in listed:
            raise ResultsFormatError(f"result {k + 1} of {len(report.results)} ({result.submission}): its "
                                     f"exercise {result.exercise!r} is not among the file's 'exercises'")


def _one_graded_result_each(results: tuple[SubmissionResult, ...]) -> None:
    """A student has at most one graded result per exercise: grading marks a second file as a
    duplicate (an error), so two graded ones are a hand edit, and an export would silently
    take one of them."""
    seen: dict[tuple[str, str], str] = {}
    for result in results:
        if result.status != "graded" or result.student is None or result.exercise is None:
            continue
        key = (result.student, result.exercise)
        if key in seen:
            raise ResultsFormatError(f"student '{result.student}' has two graded results for exercise "
                                     f"'{result.exercise}' ({seen[key]} and {result.submission}); keep one")
        seen[key] = result.submission


def _summary_from_data(data: Any, where: str) -> ExerciseSummary:
    _expect(isinstance(data, dict), where, "is not a JSON object")
    _fields(data, _SUMMARY_NEEDED, _SUMMARY_NEEDED | {"lang", "reveal"}, where)
    _expect(_is_text(data["id"]) and _is_text(data["title"]) and _is_text(data.get("lang", "")), where,
            "its 'id', 'title' and 'lang' are not texts")
    _expect(_is_number(data["max_score"]), where, "its 'max_score' is not a number")
    _expect(data.get("lang", "en") in LANGUAGES, where, f"its 'lang' is not one of {', '.join(LANGUAGES)}")
    _expect(data.get("reveal", "never") in REVEAL_POLICIES, where,
            f"its 'reveal' is not one of {', '.join(REVEAL_POLICIES)}")
    return ExerciseSummary(**data)


def submission_from_data(data: Any, where: str = "a result") -> SubmissionResult:
    """One submission's result from its JSON (``results.json``, the journal), checked field by
    field, built positionally: a class is tens of thousands of tasks, and building them from
    keyword dictionaries would be most of reading the file back."""
    _expect(isinstance(data, dict), where, "is not a JSON object")
    if _is_text(data.get("submission")):
        where = f"{where} ({data['submission']})"
    _fields(data, _SUBMISSION_NEEDED, _SUBMISSION_KEYS, where)
    _expect(_is_text(data["submission"]), where, "its 'submission' is not a text")
    if not (_is_text(data["status"]) and data["status"] in _STATUSES):
        raise ResultsFormatError(f"{where}: its status {data['status']!r} is neither 'graded' nor 'error'")
    for name in ("student", "name", "exercise", "error"):
        if not (data[name] is None or _is_text(data[name])):
            raise ResultsFormatError(f"{where}: its '{name}' is not a text")
    for name in ("score", "max_score"):
        if not (data[name] is None or _is_number(data[name])):
            raise ResultsFormatError(f"{where}: its '{name}' is not a number")
    _expect(_within(data["score"], data["max_score"]), where, "its 'score' is not from 0 to its 'max_score'")
    _expect(type(data["needs_review"]) is bool, where, "its 'needs_review' is not true or false")
    tasks, warnings, variant = data["tasks"], data["warnings"], data.get("variant") or {}
    _expect(isinstance(tasks, list), where, "its 'tasks' are not a list")
    _expect(isinstance(warnings, list) and all(map(_is_text, warnings)), where,
            "its 'warnings' are not texts")
    _expect(isinstance(variant, dict) and all(map(_is_text, variant.values())), where,
            "its 'variant' does not map parameters to texts")
    error_message = data.get("error_message")
    if error_message is not None:
        error_message = _coded_from_data(error_message, where, "error_message")
    coded = data.get("warning_messages") or []
    _expect(isinstance(coded, list) and len(coded) in (0, len(warnings)), where,
            "its 'warning_messages' are not a list as long as its 'warnings'")
    return SubmissionResult(data["submission"], data["status"], data["student"], data["name"],
                            data["exercise"], data["score"], data["max_score"], data["error"],
                            data["needs_review"], tuple(_task_from_data(t, where) for t in tasks),
                            tuple(warnings), tuple(variant.items()), error_message,
                            tuple(_coded_from_data(w, where, "warning_messages") for w in coded))


def _coded_from_data(data: Any, where: str, name: str) -> Message:
    """An error or warning as data; one no renderer can word (a hand edit) is refused."""
    _expect(isinstance(data, dict) and data.keys() == _DIAGNOSIS_KEYS and _is_text(data["code"])
            and isinstance(data["params"], dict) and all(map(_is_text, data["params"].values()))
            and all(map(_is_text, data["params"])), where, f"its '{name}' is not a code with parameters")
    params = tuple(data["params"].items())
    _expect(wordable(data["code"], params), where,
            f"its '{name}' names an unknown code or leaves out a parameter")
    return Message(data["code"], params)


def _task_from_data(data: Any, where: str) -> TaskResult:
    if type(data) is not dict:
        raise ResultsFormatError(f"{where}: a task is not a JSON object")
    key = data.get("task")
    if not (_TASK_NEEDED <= data.keys() <= _TASK_KEYS and type(key) is str):
        named = f"{where}, task {key}" if type(key) is str else f"{where}, a task"
        _fields(data, _TASK_NEEDED, _TASK_KEYS, named)
        raise ResultsFormatError(f"{named}: its 'task' is not a text")
    verdict, score, top = data["verdict"], data["score"], data["max_score"]
    answer, read_as, expected = data["answer"], data["read_as"], data["expected"]
    found_at = data.get("found_at")
    diagnoses, components = data["diagnoses"], data["components"]
    # One test for a task as grader writes it (a class is tens of thousands); only a failed one
    # is taken apart, to say which field is wrong.
    if not (type(verdict) is str and verdict in _VERDICTS and (score is None or _is_number(score))
            and _is_number(top) and _within(score, top) and (answer is None or type(answer) is str)
            and (read_as is None or type(read_as) is str) and type(expected) is str
            and (found_at is None or type(found_at) is str) and type(diagnoses) is list
            and type(components) is list
            and (not components or all(type(c) is str and c in _VERDICTS for c in components))):
        raise ResultsFormatError(_task_fault(data, f"{where}, task {key}"))
    message, fingerprints = data["message"], data.get("fingerprints")
    return TaskResult(key, verdict, score, top, answer, read_as, expected,
                      tuple(_diagnosis(d, where, key) for d in diagnoses) if diagnoses else (),
                      None if message is None else _message(message, where, key), tuple(components),
                      None if fingerprints is None else _fingerprints(fingerprints, where, key), found_at)


def _within(score: float | None, top: float | None) -> bool:
    """0 ≤ score ≤ top, up to the rounding of a sum of floats: an edited 900 of 9, or -5, would
    reach an LMS as it stands (LTI's scoreGiven must not be negative)."""
    if top is None:
        return score is None or score >= 0
    return top >= 0 and (score is None or 0 <= score <= top * (1 + 1e-9) + 1e-9)


def _task_fault(data: dict[str, Any], where: str) -> str:
    """What is wrong with a task that is not as grader writes it."""
    verdict = data["verdict"]
    if not (_is_text(verdict) and verdict in _VERDICTS):
        return f"{where}: its verdict {verdict!r} is none of {', '.join(VERDICTS)}"
    for name in ("score", "max_score"):
        if not ((name == "score" and data[name] is None) or _is_number(data[name])):
            return f"{where}: its '{name}' is not a number"
    if not _within(data["score"], data["max_score"]):
        return f"{where}: its 'score' is not from 0 to its 'max_score'"
    for name in ("answer", "read_as", "found_at", "expected"):
        if not ((name != "expected" and data.get(name) is None) or _is_text(data[name])):
            return f"{where}: its '{name}' is not a text"
    if not isinstance(data["diagnoses"], list):
        return f"{where}: its 'diagnoses' are not a list"
    return f"{where}: its 'components' are not verdicts"


def _message(data: Any, where: str, key: str) -> Message:
    try:
        code, params, position = data["code"], tuple(data["params"].items()), data.get("position")
        fine = (data.keys() <= _MESSAGE_KEYS and type(code) is str
                and (position is None or type(position) is int)
                and all(type(value) is str for _, value in params) and wordable(code, params, False))
    except (TypeError, KeyError, AttributeError):  # not an object, no code, params not a mapping
        fine = False
    if not fine:
        raise ResultsFormatError(f"{where}, task {key}: its message {_shown(data)} is none that grader "
                                 "can put into words")
    return Message(code, params, position)


def _diagnosis(data: Any, where: str, key: str) -> Diagnosis:
    try:
        code, params = data["code"], tuple(data["params"].items())
        fine = (data.keys() <= _DIAGNOSIS_KEYS and type(code) is str
                and all(type(value) is str for _, value in params) and wordable(code, params, True))
    except (TypeError, KeyError, AttributeError):
        fine = False
    if not fine:
        raise ResultsFormatError(f"{where}, task {key}: its diagnosis {_shown(data)} is none that grader "
                                 "can put into words")
    return Diagnosis(code, params)


def _fingerprints(data: Any, where: str, key: str) -> tuple[str | None, str]:
    _expect(isinstance(data, dict) and data.keys() == {"answer", "expected"} and _is_text(data["expected"])
            and (data["answer"] is None or _is_text(data["answer"])), f"{where}, task {key}",
            "its 'fingerprints' are not two texts")
    return (data["answer"], data["expected"])


def _shown(data: Any) -> str:
    """A message or diagnosis as the file has it, for an error: its code, and its parameters."""
    if isinstance(data, dict):
        return f"{data.get('code')!r} with {data.get('params')!r}"
    return repr(data)


def _fields(data: dict[str, Any], needed: frozenset[str], known: frozenset[str], where: str) -> None:
    if needed <= data.keys() <= known:
        return
    missing, unknown = sorted(needed - data.keys()), sorted(data.keys() - known)
    raise ResultsFormatError(f"{where}: '{missing[0]}' is missing" if missing else
                             f"{where}: '{unknown[0]}' is not a field grader writes there")


def _is_text(value: Any) -> bool:
    return type(value) is str


def _is_number(value: Any) -> bool:
    """A number as grader writes one: JSON's reader also takes Infinity and NaN, which no
    score is (the overview's statistics stop on them), and numbers no score is near."""
    return type(value) in _NUMBERS and -MAX_POINTS <= value <= MAX_POINTS


def _expect(condition: bool, where: str, what: str) -> None:
    if not condition:
        raise ResultsFormatError(f"{where}: {what}")


def read_results(path: Path) -> GradeReport:
    """A results.json written by grader (this format), or a one-line error."""
    try:
        with gctuning.paused():  # the file's data and its results all live on
            return report_from_data(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise GraderError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ResultsFormatError as exc:
        raise GraderError(f"{path}: {exc}; correct that, or grade again to write the file anew") from None
    except json.JSONDecodeError as exc:
        raise GraderError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}); a results file written "
                          "by grader is; grade again") from None
    except (ValueError, RecursionError):
        raise GraderError(f"{path} is not a results file written by this grader; grade again") from None
