"""Every input form a student may use, read into the value a teacher means."""

from __future__ import annotations

import pytest
import sympy as sp

from grader.parse import ParseError, read_answer
from tests.helpers import DATA, NUMBERS, PLAIN, THETAS, X, Y, i, n, value, x, y, θ, θ0, θ1, θ2

R = sp.Rational

PLAIN_FORMS = [
    ("4x^3 + 3x^2y^2", 4 * x**3 + 3 * x**2 * y**2),
    ("4*x**3 + 3*x**2*y**2", 4 * x**3 + 3 * x**2 * y**2),
    ("2(x+1)", 2 * x + 2),
    ("x y", x * y),
    ("xy", x * y),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("x^2(4x+3y^2)", x**2 * (4 * x + 3 * y**2)),
    ("3x²y²", 3 * x**2 * y**2),
    ("x⁻¹", 1 / x),
    ("6x·y", 6 * x * y),
    ("6x×y", 6 * x * y),
    ("x − y", x - y),
    ("x ÷ 2", x / 2),
    ("1/2x", x / 2),
    ("1/2 x", x / 2),
    ("x/2y", x * y / 2),
    ("-x^2", -x**2),
    ("x^-2", x**-2),
    ("x^y^2", x**(y**2)),
    ("e^x", sp.exp(x)),
    ("e^(2x)", sp.exp(2 * x)),
    ("exp(x)", sp.exp(x)),
    ("ln(x)", sp.log(x)),
    ("ln x", sp.log(x)),
    ("log(x)", sp.log(x)),
    ("sqrt(x)", sp.sqrt(x)),
    ("√x", sp.sqrt(x)),
    ("√(x+1)", sp.sqrt(x + 1)),
    # √ takes the whole number after it (a hostile round found √5653 read as √5·653); \sqrt20
    # keeps TeX's rule of one character
    ("232 − 4√5653", 232 - 4 * sp.sqrt(5653)),
    ("8 - √20", 8 - sp.sqrt(20)),
    ("√16 - 3", sp.Integer(1)),
    ("√2.5", sp.sqrt(sp.Rational(5, 2))),
    ("2√3x", 2 * sp.sqrt(3) * x),
    ("√2^3", sp.sqrt(2)**3),
    ("\\sqrt20", sp.Integer(0)),
    ("sin x", sp.sin(x)),
    ("sinx", sp.sin(x)),
    ("sin(x)cos(x)", sp.sin(x) * sp.cos(x)),
    ("sin x cos x", sp.sin(x) * sp.cos(x)),
    ("sin 2x", sp.sin(2 * x)),
    ("sin x^2", sp.sin(x**2)),
    ("sin^2 x", sp.sin(x)**2),
    ("tan(x)", sp.tan(x)),
    ("arctan(x)", sp.atan(x)),
    ("|x|", sp.Abs(x)),
    ("abs(x)", sp.Abs(x)),
    ("3!", 6),
    ("pi x", sp.pi * x),
    ("πx", sp.pi * x),
    ("[x + 1]", x + 1),
]

LATEX_FORMS = [
    (r"$4x^3 + 3x^2y^2$", 4 * x**3 + 3 * x**2 * y**2),
    (r"$$x^{2}$$", x**2),
    (r"\(x^2\)", x**2),
    (r"\frac{2}{5}x", R(2, 5) * x),
    (r"\dfrac{x}{y}", x / y),
    (r"\frac12 x", x / 2),
    (r"2 \cdot x", 2 * x),
    (r"2 \times x", 2 * x),
    (r"x \div 2", x / 2),
    (r"\sqrt{x}", sp.sqrt(x)),
    (r"\sqrt[3]{x}", x**R(1, 3)),
    (r"e^{3x^2}", sp.exp(3 * x**2)),
    (r"\exp(x)", sp.exp(x)),
    (r"\ln(x^2+1)", sp.log(x**2 + 1)),
    (r"\sin x", sp.sin(x)),
    (r"\sin^2 x", sp.sin(x)**2),
    (r"\operatorname{sin}(x)", sp.sin(x)),
    (r"\left( x+1 \right)^2", (x + 1)**2),
    (r"\left[ x \right]", x),
    (r"{x+1}^2", (x + 1)**2),
    (r"\pi", sp.pi),
    (r"x\,y", x * y),
    (r"\frac{1}{1+e^{-x}}", 1 / (1 + sp.exp(-x))),
]

