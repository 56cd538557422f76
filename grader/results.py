"""Results as data: what every renderer and exporter reads. JSON is produced here only.

``results.json`` is sorted by student, then submission path, with tasks in exercise order;
the same inputs give byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from fractions import Fraction
from typing import Any

from grader.codes import REVEAL_POLICIES, VERDICTS, RevealPolicy, Status, Verdict
from grader.messages import LANGUAGES, describe_failure, wordable

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


_SUBMISSION_FIELDS = tuple(f.name for f in fields(SubmissionResult))
_TASK_FIELDS = tuple(f.name for f in fields(TaskResult))


def grader_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # slow to import: only for results.json

    try:
        return version("grader")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def summary_to_data(summary: ExerciseSummary) -> dict[str, Any]:
    """An exercise's entry; its reveal policy only when it is not the default ``never``, so
    that the results of exercises without one are the same bytes as before it was recorded."""
    data = asdict(summary)
    if summary.reveal == "never":
        del data["reveal"]
    return data


def report_to_data(report: GradeReport) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "grader": grader_version(),
        "exercises": [summary_to_data(e) for e in sorted(report.exercises, key=lambda e: e.id)],
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
    two or three times over at once, which for a class of long answers is most of the
    process's peak memory (docs/benchmarks.md)."""
    known = known or {}
    exercises = [summary_to_data(e) for e in sorted(report.exercises, key=lambda e: e.id)]
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
    # Field by field rather than dataclasses.asdict, which deep-copies every value; this runs
    # for every submission of a class.
    data = {name: getattr(result, name) for name in _SUBMISSION_FIELDS}
    data["tasks"] = [task_to_data(t) for t in result.tasks]
    data["warnings"] = list(result.warnings)
    if result.variant:
        data["variant"] = dict(result.variant)
    else:
        del data["variant"]  # a fixed exercise's results read as before
    # Written only where there is one, as the texts beside them are: results read as before.
    if result.error_message is None:
        del data["error_message"]
    else:
        data["error_message"] = coded_to_data(result.error_message)
    if result.warning_messages:
        data["warning_messages"] = [coded_to_data(w) for w in result.warning_messages]
    else:
        del data["warning_messages"]
    return data


def coded_to_data(message: Message) -> dict[str, Any]:
    return {"code": message.code, "params": dict(message.params)}


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


class ResultsFormatError(ValueError):
    """A results file that is not as grader writes it (a hand edit gone wrong, another
    program's file): the message names the result, the task and the field."""


_SUBMISSION_KEYS = frozenset(_SUBMISSION_FIELDS)
# Left out: for a fixed exercise; where there is no error or warning (and in older files).
_SUBMISSION_NEEDED = _SUBMISSION_KEYS - {"variant", "error_message", "warning_messages"}
_TASK_KEYS = frozenset(_TASK_FIELDS)
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


def dumps(data: Any) -> str:
    return _encodable(json.dumps(data, ensure_ascii=False, indent=2),
                      lambda: json.dumps(data, ensure_ascii=True, indent=2)) + "\n"
