"""Grading: one answer against one task, and one submission against its exercise."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from fractions import Fraction

import sympy as sp

from grader import messages
from grader.check import Equivalence, Probe, compare_numbers, equivalent, has_symbols, is_zero
from grader.diagnose.engine import Context, notation_findings, render_findings, review
from grader.diagnose.working import credit_for, working_findings
from grader.exercise import Exercise, Task
from grader.limits import Limits
from grader.mathtext import expression_text
from grader.parse import Answer, ParseError, read_answer
from grader.parse.answer import Value
from grader.results import TaskResult, Verdict, points
from grader.submission import Submission


@dataclass(frozen=True)
class Judgement:
    """How one answer compares to the expected value, before points are attached."""

    verdict: Verdict
    fraction: Fraction | None
    message: str | None = None
    components: tuple[Verdict, ...] = ()


def grade_answer(task: Task, text: str | None, probe: Probe, limits: Limits,
                 lang: str = "en", context: Context | None = None) -> TaskResult:
    """Grade one answer. With a ``context`` (the exercise and the student's other answers),
    a wrong answer is also diagnosed and descent steps get follow-through credit."""
    expected_text = task.expected_text
    if text is None or not text.strip():
        return _result(task, Judgement("missing", Fraction(0), messages.render("missing", (), lang)),
                       text, None, expected_text)
    try:
        answer = read_answer(text, task.vocabulary, limits)
    except ParseError as exc:
        message = messages.render(exc.code, exc.params, lang, exc.position)
        return _result(task, Judgement("invalid", Fraction(0), message), text, None, expected_text)
    judgement = judge(task, answer, probe, lang)
    if context is None:
        return _result(task, judgement, text, answer.read_as, expected_text)
    working = working_findings(
        answer, judgement.verdict == "correct", task.tolerance, probe,
        lambda value, written: judge_value(task, value, written, probe, lang).verdict == "correct")
    found = review(task, answer, judgement.verdict, judgement.fraction, judgement.components, context)
    findings = (*working, *found.findings, *notation_findings(answer))
    verdict, fraction = found.verdict, found.fraction
    for finding in findings:
        # a notation warning costs nothing unless the teacher says so; working does by default
        credit = credit_for(finding.code, dict(task.partial_credit))
        if credit is None or fraction is None:
            continue
        if finding.code in ("working-inconsistent", "negative-base-notation"):
            fraction = fraction * credit
        elif finding.code == "arithmetic-slip" and credit > fraction:
            fraction = credit
    if fraction is not None and verdict in ("correct", "incorrect", "partial"):
        verdict = "correct" if fraction == 1 else "incorrect" if fraction == 0 else "partial"
    message = judgement.message if verdict == judgement.verdict else None
    revised = Judgement(verdict, fraction, message, judgement.components)  # type: ignore[arg-type]
    result = _result(task, revised, text, answer.read_as, expected_text)
    return replace(result, diagnoses=render_findings(findings, lang))


def _result(task: Task, judgement: Judgement, text: str | None, read_as: str | None,
            expected_text: str) -> TaskResult:
    score = None if judgement.fraction is None else points(task.points * judgement.fraction)
    return TaskResult(task.key, judgement.verdict, score, points(task.points), text, read_as,
                      expected_text, (), judgement.message, judgement.components)


def judge(task: Task, answer: Answer, probe: Probe, lang: str) -> Judgement:
    zero = _zero_denominator(answer, probe)
    if zero is not None:
        return Judgement("invalid", Fraction(0), messages.render(
            "zero-denominator", {"denominator": expression_text(zero)}, lang))
    judgement = judge_value(task, answer.value, answer.written, probe, lang)
    if judgement.message is not None and judgement.verdict == "incorrect" and \
            DECIMAL_COMMA.search(answer.text) and isinstance(answer.value, tuple) \
            and isinstance(task.expected, tuple) and len(answer.value) > len(task.expected):
        judgement = replace(judgement, message=messages.render(
            "wrong-length-decimal-comma",
            {"count": str(len(task.expected)), "given": str(len(answer.value))}, lang))
    return judgement


DECIMAL_COMMA = re.compile(r"\d,\d")


def judge_value(task: Task, given: Value, written: tuple[str | None, ...], probe: Probe,
                lang: str) -> Judgement:
    """How a value (the result of an answer, or one part of its working) compares."""
    expected = task.expected
    if isinstance(expected, tuple):
        if not isinstance(given, tuple):
            return Judgement("incorrect", Fraction(0),
                             messages.render("expected-vector", {"count": str(len(expected))}, lang))
        if len(given) != len(expected):
            return Judgement("incorrect", Fraction(0), messages.render(
                "wrong-length", {"count": str(len(expected)), "given": str(len(given))}, lang))
        marks = written if len(written) == len(given) else (None,) * len(given)
        verdicts = tuple(_component(task, g, e, w, probe, lang)
                         for g, e, w in zip(given, expected, marks, strict=True))
        return _combine(task, verdicts, lang)
    if isinstance(given, tuple):
        return Judgement("incorrect", Fraction(0), messages.render("expected-scalar", (), lang))
    verdict = _component(task, given, expected, written[0] if len(written) == 1 else None, probe, lang)
    if isinstance(verdict, Judgement):
        return verdict
    message = messages.render("unproven", (), lang) if verdict == "unproven" else None
    return Judgement(verdict, _full_or_none(verdict), message)


def _zero_denominator(answer: Answer, probe: Probe) -> sp.Expr | None:
    """A divisor that is 0 for every value (0/(sin²x + cos²x − 1)): SymPy has already made the
    quotient 0, so it is looked for where it was written. Only a divisor that is ~0 at every
    test point is put to the exact check."""
    for denominator in answer.denominators:
        values = probe.values(denominator)
        if any(v is not None and abs(v) > 1e-9 for v in values):
            continue
        if is_zero(denominator):
            return denominator
    return None


_OUTCOME: dict[Equivalence, Verdict] = {Equivalence.EQUAL: "correct",
                                        Equivalence.DIFFERENT: "incorrect",
                                        Equivalence.UNPROVEN: "unproven"}


def _component(task: Task, given: sp.Expr, expected: sp.Expr, written: str | None, probe: Probe,
               lang: str) -> Verdict | Judgement:
    if task.numeric:
        if has_symbols(given):
            names = ", ".join(sorted(s.name for s in given.free_symbols))
            return Judgement("incorrect", Fraction(0), messages.render("expected-number", {"names": names}, lang))
        return _OUTCOME[compare_numbers(given, expected, task.tolerance, written)]
    return _OUTCOME[equivalent(given, expected, probe)]


def _full_or_none(verdict: Verdict) -> Fraction | None:
    return {"correct": Fraction(1), "incorrect": Fraction(0)}.get(verdict)


def _combine(task: Task, parts: tuple[Verdict | Judgement, ...], lang: str) -> Judgement:
    verdicts = tuple(p.verdict if isinstance(p, Judgement) else p for p in parts)
    if "unproven" in verdicts:
        return Judgement("unproven", None, messages.render("unproven", (), lang), verdicts)
    right = verdicts.count("correct")
    if right == len(verdicts):
        return Judgement("correct", Fraction(1), None, verdicts)
    wrong = ", ".join(str(i + 1) for i, v in enumerate(verdicts) if v != "correct")
    message = messages.render("components-wrong", {"which": wrong}, lang)
    if right == 0 or task.vector_credit == "all":
        return Judgement("incorrect", Fraction(0), message, verdicts)
    return Judgement("partial", Fraction(right, len(verdicts)), message, verdicts)


def grade_task(exercise: Exercise, task: Task, submission: Submission) -> TaskResult:
    problem = exercise.problem(task.problem)
    context = Context(exercise, problem, submission.answers)
    return grade_answer(task, submission.answers.get(task.key), problem.probe, exercise.limits,
                        exercise.lang, context)


def grade_submission(exercise: Exercise, submission: Submission) -> Iterator[TaskResult]:
    """Grade every task of ``exercise`` in order, in this process (no time limit: the batch
    engine runs this in a worker it can kill)."""
    for task in exercise.tasks:
        yield grade_task(exercise, task, submission)
