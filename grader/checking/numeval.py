"""Evaluate a SymPy expression at a point with Python complex floats.

Used only to *reject* quickly: two expressions that differ at a seeded point are different.
It walks the tree itself instead of using ``lambdify``, which generates and execs code from
symbol names, and it is far faster than ``subs``/``evalf``.
"""

from __future__ import annotations

import cmath
import hashlib
import math
from collections.abc import Callable, Mapping

import sympy as sp

from grader.checking.sizes import digits


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
# an exact number is divided out as integers (1.01^365 has 1,462 digits and a float value);
# past this, the division itself would cost more than a check should
MAX_RATIONAL_DIGITS = 20_000


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
        return _rational(expr)
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
            return _real_root(base.real, expr.exp)
        return _raised(base, _eval(expr.exp, point, bound, scale))
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


def _rational(number: sp.Rational) -> complex:
    """Its float value; OverflowError when it has none (or is too large to divide out)."""
    if digits(number) > MAX_RATIONAL_DIGITS:
        raise OverflowError("number too large to evaluate")
    return complex(int(number.p) / int(number.q))


def _real(value: complex, *inputs: complex) -> complex:
    """A non-real value from real inputs means the point is outside the real domain."""
    if value.imag and not any(v.imag for v in inputs):
        raise OutsideDomain("not real here")
    return value


def _odd_root(exponent: sp.Expr) -> bool:
    return bool(exponent.is_Rational and not exponent.is_Integer and exponent.q % 2 == 1)


def _real_root(base: float, exponent: sp.Rational) -> complex:
    """A negative base to an odd root, as students mean it: ∛(−8) = −2, not SymPy's principal
    value."""
    magnitude = (-base) ** float(exponent)
    return complex(-magnitude if exponent.p % 2 else magnitude)


def _raised(base: complex, exponent: complex) -> complex:
    if base == 0 and exponent.real < 0:
        raise ZeroDivisionError("0 to a negative power")
    if exponent.imag == 0 and exponent.real == int(exponent.real) and abs(exponent.real) < 1e6:
        return base ** int(exponent.real)
    return _real(base ** exponent, base, exponent)


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


Column = list[complex | None]


def evaluate_many(expr: sp.Basic, symbols: tuple[sp.Symbol, ...],
                  points: list[tuple[float, ...]]) -> list[complex | None]:
    """The value of ``expr`` at each point (a value for each of ``symbols``), None where
    :func:`evaluate_scaled` finds none: the same arithmetic in the same order, but the tree is
    walked once for all the points. A picture evaluates its function on a grid of 1,369
    points; one walk per point would be most of a report's time when each student has a
    function of their own (a variant). An expression with anything else than numbers, the symbols,
    + × ^ and the elementary functions is evaluated point by point."""
    if not _walkable(expr, frozenset(symbols)):
        return [_at(expr, symbols, p) for p in points]
    columns = {s: [complex(p[k]) for p in points] for k, s in enumerate(symbols)}
    return [v if v is not None and _finite(v) else None for v in _many(expr, columns, len(points))]


def _finite(value: complex) -> bool:
    try:
        return abs(value) < MAX_MAGNITUDE and not cmath.isnan(value)
    except OverflowError:  # |a + bi| beyond the largest float
        return False


def _at(expr: sp.Basic, symbols: tuple[sp.Symbol, ...], values: tuple[float, ...]) -> complex | None:
    point = Point("many", 10)
    for symbol, value in zip(symbols, values, strict=True):
        point.set_symbol(symbol, complex(value))
    try:
        return evaluate_scaled(expr, point)[0]
    except NotEvaluable:
        return None


def _walkable(expr: sp.Basic, symbols: frozenset[sp.Symbol]) -> bool:
    if expr.is_Symbol:
        return expr in symbols
    if expr.is_Rational or expr is sp.pi or expr is sp.E:
        return True
    if expr.is_Add or expr.is_Mul or expr.is_Pow or (type(expr) in FUNCTIONS and len(expr.args) == 1):
        return all(_walkable(a, symbols) for a in expr.args)
    return bool(expr.is_Number)


def _many(expr: sp.Basic, columns: dict[sp.Symbol, list[complex]], n: int) -> Column:
    """``_eval`` for a column of points (``_walkable`` expressions only); None: no value."""
    if expr.is_Rational:
        try:
            return [_rational(expr)] * n
        except OverflowError:
            return [None] * n
    if expr.is_Symbol:
        return list(columns[expr])
    if expr.is_Add:
        terms = [_many(a, columns, n) for a in expr.args]
        return [None if None in values else sum(values, 0j)
                for values in zip(*terms, strict=True)]
    if expr.is_Mul:
        product: Column = [1 + 0j] * n
        for a in expr.args:
            product = [None if p is None or f is None else p * f
                       for p, f in zip(product, _many(a, columns, n), strict=True)]
        return product
    if expr.is_Pow:
        return _power_column(expr, _many(expr.base, columns, n), columns, n)
    if expr is sp.pi or expr is sp.E:
        return [complex(math.pi if expr is sp.pi else math.e)] * n
    function = FUNCTIONS.get(type(expr))
    if function is not None:
        return [_applied(function, a) for a in _many(expr.args[0], columns, n)]
    try:
        value = complex(expr)  # a Float
    except TypeError:  # zoo
        return [None] * n
    return [None] * n if cmath.isinf(value) or cmath.isnan(value) else [value] * n


def _power_column(expr: sp.Pow, bases: Column, columns: dict[sp.Symbol, list[complex]], n: int) -> Column:
    if _odd_root(expr.exp):
        real_root = [b is not None and b.imag == 0 and b.real < 0 for b in bases]
        if any(real_root):
            rest = _power_column_general(expr, bases, columns, n)
            return [_real_root(b.real, expr.exp) if root and b is not None else r
                    for b, r, root in zip(bases, rest, real_root, strict=True)]
    return _power_column_general(expr, bases, columns, n)


def _power_column_general(expr: sp.Pow, bases: Column, columns: dict[sp.Symbol, list[complex]],
                          n: int) -> Column:
    exponents = _many(expr.exp, columns, n)
    return [None if b is None or e is None else _power(b, e) for b, e in zip(bases, exponents, strict=True)]


def _power(base: complex, exponent: complex) -> complex | None:
    try:
        return _raised(base, exponent)
    except (ArithmeticError, ValueError, TypeError):
        return None


def _applied(function: Callable[[complex], complex], argument: complex | None) -> complex | None:
    if argument is None:
        return None
    try:
        return _real(function(argument), argument)
    except (ArithmeticError, ValueError, TypeError):
        return None
