"""How big an expression becomes when it is computed: the degree of a power, the digits of a
number's value, the terms of an expansion. Estimated from the tree without computing anything,
so that a limit can be checked before SymPy starts (``2^(10^100)``, ``(x+1)^(10^6)``).

Bounds are on what would be computed, not on how it is written: ``1000*1.01^365`` and
``(x-a)^6000`` are fine to read; ``(x-a)^6000`` is compared without being expanded.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import mpmath
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


def value_digits(number: sp.Expr) -> float:
    """Decimal digits of the whole part of |number|, from its value: exp(7000) prints short but
    has 3,041; 0 for a number below 1 or without a real value."""
    if number.is_Rational:
        return max(0.0, _log10(int(number.p)) - _log10(int(number.q)))
    try:
        value = number.evalf(15)
    except (TypeError, ValueError, ArithmeticError):
        return 0.0
    if not value.is_Float or not value:
        return 0.0
    return max(0.0, float(mpmath.log10(abs(value._to_mpmath(53)))))


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
    if not expr.args:  # most bases of a power as written: a symbol or a number
        return 1 if isinstance(expr, sp.Symbol) else 0
    return _Measure(0).of(expr).degree


def expanded_terms(expr: sp.Expr, cap: int) -> int:
    """An upper estimate of the terms SymPy's ``expand`` makes of ``expr`` (or of any part of
    it, as it works), counted up to ``cap`` (anything larger is ``cap + 1``): a sum of k terms
    to the power n has up to C(n + k − 1, k − 1) terms."""
    return expansion(expr, cap)[0]


def within(expr: sp.Expr, cap: int) -> bool:
    """A quick sufficient test that ``expansion`` is within ``cap`` in terms and degree: no
    product of two factors that may be sums, no power above 1 of a sum or product, and nodes
    times the highest exponent at most ``cap``. Then every node has at most as many terms as
    nodes below it, and a degree at most the highest exponent times those nodes. False says
    nothing: ``expansion`` decides."""
    nodes = 0
    highest = 1.0
    stack = [expr]
    while stack:
        node = stack.pop()
        nodes += 1
        if node.is_Pow:
            exponent = node.exp
            if exponent.is_Rational:
                above, below = abs(int(exponent.p)), int(exponent.q)
                if above > below:
                    if above > cap * below or _compound(node.base):
                        return False
                    highest = max(highest, above / below)
            elif not exponent.free_symbols:  # π, 2.0: the degree needs its magnitude
                return False
        elif node.is_Mul and sum(not _one_term(a) for a in node.args) > 1:
            return False
        stack.extend(node.args)
    return nodes * highest <= cap


def _one_term(factor: sp.Basic) -> bool:
    """A factor that stays one term when expanded: a symbol, number or function, or a power
    of one."""
    return not _compound(factor.base if factor.is_Pow else factor)


def _compound(expr: sp.Basic) -> bool:
    return bool(expr.is_Add or expr.is_Mul or expr.is_Pow)


def expansion(expr: sp.Expr, cap: int) -> tuple[int, float]:
    """``expanded_terms`` and ``degree`` of ``expr`` in one walk."""
    measure = _Measure(cap)
    size = measure.of(expr)
    return min(max(size.terms, measure.most), cap + 1), size.degree


class _Size(NamedTuple):
    symbolic: bool  # a symbol stands somewhere in it (bound ones of a Σ too: an upper estimate)
    degree: float
    terms: int


class _Measure:
    """Degree and terms of every node, each node measured once from its arguments' sizes: a
    walk that asked each node for its free symbols went over every subtree again at each level,
    which a deep tree (the Σs of a cost function) pays for at every answer."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.most = 0

    def of(self, expr: sp.Basic) -> _Size:
        if not expr.args:
            symbol = isinstance(expr, sp.Symbol)
            return _Size(symbol, 1 if symbol else 0, 1)
        size = self._measured(expr, [self.of(a) for a in expr.args])
        if size.terms > self.most:
            self.most = size.terms
        return size

    def _measured(self, expr: sp.Basic, args: list[_Size]) -> _Size:
        symbolic = any(a.symbolic for a in args)
        cap = self.cap + 1
        if expr.is_Add:
            return _Size(symbolic, max(a.degree for a in args), min(sum(a.terms for a in args), cap))
        if expr.is_Mul:
            terms = 1
            for a in args:
                terms = min(terms * a.terms, cap)
            return _Size(symbolic, sum(a.degree for a in args), terms if symbolic else 1)
        if expr.is_Pow:
            base, exponent = args
            degree: float = 0
            if symbolic:
                size = None if exponent.symbolic else magnitude(expr.exp)
                degree = 1 if exponent.symbolic else math.inf if size is None else base.degree * size
            terms = 1
            if expr.exp.is_Integer:
                terms = _multinomial(base.terms, abs(int(expr.exp)), self.cap)
            return _Size(symbolic, degree, min(terms, cap))
        return _Size(symbolic, 1 if symbolic else 0, 1)


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
