"""``results.json`` written: JSON is produced here only.

``results.json`` is sorted by student, then submission path, with tasks in exercise order;
the same inputs give byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

from grader.results.model import (
    FORMAT,
    SUBMISSION_FIELDS,
    TASK_FIELDS,
    ExerciseSummary,
    GradeReport,
    Message,
    SubmissionResult,
    TaskResult,
)


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
    data = {name: getattr(result, name) for name in SUBMISSION_FIELDS}
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
    data = {name: getattr(task, name) for name in TASK_FIELDS}
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


def dumps(data: Any) -> str:
    return _encodable(json.dumps(data, ensure_ascii=False, indent=2),
                      lambda: json.dumps(data, ensure_ascii=True, indent=2)) + "\n"
