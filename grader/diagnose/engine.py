"""The machinery of diagnosis every kind of task uses: reading a submission's other answers
once, the findings of a wrong number or expression, a teacher's partial credit for a mistake.

Which of it applies to a task is its kind's decision (``grader.kinds``); ``diagnose.review``
is the entry point grading calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from itertools import permutations
from typing import TYPE_CHECKING, TypeVar

import sympy as sp

from grader.checking.equivalence import Equivalence, Probe, equivalent, numbers_match
from grader.checking.judging import in_component_order, shape_mismatch
from grader.diagnose.calculus import derivative_candidates
from grader.diagnose.descent import rounding_candidates
from grader.diagnose.models import Candidate, Finding
from grader.parse import Answer, ParseError, read_answer
from grader.parse.answer import Value
from grader.parse.mathtext import expression_text, number_text
from grader.parse.matrix import Matrix

if TYPE_CHECKING:  # the exercise reader asks the kinds, which use this module
    from grader.exercise.model import Exercise, Problem, Task

Point = tuple[sp.Expr, ...]
# one submission's answers as read, by task key and text (None: unreadable)
Readings = dict[tuple[str, str], Answer | None]
# Per worker process; bounded, since each variant of an exercise may bring functions of its own.
_CANDIDATES: dict[tuple[sp.Expr, tuple[sp.Symbol, ...], tuple[sp.Symbol, ...]], list[Candidate]] = {}
MAX_CANDIDATE_SETS = 2_000
# What a kind works out for one task (its mistake models), per worker process: keyed by the
# task object's identity, which the entry keeps alive, so an id is never taken for another's.
_PER_TASK: dict[tuple[int, int, Hashable], tuple[Task, Problem, object]] = {}
MAX_PER_TASK = 4_000
T = TypeVar("T")


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
            read = read_answer(text, task.vocabulary, context.exercise.limits, unreadable_working="skip")
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
        elif note.code == "working-not-checked":
            findings.append(Finding("working-not-checked", ()))
        elif note.code == "repeating-decimal-dots":
            findings.append(Finding("repeating-decimal-dots", (("text", note.text),
                                                               ("value", note.text.removesuffix("...")))))
        elif note.code == "mixed-number-notation" and (mixed := MIXED.match(note.text)) is not None:
            whole, numerator, denominator = (int(g) for g in mixed.groups())
            findings.append(Finding("mixed-number-notation", (
                ("text", note.text), ("whole", str(whole)), ("fraction", f"{numerator}/{denominator}"),
                ("product", str(Fraction(whole * numerator, denominator))),
                ("mixed", str(Fraction(whole * denominator + numerator, denominator))))))
    return findings


MIXED = re.compile(r"^(\d+)\\frac\{(\d+)\}\{(\d+)\}$")  # the parser's note: 2\frac{1}{6}


def swapped_finding(task: Task, given: Value, probe: Probe) -> Finding | None:
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


def matrix_findings(task: Task, given: Value, problem: Problem, context: Context,
                    order_of: DerivativeOrder | None = None,
                    at: Mapping[sp.Symbol, sp.Expr] | None = None) -> list[Finding]:
    """A matrix's mistakes: transposed as a whole, every sign flipped, or in its entries the
    mistakes of one value, each named with its row,column: the calculus models where
    ``order_of(k)`` says entry k is a derivative (taken ``at`` a point for numbers), else a
    sign slip or a constant factor."""
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
        order = order_of(k) if order_of is not None else ()
        if order and (at is not None or not task.numeric):
            found = _entry_derivative_finding(task, g, e, order, problem, at)
        elif task.numeric:
            slip = e != 0 and _same(task, g, -e, probe)
            found = Finding("sign-slip", (("which", "all"),)) if slip else None
        else:
            found = _scalar_finding(task, g, e, (), k, problem, context)
        if found is not None:
            findings.append(replace(found, params=(*found.params, ("entry", expected.position(k)))))
    return findings


def _entry_derivative_finding(task: Task, given: sp.Expr, expected: sp.Expr, order: tuple[str, ...],
                              problem: Problem, at: Mapping[sp.Symbol, sp.Expr] | None) -> Finding | None:
    """An entry that is a derivative by ``order`` (at the point ``at``, when given): the
    calculus models of that derivative, then a constant factor."""
    candidates = derivative_candidates_by(order, problem)
    if len(order) == 2 and order[0] != order[1]:  # a mixed entry is either order's: ∂J/∂w for ∂²J/∂b∂w
        candidates = [*candidates, *(c for c in derivative_candidates_by(order[::-1], problem)
                                     if c.code == "first-derivative-only")]  # the cached list kept
    if at is not None:  # at a point a term slip may give the earlier derivative's value by chance
        candidates = sorted(candidates, key=lambda c: c.code != "first-derivative-only")
    for candidate in candidates:
        value = candidate.value.xreplace(dict(at)) if at is not None else candidate.value
        if _same(task, given, value, problem.probe):
            return Finding(candidate.code, candidate.params)
    if at is not None or expected.is_number:  # any number is some factor times another: no story
        return None
    return _constant_factor(given, expected, problem.probe)


def _same(task: Task, given: sp.Expr, expected: sp.Expr, probe: Probe) -> bool:
    if task.numeric:
        return numbers_match(given, expected, task.tolerance)
    return equivalent(given, expected, probe) is Equivalence.EQUAL


def number_findings(task: Task, given: Value) -> list[Finding]:
    """A number asked for directly (``answer:``): a sign or a rounding mistake."""
    expected = as_point(task.expected)
    point = as_point(given)
    if expected is None or point is None or len(point) != len(expected):
        return []
    decimals = task.tolerance.decimals if task.tolerance is not None else None
    candidates = [Candidate("sign-slip", tuple(-e for e in expected), (("which", "all"),))]
    candidates += rounding_candidates(expected, decimals)
    for candidate in candidates:
        if matches(task, point, as_point(candidate.value)):
            return [Finding(candidate.code, candidate.params)]
    return []


def carried_review(task: Task, fraction: Fraction | None, components: tuple[str, ...]) -> Review:
    """Right from the student's own wrong earlier answers: the task's follow-through credit
    (or the credit its right entries earn already, when that is more), named carried-error."""
    credit = task.follow_through if fraction is None else max(task.follow_through, fraction)
    return Review("correct" if credit == 1 else "partial", credit, (Finding("carried-error"),), components)


def with_credit(task: Task, result: Review) -> Review:
    """A teacher may give part of the points for a diagnosed mistake (``rounding: 0.5``)."""
    credits = [task.partial_credit[f.code] for f in result.findings if f.code in task.partial_credit]
    if not credits or result.fraction is None or max(credits) <= result.fraction:
        return result
    return replace(result, verdict="partial", fraction=max(credits))


# -- differentiation ----------------------------------------------------------------------
DerivativeOrder = Callable[["int | None"], tuple[str, ...]]  # component (None: the answer) -> order


def symbolic_findings(task: Task, given: Value, context: Context, order_of: DerivativeOrder) -> list[Finding]:
    """The mistakes of an expression or a vector of them: the calculus models where the
    answer (``order_of(None)``) or a component (``order_of(k)``) is a derivative, a sign slip
    where it is none, then a constant factor."""
    expected = task.expected
    problem = context.problem
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
            found = _scalar_finding(task, g, e, order_of(k), k, problem, context)
            if found is not None:
                findings.append(replace(found, params=(*found.params, ("component", str(k + 1)))))
        return findings
    found = _scalar_finding(task, given, expected, order_of(None), 0, problem, context)
    return [found] if found is not None else []


def _scalar_finding(task: Task, given: sp.Expr, expected: sp.Expr, order: tuple[str, ...],
                    component: int, problem: Problem, context: Context) -> Finding | None:
    candidates = derivative_candidates_by(order, problem) if order else \
        [Candidate("sign-slip", -expected, (("which", "all"),))]
    for candidate in candidates:
        if equivalent(given, candidate.value, problem.probe) is Equivalence.EQUAL:
            return Finding(candidate.code, candidate.params)
    return _constant_factor(given, expected, problem.probe)


def derivative_candidates_by(order: tuple[str, ...], problem: Problem) -> list[Candidate]:
    """The calculus mistakes of the problem's function differentiated by ``order``."""
    symbols = tuple(problem.vocabulary.variables[name] for name in order)
    assert problem.function is not None
    return candidates_of(problem.function, symbols, problem.parameters)


