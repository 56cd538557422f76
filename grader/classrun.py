"""Grading a class: submissions in, ``results.json`` out, resumable and mergeable."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from grader.batch import Engine, mark_duplicates
from grader.errors import GraderError
from grader.exercise import Exercise
from grader.library import fingerprint
from grader.results import (
    ExerciseSummary,
    GradeReport,
    SubmissionResult,
    points,
    report_from_data,
    report_json,
)
from grader.store import RESULTS_NAME, Journal, file_key, write_atomic
from grader.submission import submission_files


@dataclass(frozen=True)
class ClassRun:
    report: GradeReport
    graded_now: int
    reused: int

    @property
    def errors(self) -> int:
        return sum(1 for r in self.report.results if r.status == "error")


def grade_class(exercises: dict[str, Exercise], submissions: list[Path], out: Path, *,
                jobs: int = 1, resume: bool = False, student: str | None = None,
                on_start: Callable[[int], None] | None = None,
                on_result: Callable[[SubmissionResult], None] | None = None) -> ClassRun:
    """Grade every submission file in ``submissions`` (files or folders) into ``out``.

    ``resume``: take over what an interrupted run recorded in its journal. ``student``: regrade
    only that student's files (and files new since the last run) and merge into the existing
    ``results.json``.
    """
    files = submission_files(submissions)
    if not files:
        raise GraderError(f"no submission files (*.yaml, *.yml, *.json) in {', '.join(map(str, submissions))}")
    keys = {str(p): file_key(p) for p in files}
    kept: list[SubmissionResult] = []
    if student is not None:
        previous = _read_results(out / RESULTS_NAME)
        known = {r.submission for r in previous.results}
        files = [p for p in files if str(p) not in known or any(
            r.submission == str(p) and r.student == student for r in previous.results)]
        kept = [r for r in previous.results if r.student != student and r.submission in keys]
    journal = Journal(out, fingerprint(exercises))
    recorded = journal.load() if resume else {}
    reused = {key: result for key, result in recorded.items() if key in keys.values()}
    todo = [p for p in files if keys[str(p)] not in reused]
    journal.start(reused)

    made: dict[int, str] = {}  # by id(result): each result is serialised once, by its worker

    def record(result: SubmissionResult, line: str) -> None:
        made[id(result)] = line
        journal.record(keys[result.submission], line)
        if on_result is not None:
            on_result(result)

    if on_start is not None:
        on_start(len(todo))
    try:
        fresh = Engine(exercises, jobs, record).grade(todo)
    finally:
        journal.close()
    new_results = [r for r in [*reused.values(), *fresh]
                   if student is None or r.student == student]
    results = mark_duplicates([*kept, *new_results])
    summaries = tuple(ExerciseSummary(e.id, e.title, points(e.max_score)) for e in exercises.values())
    report = GradeReport(summaries, tuple(results))
    write_atomic(out / RESULTS_NAME, report_json(report, made))
    return ClassRun(report, len(fresh), len(reused))


def _read_results(path: Path) -> GradeReport:
    try:
        return report_from_data(json.loads(path.read_text(encoding="utf-8")))
    except OSError:
        raise GraderError(f"--student needs an earlier run's {path}; grade the whole class first") from None
    except (ValueError, KeyError, TypeError):
        raise GraderError(f"{path} is not a results file written by grader") from None
