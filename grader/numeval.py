"""Evaluate a SymPy expression at a point with Python complex floats.

Used only to *reject* quickly: two expressions that differ at a seeded point are different.
It walks the tree itself instead of using ``lambdify``, which generates and execs code from
symbol names, and it is about fifty times faster than ``subs``/``evalf``.
"""

from __future__ import annotations

import cmath
import hashlib
import math
from collections.abc import Callable, Mapping

import sympy as sp

from grader.parse.build import digits


class NotEvaluable(ArithmeticError):
    """The expression has no finite value at this point (overflow, pole, huge Σ, ...)."""


class OutsideDomain(ArithmeticError):
    """A square root or logarithm of a negative number, an arcsine beyond ±1: the point lies
    outside the real domain of the expression. Calculus works with real functions, so such a
    point is no evidence either way (1/√x and √(1/x) agree wherever they are real)."""


FUNCTIONS: Mapping[type, Callable[[complex], complex]] = {
    sp.sin: cmath.sin, sp.cos: cmath.cos, sp.tan: cmath.tan, sp.exp: cmath.exp,
    sp.log: cmath.log, sp.asin: cmath.asin, sp.acos: cmath.acos, sp.atan: cmath.atan,
    sp.sinh: cmath.sinh, sp.cosh: cmath.cosh, sp.tanh: cmath.tanh, sp.Abs: lambda z: abs(z),
    sp.cot: lambda z: 1 / cmath.tan(z), sp.sec: lambda z: 1 / cmath.cos(z),
    sp.csc: lambda z: 1 / cmath.sin(z),
}
MAX_MAGNITUDE = 1e150


class Point:
    """A test point: a value for every symbol and every sample ``x[k]``, drawn on first use
    from a hash of (seed, name), so the same seed always gives the same point, in any process
    and whatever symbols an answer happens to use."""

    def __init__(self, seed: str, max_sum_terms: int) -> None:
        self.seed = seed
        self.max_sum_terms = max_sum_terms
        self._values: dict[object, complex] = {}

    def _uniform(self, key: str) -> float:
        digest = hashlib.sha256(f"{self.seed}|{key}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def symbol(self, symbol: sp.Symbol) -> complex:
        value = self._values.get(symbol)
        if value is None:
            u = self._uniform(symbol.name)
            if symbol.is_integer and symbol.is_positive:  # a number of samples n
                value = complex(3 + int(u * 3))
            else:  # magnitude 0.4..1.6, either sign: |x| and x must differ somewhere
                magnitude = 0.4 + 1.2 * ((u * 2) % 1)
                value = complex(magnitude if u < 0.5 else -magnitude)
            self._values[symbol] = value
        return value

    def copy(self) -> Point:
        twin = Point(self.seed, self.max_sum_terms)
        twin._values = dict(self._values)
        return twin

    def set_symbol(self, symbol: sp.Symbol, value: complex) -> None:
        self._values[symbol] = value

    def sample(self, base: str, index: int) -> complex:
        key = (base, index)
        value = self._values.get(key)
        if value is None:
            value = complex(-2 + 4 * self._uniform(f"{base}[{index}]"))
            self._values[key] = value
        return value


def evaluate_scaled(expr: sp.Basic, point: Point) -> tuple[complex, float]:
    """The value, and the largest magnitude of any term summed on the way: float rounding
    error is relative to that, so ((x+1)(y+1))^90 − (xy+x+y+1)^90 is 0 only to within
    about 1e-16 of 1e74, and a difference below that proves nothing."""
    scale = [0.0]
    try:
        value = _eval(expr, point, {}, scale)
    except (ArithmeticError, ValueError, OverflowError, TypeError, KeyError) as exc:
        raise NotEvaluable(str(exc)) from None
    if not (abs(value) < MAX_MAGNITUDE) or cmath.isnan(value):
        raise NotEvaluable("overflow")
    return value, max(scale[0], abs(value))


def _eval(expr: sp.Basic, point: Point, bound: dict[sp.Symbol, int], scale: list[float]) -> complex:
    if expr.is_Rational:
        if digits(expr) > 300:
            raise OverflowError("number too large to evaluate")
        return complex(int(expr.p) / int(expr.q))
    if expr.is_Symbol:
        if expr in bound:
            return complex(bound[expr])
        return point.symbol(expr)
    if expr.is_Add:
        terms = [_eval(a, point, bound, scale) for a in expr.args]
        scale[0] = max(scale[0], *(abs(t) for t in terms))
        return sum(terms, 0j)
    if expr.is_Mul:
        result = 1 + 0j
        for a in expr.args:
            result *= _eval(a, point, bound, scale)
        return result
    if expr.is_Pow:
        base = _eval(expr.base, point, bound, scale)
        if _odd_root(expr.exp) and base.imag == 0 and base.real < 0:
            # A real root, as students mean it: ∛(−8) = −2, not SymPy's principal value.
            magnitude = (-base.real) ** float(expr.exp)
            return complex(-magnitude if expr.exp.p % 2 else magnitude)
        exponent = _eval(expr.exp, point, bound, scale)
        if base == 0 and exponent.real < 0:
            raise ZeroDivisionError("0 to a negative power")
        if exponent.imag == 0 and exponent.real == int(exponent.real) and abs(exponent.real) < 1e6:
            return base ** int(exponent.real)
        return _real(base ** exponent, base, exponent)
    if isinstance(expr, sp.Indexed):
        index = _eval(expr.indices[0], point, bound, scale)
        return point.sample(str(expr.base), int(index.real))
    if isinstance(expr, sp.Sum):
        return _eval_sum(expr, point, bound, scale)
    if expr is sp.pi:
        return complex(math.pi)
    if expr is sp.E:
        return complex(math.e)
    if isinstance(expr, sp.factorial):
        n = _eval(expr.args[0], point, bound, scale)
        return complex(math.gamma(n.real + 1))
    function = FUNCTIONS.get(type(expr))
    if function is not None and len(expr.args) == 1:
        argument = _eval(expr.args[0], point, bound, scale)
        return _real(function(argument), argument)
    if expr.is_Number:  # Float, or a special value (zoo, nan, oo) that has no place here
        value = complex(expr)
        if cmath.isinf(value) or cmath.isnan(value):
            raise ArithmeticError("not finite")
        return value
    raise TypeError(f"cannot evaluate {type(expr).__name__}")


def _real(value: complex, *inputs: complex) -> complex:
    """A non-real value from real inputs means the point is outside the real domain."""
    if value.imag and not any(v.imag for v in inputs):
        raise OutsideDomain("not real here")
    return value


def _odd_root(exponent: sp.Expr) -> bool:
    return bool(exponent.is_Rational and not exponent.is_Integer and exponent.q % 2 == 1)


def _eval_sum(expr: sp.Sum, point: Point, bound: dict[sp.Symbol, int], scale: list[float]) -> complex:
    body = expr.function
    index, lower, upper = expr.limits[0]
    for extra in expr.limits[1:]:
        body = sp.Sum(body, extra)
    low = _eval(lower, point, bound, scale)
    high = _eval(upper, point, bound, scale)
    if low.imag or high.imag or low.real != int(low.real) or high.real != int(high.real):
        raise ValueError("Σ bounds are not whole numbers")
    first, last = int(low.real), int(high.real)
    if last - first + 1 > point.max_sum_terms:
        raise OverflowError("Σ has too many terms")
    total = 0j
    inner = dict(bound)
    for k in range(first, last + 1):
        inner[index] = k
        term = _eval(body, point, inner, scale)
        scale[0] = max(scale[0], abs(term))
        total += term
    return total
