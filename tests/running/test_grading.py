"""Verdicts a teacher can trust, graded as a student's answer is graded: the forms students
write, numbers as written, tolerances, working chains and the diagnoses that go with them."""

from __future__ import annotations

import pytest

from grader.exercise import load_exercise
from grader.reading.submission import Submission
from grader.running.grade import grade_submission
from tests.conftest import ROOT
from tests.helpers import say

EXERCISE = load_exercise(ROOT / "tests" / "data" / "verdicts.yaml")


def grade(key: str, answer: str, others: dict[str, str] | None = None):
    submission = Submission("t.yaml", "t", "verdicts", {key: answer, **(others or {})})
    return next(r for r in grade_submission(EXERCISE, submission) if r.task == key)


def codes(result) -> list[str]:
    return [d.code for d in result.diagnoses]


# -- 3. the forms students write ------------------------------------------------------------
FORMS = [
    # Leibniz and subscript labels
    ("z.dx", "dZ/dx = 4x^3+3x^2y^2"),
    ("z.dx", "δZ/δx = 4x^3+3x^2y^2"),
    ("z.dx", "\\frac{dZ}{dx} = 4x^3+3x^2y^2"),
    ("z.dx", "∂Z/∂x = 4x^3+3x^2y^2"),
    ("z.dx", "Z_x = 4x^3 + 3x^2y^2"),
    ("z.dx", "f_x = 4x^3 + 3x^2y^2"),
    ("z.dx", "Z'(x) = 4x^3 + 3x^2y^2"),
    ("z.dxdy", "Z_xy = 6x^2y"),
    ("gd1.derivative", "dJ/dθ = 6θ"),
    ("gd1.derivative", "J'(θ) = 6θ"),
    # iterate labels in descent
    ("gd1.step1", "θ1 = 1.6"),
    ("gd1.step1", "θ_1 = 1.6"),
    ("gd1.step1", "θ₁ = 1.6"),
    ("gd1.step1", "θ_new = 1.6"),
    ("gd1.step1", "θ ← 1.6"),
    ("gd1.step1", "θ := 1.6"),
    ("gd1.step1", "θ^{(1)} = 1.6"),
    ("gd1.step1", "$$\\theta_{1} = 4 - 0.1 \\cdot 24 = 1.6$$"),
    ("gd1.step1", "\\theta \\leftarrow 4 - 0.1 \\cdot 24 = 1.6"),
    # labelled components, vector names, transposes
    ("gd2.step1", "θ1 = 2.4, θ2 = 1.92"),
    ("gd2.step1", "θ_1 = 2.4, θ_2 = 1.92"),
    ("gd2.step1", "θ1 = 2,4; θ2 = 1,92"),
    ("gd2.step1", "θ = (2.4, 1.92)"),
    ("gd2.step1", "[2.4, 1.92]^T"),
    ("gd2.step1", "(2.4, 1.92)ᵀ"),
    ("gd2.step1", "(2.4, 1.92)^{T}"),
    ("gd2.step1", "\\begin{pmatrix} 2.4 & 1.92 \\end{pmatrix}^\\top"),
    # scientific notation
    ("gd1.step1", "16e-1"),
    ("gd1.step2", "6.4e-1"),
    ("gd1.step1", "1.6e0"),
    ("gd1.step1", "1.6E0"),
    ("gd1.slope1", "2.4e1"),
    ("gd1.slope1", "2.4E+1"),
    ("gd2.step1", "(2.4e0, 1.92e0)"),
    ("num.small", "5.1e-2"),
    ("num.small", "5.1E-2"),
    ("num.small", "51e-3"),
    # another Σ index, \mathrm{e}, \operatorname, vulgar fractions, a final full stop
    ("mse.d_theta0", "2/n Σ_{j=1}^{n} (h(x^(j)) - y^(j))"),
    ("mse.d_theta0", "\\frac{2}{n}\\sum_{k=1}^{n}(\\theta_0 + \\theta_1 x^{(k)} - y^{(k)})"),
    ("mse.d_theta0", "2/n Σ_{i=1}^{n} (h(x_i) - y_i)"),
    ("gd1.step1", "1.6."),
    ("gd1.step1", "θ = 1.6."),
    ("num.exact", "⅔"),
    ("gd1.derivative", "6θ."),
]


@pytest.mark.parametrize("key,answer", FORMS)
def test_the_forms_students_write_are_read(key, answer):
    result = grade(key, answer)
    assert result.verdict == "correct", (result.verdict, say(result.message), result.read_as)


