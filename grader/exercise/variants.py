"""Per-student variants: an exercise's parameters, the constraints between them, and which
student gets which variant.

.. code-block:: yaml

    parameters:
      a: {integers: [2, 6]}              # 2, 3, 4, 5, 6
      s: {integers: [-5, 5], not: [0]}   # -5 … 5 without 0
      lr: {choose: [0.1, 0.05, 1/8]}     # exact: 0.1 is 1/10
    where: ["a != s", "a*s^2 <= 100"]    # every constraint must hold
    variant_seed: 2026                   # optional; another seed deals the variants anew

A student's variant is drawn from a SHA-256 of the exercise id, the seed, the student id and
an attempt number: the hash picks one of all combinations uniformly; a combination that breaks
a ``where`` is drawn again with the next attempt. That is uniform over the admissible variants,
the same on every machine and in every run, and depends on nothing else (not on the class,
not on the order of files). Changing the parameters or ``where`` deals the variants anew.

A census (:class:`Census`) counts the admissible combinations, as runs of combination
numbers; a student whose ``DRAWS`` attempts all miss gets one of them by number. A space of at
most ``EXAMINED_AT_LOAD`` combinations is counted when that is first needed, once per process.
A larger one is counted at load if that takes at most ``EXAMINED_AT_LOAD`` values examined,
else sampled, and refused when ``where`` admits less than 1 in ``MIN_SHARE`` of it: drawing
would miss too often, and nothing could list what it admits.

Nothing here reads the exercise's expressions: ``reader`` binds a variant's values while it
reads the file, so a variant is checked and computed exactly like a fixed exercise.
"""

from __future__ import annotations

import hashlib
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from math import prod

import sympy as sp

from grader.errors import GraderError
from grader.exercise.census import Census, OverBudget, admitted_runs

MAX_VALUES = 10_000           # of one parameter
MAX_COMBINATIONS = 1_000_000  # of all parameters together, before ``where``
CHECK_ALL_UP_TO = 1_000       # ``validate`` checks every variant up to this many, else a sample
SAMPLE_SIZE = 300           # made-up students whose variants validate checks beyond that
DRAWS = 1_000                 # attempts before dealing from the census's runs
MORE_DRAWS = 20_000           # attempts in a space too large to count (at least 1 in 100 admitted)
EXAMINED_AT_LOAD = 100_000    # parameter values a load may set while counting what 'where' admits
SAMPLED_AT_LOAD = 10_000      # combinations drawn to estimate the share of a space too large for that
MIN_SHARE = 100               # such a space must admit at least 1 in MIN_SHARE of its combinations
MAX_POWER = 64                # in a constraint: a^1000000 would take a draw minutes
COMPARISONS = {"!=": "!=", "≠": "!=", "==": "==", "=": "==", "<=": "<=", "≤": "<=", ">=": ">=",
               "≥": ">=", "<": "<", ">": ">"}
COMPARISON = re.compile(r"!=|≠|==|<=|≤|>=|≥|<|>|=")


class VariantError(GraderError):
    """A student without an id, or a variant name that is no variant of the exercise: a user
    error, worded for the person who gave it."""


