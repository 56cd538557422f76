"""Notes of lesson 4 as trial 2's students wrote them (J(w, b) = w³ − 6wb + 3b² from (3, 1)):
the gradient set to 0 is working, a Hessian at a point answers only a task at that point, and
the nature of a stationary point in words (docs/notes.md)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.exercise.find import load_exercises
from grader.kinds.classify import NATURE_OF, Classify
from grader.reading.notes import read_markdown
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


def natures(result):
    return {t.task: (t.answer, t.verdict, [d.code for d in t.diagnoses], t.message.code if t.message else None)
            for t in result.tasks if t.task in ("k.aard", "k.aard0")}


NOT_FOUND = (None, "missing", [], "notes-nature-not-found")


@pytest.mark.parametrize("words,expected", [
    # one nature word per sentence; the point says which task when there are several
    ("Beide positief, dus een minimum. In $(0,0)$ een zadelpunt.",
     {"k.aard": ("minimum", "correct", [], None), "k.aard0": ("zadelpunt", "correct", [], None)}),
    ("In $(0, 0)$: Saddle point.", {"k.aard": NOT_FOUND, "k.aard0": ("saddle point", "correct", [], None)}),
    ("In $(2, 2)$ is het een zadelpunt.",
     {"k.aard": ("zadelpunt", "incorrect", ["extremum-as-saddle"], None), "k.aard0": NOT_FOUND}),
    # two nature words, or a denial, answer nothing; nor does a sentence with no point of two tasks
    ("In $(0,0)$ geen minimum maar een zadelpunt.", {"k.aard": NOT_FOUND, "k.aard0": NOT_FOUND}),
    ("In $(2,2)$ is het geen maximum.", {"k.aard": NOT_FOUND, "k.aard0": NOT_FOUND}),
    ("Dus een minimum.", {"k.aard": NOT_FOUND, "k.aard0": NOT_FOUND}),
    # a point no task is at answers nothing; two sentences that disagree leave it to the teacher
    ("In $(5, 5)$ een minimum.", {"k.aard": NOT_FOUND, "k.aard0": NOT_FOUND}),
    ("In $(0,0)$ een zadelpunt. Het is een minimum. Toch een maximum.",
     {"k.aard": ("minimum | maximum", "ambiguous", [], "ambiguous-answer"),
      "k.aard0": ("zadelpunt", "correct", [], None)}),
])
def test_the_nature_in_words(tmp_path, words, expected):
    assert natures(graded(tmp_path, WB + words + "\n")) == expected


def test_words_before_the_function_or_in_math_answer_no_nature(tmp_path):
    result = graded(tmp_path, "In $(0,0)$ een zadelpunt.\n\n" + WB + "$$\\text{minimum}$$\n")
    assert natures(result) == {"k.aard": NOT_FOUND, "k.aard0": NOT_FOUND}
    # a task of another kind left missing keeps its plain note
    assert {t.message.code for t in result.tasks if t.task == "k.gradient"} == {"missing"}


def test_trial2_s06_is_read_whole():
    exercises = load_exercises([str(EXERCISE)])
    (chosen,) = exercises
    (result,) = Engine(exercises, jobs=1).grade([EXERCISE.parent / "trial2-s06.md"], Reading("s1", chosen, as_notes=True))
    assert {t.task: t.verdict for t in result.tasks} == dict.fromkeys(
        ["k.gradient", "k.hessiaan", "k.hessiaan_start", "k.richting", "k.stap1", "k.newton1", "k.newton2",
         "k.stationair", "k.eigen", "k.aard", "k.aard0", "e.tweede", "e.newton1", "e.newton2"], "correct")
    found = {t.task: t.found_at.rsplit(":", 1)[1] for t in result.tasks if t.task in ("k.aard", "k.aard0")}
    assert found == {"k.aard": "45", "k.aard0": "45"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_words_give_one_written_nature_or_none(text):
    word = Classify().answer_in_words(text, None)  # type: ignore[arg-type]
    assert word is None or word in NATURE_OF
    notes = read_markdown(text, "n.md")
    assert all(len(s.words) <= 5_000 for s in notes.sentences)
