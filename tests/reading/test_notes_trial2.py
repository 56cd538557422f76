"""Notes of lesson 4 as trial 2's students wrote them (J(w, b) = w³ − 6wb + 3b² from (3, 1)):
the gradient set to 0 is working, a Hessian at a point answers only a task at that point, and
the nature of a stationary point in words (docs/notes.md)."""

from __future__ import annotations

import pytest

from grader.exercise.find import load_exercises
from grader.running.batch import Engine, Reading
from tests.conftest import ROOT

EXERCISE = ROOT / "tests" / "data" / "notes" / "les4-prijs.yaml"
WB = "$J(w,b) = w^3 - 6wb + 3b^2$\n\n"
H22 = "\\begin{pmatrix} 12 & -6 \\\\ -6 & 6 \\end{pmatrix}"
H31 = "\\begin{pmatrix} 18 & -6 \\\\ -6 & 6 \\end{pmatrix}"


def graded(tmp_path, text):
    exercises = load_exercises([str(EXERCISE)])
    (chosen,) = exercises
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    (result,) = Engine(exercises, jobs=1).grade([path], Reading("s1", chosen, as_notes=True))
    return result


def answered(result):
    return {t.task: (t.answer, t.verdict) for t in result.tasks if t.verdict != "missing"}


@pytest.mark.parametrize("text,expected", [
    # ∇J = 0 starts a stationary point's working: no candidate for the gradient
    (WB + "Stationair punt: $\\nabla J = 0$ geeft $(2, 2)$.\n\nGradiënt: $\\nabla J = (3w^2 - 6b, 6b - 6w)$\n",
     {"k.gradient": ("(3w^2 - 6b, 6b - 6w)", "correct")}),
    (WB + "$\\nabla J = (0, 0)$ geeft $b = w$\n\n$\\nabla J = (3w^2 - 6b, 6b - 6w)$\n",
     {"k.gradient": ("(3w^2 - 6b, 6b - 6w)", "correct")}),
    # the Hessian at (2, 2) is no answer of the Hessian at the start (3, 1)
    (WB + f"Hessiaan in het startpunt: $H(3,1) = {H31}$\n\nEigenwaarden van $H(2,2) = {H22}$\n",
     {"k.hessiaan_start": (H31, "correct")}),
    (WB + f"Eigenwaarden van $H(2,2) = {H22}$\n", {}),
    # a Hessian at the task's point, written as numbers, still answers it
    (WB + "$H(3, 1) = [[18, -6], [-6, 6]]$\n", {"k.hessiaan_start": ("[[18, -6], [-6, 6]]", "correct")}),
])
def test_working_and_other_points_answer_no_task(tmp_path, text, expected):
    result = graded(tmp_path, text)
    assert answered(result) == expected
