"""A matrix answer, and a teacher's text, is read once per process (``answer._READINGS``): the
same text, names and limits give the very answer read before; anything else that differs is
read afresh, so no bound is skipped."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp

from grader.limits import DEFAULT_LIMITS
from grader.parse import Matrix, ParseError, answer, read_answer
from grader.parse.vocabulary import Vocabulary
from tests.helpers import PLAIN, x, y

k = sp.Symbol("k", real=True)
HESSIAN_TEXT = r"H = \begin{pmatrix} 12 x^{2} & 6 x y \\ 6 x y & 2 \end{pmatrix}"


@pytest.fixture(autouse=True)
def empty_store(monkeypatch):
    monkeypatch.setattr(answer, "_READINGS", {})


def test_a_matrix_read_again_is_the_answer_read_before():
    first = read_answer(HESSIAN_TEXT, PLAIN)
    assert read_answer(HESSIAN_TEXT, PLAIN) is first
    assert first == answer._read(HESSIAN_TEXT, PLAIN, DEFAULT_LIMITS)
    assert first.value == Matrix.of_rows([[12 * x**2, 6 * x * y], [6 * x * y, 2]])


def test_equal_names_in_another_vocabulary_share_the_reading():
    """Each variant of an exercise holds its own, equal, vocabulary."""
    first = read_answer(HESSIAN_TEXT, PLAIN)
    assert read_answer(HESSIAN_TEXT, Vocabulary(variables=dict(PLAIN.variables))) is first


@pytest.mark.parametrize("other", [
    Vocabulary(variables={"x": sp.Symbol("x"), "y": sp.Symbol("y")}),  # other assumptions
    Vocabulary(variables={"x": x, "y": y}, components=4),
    Vocabulary(variables={"y": y, "x": x}),
])
def test_other_names_read_afresh(other):
    first = read_answer(HESSIAN_TEXT, PLAIN)
    again = read_answer(HESSIAN_TEXT, other)
    assert again is not first
    assert again == answer._read(HESSIAN_TEXT, other, DEFAULT_LIMITS)


@pytest.mark.parametrize("limits,code", [
    (replace(DEFAULT_LIMITS, max_length=20), "too-long"),
    (replace(DEFAULT_LIMITS, max_matrix_size=1), "matrix-too-large"),
    (replace(DEFAULT_LIMITS, max_nodes=5), "too-many-nodes"),
])
def test_a_matrix_read_before_is_still_refused_under_smaller_limits(limits, code):
    read_answer(HESSIAN_TEXT, PLAIN)
    with pytest.raises(ParseError) as caught:
        read_answer(HESSIAN_TEXT, PLAIN, limits)
    assert caught.value.code == code


def test_only_matrices_read_within_the_limits_are_kept():
    read_answer("6x + 2y", PLAIN)
    read_answer("(1, 2)", PLAIN)
    with pytest.raises(ParseError):
        read_answer("[[1, 2], [3]]", PLAIN)
    assert answer._READINGS == {}
    long = "[[" + " + ".join(["1234567890123456789"] * 25) + ", 1], [1, 2]]"
    read_answer(long, PLAIN)
    assert answer._READINGS == {}  # longer than TEXT_KEPT


def test_the_store_is_bounded(monkeypatch):
    monkeypatch.setattr(answer, "READINGS_KEPT", 3)
    for k in range(10):
        read_answer(f"[[{k}, 1], [1, 2]]", PLAIN)
        assert len(answer._READINGS) <= 3


def test_a_text_read_to_be_kept_is_read_once():
    """An exercise's variants read the teacher's texts again (the function, a point)."""
    first = read_answer("x^4 + x^3 y^2 + k", Vocabulary(variables={**PLAIN.variables, "k": k}), keep=True)
    assert read_answer("x^4 + x^3 y^2 + k", Vocabulary(variables={**PLAIN.variables, "k": k})) is first
    assert read_answer("x^4 + x^3 y^2", PLAIN) is not read_answer("x^4 + x^3 y^2", PLAIN)
