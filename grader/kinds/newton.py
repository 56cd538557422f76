"""Newton's method: ``newton: k`` asks the parameters after k steps θ ← θ − H⁻¹∇J(θ) from
the problem's ``start`` (H the Hessian; in one variable θ ← θ − J'(θ)/J''(θ)).

Graded with the exercise's tolerance and with follow-through like descent steps: step k is
right if it is one Newton step from the student's own step k−1, with the exercise's
follow-through credit when that earlier step was wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from grader.checking.equivalence import numbers_match
from grader.diagnose.descent import rounding_candidates
from grader.diagnose.engine import (
    Context,
    Point,
    Review,
    as_point,
    carried_review,
    matches,
    per_task,
    student_value,
    value_key,
    with_credit,
)
from grader.diagnose.models import Candidate, DiagnosisCode, Finding
from grader.exercise.model import DescentTooLarge, check_size
from grader.kinds.base import Expected, Kind, Models, Reading, Role, Unbound, default_prompt
from grader.kinds.descent import MAX_STEPS, STEP, followable, iterate_naming
from grader.kinds.own import own_derivatives
from grader.kinds.registry import in_role
from grader.parse import Answer
from grader.parse.mathtext import exact_decimal, expression_text, number_text
from grader.report.labels import gettext_for

if TYPE_CHECKING:
    from grader.exercise.model import Exercise, Problem, Task
    from grader.reading.yamlio import LineMap

Rows = tuple[tuple[sp.Expr, ...], ...]
# Newton steps validate's 'where' lines are derived from, parameters as symbols
SYMBOLIC_STEPS = 2


@dataclass(frozen=True)
class NewtonPath:
    """Newton's method from ``points[0]``: ``points[k]`` is θ after k steps; ``gradients[k-1]``
    and ``hessians[k-1]`` are ∇J and H at ``points[k-1]``, the ones step k uses. All exact."""

    parameters: tuple[sp.Symbol, ...]
    points: tuple[Point, ...]
    gradients: tuple[Point, ...]
    hessians: tuple[Rows, ...]


class HessianSingular(ArithmeticError):
    """The Hessian at the iterate before ``step`` has no inverse: Newton's method stops there."""

    def __init__(self, step: int, point: Point) -> None:
        super().__init__(step, point)
        self.step, self.point = step, point


@lru_cache(maxsize=256)  # the reader computes it, grading reads it again for every answer
def newton_path(function: sp.Expr, parameters: tuple[sp.Symbol, ...], start: Point, steps: int,
                max_digits: int = 2_000) -> NewtonPath:
    """``steps`` exact Newton steps from ``start``; raises :class:`HessianSingular` where the
    Hessian cannot be inverted and :class:`DescentTooLarge` as soon as an iterate outgrows the
    limits, as the descent path does."""
    gradient, hessian = derivatives(function, parameters)
    points, gradients, hessians = [start], [], []
    for step in range(1, steps + 1):
        here = dict(zip(parameters, points[-1], strict=True))
        slope = tuple(g.xreplace(here) for g in gradient)
        curvature = tuple(tuple(h.xreplace(here) for h in row) for row in hessian)
        check_size((*slope, *(h for row in curvature for h in row)), step, max_digits)
        point = newton_step(points[-1], slope, curvature)
        if point is None:
            raise HessianSingular(step, points[-1])
        check_size(point, step, max_digits)
        gradients.append(slope)
        hessians.append(curvature)
        points.append(point)
    return NewtonPath(parameters, tuple(points), tuple(gradients), tuple(hessians))


@lru_cache(maxsize=256)
def derivatives(function: sp.Expr, parameters: tuple[sp.Symbol, ...]) -> tuple[tuple[sp.Expr, ...], Rows]:
    """∇J and the Hessian of J, as expressions: made once per function."""
    gradient = tuple(sp.diff(function, p) for p in parameters)
    return gradient, tuple(tuple(sp.diff(g, p) for p in parameters) for g in gradient)


def newton_step(point: Point, slope: Point, hessian: Rows) -> Point | None:
    """θ − H⁻¹∇J, exact; None when H is singular (or not a number)."""
    change = solved(hessian, slope)
    if change is None:
        return None
    return _minus(point, change)


