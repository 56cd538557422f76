"""What a student's self-check may show: the reveal policy of an exercise, and a result with
the corrected answers withheld where it does not reveal.

A self-check names each mistake and where it is ("the exponent was not lowered in the term
3*θ^2"); the expected answer, and the diagnosis parameters that state it (``ANSWER_PARAMS``),
are left out of the result itself, so that no view of it (text, JSON, a report) can show them.
A student's report of a class run and the exports whose feedback students read
(``as_students_read``) follow the same policy; the class overview and JUnit, read by the
teacher, never pass through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from grader.codes import ANSWER_PARAMS, TEACHER_PARAMS, RevealPolicy
from grader.results.model import Diagnosis, GradeReport, SubmissionResult, TaskResult
from grader.results.write import submission_to_data


def revealed_tasks(policy: RevealPolicy, result: SubmissionResult, reveal: bool | None) -> frozenset[str]:
    """The tasks whose expected answer a self-check shows: ``reveal`` (``--reveal`` or
    ``--no-reveal``) overrides the exercise's policy; ``after-check`` reveals a task once the
    student has answered it."""
    if reveal is True or (reveal is None and policy == "always"):
        return frozenset(t.task for t in result.tasks)
    if reveal is None and policy == "after-check":
        return frozenset(t.task for t in result.tasks if t.verdict != "missing")
    return frozenset()


def for_self_check(result: SubmissionResult, revealed: frozenset[str]) -> SubmissionResult:
    """``result`` with the expected answer, its fingerprints and the answer-stating diagnosis
    parameters removed from every task not in ``revealed``."""
    if result.status != "graded":
        return result
    tasks = tuple(_private(task) if task.task in revealed else _withheld(task) for task in result.tasks)
    return result if tasks == result.tasks else replace(result, tasks=tasks)


def as_students_read(report: GradeReport, reveal: bool | None = None) -> GradeReport:
    """Every result as its student may read it (an LMS's feedback column, a comment): each
    exercise's policy applied as to a self-check, ``reveal`` overriding it. Students have
    handed in, so ``after-check`` reveals the tasks they answered."""
    policies = {e.id: e.reveal for e in report.exercises}
    results = tuple(for_self_check(r, revealed_tasks(policies.get(r.exercise or "", "never"), r, reveal))
                    for r in report.results)
    return replace(report, results=results)


def self_check_data(result: SubmissionResult, revealed: frozenset[str]) -> dict[str, Any]:
    """The JSON of a self-check: a withheld expected answer is null, not an empty text."""
    data = submission_to_data(for_self_check(result, revealed))
    for task in data.get("tasks") or ():
        if task["task"] not in revealed:
            task["expected"] = None
            task.pop("fingerprints", None)
    return data


def _withheld(task: TaskResult) -> TaskResult:
    diagnoses = tuple(_without(d, ANSWER_PARAMS, TEACHER_PARAMS) for d in task.diagnoses)
    return replace(task, expected="", diagnoses=diagnoses, fingerprints=None)


def _private(task: TaskResult) -> TaskResult:
    """A revealed task: only what names classmates is left out."""
    diagnoses = tuple(_without(d, TEACHER_PARAMS) for d in task.diagnoses)
    return task if diagnoses == task.diagnoses else replace(task, diagnoses=diagnoses)


def _without(diagnosis: Diagnosis, *withheld: Mapping[str, frozenset[str]]) -> Diagnosis:
    hidden = frozenset().union(*(names.get(diagnosis.code, frozenset()) for names in withheld))
    if not hidden:
        return diagnosis
    return replace(diagnosis, params=tuple((k, v) for k, v in diagnosis.params if k not in hidden))
