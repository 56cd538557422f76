"""Mistakes in differentiation, generated from the function and the order asked.

Each model rewrites the differentiation of one term (or of all terms) the way a student gets
it wrong, so the message can name the term: "the term x^3*y^2 should give 3*x^2*y^2".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import combinations, combinations_with_replacement

import sympy as sp

from grader.diagnose.models import Candidate, DiagnosisCode
from grader.parse.mathtext import expression_text

MAX_TERMS = 8  # beyond this, flipping subsets of terms would cost more than it tells
Slip = Callable[[sp.Expr, sp.Symbol], sp.Expr | None]


def derivative_candidates(function: sp.Expr, order: tuple[sp.Symbol, ...],
                          variables: tuple[sp.Symbol, ...]) -> list[Candidate]:
    """Wrong answers to ∂ⁿf/∂order, simplest first."""
    target = _d(function, order)
    candidates: list[Candidate] = [Candidate("sign-slip", -target, (("which", "all"),))]
    candidates += _slipped_terms(function, order, "missing-inner-derivative", _inner_missing,
                                 expand=False)
    candidates += _wrong_variable(function, order, variables)
    candidates += _slipped_terms(function, order, "constant-kept", _kept_constant)
    candidates += _slipped_terms(function, order, "exponent-not-lowered", _exponent_not_lowered)
    candidates += _slipped_terms(function, order, "coefficient-not-multiplied", _not_multiplied)
    if len(order) >= 2:
        candidates += [Candidate("first-derivative-only", _d(function, order[:k]),
                                 (("done", _order_text(order[:k])), ("asked", _order_text(order))))
                       for k in range(1, len(order))]
    if len(order) == 1:
        for other in variables:
            if other != order[0]:
                candidates.append(Candidate("other-variable-differentiated",
                                            target + _d(function, (other,)),
                                            (("variable", other.name),)))
                # one term of the other variable differentiated too (y^5 -> 5y^4 in ∂/∂x)
                candidates += [replace(c, params=(*c.params, ("variable", other.name), ("variant", "term")))
                               for c in _slipped_terms(function, order, "other-variable-differentiated",
                                                       _differentiated_by(other))]
    candidates += _flipped_terms(target)
    return [c for c in candidates if c.value != target]


@lru_cache(maxsize=4096)
def _d(expr: sp.Expr, order: tuple[sp.Symbol, ...]) -> sp.Expr:
    """∂/∂order of expr; the expression itself for an empty order (sp.diff would guess).
    Remembered: the models of one derivative differentiate the same terms again and again."""
    return sp.diff(expr, *order) if order else expr


def _order_text(order: tuple[sp.Symbol, ...]) -> str:
    return "∂" + "∂".join(s.name for s in order) if len(order) > 1 else "∂" + order[0].name


def _wrong_variable(function: sp.Expr, order: tuple[sp.Symbol, ...],
                    variables: tuple[sp.Symbol, ...]) -> list[Candidate]:
    """Differentiated with respect to another variable (or, for a second derivative, the
    same variable twice)."""
    found = []
    if len(order) == 1:
        for other in variables:
            if other != order[0]:
                found.append(Candidate("wrong-variable", _d(function, (other,)),
                                       (("asked", order[0].name), ("used", other.name))))
        return found
    asked = sorted(s.name for s in order)
    for wrong in combinations_with_replacement(variables, len(order)):
        if sorted(s.name for s in wrong) != asked:
            found.append(Candidate("second-derivative-wrong-variable", _d(function, wrong),
                                   (("asked", _order_text(order)), ("used", _order_text(wrong)))))
    return found


def _terms(expr: sp.Expr, expand: bool = True) -> tuple[sp.Expr, ...]:
    return sp.Add.make_args(sp.expand(expr) if expand else expr)


def _slipped_terms(function: sp.Expr, order: tuple[sp.Symbol, ...], code: DiagnosisCode,
                   slip: Slip, expand: bool = True) -> Iterator[Candidate]:
    """The derivative with ``slip`` in one step, for one term, then for all terms at once.
    ``expand``: take the terms of the expanded expression (x^3 y^2 in a polynomial) rather
    than as written (a Σ of a square, whose chain rule is the point)."""
    for step, variable in enumerate(order):
        before = _d(function, order[:step])
        terms = _terms(before, expand)
        slipped = [(term, slip(term, variable)) for term in terms]
        slipped = [(term, wrong) for term, wrong in slipped if wrong is not None]
        right = _d(before, (variable,))
        for term, wrong in slipped:
            after = right - _d(term, (variable,)) + wrong
            yield Candidate(code, _d(after, order[step + 1:]),
                            (("term", expression_text(term)),
                             ("should", expression_text(_d(term, (variable,))))))
        if len(slipped) > 1:
            after = right + sum((wrong - _d(term, (variable,)) for term, wrong in slipped), sp.Integer(0))
            yield Candidate(code, _d(after, order[step + 1:]), (("term", "all"), ("should", "")))


def _power_of(term: sp.Expr, variable: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    """term = rest * variable**n with n a number (n ≠ 0, 1): (rest, n)."""
    rest, power = term.as_independent(variable, as_Add=False)
    base, exponent = power.as_base_exp()
    if base != variable or not exponent.is_number or exponent in (0, 1):
        return None
    return rest, exponent


def _exponent_not_lowered(term: sp.Expr, variable: sp.Symbol) -> sp.Expr | None:
    """x^n -> n x^n."""
    found = _power_of(term, variable)
    if found is None:
        return None
    rest, n = found
    return rest * n * variable**n


def _not_multiplied(term: sp.Expr, variable: sp.Symbol) -> sp.Expr | None:
    """c x^n -> c x^(n-1): the exponent lowered but not brought down."""
    found = _power_of(term, variable)
    if found is None:
        return None
    rest, n = found
    return rest * variable**(n - 1)


def _differentiated_by(other: sp.Symbol) -> Slip:
    """A term constant for this derivative differentiated with respect to ``other`` instead."""
    def slip(term: sp.Expr, variable: sp.Symbol) -> sp.Expr | None:
        if term.has(variable) or not term.has(other):
            return None
        wrong = sp.diff(term, other)
        return wrong if wrong != 0 else None
    return slip


def _kept_constant(term: sp.Expr, variable: sp.Symbol) -> sp.Expr | None:
    """A term without the variable survives differentiation unchanged."""
    return term if not term.has(variable) and term != 0 else None


def _flipped_terms(target: sp.Expr) -> list[Candidate]:
    """The right answer with the sign of some (not all) of its terms flipped."""
    terms = _terms(target)
    if len(terms) < 2 or len(terms) > MAX_TERMS:
        return []
    found = []
    for size in range(1, len(terms)):
        for chosen in combinations(terms, size):
            value = target - 2 * sp.Add(*chosen)
            found.append(Candidate("sign-slip", value,
                                   (("which", ", ".join(expression_text(t) for t in chosen)),)))
    return found


def _inner_missing(term: sp.Expr, variable: sp.Symbol) -> sp.Expr | None:
    """The term differentiated with the chain rule's inner derivative left out."""
    shallow = shallow_diff(term, variable)
    return None if sp.expand(shallow - sp.diff(term, variable)) == 0 else shallow


def shallow_diff(expr: sp.Expr, variable: sp.Symbol) -> sp.Expr:
    """d/dv with the chain rule's inner factor forgotten: (u)^n -> n u^(n-1), g(u) -> g'(u)."""
    if not expr.has(variable):
        return sp.Integer(0)
    if expr == variable:
        return sp.Integer(1)
    if expr.is_Add:
        return sp.Add(*(shallow_diff(a, variable) for a in expr.args))
    if expr.is_Mul:
        total = sp.Integer(0)
        for k, factor in enumerate(expr.args):
            others = sp.Mul(*(f for j, f in enumerate(expr.args) if j != k))
            total += others * shallow_diff(factor, variable)
        return total
    if expr.is_Pow:
        base, exponent = expr.as_base_exp()
        if exponent.has(variable):
            return sp.diff(expr, variable)
        return exponent * base**(exponent - 1)
    if isinstance(expr, sp.Sum):
        return sp.Sum(shallow_diff(expr.function, variable), *expr.limits)
    if isinstance(expr, sp.Function) and len(expr.args) == 1:
        (inner,) = expr.args
        outer = sp.Dummy("u")
        return sp.diff(expr.func(outer), outer).subs(outer, inner)
    return sp.diff(expr, variable)
