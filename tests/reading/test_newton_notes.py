"""Newton's method in a student's notes: "Newton step"/"Newton-stap", θ^{(k)} in a Newton section,
and the rule x_{n+1} = x_n − f'(x_n)/f''(x_n) as working (docs/notes.md)."""

from __future__ import annotations

import json

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


PRIJS = NOTES / "les4-prijs.yaml"  # trial 2's exercise: J(w, b) = w³ − 6wb + 3b² from (3, 1)
WB = "$J(w,b) = w^3 - 6wb + 3b^2$\n\n"
RIGHT = ("correct", [])


def graded_prijs(tmp_path, text):
    exercises = load_exercises([str(PRIJS)])
    (chosen,) = exercises
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    (result,) = Engine(exercises, jobs=1).grade([path], Reading("s1", chosen, as_notes=True))
    return {t.task: (t.answer, t.verdict, [d.code for d in t.diagnoses]) for t in result.tasks
            if t.verdict != "missing"}


@pytest.mark.parametrize("text,expected", [
    # a heading naming Newton starts the section, also lines above the step's own words
    (WB + "## Methode van Newton\n\nMet de inverse:\n\n$H^{-1}$ is bekend, dus\n"
          "$\\theta^{(1)} = (3, 1) - (0{,}75;\\ -1{,}25) = (2{,}25;\\ 2{,}25)$\n",
     {"k.newton1": ("(3, 1) - (0{,}75;\\ -1{,}25) = (2{,}25;\\ 2{,}25)", *RIGHT)}),
    # θ names the parameter vector of a problem whose parameters are w and b
    (WB + "## Newton\n\n$\\theta^{(1)} = (2.25, 2.25)$\n\n$\\theta^{(2)} = (2.03, 2.03)$\n",
     {"k.newton1": ("(2.25, 2.25)", *RIGHT), "k.newton2": ("(2.03, 2.03)", *RIGHT)}),
    (WB + "## Newton's method\n\n$(w_1, b_1) = (2.25, 2.25)$\n\n$(w^{(2)}, b^{(2)}) = (2.03, 2.03)$\n",
     {"k.newton1": ("(2.25, 2.25)", *RIGHT), "k.newton2": ("(2.03, 2.03)", *RIGHT)}),
    (WB + "## Newton\n\n$\\begin{pmatrix} w_1 \\\\ b_1 \\end{pmatrix} = "
          "\\begin{pmatrix} 2.25 \\\\ 2.25 \\end{pmatrix}$\n",
     {"k.newton1": ("\\begin{pmatrix} 2.25 \\\\ 2.25 \\end{pmatrix}", *RIGHT)}),
    # per-component labels give the vector, as an answer sheet's do
    (WB + "## Newton\n\n$w^{(1)} = 2{,}25,\\ b^{(1)} = 2{,}25$\n",
     {"k.newton1": ("w^{(1)} = 2{,}25,\\ b^{(1)} = 2{,}25", *RIGHT)}),
    (WB + "## Newton\n\n$w^{(1)} = 2.25,\\ b^{(1)} = 2.5$\n",
     {"k.newton1": ("w^{(1)} = 2.25,\\ b^{(1)} = 2.5", "partial", [])}),
    # the next heading ends the section: θ^{(1)} there is the descent's step
    (WB + "## Newton\n\n$\\theta^{(1)} = (2.25, 2.25)$\n\n## Gradient descent\n\nna één stap:\n\n"
          "$\\theta^{(1)} = (2.79, 1.12)$\n",
     {"k.newton1": ("(2.25, 2.25)", *RIGHT), "k.stap1": ("(2.79, 1.12)", *RIGHT)}),
    # a '#' title above '##' sections starts no section (# Hessiaan & Newton)
    ("# Hessiaan & Newton\n\nOpgave 1\n\n" + WB + "Een stap:\n\n$\\theta^{(1)} = (2.79, 1.12)$\n\n## Newton\n\n"
     "$\\theta^{(1)} = (2.25, 2.25)$\n",
     {"k.stap1": ("(2.79, 1.12)", *RIGHT), "k.newton1": ("(2.25, 2.25)", *RIGHT)}),
])
def test_newton_steps_as_students_write_them_for_w_and_b(tmp_path, text, expected):
    assert graded_prijs(tmp_path, text) == expected


def test_a_heading_in_a_notebook_cell_heads_the_cells_after_it():
    from grader.reading.notes import read_notebook
    cells = [{"cell_type": "markdown", "source": "## Methode van Newton"},
             {"cell_type": "code", "source": "# not a heading"},
             {"cell_type": "markdown", "source": "$\\theta^{(1)} = (2, 2)$"}]
    notes = read_notebook(json.dumps({"cells": cells}), "nb.ipynb")
    assert [p.heading for p in notes.pieces] == ["Methode van Newton"]
