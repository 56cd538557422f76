"""Gradient descent: ``slope: k`` (∇J at the iterate before step k) and ``step: k`` (the
parameters after k steps θ ← θ − lr·∇J(θ) from the problem's ``start``).

Both are graded with follow-through: a step is right if it is right from the student's own
previous step and slope (or from their own derivative), with the exercise's follow-through
credit for an error carried from earlier.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from math import floor, log10
from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from grader.checking.equivalence import numbers_match
from grader.diagnose.calculus import derivative_candidates
from grader.diagnose.descent import rounding_candidates, slope_candidates, step_candidates
from grader.diagnose.engine import (
    Context,
    Point,
    Review,
    as_point,
    candidates_of,
    matches,
    read_once,
    student_value,
    with_credit,
)
from grader.diagnose.models import Candidate, Finding
from grader.kinds.base import Expected, Kind, Models, Reading, Role, Unbound, default_prompt
from grader.kinds.registry import derivatives_of, in_role
from grader.parse import Answer
from grader.parse.mathtext import expression_text, number_text
from grader.reading.yamlio import WHOLE
from grader.report.labels import gettext_for

if TYPE_CHECKING:
    from grader.exercise.model import Descent, Exercise, Problem, Task
    from grader.reading.yamlio import LineMap

MAX_STEPS = 50
# Named when found, but not among the mistakes validate keeps apart: rounding is no mistake of
# the path, and lr·∇J equals the step wherever θ = 2·lr·∇J (a·lr = 1/4 for J = aθ²), which
# exercises written before it was named do not exclude; a copied point is no step at all.
UNCHECKED = frozenset({"rounding", "step-increment-only", "step-repeated"})
# steps validate's 'where' lines are derived from, parameters as symbols; later ones grow too large
SYMBOLIC_STEPS = 3
STEP = {"type": "integer", "minimum": 1, "maximum": MAX_STEPS}


class DescentKind(Kind):
    """What slopes and steps share: a step number for a key, the problem's exact descent."""

    schema: ClassVar[dict[str, Any]] = STEP
    problem_keys = frozenset({"start", "learning_rate"})

    def values(self, descent: Descent, k: int) -> tuple[sp.Expr, ...]:
        raise NotImplementedError

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        if reading.descent is None:
            if not reading.function_failed:
                reading.error(line, f"a {self.name} task needs the problem's 'start' and 'learning_rate'")
            return None
        k = reading.whole(given, line, f"{self.name} (a step number)", 1, MAX_STEPS)
        if k is None:
            return None
        values = self.values(reading.descent, k)
        return Expected(values[0] if len(values) == 1 else values, True, (), k,
                        prompt=default_prompt(f"prompt-{self.name}", reading, "J", step=str(k)))

    def steps_needed(self, given: Any) -> int:
        if given is None or not WHOLE.match(str(given)) or int(given) > MAX_STEPS:
            return 0
        return int(given)

    def depends_on(self, task: Task, exercise: Exercise) -> tuple[Task, ...]:
        """The student's step k−1 (and for a step their slope k: ``own_slope_tasks``), and
        their derivative or gradient: follow-through reads them."""
        problem = exercise.problem(task.problem)
        earlier = in_role(problem, Role.ITERATE, step=task.step - 1)
        return (*earlier, *self.own_slope_tasks(task, problem), *derivatives_of(problem))

    def own_slope_tasks(self, task: Task, problem: Problem) -> list[Task]:
        return []

    def review(self, task: Task, answer: Answer, verdict: str, fraction: Fraction | None,
               components: tuple[str, ...], context: Context) -> Review:
        if context.problem.descent is None:
            return super().review(task, answer, verdict, fraction, components, context)
        return self.review_descent(task, answer, verdict, fraction, components, context)

    def review_descent(self, task: Task, answer: Answer, verdict: str, fraction: Fraction | None,
                       components: tuple[str, ...], context: Context) -> Review:
        problem = context.problem
        descent = problem.descent
        assert descent is not None
        k = task.step
        given = as_point(answer.value)
        true_before, true_slope = descent.points[k - 1], descent.slopes[k - 1]
        if given is None or len(given) != len(true_before):
            return Review(verdict, fraction, (), components)
        earlier = in_role(problem, Role.ITERATE, step=k - 1)
        before = true_before if k == 1 else (_student_value(context, earlier) or true_before)
        if len(before) != len(true_before):
            before = true_before
        slope_here = _gradient_at(descent, before)
        slope = slope_here
        own_slope = _student_value(context, self.own_slope_tasks(task, problem))
        if own_slope is not None and len(own_slope) == len(slope):
            slope = own_slope
        for used in _slopes_followed(slope, slope is slope_here, context, before):
            carried = _differs(before, true_before, task) or _differs(used, true_slope, task)
            if before != true_before or used != true_slope:
                follow = self.follow_through(task, given, before, used, descent.learning_rate)
                if follow is not None:
                    findings = (Finding("carried-error"),) if carried else ()
                    credit = task.follow_through if carried else Fraction(1)
                    return Review("correct" if credit == 1 else "partial", credit, findings, components)
        names = [p.name for p in descent.parameters]
        # the exact value of the mistake the student's step k−1 is, rounded (θ + lr·∇J for the
        # ascent written to 2 decimals): followed from as well as the rounded value
        exact = _exact_reading(task, before, names, context) if k > 1 and before != true_before else None
        exact_path = [(exact, _gradient_at(descent, exact))] if exact is not None else []
        for point, used in exact_path:
            if given not in (before, point) and \
                    self.follow_through(task, given, point, used, descent.learning_rate) is not None:
                return Review("correct" if task.follow_through == 1 else "partial", task.follow_through,
                              (Finding("carried-error"),), components)
        own_path = before != true_before or slope != true_slope
        paths = [(before, slope), *exact_path] + ([(true_before, true_slope)] if own_path else [])
        for point, used_slope in paths:
            for candidate in self.candidates(task, point, used_slope, names, context, k):
                if matches(task, given, as_point(candidate.value)):
                    finding = Finding(candidate.code, candidate.params)
                    return with_credit(task, Review(verdict, fraction, (finding,), components))
        for point, used_slope in paths:
            found = self.last_resort(task, given, point, used_slope, descent.learning_rate)
            if found is not None:
                return with_credit(task, Review(verdict, fraction, (found,), components))
        return Review(verdict, fraction, (), components)

    def follow_through(self, task: Task, given: Point, before: Point, slope: Point,
                       rate: sp.Expr) -> Point | None:
        """The answer is right given the student's own earlier values (and is no copy of them)."""
        raise NotImplementedError

    def candidates(self, task: Task, point: Point, slope: Point, names: list[str],
                   context: Context, k: int) -> list[Candidate]:
        raise NotImplementedError

    def last_resort(self, task: Task, given: Point, point: Point, slope: Point,
                    rate: sp.Expr) -> Finding | None:
        """A mistake tried after every model, on each path (a step's wrong learning rate)."""
        return None

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        descent = context.problem.descent
        if descent is None:
            return []
        k = task.step
        point, slope = descent.points[k - 1], descent.slopes[k - 1]
        names = [p.name for p in descent.parameters]
        return [c for c in self.candidates(task, point, slope, names, context, k) if c.code not in UNCHECKED]

    def symbolic_models(self, task: Task, problem: Problem, function: sp.Expr,
                        unbound: Unbound) -> Models | None:
        if problem.descent is None or task.step > SYMBOLIC_STEPS:
            return None
        read = unbound.descent()
        if read is None:
            return None
        start, rate = read
        variables = problem.parameters
        gradient = [sp.diff(function, v) for v in variables]
        points, slopes = [start], []
        for _ in range(task.step):
            here = dict(zip(variables, points[-1], strict=True))
            slopes.append(tuple(sp.expand(g.xreplace(here)) for g in gradient))
            points.append(tuple(sp.expand(p - rate * g) for p, g in zip(points[-1], slopes[-1], strict=True)))
        return self.models_at(function, variables, points, slopes, rate)

    def models_at(self, function: sp.Expr, variables: tuple[sp.Symbol, ...], points: list[Point],
                  slopes: list[Point], rate: sp.Expr) -> Models:
        raise NotImplementedError

    def iterates(self, problem: Problem, steps: int) -> tuple[tuple[sp.Expr, ...], ...] | None:
        return None if problem.descent is None else problem.descent.points[:steps + 1]

    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        if problem.descent is None:
            return ()
        gradient = f"∇{problem.function_name or 'J'}"  # ∇f for f(x, y): the problem's own name
        return _slope_working(problem.descent, task.step, gradient, lang)