@dataclass(frozen=True)
class Parameter:
    """One parameter: its admissible values in order, and each value as the teacher wrote it."""

    name: str
    values: tuple[Fraction, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Constraint:
    """``left op right`` between parameters, decided exactly with fractions."""

    text: str
    left: sp.Expr
    op: str
    right: sp.Expr

    def holds(self, values: Mapping[str, Exact]) -> bool:
        try:
            left, right = self._sides[0](values), self._sides[1](values)
        except ZeroDivisionError:
            return False  # a constraint that divides by zero excludes that variant
        return bool(_COMPARE[self.op](left, right))

    @cached_property
    def _sides(self) -> tuple[Evaluator, Evaluator]:
        """Both sides made into functions once: a class deals thousands of variants."""
        return compiled(self.left), compiled(self.right)

    @property
    def symbols(self) -> set[sp.Symbol]:
        return self.left.free_symbols | self.right.free_symbols

    def __getstate__(self) -> dict[str, object]:
        """Pickled (to a report worker) without the compiled sides: closures do not pickle."""
        return {k: v for k, v in self.__dict__.items() if k != "_sides"}


class Unsupported(ValueError):
    """A constraint uses something exact fractions cannot decide (a root, a sine)."""


Exact = int | Fraction
Evaluator = Callable[[Mapping[str, Exact]], Exact]
_COMPARE: Mapping[str, Callable[[Exact, Exact], object]] = {
    "!=": operator.ne, "==": operator.eq, "<=": operator.le, ">=": operator.ge,
    "<": operator.lt, ">": operator.gt}


def compiled(expr: sp.Expr) -> Evaluator:
    """``exact_value`` of ``expr`` as a function of the values (the tree walked once). Whole
    numbers stay Python ints, which are exact too and far faster than Fractions (a class is
    dealt its variants student by student); only a negative power makes a
    Fraction (an int to a negative power would be a float)."""
    if expr.is_Rational:
        constant = _exact(Fraction(int(expr.p), int(expr.q)))
        return lambda values: constant
    if expr.is_Symbol:
        name = expr.name
        return lambda values: values[name]
    parts = [compiled(a) for a in expr.args]
    if expr.is_Add:
        return lambda values: sum(p(values) for p in parts)
    if expr.is_Mul:
        return lambda values: _product(p(values) for p in parts)
    if expr.is_Pow and expr.exp.is_Integer and abs(int(expr.exp)) <= MAX_POWER:
        base, power = parts[0], int(expr.exp)
        if power < 0:
            return lambda values: Fraction(base(values)) ** power
        return lambda values: base(values) ** power
    if isinstance(expr, sp.Abs):
        inner = parts[0]
        return lambda values: _magnitude(inner(values))
    raise Unsupported(str(expr))


def _product(factors: Iterator[Exact]) -> Exact:
    result: Exact = 1
    for factor in factors:
        result = result * factor
    return result


def _magnitude(value: Exact) -> Exact:
    return -value if value < 0 else value


def _exact(value: Fraction) -> Exact:
    return value.numerator if value.denominator == 1 else value


def exact_value(expr: sp.Expr, values: Mapping[str, Fraction]) -> Fraction:
    """The value of a rational expression in the parameters, as an exact fraction."""
    return Fraction(compiled(expr)({name: _exact(v) for name, v in values.items()}))


@dataclass(frozen=True)
class Variant:
    """The values of one variant, in the order the parameters are written."""

    names: tuple[str, ...]
    values: tuple[Fraction, ...]
    texts: tuple[str, ...]

    @property
    def shown(self) -> tuple[tuple[str, str], ...]:
        """(name, value as the teacher wrote it): what results record and reports show."""
        return tuple(zip(self.names, self.texts, strict=True))

    def describe(self) -> str:
        return described(self.shown)

    @cached_property  # read for every submission graded on the variant
    def key(self) -> str:
        """A stable short name of the variant, for digests and caches."""
        joined = "\x1f".join(f"{n}={v}" for n, v in zip(self.names, self.values, strict=True))
        return hashlib.sha256(joined.encode()).hexdigest()[:12]


class TooSparse(VariantError):
    """A ``where`` that admits too little of a space too large to count: refused at load."""


@dataclass(frozen=True)
class VariantSpace:
    """All variants of one exercise and the rule that deals them to students."""

    exercise_id: str
    parameters: tuple[Parameter, ...]
    constraints: tuple[Constraint, ...] = ()
    seed: str = ""
    census: Census | None = field(default=None, compare=False)  # of a large space: at load

    @property
    def combinations(self) -> int:
        return prod(len(p.values) for p in self.parameters)

    def variant(self, indices: tuple[int, ...]) -> Variant:
        params = self.parameters
        return Variant(tuple(p.name for p in params),
                       tuple(p.values[i] for p, i in zip(params, indices, strict=True)),
                       tuple(p.texts[i] for p, i in zip(params, indices, strict=True)))

    def admissible(self, variant: Variant) -> bool:
        values = {name: _exact(v) for name, v in zip(variant.names, variant.values, strict=True)}
        return all(c.holds(values) for c in self.constraints)

    def _indices(self, number: int) -> tuple[int, ...]:
        """The ``number``-th combination, the last parameter counting fastest."""
        indices = []
        for parameter in reversed(self.parameters):
            number, index = divmod(number, len(parameter.values))
            indices.append(index)
        return tuple(reversed(indices))

    def _admits(self, number: int) -> bool:
        census = self.__dict__.get("_census", self.census)  # the runs, once they are known
        if census is not None and census.runs is not None:
            return census.admits(number)
        return self.admissible(self.variant(self._indices(number)))

    def counted(self) -> VariantSpace:
        """This space as loading leaves it: with a large space's census taken (``TooSparse``
        for a ``where`` that admits too little of it); a small space is counted when needed."""
        if not self.constraints or self.combinations <= EXAMINED_AT_LOAD:
            return self
        return replace(self, census=self._take_census(EXAMINED_AT_LOAD))

    @cached_property
    def _census(self) -> Census:
        """The census taken at load, or taken now (a small space: at most its size examined)."""
        return self.census if self.census is not None else self._take_census(None)

    def _take_census(self, budget: int | None) -> Census:
        if not self.constraints:
            return Census(((0, self.combinations),), 0)
        runs: list[tuple[int, int]] = []
        try:
            for start, stop in admitted_runs(self.parameters, self.constraints, budget):
                if runs and runs[-1][1] == start:
                    runs[-1] = (runs[-1][0], stop)
                else:
                    runs.append((start, stop))
            return Census(tuple(runs), runs[0][0] if runs else None)
        except OverBudget:
            pass
        hits = [n for n in (self._hashed("census", str(k)) % self.combinations
                            for k in range(SAMPLED_AT_LOAD)) if self._admits(n)]
        if len(hits) * MIN_SHARE < SAMPLED_AT_LOAD:
            raise TooSparse(self._too_sparse(len(hits)))
        # The walk goes in order, so a run it found is the first; else the least drawn.
        return Census(None, runs[0][0] if runs else min(hits), SAMPLED_AT_LOAD, len(hits))

    def _too_sparse(self, hits: int) -> str:
        found = (f"none of {SAMPLED_AT_LOAD:,}" if hits == 0 else
                 f"{hits} of {SAMPLED_AT_LOAD:,} (about {hits * self.combinations // SAMPLED_AT_LOAD:,} "
                 "variants)")
        return (f"'where' is too sparse to count within {EXAMINED_AT_LOAD:,} values examined: it "
                f"admits {found} combinations drawn at random from the {self.combinations:,}, and "
                f"less than 1 in {MIN_SHARE} is too few to draw from; narrow the parameters' ranges "
                f"to at most {EXAMINED_AT_LOAD:,} combinations (grader then counts them), or relax 'where'")

    def _numbers(self) -> Iterator[int]:
        census = self._census
        runs = census.runs if census.runs is not None else \
            admitted_runs(self.parameters, self.constraints, None)
        for start, stop in runs:
            yield from range(start, stop)

    def all(self) -> Iterator[Variant]:
        """Every admissible variant, in the order of the parameters' values."""
        for number in self._numbers():
            yield self.variant(self._indices(number))

    def first(self) -> Variant | None:
        """The first admissible variant in order (of a large space too large to count: the
        first the census found)."""
        if self.census is not None:
            first = self.census.first
        else:
            first = next((start for start, _ in admitted_runs(self.parameters, self.constraints, None)), None)
        return None if first is None else self.variant(self._indices(first))

    def count(self) -> int:
        counted = self._census.count
        if counted is not None:
            return counted
        return sum(stop - start for start, stop in admitted_runs(self.parameters, self.constraints, None))

    def _hashed(self, *words: str) -> int:
        return int.from_bytes(hashlib.sha256("\x1f".join((self.exercise_id, self.seed, *words))
                                            .encode()).digest(), "big")

    def draw(self, *words: str) -> Variant:
        """The variant a hash of ``words`` deals (see the module docstring)."""
        for attempt in range(DRAWS):
            number = self._hashed(*words, str(attempt)) % self.combinations
            if self._admits(number):
                return self.variant(self._indices(number))
        census = self._census
        if census.count == 0:
            raise VariantError.coded("variant-none-satisfies", (("exercise", self.exercise_id),))
        if census.count is not None:  # so few admissible that DRAWS attempts missed: by number
            return self.variant(self._indices(census.nth(self._hashed(*words) % census.count)))
        for attempt in range(DRAWS, MORE_DRAWS):  # at least 1 in MIN_SHARE admitted: not reached
            number = self._hashed(*words, str(attempt)) % self.combinations
            if self._admits(number):
                return self.variant(self._indices(number))
        raise VariantError.coded("variant-not-drawn", (("exercise", self.exercise_id),
                                                       ("attempts", f"{MORE_DRAWS:,}")))

    def for_student(self, student: str | None) -> Variant:
        if student is None or not student.strip():
            raise VariantError.coded("variant-student-needed", (("exercise", self.exercise_id),))
        return self.draw("student", unicodedata.normalize("NFC", student.strip()))

    def named(self, shown: Mapping[str, str]) -> Variant:
        """The variant recorded as ``{name: text}`` (in results.json) back."""
        indices = []
        for parameter in self.parameters:
            text = shown.get(parameter.name)
            if text not in parameter.texts:
                named = ", ".join(f"{k} = {v}" for k, v in shown.items())
                raise VariantError.coded("variant-unknown", (("exercise", self.exercise_id),
                                                             ("variant", named)))
            indices.append(parameter.texts.index(text))
        return self.variant(tuple(indices))

    def to_check(self) -> list[Variant]:
        """What ``validate`` checks: every variant when there are at most ``CHECK_ALL_UP_TO``.
        Else a sample: each parameter at its least and at its greatest value (the others as a
        made-up student ``validate-end-…`` draws them), all at their least, all at their
        greatest, and the variants of ``SAMPLE_SIZE`` made-up students ``validate-1``, …;
        every one of them admissible."""
        if self.combinations <= CHECK_ALL_UP_TO:
            return list(self.all())
        ends = [_extremes(p) for p in self.parameters]
        candidates = [self.variant(tuple(e[0] for e in ends)), self.variant(tuple(e[-1] for e in ends))]
        for k, parameter in enumerate(self.parameters):
            for end in ends[k]:
                drawn = self.draw("student", f"validate-end-{parameter.name}-{end}")
                indices = [p.values.index(v) for p, v in zip(self.parameters, drawn.values, strict=True)]
                indices[k] = end
                candidates.append(self.variant(tuple(indices)))
        candidates += [self.draw("student", f"validate-{k}") for k in range(1, SAMPLE_SIZE + 1)]
        chosen: dict[tuple[Fraction, ...], Variant] = {}
        for variant in candidates:
            if self.admissible(variant):
                chosen.setdefault(variant.values, variant)
        return list(chosen.values())


def _extremes(parameter: Parameter) -> list[int]:
    """The positions of a parameter's least and greatest value."""
    order = sorted(range(len(parameter.values)), key=lambda i: parameter.values[i])
    return sorted({order[0], order[-1]})


def described(shown: Iterable[tuple[str, str]]) -> str:
    """A variant's values as people read them: ``a = 9, s = -3`` (results record them as
    ``(name, value as written)`` pairs)."""
    return ", ".join(f"{name} = {value}" for name, value in shown)


def split_constraint(text: str) -> tuple[str, str, str] | None:
    """``"a != -b"`` -> ("a ", "!=", " -b"); None without exactly one comparison."""
    found = COMPARISON.findall(text)
    if len(found) != 1:
        return None
    left, right = COMPARISON.split(text)
    return left, COMPARISONS[found[0]], right


def fill(text: str, variant: Variant | None) -> str:
    """A prompt with ``{a}`` replaced by the variant's value of ``a`` (other braces stay)."""
    if variant is None or "{" not in text:
        return text
    shown = dict(variant.shown)
    return re.sub(r"\{\s*([^{}\s]+)\s*\}", lambda m: shown.get(m.group(1), m.group(0)), text)
