"""Deciding whether two values are the same: expressions, numbers within tolerance, vectors.

The order matters and is deterministic (STYLE: no verdict may depend on a random draw):
1. structural equality (SymPy's canonical form) -> equal;
2. numeric evaluation at seeded points -> a difference at any point rejects;
3. exact confirmation (expand, then cancel, then simplify) -> equal;
4. otherwise "unproven": numerically equal but not shown equal, for a human to look at.
Numeric agreement alone never makes an answer correct: that is how Numbas accepts x² for
x² + x¹²/1000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from grader.limits import Limits
from grader.numeval import NotEvaluable, Point, evaluate_scaled
from grader.tolerance import Tolerance

POINTS = 6
RELATIVE_AGREEMENT = 1e-8
TRUSTED = 1e-6  # a float difference counts only above a millionth of the largest term


class Equivalence(Enum):
    EQUAL = "equal"
    DIFFERENT = "different"
    UNPROVEN = "unproven"


@dataclass(frozen=True)
class Probe:
    """The seeded test points of one problem, with values cached (the expected answer's, and
    common answers', recur across a class)."""

    points: tuple[Point, ...]
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def scaled(self, expr: sp.Expr) -> tuple[tuple[complex, float] | None, ...]:
        """At each point: (value, largest term summed on the way), or None."""
        cached = self._cache.get(expr)
        if cached is None:
            cached = tuple(_scaled_or_none(expr, p) for p in self.points)
            if len(self._cache) < 10_000:
                self._cache[expr] = cached
        return cached

    def values(self, expr: sp.Expr) -> tuple[complex | None, ...]:
        return tuple(None if v is None else v[0] for v in self.scaled(expr))


def _scaled_or_none(expr: sp.Expr, point: Point) -> tuple[complex, float] | None:
    try:
        return evaluate_scaled(expr, point)
    except NotEvaluable:
        return None


def make_probe(seed: str, limits: Limits) -> Probe:
    return Probe(tuple(Point(f"{seed}#{k}", limits.max_sum_terms) for k in range(POINTS)))


def numerically_different(a: sp.Expr, b: sp.Expr, probe: Probe) -> bool | None:
    """True if a and b differ at some point; False if equal at every point where both have a
    value; None if there was no such point."""
    compared = False
    for first, second in zip(probe.scaled(a), probe.scaled(b), strict=True):
        # A point where either has no float value (a pole, or just an overflow such as
        # e^(e^(e^(e^x)))) says nothing either way: the exact check decides.
        if first is None or second is None:
            continue
        (x, x_scale), (y, y_scale) = first, second
        compared = True
        gap = abs(x - y)
        # A gap within float rounding of the largest term summed is no evidence either.
        if gap > RELATIVE_AGREEMENT * max(1.0, abs(x), abs(y)) and gap > TRUSTED * max(x_scale, y_scale):
            return True
    return False if compared else None


def equivalent(student: sp.Expr, expected: sp.Expr, probe: Probe) -> Equivalence:
    if student == expected:
        return Equivalence.EQUAL
    if numerically_different(student, expected, probe):
        return Equivalence.DIFFERENT
    decided = exactly_zero(normalize_sums(student) - normalize_sums(expected))
    if decided is None:
        return Equivalence.UNPROVEN
    return Equivalence.EQUAL if decided else Equivalence.DIFFERENT


def is_zero(difference: sp.Expr) -> bool:
    return exactly_zero(normalize_sums(difference)) is True


def exactly_zero(difference: sp.Expr) -> bool | None:
    """Decide exactly whether ``difference`` is 0: True or False when proven, None when not.
    Σs in it must have been through :func:`normalize_sums`.

    Cheap rewrites first. For rational functions the cancelled form is canonical, so a
    nonzero result proves a difference that the numeric test was too coarse to see
    (0.333333333x against x/3).
    """
    expanded = sp.expand(difference)
    if expanded == 0:
        return True
    if expanded.is_Rational:
        return False
    if expanded.has(sp.Sum):
        return None
    if expanded.is_rational_function():
        return sp.cancel(sp.together(expanded)) == 0
    if sp.simplify(expanded) == 0:
        return True
    return None


@lru_cache(maxsize=4096)  # the expected answer, and common answers, recur across a class
def normalize_sums(expr: sp.Expr) -> sp.Expr:
    """Write every Σ as a combination of Σs of monomials: Σ 2(a + b x_i) = 2n·a + 2b Σ x_i.

    SymPy's expand splits a Σ over + but keeps constant factors inside, so two equal
    expressions can expand to different Σs; after this they match term by term.
    """
    sums = [s for s in expr.atoms(sp.Sum) if len(s.limits) == 1]
    if not sums:
        return expr
    return expr.xreplace({s: _split_sum(s) for s in sums})


def _split_sum(total: sp.Sum) -> sp.Expr:
    index, lower, upper = total.limits[0]
    result = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(total.function)):
        constant, varying = term.as_independent(index, as_Add=False)
        if varying == 1:
            result += constant * (upper - lower + 1)
        else:
            result += constant * sp.Sum(varying, (index, lower, upper))
    return result


def has_symbols(value: sp.Expr) -> bool:
    return bool(value.free_symbols)


def numbers_match(student: sp.Expr, expected: sp.Expr, tolerance: Tolerance | None) -> bool:
    """Numbers: exact without a tolerance (0.4 == 2/5, 0.33 != 1/3), else within it."""
    if tolerance is None:
        return student == expected or is_zero(student - expected)
    bound = tolerance.bound(_as_fraction(expected))
    if student.is_Rational and expected.is_Rational:
        return abs(_as_fraction(student) - _as_fraction(expected)) <= bound
    difference = sp.N(student - expected, 30)
    if not difference.is_number or difference.has(sp.zoo, sp.nan):
        return False
    return bool(abs(difference) <= sp.Rational(bound.numerator, bound.denominator))


def _as_fraction(value: sp.Expr) -> Fraction:
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return Fraction(str(sp.N(value, 30)))