THETA_FORMS = [
    ("6θ", 6 * θ),
    ("6 theta", 6 * θ),
    (r"6\theta", 6 * θ),
    ("θ1^3", θ1**3),
    ("θ₁^3", θ1**3),
    ("θ_1^3", θ1**3),
    ("theta1^3", θ1**3),
    ("theta_1^3", θ1**3),
    (r"\theta_1^3", θ1**3),
    (r"\theta_{1}^{3}", θ1**3),
    (r"\theta1", θ1),
    ("ϑ_2", θ2),
    (r"\theta_1^3 + \frac{2}{5}\theta_2", θ1**3 + R(2, 5) * θ2),
    ("θ1^3 + 2/5 θ2", θ1**3 + R(2, 5) * θ2),
    ("θ1θ2", θ1 * θ2),
]

NUMBER_FORMS = [
    ("24", 24),
    ("1.6", R(8, 5)),
    (".5", R(1, 2)),
    ("1,6", R(8, 5)),  # a Dutch decimal comma
    ("-0,25", R(-1, 4)),
    ("12/5", R(12, 5)),
    ("4 - 0.1*24", R(8, 5)),
    ("4 - (0.1 \\cdot 24)", R(8, 5)),
    ("6*-20", -120),
    ("-20 - -120", 100),
    ("-4^3", -64),
    ("(-4)^3", -64),
    ("2^-1", R(1, 2)),
    ("0.33", R(33, 100)),
]

VECTOR_FORMS = [
    ("(2.4, 1.92)", (R(12, 5), R(48, 25))),
    ("[2.4, 1.92]", (R(12, 5), R(48, 25))),
    ("2.4, 1.92", (R(12, 5), R(48, 25))),
    ("2,4; 1,92", (R(12, 5), R(48, 25))),
    ("(2,4; 1,92)", (R(12, 5), R(48, 25))),
    (r"\begin{pmatrix} 2.4 \\ 1.92 \end{pmatrix}", (R(12, 5), R(48, 25))),
    (r"\begin{bmatrix} 2.4 & 1.92 \end{bmatrix}", (R(12, 5), R(48, 25))),
    (r"\begin{pmatrix} 2.4 \\ 1.92 \\ \end{pmatrix}", (R(12, 5), R(48, 25))),
    ("θ = (2.4, 1.92)", (R(12, 5), R(48, 25))),
    ("(2.4 - 0.1·13.824, 1.92) ≈ (1.02, 1.92)", (R(51, 50), R(48, 25))),
    (r"(1.0176, 1.92) \approx (1.02, 1.92)", (R(51, 50), R(48, 25))),
]

DATA_FORMS = [
    ("x^(i)", None, X[i]),
    ("x_i", None, X[i]),
    ("x_{i}", None, X[i]),
    (r"x^{(i)}", None, X[i]),
    (r"\sum_{i=1}^{n} x^{(i)}", None, sp.Sum(X[i], (i, 1, n))),
    ("Σ_{i=1}^{n} x_i", None, sp.Sum(X[i], (i, 1, n))),
    ("sum_{i=1}^{n} x_i", None, sp.Sum(X[i], (i, 1, n))),
    ("Σ x_i", None, sp.Sum(X[i], (i, 1, n))),
    ("Σ_i x_i y_i", None, sp.Sum(X[i] * Y[i], (i, 1, n))),
    ("h(x^(i))", None, θ0 + θ1 * X[i]),
    (r"h_\theta(x^{(i)})", None, θ0 + θ1 * X[i]),
    ("h_θ(x_i)", None, θ0 + θ1 * X[i]),
    ("x_3", None, X[3]),
    (r"\frac{2}{n}\sum_{i=1}^{n}(h_\theta(x^{(i)}) - y^{(i)}) \cdot x^{(i)}", None,
     2 * sp.Sum((θ0 + θ1 * X[i] - Y[i]) * X[i], (i, 1, n)) / n),
]


