"""Stationary points: ``stationary: true`` asks the point where every first derivative of the
problem's function is zero (∇f = 0; in one variable f' = 0), answered as a point (one
variable: a number). A function with several stationary points is asked about one of them
with ``near: {x: 1, y: 2}``: the one nearest that point.

Only polynomial and rational functions: there SymPy finds every real solution of ∇f = 0, so a
stationary point it reports is the one (sin x + y² has infinitely many, which ``solve`` does
not list). Solving is bounded in time (``SOLVE_SECONDS``) inside the load's own bound.

Its mistakes: the point (or one coordinate) with its sign flipped while solving, the value of
the function there given for the point, a slip in a first derivative solved through (for a
quadratic), another of the function's stationary points than the one asked, and a point where
only some partial derivatives are 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from grader import messages
from grader.diagnose.engine import Context, as_point, derivative_candidates_by, per_task, same_answer, unpoint
from grader.diagnose.models import Candidate, Finding
from grader.kinds.base import Expected, Kind, Reading, Role
from grader.kinds.second_order import POINT, asked, read_point
from grader.parse.answer import Value
from grader.parse.mathtext import expression_text, number_text
from grader.parse.matrix import Matrix
from grader.reading.yamlio import LineMap
from grader.report.labels import gettext_for
from grader.running.timelimit import cpu_time_limit

if TYPE_CHECKING:
    from grader.exercise.model import Problem, Task

Point = tuple[sp.Expr, ...]
STATIONARY_KEYS = ("near",)
SOLVE_SECONDS = 5.0  # solving ∇f = 0 for one function, within the load's own limit
MAX_SHOWN = 4        # stationary points listed in an error
# Per process, by function and variables: the variants of an exercise share their functions.
_SOLVED: dict[tuple[sp.Expr, tuple[sp.Symbol, ...]], tuple[Point, ...] | str] = {}
MAX_SOLVED = 1_000
# the slips in a first derivative that are solved through (a sign slip of one term would name a
# sign in the derivative, not in the point: too easily confused with a slip while solving)
CARRIED = ("exponent-not-lowered", "coefficient-not-multiplied", "constant-kept")


class _SolveTimeout(BaseException):
    """Solving took too long; a BaseException so that no ``except Exception`` in SymPy eats it."""


class NotSolved(ValueError):
    """∇f = 0 could not be solved as grader needs: ``reason`` is the sentence for the teacher."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def stationary_points(function: sp.Expr, parameters: tuple[sp.Symbol, ...]) -> tuple[Point, ...]:
    """Every real stationary point of ``function``, exact, in a fixed order; raises
    :class:`NotSolved` when they cannot all be found (worked out once per function)."""
    key = (function, parameters)
    found = _SOLVED.get(key)
    if found is None:
        if len(_SOLVED) >= MAX_SOLVED:
            _SOLVED.clear()
        try:
            found = _solved(function, parameters)
        except NotSolved as exc:
            found = exc.reason
        _SOLVED[key] = found
    if isinstance(found, str):
        raise NotSolved(found)
    return found


def _solved(function: sp.Expr, parameters: tuple[sp.Symbol, ...]) -> tuple[Point, ...]:
    gradient = [sp.diff(function, p) for p in parameters]
    if not all(g.is_rational_function(*parameters) for g in gradient):
        raise NotSolved("grader finds the stationary points of polynomial and rational functions only "
                        f"(∇f = 0 for {expression_text(function)} may have solutions SymPy does not "
                        "list); ask its derivatives instead")
    try:
        with cpu_time_limit(SOLVE_SECONDS, _SolveTimeout):
            solutions = sp.solve(gradient, list(parameters), dict=True)
    except _SolveTimeout:
        raise NotSolved(f"solving ∇f = 0 took longer than {SOLVE_SECONDS:g} s; use a simpler "
                        "function") from None
    except (NotImplementedError, ValueError) as exc:
        raise NotSolved(f"SymPy cannot solve ∇f = 0 ({type(exc).__name__}); use a simpler function") from None
    points = []
    for solution in solutions:
        point = tuple(solution.get(p, p) for p in parameters)
        if any(v.free_symbols for v in point):
            shown = ", ".join(f"{p.name} = {expression_text(v)}"
                              for p, v in zip(parameters, point, strict=True))
            raise NotSolved(f"∇f = 0 holds on a whole line or curve ({shown}), not at separate points; "
                            "ask about another function")
        if any(v.has(sp.RootOf, sp.CRootOf) or v.is_real is None for v in point):
            raise NotSolved("SymPy cannot give the stationary points in closed form; use a simpler function")
        if all(v.is_real for v in point):
            points.append(tuple(sp.radsimp(v) for v in point))
    return tuple(sorted(points, key=lambda p: [float(v) for v in p]))


def points_text(points: tuple[Point, ...]) -> str:
    shown = [point_text(p) for p in points[:MAX_SHOWN]]
    return ", ".join(shown) + (", …" if len(points) > MAX_SHOWN else "")


