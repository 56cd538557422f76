"""The float evaluator that rejects quickly: real functions, real odd roots, no overflow."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.checking.numeval import NotEvaluable, Point, evaluate_many, evaluate_scaled
from tests.helpers import value, x


def at(expr_text: str, x_value: float) -> complex:
    point = Point("t", 1000)
    point.set_symbol(x, complex(x_value))
    return evaluate_scaled(value(expr_text), point)[0]


def test_odd_roots_of_negative_values_are_real():
    assert at("x^(1/3)", -8) == pytest.approx(-2)
    assert at("x^(2/3)", -8) == pytest.approx(4)


@pytest.mark.parametrize("text", ["sqrt(x)", "ln(x)", "x^(1/2) + 1", "asin(x - 3)"])
def test_outside_the_real_domain_is_no_value(text):
    with pytest.raises(NotEvaluable):
        at(text, -2)


def test_overflow_is_no_value_and_scale_tracks_the_largest_term():
    with pytest.raises(NotEvaluable):
        at("e^(e^(e^(e^x)))", 1.5)
    point = Point("t", 1000)
    point.set_symbol(x, complex(2))
    result, scale = evaluate_scaled(value("(x+1)^90 - (x+1)^90 + 1") + sp.Integer(0), point)
    assert result == 1 and scale >= 1


@pytest.mark.parametrize("text,expected", [
    ("1000*1.01^365", 37783.434332887158),    # an exact rational of 1,462 digits
    ("1.01^365 x", 37.783434332887158),
    ("2^1100 / 3^650", 2**1100 / 3**650),      # numerator and denominator beyond floats, not the quotient
])
def test_exact_numbers_of_many_digits_have_their_float_value(text, expected):
    assert at(text, 1.0) == pytest.approx(expected)
    (column,) = evaluate_many(value(text), (x,), [(1.0,)])
    assert column == pytest.approx(expected)


def test_points_are_the_same_for_the_same_seed():
    assert Point("s", 10).symbol(x) == Point("s", 10).symbol(x)
    assert 0.4 <= abs(Point("s", 10).symbol(x).real) <= 1.6
    copy = Point("s", 10).copy()
    copy.set_symbol(x, complex(math.pi))
    assert copy.symbol(x) == math.pi


y = sp.Symbol("y", real=True)
_LEAVES = st.sampled_from([x, y, sp.Integer(2), sp.Rational(-3, 4), sp.Float(0.5), sp.pi, sp.E, sp.Integer(0)])
_EXPONENTS = st.sampled_from([sp.Integer(2), sp.Integer(-1), sp.Integer(3), sp.Rational(1, 3), sp.Rational(2, 3),
                              sp.Rational(1, 2), sp.Rational(-5, 3)])
_FUNCTIONS = st.sampled_from([sp.sin, sp.cos, sp.exp, sp.log, sp.atan, sp.Abs, sp.asin, sp.tan])
_EXPRESSIONS = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.tuples(inner, inner).map(lambda ab: ab[0] + ab[1]),
    st.tuples(inner, inner).map(lambda ab: ab[0] * ab[1]),
    st.tuples(inner, _EXPONENTS).map(lambda be: sp.Pow(be[0], be[1])),
    st.tuples(inner, inner).map(lambda be: sp.Pow(be[0], be[1])),
    st.tuples(_FUNCTIONS, inner).map(lambda fa: fa[0](fa[1]))), max_leaves=12)
_COORDINATES = st.sampled_from([0.0, -2.0, -0.5, 1.0, 3.25, -8.0, 1e-9, 40.0])


@settings(max_examples=300, deadline=None)
@given(_EXPRESSIONS, st.lists(st.tuples(_COORDINATES, _COORDINATES), min_size=1, max_size=6))
def test_evaluating_many_points_at_once_gives_each_point_its_own_value(expr, points):
    """A picture's grid is evaluated in one walk of the tree: it must give, bit for bit,
    what the point-by-point evaluator gives, and no value exactly where that has none."""
    one_by_one = []
    for a, b in points:
        point = Point("t", 10)
        point.set_symbol(x, complex(a))
        point.set_symbol(y, complex(b))
        try:
            one_by_one.append(evaluate_scaled(expr, point)[0])
        except NotEvaluable:
            one_by_one.append(None)
    assert evaluate_many(expr, (x, y), points) == one_by_one
