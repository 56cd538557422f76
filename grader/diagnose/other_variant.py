"""Answers that are right for another student's variant: the class-level check behind the
diagnosis ``other-variant`` (possible copying, or a student working from a classmate's sheet).

Grading records, for every task of a parameterised exercise, a fingerprint of the answer and
of the expected answer (``fingerprint``): numbers rounded as the task's tolerance compares them,
expressions by their values at the problem's test points. After a class is graded, an answer
that is wrong for its own variant, that no mistake model explains with the student's own
numbers, but that has the fingerprint of another variant's expected answer is marked, with the
students whose variant it fits (for the teacher; a student's own words never name them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

import sympy as sp

from grader.checking.equivalence import Probe
from grader.exercise import Task
from grader.parse.answer import Value
from grader.results.model import Diagnosis, SubmissionResult, TaskResult

SHOWN_STUDENTS = 10  # ids listed in a diagnosis; ``count`` says how many there are
NOT_AN_EXPLANATION = frozenset({"negative-base-notation", "carried-error"})  # notes, not mistakes


def fingerprint(value: Value | None, task: Task, probe: Probe) -> str | None:
    """``value`` as grading compares it: numbers at the task's precision, expressions by their
    values at the first test points. None for what has no such value."""
    if value is None:
        return None
    parts = value if isinstance(value, tuple) else (value,)
    try:
        if task.numeric:
            return ";".join(_number_text(_complex(v), task) for v in parts)
        return ";".join(",".join("-" if x is None else _general(x) for x in probe.values(v)[:2])
                        for v in parts)
    except (TypeError, ValueError, OverflowError):
        return None


def _complex(value: sp.Expr) -> complex:
    """SymPy's own conversion evaluates to 15 digits through mpmath: slow for the common
    case of a fraction."""
    if value.is_Rational:
        return complex(int(value.p) / int(value.q))
    return complex(value)


def _number_text(x: complex, task: Task) -> str:
    if abs(x.imag) > 1e-12:
        return f"{_general(x)}"
    decimals = task.tolerance.decimals if task.tolerance is not None else None
    if decimals is not None:
        text = f"{x.real:.{decimals}f}"
        return text[1:] if text.startswith("-") and float(text) == 0 else text
    return f"{x.real:.6g}"


def _general(x: complex) -> str:
    real = f"{x.real:.8g}"
    return real if abs(x.imag) <= 1e-12 else f"{real}{x.imag:+.8g}i"


def mark_other_variants(results: Iterable[SubmissionResult]) -> list[SubmissionResult]:
    """Every result, with ``other-variant`` on each wrong answer that is another variant's right
    one (recomputed from scratch: a regraded student may gain or lose it)."""
    results = list(results)
    owners: dict[tuple[str, str], dict[str, set[tuple[str, tuple[tuple[str, str], ...]]]]] = \
        defaultdict(lambda: defaultdict(set))
    for result in results:
        if result.variant and result.status == "graded" and result.student is not None:
            for task in result.tasks:
                if task.fingerprints is not None:
                    owners[(result.exercise or "", task.task)][task.fingerprints[1]].add(
                        (result.student, result.variant))
    return [_marked(r, owners) for r in results]


def _marked(result: SubmissionResult, owners) -> SubmissionResult:
    if not result.variant:
        return result
    tasks = tuple(_task_marked(result, t, owners.get((result.exercise or "", t.task), {}))
                  for t in result.tasks)
    return result if tasks == result.tasks else replace(result, tasks=tasks)


def _task_marked(result: SubmissionResult, task: TaskResult, owners) -> TaskResult:
    kept = tuple(d for d in task.diagnoses if d.code != "other-variant")
    others: list[str] = []
    prints = task.fingerprints
    # A mistake that explains the answer with the student's own numbers (a sign slip that happens
    # to give a classmate's value) is the likelier story: no suspicion of copying then.
    explained = any(d.code not in NOT_AN_EXPLANATION for d in kept)
    if prints is not None and prints[0] is not None and prints[0] != prints[1] and not explained \
            and task.verdict in ("incorrect", "partial"):
        others = sorted({student for student, variant in owners.get(prints[0], ())
                         if variant != result.variant and student != result.student})
    if others:
        kept = (*kept, Diagnosis("other-variant", (("students", ", ".join(others[:SHOWN_STUDENTS])),
                                                   ("count", str(len(others))))))
    return task if kept == task.diagnoses else replace(task, diagnoses=kept)