def solved(hessian: Rows, slope: Point) -> Point | None:
    """H⁻¹·∇J, by solving H·x = ∇J; None when H is singular. One and two variables by
    Cramer's rule (a review tries several steps per answer: a SymPy matrix costs ~1 ms each)."""
    if len(slope) == 1:
        (a,), = hessian
        return None if _zero(a) else (_simple(slope[0] / a),)
    if len(slope) == 2:
        (a, b), (c, d) = hessian
        determinant = _simple(a * d - b * c)
        if _zero(determinant):
            return None
        return (_simple((d * slope[0] - b * slope[1]) / determinant),
                _simple((a * slope[1] - c * slope[0]) / determinant))
    matrix = sp.Matrix(hessian)
    if _zero(sp.simplify(matrix.det())):
        return None
    return tuple(sp.expand(v) for v in matrix.LUsolve(sp.Matrix(slope)))


def solved_symbolically(hessian: Rows, slope: Point) -> Point | None:
    """H⁻¹·∇J with the exercise's parameters as symbols (rational functions of them); None
    when H is singular for every value."""
    matrix = sp.Matrix(hessian)
    if sp.cancel(matrix.det()) == 0:
        return None
    if len(slope) <= 2:  # the adjugate: no division by an entry that may be 0 in some variant
        return tuple(sp.cancel(v) for v in matrix.adjugate() * sp.Matrix(slope) / matrix.det())
    return tuple(sp.cancel(v) for v in matrix.LUsolve(sp.Matrix(slope)))


def multiplied(hessian: Rows, slope: Point) -> Point:
    return tuple(_simple(sum((h * g for h, g in zip(row, slope, strict=True)), sp.Integer(0)))
                 for row in hessian)


def _zero(value: sp.Expr) -> bool:
    """Zero, or not known to be a number other than zero (a singular H is refused)."""
    return value == 0 or not value.is_number or value.is_zero is not False


def _simple(value: sp.Expr) -> sp.Expr:
    return value if value.is_Rational else sp.expand(value)


def path_of(problem: Problem, steps: int) -> NewtonPath | None:
    """The problem's Newton path of ``steps`` steps (computed when it was read: cached)."""
    if problem.function is None or problem.start is None:
        return None
    try:
        return newton_path(problem.function, problem.parameters, problem.start, steps)
    except (HessianSingular, DescentTooLarge):
        return None


