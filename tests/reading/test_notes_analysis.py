"""Notes find eigenvalues (``λ_1 = …, λ_2 = …``, ``\\lambda_{1,2} = …``, "eigenwaarden:") and a
stationary point (``(x^*, y^*) = …``, ``\\theta^* = …``, "stationair punt:") by their notation
and by the words before them, never by a task kind's name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.exercise.find import load_exercises
from grader.kinds import Role
from grader.reading.notenames import second_order_role
from grader.running.batch import Engine, Reading
from tests.conftest import ROOT

EXERCISE = ROOT / "tests" / "data" / "analysis.yaml"
Q = "$f(x, y) = 3x^2 + 4xy + 5y^2 - 2x + 8y$\n\n"
J = "$J(\\theta_1, \\theta_2) = \\frac{1}{4}\\theta_1^4 + \\frac{1}{5}\\theta_2^2$\n\n"


@pytest.mark.parametrize("left, role", [
    ("\\lambda", Role.EIGENVALUES), ("λ_1", Role.EIGENVALUES), ("\\lambda_{1,2}", Role.EIGENVALUES),
    ("(\\lambda_1, \\lambda_2)", Role.EIGENVALUES), ("λ_1, λ_2", Role.EIGENVALUES),
    ("x^*", Role.STATIONARY), ("(x^*, y^*)", Role.STATIONARY), ("\\theta^{*}", Role.STATIONARY),
    ("(\\theta_1^*, \\theta_2^*)", Role.STATIONARY), ("x^\\ast", Role.STATIONARY),
    # neither: a power, a product, a name that only starts with λ, the point without stars
    ("x^2", None), ("x*y", None), ("\\lambdax", None), ("(x, y)", None), ("\\lambda x", None),
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


@pytest.mark.parametrize("text, task, verdict, codes", [
    (Q + "$\\lambda_1 = 8 - 2\\sqrt{5}, \\lambda_2 = 8 + 2\\sqrt{5}$", "q.e", "correct", []),
    (Q + "$λ_1 = 12.47,\\ λ_2 = 3.53$", "q.e", "correct", []),
    (Q + "$\\lambda_{1,2} = 6, 10$", "q.e", "incorrect", ["diagonal-for-eigenvalues"]),
    (Q + "De eigenwaarden van de Hessiaan: $3.53, 12.47$", "q.e", "correct", []),
    (Q + "Eigenvalues: $16, 44$", "q.e", "incorrect", ["trace-determinant-for-eigenvalues"]),
    (Q + "$(x^*, y^*) = (13/11, -14/11)$", "q.s", "correct", []),
    (Q + "Stationair punt: $(-13/11, 14/11)$", "q.s", "incorrect", ["sign-slip"]),
    (Q + "The critical point is $(13/11, 14/11)$", "q.s", "partial", ["sign-slip"]),
    (J + "$(\\theta_1^*, \\theta_2^*) = (0, 0)$", "j.s", "correct", []),
    (J + "$\\lambda_1 = 48, \\lambda_2 = 0.4$", "j.e", "correct", []),
])
def test_each_notation_finds_its_task(tmp_path, text, task, verdict, codes):
    assert graded(tmp_path, text + "\n") == {task: (verdict, codes)}


ALPHABET = st.sampled_from(["\\lambda", "λ", "_", "{", "}", "1", "2", ",", " ", "(", ")", "x", "y", "^", "*",
                            "\\ast", "\\theta", "θ", "H", "D", "u", "\\"])


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_any_left_side_names_a_role_or_none(text):
    role = second_order_role(text)
    assert role in (None, Role.HESSIAN, Role.DIRECTIONAL, Role.EIGENVALUES, Role.STATIONARY)
    if role is Role.EIGENVALUES:
        assert "λ" in text or "\\lambda" in text
    if role is Role.STATIONARY:
        assert "*" in text or "\\ast" in text