@pytest.mark.parametrize("key,answer,verdict", [
    # near misses: a label does not rescue a wrong value, and what is not a label stays math
    ("gd1.step1", "θ1 = 1.5", "incorrect"),
    ("gd2.step1", "θ1 = 1.92, θ2 = 2.4", "incorrect"),
    ("z.dx", "dZ/dy = 2x^3y + 5y^4", "incorrect"),
    ("gd1.step1", "16e-2", "incorrect"),
    ("num.small", "5.1e-3", "incorrect"),
    ("mse.d_theta0", "2/n Σ_{j=1}^{n} (h(x^(j)) + y^(j))", "incorrect"),
])
def test_labels_and_notation_do_not_rescue_a_wrong_value(key, answer, verdict):
    assert grade(key, answer).verdict == verdict


@pytest.mark.parametrize("key,answer,fragment", [
    ("gd2.step1", "(2.4 1.92)", "write a comma for a vector"),
    ("gd2.step1", "(2,4, 1,92)", "separate the components with ;"),
    ("z.dx", "4х^3 + 3x^2y^2", "Cyrillic letter х (U+0445), not the Latin x"),
    ("gd1.derivative", "6\theta", "put LaTeX in single quotes"),
    ("gd1.derivative", "\frac{12}{2}θ", "put LaTeX in single quotes"),
    ("gd1.step1", "1.6^T", "only applies to a vector"),
    ("z.dx", "\\operatorname{sech}(x)", "unknown function 'sech'"),
])
def test_what_cannot_be_read_says_how_to_fix_it(key, answer, fragment):
    result = grade(key, answer)
    assert result.verdict in ("invalid", "incorrect")
    assert fragment in say(result.message), say(result.message)


def test_chain_rule_sigmoid_may_be_written_with_sigma():
    from grader.exercise.find import load_exercises

    exercise = load_exercises(["chain-rule"])["chain-rule"]
    submission = Submission("t.yaml", "t", "chain-rule",
                            {"c4.dz": "σ(z)(1-σ(z))", "c4.form": "σ(z)(1 - σ(z))",
                             "c1.dx": "6x\\mathrm{e}^{3x^2}"})
    results = {r.task: r for r in grade_submission(exercise, submission)}
    assert results["c4.dz"].verdict == "correct"
    assert results["c4.form"].verdict == "correct"
    assert results["c1.dx"].verdict == "correct"
    wrong = Submission("t.yaml", "t", "chain-rule", {"c4.dz": "σ(z)(1+σ(z))"})
    assert next(r for r in grade_submission(exercise, wrong) if r.task == "c4.dz").verdict == "incorrect"


# -- 2. numbers as written, and tolerances -----------------------------------------------------
@pytest.mark.parametrize("key,answer,verdict", [
    ("num.third", "0.667", "correct"),
    ("num.third", "0.6667", "correct"),
    ("num.third", "0.666", "incorrect"),     # cut off: rounds to 0.666, not 0.667
    ("num.third", "0.67", "incorrect"),      # rounding, diagnosed below
    ("num.exact", "2/3", "correct"),
    ("num.exact", "0.667", "incorrect"),
    ("num.sig", "0.00123", "correct"),
    ("num.sig", "1.23e-3", "correct"),
    ("num.sig", "0.001234", "correct"),      # value right to 3 significant figures
    ("num.sig", "0.00124", "incorrect"),
    ("num.sigw", "3.142", "correct"),
    ("num.sigw", "3.1416", "incorrect"),     # right value, written with 5 figures
    ("num.sigw", "3.141", "incorrect"),
    ("gd1.step2", "0.64", "correct"),
    ("gd1.step2", "0.645", "incorrect"),     # rounds to 0.65: not correct to 2 decimals
])
def test_numbers_and_tolerances(key, answer, verdict):
    assert grade(key, answer).verdict == verdict


# -- 4. working is evidence too ---------------------------------------------------------------
def test_inconsistent_working_costs_half_by_default():
    result = grade("gd1.step1", "θ = 4 - 0.2*24 = 1.6")
    assert result.verdict == "partial" and result.score == 0.5
    assert codes(result) == ["working-inconsistent"]
    assert "4 - 0.2*24 is not 1.6" in say(result.diagnoses[0])


def test_right_working_and_a_wrong_last_value_is_an_arithmetic_slip():
    result = grade("gd1.step1", "θ = 4 - 0.1*24 = 1.5")
    assert result.verdict == "incorrect" and result.score == 0
    assert codes(result) == ["arithmetic-slip"]
    assert "right up to 4 - 0.1*24, but that is not 1.5" in say(result.diagnoses[0])