class Slope(DescentKind):
    name = "slope"
    role = Role.SLOPE

    def values(self, descent: Descent, k: int) -> tuple[sp.Expr, ...]:
        return descent.slopes[k - 1]

    def follow_through(self, task: Task, given: Point, before: Point, slope: Point,
                       rate: sp.Expr) -> Point | None:
        if all(numbers_match(g, e, task.tolerance) for g, e in zip(given, slope, strict=True)):
            return slope
        return None

    def candidates(self, task: Task, point: Point, slope: Point, names: list[str],
                   context: Context, k: int) -> list[Candidate]:
        decimals = task.tolerance.decimals if task.tolerance is not None else None
        found = slope_candidates(point, slope, names)
        found += _derivative_slope_candidates(point, context)
        return found + rounding_candidates(slope, decimals)

    def models_at(self, function: sp.Expr, variables: tuple[sp.Symbol, ...], points: list[Point],
                  slopes: list[Point], rate: sp.Expr) -> Models:
        point, slope = points[-2], slopes[-1]
        names = [v.name for v in variables]
        here = dict(zip(variables, point, strict=True))
        found = [("", slope)] + [(c.code, _whole(c.value)) for c in slope_candidates(point, slope, names)]
        for k, variable in enumerate(variables):
            for candidate in derivative_candidates(function, (variable,), variables):
                if candidate.code != "sign-slip":
                    wrong = candidate.value.xreplace(here)
                    found.append((candidate.code, slope[:k] + (wrong,) + slope[k + 1:]))
        return tuple(found)


