"""The tolerance rules as the README states them, one row per example."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from grader.checking.tolerance import (
    Tolerance,
    leading_exponent,
    round_significant,
    round_to,
    written_sigfigs,
)


@pytest.mark.parametrize("answer,expected,decimals,accepted", [
    ("1.02", "1.0176", 2, True),
    ("1.018", "1.0176", 2, True),
    ("1.0176", "1.0176", 2, True),
    ("1.015", "1.0176", 2, True),      # rounds to 1.02 (half away from zero)
    ("1.013", "1.0176", 2, False),     # within 0.005 of 1.0176, but it rounds to 1.01
    ("1.01", "1.0176", 2, False),
    ("1.605", "1.6", 2, False),        # rounds to 1.61
    ("1.604", "1.6", 2, True),
    ("1.6", "1.6", 2, True),
    ("-0.125", "-0.13", 2, True),
    ("-0.124", "-0.13", 2, False),
    ("2", "2.4", 0, True),
    ("3", "2.5", 0, True),             # 2.5 rounds to 3
])
def test_decimals_means_correct_to_that_many_decimals(answer, expected, decimals, accepted):
    assert Tolerance(decimals=decimals).accepts(F(answer), F(expected)) is accepted


@pytest.mark.parametrize("answer,expected,figures,accepted", [
    ("0.00123", "0.001234567", 3, True),
    ("0.001235", "0.001234567", 4, True),
    ("0.00124", "0.001234567", 3, False),
    ("1000", "999", 2, True),
    ("9.8", "10", 2, False),
    ("10", "9.96", 2, True),
    ("-100", "-149", 1, True),
    ("-100", "-151", 1, False),
    ("0", "0", 2, True),
])
def test_sigfigs_value_rule(answer, expected, figures, accepted):
    assert Tolerance(sigfigs=figures).accepts(F(answer), F(expected)) is accepted


@pytest.mark.parametrize("written,figures,accepted", [
    # STACK's NumSigFigs: also written with exactly that many significant figures
    ("3.142", 4, True),
    ("3.14", 4, False),
    ("3.1416", 4, False),
    ("1.0e3", 2, True),
    ("1000", 2, True),          # trailing zeros of a whole number: 1 to 4 figures
    ("1E3", 2, False),
    ("0.00120", 3, True),
    ("0.0012", 3, False),
])
def test_sigfigs_written_rule(written, figures, accepted):
    tolerance = Tolerance(sigfigs=figures, written=True)
    value = F(written.replace("E", "e")) if "e" not in written.lower() else F(float(written))
    expected = round_significant(value, figures)
    assert tolerance.accepts(value, expected, written) is accepted


@pytest.mark.parametrize("text,figures", [
    ("1.60", (3, 3)), ("0.00120", (3, 3)), ("1000", (1, 4)), ("0", (1, 1)), ("0.0", (1, 1)),
    ("0.00", (2, 2)), ("-138", (3, 3)), ("5.1·10^(-2)", (2, 2)), ("6.02214086e23", (9, 9)),
    ("1,60", (3, 3)), ("x", None), ("1/3", None),
])
def test_written_significant_figures(text, figures):
    assert written_sigfigs(text) == figures


def test_absolute_and_relative_bounds_and_any_of_them():
    assert Tolerance(absolute=F(1, 100)).accepts(F("2.41"), F("2.4"))
    assert not Tolerance(absolute=F(1, 100)).accepts(F("2.42"), F("2.4"))
    assert Tolerance(relative=F(1, 100)).accepts(F(101), F(100))
    assert not Tolerance(relative=F(1, 100)).accepts(F(102), F(100))
    either = Tolerance(absolute=F(1, 10), decimals=2)
    assert either.accepts(F("2.45"), F("2.4")) and not either.accepts(F("2.55"), F("2.4"))


def test_rounding_helpers():
    assert round_to(F("1.0176"), 2) == F("1.02")
    assert round_to(F(1234), -2) == 1200
    assert leading_exponent(F("0.001234")) == -3 and leading_exponent(F(999)) == 2
    assert leading_exponent(F(1000)) == 3
    assert round_significant(F(999), 2) == 1000
