"""The worked solution of an exercise, as data: expected answers, and for gradient descent
every step with the slope it used, in the style of the seed notes (θ = 4 − 0.1·24 = 1.6)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from grader.checking.tolerance import round_to
from grader.exercise import Descent, Exercise, Problem, Task
from grader.parse.mathtext import expression_text, number_text
from grader.parse.matrix import Matrix
from grader.report.labels import gettext_for


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
    working: tuple[str, ...] = ()
    descent = problem.descent
    gradient = f"∇{problem.function_name or 'J'}"  # ∇f for f(x, y): the problem's own name
    if descent is not None and task.kind == "slope":
        working = _slope_working(descent, task.step, gradient, lang)
    elif descent is not None and task.kind == "step":
        working = _slope_working(descent, task.step, gradient, lang) + \
            (_step_working(descent, task.step, lang),)
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


def _vector(values: tuple[sp.Expr, ...]) -> str:
    texts = [number_text(v) for v in values]
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def _names(descent: Descent) -> str:
    names = [p.name for p in descent.parameters]
    return names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"


def _slope_working(descent: Descent, k: int, name: str, lang: str) -> tuple[str, ...]:
    """``name`` is how the gradient is written: ∇J, or ∇f for a function named f."""
    gradient = descent.gradient
    formula = expression_text(gradient[0]) if len(gradient) == 1 else \
        "(" + ", ".join(expression_text(g) for g in gradient) + ")"
    at = gettext_for(lang)("at")
    point, slope = _vector(descent.points[k - 1]), _vector(descent.slopes[k - 1])
    return (f"{name} = {formula}", f"{name} {at} {_names(descent)} = {point}: {slope}")


def _step_working(descent: Descent, k: int, lang: str) -> str:
    before, slope, after = descent.points[k - 1], descent.slopes[k - 1], descent.points[k]
    rate = number_text(descent.learning_rate)
    terms = [f"{number_text(b)} − {rate}·{_parenthesized(number_text(s))}"
             for b, s in zip(before, slope, strict=True)]
    shown = terms[0] if len(terms) == 1 else "(" + ", ".join(terms) + ")"
    return f"{gettext_for(lang)('step')} {k}: {_names(descent)} = {shown} = {_vector(after)}"


def _parenthesized(text: str) -> str:
    return f"({text})" if text.startswith("-") else text
