"""Matrices as students write them: read into the Matrix a teacher means, or refused with a code
and a place."""

from __future__ import annotations

import pickle

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.parse import Matrix, ParseError, read_answer
from grader.parse.mathtext import value_text
from grader.parse.vocabulary import Vocabulary
from tests.helpers import PLAIN, x, y

R = sp.Rational
θ1 = sp.Symbol("θ1", real=True)
THETA_XY = Vocabulary(variables={"x": x, "y": y, "θ1": θ1})
HESSIAN = Matrix.of_rows([[2, 1], [1, 6]])

READS = [
    ("[[2, 1], [1, 6]]", HESSIAN),
    ("[[2,1],[1,6]]", HESSIAN),
    ("((2,1),(1,6))", HESSIAN),
    ("([2, 1], [1, 6])", HESSIAN),
    ("[[2, 1]; [1, 6]]", HESSIAN),
    ("\\begin{pmatrix} 2 & 1 \\\\ 1 & 6 \\end{pmatrix}", HESSIAN),
    ("\\begin{bmatrix} 2 & 1 \\\\ 1 & 6 \\end{bmatrix}", HESSIAN),
    ("\\begin{matrix} 2 & 1 \\\\ 1 & 6 \\end{matrix}", HESSIAN),
    ("\\begin{pmatrix} 2 & 1 \\\\ 1 & 6 \\\\ \\end{pmatrix}", HESSIAN),  # a last \\ before \end
    ("$$\\begin{pmatrix}2&1\\\\1&6\\end{pmatrix}$$", HESSIAN),
    ("\\left[\\begin{matrix} 2 & 1 \\\\ 1 & 6 \\end{matrix}\\right]", HESSIAN),
    # an array, as LaTeX without amsmath writes a matrix: its column alignments are skipped
    ("\\left[\\begin{array}{cc} 2 & 1 \\\\ 1 & 6 \\end{array}\\right]", HESSIAN),
    ("\\left(\\begin{array}{ r l } 2 & 1 \\\\ 1 & 6 \\end{array}\\right)", HESSIAN),
    # a rule between the columns is layout too; so is an array without its column spec
    ("\\begin{array}{c|c} 2 & 1 \\\\ 1 & 6 \\end{array}", HESSIAN),
    ("H = \\begin{array} 2 & 1 \\\\ 1 & 6 \\end{array}", HESSIAN),
    ("[[1, 2, 3], [4, 5, 6]]", Matrix.of_rows([[1, 2, 3], [4, 5, 6]])),
    ("[[1, 2], [3, 4], [5, 6]]", Matrix.of_rows([[1, 2], [3, 4], [5, 6]])),
    ("[[1, 2], [3, 4]]^T", Matrix.of_rows([[1, 3], [2, 4]])),  # transposed: a matrix changes
    ("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}^\\top", Matrix.of_rows([[1, 3], [2, 4]])),
    ("[[6x, 2], [2, 2θ_1]]", Matrix.of_rows([[6 * x, 2], [2, 2 * θ1]])),
    ("\\begin{pmatrix} 6x & \\frac{1}{2} \\\\ -y & 2\\theta_1 \\end{pmatrix}",
     Matrix.of_rows([[6 * x, R(1, 2)], [-y, 2 * θ1]])),
    ("[[x^2 + 1, -2], [0.5, e^x]]", Matrix.of_rows([[x**2 + 1, -2], [R(1, 2), sp.exp(x)]])),
    # labelled, as ∇J = (…) is
    ("H = [[2, 1], [1, 6]]", HESSIAN),
    ("H_J = \\begin{pmatrix} 2 & 1 \\\\ 1 & 6 \\end{pmatrix}", HESSIAN),
    ("\\nabla^2 J = \\begin{pmatrix} 2 & 1 \\\\ 1 & 6 \\end{pmatrix}", HESSIAN),
    ("∇²J = [[2, 1], [1, 6]]", HESSIAN),
    ("\\mathbf{H} = [[2, 1], [1, 6]]", HESSIAN),
    ("H(x, y) = [[2, 1], [1, 6]]", HESSIAN),
    ("H = \\boxed{\\begin{pmatrix} 2 & 1 \\\\ 1 & 6 \\end{pmatrix}}", HESSIAN),
    # one row or one column is a vector, as a pmatrix of one column always was
    ("[[2, 1]]", (2, 1)),
    ("[[2], [1]]", (2, 1)),
    ("\\begin{pmatrix} 2 \\\\ 1 \\end{pmatrix}", (2, 1)),
    ("\\begin{pmatrix} 2 & 1 \\end{pmatrix}", (2, 1)),
]


