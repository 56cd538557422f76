"""The worked solution of an exercise, as data: expected answers, and for gradient descent
every step with the slope it used, in the style of the seed notes (θ = 4 − 0.1·24 = 1.6)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from grader.exercise import Descent, Exercise, Problem, Task
from grader.mathtext import expression_text, number_text
from grader.tolerance import round_to


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


def solve(exercise: Exercise) -> tuple[SolvedProblem, ...]:
    return tuple(SolvedProblem(p.id, p.function_text, tuple(_solve_task(p, t) for t in p.tasks))
                 for p in exercise.problems)


def _solve_task(problem: Problem, task: Task) -> SolvedTask:
    expected = task.expected_text
    working: tuple[str, ...] = ()
    descent = problem.descent
    if descent is not None and task.kind == "slope":
        working = _slope_working(descent, task.step)
    elif descent is not None and task.kind == "step":
        working = _slope_working(descent, task.step) + (_step_working(descent, task.step),)
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
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def _vector(values: tuple[sp.Expr, ...]) -> str:
    texts = [number_text(v) for v in values]
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def _names(descent: Descent) -> str:
    names = [p.name for p in descent.parameters]
    return names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"


def _slope_working(descent: Descent, k: int) -> tuple[str, ...]:
    gradient = descent.gradient
    formula = expression_text(gradient[0]) if len(gradient) == 1 else \
        "(" + ", ".join(expression_text(g) for g in gradient) + ")"
    return (f"∇J = {formula}",
            f"∇J at {_names(descent)} = {_vector(descent.points[k - 1])}: {_vector(descent.slopes[k - 1])}")


def _step_working(descent: Descent, k: int) -> str:
    before, slope, after = descent.points[k - 1], descent.slopes[k - 1], descent.points[k]
    rate = number_text(descent.learning_rate)
    terms = [f"{number_text(b)} − {rate}·{_parenthesized(number_text(s))}"
             for b, s in zip(before, slope, strict=True)]
    shown = terms[0] if len(terms) == 1 else "(" + ", ".join(terms) + ")"
    return f"step {k}: {_names(descent)} = {shown} = {_vector(after)}"


def _parenthesized(text: str) -> str:
    return f"({text})" if text.startswith("-") else text