class Step(DescentKind):
    name = "step"
    role = Role.ITERATE

    def values(self, descent: Descent, k: int) -> tuple[sp.Expr, ...]:
        return descent.points[k]

    def own_slope_tasks(self, task: Task, problem: Problem) -> list[Task]:
        return in_role(problem, Role.SLOPE, step=task.step)

    def follow_through(self, task: Task, given: Point, before: Point, slope: Point,
                       rate: sp.Expr) -> Point | None:
        expected = tuple(b - rate * s for b, s in zip(before, slope, strict=True))
        if all(g == b for g, b in zip(given, before, strict=True)):
            return None  # copied forward: no credit
        if all(numbers_match(g, e, task.tolerance) for g, e in zip(given, expected, strict=True)):
            return expected
        return None

    def candidates(self, task: Task, point: Point, slope: Point, names: list[str],
                   context: Context, k: int) -> list[Candidate]:
        descent = context.problem.descent
        assert descent is not None
        decimals = task.tolerance.decimals if task.tolerance is not None else None
        earlier = _gradient_at(descent, descent.points[k - 2]) if k >= 2 else None
        found = step_candidates(point, slope, descent.learning_rate, names, earlier)
        found.append(increment_candidate(slope, descent.learning_rate, iterate_naming(context.problem)))
        exact = tuple(p - descent.learning_rate * s for p, s in zip(point, slope, strict=True))
        # a copied point before rounding: (3, 1) copied from the start is also (2.79, 1.12)
        # rounded to 0 decimals, but no step was taken
        copied = Candidate("step-repeated", point[0] if len(point) == 1 else point, (("step", str(k)),))
        return [*found, copied, *rounding_candidates(exact, decimals)]

    def last_resort(self, task: Task, given: Point, point: Point, slope: Point,
                    rate: sp.Expr) -> Finding | None:
        if matches(task, given, point):  # no step taken: the earlier point copied forward
            return Finding("step-repeated", (("step", str(task.step)),))
        return _wrong_rate(task, given, point, slope, rate)

    def models_at(self, function: sp.Expr, variables: tuple[sp.Symbol, ...], points: list[Point],
                  slopes: list[Point], rate: sp.Expr) -> Models:
        point, slope = points[-2], slopes[-1]
        names = [v.name for v in variables]
        earlier = slopes[-2] if len(slopes) >= 2 else None
        right = tuple(p - rate * g for p, g in zip(point, slope, strict=True))
        return (("", right),) + tuple((c.code, _whole(c.value))
                                      for c in step_candidates(point, slope, rate, names, earlier))

    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        if problem.descent is None:
            return ()
        return super().working(task, problem, lang) + (_step_working(problem.descent, task.step, lang),)


