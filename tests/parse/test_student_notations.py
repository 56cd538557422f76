"""Small notations lesson-4 students wrote in the second newcomer trial (issue 23): a list
joined by "en"/"and", a set of values, a chain of equal components, repeating decimals and
mixed numbers in LaTeX. Each is read as meant, or refused saying what to write."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import grader
from grader.messages import render, render_finding
from grader.parse import ParseError, Vocabulary, read_answer
from grader.parse.answer import component_labels
from tests.conftest import ROOT
from tests.helpers import NUMBERS, THETAS

R = sp.Rational
PAIR = replace(NUMBERS, components=2)
TRIPLE = replace(NUMBERS, components=3)
THETA_PAIR = replace(THETAS, components=2)
SCALAR = replace(NUMBERS, components=1)
SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None)


def values(expected: tuple) -> tuple[sp.Expr, ...]:
    return tuple(sp.nsimplify(e) if isinstance(e, float) else sp.sympify(e) for e in expected)


# -- "en" / "and" between the items of a list -------------------------------------------------
LIST_WORDS = [
    ("2,29 en 15,71", PAIR, (R(229, 100), R(1571, 100))),        # decimal commas kept
    ("2.29 and 15.71", PAIR, (R(229, 100), R(1571, 100))),
    ("λ₁ ≈ 2,29 en λ₂ ≈ 15,71", PAIR, (R(229, 100), R(1571, 100))),  # ≈ names like =
    (r"\lambda_1 \approx 2.29 \text{ and } \lambda_2 \approx 15.71", PAIR, (R(229, 100), R(1571, 100))),
    ("1, 2 and 3", TRIPLE, (1, 2, 3)),                           # list commas: "and" is one
    ("1; 2,5 en 3", TRIPLE, (1, R(5, 2), 3)),
    ("θ1 = 2 en θ2 = -1", THETA_PAIR, (2, -1)),
]


@pytest.mark.parametrize("text,vocabulary,expected", LIST_WORDS)
def test_en_and_and_separate_the_items_of_a_list(text, vocabulary, expected):
    assert read_answer(text, vocabulary).value == values(expected)


def test_labels_joined_by_en_are_matched_to_their_components():
    assert component_labels("θ2 = -1 en θ1 = 2") == ("θ2", "θ1")


@pytest.mark.parametrize("text,vocabulary", [
    ("2 en 3", SCALAR),                  # one number asked: no list
    ("(2,29 en 15,71)", PAIR),           # inside brackets: write (2,29; 15,71)
    ("2.29 en", PAIR),                   # no item after it
    ("2 en 3", Vocabulary(variables={"en": sp.Symbol("en")}, components=2)),  # a name: kept
])
def test_en_is_no_separator_elsewhere(text, vocabulary):
    with pytest.raises(ParseError):
        read_answer(text, vocabulary)


@SETTINGS
@given(st.lists(st.decimals(min_value=-999, max_value=999, places=2, allow_nan=False, allow_infinity=False),
                min_size=2, max_size=2),
       st.sampled_from([" en ", " and ", " \\text{ en } ", "  and  "]), st.booleans())
def test_a_word_between_two_numbers_is_a_semicolon(numbers, word, comma):
    written = [str(n).replace(".", ",") if comma else str(n) for n in numbers]
    assert read_answer(word.join(written), PAIR).value == read_answer("; ".join(written), PAIR).value


# -- a set of values ----------------------------------------------------------------------------
SETS = [
    ("λ ∈ {2.29, 15.71}", PAIR, (R(229, 100), R(1571, 100))),
    (r"\lambda \in \{2.29, 15.71\}", PAIR, (R(229, 100), R(1571, 100))),
    (r"\lambda_{1,2} \in \left\{2.29, 15.71\right\}", PAIR, (R(229, 100), R(1571, 100))),
    ("{2,29; 15,71}", PAIR, (R(229, 100), R(1571, 100))),
    ("{1, 2, 3}", TRIPLE, (1, 2, 3)),
]


@pytest.mark.parametrize("text,vocabulary,expected", SETS)
def test_a_set_of_values_is_the_list_of_its_elements(text, vocabulary, expected):
    assert read_answer(text, vocabulary).value == values(expected)


@pytest.mark.parametrize("text,vocabulary", [
    ("x ∈ {2}", SCALAR),                 # one number asked: no set
    ("λ = 2 ∈ {2.29, 15.71}", PAIR),     # ∈ after working: not a label
])
def test_element_of_is_refused_elsewhere(text, vocabulary):
    with pytest.raises(ParseError):
        read_answer(text, vocabulary)


def test_two_brace_groups_are_no_set():
    assert read_answer("{2}{3}", PAIR).value == 6


@SETTINGS
@given(st.lists(st.integers(min_value=-999, max_value=999), min_size=2, max_size=2),
       st.sampled_from(["λ ∈ {{{}}}", "\\lambda \\in \\{{{}\\}}", "{{{}}}", "  {{ {} }}  "]))
def test_a_set_is_read_as_its_list(numbers, form):
    listed = ", ".join(str(n) for n in numbers)
    assert read_answer(form.format(listed), PAIR).value == read_answer(listed, PAIR).value


# -- a point as a chain of equal components ----------------------------------------------------
W, B = sp.symbols("w b")
WB = Vocabulary(variables={"w": W, "b": B}, components=2)
TH = Vocabulary(variables={"θ1": sp.Symbol("θ1"), "θ2": sp.Symbol("θ2")}, components=2)
XYZ = Vocabulary(variables={n: sp.Symbol(n) for n in "xyz"}, components=3)

CHAINS = [
    ("w = b = 2", WB, (2, 2)),                         # trial 2: was read as b = 2
    ("b = w = 2", WB, (2, 2)),
    ("w^* = b^* = 2", WB, (2, 2)),
    (r"\theta_1 = \theta_2 = 0.5", TH, (R(1, 2), R(1, 2))),
    ("w = b ≈ 2", WB, (2, 2)),
    ("x = y = z = -1", XYZ, (-1, -1, -1)),
    ("θ1 = θ2 = 0", replace(TH, variables={**TH.variables, "n": sp.Symbol("n")}), (0, 0)),  # n: no component
]


@pytest.mark.parametrize("text,vocabulary,expected", CHAINS)
def test_a_chain_of_every_component_name_is_the_point(text, vocabulary, expected):
    answer = read_answer(text, vocabulary)
    assert answer.value == values(expected)
    assert len(answer.parts) == 1 and answer.read_as.startswith("(")  # one vector, no working


def test_working_after_a_chain_of_names_is_checked_per_component():
    answer = read_answer("w = b = 4/2 = 2", WB)
    assert answer.parts == ((2, 2), (2, 2))
    assert answer.read_as == "(4/2, 4/2) = (2, 2)"


@pytest.mark.parametrize("text,vocabulary,code", [
    ("x = y = 2", XYZ, "names-chain"),      # z not named: write the whole point
    ("w = w = 2", WB, "names-chain"),       # w twice, b never
    ("w = b = (2, 2)", WB, "names-chain-value"),
])
def test_a_chain_that_is_not_the_point_is_refused_saying_what_to_write(text, vocabulary, code):
    with pytest.raises(ParseError) as refused:
        read_answer(text, vocabulary)
    assert refused.value.code == code
    for lang in ("en", "nl"):  # says what to write
        assert "(2, 2)" in render(code, refused.value.params, lang)


def test_a_chain_of_names_on_a_one_number_task_is_working_as_before():
    assert read_answer("w = b = 2", replace(WB, components=1)).value == 2


@SETTINGS
@given(st.integers(min_value=-999, max_value=999), st.permutations(["x", "y", "z"]),
       st.sampled_from(["=", "≈", "\\approx"]))
def test_any_order_of_the_names_gives_the_same_point(value, names, separator):
    text = f" {separator} ".join(names) + f" {separator} {value}"
    assert read_answer(text, XYZ).value == (value, value, value)


# -- repeating decimals ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected,note", [
    (r"2.1\overline{6}", R(13, 6), None),                 # exact: the bar repeats the 6
    (r"0.\overline{3}", R(1, 3), None),
    (r"0.1\overline{142857}", R(4, 35), None),
    (r"2,1\overline{6}", R(13, 6), None),
    (r"2.1\bar{6}", R(13, 6), None),
    ("2.1666...", R(21666, 10000), "2.1666..."),          # cut off: the digits written, noted
    ("2.1666…", R(21666, 10000), "2.1666..."),
    (r"2.1666\ldots", R(21666, 10000), "2.1666..."),
    ("2,1666...", R(21666, 10000), "2.1666..."),
])
def test_a_repeating_decimal_is_exact_with_a_bar_and_noted_with_dots(text, expected, note):
    answer = read_answer(text, SCALAR)
    assert answer.value == expected
    assert [n.text for n in answer.notes if n.code == "repeating-decimal-dots"] == ([note] if note else [])


@pytest.mark.parametrize("text", [r"2\overline{6}", "1...", "2.1666 ..."])
def test_dots_or_a_bar_without_a_decimal_are_refused(text):
    with pytest.raises(ParseError):
        read_answer(text, SCALAR)


@SETTINGS
@given(st.integers(min_value=0, max_value=99), st.text(alphabet="0123456789", max_size=4),
       st.text(alphabet="0123456789", min_size=1, max_size=6))
def test_a_bar_repeats_its_digits(whole, fixed, repeating):
    from fractions import Fraction

    value = read_answer(f"{whole}.{fixed}\\overline{{{repeating}}}", SCALAR).value
    # the textbook rule: (all the digits − those before the bar) / (10^k · (10^r − 1))
    shift, period = len(fixed), len(repeating)
    both = Fraction(int(f"{whole}{fixed}{repeating}") - int(f"{whole}{fixed}" or "0"),
                    10**shift * (10**period - 1))
    assert value == sp.Rational(both.numerator, both.denominator)


# -- a whole number before a LaTeX fraction: a product, noted ---------------------------------------
@pytest.mark.parametrize("text,expected,note", [
    (r"2\frac{1}{6}", R(1, 3), r"2\frac{1}{6}"),          # not the mixed number 2⅙ = 13/6
    (r"2\tfrac12", 1, r"2\frac{1}{2}"),
    (r"2 \frac{1}{2}", 1, r"2\frac{1}{2}"),
    (r"1 + 2\dfrac{1}{6}", R(4, 3), r"2\frac{1}{6}"),
    ("2⅙", R(13, 6), None),                               # a vulgar fraction: a mixed number
    (r"2\frac{7}{6}", R(7, 3), None),                     # no proper fraction: no mixed number
    (r"2.5\frac{1}{6}", R(5, 12), None),
    (r"2 \cdot \frac{1}{6}", R(1, 3), None),              # a product written as one
    (r"\frac{1}{2}\frac{1}{3}", R(1, 6), None),
])
def test_a_whole_number_before_a_fraction_is_a_product_with_a_note(text, expected, note):
    answer = read_answer(text, SCALAR)
    assert answer.value == expected
    assert [n.text for n in answer.notes if n.code == "mixed-number-notation"] == ([note] if note else [])


@SETTINGS
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=99),
       st.integers(min_value=2, max_value=100), st.sampled_from(["\\frac", "\\tfrac", "\\dfrac", " \\frac"]))
def test_every_whole_before_a_proper_fraction_is_noted(whole, numerator, denominator, command):
    answer = read_answer(f"{whole}{command}{{{numerator}}}{{{denominator}}}", SCALAR)
    assert answer.value == R(whole * numerator, denominator)
    noted = [n.code for n in answer.notes] == ["mixed-number-notation"]
    assert noted == (numerator < denominator)


# -- the second newcomer trial's answers, graded -------------------------------------------------
TRIAL = grader.load_exercise(ROOT / "tests" / "data" / "les4-prijs.yaml")  # a copy of the trial's exercise


@pytest.mark.parametrize("key,answer,verdict,codes", [
    ("k.stationair", "w = b = 2", "correct", []),
    ("k.stationair", "w^* = 2, b^* = 2", "correct", []),
    ("k.stationair", r"w^{*} = 2, b^\ast = 2", "correct", []),
    ("k.eigen", "λ₁ ≈ 2,29 en λ₂ ≈ 15,71", "correct", []),
    ("k.eigen", "2,29 en 15,71", "correct", []),
    ("k.eigen", "λ ∈ {2.29, 15.71}", "correct", []),
    ("k.eigen", r"\lambda \in \{15.71, 2.29\}", "correct", []),
    ("e.newton1", "2.1666...", "correct", ["repeating-decimal-dots"]),
    ("e.newton1", r"2.1\overline{6}", "correct", []),
    ("e.newton1", "2⅙", "correct", []),
    ("e.newton1", r"2\frac{1}{6}", "incorrect", ["mixed-number-notation"]),
    ("e.newton1", r"2\tfrac12", "incorrect", ["mixed-number-notation"]),
    ("k.aard0", "zadel punt", "correct", []),
    ("k.aard", "lokaal minimum, want beide eigenwaarden > 0", "correct", []),
    ("k.aard", "local minimum", "correct", []),
    ("k.aard", "een lokaal maximum", "incorrect", ["nature-opposite"]),
])
def test_the_trial_answers_are_read_as_meant(key, answer, verdict, codes):
    result = grader.check_answer(TRIAL, key, answer)
    assert (result.verdict, [d.code for d in result.diagnoses]) == (verdict, codes), result


@pytest.mark.parametrize("answer,en,nl", [
    ("2.1666...", "'2.1666...' is read as 2.1666", "schrijf voor de exacte waarde een breuk"),
    (r"2\frac{1}{6}", "is read as a product, 2·1/6 = 1/3", "schrijf voor het gemengde getal 2 + 1/6 of 13/6"),
])
def test_a_notation_note_says_how_it_was_read_and_what_to_write(answer, en, nl):
    diagnosis = grader.check_answer(TRIAL, "e.newton1", answer).diagnoses[0]
    assert en in render_finding(diagnosis.code, diagnosis.params, "en")
    assert nl in render_finding(diagnosis.code, diagnosis.params, "nl")


def test_a_repeating_decimal_is_shown_with_its_bar():
    from grader.parse.answer import read_tree
    from grader.report.mathml import chain_latex, chain_mathml

    parts, separators = read_tree(r"2.1\overline{6}", SCALAR)
    assert "<mn>2.1</mn><mover><mn>6</mn><mo>‾</mo></mover>" in chain_mathml(parts, separators)
    assert chain_latex(parts, separators) == r"2.1\overline{6}"
