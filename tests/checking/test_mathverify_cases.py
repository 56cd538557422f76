"""The second outside yardstick as a test: on Math-Verify's plain-answer test cases, grader agrees
with Math-Verify or differs by a convention the data file names."""

from __future__ import annotations

import importlib.util
import sys
from fractions import Fraction

import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("mathverify_cases", ROOT / "benchmarks" / "mathverify_cases.py")
assert _spec is not None and _spec.loader is not None
mathverify = importlib.util.module_from_spec(_spec)
sys.modules["mathverify_cases"] = mathverify  # dataclasses look their module up there
_spec.loader.exec_module(mathverify)


def test_every_difference_from_math_verify_is_a_named_convention():
    conventions, rows = mathverify.load()
    unexplained, agreed, named = [], 0, []
    for row in rows:
        said = mathverify.bounded_verdict(row)
        if said == row.expected:
            assert row.why is None, f"{row}: agrees now; drop its why"
            agreed += 1
            continue
        named.append(row.why)
        if row.why not in conventions or said != row.grader:
            unexplained.append((row.gold, row.prediction, row.expected, said))
    assert unexplained == []
    assert (agreed, len(rows)) == (65, 75)
    assert sorted(named) == ["approx-is-the-answer", "approx-is-the-answer", "escape-damage",
                             "exact-decimals", "exact-decimals", "label-of-theirs",
                             "matrix-given-not-computed", "matrix-given-not-computed",
                             "working-checked", "working-checked"]


# A matrix is compared as grader compares one: its shape first (a 2×2 matrix is no 4-vector,
# nor its transpose's shape), then entry by entry.
MATRICES = [
    ("[[1, 2], [3, 4]]", "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", 1),
    ("[[1, 2], [3, 4]]", "[[1, 2], [3, 5]]", 0),
    ("[[1, 2], [3, 4]]", "(1, 2, 3, 4)", 0),
    ("(1, 2, 3, 4)", "[[1, 2], [3, 4]]", 0),
    ("[[1, 2, 3], [4, 5, 6]]", "[[1, 2], [3, 4], [5, 6]]", 0),
    ("[[2x, 1], [1, 0]]", "[[x + x, 1], [1, 0]]", 1),
]


@pytest.mark.parametrize("gold,prediction,expected", MATRICES)
def test_a_matrix_is_compared_by_shape_then_entry_by_entry(gold, prediction, expected):
    assert mathverify.verdict(mathverify.Row("table", gold, prediction, expected)) == expected


def test_the_exact_decimals_row_is_right_with_a_tolerance():
    # the convention's own claim: a tolerance of 6 decimals accepts what Math-Verify accepts
    import sympy as sp

    from grader.checking.equivalence import Equivalence, compare_numbers
    from grader.checking.tolerance import Tolerance

    outcome = compare_numbers(sp.Rational(833333333333333, 10**16), sp.Rational(1, 12),
                              Tolerance(decimals=6), None)
    assert outcome is Equivalence.EQUAL
    assert Fraction(1, 12) != Fraction("0.0833333333333333")
