"""Notes find the Hessian and the directional derivative by their notation (``H =``, ``H_f``,
``\\nabla^2 J``, ``D_u f``, ``D_{\\vec u} Z(1, 2)``) and by the words before them, never by a
task kind's name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.exercise.find import load_exercises
from grader.kinds import Role
from grader.parse import ParseError, Vocabulary, read_answer
from grader.reading.notenames import second_order_role
from grader.running.batch import Engine, Reading
from tests.conftest import ROOT

NOTES = ROOT / "tests" / "data" / "notes"
EXERCISE = NOTES / "second-order.yaml"
Z = "$Z(x, y) = x^4 + x^3y^2 + y^5 + 8$\n\n"
PLAIN = Vocabulary()


@pytest.mark.parametrize("left, role", [
    ("H", Role.HESSIAN), ("H_f", Role.HESSIAN), ("H_{Z}", Role.HESSIAN), ("H(-2, 3)", Role.HESSIAN),
    ("\\nabla^2 J", Role.HESSIAN), ("\\nabla^{2} J(\\theta)", Role.HESSIAN), ("∇²J", Role.HESSIAN),
    ("\\mathbf{H}", Role.HESSIAN),
    ("D_u f", Role.DIRECTIONAL), ("D_{\\vec u} Z(1,2)", Role.DIRECTIONAL), ("D_{\\vec{u}} Z", Role.DIRECTIONAL),
    ("D_{\\mathbf{u}}J", Role.DIRECTIONAL), ("D_{\\hat u} f(1, 2)", Role.DIRECTIONAL),
    # no second order: the gradient, a name that only starts with H or D, a derivative by D
    ("\\nabla J", None), ("\\nabla J(2, -1)", None), ("Hx", None), ("D", None), ("Dx", None), ("θ", None),
    ("\\frac{\\partial^2 Z}{\\partial x \\partial y}", None),
])
def test_the_notation_names_its_role(left, role):
    assert second_order_role(left) is role


def graded(tmp_path, text: str):
    exercises = load_exercises([str(EXERCISE)])
    (chosen,) = exercises
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    (result,) = Engine(exercises, jobs=1).grade([path], Reading("s1", chosen, as_notes=True))
    return {t.task: (t.verdict, [d.code for d in t.diagnoses]) for t in result.tasks if t.verdict != "missing"}


def test_notes_in_the_course_style_answer_every_task(tmp_path):
    tasks = graded(tmp_path, (NOTES / "second-order.md").read_text(encoding="utf-8"))
    assert tasks == {key: ("correct", []) for key in
                     ("z.h", "z.h_at", "z.d", "z.d_sym", "j.h", "j.h_start", "j.d")}


@pytest.mark.parametrize("line, task, verdict, codes", [
    # H(−2, 3) is the Hessian at a point, not a new function named H
    ("$H(-2, 3) = \\begin{pmatrix} 524 & 72 \\\\ 72 & -60 \\end{pmatrix}$", "z.h_at", "partial", ["entries-swapped"]),
    # numbers without a point: the Hessian at the point; letters: the Hessian itself
    ("$H = [[-60, 72], [72, 524]]$", "z.h_at", "correct", []),
    ("$\\nabla^2 Z = (4x^3 + 3x^2y^2, 2x^3y + 5y^4)$", "z.h", "incorrect", ["gradient-for-hessian"]),
    ("$D_{\\vec u} Z(-2, 3) = 1656$", "z.d", "incorrect", ["direction-not-normalised"]),
    ("$D_u Z = 4x^3 + 3x^2y^2$", "z.d_sym", "incorrect", ["gradient-component-for-directional"]),
    ("De Hessiaan: $\\begin{pmatrix} 12x^2 + 6xy^2 & 6x^2y \\\\ 6xy^2 & 2x^3 + 20y^3 \\end{pmatrix}$", "z.h",
     "partial", ["hessian-asymmetric"]),
    ("The directional derivative at the point: $331.2$", "z.d", "correct", []),
])
def test_each_notation_finds_its_task(tmp_path, line, task, verdict, codes):
    assert graded(tmp_path, Z + line + "\n") == {task: (verdict, codes)}


SECOND_ORDER_ALPHABET = st.sampled_from(["H", "D", "_", "u", "{", "}", "\\vec", "\\mathbf", "\\nabla", "∇", "^",
                                         "2", "²", "(", ")", "1", ",", " ", "Z", "f", "\\", "x", "=", "θ"])


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(SECOND_ORDER_ALPHABET, max_size=40).map("".join))
def test_any_left_side_names_a_role_or_none(text):
    assert second_order_role(text) in (None, Role.HESSIAN, Role.DIRECTIONAL)
    if not any(mark in text for mark in ("H", "D", "∇", "\\nabla")):
        assert second_order_role(text) is None


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(SECOND_ORDER_ALPHABET, max_size=30).map("".join))
def test_labelled_second_order_answers_read_or_are_refused(text):
    try:
        read_answer(text + " = 331.2", PLAIN)
    except ParseError as error:
        assert error.position is None or 0 <= error.position <= len(text) + 8
