"""Lesson-4 answers as notes apps write them (Obsidian, Notion, OneNote, Word, Mathpix): right
answers that used to be refused, read as the teacher means them."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.parse import Matrix, ParseError, Vocabulary, read_answer
from grader.parse.answer import read_tree, tree_text
from grader.parse.lexer import plain_letters
from tests.conftest import ROOT
from tests.helpers import PLAIN, x

R = sp.Rational
θ, θ1, θ2 = sp.symbols("θ θ1 θ2", real=True)
NEWTON = Vocabulary(variables={"θ": θ, "θ1": θ1, "θ2": θ2})
HESSIAN = Matrix.of_rows([[12, 1], [1, 2]])
STEP = (R(7, 10), R(-7, 20))

# 1. the optional length after \\ is layout
ROW_SPACING = [
    (r"\begin{bmatrix} 12 & 1 \\[4pt] 1 & 2 \end{bmatrix}", HESSIAN),
    (r"\begin{bmatrix} 12 & 1 \\[2mm] 1 & 2 \end{bmatrix}", HESSIAN),
    (r"\begin{bmatrix} 12 & 1 \\[1em] 1 & 2 \end{bmatrix}", HESSIAN),
    (r"\begin{bmatrix} 12 & 1 \\[-3pt] 1 & 2 \end{bmatrix}", HESSIAN),
    (r"\begin{pmatrix} 12 & 1 \\ [1.5ex] 1 & 2 \\[4pt] \end{pmatrix}", HESSIAN),
    (r"\begin{pmatrix} 0.70 \\[4pt] -0.35 \end{pmatrix}", STEP),
]
# 2. array (its column spec skipped, its brackets from \left..\right) and smallmatrix
ARRAYS = [
    (r"H=\left[\begin{array}{cc}12\theta_1^2 & 1\\ 1 & 2\end{array}\right]",
     Matrix.of_rows([[12 * θ1**2, 1], [1, 2]])),
    (r"\left(\begin{array}{c}0.70\\ -0.35\end{array}\right)", STEP),
    (r"\left[\begin{array}{c|c} 12 & 1 \\ \hline 1 & 2 \end{array}\right]", HESSIAN),
    (r"\left(\begin{array}{rl} 12 & 1 \\ 1 & 2 \end{array}\right)", HESSIAN),
    (r"\left(\begin{array}{@{}cc@{}} 12 & 1 \\ 1 & 2 \end{array}\right)", HESSIAN),
    (r"\begin{array}{cc} 12 & 1 \\ 1 & 2 \end{array}", HESSIAN),
    (r"\left(\begin{smallmatrix} 12 & 1 \\ 1 & 2 \end{smallmatrix}\right)", HESSIAN),
    # & and \\ separate in an environment, also inside \left( .. \right): 0,70 is a decimal comma
    (r"\left(\begin{array}{c}0,70\\ -0,35\end{array}\right)", STEP),
    (r"\left[\begin{matrix} 2,4 & 1 \\ 1 & 6,5 \end{matrix}\right]", Matrix.of_rows([[R(12, 5), 1], [1, R(13, 2)]])),
]
# 3. Word's equation editor: math-italic letters, primes, its linear format
WORD = [
    ("𝐽^′′ (𝜃)=12𝜃^2", 12 * θ**2),
    ("12𝜃^2", 12 * θ**2),
    ("𝜃_1 + 𝜃_2", θ1 + θ2),
    ("𝛉1", θ1),  # bold
    ("[■(12&1@1&2)]", HESSIAN),
    ("(■(12&1@1&2))", HESSIAN),
    ("𝐻=[■(12𝜃^2&1@1&2)]", Matrix.of_rows([[12 * θ**2, 1], [1, 2]])),
    ("(■(0.70@−0.35))", STEP),
    ("(■(0,70@−0,35))", STEP),
    ("[■((1+1)&1@1&2)]", Matrix.of_rows([[2, 1], [1, 2]])),
    ("sin⁡𝜃", sp.sin(θ)),  # U+2061, Word's invisible function application
]


@pytest.mark.parametrize("text,expected", ROW_SPACING + ARRAYS + WORD)
def test_a_pasted_answer_reads_as_written(text, expected):
    value = read_answer(text, NEWTON).value
    assert value == expected
    assert isinstance(value, Matrix) == isinstance(expected, Matrix)


@pytest.mark.parametrize("text,code,position", [
    ("[■(12&1@1&2]", "word-linear-matrix", 1),   # ■( never closed
    ("■12", "word-linear-matrix", 0),             # ■ without its (
    ("1@2", "unexpected-character", 1),           # @ outside a Word matrix, as before
    (r"\begin{align} 1 \end{align}", "unknown-environment", 0),
])
def test_what_stays_refused(text, code, position):
    with pytest.raises(ParseError) as caught:
        read_answer(text, NEWTON)
    assert (caught.value.code, caught.value.position) == (code, position)


def test_the_environment_refusal_speaks_of_matrices_too():
    from grader.messages import render
    for lang in ("en", "nl"):
        words = render("unknown-environment", (("environment", "align"),), lang)
        assert "matrix" in words and ("vector" in words)
    assert "[[12, 1], [1, 2]]" in render("word-linear-matrix", (), "nl")


def test_math_letters_become_plain_one_for_one():
    assert plain_letters("𝐽(𝜃) = 12𝜃^2 + ℎ𝑥²") == "J(θ) = 12θ^2 + hx²"  # x² stays a power
    assert plain_letters("x² ½ θ₁") == "x² ½ θ₁"


def test_a_task_that_names_a_math_letter_keeps_it_apart():
    bold_x = sp.Symbol("𝐱", real=True)
    both = Vocabulary(variables={"x": x, "𝐱": bold_x})
    assert read_answer("𝐱 + x", both).value == bold_x + x
    assert read_answer("𝑥 + x", PLAIN).value == 2 * x


# 4. ';' between bracketed rows only separates rows
SEMICOLON_ROWS = [
    ("[[12,1];[1,2]]", HESSIAN),
    ("[[12, 1]; [1, 2]]", HESSIAN),
    ("((12,1);(1,2))", HESSIAN),
    ("H = [ [12,1] ; [1,2] ]", HESSIAN),
    ("[[2,4, 1]; [1, 6,5]]", Matrix.of_rows([[2, 4, 1], [1, 6, 5]])),  # as without ';'
    # a ';' inside a row: decimal commas, as before
    ("[[2,4; 1]; [1; 6,5]]", Matrix.of_rows([[R(12, 5), 1], [1, R(13, 2)]])),
    ("[[2,4; 1], [1; 6,5]]", Matrix.of_rows([[R(12, 5), 1], [1, R(13, 2)]])),
    ("(2,4; 1,92)", (R(12, 5), R(48, 25))),
    ("(2,4);(1,5)", (R(12, 5), R(3, 2))),  # not inside brackets: components, as before
]


@pytest.mark.parametrize("text,expected", SEMICOLON_ROWS)
def test_a_semicolon_between_rows_leaves_commas_separating(text, expected):
    value = read_answer(text, PLAIN).value
    assert value == expected
    assert isinstance(value, Matrix) == isinstance(expected, Matrix)


# 5. a chain whose working cannot be read: its result graded, the working not checked
CHAINS = [
    (r"\theta^{(1)} = \theta^{(0)} - H^{-1}\nabla J = (0.70, -0.35)", 2, STEP, "(0.70, -0.35)", 46),
    (r"(5,3)\cdot(0.6,0.8) = 5.4", 1, R(27, 5), "5.4", 21),
    (r"\begin{pmatrix} 1 \\ 1 \end{pmatrix} - \begin{pmatrix} 12 & 1 \\ 1 & 2 \end{pmatrix}^{-1} "
     r"\begin{pmatrix} 5 \\ 3 \end{pmatrix} = \begin{pmatrix} 0.70 \\ -0.35 \end{pmatrix}", 2, STEP,
     "(0.70, -0.35)", 128),
    # what follows the unreadable part is still read, and checked: 1.6 ≈ 2
    (r"\theta = 4 - \nabla J(4) = 1.6 \approx 2", 1, 2, "1.6 ≈ 2", 26),
]


@pytest.mark.parametrize("text,components,expected,read_as,start", CHAINS)
def test_a_result_after_unreadable_working_is_read_alone(text, components, expected, read_as, start):
    vocabulary = replace(NEWTON, components=components)
    with pytest.raises(ParseError):  # a teacher's answer: refused, as before
        read_answer(text, vocabulary)
    answer = read_answer(text, vocabulary, unreadable_working="skip")
    assert (answer.value, answer.read_as) == (expected, read_as)
    assert [(n.code, n.position) for n in answer.notes] == [("working-not-checked", start)]
    parts, separators = read_tree(text, vocabulary, unreadable_working="skip")
    assert tree_text(parts, separators).endswith(read_as)


@pytest.mark.parametrize("text,code", [
    (r"x = \foo", "unknown-command"),                   # the result itself cannot be read
    (r"θ1 = \foo, θ2 = 1.92", "unknown-command"),       # labelled components, no chain
    (r"\nabla J = (5, 3) = \foo", "unknown-command"),
    ("1/0 = 5", "division-by-zero"),                    # read, and without a value
    ("=1+1", "unexpected-token"),                       # no working: a spreadsheet's formula
    ("x = = 5", "unexpected-token"),
    ("(" * 60 + "1" + ")" * 60 + " = 5", "too-deep"),   # bounds hold for the whole text
    ("10!!! = 5", "factorial-too-large"),
    ("2^100000 = 5", "number-too-large"),
])
def test_a_chain_that_stays_refused(text, code):
    with pytest.raises(ParseError) as caught:
        read_answer(text, PLAIN, unreadable_working="skip")
    assert caught.value.code == code


def test_readable_working_is_still_checked_part_by_part():
    answer = read_answer("θ = 4 - 0.1·24 = 1.6", NEWTON, unreadable_working="skip")
    assert answer.parts == (R(8, 5), R(8, 5)) and answer.notes == ()


# -- properties -------------------------------------------------------------------------------
PASTED = st.sampled_from(["\\begin{array}", "\\end{array}", "{cc}", "{c|c}", "\\\\[4pt]", "\\\\[-3pt]",
                          "\\\\", "&", "■(", "■", "@", ")", "(", "[", "]", ";", ",", "1", "2,4", "0.7",
                          "𝜃", "𝐽", "′", "=", "\\nabla", "\\cdot", " ", "\\left[", "\\right]", "x",
                          "\\begin{smallmatrix}", "\\end{smallmatrix}", "\\hline", "{", "}", "\u2061"])
SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(PASTED, max_size=40).map("".join), st.sampled_from([None, 1, 2, 4]),
       st.sampled_from(["refuse", "skip"]))
def test_pasted_text_reads_or_is_refused_with_a_place(text, components, working):
    vocabulary = replace(PLAIN, components=components)
    try:
        answer = read_answer(text, vocabulary, unreadable_working=working)
    except ParseError as error:
        assert error.position is None or 0 <= error.position <= len(text)
        return
    assert read_answer(answer.read_as, vocabulary).value == answer.value


@SETTINGS
@given(st.lists(PASTED, max_size=40).map("".join))
def test_skipping_unreadable_working_never_loses_a_reading(text):
    """Where the whole chain reads, skipping changes nothing."""
    try:
        strict = read_answer(text, PLAIN)
    except ParseError:
        return
    assert read_answer(text, PLAIN, unreadable_working="skip") == strict


def test_the_bounds_hold_for_text_made_of_pasted_pieces():
    long = "[■(" + "&".join(["1"] * 11) + "@" + "&".join(["1"] * 11) + ")]"
    with pytest.raises(ParseError) as caught:
        read_answer(long, PLAIN)
    assert caught.value.code == "matrix-too-large"
    with pytest.raises(ParseError) as caught:
        read_answer("𝜃" * 3000, PLAIN)
    assert caught.value.code == "too-long"


def _decimal_comma_table() -> list[tuple[str, str]]:
    page = (ROOT / "docs" / "answers.md").read_text(encoding="utf-8")
    section = page.split("**Decimal commas in a matrix**", 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^\| `([^`]+)` \| `([^`]+)`", section, re.M)


def test_the_decimal_comma_table_of_the_docs_is_what_grader_reads():
    table = _decimal_comma_table()
    assert len(table) == 8
    for written, read_as in table:
        assert read_answer(written, PLAIN).read_as == read_as, written