class Newton(Kind):
    name = "newton"
    schema: ClassVar[dict[str, Any]] = STEP
    role = Role.NEWTON_ITERATE
    problem_keys = frozenset({"start"})

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        if reading.function is None or reading.start is None:
            if not reading.function_failed:
                reading.error(line, "a newton task needs the problem's 'function' and 'start'")
            return None
        k = reading.whole(given, line, "newton (a step number)", 1, MAX_STEPS)
        if k is None:
            return None
        if reading.function.has(sp.Sum):
            reading.error(line, "Newton's method on a cost over data needs data values; not supported yet")
            return None
        try:
            path = newton_path(reading.function, reading.parameters, reading.start, k)
        except HessianSingular as exc:
            reading.error(line, f"the Hessian at {_vector(exc.point)}, the iterate before Newton step "
                                f"{exc.step}, is singular (no inverse): Newton's method cannot go on from "
                                "there; choose another start or ask fewer steps")
            return None
        except DescentTooLarge as exc:
            reading.error(line, f"exact Newton's method is too large from step {exc.step} on: {exc.what}; "
                                "ask fewer steps, or choose a start that stays small")
            return None
        # every step is the start, every mistake right; of variants, validate's clash check says
        # so with the 'where' line that leaves them out
        if all(g == 0 for g in path.gradients[0]) and not reading.exercise_parameters:
            reading.error(line, f"the start {_vector(path.points[0])} is a stationary point (the gradient "
                                "is 0 there): every Newton step stays there, so every mistake gives the "
                                "right answer; choose another start")
            return None
        values = path.points[k]
        return Expected(values[0] if len(values) == 1 else values, True, (), k,
                        prompt=default_prompt("prompt-newton", reading, step=str(k)))

    # -- grading ---------------------------------------------------------------------------
    def depends_on(self, task: Task, exercise: Exercise) -> tuple[Task, ...]:
        """The student's Newton step k−1, and the derivatives they may have stepped with
        (``OwnDerivatives``): follow-through reads them."""
        problem = exercise.problem(task.problem)
        earlier = in_role(problem, Role.NEWTON_ITERATE, step=task.step - 1)
        return (*earlier, *own_derivatives(task, problem).tasks())

    def review(self, task: Task, answer: Answer, verdict: str, fraction: Fraction | None,
               components: tuple[str, ...], context: Context) -> Review:
        problem = context.problem
        path = path_of(problem, task.step)
        given = as_point(answer.value)
        if path is None or given is None or len(given) != len(path.parameters) or \
                any(not g.is_number for g in given):
            return super().review(task, answer, verdict, fraction, components, context)
        k = task.step
        true_before = path.points[k - 1]
        before = true_before
        exact: Point | None = None
        if k > 1:
            earlier = in_role(problem, Role.NEWTON_ITERATE, step=k - 1)
            own = student_value(context, earlier[0] if earlier else None)
            valid = own is not None and len(own) == len(true_before)
            before = (followable(own) or true_before) if own is not None and valid else true_before
            if own is not None and valid and earlier:
                exact = self.exact_reading(earlier[0], problem, path, own)
        # from the student's value as written, then from the exact value of the mistake it is
        # (23/6 for 3.83): the next step from either carries the error
        followed = [before] + ([exact] if exact is not None and exact != before else [])
        for start in followed:
            if given not in (start, before) and \
                    self.followed_through(task, given, start, true_before, context):
                return carried_review(task, None, components)
        starts = [*followed] + ([true_before] if true_before not in followed else [])
        if any(matches(task, given, point) for point in starts):
            return with_credit(task, Review(verdict, fraction, (repeated_finding(k),), components))
        for point in starts:
            for candidate in self.candidates_at(task, problem, path, point, k):
                if matches(task, given, as_point(candidate.value)):
                    finding = Finding(candidate.code, candidate.params)
                    return with_credit(task, Review(verdict, fraction, (finding,), components))
        return Review(verdict, fraction, (), components)

    def exact_reading(self, earlier: Task, problem: Problem, path: NewtonPath, own: Point) -> Point | None:
        """The exact value of the mistake the student's step k−1 is, within its tolerance
        (23/6 for 3.83, w + J'/J'' from 3), bounded as ``followable`` bounds their own; None
        when it is none, or is written exactly already."""
        k = earlier.step
        for candidate in self.candidates_at(earlier, problem, path, path.points[k - 1], k):
            value = as_point(candidate.value)
            if candidate.code != "rounding" and value is not None and value != own and \
                    matches(earlier, own, value):
                return followable(value)
        return None

    def followed_through(self, task: Task, given: Point, before: Point, true_before: Point,
                         context: Context) -> bool:
        """One Newton step from the student's own step k−1, or with their own wrong gradient or
        Hessian (``OwnDerivatives``), is the answer: an error carried, not a new one."""
        problem = context.problem
        moved = before != true_before and _differs(before, true_before, task)
        slope, hessian = per_task(task, problem, ("newton-derivatives-at", value_key(before)),
                                  lambda: _derivatives_at(problem, before))
        own_slope, own_hessian = own_derivatives(task, problem).at(context, before, task.step == 1)
        if own_slope is not None and not _differs(own_slope, slope, task):
            own_slope = None
        if own_hessian is not None and not _differs(_flat(own_hessian), _flat(hessian), task):
            own_hessian = None
        tried = [(slope, hessian)] if moved else []
        if own_slope is not None:
            tried.append((own_slope, hessian))
        if own_hessian is not None:
            tried.append((slope, own_hessian))
        if own_slope is not None and own_hessian is not None:
            tried.append((own_slope, own_hessian))
        for used_slope, used_hessian in tried:
            step = newton_step(before, used_slope, used_hessian)
            if step is not None and matches(task, given, step):
                return True
        return False

    def candidates_at(self, task: Task, problem: Problem, path: NewtonPath, point: Point,
                      k: int) -> list[Candidate]:
        """The wrong Newton steps from ``point`` (the true iterate before step k, or the
        student's own), simplest first, then the right one rounded; worked out once per task
        and point (a class carries the same few wrong steps forward)."""
        if point is path.points[k - 1]:  # the very point, not a student's equal one (1.5 for 3/2)
            return list(per_task(task, problem, "newton-candidates",
                                 lambda: tuple(self.steps_from(task, problem, path, point, k))))
        return list(per_task(task, problem, ("newton-candidates-from", value_key(point)),
                             lambda: tuple(self.steps_from(task, problem, path, point, k))))

    def steps_from(self, task: Task, problem: Problem, path: NewtonPath, point: Point,
                   k: int) -> list[Candidate]:
        slope, hessian = _derivatives_at(problem, point)
        found = newton_candidates(point, slope, hessian, _rate(problem))
        if k >= 2 and point == path.points[k - 1]:
            earlier_slope, earlier_hessian = path.gradients[k - 2], path.hessians[k - 2]
            found += _stale_candidates(point, slope, hessian, earlier_slope, earlier_hessian)
        # step k−1's change again, from the student's own point too; after rounding, which
        # it ties with where the change is about the step's distance to a round number
        reused = reused_candidates(point, path.gradients[k - 2], path.hessians[k - 2]) if k >= 2 else []
        exact = newton_step(point, slope, hessian)
        decimals = task.tolerance.decimals if task.tolerance is not None else None
        rounded = rounding_candidates(exact, decimals) if exact is not None else []
        return [*(replace(c, params=(*c.params, *newton_naming(problem))) for c in found), *rounded,
                *(replace(c, params=(*c.params, *newton_naming(problem))) for c in reused)]

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        problem = context.problem
        path = path_of(problem, task.step)
        if path is None:
            return []
        return [c for c in self.candidates_at(task, problem, path, path.points[task.step - 1], task.step)
                if c.code != "rounding"]

    def symbolic_models(self, task: Task, problem: Problem, function: sp.Expr,
                        unbound: Unbound) -> Models | None:
        """The right iterate and ``mistake_models``' wrong ones from the start with the
        exercise's parameters as symbols (up to ``SYMBOLIC_STEPS``: the iterates are rational
        functions of them that grow with every step)."""
        start = unbound.start()
        if task.step > SYMBOLIC_STEPS or start is None or len(start) != len(problem.parameters):
            return None
        descent = unbound.descent() if problem.descent is not None else None
        rate = descent[1] if descent is not None else sp.Integer(1)
        gradient, hessian = derivatives(function, problem.parameters)
        points, slopes, hessians = [start], [], []
        for _ in range(task.step):
            here = dict(zip(problem.parameters, points[-1], strict=True))
            slopes.append(tuple(sp.cancel(g.xreplace(here)) for g in gradient))
            hessians.append(tuple(tuple(sp.cancel(h.xreplace(here)) for h in row) for row in hessian))
            change = solved_symbolically(hessians[-1], slopes[-1])
            if change is None:
                return None
            points.append(tuple(sp.cancel(p - c) for p, c in zip(points[-1], change, strict=True)))
        k = task.step
        found = newton_candidates(points[k - 1], slopes[k - 1], hessians[k - 1], rate, solved_symbolically)
        if k >= 2:
            found += _stale_candidates(points[k - 1], slopes[k - 1], hessians[k - 1], slopes[k - 2],
                                       hessians[k - 2], solved_symbolically)
            found += reused_candidates(points[k - 1], slopes[k - 2], hessians[k - 2], solved_symbolically)
        right: tuple[str, Point] = ("", points[k])
        return (right, *((c.code, _point(c.value)) for c in found))

    def symbolic_conditions(self, task: Task, problem: Problem, function: sp.Expr,
                            unbound: Unbound) -> tuple[tuple[sp.Expr, ...], ...]:
        """The start is no stationary point (∇J ≠ 0 there), and the Hessian is not singular at
        the iterates before the step asked (up to ``SYMBOLIC_STEPS``)."""
        start = unbound.start()
        if start is None or len(start) != len(problem.parameters):
            return ()
        gradient, hessian = derivatives(function, problem.parameters)
        point = start
        conditions: list[tuple[sp.Expr, ...]] = []
        for k in range(min(task.step, SYMBOLIC_STEPS)):
            here = dict(zip(problem.parameters, point, strict=True))
            slope = tuple(sp.cancel(g.xreplace(here)) for g in gradient)
            rows = tuple(tuple(sp.cancel(h.xreplace(here)) for h in row) for row in hessian)
            if k == 0:
                conditions.append(slope)
            conditions.append((sp.cancel(sp.Matrix(rows).det()),))
            change = solved_symbolically(rows, slope)
            if change is None:
                break
            point = tuple(sp.cancel(p - c) for p, c in zip(point, change, strict=True))
        return tuple(conditions)

    # -- showing ---------------------------------------------------------------------------
    def iterates(self, problem: Problem, steps: int) -> tuple[Point, ...] | None:
        if steps == 0:
            return None if problem.start is None else (problem.start,)
        path = path_of(problem, steps)
        return None if path is None else path.points

    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        path = path_of(problem, task.step)
        if path is None or problem.function is None:
            return ()
        return newton_working(problem, path, task.step, lang)


