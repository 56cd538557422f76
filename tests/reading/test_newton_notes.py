"""Newton's method in a student's notes: "Newton step"/"Newton-stap", θ^{(k)} in a Newton section,
and the rule x_{n+1} = x_n − f'(x_n)/f''(x_n) as working (docs/notes.md)."""

from __future__ import annotations

import pytest

from grader.exercise.find import load_exercises
from grader.running.batch import Engine, Reading
from tests.conftest import ROOT

NOTES = ROOT / "tests" / "data" / "notes"
EXERCISE = NOTES / "newton-exercise.yaml"
ONE = "Voorbeeld: $J(\\theta) = \\theta^3 - 6\\theta$\n\n"
TWO = "$J(\\theta_1, \\theta_2) = \\frac{1}{4}\\theta_1^4 + \\frac{1}{5}\\theta_2^2$\n\n"


def graded(tmp_path, text):
    exercises = load_exercises([str(EXERCISE)])
    (chosen,) = exercises
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    (result,) = Engine(exercises, jobs=1).grade([path], Reading("s1", chosen, as_notes=True))
    tasks = {t.task: (t.answer, t.verdict, [d.code for d in t.diagnoses]) for t in result.tasks
             if t.verdict != "missing"}
    return tasks, [w.replace(str(tmp_path) + "/", "") for w in result.warnings]


def test_the_lesson_notes_find_every_newton_step_and_each_descent_step():
    exercises = load_exercises([str(EXERCISE)])
    (chosen,) = exercises
    (result,) = Engine(exercises, jobs=1).grade([NOTES / "newton.md"], Reading("s1", chosen, as_notes=True))
    found = {t.task: (t.answer, t.verdict, t.found_at.rsplit(":", 1)[1]) for t in result.tasks}
    assert found == {
        "nt1.newton1": ("2 - \\frac{6}{12} = 1.5", "correct", "11"),
        "nt1.newton2": ("1.5 - \\frac{0.75}{9} = 1.42", "correct", "13"),
        "nt2.step1": ("(2.4, 1.92)", "correct", "19"),
        "nt2.step2": ("(1.02, 1.84)", "correct", "21"),
        "nt2.newton1": ("\\begin{pmatrix} -8/3 \\\\ 0 \\end{pmatrix}", "correct", "25"),
        "nt2.newton2": ("(-1.78, 0)", "correct", "27"),
    }
    assert result.warnings == ()


@pytest.mark.parametrize("text,expected", [
    # "Newton step" / "Newton-stap" before a value
    (ONE + "Newton step 1: $1.5$\n\nNewton step 2: $17/12$\n",
     {"nt1.newton1": ("1.5", "correct", []), "nt1.newton2": ("17/12", "correct", [])}),
    (ONE + "Newton-stap: $1.5$\n\nNewton-stap: $1.42$\n",
     {"nt1.newton1": ("1.5", "correct", []), "nt1.newton2": ("1.42", "correct", [])}),
    # θ^{(k)} in a problem that asks Newton steps only, worked with J'/J''
    (ONE + "$\\theta^{(1)} = 2 - \\frac{J'(2)}{J''(2)} = 2 - \\frac{6}{12} = 1.5$\n",
     {"nt1.newton1": ("2 - \\frac{6}{12} = 1.5", "correct", [])}),
    # the rule x_{n+1} = x_n − f'/f'' is working; the x_k after it are the steps, mistakes named
    ("$x_{n+1} = x_n - f'(x_n)/f''(x_n)$\n\n" + ONE + "$x_1 = 2 + 6/12 = 2.5$\n\n$x_2 = 2.5 - 12.75/15 = 1.65$\n",
     {"nt1.newton1": ("2 + 6/12 = 2.5", "incorrect", ["newton-sign-flipped"]),
      "nt1.newton2": ("2.5 - 12.75/15 = 1.65", "correct", ["carried-error"])}),
    # in a problem with descent steps too, θ^{(1)} is Newton's only in a Newton section
    (TWO + "$\\theta^{(1)} = (2.4, 1.92)$\n\n## Newton\n\n$\\theta^{(1)} = (-8/3, 0)$\n\n"
           "$\\theta^{(2)} = (-16/9, 0)$\n",
     {"nt2.step1": ("(2.4, 1.92)", "correct", []), "nt2.newton1": ("(-8/3, 0)", "correct", []),
      "nt2.newton2": ("(-16/9, 0)", "correct", [])}),
    (TWO + "## Newton's method\n\n$\\theta^{(1)} = (-8/3, 0)$\n\n## Gradient descent\n\n"
           "$\\theta^{(1)} = (2.4, 1.92)$\n",
     {"nt2.step1": ("(2.4, 1.92)", "correct", []), "nt2.newton1": ("(-8/3, 0)", "correct", [])}),
    # Newton with the function: the whole problem's iterates that follow are Newton's
    ("Newton voor " + TWO.strip() + "\n\n$\\theta^{(1)} = (2.4, 1.92)$\n",
     {"nt2.newton1": ("(2.4, 1.92)", "incorrect", ["newton-as-descent"])}),
])
def test_newton_notation_in_notes(tmp_path, text, expected):
    tasks, warnings = graded(tmp_path, text)
    assert tasks == expected
    assert warnings == []


def test_a_newton_start_in_the_notes_is_checked(tmp_path):
    _, warnings = graded(tmp_path, ONE + "Newton: $\\theta_0 = 3$\n\n$\\theta_1 = 1.5$\n")
    assert warnings == ["notes.md:3: the notes use start 3, the exercise 2: the answers are graded with 2"]
