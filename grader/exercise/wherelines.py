"""'where' lines that exclude the variants whose mistakes clash, derived and then checked.

Two mistake models of a derivative clash in a variant when they give one answer there. Made
from the function with its parameters left as symbols, each model is a polynomial in the
variables whose coefficients are expressions in the parameters, so the two agree exactly where
every coefficient of their difference is 0: an equation in the parameters. A factor of it that
is 0 in the failing variant gives the line ``factor != 0``, written ``b != c`` or
``k != -2*d`` when a parameter can be solved for. ``validate`` then counts, among the variants
it checked, which the lines exclude: exactly the failing ones, or it says how far off they are.

A descent's slopes and steps are made the same way, from its start and learning rate as
expressions in the parameters (up to ``kinds.descent.SYMBOLIC_STEPS`` steps); a clash that holds only at the
task's tolerance, or of a task asked as a plain number, gets no line (``Proposal.underived``).
Each kind makes its own (``Kind.symbolic_models``) from what ``reader.UnboundProblem`` reads
with the parameters as symbols: a Hessian's or directional derivative's point and direction, a
Newton path's start (its iterates are rational functions: 0 where their numerator is).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from grader.diagnose.diagnosability import Clash
from grader.exercise import Exercise
from grader.exercise.reader import Family, UnboundProblem, unbound_function
from grader.exercise.variants import Constraint, Unsupported, Variant, exact_value, split_constraint
from grader.kinds import Models, kind_of
from grader.parse import ParseError, Vocabulary, read_answer
from grader.parse.mathtext import expression_text

MAX_FACTORED = 400  # operations in an equation grader factors (factoring a larger one can take minutes)


@dataclass(frozen=True)
class Proposal:
    """Lines to add to 'where', and what they do to the variants ``validate`` checked."""

    lines: tuple[str, ...]
    failing: int             # variants checked that fail
    excluded_failing: int    # of those, how many the lines exclude
    excluded_passing: int    # variants that pass and that the lines exclude all the same
    underived: tuple[str, ...] = ()  # "task p.t (mistakes)" of clashes no line was derived for

    @property
    def exact(self) -> bool:
        return self.excluded_failing == self.failing and self.excluded_passing == 0


class Deriver:
    """Derives lines for the clashes of one exercise's variants; the symbolic models of each
    task are made once."""

    def __init__(self, family: Family, names: Sequence[str]) -> None:
        self.family = family
        self.symbols = {n: sp.Symbol(n, real=True) for n in names}
        self._models: dict[str, Models | None] = {}
        self._conditions: dict[str, tuple[tuple[sp.Expr, ...], ...]] = {}
        self.lines: list[str] = []
        self.constraints: list[Constraint] = []
        self.underived: list[str] = []

    def add(self, exercise: Exercise, variant: Variant, clashes: Sequence[Clash]) -> None:
        """Lines for the clashes of ``variant`` that the lines so far leave in."""
        values = {n: Fraction(v) for n, v in zip(variant.names, variant.values, strict=True)}
        if not self.admits(values):
            return
        bound = {self.symbols[n]: sp.Rational(v.numerator, v.denominator) for n, v in values.items()}
        for clash in clashes:
            line = self.line_for(exercise, clash, bound)
            if line is None:
                described = f"task {clash.task} ({' and '.join(clash.codes)})"
                if described not in self.underived:
                    self.underived.append(described)
            else:
                self._keep(line)

    def add_unbuilt(self, template: Exercise, variant: Variant) -> None:
        """Lines for a variant that cannot be built (``template`` is another variant of the
        exercise): from each task's ``Kind.symbolic_conditions`` that fails in it."""
        values = {n: Fraction(v) for n, v in zip(variant.names, variant.values, strict=True)}
        if not self.admits(values):
            return
        bound = {self.symbols[n]: sp.Rational(v.numerator, v.denominator) for n, v in values.items()}
        for task in template.tasks:
            for condition in self.conditions(template, task.key):
                if all(sp.numer(sp.together(e)).xreplace(bound) == 0 for e in condition):
                    line = _line(condition, bound)
                    if line is not None:
                        self._keep(line)

    def _keep(self, line: str) -> None:
        if line not in self.lines:
            constraint = read_line(line, self.symbols)
            if constraint is not None:
                self.lines.append(line)
                self.constraints.append(constraint)

    def admits(self, values: Mapping[str, Fraction]) -> bool:
        exact = {n: v.numerator if v.denominator == 1 else v for n, v in values.items()}
        return all(c.holds(exact) for c in self.constraints)

    def line_for(self, exercise: Exercise, clash: Clash, bound: Mapping[sp.Basic, sp.Basic]) -> str | None:
        models = self.models(exercise, clash.task)
        if models is None:
            return None
        wanted = (clash.codes[0], "") if clash.kind == "hides" else clash.codes
        for one in (m for code, m in models if code == wanted[0]):
            for other in (m for code, m in models if code == wanted[1]):
                differences = [sp.expand(p - q) for p, q in zip(one, other, strict=True)]
                if any(differences) and all(sp.expand(d.xreplace(bound)) == 0 for d in differences):
                    line = _line(differences, bound)
                    if line is not None:
                        return line
        return None

    def models(self, exercise: Exercise, task_key: str) -> Models | None:
        if task_key not in self._models:
            self._models[task_key] = self._make_models(exercise, task_key)
        return self._models[task_key]

    def _make_models(self, exercise: Exercise, task_key: str) -> Models | None:
        task = next(t for t in exercise.tasks if t.key == task_key)
        problem = exercise.problem(task.problem)
        function = unbound_function(self.family, task.problem)
        if function is None:
            return None
        unbound = UnboundProblem(self.family, task.problem)
        return kind_of(task).symbolic_models(task, problem, function, unbound)

    def conditions(self, exercise: Exercise, task_key: str) -> tuple[tuple[sp.Expr, ...], ...]:
        if task_key not in self._conditions:
            task = next(t for t in exercise.tasks if t.key == task_key)
            function = unbound_function(self.family, task.problem)
            self._conditions[task_key] = () if function is None else kind_of(task).symbolic_conditions(
                task, exercise.problem(task.problem), function, UnboundProblem(self.family, task.problem))
        return self._conditions[task_key]


