"""Vector arithmetic in the working before a result (issue 20): ``θ = (2, -1) - (4, -6) =
(-2, 5)`` is read part by part; the result itself stays a value, never a calculation."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.parse import ParseError, read_answer
from tests.helpers import THETAS, θ1, θ2

R = sp.Rational


@pytest.mark.parametrize("text, parts", [
    (r"\theta = (2, -1) - (4, -6) = (-2, 5)", ((-2, 5), (-2, 5))),
    (r"(2, -1) - 0.1 \cdot (4, -6) = (1.6, -0.4)", ((R(8, 5), R(-2, 5)), (R(8, 5), R(-2, 5)))),
    (r"(2.4, -1.6) - (4.8, -9.6) \cdot 0.1 = (1.92, -0.64)",
     ((R(48, 25), R(-16, 25)), (R(48, 25), R(-16, 25)))),
    ("(2, 4)/2 + (1, 1) = (2, 3)", ((2, 3), (2, 3))),
    ("-(1, 2) = (-1, -2)", ((-1, -2), (-1, -2))),
    ("(θ1, θ2) - 0.1(2θ1, 6θ2) = (0.8θ1, 0.4θ2)",
     ((R(4, 5) * θ1, R(2, 5) * θ2), (R(4, 5) * θ1, R(2, 5) * θ2))),
])
def test_vectors_compute_in_the_working(text, parts):
    answer = read_answer(text, THETAS)
    assert answer.parts == tuple(tuple(sp.sympify(c) for c in p) for p in parts)


@pytest.mark.parametrize("text", [
    "2*(1,2)",                  # a result: a decimal comma more likely than a scaled vector
    "(1, 2) - (4, -6)",         # the same, as the last part
    "(1, 2) + (1, 2, 3) = (2, 4)",  # lengths differ
    "(1, 2) * (3, 4) = 11",     # no product of two vectors
    "2 / (1, 2) = (2, 1)",      # no division by a vector
    "(1, 2)^2 = (1, 4)",
])
def test_what_is_no_vector_arithmetic_stays_refused(text):
    with pytest.raises(ParseError) as error:
        read_answer(text, THETAS)
    assert error.value.code == "vector-in-expression"


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.lists(st.integers(-99, 99), min_size=2, max_size=4), st.lists(st.integers(-99, 99), min_size=2, max_size=4),
       st.fractions(min_value=-10, max_value=10, max_denominator=20), st.sampled_from(["+", "-"]))
def test_working_computes_componentwise(a, b, c, op):
    """``a ± c·b = …`` is read as the vector a teacher computes, or refused when the lengths
    differ; never another value, never another error."""
    text = f"({', '.join(map(str, a))}) {op} {c.numerator}/{c.denominator} \\cdot ({', '.join(map(str, b))}) = 0"
    try:
        working = read_answer(text, THETAS).parts[0]
    except ParseError as error:
        assert len(a) != len(b) and error.code == "vector-in-expression"
        return
    sign = 1 if op == "+" else -1
    assert len(a) == len(b)
    assert working == tuple(sp.Rational(p) + sign * sp.Rational(c.numerator, c.denominator) * q for p, q in zip(a, b, strict=True))