# -- follow-through and mistakes ----------------------------------------------------------------
def _derivatives_at(problem: Problem, point: Point) -> tuple[Point, Rows]:
    assert problem.function is not None
    here = dict(zip(problem.parameters, point, strict=True))
    gradient, hessian = derivatives(problem.function, problem.parameters)
    return (tuple(g.xreplace(here) for g in gradient),
            tuple(tuple(h.xreplace(here) for h in row) for row in hessian))


def _flat(rows: Rows) -> Point:
    return tuple(e for row in rows for e in row)


def _rate(problem: Problem) -> sp.Expr:
    """The learning rate a student who takes a descent step instead would use."""
    return problem.descent.learning_rate if problem.descent is not None else sp.Integer(1)


Solver = Callable[[Rows, Point], "Point | None"]


def newton_candidates(point: Point, slope: Point, hessian: Rows, rate: sp.Expr,
                      solve: Solver = solved) -> list[Candidate]:
    """Wrong values of θ − H⁻¹∇J: H multiplied instead of inverted, a descent step taken
    instead (with the exercise's rate, then with none), the step added instead of subtracted,
    H inverted wrongly, J''/J' for J'/J''."""
    found = [Candidate("newton-hessian-multiplied", _value(_minus(point, multiplied(hessian, slope)))),
             Candidate("newton-as-descent", _value(_minus(point, tuple(rate * s for s in slope))),
                       (("rate", number_text(rate)),))]
    if rate != 1:
        found.append(Candidate("newton-as-descent", _value(_minus(point, slope)), (("rate", "1"),)))
    change = solve(hessian, slope)
    if change is not None:
        found.append(Candidate("newton-sign-flipped", _value(_minus(point, tuple(-c for c in change)))))
        found.append(Candidate("newton-increment-only", _value(change)))
    symbolic = solve is not solved
    for code, wrong in wrong_inverses(hessian, slope, symbolic):
        found.append(Candidate(code, _value(_minus(point, wrong))))
    if len(slope) == 1 and not _is_zero(slope[0], symbolic):
        found.append(Candidate("newton-ratio-inverted", _tidy(point[0] - hessian[0][0] / slope[0], symbolic)))
    return found