@pytest.mark.parametrize("text,expected", READS)
def test_a_matrix_reads_as_written(text, expected):
    value = read_answer(text, THETA_XY).value
    assert value == expected
    assert isinstance(value, Matrix) == isinstance(expected, Matrix)


# Decimal commas: with ';' anywhere in the answer, ';' separates entries and rows and ',' is a
# decimal comma (as for vectors); without it a comma inside brackets separates. In a LaTeX
# matrix & and \\ separate, so a comma between digits is a decimal comma.
DECIMAL_COMMAS = [
    ("[[2,4; 1]; [1; 6,5]]", Matrix.of_rows([[R(12, 5), 1], [1, R(13, 2)]])),
    ("[[2,4; 1], [1; 6,5]]", Matrix.of_rows([[R(12, 5), 1], [1, R(13, 2)]])),
    ("((0,5; 1); (1; 0,25))", Matrix.of_rows([[R(1, 2), 1], [1, R(1, 4)]])),
    ("[[2,4, 1], [1, 6,5]]", Matrix.of_rows([[2, 4, 1], [1, 6, 5]])),
    ("[[2.4, 1], [1, 6.5]]", Matrix.of_rows([[R(12, 5), 1], [1, R(13, 2)]])),
    ("\\begin{pmatrix} 2,4 & 1 \\\\ 1 & 6,5 \\end{pmatrix}", Matrix.of_rows([[R(12, 5), 1], [1, R(13, 2)]])),
    ("\\begin{pmatrix} 1{,}5 & 0 \\\\ 0 & 2 \\end{pmatrix}", Matrix.of_rows([[R(3, 2), 0], [0, 2]])),
]


@pytest.mark.parametrize("text,expected", DECIMAL_COMMAS)
def test_decimal_commas_in_a_matrix(text, expected):
    assert read_answer(text, PLAIN).value == expected


REFUSED = [
    ("[[1, 2], [3]]", "matrix-ragged", 9),
    ("[[1, 2], [3, 4, 5]]", "matrix-ragged", 9),
    ("[[1], [2, 3]]", "matrix-ragged", 6),
    ("\\begin{pmatrix} 1 & 2 \\\\ 3 \\end{pmatrix}", "matrix-ragged", 25),
    ("[[2,4; 1]; [1,5]]", "matrix-ragged", 11),  # with ";" the comma of 1,5 is a decimal comma
    ("[[]]", "matrix-empty", 1),
    ("(())", "matrix-empty", 1),
    ("\\begin{pmatrix}\\end{pmatrix}", "matrix-empty", 0),
    ("\\begin{bmatrix} \\end{bmatrix}", "matrix-empty", 0),
    ("\\begin{pmatrix} 5 \\end{pmatrix}", "matrix-one-entry", 0),
    ("\\begin{vmatrix} 2 & 1 \\\\ 1 & 6 \\end{vmatrix}", "determinant-not-matrix", 0),
    ("H = \\begin{Vmatrix} 2 & 1 \\\\ 1 & 6 \\end{Vmatrix}", "determinant-not-matrix", 4),
    ("[" + ", ".join(["[1, 2]"] * 11) + "]", "matrix-too-large", 0),
    ("[" + ", ".join(["[" + ", ".join(["1"] * 11) + "]"] * 2) + "]", "matrix-too-large", 0),
    ("2·[[1, 2], [3, 4]]", "matrix-in-expression", None),
    ("[[1, 2], [3, 4]] + [[1, 0], [0, 1]]", "matrix-in-expression", None),
    ("-[[1, 2], [3, 4]]", "matrix-in-expression", None),
    ("[[1, 2], [3, 4]]!", "matrix-in-expression", 16),
    ("sin([[1, 2], [3, 4]])", "matrix-in-expression", None),
    ("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}%", "matrix-in-expression", 44),
]


@pytest.mark.parametrize("text,code,position", REFUSED)
def test_a_matrix_that_cannot_be_read_is_refused_with_where(text, code, position):
    with pytest.raises(ParseError) as caught:
        read_answer(text, PLAIN)
    assert (caught.value.code, caught.value.position) == (code, position)


