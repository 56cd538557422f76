"""A difference needs a real proof: true identities that SymPy's ``cancel`` used to call
different, and the near misses that must stay different. Rows from STACK's answer-test
fixtures (maths/moodle-qtype_stack) where noted."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from grader.checking.equivalence import Equivalence, compare_numbers, equivalent, make_probe
from grader.checking.proof import decide_number, decide_zero, is_rational_over_q, real_power, real_roots
from grader.limits import DEFAULT_LIMITS
from grader.parse import ParseError, read_answer
from tests.helpers import NUMBERS, PLAIN, say, value, x

PROBE = make_probe("tests-proof", DEFAULT_LIMITS)
EQUAL, DIFFERENT, UNPROVEN = Equivalence.EQUAL, Equivalence.DIFFERENT, Equivalence.UNPROVEN

IDENTITIES = [
    # (answer, expected, outcome): surds, logs, hyperbolics, nested radicals (STACK: equal)
    ("sqrt(11+6*sqrt(2))", "3+sqrt(2)", EQUAL),
    ("e - e^(-1)", "2*sinh(1)", EQUAL),
    ("sqrt(2*ln(26)+4-2*ln(2))", "sqrt(2*ln(13)+4)", EQUAL),
    ("(sqrt(108)+10)^(1/3) - (sqrt(108)-10)^(1/3)", "2", EQUAL),
    ("(77+20*sqrt(13))^(1/6) - (77-20*sqrt(13))^(1/6)", "1", EQUAL),
    ("atan(1/2)", "pi/2 - atan(2)", EQUAL),
    ("(19601-13860*sqrt(2))^(7/4)", "(5*sqrt(2)-7)^7", EQUAL),
    ("x + sqrt(11+6*sqrt(2))", "x + 3 + sqrt(2)", EQUAL),
    ("x sqrt(11+6*sqrt(2))", "(3 + sqrt(2))x", EQUAL),
    ("sqrt(8)", "2sqrt(2)", EQUAL),
    ("ln(8)", "3ln(2)", EQUAL),
    ("1/(sqrt(2)+1)", "sqrt(2)-1", EQUAL),
    ("2atan(1)", "pi/2", EQUAL),
    # near misses: one digit off is a proven difference, never "unproven"
    ("(19601-13861*sqrt(2))^(7/4)", "(5*sqrt(2)-7)^7", DIFFERENT),
    ("sqrt(11+6*sqrt(2))", "3+sqrt(3)", DIFFERENT),
    ("x + sqrt(11+6*sqrt(2))", "x + 3 + sqrt(3)", DIFFERENT),
    ("e - e^(-1)", "2*cosh(1)", DIFFERENT),
    ("atan(1/2)", "pi/2 - atan(3)", DIFFERENT),
    ("sqrt(2) x", "1.41421356237 x", DIFFERENT),
    ("pi x", "3.14159265358979 x", DIFFERENT),
    ("1/3 x", "0.333333333333333 x", DIFFERENT),
    ("sqrt(2)", "1.4142135623730950488016887", DIFFERENT),
]


@pytest.mark.parametrize("answer,expected,outcome", IDENTITIES)
def test_a_difference_needs_a_proof(answer, expected, outcome):
    assert equivalent(value(answer), value(expected), PROBE) is outcome


@pytest.mark.parametrize("answer,expected,outcome", [
    ("sqrt(11+6*sqrt(2))", "3+sqrt(2)", EQUAL),
    ("atan(1/2)", "pi/2 - atan(2)", EQUAL),
    ("e - e^(-1)", "2*sinh(1)", EQUAL),
    ("sqrt(2)", "1.41421356", DIFFERENT),
    ("(19601-13861*sqrt(2))^(7/4)", "(5*sqrt(2)-7)^7", DIFFERENT),
])
def test_numbers_without_a_tolerance_need_a_proof_too(answer, expected, outcome):
    assert compare_numbers(value(answer, NUMBERS), value(expected, NUMBERS), None) is outcome


def test_not_proven_equal_is_unproven_not_incorrect(monkeypatch):
    # a number that agrees to 40 digits but that no rule can decide: flagged, never wrong
    import grader.checking.proof as proof

    monkeypatch.setattr(proof, "_simplifies_to_zero", lambda expr: False)
    monkeypatch.setattr(proof, "_angle_sum_is_zero", lambda expr: False)
    assert compare_numbers(value("e - e^(-1)", NUMBERS), value("2*sinh(1)", NUMBERS), None) is UNPROVEN
    assert equivalent(value("x + e - e^(-1)"), value("x + 2sinh(1)"), PROBE) is UNPROVEN


@pytest.mark.parametrize("text,expected", [
    ("\\sqrt[3]{-8}", -2),
    ("(-8)^(1/3)", -2),
    ("(-8)^(2/3)", 4),
    ("(-27)^(-1/3)", sp.Rational(-1, 3)),
    ("(-32)^(3/5)", -8),
])
def test_odd_roots_of_negative_numbers_are_real(text, expected):
    assert value(text, NUMBERS) == expected


@pytest.mark.parametrize("answer,expected,outcome", [
    ("1/(3\\sqrt[3]{x^2})", "1/3 x^(-2/3)", EQUAL),        # d/dx x^(1/3), as textbooks write it
    ("x^(1/3)", "\\sqrt[3]{x}", EQUAL),
    ("x^(1/3)", "-(-x)^(1/3)", EQUAL),
    ("\\sqrt[3]{x^2}", "x^(2/3)", EQUAL),
    ("\\sqrt[3]{x^2}", "|x|^(2/3)", EQUAL),
    ("x^(1/3)", "|x|^(1/3)", DIFFERENT),                    # negative x: −∛|x|
    ("\\sqrt[3]{x^2}", "x^(1/3)", DIFFERENT),
    ("sqrt(x^2)", "x", DIFFERENT),                           # even roots stay what they are
])
def test_odd_roots_of_variables_are_real(answer, expected, outcome):
    assert equivalent(value(answer), value(expected), PROBE) is outcome


def test_rational_function_over_q_is_only_what_it_says():
    assert is_rational_over_q(value("(x^2-1)/(x-1) + 3/4"))
    assert not is_rational_over_q(value("sqrt(2) x"))
    assert not is_rational_over_q(value("ln(3) + x"))
    assert not is_rational_over_q(value("pi"))
    assert not is_rational_over_q(value("x^(1/2)"))


def test_decisions_by_class():
    assert decide_zero(value("(x+1)^2 - x^2 - 2x - 1")) is True
    assert decide_zero(value("(x^2-1)/(x-1) - x")) is False        # cancel: 1, a difference
    assert decide_zero(value("sqrt(2) x - x sqrt(2)")) is True
    assert decide_zero(value("(sqrt(2)+1)(sqrt(2)-1) x - x")) is True
    assert decide_zero(value("sqrt(3) x - sqrt(2) x")) is False     # a nonzero coefficient
    assert decide_number(value("sqrt(11+6*sqrt(2)) - 3 - sqrt(2)", NUMBERS)) is True
    assert decide_number(value("2^(1/2) - 1.4142135623730951", NUMBERS)) is False
    assert real_power(sp.Integer(-8), sp.Rational(1, 3)) == -2
    assert real_roots(x ** sp.Rational(2, 3)) == sp.Abs(x) ** sp.Rational(2, 3)


@pytest.mark.parametrize("answer", [
    "x + 0/(sin(x)^2+cos(x)^2-1)",
    "x + 0/(sin(x)^2+cos(x)^2-1)^3",
    "x + 0*(sin(x)^2+cos(x)^2-1)^(-1)",
])
def test_dividing_by_an_identically_zero_expression_is_not_correct(answer):
    from grader.running.grade import grade_answer
    from tests.helpers import task_for

    task = task_for("x")
    result = grade_answer(task, answer, PROBE, DEFAULT_LIMITS)
    assert result.verdict == "invalid"
    assert "sin(x)^2 + cos(x)^2 - 1" in say(result.message)


def test_a_divisor_that_is_only_sometimes_zero_is_fine():
    from grader.running.grade import grade_answer
    from tests.helpers import task_for

    task = task_for("x")
    assert grade_answer(task, "x + 0/(sin(x)^2 + 1)", PROBE, DEFAULT_LIMITS).verdict == "correct"
    assert grade_answer(task, "x(x+1)/(x+1)", PROBE, DEFAULT_LIMITS).verdict == "correct"


# Large powers are bounded by what they compute, not by how they are written; a difference
# whose expansion would be too large is compared without expanding it. Rows marked STACK are
# AlgEquiv rows of STACK's answer-test fixtures (they were unreadable with a flat exponent limit).
LARGE_POWERS = [
    ("(x-y)^6000", "(x-y)^6000", EQUAL),                           # STACK
    ("(y-x)^6000", "(x-y)^6000", EQUAL),                           # STACK
    ("(4*y-x)^6000", "(x-4*y)^6000", EQUAL),                       # STACK
    ("(x-y)^6000", "(x-y)^5999", DIFFERENT),                       # STACK
    ("258552*x^7*(81*x^8+1)^398", "x^3*(x^4+1)^399", DIFFERENT),   # STACK
    ("(y-x)^5999", "-(x-y)^5999", EQUAL),
    ("(2x+2)^3000", "2^3000 (x+1)^3000", EQUAL),
    ("((x+1)(y+1))^90", "(x y + x + y + 1)^90", EQUAL),
    ("((x+1)(y+1))^90", "(x y + x + y + 2)^90", DIFFERENT),
    ("(x+1)^200", "(1+x)^200", EQUAL),
    ("(x+1)^200", "(x+1)^199 (x+1)", EQUAL),
    ("(x+1)^200", "(x+1)^200 + 1", DIFFERENT),
    ("(1+x)^200", "sum_expanded", EQUAL),
    ("x^9000 - x^8999", "x^8999 (x - 1)", EQUAL),
    ("(-sin(x)-1)^3001", "-(1+sin(x))^3001", EQUAL),     # bases that are no polynomial in x
    ("(sqrt(2) x + 1)^3000", "(1 + sqrt(2) x)^3000 + 1", DIFFERENT),
]


@pytest.mark.parametrize("answer,expected,outcome", LARGE_POWERS)
def test_large_powers_are_compared_without_expanding_what_is_too_large(answer, expected, outcome):
    if expected == "sum_expanded":
        expected_value = sp.expand((x + 1) ** 200)
    else:
        expected_value = value(expected)
    assert equivalent(value(answer), expected_value, PROBE) is outcome


@pytest.mark.parametrize("text", ["1000*1.01^365", "2^128", "(1+x)^200", "x^6000", "e^100", "1.6e150"])
def test_powers_that_compute_something_reasonable_are_read(text):
    assert value(text) is not None


@pytest.mark.parametrize("text,code", [
    ("2^(10^100)", "number-too-large"),   # a value of 10^99 digits
    ("1.01^100000", "number-too-large"),
    ("sqrt(1000001)^(2*10^7)", "number-too-large"),  # SymPy would compute 1000001^(10^7)
    ("pi^(10^6)", "number-too-large"),
    ("e^(10^10)", "number-too-large"),
    ("exp(10^10)", "number-too-large"),
    ("(x+1)^(10^6)", "degree-too-large"),
    ("x^(10^10)", "degree-too-large"),
    ("(x^100 + 1)^200", "degree-too-large"),  # 20,000 after multiplying out
])
def test_powers_that_compute_too_much_are_refused_by_their_size(text, code):
    with pytest.raises(ParseError) as caught:
        read_answer(text, PLAIN)
    assert caught.value.code == code


def test_an_expansion_beyond_the_limit_is_never_made(monkeypatch):
    # expanded, the difference has 129,766 terms; proving it 0 must not try
    import grader.checking.proof as proof

    real_expand = sp.expand

    def guarded(expr, *args, **hints):
        if hints.get("multinomial", True):
            for p in expr.atoms(sp.Pow):
                if p.base.is_Add and p.exp.is_Integer:
                    k, n = len(p.base.args), abs(int(p.exp))
                    assert math.comb(n + k - 1, k - 1) <= DEFAULT_LIMITS.max_expanded_terms, p
        return real_expand(expr, *args, **hints)

    monkeypatch.setattr(proof.sp, "expand", guarded)
    difference = value("((x+1)(y+1)(x+y))^100 - ((x y + x + y + 1)(x + y))^100 + (x+1)^2 - x^2 - 2x - 1")
    assert decide_zero(difference) is True
