"""The exercise model: problems and tasks with their expected answers, all computed when the
exercise is read (see ``reader``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Literal, Protocol

import sympy as sp

from grader.checking.equivalence import Probe
from grader.checking.tolerance import Tolerance
from grader.codes import RevealPolicy
from grader.errors import GraderError
from grader.exercise.variants import Variant, VariantSpace
from grader.limits import Limits
from grader.parse import Vocabulary
from grader.parse.answer import Value
from grader.parse.build import digits
from grader.parse.mathtext import value_text


@dataclass(frozen=True)
class Task:
    id: str
    problem: str
    kind: str                         # the name of its kind: grader.kinds.KINDS[kind]
    points: Fraction
    expected: Value
    numeric: bool
    line: int
    tolerance: Tolerance | None = None
    variables: tuple[str, ...] = ()   # derivative order, or gradient components
    step: int = 0                     # k of slope k / step k
    vector_credit: Literal["proportional", "all"] = "proportional"
    follow_through: Fraction = Fraction(1)
    partial_credit: Mapping[str, Fraction] = field(default_factory=dict)
    prompt: str | None = None
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # names an answer may use
    prompt_template: str | None = None  # the prompt as written, before a variant's numbers fill its {a}
    # what else the kind's key asked, by name (a Hessian's point, a direction): its kind reads it
    asked: tuple[tuple[str, Value], ...] = ()

    def prompt_without_numbers(self) -> str | None:
        """The prompt with each of a variant's numbers as "…": for a page that no student
        has opened as theirs yet, which must show nobody's numbers. None for a prompt the
        task's kind made (it may hold a variant's point or direction)."""
        if self.prompt_template is None:
            return None
        return re.sub(r"\{\s*[^{}\s]+\s*\}", "…", self.prompt_template)

    @cached_property  # read for every answer graded: a frozen task's key is made once
    def key(self) -> str:
        return f"{self.problem}.{self.id}"

    @cached_property
    def expected_text(self) -> str:
        """The expected answer as shown to people; printed once, not for every answer."""
        return value_text(self.expected, self.numeric)


@dataclass(frozen=True)
class Descent:
    """Gradient descent from ``start``: ``points[k]`` is θ after k steps, ``slopes[k-1]`` the
    gradient used by step k (at ``points[k-1]``). All exact."""

    parameters: tuple[sp.Symbol, ...]
    learning_rate: sp.Rational
    points: tuple[tuple[sp.Expr, ...], ...]
    slopes: tuple[tuple[sp.Expr, ...], ...]
    gradient: tuple[sp.Expr, ...]


class DescentTooLarge(ArithmeticError):
    """Exact descent grew past the limits at ``step`` (1/4 θ^4 from −4 triples its digits each
    step: step 9 has tens of thousands). ``what`` says how."""

    def __init__(self, step: int, what: str) -> None:
        super().__init__(step, what)
        self.step, self.what = step, what


MAX_STEP_NODES = 200  # size of an exact iterate that is not a plain number (e^(x²) descent)


def descent_path(function: sp.Expr, parameters: tuple[sp.Symbol, ...], start: tuple[sp.Expr, ...],
                 rate: sp.Expr, steps: int, max_digits: int = 2_000) -> Descent:
    """``steps`` exact steps of θ ← θ − rate·∇J(θ) from ``start``; raises
    :class:`DescentTooLarge` as soon as an iterate outgrows ``max_digits`` digits or
    ``MAX_STEP_NODES`` operations, before it can take minutes or exhaust memory."""
    gradient = tuple(sp.diff(function, p) for p in parameters)
    points = [start]
    slopes = []
    for step in range(1, steps + 1):
        here = dict(zip(parameters, points[-1], strict=True))
        slope = tuple(g.xreplace(here) for g in gradient)
        check_size(slope, step, max_digits)
        slopes.append(slope)
        point = tuple(sp.expand(v - rate * s) for v, s in zip(points[-1], slope, strict=True))
        check_size(point, step, max_digits)
        points.append(point)
    return Descent(parameters, rate, tuple(points), tuple(slopes), gradient)


def check_size(values: tuple[sp.Expr, ...], step: int, max_digits: int) -> None:
    """Raise :class:`DescentTooLarge` when an iterate at ``step`` outgrows the bounds."""
    for value in values:
        if value.is_Rational:
            if digits(value) > max_digits:
                raise DescentTooLarge(step, f"its exact values have more than {max_digits} digits")
        elif sp.count_ops(value) > MAX_STEP_NODES:
            raise DescentTooLarge(step, "its exact values grow into expressions too large to check")


@dataclass(frozen=True)
class Problem:
    id: str
    line: int
    vocabulary: Vocabulary
    probe: Probe
    tasks: tuple[Task, ...]
    title: str | None = None
    function_text: str | None = None
    function_name: str | None = None
    function: sp.Expr | None = None
    parameters: tuple[sp.Symbol, ...] = ()
    descent: Descent | None = None
    converges: bool = False  # the teacher says each asked descent step lowers J (validate checks)
    start: tuple[sp.Expr, ...] | None = None  # the problem's 'start', for kinds that begin there
    # All a grade of this problem's tasks depends on, as a key: the exercise file, the problem
    # and the values of the parameters it uses (variants share problems, and their verdicts).
    digest: str = ""


class VariantSource(Protocol):
    """Builds the exercise of any variant of a parameterised exercise (``reader.Family``)."""

    space: VariantSpace

    def exercise(self, variant: Variant) -> Exercise: ...

    def where_line(self) -> int | None: ...


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    lang: str
    path: str
    problems: tuple[Problem, ...]
    limits: Limits
    digest: str
    description: str | None = None
    warnings: tuple[str, ...] = ()  # file:line: what validate reports without refusing the file
    variant: tuple[tuple[str, str], ...] = ()  # (parameter, value as written) of this variant
    family: VariantSource | None = field(default=None, compare=False, repr=False)
    reveal: RevealPolicy = "never"  # feedback: {reveal: ...}: what a self-check shows
    description_template: str | None = None  # as written, before a variant's numbers fill its {a}

    def description_without_numbers(self) -> str | None:
        """The description with each of a variant's numbers as "…", as prompts have them
        (``Task.prompt_without_numbers``): for a page that shows nobody's numbers."""
        if self.description_template is None:
            return self.description
        return re.sub(r"\{\s*[^{}\s]+\s*\}", "…", self.description_template)

    def for_student(self, student: str | None) -> Exercise:
        """The exercise as ``student`` gets it: this one, or their own variant of it."""
        if self.family is None:
            return self
        return self.family.exercise(self.family.space.for_student(student))

    def graded_variant(self, shown: tuple[tuple[str, str], ...]) -> Exercise:
        """The variant a result records; results of an exercise file changed since then may
        name none: the exercise as it is now."""
        try:
            return self.variant_named(dict(shown))
        except GraderError:  # VariantError, or ExerciseErrors of a variant that no longer computes
            return self

    def variant_named(self, shown: Mapping[str, str]) -> Exercise:
        """The variant that results.json records as ``{parameter: value}``."""
        if self.family is None or not shown:
            return self
        return self.family.exercise(self.family.space.named(shown))

    @cached_property  # read several times per submission graded: made once per exercise
    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for p in self.problems for t in p.tasks)

    @cached_property
    def max_score(self) -> Fraction:
        return sum((t.points for t in self.tasks), Fraction(0))

    def problem(self, problem_id: str) -> Problem:
        return next(p for p in self.problems if p.id == problem_id)

    def problem_digest(self, problem: Problem) -> str:
        """What results on ``problem`` depend on, as a key for what is worked out once: its
        digest (variants that share the problem share it), or, for a problem made by hand,
        this exercise's with the problem's id."""
        return problem.digest or f"{self.digest}/{problem.id}"

    def task(self, key: str) -> Task | None:
        return next((t for t in self.tasks if t.key == key), None)
