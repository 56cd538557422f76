"""Mistakes in gradient descent, computed from a point and a slope (the true ones, or the
student's own earlier answers when following an error through)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import combinations

import sympy as sp

from grader.checking.tolerance import round_to, truncate_to
from grader.diagnose.models import Candidate

Point = tuple[sp.Expr, ...]


def step_candidates(point: Point, slope: Point, rate: sp.Expr, names: Sequence[str],
                    earlier_slope: Point | None) -> list[Candidate]:
    """Wrong values of ``point − rate·slope``, simplest first."""
    found = [
        Candidate("ascent", _vector(p + rate * s for p, s in zip(point, slope, strict=True))),
        Candidate("learning-rate-missing", _vector(p - s for p, s in zip(point, slope, strict=True)),
                  (("rate", _plain(rate)),)),
    ]
    if earlier_slope is not None:
        found.append(Candidate("stale-gradient",
                               _vector(p - rate * s for p, s in zip(point, earlier_slope, strict=True))))
    for chosen in _proper_subsets(len(point)):
        value = tuple(p + rate * s if k in chosen else p - rate * s
                      for k, (p, s) in enumerate(zip(point, slope, strict=True)))
        found.append(Candidate("sign-slip", _vector(value), _slope_slip(point, names, chosen)))
    # every sign of the right step flipped, as a Hessian's: last, so that a step uphill from
    # the origin (θ + lr·∇J, the same numbers) is named ascent; a step to 0 has no sign to flip
    flipped = _flipped_step(point, slope, rate)
    if any(f != 0 for f in flipped):
        found.append(Candidate("sign-slip", _vector(flipped), (("which", "all"),)))
    return found


def _flipped_step(point: Point, slope: Point, rate: sp.Expr) -> Point:
    """−(θ − lr·∇J): the right step with the sign of every component flipped."""
    return tuple(rate * s - p for p, s in zip(point, slope, strict=True))


def slope_candidates(point: Point, slope: Point, names: Sequence[str]) -> list[Candidate]:
    found = [Candidate("sign-slip", _vector(-s for s in slope), (("which", "all"),))]
    for chosen in _proper_subsets(len(slope)):
        value = tuple(-s if k in chosen else s for k, s in enumerate(slope))
        found.append(Candidate("sign-slip", _vector(value), _slope_slip(point, names, chosen)))
    return found


def _slope_slip(point: Point, names: Sequence[str], chosen: set[int]) -> tuple[tuple[str, str], ...]:
    """The hint about powers of negative numbers only where a coordinate is negative."""
    negative = any(point[k].is_negative for k in chosen)
    return (("variant", "slope-negative-base" if negative else "slope"),
            ("which", ", ".join(names[k] for k in sorted(chosen))))


def rounding_candidates(expected: Point, decimals: int | None) -> list[Candidate]:
    """The exact value rounded to fewer decimals than asked, or cut off instead of rounded."""
    found = []
    most = decimals if decimals is not None else 4
    for places in range(most, -1, -1):
        for how, rounder in (("truncated", truncate_to), ("rounded", round_to)):
            if how == "rounded" and places == most and decimals is not None:
                continue  # that is the right answer
            value = tuple(_rounded_by(rounder, v, places) for v in expected)
            found.append(Candidate("rounding", _vector(value),
                                   (("places", str(places)), ("how", how),
                                    ("decimals", str(decimals if decimals is not None else "")))))
    return found


def _vector(values) -> sp.Expr | tuple[sp.Expr, ...]:
    values = tuple(values)
    return values[0] if len(values) == 1 else values


def _proper_subsets(size: int) -> list[set[int]]:
    return [set(c) for k in range(1, size) for c in combinations(range(size), k)]


def _plain(value: sp.Expr) -> str:
    from grader.parse.mathtext import number_text

    return number_text(value)


def _fraction(value: sp.Expr) -> Fraction | None:
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    try:
        return Fraction(str(sp.N(value, 30)))
    except (TypeError, ValueError):
        return None


def _rounded_by(rounder: Callable[[Fraction, int], Fraction], value: sp.Expr, places: int) -> sp.Expr:
    exact = _fraction(value)
    if exact is None:
        return value
    result = rounder(exact, places)
    return sp.Rational(result.numerator, result.denominator)