def wrong_inverses(hessian: Rows, slope: Point, symbolic: bool = False) -> list[tuple[DiagnosisCode, Point]]:
    """H⁻¹∇J with a 2×2 H inverted wrongly: the adjugate [[d, −b], [−c, a]] without 1/det H,
    the off-diagonal signs not flipped, 1/entry for each entry. (In one variable each is
    another named mistake or the right step.)"""
    if len(slope) != 2:
        return []
    (a, b), (c, d) = hessian
    s, t = slope
    determinant = _tidy(a * d - b * c, symbolic)
    adjugate = (_tidy(d * s - b * t, symbolic), _tidy(a * t - c * s, symbolic))
    found: list[tuple[DiagnosisCode, Point]] = [("newton-inverse-no-determinant", adjugate)]
    if not _is_zero(determinant, symbolic) and not (_is_zero(b, symbolic) and _is_zero(c, symbolic)):
        found.append(("newton-inverse-signs", (_tidy((d * s + b * t) / determinant, symbolic),
                                               _tidy((a * t + c * s) / determinant, symbolic))))
    if not any(_is_zero(e, symbolic) for e in (a, b, c, d)):
        reciprocals = (_tidy(s / a + t / b, symbolic), _tidy(s / c + t / d, symbolic))
        found.append(("newton-inverse-entrywise", reciprocals))
    return found


def _is_zero(value: sp.Expr, symbolic: bool) -> bool:
    return sp.cancel(value) == 0 if symbolic else _zero(value)


def _tidy(value: sp.Expr, symbolic: bool) -> sp.Expr:
    return sp.cancel(value) if symbolic else _simple(value)


def newton_naming(problem: Problem) -> tuple[tuple[str, str], ...]:
    """The point and the function as the Newton messages name them; in one variable they
    speak of J'(θ)/J''(θ) (``variant`` one)."""
    one = (("variant", "one"),) if len(problem.parameters) == 1 else ()
    return (*iterate_naming(problem), *one)


def repeated_finding(step: int) -> Finding:
    """The iterate before the step given again: no step taken (or the earlier one copied)."""
    return Finding("step-repeated", (("step", str(step)),))