def test_the_size_limit_is_the_limits():
    from dataclasses import replace

    from grader.limits import DEFAULT_LIMITS
    three = "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]"
    assert read_answer(three, PLAIN).value == Matrix.of_rows([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    with pytest.raises(ParseError) as caught:
        read_answer(three, PLAIN, replace(DEFAULT_LIMITS, max_matrix_size=2))
    assert dict(caught.value.params) == {"rows": "3", "columns": "3", "limit": "2"}


def test_read_as_and_written_numbers_go_row_by_row():
    answer = read_answer("H = [[2,4; 1]; [-0,50; 6]]", PLAIN)
    assert answer.read_as == "[[2.4, 1], [-0.50, 6]]"
    assert answer.written == ("2.4", "1", "-0.50", "6")
    assert value_text(answer.value, True) == "[[2.4, 1], [-0.5, 6]]"


# -- the value type ---------------------------------------------------------------------------
def test_a_matrix_equals_only_a_matrix_of_its_shape():
    square = Matrix.of_rows([[1, 2], [3, 4]])
    assert square == Matrix((1, 2, 3, 4), 2)
    vector = (1, 2, 3, 4)
    assert square != vector and vector != square  # both sides of == are asked
    assert square != Matrix((1, 2, 3, 4), 1) and square != Matrix((1, 2, 3, 4), 4)
    assert len({square, Matrix((1, 2, 3, 4), 2), (1, 2, 3, 4), Matrix((1, 2, 3, 4), 4)}) == 3
    assert square.shape == (2, 2) and square.rows == ((1, 2), (3, 4))
    assert square.transposed() == Matrix.of_rows([[1, 3], [2, 4]])
    assert square.position(1) == "1,2" and square.position(2) == "2,1"


def test_a_matrix_cannot_be_changed_and_survives_pickling():
    square = Matrix.of_rows([[x, 2], [3, 4]])
    with pytest.raises(AttributeError):
        square.columns = 1  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(square))
    assert again == square and isinstance(again, Matrix) and again.columns == 2


@pytest.mark.parametrize("rows", [[], [[1, 2], [3]], [[]]])
def test_a_matrix_needs_full_rows(rows):
    with pytest.raises(ValueError):
        Matrix.of_rows(rows)


# -- properties -----------------------------------------------------------------------------
# (as written in a plain list, as written in LaTeX, as written with a decimal comma, value)
ENTRIES = st.sampled_from([
    ("2", "2", "2", sp.Integer(2)), ("-1", "-1", "-1", sp.Integer(-1)), ("0", "0", "0", sp.Integer(0)),
    ("0.5", "0.5", "0,5", R(1, 2)), ("-2.25", "-2.25", "-2,25", R(-9, 4)),
    ("6x", "6x", "6x", 6 * x), ("-y", "-y", "-y", -y), ("x^2", "x^{2}", "x^2", x**2),
    ("1/3", "\\frac{1}{3}", "1/3", R(1, 3)), ("2θ_1", "2\\theta_1", "2θ1", 2 * θ1),
])
SHAPES = st.tuples(st.integers(2, 4), st.integers(2, 4))


def _written(rows, how):
    plain = [[e[0] for e in row] for row in rows]
    if how == "brackets":
        return "[" + ", ".join("[" + ", ".join(row) + "]" for row in plain) + "]"
    if how == "parentheses":
        return "(" + ",".join("(" + ",".join(row) + ")" for row in plain) + ")"
    if how == "semicolons":
        return "[" + "; ".join("[" + "; ".join(e[2] for e in row) + "]" for row in rows) + "]"
    if how == "labelled":
        return "H = " + _written(rows, "brackets")
    body = " \\\\ ".join(" & ".join(e[1] for e in row) for row in rows)
    if how == "array":
        return f"\\left[\\begin{{array}}{{{'c' * len(rows[0])}}} {body} \\end{{array}}\\right]"
    return f"\\begin{{{how}}} {body} \\end{{{how}}}"


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(SHAPES.flatmap(lambda shape: st.lists(st.lists(ENTRIES, min_size=shape[1], max_size=shape[1]),
                                             min_size=shape[0], max_size=shape[0])),
       st.sampled_from(["brackets", "parentheses", "semicolons", "labelled", "pmatrix", "bmatrix",
                        "matrix", "array"]))
def test_a_matrix_in_any_notation_reads_back_the_same(rows, how):
    expected = Matrix.of_rows([[e[3] for e in row] for row in rows])
    value = read_answer(_written(rows, how), THETA_XY).value
    assert value == expected
    # and what grader shows reads back as the same matrix
    assert read_answer(read_answer(_written(rows, how), THETA_XY).read_as, THETA_XY).value == expected


MATRIX_ALPHABET = st.sampled_from(["[", "]", "(", ")", ",", ";", " ", "1", "2,5", "x", "-", "&",
                                   "\\\\", "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{vmatrix}",
                                   "\\end{bmatrix}", "^T", "H = ", "[[", "]]", "·", "{,}", "\\frac{1}{2}",
                                   "\\begin{array}", "{cc}", "{c|c}", "\\end{array}", "\\left[", "\\right]"])


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MATRIX_ALPHABET, max_size=40).map("".join))
def test_matrix_like_text_reads_or_is_refused(text):
    try:
        read_answer(text, PLAIN)
    except ParseError as error:
        assert error.position is None or 0 <= error.position <= len(text)