def point_text(point: Point) -> str:
    texts = [number_text(v) for v in point]
    return texts[0] if len(texts) == 1 else f"({', '.join(texts)})"


def chosen_point(what: str, function: sp.Expr, settings: dict[str, Any], line: int,
                 reading: Reading) -> tuple[Point, Point | None, tuple[Point, ...]] | None:
    """The stationary point a task asks about (the only one, or the one ``near`` a point), the
    ``near`` point, and every stationary point; None after reporting an error."""
    if function.has(sp.Sum):
        reading.error(line, "stationary points of a cost over data need data values; not supported yet")
        return None
    try:
        points = stationary_points(function, reading.parameters)
    except NotSolved as exc:
        reading.error(line, f"{what}: {exc.reason}")
        return None
    if not points:
        reading.error(line, f"{what}: ∇f = 0 has no real solution, so the function has no stationary "
                            "point; ask about another function")
        return None
    names = [p.name for p in reading.parameters]
    if "near" in settings:
        near_line = settings.line_of("near") if isinstance(settings, LineMap) else line
        near = read_point(settings["near"], near_line, f"{what} near", names, reading)
        point = None if near is None else nearest(what, points, near, near_line, reading)
        return None if point is None or near is None else (point, near, points)
    if len(points) > 1:
        reading.error(line, f"{what}: the function has {len(points)} stationary points, "
                            f"{points_text(points)}; say which is asked with near: "
                            f"{{{', '.join(f'{n}: …' for n in names)}}} (the one nearest that point)")
        return None
    return points[0], None, points


def nearest(what: str, points: tuple[Point, ...], near: Point, line: int, reading: Reading) -> Point | None:
    """The stationary point nearest ``near``; None after an error when two are as near."""
    def distance(point: Point) -> float:
        return sum(float(a - b) ** 2 for a, b in zip(point, near, strict=True))
    ranked = sorted(points, key=distance)
    if len(ranked) > 1 and abs(distance(ranked[0]) - distance(ranked[1])) < 1e-9:
        reading.error(line, f"{what}: {point_text(ranked[0])} and {point_text(ranked[1])} are "
                            f"equally near {point_text(near)}; give a point nearer the one asked")
        return None
    return ranked[0]


def carried_models(problem: Problem) -> list[Candidate]:
    """The point a slip in one first derivative leads to (x² differentiated to x), solved
    through: only where ∇f is linear (a quadratic), so that each is solved exactly and fast."""
    function, variables = problem.function, problem.parameters
    if function is None:
        return []
    gradient = [sp.diff(function, p) for p in variables]
    if not all(_linear(g, variables) for g in gradient):
        return []
    found = []
    for k, variable in enumerate(variables):
        for candidate in derivative_candidates_by((variable.name,), problem):
            if candidate.code not in CARRIED or "all" in dict(candidate.params).values() or \
                    not _linear(candidate.value, variables):
                continue
            solutions = sp.linsolve([*gradient[:k], candidate.value, *gradient[k + 1:]], list(variables))
            point = next(iter(solutions), None) if len(solutions) == 1 else None
            if point is not None and not any(v.free_symbols for v in point):
                found.append(Candidate(candidate.code, unpoint(tuple(point)), candidate.params))
    return found


def _linear(expression: sp.Expr, variables: tuple[sp.Symbol, ...]) -> bool:
    return expression.is_polynomial(*variables) and sp.Poly(expression, *variables).total_degree() <= 1


