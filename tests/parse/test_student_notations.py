"""Small notations lesson-4 students wrote in the second newcomer trial (issue 23): a list
joined by "en"/"and", a set of values, a chain of equal components, repeating decimals and
mixed numbers in LaTeX. Each is read as meant, or refused saying what to write."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.messages import render
from grader.parse import ParseError, Vocabulary, read_answer
from grader.parse.answer import component_labels
from tests.helpers import NUMBERS, PLAIN, THETAS

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
