"""Deciding whether two values are the same: expressions, numbers within tolerance, vectors.

The order matters and is deterministic (STYLE: no verdict may depend on a random draw):
1. structural equality (SymPy's canonical form) -> equal;
2. numeric evaluation at seeded points -> a difference at any point rejects;
3. an exact decision (``proof``: by the class of the difference, each rule valid for it)
   -> equal or different;
4. high-precision evaluation at a test point shows a difference -> different;
5. otherwise "unproven": numerically equal but not shown equal, for a human to look at.
Numeric agreement alone never makes an answer correct: that is how Numbas accepts x² for
x² + x¹²/1000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from functools import lru_cache
from itertools import product

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from grader.checking.numeval import NotEvaluable, Point, evaluate_scaled
from grader.checking.proof import DIGITS, decide_zero, near_zero, too_large_to_expand
from grader.checking.tolerance import Tolerance
from grader.limits import DEFAULT_LIMITS, Limits

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
    max_terms: int = DEFAULT_LIMITS.max_expanded_terms  # of an expansion, in the exact check
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


def _real_at(expr: sp.Expr, point: Point) -> bool:
    return _scaled_or_none(expr, point) is not None


def make_probe(seed: str, limits: Limits) -> Probe:
    return Probe(tuple(Point(f"{seed}#{k}", limits.max_sum_terms) for k in range(POINTS)),
                 limits.max_expanded_terms)


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
    difference = normalize_sums(student) - normalize_sums(expected)
    decided = decide_zero(difference, probe.max_terms)
    if decided is None and difference.free_symbols and not difference.has(sp.Sum):
        positive = positive_on_common_domain(student, expected, probe)
        if positive:
            decided = decide_zero(difference.xreplace(positive), probe.max_terms) or None
    if decided is None and difference.free_symbols and not difference.has(sp.Sum):
        decided = False if differs_at_a_point(difference, probe) else None
    return _EQUIVALENCE[decided]


def positive_on_common_domain(a: sp.Expr, b: sp.Expr, probe: Probe) -> dict[sp.Symbol, sp.Symbol]:
    """Variables that are positive wherever both expressions are real (and negative at some
    point where one of them is not), mapped to positive stand-ins: on the common real domain
    ln(a²b) = 2 ln a + ln b and 1/√x = √(1/x), which an exact proof may then use."""
    symbols = sorted((s for s in a.free_symbols | b.free_symbols if isinstance(s, sp.Symbol)), key=str)
    if not symbols or len(symbols) > 4:
        return {}
    # the test points with every choice of signs: ln(a²b) and 2 ln a + ln b share only a > 0,
    # b > 0, a quarter of the draws, which six points may all miss
    candidates = [_with_signs(p, symbols, signs) for p in probe.points
                  for signs in product((1, -1), repeat=len(symbols))]
    inside = [p for p in candidates if _real_both(a, b, p)]
    if not inside or len(inside) == len(candidates):
        return {}
    found = {}
    for symbol in symbols:
        if not isinstance(symbol, sp.Symbol) or symbol.is_positive:
            continue
        # positive at every point inside, and leaving the domain whenever its sign alone is
        # flipped: then the domain itself asks it to be positive (not a chance of the draw)
        if all(p.symbol(symbol).real > 0 and not _real_both(a, b, _flipped(p, symbol)) for p in inside):
            found[symbol] = sp.Symbol(f"{symbol.name}+", positive=True)
    return found


def _with_signs(point: Point, symbols: list[sp.Symbol], signs: tuple[int, ...]) -> Point:
    signed = point.copy()
    for symbol, sign in zip(symbols, signs, strict=True):
        signed.set_symbol(symbol, sign * abs(point.symbol(symbol).real) + 0j)
    return signed


def _flipped(point: Point, symbol: sp.Symbol) -> Point:
    flipped = point.copy()
    flipped.set_symbol(symbol, -point.symbol(symbol))
    return flipped


def _real_both(a: sp.Expr, b: sp.Expr, point: Point) -> bool:
    return _real_at(a, point) and _real_at(b, point)


_EQUIVALENCE = {True: Equivalence.EQUAL, False: Equivalence.DIFFERENT, None: Equivalence.UNPROVEN}


def is_zero(difference: sp.Expr) -> bool:
    """Proven 0 (Σs are normalised first)."""
    return decide_zero(normalize_sums(difference)) is True


def differs_at_a_point(difference: sp.Expr, probe: Probe, points: int = 3) -> bool:
    """Evidence beyond float rounding: at a test point, with the coordinates as exact
    rationals, the difference is a number that high-precision evaluation shows is not 0."""
    symbols = sorted(difference.free_symbols, key=str)
    # (x−a)^6000 at a rational point is a rational of 100,000 digits: evaluated instead
    exact = not too_large_to_expand(difference, probe.max_terms)
    for point in probe.points[:points]:
        values = {s: sp.Rational(point.symbol(s).real) for s in symbols}
        if not exact:
            if _evaluated_nonzero_at(difference, values):
                return True
            continue
        if not _real_at(difference, point):
            continue  # outside the real domain: no evidence
        if _exactly_nonzero_at(difference, values):
            return True
    return False


def _exactly_nonzero_at(difference: sp.Expr, values: dict[sp.Symbol, sp.Rational]) -> bool:
    try:
        number = difference.xreplace(values)
    except (TypeError, ValueError, ArithmeticError):
        return False
    if number.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return False
    return bool(number.is_number and not near_zero(number))


def _evaluated_nonzero_at(difference: sp.Expr, values: dict[sp.Symbol, sp.Rational]) -> bool:
    """The same evidence without building the exact number: mpmath's floats have no exponent
    range to overflow (so a point where floats overflow counts too), ``strict`` refuses a
    value without a significant digit, and a value that is not real (a point outside the real
    domain) is no evidence."""
    try:
        number = difference.evalf(DIGITS, subs=values, strict=True)
    except (PrecisionExhausted, TypeError, ValueError, ArithmeticError):
        return False
    return bool(number.is_Number and number.is_finite and number != 0)


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


def compare_numbers(student: sp.Expr, expected: sp.Expr, tolerance: Tolerance | None,
                    written: str | None = None) -> Equivalence:
    """Numbers: exact without a tolerance (0.4 == 2/5, 0.33 != 1/3; what is neither proven
    equal nor proven different is UNPROVEN), else by the tolerance's rule. ``written``: the
    student's number as written, for ``sigfigs`` with ``written: true``."""
    if tolerance is None:
        if student == expected:
            return Equivalence.EQUAL
        return _EQUIVALENCE[decide_zero(student - expected)]
    answer, target = real_fraction(student), real_fraction(expected)
    if answer is None or target is None:
        return Equivalence.DIFFERENT
    return Equivalence.EQUAL if tolerance.accepts(answer, target, written) else Equivalence.DIFFERENT


def numbers_match(student: sp.Expr, expected: sp.Expr, tolerance: Tolerance | None) -> bool:
    return compare_numbers(student, expected, tolerance) is Equivalence.EQUAL


MAX_EXPONENT = 20_000  # decimal exponent of a number compared as a fraction


def real_fraction(value: sp.Expr) -> Fraction | None:
    """The exact value of a rational, else 40 significant digits of a real number; None for
    a number that is not real."""
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    approximate = value.evalf(DIGITS)
    if not approximate.is_real or not approximate.is_Number:
        return None
    if approximate.is_Float and approximate != 0 and \
            abs(int(sp.floor(sp.log(abs(approximate), 10)))) > MAX_EXPONENT:
        return None  # exp(-10^30): as a fraction it would have more digits than any machine holds
    return Fraction(str(approximate))
