"""Grading: one answer against one task, and one submission against its exercise."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction

from grader.check import Probe
from grader.diagnose.engine import Context, notation_findings, review
from grader.diagnose.models import Finding
from grader.diagnose.working import credit_for, working_findings
from grader.exercise import Exercise, Task
from grader.judging import Judgement, judge, judge_value
from grader.limits import Limits
from grader.parse import ParseError, read_answer
from grader.results import Diagnosis, Message, TaskResult, points
from grader.submission import Submission


def grade_answer(task: Task, text: str | None, probe: Probe, limits: Limits,
                 context: Context | None = None) -> TaskResult:
    """Grade one answer. With a ``context`` (the exercise and the student's other answers),
    a wrong answer is also diagnosed and descent steps get follow-through credit."""
    expected_text = task.expected_text
    if text is None or not text.strip():
        return _result(task, Judgement("missing", Fraction(0), Message("missing")), text, None,
                       expected_text)
    try:
        answer = read_answer(text, task.vocabulary, limits)
    except ParseError as exc:
        reason = Message(exc.code, exc.params, exc.position)
        return _result(task, Judgement("invalid", Fraction(0), reason), text, None, expected_text)
    judgement = judge(task, answer, probe)
    if context is None:
        return _result(task, judgement, text, answer.read_as, expected_text)
    working = working_findings(
        answer, judgement.verdict == "correct", task.tolerance, probe,
        lambda value, written: judge_value(task, value, written, probe).verdict == "correct")
    found = review(task, answer, judgement.verdict, judgement.fraction, judgement.components, context)
    findings = (*working, *found.findings, *notation_findings(answer))
    verdict, fraction = _credited(findings, found.verdict, found.fraction, task)
    message = judgement.message if verdict == judgement.verdict else None
    revised = Judgement(verdict, fraction, message, judgement.components)  # type: ignore[arg-type]
    result = _result(task, revised, text, answer.read_as, expected_text)
    return replace(result, diagnoses=tuple(Diagnosis(f.code, f.params) for f in findings))


def _credited(findings: tuple[Finding, ...], verdict: str, fraction: Fraction | None,
              task: Task) -> tuple[str, Fraction | None]:
    """What findings cost or earn: inconsistent working costs half by default, a notation
    warning only what the teacher sets, and a teacher may credit an arithmetic slip."""
    if fraction is None:
        return verdict, fraction
    for finding in findings:
        credit = credit_for(finding.code, task.partial_credit)
        if credit is None:
            continue
        if finding.code in ("working-inconsistent", "negative-base-notation"):
            fraction = fraction * credit
        elif finding.code == "arithmetic-slip":
            fraction = max(fraction, credit)
    if verdict in ("correct", "incorrect", "partial"):
        verdict = "correct" if fraction == 1 else "incorrect" if fraction == 0 else "partial"
    return verdict, fraction


def _result(task: Task, judgement: Judgement, text: str | None, read_as: str | None,
            expected_text: str) -> TaskResult:
    score = None if judgement.fraction is None else points(task.points * judgement.fraction)
    return TaskResult(task.key, judgement.verdict, score, points(task.points), text, read_as,
                      expected_text, (), judgement.message, judgement.components)


def grade_task(exercise: Exercise, task: Task, submission: Submission) -> TaskResult:
    problem = exercise.problem(task.problem)
    context = Context(exercise, problem, submission.answers)
    return grade_answer(task, submission.answers.get(task.key), problem.probe, exercise.limits,
                        context)


def grade_submission(exercise: Exercise, submission: Submission) -> Iterator[TaskResult]:
    """Grade every task of ``exercise`` in order, in this process (no time limit: the batch
    engine runs this in a worker it can kill)."""
    for task in exercise.tasks:
        yield grade_task(exercise, task, submission)
