"""Grading: one answer against one task, and one submission against its exercise."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction

from grader.checking.equivalence import Probe
from grader.checking.judging import Judgement, in_component_order, judge, judge_value
from grader.diagnose.engine import Context, Readings, Review, notation_findings
from grader.diagnose.models import Finding
from grader.diagnose.other_variant import fingerprint
from grader.diagnose.review import review
from grader.diagnose.working import credit_for, working_findings
from grader.exercise import Exercise, Task
from grader.kinds import kind_of
from grader.limits import Limits
from grader.parse import Answer, ParseError
from grader.parse.answer import Value
from grader.reading.submission import Submission
from grader.results.model import Diagnosis, Message, TaskResult, points
from grader.running.verdict_cache import VerdictCache, cache_key


def grade_answer(task: Task, text: str | None, probe: Probe, limits: Limits,
                 context: Context | None = None) -> TaskResult:
    """Grade one answer. With a ``context`` (the exercise and the student's other answers),
    a wrong answer is also diagnosed and descent steps get follow-through credit; in a variant
    of a parameterised exercise the result carries the fingerprints ``diagnose.other_variant`` compares."""
    result, value = _graded(task, text, probe, limits, context)
    if context is not None and context.exercise.family is not None:
        key = (context.exercise.problem_digest(context.problem), task.key)
        expected = _EXPECTED_PRINTS.get(key)
        if expected is None:
            if len(_EXPECTED_PRINTS) >= 10_000:
                _EXPECTED_PRINTS.clear()
            expected = _EXPECTED_PRINTS[key] = fingerprint(task.expected, task, probe) or ""
        result = replace(result, fingerprints=(fingerprint(value, task, probe), expected))
    return result


_EXPECTED_PRINTS: dict[tuple[str, str], str] = {}  # per process: (variant, task) -> fingerprint


def _graded(task: Task, text: str | None, probe: Probe, limits: Limits,
            context: Context | None) -> tuple[TaskResult, Value | None]:
    expected_text = task.expected_text
    if text is None or not text.strip():
        return _result(task, Judgement("missing", Fraction(0), Message("missing")), text, None,
                       expected_text), None
    try:
        answer = kind_of(task).read(text, task, limits)
    except ParseError as exc:
        if context is not None:
            context.readings[task.key, text] = None
        reason = Message(exc.code, exc.params, exc.position)
        return _result(task, Judgement("invalid", Fraction(0), reason), text, None, expected_text), None
    # graded, and read by follow-through, in the task's order (a set's in the kind's)
    answer = kind_of(task).arranged(task, in_component_order(task, answer))
    if context is not None:
        context.readings[task.key, text] = answer
    judgement = judge(task, answer, probe)
    if context is None:
        return _result(task, judgement, text, answer.read_as, expected_text), answer.value
    working = working_findings(
        answer, judgement.verdict == "correct", task.tolerance, probe,
        lambda value, written: judge_value(task, value, written, probe).verdict == "correct")
    found = _reviewed(task, answer, judgement, working, context)
    findings = (*working, *found.findings, *notation_findings(answer))
    verdict, fraction = _credited(findings, found.verdict, found.fraction, task)
    message = judgement.message if verdict == judgement.verdict else None
    revised = Judgement(verdict, fraction, message, judgement.components)  # type: ignore[arg-type]
    result = _result(task, revised, text, answer.read_as, expected_text)
    return replace(result, diagnoses=tuple(Diagnosis(f.code, f.params) for f in findings)), answer.value


def _reviewed(task: Task, answer: Answer, judgement: Judgement, working: tuple[Finding, ...],
              context: Context) -> Review:
    """The mistake models' review, unless the working is right and only its last value is
    wrong: then a model that happens to give that value (a sign slip) is no diagnosis."""
    if any(finding.code == "arithmetic-slip" for finding in working):
        return Review(judgement.verdict, judgement.fraction, (), judgement.components)
    return review(task, answer, judgement.verdict, judgement.fraction, judgement.components, context)


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


def grade_task(exercise: Exercise, task: Task, submission: Submission,
               cache: VerdictCache | None = None, *, readings: Readings | None = None) -> TaskResult:
    """Grade one task of a submission. With a ``cache``, an answer graded before is not graded
    again: a class writes the same right answer and the same few wrong ones. The key holds all
    that a grade depends on: the exercise, the task, the answer, and for a descent step the
    student's own earlier values that follow-through reads (``depends_on``). The problem's
    digest stands for the exercise: variants that share a problem share its verdicts.
    ``readings``: one dict per submission, for all its tasks, so that each answer is read once."""
    answers = submission.answers
    problem = exercise.problem(task.problem)
    key = cache_key(exercise, problem, task, answers) if cache is not None else None
    if key is not None and cache is not None:
        found = cache.get(key)
        if found is not None:
            return found
    result = grade_answer(task, answers.get(task.key), problem.probe, exercise.limits,
                          Context(exercise, problem, answers, {} if readings is None else readings))
    if key is not None and cache is not None:
        cache.keep(key, result)
    return result


def grade_submission(exercise: Exercise, submission: Submission,
                     cache: VerdictCache | None = None) -> Iterator[TaskResult]:
    """Grade every task of ``exercise`` in order, in this process (no time limit: the batch
    engine runs this in a worker it can kill)."""
    readings: Readings = {}
    for task in exercise.tasks:
        yield grade_task(exercise, task, submission, cache, readings=readings)
