"""LaTeX as notes apps and students write it, and numbers as people write them (issue 20)."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp

from grader.parse import ParseError, Vocabulary, read_answer
from grader.parse.answer import component_labels
from grader.parse.vocabulary import comma_or_thousands, unit_word
from tests.helpers import NUMBERS, PLAIN, THETAS, x, θ, θ1, θ2

R = sp.Rational
J = Vocabulary(variables={"θ": θ})
SCALAR = replace(NUMBERS, components=1)
PAIR = replace(NUMBERS, components=2)
TRIPLE = replace(NUMBERS, components=3)
THETA_PAIR = replace(THETAS, components=2)

LATEX_AS_WRITTEN = [
    # labels: the answer is what follows them
    ("J'(θ) = 6θ", J, 6 * θ),
    (r"J^{\prime}(\theta) = 6\theta", J, 6 * θ),
    (r"\boldsymbol{\theta}^{(1)} = (1{,}02;\ 1{,}84)", THETAS, (R(51, 50), R(46, 25))),
    (r"\vec{\theta} = (2.4, 1.92)", THETAS, (R(12, 5), R(48, 25))),
    (r"\theta_1 = 2.4, \quad \theta_2 = 1.92", THETAS, (R(12, 5), R(48, 25))),
    (r"x \approx 11", PLAIN, 11),
    ("x ≈ 11", PLAIN, 11),
    (r"\frac{\mathrm{d}f}{\mathrm{d}x} = 2x", PLAIN, 2 * x),
    (r"\left. \frac{df}{dx} \right|_{x=1} = 2", PLAIN, 2),
    (r"\left. x^2 \right|_{x=1} = 1", PLAIN, 1),
    (r"(\theta_1, \theta_2) = (2, -1)", THETAS, (2, -1)),
    ("(p, q) = (3, 2)", NUMBERS, (3, 2)),
    # a starred name is the point's component (trial 2: w^* = 2, b^* = 2)
    ("θ1^* = 2, θ2^* = -1", THETAS, (2, -1)),
    (r"\theta_1^{*} = 2, \theta_2^\ast = -1", THETAS, (2, -1)),
    (r"x^{\star} = 11", PLAIN, 11),
    (r"(\theta_1^*, \theta_2^*) = (2, -1)", THETAS, (2, -1)),
    # typefaces and vector arrows only dress a letter
    (r"\vec{\theta}", THETAS, θ),
    (r"\mathbf{x} + 2", PLAIN, x + 2),
    (r"\boldsymbol{\theta}_1 + \bm{\theta}_2", THETAS, θ1 + θ2),
    (r"\bm\theta", THETAS, θ),
    # fractions, boxes, spacing and sizing
    (r"\cfrac{1}{3}", NUMBERS, R(1, 3)),
    (r"x = 2 + 3 = \boxed{5}", PLAIN, 5),
    (r"\boxed{\frac{1}{3}}", NUMBERS, R(1, 3)),
    (r"2\,x + 3\!x + 4\;x + 5\ x", PLAIN, 14 * x),
    (r"\left. x^2 \right.", PLAIN, x**2),
    (r"\displaystyle \frac{x}{2}", PLAIN, x / 2),
    (r"\operatorname{ln}(x)", PLAIN, sp.log(x)),
    (r"\mathrm{e}^{x}", PLAIN, sp.exp(x)),
    (r"\mathrm{x}^2", PLAIN, x**2),
    # units: % and ° are numbers; a unit in \text{} is kept apart, unchecked
    (r"28\%", NUMBERS, R(28, 100)),
    ("28 %", NUMBERS, R(28, 100)),
    (r"90^\circ", NUMBERS, sp.pi / 2),
    (r"90^{\circ}", NUMBERS, sp.pi / 2),
    ("90°", NUMBERS, sp.pi / 2),
    (r"\frac{1}{3} \text{meters}", NUMBERS, R(1, 3)),
    (r"15\mbox{ cm}^2", NUMBERS, 15),
    (r"0.06 \text{ yuan}.", NUMBERS, R(6, 100)),
    (r"125\textnormal{ miles}", NUMBERS, 125),
]


@pytest.mark.parametrize("text,vocabulary,expected", LATEX_AS_WRITTEN)
def test_latex_as_notes_apps_write_it(text, vocabulary, expected):
    answer = read_answer(text, vocabulary)
    assert answer.value == (
        tuple(sp.Integer(e) if isinstance(e, int) else e for e in expected)
        if isinstance(expected, tuple) else expected)
    assert len(answer.parts) == 1  # a label is no part of the working


@pytest.mark.parametrize("text,labels", [
    ("b^* = 2, w^* = 2.5", ("b", "w")),
    (r"w^{*} = 2, b^\ast = 2", ("w", "b")),
    (r"\theta_2^{\star} = 1, \theta_1 = 3", (r"\theta_2", r"\theta_1")),
])
def test_a_starred_label_names_its_component(text, labels):
    assert component_labels(text) == labels


def test_absolute_value_bars_are_no_label():
    assert read_answer(r"\left| -3 \right| = 3", PLAIN).parts == (3, 3)


def test_a_unit_is_noted_as_not_checked():
    answer = read_answer(r"125\textnormal{ miles}", NUMBERS)
    assert [(n.code, n.text) for n in answer.notes] == [("unit-not-checked", "miles")]
    assert answer.read_as == "125"


@pytest.mark.parametrize("text,code,position", [
    (r"\text{answer} 3", "text-in-answer", 0),       # text before the math is not a unit
    (r"3 \text{ cm} + 2", "text-in-answer", 2),      # nor is text inside it
    (r"\boxed{1}\boxed{2}", "several-boxed", 9),
    (r"\boxed{1", "unexpected-end", None),
    (r"\mathrm{foo}(x)", "unknown-function", 0),
])
def test_latex_that_is_not_an_answer(text, code, position):
    with pytest.raises(ParseError) as caught:
        read_answer(text, PLAIN)
    assert caught.value.code == code
    if position is not None:
        assert caught.value.position == position


NUMBERS_AS_WRITTEN = [
    # (text, task, value, read_as): a scalar task reads groups of three digits as one number
    ("7,425,000", SCALAR, 7425000, "7425000"),
    (r"11,\! 111,\! 100", SCALAR, 11111100, "11111100"),
    ("12{,}000", SCALAR, 12000, "12000"),
    ("1 000", SCALAR, 1000, "1000"),
    (r"1\,000", SCALAR, 1000, "1000"),
    ("1,000.99", SCALAR, R(100099, 100), "1000.99"),
    ("1,000", SCALAR, 1000, "1000"),
    ("(1,000)", SCALAR, 1000, "1000"),
    # where the task is not known, a comma groups only where it cannot be a decimal comma
    ("7,425,000", NUMBERS, 7425000, "7425000"),
    ("1,000.99", NUMBERS, R(100099, 100), "1000.99"),
    ("1 000", NUMBERS, 1000, "1000"),
    ("1,000", NUMBERS, 1, "1.000"),
    ("12{,}000", NUMBERS, 12, "12.000"),
    # a decimal comma, shown as read
    ("9,6", SCALAR, R(48, 5), "9.6"),
    ("9,6", NUMBERS, R(48, 5), "9.6"),
    ("0,111", SCALAR, R(111, 1000), "0.111"),
    ("1000,99", SCALAR, R(100099, 100), "1000.99"),
    ("1{,}02", NUMBERS, R(51, 50), "1.02"),
    # a vector task: commas separate components, and a number has one decimal comma
    ("(2,4; 1,92)", PAIR, (R(12, 5), R(48, 25)), "(2.4, 1.92)"),
    (r"(1{,}02;\ 1{,}84)", PAIR, (R(51, 50), R(46, 25)), "(1.02, 1.84)"),
    ("7,425,000", TRIPLE, (7, 425, 0), "(7, 425, 000)"),
    ("1,5,2", TRIPLE, (1, 5, 2), "(1, 5, 2)"),
    ("2,4, 1,92", PAIR, (R(12, 5), R(48, 25)), "(2.4, 1.92)"),
    ("(1,000, 2,000)", PAIR, (1, 0, 2, 0), "(1, 000, 2, 000)"),
]


@pytest.mark.parametrize("text,vocabulary,expected,read_as", NUMBERS_AS_WRITTEN)
def test_numbers_as_people_write_them(text, vocabulary, expected, read_as):
    answer = read_answer(text, vocabulary)
    assert answer.value == (tuple(sp.Integer(e) if isinstance(e, int) else e for e in expected)
                            if isinstance(expected, tuple) else expected)
    assert answer.read_as == read_as


@pytest.mark.parametrize("text,vocabulary,code,position", [
    ("(1.O2, 1.84)", PAIR, "letter-o-in-number", 3),
    ("(1.02, 1.8O)", PAIR, "letter-o-in-number", 10),
    ("1O", NUMBERS, "letter-o-in-number", 1),
    ("(2θ1 6θ2)", THETA_PAIR, "missing-comma", 5),
    ("(1.6 -0.4)", PAIR, "missing-comma", 5),
    ("θ = (1.6 -0.4)", THETA_PAIR, "missing-comma", 9),
    ("2 4", SCALAR, "numbers-side-by-side-scalar", 2),   # one number asked: no vector to suggest
    ("2 4", NUMBERS, "numbers-side-by-side", 2),
    ("(2.4 1.92)", PAIR, "numbers-side-by-side", 5),
])
def test_typos_name_their_cause(text, vocabulary, code, position):
    with pytest.raises(ParseError) as caught:
        read_answer(text, vocabulary)
    assert (caught.value.code, caught.value.position) == (code, position)


@pytest.mark.parametrize("text,vocabulary,expected", [
    ("(1.6 -0.4)", SCALAR, R(6, 5)),          # on a scalar task it is a difference
    ("(1.6 -0.4)", NUMBERS, R(6, 5)),
    ("1.6 - 0.4", PAIR, R(6, 5)),             # spaced on both sides: a difference
    ("2 θ1", THETA_PAIR, 2 * θ1),
])
def test_what_is_no_typo(text, vocabulary, expected):
    assert read_answer(text, vocabulary).value == expected


def test_missing_comma_message_in_both_languages():
    from grader import messages

    with pytest.raises(ParseError) as caught:
        read_answer("(1.6 -0.4)", PAIR)
    error = caught.value
    english = messages.render(error.code, error.params, "en", error.position)
    assert english.startswith("a vector with 2 components is asked: a comma seems to be missing")
    assert "komma" in messages.render(error.code, error.params, "nl", error.position)


@pytest.mark.parametrize("text,word", [
    ("125 miles", "miles"),
    ("125 cm.", "cm"),
    ("125", None),
    ("2 theta", None),     # a Greek letter spelled out
    ("3 sin", None),
    ("x y", None),         # no number before it
    ("2xy", None),
])
def test_a_word_after_a_teachers_number_is_named(text, word):
    assert unit_word(text) == word


# -- graded as a task grades them: the task says how many components its answer has ----------
TASKS = """id: forms
title: numbers as written
problems:
  - id: p
    tasks:
      - {id: count, answer: "7425000"}
      - {id: pair, answer: "(1.02, 1.84)"}
      - {id: distance, answer: "125"}