def _stale_candidates(point: Point, slope: Point, hessian: Rows, earlier_slope: Point,
                      earlier_hessian: Rows, solve: Solver = solved) -> list[Candidate]:
    """Step k with the gradient, or the Hessian, of the iterate before step k−1."""
    found = []
    change = solve(hessian, earlier_slope)
    if change is not None:
        found.append(Candidate("stale-gradient", _value(_minus(point, change))))
    change = solve(earlier_hessian, slope)
    if change is not None:
        found.append(Candidate("newton-stale-hessian", _value(_minus(point, change))))
    return found


def reused_candidates(point: Point, earlier_slope: Point, earlier_hessian: Rows,
                      solve: Solver = solved) -> list[Candidate]:
    """Step k−1's change H⁻¹∇J taken again from step k−1's point (1.8 − 15/18 after 3 − 15/18)."""
    change = solve(earlier_hessian, earlier_slope)
    return [] if change is None else [Candidate("newton-increment-reused", _value(_minus(point, change)))]


def _minus(point: Point, change: Point) -> Point:
    return tuple(_simple(p - c) for p, c in zip(point, change, strict=True))


def _point(value: sp.Expr | Point) -> Point:
    return value if isinstance(value, tuple) else (value,)


def _value(point: Point) -> sp.Expr | Point:
    return point[0] if len(point) == 1 else point


def _differs(value: Point, reference: Point, task: Task) -> bool:
    return any(not numbers_match(v, r, task.tolerance) for v, r in zip(value, reference, strict=True))


# -- worked steps -------------------------------------------------------------------------------
def newton_working(problem: Problem, path: NewtonPath, k: int, lang: str) -> tuple[str, ...]:
    """In the seed's style: ``θ = 2 − 6/12 = 3/2`` in one variable; in two, ∇J and H at the
    iterate, H⁻¹∇J, and the new iterate."""
    assert problem.function is not None
    name = problem.function_name or "J"
    words = gettext_for(lang)
    before, after = path.points[k - 1], path.points[k]
    slope, hessian = path.gradients[k - 1], path.hessians[k - 1]
    variables = problem.parameters
    gradient = tuple(sp.diff(problem.function, v) for v in variables)
    if len(variables) == 1:
        v = variables[0].name
        first, second = gradient[0], sp.diff(gradient[0], variables[0])
        return (f"{name}'({v}) = {expression_text(first)}, {name}''({v}) = {expression_text(second)}",
                f"{words('Newton step')} {k}: {v} = {_exact(before[0])} − "
                f"{_parenthesized(_exact(slope[0]))}/{_parenthesized(_exact(hessian[0][0]))} "
                f"= {_exact(after[0])}")
    formula = "(" + ", ".join(expression_text(g) for g in gradient) + ")"
    symbolic = _rows_text(tuple(tuple(sp.diff(g, v) for v in variables) for g in gradient), expression_text)
    change = solved(hessian, slope)
    assert change is not None
    inverse = sp.Matrix(hessian).inv()
    names = "(" + ", ".join(v.name for v in variables) + ")"
    return (f"∇{name} = {formula}, H = {symbolic}",
            f"{words('at')} {names} = {_vector(before)}: ∇{name} = {_vector(slope)}, "
            f"H = {_rows_text(hessian, _exact)}, H⁻¹ = {_rows_text(_rows(inverse), _exact)}",
            f"H⁻¹∇{name} = {_vector(change)}",
            f"{words('Newton step')} {k}: {names} = {_vector(before)} − {_vector(change)} = {_vector(after)}")


def _rows(matrix: sp.Matrix) -> Rows:
    return tuple(tuple(matrix[r, c] for c in range(matrix.cols)) for r in range(matrix.rows))


def _rows_text(rows: Rows, show: Any) -> str:
    return "[" + ", ".join("[" + ", ".join(show(e) for e in row) + "]" for row in rows) + "]"


def _vector(values: Point) -> str:
    texts = [_exact(v) for v in values]
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def _parenthesized(text: str) -> str:
    return f"({text})" if text.startswith("-") or any(op in text for op in "+−/") else text


def _exact(value: sp.Expr) -> str:
    """A number of the working as the notes write it: 1.5, 17/12 (no approximations)."""
    if value.is_Rational:
        return exact_decimal(value) or f"{value.p}/{value.q}"
    return expression_text(value)
