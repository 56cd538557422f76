"""Every mistake code: answers that trigger it, and near misses that must not."""

from __future__ import annotations

import pytest

import grader.kinds.base as kind_base
from grader.diagnose import engine
from grader.exercise.find import load_exercises
from grader.parse import read_answer
from grader.reading.submission import Submission
from grader.running.grade import grade_submission
from tests.cases import BUNDLED, DESCENT, DIFFERENTIATION, EXERCISES, GD
from tests.helpers import say


def grade(exercise: str, key: str, answers: dict[str, str]):
    submission = Submission("t.yaml", "t", exercise, answers)
    return next(r for r in grade_submission(EXERCISES[exercise], submission) if r.task == key)


def codes(result) -> list[str]:
    return [d.code for d in result.diagnoses]


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


@pytest.mark.parametrize("key,answers,verdict,expected_codes", DESCENT)
def test_descent_mistakes_and_follow_through(key, answers, verdict, expected_codes):
    result = grade(GD, key, answers)
    assert (result.verdict, codes(result)) == (verdict, expected_codes), result


def test_a_wrong_learning_rate_is_named():
    result = grade(GD, "gd.step1", {"gd.step1": "(-3.36, 1.99)"})
    assert say(result.diagnoses[0]) == \
        "the step used the learning rate 0.01, but lr = 0.1: θ − lr·∇J with lr = 0.1"
    assert say(result.diagnoses[0], "nl").startswith("de stap gebruikt learning rate 0.01, maar lr = 0.1")


def test_a_step_with_every_sign_flipped_says_so_as_a_hessian_does():
    result = grade(GD, "gd.step1", {"gd.step1": "(-2.4, -1.92)"})
    assert (say(result.diagnoses[0]), say(result.diagnoses[0], "nl")) == (
        "the sign of the whole answer is flipped", "het teken van het hele antwoord is omgedraaid")


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
    monkeypatch.setattr(kind_base, "read_answer", counted)  # grading reads through the task's kind
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
