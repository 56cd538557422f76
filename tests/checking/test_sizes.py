"""The quick test before measuring an expansion: when it says an expression stays within the
limit, the full measure agrees (a wrong "within" would let a huge expansion through)."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.checking.proof import too_large_to_expand
from grader.checking.sizes import expansion, within
from grader.parse import read_answer
from tests.helpers import PLAIN

CAP = 1_000
a, b, c = sp.symbols("a b c")


def measured_within(expr: sp.Expr, cap: int) -> bool:
    terms, degree = expansion(expr, cap)
    return terms <= cap and degree <= cap


@pytest.mark.parametrize("text, quick", [
    # what a class writes: sums of terms, powers of symbols, one sum times other factors
    ("3*x^2 + 2*x*y - 7", True),
    ("sin(x)^7 + cos(x)^3", True),
    ("(x + 1)/x", True),
    # decided by the full measure: a power of a sum, two sums multiplied, a big degree
    ("(x + 1)^2", False),
    ("(x + 1)*(y + 1)", False),
    ("(x + 1)/(x - 1)", False),
    ("x^2000", False),
    ("x^pi", False),
    ("x^3*(x^4 + 1)^399", False),
], ids=str)
def test_the_quick_test_takes_what_plainly_stays_small(text, quick):
    expr = read_answer(text, PLAIN).value
    assert isinstance(expr, sp.Expr)
    assert within(expr, CAP) is quick
    if quick:
        assert measured_within(expr, CAP)


def test_a_cost_functions_derivative_takes_the_quick_test():
    """The Σs of a linear regression's gradient, as the check compares them."""
    i, n, t0, t1 = sp.symbols("i n θ0 θ1")
    xs, ys = sp.IndexedBase("x"), sp.IndexedBase("y")
    def sigma(term: sp.Expr) -> sp.Expr:
        return sp.Sum(term, (i, 1, n))
    student = 2 * (t0 * sigma(xs[i]) + t1 * sigma(xs[i] ** 2) - sigma(xs[i] * ys[i])) / n
    expected = (2 * t0 * sigma(xs[i]) + 2 * t1 * sigma(xs[i] ** 2) - 2 * sigma(xs[i] * ys[i])) / n
    assert within(student - expected, CAP)
    assert measured_within(student - expected, CAP)


def test_an_exponent_beyond_floats_is_left_to_the_measure():
    assert not within(a ** sp.Integer(10) ** 400, CAP)
    assert not within(a ** (sp.Integer(10) ** 400 / 3), CAP)


def _expressions() -> st.SearchStrategy[sp.Expr]:
    leaves = st.sampled_from([a, b, c, sp.Integer(2), sp.Rational(1, 3), sp.sin(a), sp.pi])
    exponents = st.sampled_from([-2, -1, sp.Rational(1, 2), 2, 3, 7, 40, 400, b, sp.pi])

    def extend(inner: st.SearchStrategy[sp.Expr]) -> st.SearchStrategy[sp.Expr]:
        return st.one_of(
            st.lists(inner, min_size=2, max_size=4).map(lambda xs: sp.Add(*xs)),
            st.lists(inner, min_size=2, max_size=4).map(lambda xs: sp.Mul(*xs)),
            st.tuples(inner, exponents).map(lambda p: sp.Pow(*p)),
            inner.map(sp.cos),
        )
    return st.recursive(leaves, extend, max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_expressions(), st.sampled_from([5, 50, CAP]))
def test_within_is_never_wrong(expr, cap):
    if within(expr, cap):
        assert measured_within(expr, cap)
        assert not too_large_to_expand(expr, cap)
