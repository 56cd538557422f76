"""grader: an autograder for partial derivatives, gradients and gradient descent.

Use it from Python (docs/api.md)::

    import grader

    exercise = grader.load_exercise("partial-derivatives")
    check = grader.check_answer(exercise, "p1.dx", "4x^3 + 3x^2 y^2")
    check.verdict, check.score, check.messages()

    grader.check_submission(exercise, "answers.yaml")          # a whole submission
    grader.grade_class(["exercises"], ["submissions"], "out")  # what `grader grade` does
    grader.write_reports("out/results.json", "out/report")
    grader.export_results("out/results.json", "canvas", "canvas.csv")

Every function may be called from any thread; errors are :class:`GraderError` and its kinds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grader.api import (
    check_answer,
    check_submission,
    export_results,
    grade_class,
    load_exercise,
    load_exercises,
    read_results,
    write_reports,
)
from grader.errors import ExerciseError, ExerciseErrors, GraderError, NotFound, OutputError, SubmissionError

if TYPE_CHECKING:
    from grader.exercise import Exercise, Task
    from grader.results.model import Diagnosis, GradeReport, Message, SubmissionResult, TaskResult
    from grader.running.classrun import ClassRun
    from grader.selfcheck import AnswerCheck, SubmissionCheck

__version__ = "0.1.0"

__all__ = [
    "AnswerCheck",
    "ClassRun",
    "Diagnosis",
    "Exercise",
    "ExerciseError",
    "ExerciseErrors",
    "GradeReport",
    "GraderError",
    "Message",
    "NotFound",
    "OutputError",
    "SubmissionCheck",
    "SubmissionError",
    "SubmissionResult",
    "Task",
    "TaskResult",
    "check_answer",
    "check_submission",
    "export_results",
    "grade_class",
    "load_exercise",
    "load_exercises",
    "read_results",
    "write_reports",
]

# The types, imported when first asked for: `import grader` stays free of SymPy and jinja2.
_TYPES = {
    "AnswerCheck": "grader.selfcheck", "SubmissionCheck": "grader.selfcheck",
    "ClassRun": "grader.running.classrun", "Exercise": "grader.exercise", "Task": "grader.exercise",
    "Diagnosis": "grader.results.model", "GradeReport": "grader.results.model",
    "Message": "grader.results.model", "SubmissionResult": "grader.results.model",
    "TaskResult": "grader.results.model",
}


def __getattr__(name: str) -> Any:
    if name in _TYPES:
        from importlib import import_module

        return getattr(import_module(_TYPES[name]), name)
    raise AttributeError(f"module 'grader' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
