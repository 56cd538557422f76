"""Every answer in the seed notes, graded as a teacher would grade it."""

from __future__ import annotations

import pytest

from grader.exercise.find import load_exercises
from grader.reading.submission import Submission
from grader.running.grade import grade_submission

EXERCISES = load_exercises(["exercises"])

# (exercise, task, answer as written in the notes, verdict)
SEED_ANSWERS = [
    ("partial-derivatives", "p1.dx", "4x^3 + 3x^2y^2", "correct"),
    ("partial-derivatives", "p1.dy", "2x^3y + 5y^4", "correct"),
    ("partial-derivatives", "p1.dxdy", "6x^2y", "correct"),
    ("partial-derivatives", "p2.dx", "3x^2 + 2xy^4", "correct"),
    ("partial-derivatives", "p2.dy", "4x^2y^3 - 10y^4", "correct"),
    ("partial-derivatives", "p2.dxdy", "8xy^3", "correct"),
    ("partial-derivatives", "p3.dx", "-9x^2y^2", "correct"),
    ("partial-derivatives", "p3.dy", "-6x^3y", "correct"),
    ("partial-derivatives", "p3.dxdy", "-18x^2y", "correct"),
    # A label before '=' that names the derivative is skipped, as a teacher would.
    ("partial-derivatives", "p1.dx", r"\frac{\partial Z}{\partial x} = 4x^3 + 3x^2y^2", "correct"),
    ("partial-derivatives", "p1.dx", "∂Z/∂x = 4x^3 + 3x^2y^2", "correct"),
    ("linear-cost", "mse.d_theta0",
     r"\frac{1}{n} \sum_{i=1}^n 2(h_{\theta}(x^{(i)}) - y^{(i)})", "correct"),
    ("linear-cost", "mse.d_theta0",
     r"\frac{2}{n} \sum_{i=1}^n (h_{\theta}(x^{(i)}) - y^{(i)})", "correct"),
    ("linear-cost", "mse.d_theta1",
     r"\frac{1}{n} \sum_{i=1}^n 2(h_{\theta}(x^{(i)}) - y^{(i)}) \cdot x^{(i)}", "correct"),
    ("linear-cost", "mse.d_theta1",
     r"\frac{2}{n} \sum_{i=1}^n (h_{\theta}(x^{(i)}) - y^{(i)}) \cdot x^{(i)}", "correct"),
    ("gradient-descent", "gd1.derivative", r"6\theta", "correct"),
    ("gradient-descent", "gd1.slope1", r"6 \cdot 4 = 24", "correct"),
    ("gradient-descent", "gd1.step1", r"\theta = 4 - (0.1 \cdot 24) = 1.6", "correct"),
    ("gradient-descent", "gd1.slope2", r"6 \cdot 1.6 = 9.6", "correct"),
    ("gradient-descent", "gd1.step2", r"\theta = 1.6 - (0.1 \cdot 9.6) = 0.64", "correct"),
    # The notes write the gradient as a sum, not a vector: wrong.
    ("gradient-descent", "gd2.gradient", r"\theta_1^3 + \frac{2}{5}\theta_2", "incorrect"),
    ("gradient-descent", "gd2.step1",
     r"\begin{pmatrix} -4 - (1 \cdot -4^3 \cdot 0.1) \\ 2 - (\frac{2}{5} \cdot 2 \cdot 0.1) \end{pmatrix}"
     r" = \begin{pmatrix} 2.4 \\ 1.92 \end{pmatrix}", "correct"),
    ("gradient-descent", "gd2.step2",
     r"\begin{pmatrix} 2.4 - (2.4^3 \cdot 0.1) \\ 1.92 - (\frac{2}{5} \cdot 1.92 \cdot 0.1) \end{pmatrix}"
     r" = \begin{pmatrix} 1.02 \\ 1.84 \end{pmatrix}", "correct"),
]


def grade_one(exercise_id: str, key: str, answer: str):
    exercise = EXERCISES[exercise_id]
    submission = Submission("seed.yaml", "seed", exercise_id, {key: answer})
    return next(r for r in grade_submission(exercise, submission) if r.task == key)


@pytest.mark.parametrize("exercise,key,answer,verdict", SEED_ANSWERS)
def test_seed_answers(exercise, key, answer, verdict):
    assert grade_one(exercise, key, answer).verdict == verdict


def test_seed_step_one_shows_how_minus_four_cubed_was_read():
    answer = next(a for e, k, a, _ in SEED_ANSWERS if k == "gd2.step1")
    result = grade_one("gradient-descent", "gd2.step1", answer)
    assert "-(4^3)" in result.read_as


def test_expected_answers_of_the_seed():
    expected = {t.key: t for e in EXERCISES.values() for t in e.tasks}
    from grader.parse.mathtext import value_text

    def shown(key: str) -> str:
        task = expected[key]
        return value_text(task.expected, task.numeric)

    assert shown("p1.dxdy") == "6*x^2*y"
    assert shown("gd1.slope1") == "24"
    assert shown("gd1.step1") == "1.6"
    assert shown("gd1.slope2") == "9.6"
    assert shown("gd1.step2") == "0.64"
    assert shown("gd2.gradient") == "(θ1^3, 2*θ2/5)"
    assert shown("gd2.step1") == "(2.4, 1.92)"
    assert shown("gd2.step2") == "(1.0176, 1.8432)"


def test_transcribed_exercise_ids_and_tasks():
    tasks = {e: [t.key for t in EXERCISES[e].tasks] for e in EXERCISES}
    assert tasks["partial-derivatives"] == [f"{p}.{t}" for p in ("p1", "p2", "p3")
                                            for t in ("dx", "dy", "dxdy")]
    assert tasks["linear-cost"] == ["mse.d_theta0", "mse.d_theta1"]
    assert tasks["gradient-descent"] == [
        "gd1.derivative", "gd1.slope1", "gd1.step1", "gd1.slope2", "gd1.step2",
        "gd2.gradient", "gd2.step1", "gd2.step2"]
    assert len(EXERCISES) >= 4