@pytest.mark.parametrize("lang,words", [
    ("en", "the working is right up to (-4 - 0.1*(-4)^3, 2 - 0.1*0.8), but that is not (-10.4, 1.92)"),
    ("nl", "de uitwerking klopt tot en met (-4 - 0.1*(-4)^3, 2 - 0.1*0.8), maar dat is niet (-10.4, 1.92)"),
])
def test_right_working_and_a_wrong_last_value_is_only_an_arithmetic_slip(lang, words):
    # -10.4 is also what a sign slip on θ1's slope gives; the working shows the slope was right
    result = grade("gd2.step1", "(-4 - 0.1*(-4)^3, 2 - 0.1*0.8) = (-10.4, 1.92)")
    assert codes(result) == ["arithmetic-slip"]
    assert say(result.diagnoses[0], lang).startswith(words + ":")


@pytest.mark.parametrize("key,answer,verdict,found", [
    ("gd1.step1", "θ = 4 - 0.1*24 = 1.6", "correct", []),
    ("gd1.step1", "4 - 2.4 = 1.6", "correct", []),
    ("gd1.slope1", "J'(θ) = 6θ = 6·4 = 24", "correct", []),            # substitution: not checked
    ("gd2.step2", "2.4 - 1.3824 = 1.0176 ≈ 1.02, 1.92 - 0.0768 = 1.8432 ≈ 1.84", "incorrect", []),
    ("gd2.step2", "(2.4 - 2.4^3*0.1, 1.92 - 0.4*1.92*0.1) = (1.0176, 1.8432) ≈ (1.02, 1.84)", "correct", []),
    ("gd2.step2", "(2.4 - 2.4^3*0.1, 1.92 - 0.4*1.92*0.1) = (1.02, 1.84)", "correct", []),  # a rounded result with =
    ("gd2.step2", "(2.4 - 2.4^3*0.1, 1.92 - 0.4*1.92*0.1) = (1.03, 1.84)", "partial", ["arithmetic-slip"]),
    ("gd1.step2", "1.6 - 0.96 = 0.64", "correct", []),
    ("gd1.step2", "1.6 - 0.96 = 0.65", "incorrect", ["arithmetic-slip"]),
    ("gd1.step2", "1.6 - 0.86 = 0.64", "partial", ["working-inconsistent"]),
    ("z.dx", "∂Z/∂x = 4x^3 + 3x^2y^2 = x^2(4x + 3y^2)", "correct", []),
    ("z.dx", "∂Z/∂x = 4x^3 + 3x^2y^2 = x^2(4x + 3y)", "incorrect", ["arithmetic-slip"]),
])
def test_working_chains(key, answer, verdict, found):
    result = grade(key, answer, {"gd1.step1": "1.6", "gd2.step1": "(2.4, 1.92)"})
    assert result.verdict == verdict, (result.verdict, result.diagnoses)
    assert [c for c in codes(result) if c in ("working-inconsistent", "arithmetic-slip")] == found


def test_working_credit_is_settable(tmp_path):
    text = (ROOT / "tests" / "data" / "verdicts.yaml").read_text(encoding="utf-8")
    path = tmp_path / "v.yaml"
    path.write_text(text.replace("lang: en\n", "lang: en\npartial_credit: {working-inconsistent: 0.75, "
                                 "arithmetic-slip: 0.5}\n"), encoding="utf-8")
    exercise = load_exercise(path)

    def score(answer: str) -> float | None:
        submission = Submission("t.yaml", "t", "verdicts", {"gd1.step1": answer})
        return next(r for r in grade_submission(exercise, submission) if r.task == "gd1.step1").score

    assert score("θ = 4 - 0.2*24 = 1.6") == 0.75
    assert score("θ = 4 - 0.1*24 = 1.5") == 0.5
    assert score("θ = 4 - 0.2*24 = 1.5") == 0.0   # no right working to credit


# -- 5. diagnoses that were missed or misworded -------------------------------------------------
@pytest.mark.parametrize("key,answer,code", [
    ("gd2.step1", "(1.92, 2.4)", "components-swapped"),
    ("gd2.gradient", "(2/5 θ2, θ1^3)", "components-swapped"),
    ("gd2.step1", "(1.92, 2.5)", None),
    ("num.third", "0.67", "rounding"),
    ("num.third", "0.66", "rounding"),
    ("num.third", "0.68", None),
    ("z.dx", "4x^3+3x^2y^2+5y^4", "other-variable-differentiated"),
    ("z.dx", "4x^3+3x^2y^2+y^5", "constant-kept"),
    ("three.dx", "2x^2yz^3+4xz", "exponent-not-lowered"),
    ("three.dx", "2x^2yz^3+4x^2z", "exponent-not-lowered"),
    ("three.dx", "2xyz^3+4xz-2y", "other-variable-differentiated"),
])
def test_diagnoses_once_missed(key, answer, code):
    result = grade(key, answer, {"gd1.step1": "1.6"})
    assert result.verdict != "correct"
    assert codes(result)[:1] == ([code] if code else []), result.diagnoses