def _line(differences: Sequence[sp.Expr], bound: Mapping[sp.Basic, sp.Basic]) -> str | None:
    """The line that excludes where every one of ``differences`` (all 0 in the variant
    ``bound``) is 0 as a polynomial in the variables; None when one is no such polynomial."""
    parameters = set(bound)
    equations: list[sp.Expr] = []
    for difference in differences:
        variables = sorted(difference.free_symbols - parameters, key=str)
        try:
            equations += sp.Poly(difference, *variables).coeffs() if variables else [difference]
        except sp.PolynomialError:
            return None
    # a Newton step's are rational functions of the parameters: 0 where their numerator is
    equations = [e if e.is_polynomial(*parameters) else sp.numer(sp.together(e)) for e in equations if e != 0]
    equations = [e for e in equations if e != 0]  # a rational difference may be 0 once put together
    if any(sp.count_ops(e) > MAX_FACTORED for e in equations):
        return None
    try:
        vanishing = [[f for f, _ in sp.factor_list(e)[1] if f.free_symbols and f.xreplace(bound) == 0]
                     for e in equations]
    except sp.PolynomialError:
        return None
    if not vanishing or not all(vanishing):
        return None
    shared = set.intersection(*(set(v) for v in vanishing))
    if shared:
        return _inequation(min(shared, key=sp.default_sort_key))
    # Several equations, each 0 here: the variant is excluded only where all of them are.
    parts = " + ".join(f"|{expression_text(v[0])}|" for v in vanishing)
    return f"{parts} != 0"


def _inequation(factor: sp.Expr) -> str:
    """``factor != 0`` as a teacher writes it: ``b != c``, ``k != -2*d``, ``a*lr != 1/2``."""
    for symbol in sorted(factor.free_symbols, key=str):
        try:
            poly = sp.Poly(factor, symbol)
        except sp.PolynomialError:  # exp(a) - exp(b): no polynomial in a, written as it stands
            continue
        if poly.degree() == 1 and poly.LC() in (1, -1):
            coefficient = poly.LC()
            rest = sp.expand(-(factor - coefficient * symbol) / coefficient)
            return f"{symbol} != {expression_text(rest)}"
    constant = sp.Add(*(t for t in sp.Add.make_args(factor) if t.is_number))
    varying = sp.Add.make_args(factor - constant)
    if constant != 0 and len(varying) == 1:
        coefficient, monomial = varying[0].as_coeff_Mul()
        return f"{expression_text(monomial)} != {expression_text(-constant / coefficient)}"
    return f"{expression_text(factor)} != 0"


def read_line(text: str, symbols: Mapping[str, sp.Symbol]) -> Constraint | None:
    """A proposed line read back as the exercise's 'where' reads it; None if it would not read."""
    pieces = split_constraint(text)
    if pieces is None:
        return None
    left_text, op, right_text = pieces
    vocabulary = Vocabulary(variables=dict(symbols))
    try:
        left, right = (read_answer(t, vocabulary).value for t in (left_text, right_text))
    except ParseError:
        return None
    if isinstance(left, tuple) or isinstance(right, tuple):
        return None
    try:  # the reader's own test: only + - * / ^ and |..| of the parameters
        ones = {name: Fraction(1) for name in symbols}
        exact_value(left, ones), exact_value(right, ones)
    except Unsupported:
        return None
    except ZeroDivisionError:
        pass
    return Constraint(text, left, op, right)