# -- follow-through ----------------------------------------------------------------------------
def _student_value(context: Context, tasks: list[Task]) -> Point | None:
    """The student's own answer to the first of ``tasks``, if it reads as numbers."""
    return student_value(context, tasks[0] if tasks else None)


def _slopes_followed(slope: Point, computed: bool, context: Context, before: Point) -> Iterator[Point]:
    """The slopes a step may have been taken with: the one used so far, then, where the student
    gave no slope of their own (``computed``), the one of their own derivative (a classmate's,
    say); read only when the first does not explain the step."""
    yield slope
    own = _own_gradient_at(context, before) if computed else None
    if own is not None:
        yield own


def _own_gradient_at(context: Context, point: Point) -> Point | None:
    """The student's own answer to this problem's derivative or gradient task, at ``point``:
    the slope they would compute from it (None when they gave none, or it is no function of
    the descent's parameters alone)."""
    problem = context.problem
    descent = problem.descent
    assert descent is not None
    names = tuple(p.name for p in descent.parameters)
    task = next((t for t in derivatives_of(problem) if tuple(t.variables) == names), None)
    text = context.answers.get(task.key) if task is not None else None
    if task is None or not text or not text.strip():
        return None
    answer = read_once(context, task, text)
    value = as_point(answer.value) if answer is not None else None
    if value is None or len(value) != len(point) or \
            any(not v.free_symbols <= set(descent.parameters) for v in value):
        return None
    here = dict(zip(descent.parameters, point, strict=True))
    slope = tuple(v.xreplace(here) for v in value)
    return slope if all(s.is_number and s.is_finite for s in slope) else None


MAX_EXACT_DIGITS = 30  # of a numerator or denominator follow-through works with exactly


def followable(point: Point) -> Point | None:
    """A student's earlier iterate as follow-through starts from it: a rational of bounded size
    as written, any other real number as a 15-digit decimal (exact steps, Newton's or descent's,
    from nested radicals take seconds: a student could turn a wrong answer into a timeout at will); None
    when a component is no real number."""
    if all(v.is_Rational and len(str(max(abs(v.p), v.q))) <= MAX_EXACT_DIGITS for v in point):
        return point
    numeric = tuple(v if v.is_Float else v.evalf(15) for v in point)
    return numeric if all(v.is_Float for v in numeric) else None


def _exact_reading(task: Task, own: Point, names: list[str], context: Context) -> Point | None:
    """The exact value of a mistake of step k−1 (from the right step k−2) that the student's
    step k−1 ``own`` matches within the tolerance, when it is no exact copy of it."""
    descent = context.problem.descent
    assert descent is not None
    k = task.step - 1
    point, slope = descent.points[k - 1], descent.slopes[k - 1]
    earlier = _gradient_at(descent, descent.points[k - 2]) if k >= 2 else None
    found = step_candidates(point, slope, descent.learning_rate, names, earlier)
    for candidate in found:
        value = as_point(candidate.value)
        if value is not None and value != own and matches(task, own, value):
            return followable(value)
    return None


