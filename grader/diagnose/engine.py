"""Running the mistake models on an answer that is not right, and following errors through.

``review`` is called by grading with the judgement on the true path; it returns a possibly
revised judgement (follow-through credit, a teacher's partial credit for a mistake) and the
findings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from itertools import permutations
from math import floor, log10

import sympy as sp

from grader.checking.equivalence import Equivalence, Probe, equivalent, numbers_match
from grader.checking.judging import in_component_order, shape_mismatch
from grader.diagnose.calculus import derivative_candidates
from grader.diagnose.descent import rounding_candidates, slope_candidates, step_candidates
from grader.diagnose.models import Candidate, Finding
from grader.exercise import Descent, Exercise, Problem, Task
from grader.parse import Answer, ParseError, read_answer
from grader.parse.answer import Value
from grader.parse.mathtext import expression_text, number_text
from grader.parse.matrix import Matrix

Point = tuple[sp.Expr, ...]
# one submission's answers as read, by task key and text (None: unreadable)
Readings = dict[tuple[str, str], Answer | None]
# Per worker process; bounded, since each variant of an exercise may bring functions of its own.
_CANDIDATES: dict[tuple[sp.Expr, tuple[sp.Symbol, ...], tuple[sp.Symbol, ...]], list[Candidate]] = {}
MAX_CANDIDATE_SETS = 2_000


@dataclass(frozen=True)
class Context:
    """What diagnosis may look at besides the answer: the exercise and the student's other
    answers (for follow-through)."""

    exercise: Exercise
    problem: Problem
    answers: Mapping[str, str]
    # shared by a submission's tasks: each descent step's diagnosis looks at the earlier steps
    # and the derivative again
    readings: Readings = field(default_factory=dict, compare=False)


def read_once(context: Context, task: Task, text: str) -> Answer | None:
    """The student's ``text`` for ``task`` as read (None when it does not read), read at
    most once per submission."""
    key = (task.key, text)
    if key not in context.readings:
        try:
            read = read_answer(text, task.vocabulary, context.exercise.limits)
            context.readings[key] = in_component_order(task, read)  # as grading read it
        except ParseError:
            context.readings[key] = None
    return context.readings[key]


@dataclass(frozen=True)
class Review:
    verdict: str
    fraction: Fraction | None
    findings: tuple[Finding, ...]
    components: tuple[str, ...] = ()


def notation_findings(answer: Answer) -> list[Finding]:
    findings = []
    for note in answer.notes:
        if note.code == "negative-base-notation":
            base, _, exponent = note.text[1:].partition("^")
            parity = "odd" if exponent.isdigit() and int(exponent) % 2 else \
                "even" if exponent.isdigit() else "unknown"
            findings.append(Finding("negative-base-notation", (("text", note.text), ("base", base),
                                                ("exponent", exponent), ("variant", parity))))
        elif note.code == "unit-not-checked":
            findings.append(Finding("unit-not-checked", (("unit", note.text),)))
    return findings


def review(task: Task, answer: Answer, verdict: str, fraction: Fraction | None,
           components: tuple[str, ...], context: Context) -> Review:
    """Diagnose a wrong or partly wrong answer; give follow-through credit where it is due."""
    if verdict not in ("incorrect", "partial"):
        return Review(verdict, fraction, (), components)
    problem = context.problem
    if isinstance(task.expected, Matrix) or isinstance(answer.value, Matrix):
        found = _matrix_findings(task, answer.value, problem, context)
        return _with_credit(task, Review(verdict, fraction, tuple(found), components))
    swapped = _swapped(task, answer.value, problem.probe)
    if swapped is not None:
        return _with_credit(task, Review(verdict, fraction, (swapped,), components))
    if task.kind in ("slope", "step") and problem.descent is not None:
        return _review_descent(task, answer, verdict, fraction, components, context)
    if task.kind == "answer" and task.numeric:
        findings = _number_findings(task, answer.value)
    else:
        findings = _symbolic_findings(task, answer.value, problem, context)
    return _with_credit(task, Review(verdict, fraction, tuple(findings), components))


def _swapped(task: Task, given: Value, probe: Probe) -> Finding | None:
    """A vector whose components are all right but in another order: (1.92, 2.4)."""
    expected = task.expected
    if not isinstance(expected, tuple) or not isinstance(given, tuple) or len(given) != len(expected) \
            or len(given) > 4:
        return None
    for order in permutations(range(len(expected))):
        if list(order) == sorted(order):
            continue
        if all(_same(task, given[k], expected[j], probe) for k, j in enumerate(order)):
            names = task.variables or tuple(f"{k + 1}" for k in range(len(expected)))
            return Finding("components-swapped", (("order", ", ".join(names)),))
    return None


def _matrix_findings(task: Task, given: Value, problem: Problem, context: Context) -> list[Finding]:
    """A matrix's mistakes: transposed as a whole, every sign flipped, or in its entries the
    mistakes of one value (a sign slip, a constant factor), each named with its row,column."""
    expected, probe = task.expected, problem.probe
    if not isinstance(expected, Matrix) or not isinstance(given, Matrix):
        return []
    flipped = expected.transposed()
    if flipped != expected and given.shape == flipped.shape and \
            all(_same(task, g, e, probe) for g, e in zip(given, flipped, strict=True)):
        return [Finding("matrix-transposed", ())]
    if shape_mismatch(expected, given) is not None:
        return []
    pairs = tuple(zip(given, expected, strict=True))
    if any(e != 0 for e in expected) and all(_same(task, g, -e, probe) for g, e in pairs):
        return [Finding("sign-slip", (("which", "all"),))]
    findings = []
    for k, (g, e) in enumerate(pairs):
        if _same(task, g, e, probe):
            continue
        if task.numeric:
            slip = e != 0 and _same(task, g, -e, probe)
            found = Finding("sign-slip", (("which", "all"),)) if slip else None
        else:
            found = _scalar_finding(task, g, e, (), k, problem, context)
        if found is not None:
            findings.append(replace(found, params=(*found.params, ("entry", expected.position(k)))))
    return findings


def _same(task: Task, given: sp.Expr, expected: sp.Expr, probe: Probe) -> bool:
    if task.numeric:
        return numbers_match(given, expected, task.tolerance)
    return equivalent(given, expected, probe) is Equivalence.EQUAL


def _number_findings(task: Task, given: Value) -> list[Finding]:
    """A number asked for directly (``answer:``): a sign or a rounding mistake."""
    expected = _as_point(task.expected)
    point = _as_point(given)
    if expected is None or point is None or len(point) != len(expected):
        return []
    decimals = task.tolerance.decimals if task.tolerance is not None else None
    candidates = [Candidate("sign-slip", tuple(-e for e in expected), (("which", "all"),))]
    candidates += rounding_candidates(expected, decimals)
    for candidate in candidates:
        if _matches(task, point, _as_point(candidate.value)):
            return [Finding(candidate.code, candidate.params)]
    return []


def _with_credit(task: Task, result: Review) -> Review:
    """A teacher may give part of the points for a diagnosed mistake (``rounding: 0.5``)."""
    credits = [task.partial_credit[f.code] for f in result.findings if f.code in task.partial_credit]
    if not credits or result.fraction is None or max(credits) <= result.fraction:
        return result
    return replace(result, verdict="partial", fraction=max(credits))


# -- differentiation ----------------------------------------------------------------------
def _symbolic_findings(task: Task, given: Value, problem: Problem, context: Context) -> list[Finding]:
    expected = task.expected
    probe = problem.probe
    if isinstance(expected, tuple) and not isinstance(given, tuple):
        total = sp.Add(*expected)
        if equivalent(given, total, probe) is Equivalence.EQUAL:
            shown = ", ".join(expression_text(e) for e in expected)
            return [Finding("gradient-as-sum", (("components", shown),))]
        return []
    if isinstance(expected, tuple):
        findings = []
        for k, (g, e) in enumerate(zip(given, expected, strict=True)):
            if equivalent(g, e, probe) is Equivalence.EQUAL:
                continue
            component_order: tuple[str, ...] = (task.variables[k],) if task.kind == "gradient" else ()
            found = _scalar_finding(task, g, e, component_order, k, problem, context)
            if found is not None:
                findings.append(replace(found, params=(*found.params, ("component", str(k + 1)))))
        return findings
    order: tuple[str, ...] = task.variables if task.kind == "derivative" else ()
    found = _scalar_finding(task, given, expected, order, 0, problem, context)
    return [found] if found is not None else []


def _scalar_finding(task: Task, given: sp.Expr, expected: sp.Expr, order: tuple[str, ...],
                    component: int, problem: Problem, context: Context) -> Finding | None:
    candidates = _derivative_candidates(task, order, component, problem, context) if order else \
        [Candidate("sign-slip", -expected, (("which", "all"),))]
    for candidate in candidates:
        if equivalent(given, candidate.value, problem.probe) is Equivalence.EQUAL:
            return Finding(candidate.code, candidate.params)
    return _constant_factor(given, expected, problem.probe)


def _derivative_candidates(task: Task, order: tuple[str, ...], component: int, problem: Problem,
                           context: Context) -> list[Candidate]:
    symbols = tuple(problem.vocabulary.variables[name] for name in order)
    return _candidates_of(problem.function, symbols, problem.parameters)


def _candidates_of(function: sp.Expr, order: tuple[sp.Symbol, ...],
                   variables: tuple[sp.Symbol, ...]) -> list[Candidate]:
    """Keyed by the function itself, not the exercise: the variants of a parameterised
    exercise share most of their functions (Z = −g·x³y² + r has 36 among 186,624 variants)."""
    key = (function, order, variables)
    cached = _CANDIDATES.get(key)
    if cached is None:
        if len(_CANDIDATES) >= MAX_CANDIDATE_SETS:
            _CANDIDATES.clear()
        cached = derivative_candidates(function, order, variables)
        _CANDIDATES[key] = cached
    return cached


def _constant_factor(given: sp.Expr, expected: sp.Expr, probe: Probe) -> Finding | None:
    """given = c·expected for a simple constant c (not 0, 1 or −1: those are other mistakes)."""
    ratios = [g / e for g, e in zip(probe.values(given), probe.values(expected), strict=True)
              if g is not None and e is not None and abs(e) > 1e-9]
    if not ratios:
        return None
    guess = Fraction(ratios[0].real).limit_denominator(12)
    if guess in (0, 1, -1) or abs(ratios[0].imag) > 1e-9:
        return None
    factor = sp.Rational(guess.numerator, guess.denominator)
    if equivalent(given, factor * expected, probe) is not Equivalence.EQUAL:
        return None
    return Finding("constant-factor", (("factor", number_text(factor)),))


# -- gradient descent -----------------------------------------------------------------------
def _as_point(value: Value | None) -> Point | None:
    if value is None:
        return None
    return value if isinstance(value, tuple) else (value,)


def _student_value(context: Context, task_id: str | None) -> Point | None:
    """The student's own answer to another task of this problem, if it reads as numbers."""
    if task_id is None:
        return None
    text = context.answers.get(f"{context.problem.id}.{task_id}")
    if not text or not text.strip():
        return None
    task = next(t for t in context.problem.tasks if t.id == task_id)
    answer = read_once(context, task, text)
    value = _as_point(answer.value) if answer is not None else None
    if value is None or any(v.free_symbols for v in value):
        return None
    return value