"""


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    from grader.exercise import load_exercise

    path = tmp_path_factory.mktemp("forms") / "forms.yaml"
    path.write_text(TASKS, encoding="utf-8")
    return load_exercise(path)


@pytest.mark.parametrize("task,answer,verdict,read_as,code", [
    ("count", "7,425,000", "correct", "7425000", None),
    ("count", r"11,\! 111,\! 100", "incorrect", "11111100", None),
    ("count", "7 425 000", "correct", "7425000", None),
    ("pair", r"(1{,}02;\ 1{,}84)", "correct", "(1.02, 1.84)", None),
    ("pair", "(1,02; 1,84)", "correct", "(1.02, 1.84)", None),
    ("pair", "(1.O2, 1.84)", "invalid", None, "letter-o-in-number"),
    ("pair", "(1.02 -1.84)", "invalid", None, "missing-comma"),
    ("distance", r"125\text{ miles}", "correct", "125", None),
])
def test_graded_as_written(forms, task, answer, verdict, read_as, code):
    from grader.reading.submission import Submission
    from grader.running.grade import grade_submission

    submission = Submission("s.yaml", "s", "forms", {f"p.{task}": answer})
    result = next(r for r in grade_submission(forms, submission) if r.task == f"p.{task}")
    assert result.verdict == verdict
    assert result.read_as == read_as
    if code is not None:
        assert result.message is not None and result.message.code == code


def test_a_unit_is_graded_with_a_note(forms):
    from grader.reading.submission import Submission
    from grader.running.grade import grade_submission

    submission = Submission("s.yaml", "s", "forms", {"p.distance": r"125\text{ miles}"})
    result = next(r for r in grade_submission(forms, submission) if r.task == "p.distance")
    assert [(d.code, d.params) for d in result.diagnoses] == [("unit-not-checked", (("unit", "miles"),))]


@pytest.mark.parametrize("text,found", [
    ("2,500", "2,500"),
    ("12{,}000", "12{,}000"),
    ("x + 1,000", "1,000"),
    ("7,425,000", None),      # two groups: one number
    ("1,000.5", None),        # a decimal point follows: one number
    ("(1,000)", None),        # in brackets the comma separates components
    ("2,5", None),
    ("0,250", None),
    ("(2,500; 1)", None),
])
def test_a_teachers_number_that_may_be_a_thousand_is_named(text, found):
    assert comma_or_thousands(text) == found
