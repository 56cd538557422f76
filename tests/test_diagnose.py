"""Every mistake code: answers that trigger it, and near misses that must not."""

from __future__ import annotations

import pytest

import grader.running.grade as grade_module
from grader.diagnose import engine
from grader.exercise import load_exercise
from grader.exercise.find import load_exercises
from grader.parse import read_answer
from grader.reading.submission import Submission
from grader.running.grade import grade_submission
from tests.conftest import ROOT
from tests.helpers import say

BUNDLED = load_exercises([str(ROOT / "exercises")])
EXERCISES = {**BUNDLED, "diagnosis": load_exercise(ROOT / "tests" / "data" / "diagnosis.yaml")}


def grade(exercise: str, key: str, answers: dict[str, str]):
    submission = Submission("t.yaml", "t", exercise, answers)
    return next(r for r in grade_submission(EXERCISES[exercise], submission) if r.task == key)


def codes(result) -> list[str]:
    return [d.code for d in result.diagnoses]


# (exercise, task, answer, code expected (None: no diagnosis))
DIFFERENTIATION = [
    # sign-slip: whole, one term
    ("diagnosis", "z.dx", "-4x^3 - 3x^2y^2", "sign-slip"),
    ("diagnosis", "z.dx", "4x^3 - 3x^2y^2", "sign-slip"),
    ("partial-derivatives", "p3.dy", "6x^3y", "sign-slip"),
    ("diagnosis", "z.dx", "4x^3 - 2x^2y^2", None),  # near miss: sign and coefficient
    # exponent-not-lowered: x^n -> n x^n
    ("diagnosis", "z.dx", "4x^4 + 3x^3y^2", "exponent-not-lowered"),
    ("diagnosis", "z.dx", "4x^4 + 3x^2y^2", "exponent-not-lowered"),
    ("partial-derivatives", "p2.dy", "4x^2y^3 - 10y^5", "exponent-not-lowered"),
    ("diagnosis", "z.dx", "4x^4 + 3x^2y^3", None),
    # coefficient-not-multiplied: c x^n -> c x^(n-1)
    ("diagnosis", "z.dx", "x^3 + x^2y^2", "coefficient-not-multiplied"),
    ("diagnosis", "z.dx", "x^3 + 3x^2y^2", "coefficient-not-multiplied"),
    ("diagnosis", "z.dx", "x^3 + x^2y", None),
    # constant-kept
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + 8", "constant-kept"),
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + y^5", "constant-kept"),
    ("partial-derivatives", "p3.dx", "-9x^2y^2 + 5", "constant-kept"),
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + 9", None),
    # wrong-variable
    ("diagnosis", "z.dx", "2x^3y + 5y^4", "wrong-variable"),
    ("diagnosis", "z.dy", "4x^3 + 3x^2y^2", "wrong-variable"),
    ("diagnosis", "z.dy", "4x^3 + 3x^2y", None),
    # other-variable-differentiated: ∂/∂y terms added into ∂/∂x
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + 2x^3y + 5y^4", "other-variable-differentiated"),
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + 2x^3y", None),
    # second-derivative-wrong-variable
    ("diagnosis", "z.dxdy", "12x^2 + 6xy^2", "second-derivative-wrong-variable"),
    ("partial-derivatives", "p1.dxdy", "12x^2 + 6xy^2", "second-derivative-wrong-variable"),
    ("diagnosis", "z.dxdx", "6x^2y", "second-derivative-wrong-variable"),
    ("diagnosis", "z.dxdy", "12x^2 + 6xy", None),
    # first-derivative-only
    ("diagnosis", "z.dxdy", "4x^3 + 3x^2y^2", "first-derivative-only"),
    ("diagnosis", "z.dxdx", "4x^3 + 3x^2y^2", "first-derivative-only"),
    ("diagnosis", "z.dxdy", "4x^3 + 3x^2y", None),
    # constant-factor: the 2 of the chain rule forgotten
    ("linear-cost", "mse.d_theta0", "1/n Σ (θ0 + θ1 x_i − y_i)", "constant-factor"),
    ("diagnosis", "z.dxdy", "12x^2y", "constant-factor"),
    ("diagnosis", "z.dxdy", "3x^2y", "coefficient-not-multiplied"),  # 3x^2·y^2 -> 3x^2·y
    ("diagnosis", "z.dxdy", "3x^2y + 1", None),
    # missing-inner-derivative
    ("linear-cost", "mse.d_theta1", "2/n Σ (θ0 + θ1 x_i − y_i)", "missing-inner-derivative"),
    ("chain-rule", "c1.dx", "e^(3x^2)", "missing-inner-derivative"),
    ("chain-rule", "c3.dx", "cos(xy) - 2sin(x)cos(x)", "missing-inner-derivative"),
    ("diagnosis", "chain.dx", "3(x^2+1)^2", "missing-inner-derivative"),
    ("diagnosis", "chain.dx", "3(x^2+1)^2 x", "constant-factor"),
    ("chain-rule", "c1.dx", "e^(6x)", None),
    # gradient-as-sum
    ("gradient-descent", "gd2.gradient", r"\theta_1^3 + \frac{2}{5}\theta_2", "gradient-as-sum"),
    ("gradient-descent", "gd2.gradient", "θ1^3 - 2/5 θ2", None),
    # per component of a gradient
    ("gradient-descent", "gd2.gradient", "(θ1^4, 2/5 θ2)", "exponent-not-lowered"),
    # right answers get no diagnosis
    ("diagnosis", "z.dx", "x^2(4x + 3y^2)", None),
    ("linear-cost", "mse.d_theta1", "2/n Σ (θ0 + θ1 x_i − y_i) x_i", None),
]


