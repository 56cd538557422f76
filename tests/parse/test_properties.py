"""Property tests of the answer reader: it never fails in an unplanned way, and what it prints
reads back as the same value."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from grader.checking.equivalence import Equivalence, equivalent, make_probe
from grader.limits import DEFAULT_LIMITS
from grader.parse import ParseError, read_answer
from grader.parse.lexer import exact_literal
from grader.parse.mathtext import expression_text
from tests.helpers import DATA, PLAIN, x, y

ALPHABET = st.sampled_from(list("0123456789xyz+-*/^()[]{},;=!|_.&$ \\") +
                           ["\\frac", "\\cdot", "\\sqrt", "\\sum", "sin", "ln", "e", "π", "θ", "²",
                            "·", "−", "\\begin{pmatrix}", "\\end{pmatrix}", "\\\\", "x_i", "^{(i)}",
                            "Σ", "h(", "\\left(", "\\right)", "\x00", "é", "'", "e-", "E+", "^T",
                            "ᵀ", "≈", ":=", "←", "θ1 =", "dZ/dx =", "⅖", "х", "\t", "\f",
                            "\\mathrm{e}", "_{j=1}", "Σ_{j=1}^{n}", "{,}", ",\\!", "\\,", "000",
                            "\\boxed{", "\\vec{", "\\mathbf{", "\\bm", "\\%", "%", "^\\circ", "°",
                            "\\text{ cm}", "\\left.", "\\right|", "\\approx", "\\cfrac", "O",
                            "\\prime", "\\quad", "(p, q) ="])
# derandomize: the same examples on every run and machine, so CI cannot draw a different one.
SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(max_size=60))
def test_any_text_reads_or_is_invalid(text):
    try:
        read_answer(text, PLAIN)
    except ParseError:
        pass


@SETTINGS
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_math_like_text_reads_or_is_invalid(text):
    for vocabulary in (PLAIN, DATA):
        try:
            read_answer(text, vocabulary)
        except ParseError:
            pass


SHAPED = [replace(PLAIN, components=count) for count in (None, 1, 2, 3)]


@SETTINGS
@given(st.lists(ALPHABET, max_size=40).map("".join), st.sampled_from(SHAPED))
def test_text_reads_or_is_invalid_whatever_the_tasks_shape(text, vocabulary):
    try:
        read_answer(text, vocabulary)
    except ParseError as error:  # refused, and where when it is one place
        assert error.position is None or 0 <= error.position <= len(text)


@SETTINGS
@given(st.lists(ALPHABET, max_size=40).map("".join), st.sampled_from([DATA, *SHAPED]))
def test_read_as_reads_back_to_the_same_value_on_every_task_shape(text, vocabulary):
    try:
        answer = read_answer(text, vocabulary)
    except ParseError:
        return
    again = read_answer(answer.read_as, vocabulary)
    assert again.value == answer.value
    assert again.read_as == answer.read_as


@SETTINGS
@given(st.text("0123456789", max_size=25), st.booleans(), st.text("0123456789", max_size=25))
def test_a_literal_is_the_exact_value_fraction_reads(whole, point, decimals):
    literal = whole + ("." + decimals if point else "")
    assume(any(c.isdigit() for c in literal) and (not point or decimals))
    assert exact_literal(literal) == Fraction(literal)


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from([",", "{,}", ",\\!", " ", "\\,"]),
       st.sampled_from([None, 1]))
def test_digits_in_groups_of_three_are_one_number(number, separator, components):
    grouped = f"{number:,}".replace(",", separator)
    vocabulary = replace(PLAIN, components=components)
    if components is None and "," in separator and number < 10**6:
        return  # where the task is not known, 1,000 may be a decimal comma
    answer = read_answer(grouped, vocabulary)
    assert answer.value == number
    assert answer.read_as == str(number)


def expressions():
    leaves = st.one_of(st.sampled_from([x, y]), st.integers(-9, 9).map(sp.Integer),
                       st.fractions(max_denominator=9).map(lambda f: sp.Rational(f.numerator, f.denominator)))

    def extend(children):
        return st.one_of(
            st.tuples(children, children).map(lambda ab: ab[0] + ab[1]),
            st.tuples(children, children).map(lambda ab: ab[0] * ab[1]),
            st.tuples(children, children).map(lambda ab: ab[0] - ab[1]),
            # small powers: SymPy itself stalls building exp() of a 6,000-digit integer
            st.tuples(children, st.integers(0, 2)).map(lambda ab: ab[0] ** ab[1]),
            # functions only of expressions with a variable: SymPy evaluates sin(exp(10^6))
            # eagerly, and can take minutes to decide its sign
            *(children.filter(lambda e: bool(e.free_symbols)).map(f) for f in (sp.sin, sp.exp, sp.cos)),
        )

    return st.recursive(leaves, extend, max_leaves=6)


PROBE = make_probe("properties", DEFAULT_LIMITS)


@SETTINGS
@given(expressions())
def test_printed_expressions_read_back_equivalent(expr):
    text = expression_text(expr)
    try:
        value = read_answer(text, PLAIN).value
    except ParseError as error:  # beyond the documented limits (exp(101)): not this property
        assume(error.code not in ("degree-too-large", "number-too-large", "number-too-long",
                                  "too-many-nodes", "too-deep"))
        raise
    assert value == expr or equivalent(value, expr, PROBE) is Equivalence.EQUAL, text


@SETTINGS
@given(st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
       st.integers(min_value=-60, max_value=60), st.sampled_from(["e", "E"]))
def test_scientific_notation_is_exact(mantissa, power, mark):
    from fractions import Fraction

    text = f"{mantissa}{mark}{power:+d}" if power < 0 or mark == "E" else f"{mantissa}{mark}{power}"
    expected = Fraction(str(mantissa)) * Fraction(10) ** power
    assert read_answer(text, PLAIN).value == sp.Rational(expected.numerator, expected.denominator)


@SETTINGS
@given(st.sampled_from(["θ1", "θ_1", "θ₁", "θ_{1}", "θ_new", "\\theta_{1}", "θ^{(1)}", "dZ/dx",
                        "δZ/δx", "Z_x", "Z_xy", "f'(x)", "∂Z/∂x", "\\boldsymbol{\\theta}^{(1)}",
                        "J^{\\prime}(x)", "\\vec{x}", "\\mathbf{x}", "\\quad x", "(x, y)",
                        "\\frac{\\mathrm{d}f}{\\mathrm{d}x}", "\\left. f' \\right|_{x=1}", "x^*",
                        "x^{*}", "x^\\ast", "θ_1^{\\star}"]),
       st.sampled_from(["=", ":=", "←", "≈", "\\approx"]), st.integers(min_value=-999, max_value=999))
def test_a_label_never_changes_the_value(label, separator, number):
    assert read_answer(f"{label} {separator} {number}", PLAIN).value == number