def candidates_of(function: sp.Expr, order: tuple[sp.Symbol, ...],
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


def per_task(task: Task, problem: Problem, what: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` for ``task`` of ``problem``, worked out once: a class's answers to one
    task are diagnosed against the same models. Each variant has task objects of its own, so
    the store is bounded like the calculus candidates'. ``what`` names what is computed, with
    whatever else it depends on (a student's own earlier values: see ``value_key``)."""
    key = (id(task), id(problem), what)
    found = _PER_TASK.get(key)
    if found is not None and found[0] is task and found[1] is problem:
        return found[2]  # type: ignore[return-value]
    if len(_PER_TASK) >= MAX_PER_TASK:
        _PER_TASK.clear()
    value = compute()
    _PER_TASK[key] = (task, problem, value)
    return value


def value_key(values: tuple[sp.Expr, ...]) -> tuple[tuple[type, sp.Expr], ...]:
    """Values as a key for ``per_task``: with each value's type, since SymPy may call values
    of two types equal that do not compute alike."""
    return tuple((type(v), v) for v in values)


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


# -- values of a submission ------------------------------------------------------------------
def as_point(value: Value | None) -> Point | None:
    if value is None:
        return None
    return value if isinstance(value, tuple) else (value,)


def student_value(context: Context, task: Task | None) -> Point | None:
    """The student's own answer to another task of this problem, if it reads as numbers."""
    value = as_point(answer_value(context, task))
    if value is None or any(v.free_symbols for v in value):
        return None
    return value


def answer_value(context: Context, task: Task | None) -> Value | None:
    """The student's answer to ``task`` as read, or None (no task, no answer, not readable)."""
    if task is None:
        return None
    text = context.answers.get(task.key)
    if not text or not text.strip():
        return None
    answer = read_once(context, task, text)
    return answer.value if answer is not None else None


def matches(task: Task, given: Point, candidate: Point | None) -> bool:
    """The candidate reproduces the whole answer (a mistake that would also change a
    component the student got right does not explain the answer)."""
    if candidate is None or len(candidate) != len(given):
        return False
    return all(numbers_match(g, c, task.tolerance) for g, c in zip(given, candidate, strict=True))


def same_answer(task: Task, one: Value, other: Value, probe: Probe) -> bool:
    """Grading could not tell ``one`` from ``other`` (at the task's tolerance)."""
    left, right = as_point(one), as_point(other)
    if left is None or right is None or len(left) != len(right):
        return False
    return all(_same(task, a, b, probe) for a, b in zip(left, right, strict=True))


def unpoint(point: Point) -> Value:
    return point[0] if len(point) == 1 else point