@pytest.mark.parametrize("exercise,key,answer,code", DIFFERENTIATION)
def test_differentiation_mistakes(exercise, key, answer, code):
    result = grade(exercise, key, {key: answer})
    assert codes(result) == ([code] if code else []), result.diagnoses


def test_messages_name_the_term():
    result = grade("partial-derivatives", "p2.dy", {"p2.dy": "4x^2y^3 - 10y^5"})
    assert say(result.diagnoses[0], "nl") == \
        "de term -2*y^5 moet -10*y^4 geven: de exponent is niet verlaagd"
    assert say(result.diagnoses[0], "en") == \
        "the term -2*y^5 should give -10*y^4: the exponent was not lowered"
    result = grade("diagnosis", "z.dx", {"z.dx": "4x^4 + 3x^2y^2"})
    assert say(result.diagnoses[0]) == \
        "the term x^4 should give 4*x^3: the exponent was not lowered"


GD = "diagnosis"
# (task, the student's answers, verdict, codes)
DESCENT = [
    ("gd.step1", {"gd.step1": "(2.4, 1.92)"}, "correct", []),
    ("gd.step1", {"gd.step1": "(-10.4, 2.08)"}, "incorrect", ["ascent"]),
    ("gd.step1", {"gd.step1": "(-10.4, 1.92)"}, "partial", ["sign-slip"]),
    ("gd.step1", {"gd.step1": "(60, 1.2)"}, "incorrect", ["learning-rate-missing"]),
    ("gd.step1", {"gd.step1": "(2.3, 1.92)"}, "partial", []),
    # a wrong learning rate, named (0.01 or 0.5 for 0.1), and its near misses
    ("gd.step1", {"gd.step1": "(-3.36, 1.99)"}, "incorrect", ["learning-rate-wrong"]),
    ("gd.step1", {"gd.step1": "(-3.36, 1.92)"}, "partial", []),
    ("one.step1", {"one.step1": "3.76"}, "incorrect", ["learning-rate-wrong"]),
    ("one.step1", {"one.step1": "-8"}, "incorrect", ["learning-rate-wrong"]),
    ("one.step1", {"one.step1": "3.7"}, "incorrect", []),
    ("one.step2", {"one.step1": "1.6", "one.step2": "1.5"}, "incorrect", ["learning-rate-wrong"]),
    # near misses of the descent models
    ("gd.step1", {"gd.step1": "(-10.5, 2.08)"}, "incorrect", []),
    ("gd.step1", {"gd.step1": "(60, 1.3)"}, "incorrect", []),
    ("gd.step2", {"gd.step2": "(8.9, 1.84)"}, "partial", []),
    ("gd.step2", {"gd.step2": "(1.03, 1.84)"}, "partial", []),
    ("gd.step2", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(102.5, 1.84)"}, "partial", []),
    ("gd.slope1", {"gd.slope1": "(64, -0.8)"}, "incorrect", ["sign-slip"]),
    ("gd.slope1", {"gd.slope1": "(64, 0.8)"}, "partial", ["sign-slip"]),
    ("gd.slope1", {"gd.slope1": "(256, 0.8)"}, "partial", ["exponent-not-lowered"]),
    # rounding: cut off instead of rounded; the teacher gives half credit for it
    ("gd.step2", {"gd.step2": "(1.01, 1.84)"}, "partial", ["rounding"]),
    ("gd.step2", {"gd.step2": "(1, 1.8)"}, "partial", ["rounding"]),
    ("gd.step2", {"gd.step2": "(1.02, 1.84)"}, "correct", []),
    # stale gradient: step 2 with the slope of step 1
    ("gd.step2", {"gd.step2": "(8.8, 1.84)"}, "partial", ["stale-gradient"]),
    # follow-through: step 2 from a wrong step 1
    ("gd.step2", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(102.09, 1.84)"}, "correct", ["carried-error"]),
    ("gd.step2", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(-10.4, 1.92)"}, "incorrect", []),
    ("gd.slope2", {"gd.step1": "(-10.4, 1.92)", "gd.slope2": "(-1124.864, 0.768)"}, "correct", ["carried-error"]),
    ("gd.step3", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(102.09, 1.84)", "gd.step3": "(-106299.87, 1.77)"},
     "correct", ["carried-error"]),
    # a right step after a rounded (accepted) earlier answer: no carried error
    ("gd.step3", {"gd.step2": "(1.02, 1.84)", "gd.step3": "(0.91, 1.77)"}, "correct", []),
    # the same mistake repeated along the student's own path
    ("one.step2", {"one.step1": "6.4", "one.slope2": "38.4", "one.step2": "10.24"}, "incorrect", ["ascent"]),
    ("one.step2", {"one.step1": "-20", "one.step2": "100"}, "incorrect", ["learning-rate-missing"]),
    ("one.slope2", {"one.step1": "6.4", "one.slope2": "38.4"}, "partial", ["carried-error"]),
    ("one.step1", {"one.step1": "6.4"}, "incorrect", ["ascent"]),
    ("one.step1", {"one.step1": "-20"}, "incorrect", ["learning-rate-missing"]),
    ("one.step1", {"one.step1": "2"}, "partial", ["rounding"]),  # half credit, set by the exercise
    ("one.step1", {"one.step1": "1.7"}, "incorrect", []),
    # step 2 with the student's own (wrong) slope 2
    ("one.step2", {"one.slope2": "10", "one.step2": "0.6"}, "partial", ["carried-error"]),
    # empty and copied-forward answers earn nothing
    ("one.step2", {"one.step1": "6.4"}, "missing", []),
    ("one.step2", {"one.step1": "6.4", "one.step2": "6.4"}, "incorrect", []),
]


@pytest.mark.parametrize("key,answers,verdict,expected_codes", DESCENT)
def test_descent_mistakes_and_follow_through(key, answers, verdict, expected_codes):
    result = grade(GD, key, answers)
    assert (result.verdict, codes(result)) == (verdict, expected_codes), result


def test_a_wrong_learning_rate_is_named():
    result = grade(GD, "gd.step1", {"gd.step1": "(-3.36, 1.99)"})
    assert say(result.diagnoses[0]) == \
        "the step used the learning rate 0.01, but lr = 0.1: θ − lr·∇J with lr = 0.1"
    assert say(result.diagnoses[0], "nl").startswith("de stap gebruikt learning rate 0.01, maar lr = 0.1")


def test_follow_through_from_the_students_own_derivative():
    """Tim (a = 6, start −4) wrote Sanne's derivative 18θ (her a = 9) and worked on correctly
    from it with his own start: his slopes and steps earn follow-through credit."""
    exercise = BUNDLED["gradient-descent-variants"].for_student("s22")
    answers = {"gd1.derivative": "18θ", "gd1.slope1": "-72", "gd1.step1": "3.2", "gd1.slope2": "57.6",
               "gd1.step2": "-2.56", "gd2.gradient": "(θ1^3, 2/5 θ2)", "gd2.step1": "(1.2, 3.84)",
               "gd2.step2": "(1.2 - 0.1*1.2^3, 3.84 - 0.1*0.4*3.84)"}
    results = grade_submission(exercise, Submission("t.yaml", "s22", exercise.id, answers))
    found = {r.task: (r.verdict, codes(r)) for r in results}
    assert found == {
        "gd1.derivative": ("incorrect", ["constant-factor"]),
        **dict.fromkeys(["gd1.slope1", "gd1.step1", "gd1.slope2", "gd1.step2", "gd2.step1", "gd2.step2"],
                        ("correct", ["carried-error"])),
        "gd2.gradient": ("partial", ["constant-factor"])}
    wrong = grade("diagnosis", "one.slope1", {"one.slope1": "-72"})  # no derivative given: no credit
    assert wrong.verdict == "incorrect"


def test_each_answer_of_a_submission_is_read_once(monkeypatch):
    """Follow-through looks at the earlier steps and the student's own derivative for every
    step; it takes them as read when they were graded, and the grades stay the same."""
    exercise = BUNDLED["gradient-descent-variants"].for_student("s22")
    answers = {"gd1.derivative": "18θ", "gd1.slope1": "-72", "gd1.step1": "3.2", "gd1.slope2": "57.6",
               "gd1.step2": "-2.56", "gd2.gradient": "(θ1^3, 2/5 θ2)", "gd2.step1": "(1.2, 3.84)",
               "gd2.step2": "(1.2 - 0.1*1.2^3, 3.84 - 0.1*0.4*3.84)"}
    submission = Submission("t.yaml", "s22", exercise.id, answers)
    before = list(grade_submission(exercise, submission))
    reads: list[str] = []

    def counted(text, *args, **kwargs):
        reads.append(text)
        return read_answer(text, *args, **kwargs)
    monkeypatch.setattr(grade_module, "read_answer", counted)
    monkeypatch.setattr(engine, "read_answer", counted)
    assert list(grade_submission(exercise, submission)) == before
    assert sorted(reads) == sorted(answers.values())


def test_follow_through_credit_is_the_exercise_setting():
    result = grade(GD, "one.step2", {"one.slope2": "10", "one.step2": "0.6"})
    assert result.score == 0.5
    result = grade(GD, "gd.step2", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(102.09, 1.84)"})
    assert result.score == 1.0


def test_teacher_partial_credit_for_a_diagnosed_mistake():
    result = grade(GD, "gd.step2", {"gd.step2": "(1, 1.8)"})
    assert result.score == 0.5 and result.verdict == "partial"


def test_negative_base_notation_on_a_right_answer_costs_nothing():
    key = "gd2.step1"
    result = grade("gradient-descent", key, {key: r"(-4 - (1 \cdot -4^3 \cdot 0.1), 2 - 0.08)"})
    assert (result.verdict, result.score, codes(result)) == ("correct", 1.0, ["negative-base-notation"])
    assert "oneven" in say(result.diagnoses[0], "nl")


def test_negative_base_notation_with_an_even_power_explains_the_sign():
    result = grade("partial-derivatives", "p1.dx", {"p1.dx": "-4^2"})
    assert codes(result) == ["negative-base-notation"]
    assert "verandert dat het teken" in say(result.diagnoses[0], "nl")


def test_seed_2d_example_as_written():
    answers = {
        "gd2.gradient": r"\theta_1^3 + \frac{2}{5}\theta_2",
        "gd2.step1": r"\begin{pmatrix} -4 - (1 \cdot -4^3 \cdot 0.1) \\ 2 - (\frac{2}{5} \cdot 2 \cdot 0.1)"
                     r" \end{pmatrix} = \begin{pmatrix} 2.4 \\ 1.92 \end{pmatrix}",
        "gd2.step2": r"\begin{pmatrix} 2.4 - (2.4^3 \cdot 0.1) \\ 1.92 - (\frac{2}{5} \cdot 1.92 \cdot 0.1)"
                     r" \end{pmatrix} = \begin{pmatrix} 1.02 \\ 1.84 \end{pmatrix}",
    }
    results = {k: grade("gradient-descent", k, answers) for k in answers}
    assert (results["gd2.gradient"].verdict, codes(results["gd2.gradient"])) == ("incorrect", ["gradient-as-sum"])
    assert (results["gd2.step1"].verdict, codes(results["gd2.step1"])) == ("correct", ["negative-base-notation"])
    assert (results["gd2.step2"].verdict, codes(results["gd2.step2"])) == ("correct", [])


def test_every_code_of_the_issue_is_covered():
    covered = {c for *_, c in DIFFERENTIATION if c} | {c for *_, cs in DESCENT for c in cs}
    covered |= {"negative-base-notation"}
    assert covered >= {
        "sign-slip", "exponent-not-lowered", "coefficient-not-multiplied", "constant-kept",
        "wrong-variable", "other-variable-differentiated", "second-derivative-wrong-variable",
        "first-derivative-only", "constant-factor", "missing-inner-derivative", "gradient-as-sum",
        "ascent", "learning-rate-missing", "learning-rate-wrong", "stale-gradient", "rounding", "carried-error",
        "negative-base-notation"}


@pytest.mark.parametrize("answer", ["theta - 0.1*6*theta", "sqrt(-1)"])
def test_a_step_that_is_no_real_number_is_graded_not_an_error(answer):
    """The wrong-learning-rate model took float() of a symbol or an imaginary number: the
    step came back as the grader's own error instead of incorrect."""
    exercise = load_exercises(["gradient-descent"])["gradient-descent"]
    tasks = grade_submission(exercise, Submission("t.yaml", "s", "gradient-descent", {"gd1.step1": answer}))
    assert next(t for t in tasks if t.task == "gd1.step1").verdict == "incorrect"


@pytest.mark.parametrize("gradient", ["(θ1^3, θ2)", "θ2 = θ2, θ1 = θ1^3"])
def test_follow_through_reads_a_labelled_gradient_in_the_tasks_order(gradient):
    """The student's own gradient, labelled in another order, was followed in the order
    written: the step built on it lost its follow-through credit."""
    exercise = load_exercises(["gradient-descent"])["gradient-descent"]
    answers = {"gd2.gradient": gradient, "gd2.step1": "(2.4, 1.8)"}
    tasks = {t.task: t for t in grade_submission(exercise, Submission("t.yaml", "s", exercise.id, answers))}
    assert [d.code for d in tasks["gd2.step1"].diagnoses] == ["carried-error"]
