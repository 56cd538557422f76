"""The student's own answers to a problem's first and second derivatives, as follow-through
reads them: a later task that is right when computed from them earns follow-through credit.

Each finder names the task whose answer is read, so that a kind's ``depends_on`` (the verdict
cache's key) lists exactly the answers its review reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from grader.checking.equivalence import numbers_match
from grader.diagnose.engine import Context, Point, read_once
from grader.kinds.base import Role
from grader.kinds.registry import in_role
from grader.parse.answer import Value
from grader.parse.matrix import Matrix

if TYPE_CHECKING:
    from grader.exercise.model import Problem, Task

Rows = tuple[tuple[sp.Expr, ...], ...]


def gradient_task(problem: Problem, names: tuple[str, ...]) -> Task | None:
    """The task asking ∇f by ``names`` in that order (in one variable: f' by it)."""
    if len(names) == 1:
        return next((t for t in in_role(problem, Role.DERIVATIVE) if t.variables == names), None)
    return next((t for t in in_role(problem, Role.GRADIENT) if t.variables == names), None)


def hessian_task(problem: Problem, names: tuple[str, ...]) -> Task | None:
    """The task asking the symbolic Hessian by ``names`` (in one variable: f'' by it)."""
    if len(names) == 1:
        return next((t for t in in_role(problem, Role.DERIVATIVE) if t.variables == names * 2), None)
    return next((t for t in in_role(problem, Role.HESSIAN)
                 if t.variables == names and not any(key == "at" for key, _ in t.asked)), None)


def hessian_at_task(problem: Problem, names: tuple[str, ...], point: Point) -> Task | None:
    """The task asking the Hessian by ``names`` at exactly ``point``."""
    return next((t for t in in_role(problem, Role.HESSIAN)
                 if t.variables == names and ("at", point) in t.asked), None)


def own_value(context: Context, task: Task | None) -> Value | None:
    """The student's answer to ``task`` as read, or None (no task, no answer, not readable)."""
    if task is None:
        return None
    text = context.answers.get(task.key)
    if not text or not text.strip():
        return None
    answer = read_once(context, task, text)
    return answer.value if answer is not None else None


def own_function(context: Context, task: Task | None, problem: Problem) -> tuple[sp.Expr, ...] | None:
    """The student's answer to a symbolic derivative task, entries in order: only when it is an
    expression of the problem's variables as the right one is (a constant where the right
    answer varies is numbers copied in, not a derivative of their own)."""
    value = own_value(context, task)
    if task is None or value is None or isinstance(value, Matrix) != isinstance(task.expected, Matrix):
        return None
    entries = tuple(value) if isinstance(value, tuple) else (value,)
    expected = tuple(task.expected) if isinstance(task.expected, tuple) else (task.expected,)
    variables = set(problem.parameters)
    if len(entries) != len(expected) or any(not e.free_symbols <= variables for e in entries):
        return None
    if any(e.free_symbols for e in expected) and not any(e.free_symbols for e in entries):
        return None
    return entries


def own_numbers(context: Context, task: Task | None, size: int) -> Point | None:
    """The student's answer to a task asked at a point, as ``size`` numbers."""
    value = own_value(context, task)
    entries = tuple(value) if isinstance(value, tuple) else (value,) if value is not None else ()
    if len(entries) != size or not all(e.is_number and e.is_finite for e in entries):
        return None
    return entries


def at_point(values: tuple[sp.Expr, ...], problem: Problem, point: Point) -> Point | None:
    """``values`` with the problem's variables set to ``point``; None unless all are numbers."""
    here = dict(zip(problem.parameters, point, strict=True))
    found = tuple(v.xreplace(here) for v in values)
    return found if all(v.is_number and v.is_finite for v in found) else None


def as_rows(entries: Point) -> Rows | None:
    """A square matrix's entries, row by row, as rows."""
    size = round(len(entries) ** 0.5)
    if size * size != len(entries):
        return None
    return tuple(tuple(entries[r * size:(r + 1) * size]) for r in range(size))


def differs(value: Point, reference: Point, task: Task) -> bool:
    """Some entry of ``value`` is not ``reference``'s at the task's tolerance."""
    return any(not numbers_match(v, r, task.tolerance) for v, r in zip(value, reference, strict=True))

