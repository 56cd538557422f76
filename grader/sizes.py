"""How big an expression becomes when it is computed: the degree of a power, the digits of a
number's value, the terms of an expansion. Estimated from the tree without computing anything,
so that a limit can be checked before SymPy starts (``2^(10^100)``, ``(x+1)^(10^6)``).

Bounds are on what would be computed, not on how it is written: ``1000*1.01^365`` and
``(x-a)^6000`` are fine to read; ``(x-a)^6000`` is compared without being expanded.
"""

from __future__ import annotations

import math

import sympy as sp

LOG10_2 = math.log10(2)
LOG10_E = math.log10(math.e)


def digits(number: sp.Rational) -> int:
    """Approximate decimal digits of a rational's numerator and denominator together."""
    return int((abs(int(number.p)).bit_length() + int(number.q).bit_length()) * LOG10_2) + 1


def magnitude(number: sp.Expr) -> float | None:
    """|number| as a float (inf beyond floats), None when it has no numeric value."""
    if number.is_Rational:  # most exponents: no evalf needed
        try:
            return abs(int(number.p) / int(number.q))
        except OverflowError:
            return math.inf
    try:
        return abs(complex(number.evalf(15)))
    except (TypeError, ValueError, ArithmeticError):
        return None
    except OverflowError:
        return math.inf


def power_digits(base: sp.Expr, exponent: float) -> float:
    """Digits of the exact or approximate value of a number ``base`` to the power ``exponent``
    (|exponent| given), counting every rational SymPy may compute on the way: (√1000001)^n
    becomes 1000001^(n/2) although its value is near 1000^n."""
    if base.is_Rational:
        return (_log10(int(base.p)) + _log10(int(base.q))) * exponent
    size = magnitude(base)
    if size is None:
        return math.inf
    value = abs(math.log10(size)) if 0 < size < math.inf else math.inf if size else 0.0
    rationals = max((digits(r) for r in base.atoms(sp.Rational)), default=0)
    return max(value, rationals) * exponent


def _log10(whole: int) -> float:
    return math.log10(abs(whole)) if whole else 0.0


def exp_digits(argument: float) -> float:
    """Digits of e^argument (|argument| given)."""
    return argument * LOG10_E


def degree(expr: sp.Expr) -> float:
    """Total degree as a polynomial in its symbols and the functions of them, after expansion:
    x^3·y^2 is 5, (x+1)^200 is 200, sin(x)^7 is 7; a power with a symbol in its exponent
    counts 1 (it stays as it is)."""
    if not expr.free_symbols:
        return 0
    if expr.is_Add:
        return max(degree(a) for a in expr.args)
    if expr.is_Mul:
        return sum(degree(a) for a in expr.args)
    if expr.is_Pow and not expr.exp.free_symbols:
        size = magnitude(expr.exp)
        return math.inf if size is None else degree(expr.base) * size
    return 1


def expanded_terms(expr: sp.Expr, cap: int) -> int:
    """An upper estimate of the terms SymPy's ``expand`` makes of ``expr`` (or of any part of
    it, as it works), counted up to ``cap`` (anything larger is ``cap + 1``): a sum of k terms
    to the power n has up to C(n + k − 1, k − 1) terms."""
    most = [0]
    terms = _terms(expr, cap, most)
    return min(max(terms, most[0]), cap + 1)


def _terms(expr: sp.Expr, cap: int, most: list[int]) -> int:
    if not expr.args or (not expr.free_symbols and not expr.is_Add and not expr.is_Pow):
        return 1
    if expr.is_Add:
        count = sum(_terms(a, cap, most) for a in expr.args)
    elif expr.is_Mul:
        count = 1
        for factor in expr.args:
            count = min(count * _terms(factor, cap, most), cap + 1)
    elif expr.is_Pow and expr.exp.is_Integer:
        count = _multinomial(_terms(expr.base, cap, most), abs(int(expr.exp)), cap)
    else:
        for argument in expr.args:
            _terms(argument, cap, most)
        count = 1
    count = min(count, cap + 1)
    most[0] = max(most[0], count)
    return count


def _multinomial(k: int, n: int, cap: int) -> int:
    """C(n + k − 1, k − 1), the monomials of degree n in k terms, or cap + 1 if more."""
    if k <= 1 or n == 0:
        return 1
    count = 1
    for j in range(1, k):
        count = count * (n + j) // j
        if count > cap:
            return cap + 1
    return count