@pytest.mark.parametrize("text,expected", PLAIN_FORMS + LATEX_FORMS)
def test_plain_and_latex_forms(text, expected):
    assert sp.simplify(value(text) - expected) == 0


@pytest.mark.parametrize("text,expected", THETA_FORMS)
def test_theta_spellings_are_one_symbol(text, expected):
    assert value(text, THETAS) == expected


@pytest.mark.parametrize("text,expected", NUMBER_FORMS)
def test_numbers_are_exact(text, expected):
    assert value(text, NUMBERS) == expected


@pytest.mark.parametrize("text,expected", VECTOR_FORMS)
def test_vectors(text, expected):
    assert value(text, THETAS) == expected


@pytest.mark.parametrize("text,_unused,expected", DATA_FORMS)
def test_samples_sums_and_defined_functions(text, _unused, expected):
    assert sp.expand(value(text, DATA) - expected) == 0


@pytest.mark.parametrize("text,read_as", [
    ("-4^3", "-(4^3)"),
    ("3x^2y^2", "3*x^2*y^2"),
    ("1/2x", "(1/2)*x"),
    ("2·-3", "2*(-3)"),
    ("-9x^2y^2 + 5", "-9*x^2*y^2 + 5"),
    ("θ = 4 - (0.1 \\cdot 24) = 1.6", None),
    (r"\begin{pmatrix} -4 - (1 \cdot -4^3 \cdot 0.1) \\ 2 \end{pmatrix}", "(-4 - 1*(-(4^3))*0.1, 2)"),
    ("5.1e-2", "5.1·10^(-2)"),
    ("1.6E+4", "1.6·10^4"),
    ("(5.1e-2)^2", "(5.1·10^(-2))^2"),
    ("2e^x", "2*e^x"),
    ("⅖x", "⅖*x"),
    ("dZ/dx = 4x^3", "4*x^3"),
    ("2.4 - 1.3824 = 1.0176 ≈ 1.02", "2.4 - 1.3824 = 1.0176 ≈ 1.02"),
])
def test_read_as_shows_how_the_answer_was_understood(text, read_as):
    answer = read_answer(text, THETAS if "θ" in text else PLAIN)
    if read_as is not None:
        assert answer.read_as == read_as


def test_negative_base_notation_is_noted_where_written():
    answer = read_answer(r"-4 - (1 \cdot -4^3 \cdot 0.1)", NUMBERS)
    assert [(n.code, n.position) for n in answer.notes] == [("negative-base-notation", 14)]
    assert read_answer("(-4)^3", NUMBERS).notes == ()
    assert read_answer("-(4)^3", NUMBERS).notes == ()


def test_chain_keeps_every_part_and_grades_the_last():
    # θ names the iterate (a label), the working and the result are the parts
    answer = read_answer("θ = 4 - 0.1*24 = 1.6", THETAS)
    assert answer.value == sp.Rational(8, 5)
    assert answer.parts == (sp.Rational(8, 5), sp.Rational(8, 5))
    assert answer.separators == ("=",)
    assert read_answer("2.4 - 1.3824 = 1.0176 ≈ 1.02", NUMBERS).separators == ("=", "≈")


def test_e_is_a_variable_when_the_exercise_says_so():
    from grader.parse import Vocabulary

    e = sp.Symbol("e")
    assert value("2e", Vocabulary(variables={"e": e})) == 2 * e
    assert value("e", PLAIN) == sp.E