class Stationary(Kind):
    name = "stationary"
    schema: ClassVar[dict[str, Any]] = {"anyOf": [
        {"const": True},
        {"type": "object", "properties": {"near": POINT}, "additionalProperties": False}]}
    role = Role.STATIONARY

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        function = reading.function
        if function is None:
            if not reading.function_failed:
                reading.error(line, "a stationary task needs the problem's 'function'")
            return None
        if given is not True and not isinstance(given, dict):
            reading.error(line, "stationary takes true, or {near: {x: 1, y: 2}} for one of several")
            return None
        settings = given if isinstance(given, dict) else {}
        extra = sorted(str(k) for k in settings if k not in STATIONARY_KEYS)
        if extra:
            reading.error(line, f"stationary: unknown key(s) {', '.join(extra)}; it takes near")
            return None
        chosen = chosen_point("stationary", function, settings, line, reading)
        if chosen is None:
            return None
        point, near, points = chosen
        if near is not None and tuple(near) == tuple(point):
            at = settings.line_of("near") if isinstance(settings, LineMap) else line
            reading.warn(at, f"stationary: near {point_text(near)} is the stationary point itself, and "
                             "the prompt names it: the answer is given away; give a point beside it")
        names = [p.name for p in reading.parameters]
        where = "" if near is None else \
            messages.render("prompt-stationary-near", (("point", point_text(near)[1:-1] if len(near) > 1
                                                        else point_text(near)),), reading.lang)
        named = ("name", reading.function_name or "f")
        prompt = messages.render("prompt-stationary", (("near", where), named), reading.lang)
        settings_asked: tuple[tuple[str, Value], ...] = ()
        if near is not None:  # the others as rows of a matrix: diagnosis names one given for it
            others = [p for p in points if p != point]
            settings_asked = (("near", near), ("others", Matrix.of_rows(others)))
        variables = tuple(names) if len(names) > 1 else ()  # what the components are called
        return Expected(unpoint(point), True, variables, asked=settings_asked, prompt=prompt)

    # -- mistakes ------------------------------------------------------------------------------
    def findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        problem = context.problem
        for candidate in self.mistake_models(task, context):
            if same_answer(task, given, candidate.value, problem.probe):
                return [Finding(candidate.code, candidate.params)]
        partly = self.partly_stationary(task, given, problem)
        return [partly] if partly is not None else []

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        problem = context.problem
        return list(per_task(task, problem, "models", lambda: self.models_of(task, problem)))

    def models_of(self, task: Task, problem: Problem) -> tuple[Candidate, ...]:
        """The point negated as a whole or in one coordinate (a sign slip while solving), the
        function's value there (the minimum's value for the point where it is taken), a slip in
        a first derivative solved through, and another stationary point than the one asked."""
        point = as_point(task.expected)
        if point is None or problem.function is None:
            return ()
        names = [p.name for p in problem.parameters]
        found = [Candidate("sign-slip", unpoint(tuple(-v for v in point)), (("which", "all"),))]
        if len(point) > 1:
            found += [Candidate("sign-slip", unpoint(tuple(-v if j == k else v for j, v in enumerate(point))),
                                (("which", names[k]),)) for k in range(len(point))]
        value = sp.radsimp(problem.function.xreplace(dict(zip(problem.parameters, point, strict=True))))
        found.append(Candidate("function-value-for-stationary", value,
                               (("function", problem.function_name or "f"),)))
        found += carried_models(problem)
        others, near = asked(task, "others"), asked(task, "near")
        if isinstance(others, Matrix) and isinstance(near, tuple):
            found += [Candidate("other-stationary-point", unpoint(row), (("near", point_text(near)),))
                      for row in others.rows]
        kept: list[Candidate] = []
        for candidate in found:
            if not any(same_answer(task, candidate.value, other, problem.probe)
                       for other in (task.expected, *(c.value for c in kept))):
                kept.append(candidate)
        return tuple(kept)

    def partly_stationary(self, task: Task, given: Value, problem: Problem) -> Finding | None:
        """A point where some partial derivatives are 0 and others are not: one equation of
        ∇f = 0 solved, the other forgotten."""
        point = as_point(given)
        if point is None or problem.function is None or len(point) != len(problem.parameters) \
                or len(point) < 2 or any(not v.is_number for v in point):
            return None
        here = dict(zip(problem.parameters, point, strict=True))
        name = problem.function_name or "f"
        values = [sp.radsimp(sp.diff(problem.function, p).xreplace(here)) for p in problem.parameters]
        zero = [k for k, v in enumerate(values) if v == 0]
        if not zero or len(zero) == len(values) or any(not v.is_finite for v in values):
            return None
        label = [f"∂{name}/∂{p.name}" for p in problem.parameters]
        others = ", ".join(f"{label[k]} = {number_text(v)}" for k, v in enumerate(values) if k not in zero)
        return Finding("stationary-one-equation", (("zero", ", ".join(label[k] for k in zero)),
                                                   ("others", others)))

    # -- showing -------------------------------------------------------------------------------
    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        """The first derivatives, the equations ∇f = 0, their solutions, the one asked."""
        function = problem.function
        if function is None:
            return ()
        words = gettext_for(lang)
        name = problem.function_name or "f"
        variables = problem.parameters
        derivatives = [sp.diff(function, p) for p in variables]
        if len(variables) == 1:
            lines = [f"{name}'({variables[0].name}) = {expression_text(derivatives[0])}"]
        else:
            lines = [f"∂{name}/∂{p.name} = {expression_text(d)}"
                     for p, d in zip(variables, derivatives, strict=True)]
        equations = ", ".join(f"{expression_text(d)} = 0" for d in derivatives)
        lines.append(f"{words('solve')}: {equations}")
        try:
            points = stationary_points(function, variables)
        except NotSolved:
            points = ()
        names = variables[0].name if len(variables) == 1 else f"({', '.join(p.name for p in variables)})"
        if len(points) > 1:
            lines.append(f"{words('stationary points')}: {points_text(points)}")
            near = asked(task, "near")
            if isinstance(near, tuple):
                lines.append(f"{words('nearest')} {point_text(near)}: {names} = {task.expected_text}")
                return tuple(lines)
        lines.append(f"{words('stationary point')}: {names} = {task.expected_text}")
        return tuple(lines)

    def component_names(self, task: Task, problem: Problem) -> tuple[str, ...]:
        return tuple(p.name for p in problem.parameters)
