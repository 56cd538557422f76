"""Diagnosis as grading calls it: a wrong or partly wrong answer reviewed by its task's kind.

``review`` is called with the judgement on the true path; it returns a possibly revised
judgement (follow-through credit, a teacher's partial credit for a mistake) and the findings.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from grader.diagnose.engine import Context, Review, carried_review, swapped_finding, with_credit
from grader.diagnose.models import Candidate
from grader.kinds import kind_of
from grader.parse import Answer
from grader.parse.matrix import Matrix

if TYPE_CHECKING:
    from grader.exercise.model import Task


def review(task: Task, answer: Answer, verdict: str, fraction: Fraction | None,
           components: tuple[str, ...], context: Context) -> Review:
    """Diagnose a wrong or partly wrong answer; give follow-through credit where it is due."""
    if verdict not in ("incorrect", "partial"):
        return Review(verdict, fraction, (), components)
    if kind_of(task).carried(task, answer.value, context):  # follow-through, any shape of answer
        return carried_review(task, fraction, components)
    if isinstance(task.expected, Matrix) or isinstance(answer.value, Matrix):  # entry by entry, any kind
        found = kind_of(task).matrix_findings(task, answer.value, context)
        return with_credit(task, Review(verdict, fraction, tuple(found), components))
    swapped = swapped_finding(task, answer.value, context.problem.probe)
    if swapped is not None:
        return with_credit(task, Review(verdict, fraction, (swapped,), components))
    return kind_of(task).review(task, answer, verdict, fraction, components, context)


def mistake_models(task: Task, context: Context) -> list[Candidate]:
    """The wrong answers diagnosis looks for on the right path (no follow-through, no
    rounding), each in the shape of the whole answer: what ``diagnosability`` compares."""
    return kind_of(task).mistake_models(task, context)