@pytest.mark.parametrize("key,answer,verdict,code", [
    # labelled components are matched by label, whatever their order
    ("point.min", "y = 19, x = 2", "correct", None),
    ("point.min", "x = 2, y = 19", "correct", None),
    ("point.min", "y = 19; x = 2", "correct", None),
    ("point.min", r"\boxed{y = 19, x = 2}", "correct", None),                    # matched inside a box too
    ("point.min", r"\frac{dZ}{dy} = 19, \frac{dZ}{dx} = 2", "correct", None),     # and labels as fractions
    ("gd2.step1", "θ2 = 1.92, θ1 = 2.4", "correct", None),
    ("gd2.step1", "θ_2 = 1.92; \\theta_{1} = 2.4", "correct", None),
    ("gd2.gradient", "∂J/∂θ2 = 2/5 θ2, ∂J/∂θ1 = θ1^3", "correct", None),
    ("three.grad", "f_z = 3x^2yz^2 + 2x^2, f_x = 2xyz^3 + 4xz, f_y = x^2z^3 - 2y", "correct", None),
    # labels in order with the values exchanged: that is a swap
    ("point.min", "x = 19, y = 2", "incorrect", "components-swapped"),
    ("gd2.step1", "θ1 = 1.92, θ2 = 2.4", "incorrect", "components-swapped"),
    # without labels, or with labels that name no component, the order written counts
    ("point.min", "(19, 2)", "incorrect", "components-swapped"),
    ("point.min", "a = 19, b = 2", "incorrect", "components-swapped"),
    ("gd2.step1", "θ1 = 1.92, θ1 = 2.4", "incorrect", "components-swapped"),
])
def test_labelled_components_are_matched_by_label(key, answer, verdict, code):
    result = grade(key, answer, {"gd1.step1": "1.6"})
    assert result.verdict == verdict, (result.message, result.diagnoses)
    assert codes(result)[:1] == ([code] if code else []), result.diagnoses


def test_labelled_components_are_shown_as_matched():
    assert grade("point.min", "y = 19, x = 2").read_as == "x = 2, y = 19"
    assert grade("gd2.step1", "θ_2 = 1.92; θ_1 = 2.4").read_as == "θ1 = 2.4, θ2 = 1.92"
    assert grade("point.min", "x = 2, y = 19").read_as == "(2, 19)"  # in order: as before


def test_rounding_without_a_tolerance_says_give_the_exact_value():
    result = grade("num.exact", "0.67")
    assert codes(result) == ["rounding"]
    assert say(result.diagnoses[0]).endswith("give the exact value (a fraction such as 2/3, or all its decimals)")
    assert "  " not in say(result.diagnoses[0])


def test_negative_base_hint_only_where_a_coordinate_is_negative():
    # gd3 starts at (1, 2): a sign slip of θ1's slope has nothing to do with (−4)^3
    result = grade("gd3.step1", "(1.2, 1.6)")
    assert codes(result) == ["sign-slip"]
    assert "(−4)^3" not in say(result.diagnoses[0])
    result = grade("gd2.step1", "(-10.4, 1.92)")
    assert codes(result) == ["sign-slip"]
    assert "(−4)^3 = −64" in say(result.diagnoses[0])


def test_dutch_decimals_agree_in_number():
    from grader import messages

    one = messages.render_finding("rounding", (("places", "1"), ("how", "rounded"), ("decimals", "2")), "nl")
    assert "op 1 decimaal afgerond" in one and "geef 2 decimalen" in one
    assert "1 decimal;" in messages.render_finding(
        "rounding", (("places", "1"), ("how", "rounded"), ("decimals", "2")), "en")


# -- vectors: credit per component ------------------------------------------------------------
GRADIENT = "(2xyz^3 + 4xz, x^2z^3 - 2y, 3x^2yz^2 + 2x^2)"


@pytest.mark.parametrize("answer,proportional,all_or_nothing", [
    (GRADIENT, 3.0, 3.0),
    ("(2xyz^3 + 4xz, x^2z^3 - 2y, 0)", 2.0, 0.0),
    ("(2xyz^3 + 4xz, 0, 0)", 1.0, 0.0),
    ("(0, 0, 0)", 0.0, 0.0),
])
def test_vector_credit(answer, proportional, all_or_nothing):
    assert grade("three.grad", answer).score == proportional
    assert grade("three.gradall", answer).score == all_or_nothing
    verdicts = grade("three.grad", answer).components
    assert verdicts.count("correct") == round(proportional)

