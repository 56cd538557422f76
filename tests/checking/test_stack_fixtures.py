"""The outside yardstick as a test: on every row of STACK's answer-test fixtures that grader's
language can write, grader agrees with STACK or differs by a convention the data file names."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("stack_fixtures", ROOT / "benchmarks" / "stack_fixtures.py")
assert _spec is not None and _spec.loader is not None
stack = importlib.util.module_from_spec(_spec)
sys.modules["stack_fixtures"] = stack  # dataclasses look their module up there
_spec.loader.exec_module(stack)


@pytest.mark.slow  # 209 rows, each in a process of its own under grader's limits
def test_every_difference_from_stack_is_a_named_convention():
    conventions, rows = stack.load()
    assert len(rows) >= 200
    unexplained = []
    for row in rows:
        said = stack.bounded_verdict(row)
        if said == row.truth:
            assert row.why is None, f"{row}: agrees now; drop its why"
            continue
        if row.why not in conventions or said != row.grader:
            unexplained.append((row.test, row.student, row.teacher, row.stack, said))
    assert unexplained == []


def test_no_difference_is_a_right_answer_marked_wrong():
    # what grader calls different, STACK (or mathematics, for -3 rows) calls different too,
    # except exact decimals against Maxima's binary floats
    _, rows = stack.load()
    for row in rows:
        if row.grader == 0:
            assert row.why in ("exact-decimals", "sigfigs-of-the-teacher"), row


# A matrix is compared as grader compares one: its shape first, then entry by entry, each entry
# by the row's answer test.
MATRICES = [
    ("AlgEquiv", "[[x+x, 2], [2, x*x]]", "[[2*x, 2], [2, x^2]]", "", 1),
    ("AlgEquiv", "[[1, 2], [3, 4]]", "[[1, 3], [2, 4]]", "", 0),
    ("AlgEquiv", "[[1, 2], [3, 4]]", "(1, 2, 3, 4)", "", 0),
    ("AlgEquiv", "[[1, 2, 3], [4, 5, 6]]", "[[1, 2], [3, 4], [5, 6]]", "", 0),
    ("NumSigFigs", "[[0.33, 1.0], [1.0, -2.5]]", "[[1/3, 1], [1, -5/2]]", "2", 1),
    ("NumSigFigs", "[[0.33, 1], [1.0, -2.5]]", "[[1/3, 1], [1, -5/2]]", "2", 0),  # 1 is written with one figure
    ("NumSigFigs", "[[0.3, 1.0], [1.0, -2.5]]", "[[1/3, 1], [1, -5/2]]", "2", 0),
    ("NumAbsolute", "3.14", "[[3.14, 1], [1, 1]]", "", 0),
]


@pytest.mark.parametrize("test,student,teacher,options,expected", MATRICES)
def test_a_matrix_is_compared_by_shape_then_entry_by_entry(test, student, teacher, options, expected):
    assert stack.verdict(stack.Row(test, student, teacher, expected, options)) == expected
