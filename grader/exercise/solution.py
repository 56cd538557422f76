"""The worked solution of an exercise, as data: expected answers, and for gradient descent
every step with the slope it used, in the style of the seed notes (θ = 4 − 0.1·24 = 1.6)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from grader.checking.tolerance import round_to
from grader.exercise import Exercise, Problem, Task
from grader.kinds import kind_of
from grader.parse.matrix import Matrix


@dataclass(frozen=True)
class SolvedTask:
    task: str
    prompt: str | None
    expected: str
    working: tuple[str, ...] = ()


@dataclass(frozen=True)
class SolvedProblem:
    id: str
    function: str | None
    tasks: tuple[SolvedTask, ...]


def solve(exercise: Exercise, lang: str | None = None) -> tuple[SolvedProblem, ...]:
    """The worked solution, its words in ``lang`` (default: the exercise's language)."""
    words = lang or exercise.lang
    return tuple(SolvedProblem(p.id, p.function_text, tuple(_solve_task(p, t, words) for t in p.tasks))
                 for p in exercise.problems)


def _solve_task(problem: Problem, task: Task, lang: str) -> SolvedTask:
    expected = task.expected_text
    working = kind_of(task).working(task, problem, lang)
    if task.numeric and task.tolerance is not None and task.tolerance.decimals is not None:
        rounded = _rounded(task.expected, task.tolerance.decimals)
        if rounded is not None:
            expected += f" ≈ {rounded}"
    return SolvedTask(task.key, task.prompt, expected, working)


def _rounded(value: sp.Expr | tuple[sp.Expr, ...], places: int) -> str | None:
    """The expected value as the seed notes write it, rounded to the task's decimals; None
    when rounding changes nothing (or the value is not a rational)."""
    values = value if isinstance(value, tuple) else (value,)
    if not all(v.is_Rational for v in values):
        return None
    exact = [Fraction(int(v.p), int(v.q)) for v in values]
    rounded = [round_to(v, places) for v in exact]
    if rounded == exact:
        return None
    texts = [f"{float(r):.{places}f}" for r in rounded]
    if isinstance(value, Matrix):  # [[0.33, 2.00], [0.00, -1.25]], as the matrix is written
        width = value.columns
        return "[" + ", ".join("[" + ", ".join(texts[at:at + width]) + "]"
                               for at in range(0, len(texts), width)) + "]"
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"