def _task_id(problem: Problem, kind: str, step: int) -> str | None:
    return next((t.id for t in problem.tasks if t.kind == kind and t.step == step), None)


def _review_descent(task: Task, answer: Answer, verdict: str, fraction: Fraction | None,
                    components: tuple[str, ...], context: Context) -> Review:
    problem = context.problem
    descent = problem.descent
    assert descent is not None
    k = task.step
    given = _as_point(answer.value)
    true_before, true_slope = descent.points[k - 1], descent.slopes[k - 1]
    if given is None or len(given) != len(true_before):
        return Review(verdict, fraction, (), components)
    before = true_before if k == 1 else (_student_value(context, _task_id(problem, "step", k - 1))
                                         or true_before)
    if len(before) != len(true_before):
        before = true_before
    slope_here = _gradient_at(descent, before)
    slope = slope_here
    if task.kind == "step":
        own_slope = _student_value(context, _task_id(problem, "slope", k))
        if own_slope is not None and len(own_slope) == len(slope):
            slope = own_slope
    for used in _slopes_followed(slope, slope is slope_here, context, before):
        carried = _differs(before, true_before, task) or _differs(used, true_slope, task)
        if before != true_before or used != true_slope:
            follow = _follow_through(task, given, before, used, descent.learning_rate)
            if follow is not None:
                findings = (Finding("carried-error"),) if carried else ()
                credit = task.follow_through if carried else Fraction(1)
                return Review("correct" if credit == 1 else "partial", credit, findings, components)
    own_path = before != true_before or slope != true_slope
    names = [p.name for p in descent.parameters]
    paths = [(before, slope)] + ([(true_before, true_slope)] if own_path else [])
    for point, used_slope in paths:
        for candidate in _descent_candidates(task, point, used_slope, names, context, k):
            if _matches(task, given, _as_point(candidate.value)):
                finding = Finding(candidate.code, candidate.params)
                return _with_credit(task, Review(verdict, fraction, (finding,), components))
    if task.kind == "step":
        for point, used_slope in paths:
            wrong_rate = _wrong_rate(task, given, point, used_slope, descent.learning_rate)
            if wrong_rate is not None:
                return _with_credit(task, Review(verdict, fraction, (wrong_rate,), components))
    return Review(verdict, fraction, (), components)


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
    if value == point or not _matches(task, given, value):
        return None
    return Finding("learning-rate-wrong", (("used", number_text(used)), ("rate", number_text(rate))))


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
    task = next((t for t in problem.tasks if t.kind in ("derivative", "gradient")
                 and tuple(t.variables) == names), None)
    text = context.answers.get(task.key) if task is not None else None
    if task is None or not text or not text.strip():
        return None
    answer = read_once(context, task, text)
    value = _as_point(answer.value) if answer is not None else None
    if value is None or len(value) != len(point) or \
            any(not v.free_symbols <= set(descent.parameters) for v in value):
        return None
    here = dict(zip(descent.parameters, point, strict=True))
    slope = tuple(v.xreplace(here) for v in value)
    return slope if all(s.is_number and s.is_finite for s in slope) else None


