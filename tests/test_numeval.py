"""The float evaluator that rejects quickly: real functions, real odd roots, no overflow."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from grader.numeval import NotEvaluable, Point, evaluate_scaled
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


def test_points_are_the_same_for_the_same_seed():
    assert Point("s", 10).symbol(x) == Point("s", 10).symbol(x)
    assert 0.4 <= abs(Point("s", 10).symbol(x).real) <= 1.6
    copy = Point("s", 10).copy()
    copy.set_symbol(x, complex(math.pi))
    assert copy.symbol(x) == math.pi