def _gradient_at(descent: Descent, point: Point) -> Point:
    here = dict(zip(descent.parameters, point, strict=True))
    return tuple(g.xreplace(here) for g in descent.gradient)


def _differs(value: Point, reference: Point, task: Task) -> bool:
    return any(not numbers_match(v, r, task.tolerance) for v, r in zip(value, reference, strict=True))


# -- mistakes ---------------------------------------------------------------------------------
def increment_candidate(slope: Point, rate: sp.Expr, naming: tuple[tuple[str, str], ...]) -> Candidate:
    """lr·∇J, the change of the step, given for the new point."""
    value = tuple(rate * s for s in slope)
    return Candidate("step-increment-only", value[0] if len(value) == 1 else value,
                     (("rate", number_text(rate)), *naming))


def iterate_naming(problem: Problem) -> tuple[tuple[str, str], ...]:
    """What a step's message calls the point and the function: θ for (θ1, θ2), (x, y) for
    two other names, and J, or the problem's own name."""
    names = [p.name for p in problem.parameters]
    stem = names[0].rstrip("0123456789") if names else ""
    point = names[0] if len(names) == 1 else \
        stem if stem and all(n.rstrip("0123456789") == stem and n != stem for n in names) else \
        "(" + ", ".join(names) + ")"
    return (("x", point), ("name", problem.function_name or "J"))


def _wrong_rate(task: Task, given: Point, point: Point, slope: Point, rate: sp.Expr) -> Finding | None:
    """A step taken with another learning rate than the exercise's (0.01 for 0.1): the rate
    that reproduces the whole answer, if it is one a person would write (one significant
    digit, from 0.0001 to 10). Any one number is θ − r·∇J for some r: only such a round r,
    reproducing every component, names the mistake."""
    if not all(v.is_number and v.is_real for v in (*given, *point, *slope)):
        return None  # a step written with a symbol, or not real: no rate reproduces it
    steepest = max(range(len(slope)), key=lambda j: abs(slope[j]))
    if slope[steepest] == 0:
        return None
    estimate = float((point[steepest] - given[steepest]) / slope[steepest])
    if not 1e-4 <= estimate <= 10:
        return None
    exponent = floor(log10(estimate))
    digit = round(estimate / 10**exponent)
    used = sp.Integer(digit) * sp.Integer(10)**exponent
    if used in (rate, 1, 0):  # the right rate, or learning-rate-missing
        return None
    value = tuple(p - used * s for p, s in zip(point, slope, strict=True))
    if value == point or not matches(task, given, value):
        return None
    return Finding("learning-rate-wrong", (("used", number_text(used)), ("rate", number_text(rate))))


def _derivative_slope_candidates(point: Point, context: Context) -> list[Candidate]:
    """A slope computed from a wrongly differentiated function."""
    problem = context.problem
    descent = problem.descent
    assert descent is not None and problem.function is not None
    parameters = problem.parameters
    here = dict(zip(parameters, point, strict=True))
    right = [g.xreplace(here) for g in descent.gradient]
    found = []
    for k, parameter in enumerate(parameters):
        for candidate in candidates_of(problem.function, (parameter,), parameters):
            if candidate.code == "sign-slip":
                continue
            value = list(right)
            value[k] = candidate.value.xreplace(here)
            found.append(Candidate(candidate.code, value[0] if len(value) == 1 else tuple(value),
                                   candidate.params))
    return found


def _whole(value: sp.Expr | tuple[sp.Expr, ...]) -> tuple[sp.Expr, ...]:
    return value if isinstance(value, tuple) else (value,)


# -- worked steps -------------------------------------------------------------------------------
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
