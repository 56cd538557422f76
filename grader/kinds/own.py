"""The student's own answers to a problem's first and second derivatives, as follow-through
reads them: a later task that is right when computed from them earns follow-through credit (a
Hessian at a point, a directional derivative, a Newton step: ``OwnDerivatives``).

Each finder names the task whose answer is read, so that a kind's ``depends_on`` (the verdict
cache's key) lists exactly the answers its review reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from grader.checking.equivalence import numbers_match
from grader.checking.numeval import NotEvaluable, OutsideDomain, evaluate_scaled
from grader.checking.numeval import Point as NumericPoint
from grader.diagnose.engine import Context, Point, answer_value
from grader.kinds.base import Role
from grader.kinds.registry import in_role
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


def own_function(context: Context, task: Task | None, problem: Problem) -> tuple[sp.Expr, ...] | None:
    """The student's answer to a symbolic derivative task, entries in order: only when it is an
    expression of the problem's variables as the right one is (a constant where the right
    answer varies is numbers copied in, not a derivative of their own)."""
    value = answer_value(context, task)
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
    value = answer_value(context, task)
    entries = tuple(value) if isinstance(value, tuple) else (value,) if value is not None else ()
    if len(entries) != size or not all(e.is_number and e.is_finite for e in entries):
        return None
    return entries


def at_point(values: tuple[sp.Expr, ...], problem: Problem, point: Point) -> Point | None:
    """``values`` with the problem's variables set to ``point``; None unless all are numbers of
    a size one can work with."""
    if not _moderate(values, problem, point):
        return None
    here = dict(zip(problem.parameters, point, strict=True))
    found = tuple(v.xreplace(here) for v in values)
    return found if all(v.is_number and v.is_finite for v in found) else None


def _moderate(values: tuple[sp.Expr, ...], problem: Problem, point: Point) -> bool:
    """Each of a student's formulas has a float value of moderate size at ``point``: their own
    y^y^y^y^y at y = 3 has no value follow-through could work with (exactly, it would take
    minutes and end the check as a timeout, a wrong answer flagged instead of graded)."""
    probe = NumericPoint("own-derivatives", 0)
    try:
        for parameter, value in zip(problem.parameters, point, strict=True):
            probe.set_symbol(parameter, complex(float(value)))
        for value in values:
            evaluate_scaled(value, probe)
    except (NotEvaluable, OutsideDomain, OverflowError, TypeError, ValueError):
        return False
    return True


def as_rows(entries: Point) -> Rows | None:
    """A square matrix's entries, row by row, as rows."""
    size = round(len(entries) ** 0.5)
    if size * size != len(entries):
        return None
    return tuple(tuple(entries[r * size:(r + 1) * size]) for r in range(size))


def differs(value: Point, reference: Point, task: Task) -> bool:
    """Some entry of ``value`` is not ``reference``'s at the task's tolerance."""
    return any(not numbers_match(v, r, task.tolerance) for v, r in zip(value, reference, strict=True))


@dataclass(frozen=True)
class OwnDerivatives:
    """The tasks whose answers a Newton step may have been computed with: ∇J and H asked at the
    start (slope 1, a Hessian at the start), read for step 1 only, and ∇J and H asked as
    formulas (a gradient, a symbolic Hessian; in one variable J' and J''), evaluated at the
    iterate the step starts from."""

    slope_at_start: Task | None
    hessian_at_start: Task | None
    gradient: Task | None
    hessian: Task | None

    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for t in (self.slope_at_start, self.hessian_at_start, self.gradient, self.hessian)
                     if t is not None)

    def at(self, context: Context, point: Point, first: bool) -> tuple[Point | None, Rows | None]:
        """The student's own ∇J and H at ``point`` (at the start when ``first``): their answer
        at that point where the exercise asks one, else their formula evaluated; None where
        they gave none that reads as numbers."""
        problem, size = context.problem, len(point)
        slope = own_numbers(context, self.slope_at_start, size) if first else None
        if slope is None:
            formula = own_function(context, self.gradient, problem)
            slope = at_point(formula, problem, point) if formula is not None else None
        entries = own_numbers(context, self.hessian_at_start, size * size) if first else None
        if entries is None:
            formula = own_function(context, self.hessian, problem)
            entries = at_point(formula, problem, point) if formula is not None else None
        hessian = as_rows(entries) if entries is not None and len(entries) == size * size else None
        return (slope if slope is not None and len(slope) == size else None), hessian


def own_derivatives(task: Task, problem: Problem) -> OwnDerivatives:
    """What Newton step ``task`` may have been computed with, by the problem's tasks."""
    names = tuple(p.name for p in problem.parameters)
    first = task.step == 1 and problem.start is not None
    slopes = in_role(problem, Role.SLOPE, step=1) if first else []
    at_start = hessian_at_task(problem, names, problem.start) if first and problem.start is not None else None
    return OwnDerivatives(slopes[0] if slopes else None, at_start,
                          gradient_task(problem, names), hessian_task(problem, names))