INVALID = [
    ("", "empty", 0),
    ("   ", "empty", 0),
    ("4x^3 +", "unexpected-end", 6),
    ("(x + 1", "unexpected-end", 6),
    ("x + 1)", "unexpected-token", 5),
    ("2 ** * 3", "unexpected-token", 5),
    ("z2", "unknown-name", 0),
    ("q", "unknown-name", 0),
    ("x + w", "unknown-name", 4),
    ("x @ y", "unexpected-character", 2),
    ("x; y", None, None),  # a vector, not an error
    ("\\foo{x}", "unknown-command", 0),
    ("9 ± 3x", "plus-minus", 2),             # two values: an eigenvalues task reads them, others refuse
    ("x = 9 \\pm 3\\sqrt{5}", "plus-minus", 6),
    ("\\pmx", "unknown-command", 0),
    ("\\begin{align} x \\end{align}", "unknown-environment", 0),
    ("\\text{answer} x", "text-in-answer", 0),
    ("sin", "function-without-argument", 0),
    ("2*(1,2)", "vector-in-expression", None),
    ("1/0", "division-by-zero", None),
    ("0^-1", "division-by-zero", None),
    ("ln(0)", "undefined-value", None),
    ("x^100000", "degree-too-large", None),
    ("(x+1)^(10^6)", "degree-too-large", None),
    ("9^9^9", "number-too-large", None),
    ("2^(10^100)", "number-too-large", None),
    ("e^(10^10)", "number-too-large", None),
    ("1e1000000000", "number-too-large", 0),
    ("(10^9)!", "factorial-too-large", None),
    ("2.5!", "factorial-too-large", None),
    ("1" * 40, "number-too-long", None),
    ("x" * 2001, "too-long", None),
    ("(" * 60 + "x" + ")" * 60, "too-deep", None),
    ("-" * 60 + "x", "too-deep", None),
    ("+".join(["x"] * 300), "too-many-nodes", None),
    ("__import__('os').system('id')", "unexpected-character", 11),
    ("x.__class__", "unexpected-character", 1),
    ("lambda: 1", "unexpected-character", 6),
    ("lambda", "unknown-name", 0),
]


@pytest.mark.parametrize("text,code,position", INVALID)
def test_invalid_answers_name_the_problem_and_where(text, code, position):
    if code is None:
        read_answer(text, PLAIN)
        return
    with pytest.raises(ParseError) as caught:
        read_answer(text, PLAIN)
    assert caught.value.code == code
    if position is not None:
        assert caught.value.position == position


@pytest.mark.parametrize("text,code", [
    ("x", "data-without-index"),
    ("i", "index-outside-sum"),
    ("x_j", "bad-sample-index"),
    ("h(x_i, y_i)", "wrong-argument-count"),
])
def test_invalid_data_notation(text, code):
    with pytest.raises(ParseError) as caught:
        read_answer(text, DATA)
    assert caught.value.code == code


@pytest.mark.parametrize("text,both", [
    ("9 ± 3√5", "9 - 3√5, 9 + 3√5"),
    ("λ = 9 \\pm 3\\sqrt{5}.", "9 - 3\\sqrt{5}, 9 + 3\\sqrt{5}"),
    ("x ± (y + 1)", "x - (y + 1), x + (y + 1)"),
    ("2 ± x + 1", "2 - (x + 1), 2 + (x + 1)"),
    ("\\frac{1 \\pm \\sqrt{5}}{2}", "a - b, a + b"),  # inside a fraction: no two values to name
    ("1, 2 ± 3", "a - b, a + b"),                      # a list already
    ("±3", "a - b, a + b"),
])
def test_plus_minus_is_refused_naming_the_two_values_to_write(text, both):
    from grader import messages

    with pytest.raises(ParseError) as caught:
        read_answer(text, PLAIN)
    error = caught.value
    assert messages.render(error.code, error.params, "en").endswith(f"write both, separated by a comma: {both}")
    assert messages.render(error.code, error.params, "nl").endswith(
        f"schrijf ze allebei, gescheiden door een komma: {both}")


def test_unknown_name_message_lists_what_the_task_knows():
    from grader import messages

    with pytest.raises(ParseError) as caught:
        read_answer("3x + q", PLAIN)
    error = caught.value
    assert messages.render(error.code, error.params, "en", error.position) == \
        "unknown name 'q'; this task knows x, y, z (at character 6)"
    assert "onbekende naam 'q'" in messages.render(error.code, error.params, "nl", error.position)