def _gradient_at(descent: Descent, point: Point) -> Point:
    here = dict(zip(descent.parameters, point, strict=True))
    return tuple(g.xreplace(here) for g in descent.gradient)


def _differs(value: Point, reference: Point, task: Task) -> bool:
    return any(not numbers_match(v, r, task.tolerance) for v, r in zip(value, reference, strict=True))


def _matches(task: Task, given: Point, candidate: Point | None) -> bool:
    """The candidate reproduces the whole answer (a mistake that would also change a
    component the student got right does not explain the answer)."""
    if candidate is None or len(candidate) != len(given):
        return False
    return all(numbers_match(g, c, task.tolerance) for g, c in zip(given, candidate, strict=True))


def _follow_through(task: Task, given: Point, before: Point, slope: Point, rate: sp.Expr) -> Point | None:
    """The answer is right given the student's own earlier values (and is no copy of them)."""
    if task.kind == "slope":
        expected = slope
    else:
        expected = tuple(b - rate * s for b, s in zip(before, slope, strict=True))
        if all(g == b for g, b in zip(given, before, strict=True)):
            return None  # copied forward: no credit
    if all(numbers_match(g, e, task.tolerance) for g, e in zip(given, expected, strict=True)):
        return expected
    return None


def _descent_candidates(task: Task, point: Point, slope: Point, names: list[str],
                        context: Context, k: int) -> list[Candidate]:
    descent = context.problem.descent
    assert descent is not None
    decimals = task.tolerance.decimals if task.tolerance is not None else None
    if task.kind == "slope":
        found = slope_candidates(point, slope, names)
        found += _derivative_slope_candidates(point, context)
        return found + rounding_candidates(slope, decimals)
    earlier = _gradient_at(descent, descent.points[k - 2]) if k >= 2 else None
    found = step_candidates(point, slope, descent.learning_rate, names, earlier)
    exact = tuple(p - descent.learning_rate * s for p, s in zip(point, slope, strict=True))
    return found + rounding_candidates(exact, decimals)


