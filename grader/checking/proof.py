"""Exact decisions: is a difference zero, proven either way, or not known?

A verdict of "different" must be as well founded as "equal". SymPy calls *every* expression
without symbols a rational function (``sqrt(2).is_rational_function()`` is True), so cancelling
proves nothing about surds, logs or trig. The rules here, each valid for its class:

- a rational function with rational coefficients: ``cancel`` gives a canonical form, so a
  nonzero result proves a difference;
- a polynomial in the symbols with number coefficients: zero exactly when every coefficient is;
- a number: a value that high-precision evaluation shows to be nonzero is a proven difference;
  an algebraic number is zero exactly when its minimal polynomial is ``t``;
  ``a·atan(r) + b·π + …`` is zero when e^(i·c) = 1 (algebraic) and |c| < 2π;
- odd roots are real roots (``∛(−8) = −2``, as students and textbooks mean them), so they are
  rewritten as ``sign(b)·|b|^(p/q)`` before any proof;
- anything else: ``simplify``; when that does not give 0 either, the answer is "not known".

A difference whose expansion would be too large ((a−x)^6000 − (x−a)^6000) is not expanded: its
powers of sums are written as powers of their irreducible factors, signs and contents taken
out, and only products are multiplied out; what is then 0 is proven 0.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.evalf import PrecisionExhausted
from sympy.polys.polyerrors import BasePolynomialError, PolynomialError

from grader.checking.sizes import degree, expanded_terms, expansion, power_digits, within
from grader.limits import DEFAULT_LIMITS

DIGITS = 40  # working precision of numeric evidence, far beyond float rounding
_T = sp.Dummy("t")


# bases up to this degree and size are factored; larger ones only lose sign and content
FACTORED_DEGREE = 60
FACTORED_TERMS = 200


def decide_zero(difference: sp.Expr, max_terms: int = DEFAULT_LIMITS.max_expanded_terms) -> bool | None:
    """True when ``difference`` is proven 0, False when proven nonzero, None when unknown.
    Σs in it must already be normalised (``check.normalize_sums``). ``max_terms``: the most
    terms an expansion may make; a larger difference is decided without expanding it."""
    if too_large_to_expand(difference, max_terms):
        return _decide_unexpanded(difference, max_terms)
    expanded = sp.expand(difference)
    if expanded == 0:
        return True
    if expanded.is_Rational:
        return False
    if expanded.has(sp.Sum):
        return None
    if has_odd_roots(expanded):
        expanded = sp.expand(real_roots(expanded))
        if expanded == 0:
            return True
    if not expanded.free_symbols:
        return decide_number(expanded)
    if is_rational_over_q(expanded):
        return sp.cancel(sp.together(expanded)) == 0
    decided = _by_coefficients(expanded)
    if decided is not None:
        return decided
    # simplify finds more in the form as written ((sin²x + cos²x − 1)³) than in its expansion
    return True if _simplifies_to_zero(difference) or _simplifies_to_zero(expanded) else None


def too_large_to_expand(expr: sp.Expr, max_terms: int) -> bool:
    """More than ``max_terms`` terms, or a degree above it (x³(x⁴+1)^399: 400 terms of 800
    digits each, which ``cancel`` then works through for seconds)."""
    if within(expr, max_terms):
        return False
    terms, degree = expansion(expr, max_terms)
    return terms > max_terms or degree > max_terms


def _decide_unexpanded(difference: sp.Expr, max_terms: int) -> bool | None:
    """Every power of a sum written over its factors, then multiplied out except for those
    powers: what is 0 then is 0, and what is small enough then is decided as usual. A number
    that high-precision evaluation shows is not 0 is not. Anything else is not known here
    (the caller may still find a point where it differs)."""
    if not difference.free_symbols:
        return False if not near_zero(difference) else None
    normal = difference.xreplace({p: factored_power(p) for p in difference.atoms(sp.Pow)
                                  if p.exp.is_Integer and p.base.is_Add})
    # multiplied out, but the powers of sums kept whole: that too must stay small
    kept = normal.replace(lambda e: e.is_Pow and e.base.is_Add and e.exp.is_Integer, lambda e: _T)
    if expanded_terms(kept, max_terms) > max_terms:
        return None
    reduced = sp.expand(normal, multinomial=False)
    if reduced == 0:
        return True
    return None if too_large_to_expand(reduced, max_terms) else decide_zero(reduced, max_terms)


def factored_power(power: sp.Pow) -> sp.Expr:
    """(c·f₁^k₁·…)^n as c^n·f₁^(k₁n)·…, the fᵢ irreducible with a positive leading
    coefficient (bases of low degree), or at least primitive with a sign taken out:
    (a−x)^6000 and (x−a)^6000 become the same power, so do ((x+1)(y+1))^90 and (xy+x+y+1)^90."""
    base, n = power.base, int(power.exp)
    content, factors = _factors(base)
    if power_digits(content, abs(n)) > DEFAULT_LIMITS.max_result_digits:
        return power
    return content**n * sp.Mul(*(f ** (k * n) for f, k in factors))


def _factors(base: sp.Expr) -> tuple[sp.Rational, list[tuple[sp.Expr, int]]]:
    if degree(base) <= FACTORED_DEGREE and expanded_terms(base, FACTORED_TERMS) <= FACTORED_TERMS:
        try:
            content, factors = sp.factor_list(base)
            if content.is_Rational:
                return content, factors
        except (BasePolynomialError, NotImplementedError):
            pass  # not a polynomial in anything factor_list can use: sign and content only
    content, primitive = base.as_content_primitive()
    if primitive.could_extract_minus_sign():
        content, primitive = -content, -primitive
    return content, [(primitive, 1)]


def decide_number(number: sp.Expr) -> bool | None:
    """Whether a number without symbols is 0 (True), is not (False), or is not known (None)."""
    if number.is_Rational:
        return number == 0
    if not near_zero(number):
        return False
    if is_algebraic_number(number):
        return sp.minimal_polynomial(number, _T) == _T
    if _angle_sum_is_zero(number):
        return True
    return True if _simplifies_to_zero(number) else None


def near_zero(number: sp.Expr) -> bool:
    """False when evaluation at high precision shows the number is not 0; True when it cannot
    tell a nonzero value apart (then only an exact argument decides)."""
    try:
        value = number.evalf(DIGITS, strict=True)
    except PrecisionExhausted:  # no significant digit at all: as near 0 as can be seen
        return True
    except (TypeError, ValueError, ArithmeticError):
        return True
    return value == 0


def is_rational_over_q(expr: sp.Expr) -> bool:
    """A rational function of its symbols whose numbers are all rational: no surds, no π, no
    functions (SymPy's ``is_rational_function`` says True for sqrt(2) and log(3))."""
    for node in sp.preorder_traversal(expr):
        if node.is_Symbol or node.is_Rational or node.is_Add or node.is_Mul:
            continue
        if node.is_Pow and node.exp.is_Integer:
            continue
        return False
    return True


def is_algebraic_number(number: sp.Expr) -> bool:
    """Built from rationals by + − × ÷ and rational powers: its minimal polynomial decides."""
    for node in sp.preorder_traversal(number):
        if node.is_Rational or node.is_Add or node.is_Mul or node is sp.I:
            continue
        if node.is_Pow and node.exp.is_Rational:
            continue
        return False
    return True


def _by_coefficients(expanded: sp.Expr) -> bool | None:
    """A rational function of the symbols with number coefficients (surds, π, logs of numbers)
    is 0 exactly when every coefficient of its numerator is."""
    numerator, _ = sp.fraction(sp.together(expanded))
    try:
        poly = sp.Poly(sp.expand(numerator), *sorted(expanded.free_symbols, key=str))
    except PolynomialError:
        return None
    unknown = False
    for coefficient in poly.coeffs():
        decided = decide_number(coefficient)
        if decided is False:
            return False
        unknown = unknown or decided is None
    return None if unknown else True


def _angle_sum_is_zero(number: sp.Expr) -> bool:
    """c = Σ qₖ·atan(rₖ) + q·π with rational qₖ, rₖ, q: e^(i·c) is algebraic; if it is 1, then
    c is a multiple of 2π, and a c that evaluates to ~0 is 0 (atan(1/2) = π/2 − atan(2))."""
    factors = []
    for term in sp.Add.make_args(number):
        coefficient, atom = term.as_coeff_Mul()
        if not coefficient.is_Rational:
            return False
        if atom is sp.pi:
            factors.append(sp.exp(sp.I * sp.pi * coefficient))
        elif isinstance(atom, sp.atan) and atom.args[0].is_Rational:
            r = atom.args[0]
            factors.append(((1 + sp.I * r) / sp.sqrt(1 + r**2)) ** coefficient)
        else:
            return False
    rotation = sp.expand_complex(sp.Mul(*factors))
    if not is_algebraic_number(rotation):
        return False
    return sp.minimal_polynomial(rotation, _T) == _T - 1


def _simplifies_to_zero(expr: sp.Expr) -> bool:
    """SymPy's simplify, then the rewrites it does not try by itself: the Fu et al. trig
    rules, logs expanded (valid where the symbols are positive: ``check`` decides that), and
    powers with a variable exponent written with exp (x^ln(y) = y^ln(x) for positive x, y)."""
    if sp.simplify(expr) == 0:
        return True
    if expr.has(sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc) and sp.fu(expr) == 0:
        return True
    if expr.has(sp.sinh, sp.cosh, sp.tanh, sp.log) or any(not p.exp.is_number for p in expr.atoms(sp.Pow)):
        return sp.simplify(sp.expand_log(expr.rewrite(sp.exp))) == 0
    return False


def has_odd_roots(expr: sp.Expr) -> bool:
    return any(_odd_root(p) for p in expr.atoms(sp.Pow))


def _odd_root(power: sp.Pow) -> bool:
    exponent = power.exp
    return bool(exponent.is_Rational and not exponent.is_Integer and exponent.q % 2 == 1
                and power.base.is_nonnegative is not True)


def real_roots(expr: sp.Expr) -> sp.Expr:
    """b^(p/q) with q odd as the real root: sign(b)^p·|b|^(p/q), so ∛(x²) = |x|^(2/3) = x^(2/3)
    and ∛(−8) = −2."""
    replacements = {}
    for power in expr.atoms(sp.Pow):
        if _odd_root(power):
            base, exponent = power.base, power.exp
            magnitude = sp.Abs(base) ** exponent
            replacements[power] = sp.sign(base) * magnitude if exponent.p % 2 else magnitude
    return expr.xreplace(replacements) if replacements else expr


def real_power(base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
    """A power of a negative number with an odd root in its exponent is the real root:
    (−8)^(1/3) = −2, (−8)^(2/3) = 4. Other powers as SymPy makes them."""
    if base.is_number and base.is_negative and exponent.is_Rational and not exponent.is_Integer \
            and exponent.q % 2 == 1:
        magnitude = sp.Pow(-base, exponent)
        return -magnitude if exponent.p % 2 else magnitude
    return sp.Pow(base, exponent)