def _derivative_slope_candidates(point: Point, context: Context) -> list[Candidate]:
    """A slope computed from a wrongly differentiated function."""
    problem = context.problem
    descent = problem.descent
    assert descent is not None
    parameters = problem.parameters
    here = dict(zip(parameters, point, strict=True))
    right = [g.xreplace(here) for g in descent.gradient]
    found = []
    for k, parameter in enumerate(parameters):
        for candidate in _candidates_of(problem.function, (parameter,), parameters):
            if candidate.code == "sign-slip":
                continue
            value = list(right)
            value[k] = candidate.value.xreplace(here)
            found.append(Candidate(candidate.code, value[0] if len(value) == 1 else tuple(value),
                                   candidate.params))
    return found


# -- what validate asks of a variant ---------------------------------------------------------
def mistake_models(task: Task, context: Context) -> list[Candidate]:
    """The wrong answers diagnosis looks for on the right path (no follow-through, no
    rounding), each in the shape of the whole answer: what ``diagnosability`` compares."""
    problem = context.problem
    if task.kind in ("slope", "step") and problem.descent is not None:
        k = task.step
        point, slope = problem.descent.points[k - 1], problem.descent.slopes[k - 1]
        names = [p.name for p in problem.descent.parameters]
        return [c for c in _descent_candidates(task, point, slope, names, context, k)
                if c.code != "rounding"]
    if task.kind == "answer":
        expected = _as_point(task.expected)
        return [] if expected is None or not task.numeric else \
            [Candidate("sign-slip", _unpoint(tuple(-e for e in expected)), (("which", "all"),))]
    if task.kind == "gradient" and isinstance(task.expected, tuple):
        found = []
        for k, name in enumerate(task.variables):
            for candidate in _derivative_candidates(task, (name,), k, problem, context):
                value = list(task.expected)
                value[k] = candidate.value
                found.append(Candidate(candidate.code, tuple(value),
                                       (*candidate.params, ("component", str(k + 1)))))
        return found
    if task.kind == "derivative":
        return _derivative_candidates(task, task.variables, 0, problem, context)
    return []


def same_answer(task: Task, one: Value, other: Value, probe: Probe) -> bool:
    """Grading could not tell ``one`` from ``other`` (at the task's tolerance)."""
    left, right = _as_point(one), _as_point(other)
    if left is None or right is None or len(left) != len(right):
        return False
    return all(_same(task, a, b, probe) for a, b in zip(left, right, strict=True))


def _unpoint(point: Point) -> Value:
    return point[0] if len(point) == 1 else point
