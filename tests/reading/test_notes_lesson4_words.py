"""Notes of lesson 4 as a newcomer's students wrote them: J''(θ) and d²J/dθ² for the second
derivative, "Hessiaan in het startpunt" (a Hessian at the start, not the start), "stap gradient
descent" (a step, not the gradient)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.exercise.find import load_exercises
from grader.reading.notenames import derivative_order
from grader.running.batch import Engine, Reading
from tests.conftest import ROOT

EXERCISE = ROOT / "tests" / "data" / "notes" / "kosten.yaml"
HEADER = "---\nstudent: s1\nexercise: kosten\n---\n\n"
ONE = "Kostenfunctie $J(\\theta) = \\theta^4 - 8\\theta$\n\n"
TWO = "Kostenfunctie: $J(\\theta_1,\\theta_2)=\\theta_1^4+\\theta_1\\theta_2+\\theta_2^2$\n\n"
THETA, X, Y = sp.Symbol("θ"), sp.Symbol("x"), sp.Symbol("y")
ONE_VARIABLE = SimpleNamespace(parameters=(THETA,))
TWO_VARIABLES = SimpleNamespace(parameters=(X, Y))


@pytest.mark.parametrize("left, one, two", [
    ("J'", (), ()), ("J'(4)", (), ()), ("J''(\\theta)", ("θ", "θ"), None), ("J′′", ("θ", "θ"), None),
    ("J″(θ)", ("θ", "θ"), None), ("J^{\\prime\\prime}(\\theta)", ("θ", "θ"), None), ("J'''", ("θ",) * 3, None),
    ("\\frac{d^2J}{d\\theta^2}", ("θ", "θ"), ("θ", "θ")), ("\\frac{d^{2} J}{d \\theta^{2}}", ("θ", "θ"), ("θ", "θ")),
    ("d²J/dθ²", ("θ", "θ"), ("θ", "θ")), ("dJ/dθ", ("θ",), ("θ",)),
    ("∂²Z/∂x²", ("x", "x"), ("x", "x")), ("∂^2Z/∂y^2", ("y", "y"), ("y", "y")), ("∂²Z/∂x∂y", ("x", "y"), ("x", "y")),
    ("J (θ)", None, None), ("J", None, None),
])
def test_primes_and_powers_name_the_derivative(left, one, two):
    assert derivative_order(left, ONE_VARIABLE) == one
    assert derivative_order(left, TWO_VARIABLES) == two


def mapped(tmp_path, text: str) -> dict[str, tuple[str, str]]:
    exercises = load_exercises([str(EXERCISE)])
    (chosen,) = exercises
    path = tmp_path / "notes.md"
    path.write_text(HEADER + text, encoding="utf-8")
    (result,) = Engine(exercises, jobs=1).grade([path], Reading("s1", chosen, as_notes=True))
    return {t.task: (t.verdict, t.answer) for t in result.tasks if t.verdict != "missing"}


@pytest.mark.parametrize("notes, task, answer", [
    (ONE + "Tweede afgeleide: $J''(\\theta) = 12\\theta^2$\n", "k2.tweede", "12\\theta^2"),
    (ONE + "$$J''(\\theta) = 12\\theta^2$$\n", "k2.tweede", "12\\theta^2"),
    (ONE + "$$\\frac{d^2J}{d\\theta^2} = 12\\theta^2$$\n", "k2.tweede", "12\\theta^2"),
    (ONE + "$J′′(θ) = 12θ^2$\n", "k2.tweede", "12θ^2"),
    (TWO + "Hessiaan in het startpunt: $\\begin{pmatrix} 12 & 1 \\\\ 1 & 2 \\end{pmatrix}$\n", "k1.hessiaan_start",
     "\\begin{pmatrix} 12 & 1 \\\\ 1 & 2 \\end{pmatrix}"),
    (TWO + "Stap gradient descent: $(0.5, 0.7)$\n", "k1.stap1", "(0.5, 0.7)"),
    (TWO + "Gradient descent, stap 1: $(0.5, 0.7)$\n", "k1.stap1", "(0.5, 0.7)"),
    (TWO + "Een stap gradient descent geeft $(0.5, 0.7)$\n", "k1.stap1", "(0.5, 0.7)"),
    (TWO + "Een stap gradiëntdaling geeft $(0.5, 0.7)$\n", "k1.stap1", "(0.5, 0.7)"),
])
def test_lesson4_notation_finds_its_task(tmp_path, notes, task, answer):
    assert mapped(tmp_path, notes) == {task: ("correct", answer)}


def test_the_gradient_is_still_found_by_its_word(tmp_path):
    assert mapped(tmp_path, TWO + "Gradiënt: $(4\\theta_1^3 + \\theta_2, \\theta_1 + 2\\theta_2)$\n") == \
        {"k1.gradient": ("correct", "(4\\theta_1^3 + \\theta_2, \\theta_1 + 2\\theta_2)")}


LEFT_ALPHABET = st.sampled_from(["J", "'", "′", "″", "\\prime", "^", "{", "}", "(", ")", "θ", "\\theta", "d", "∂",
                                 "/", "²", "2", "\\frac", " ", "x", "_", "1"])


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(LEFT_ALPHABET, max_size=30).map("".join))
def test_any_left_side_names_a_derivative_or_none(text):
    for problem in (ONE_VARIABLE, TWO_VARIABLES):
        order = derivative_order(text, problem)
        assert order is None or all(isinstance(name, str) and name for name in order)


def test_a_point_after_the_word_hessian_is_no_answer(tmp_path):
    notes = TWO + "Hessiaan in $(1, 1)$: $H = \\begin{pmatrix} 12 & 1 \\\\ 1 & 2 \\end{pmatrix}$\n" * 2
    exercises = load_exercises([str(EXERCISE)])
    (chosen,) = exercises
    from grader.reading.notemap import map_notes
    from grader.reading.notes import read_markdown

    mapping = map_notes(exercises[chosen], read_markdown(HEADER + notes, "notes.md"))
    (key, candidates), = mapping.ambiguous  # the same Hessian twice: ambiguous, but no point among them
    assert key == "k1.hessiaan_start"
    assert [c.text for c in candidates] == ["\\begin{pmatrix} 12 & 1 \\\\ 1 & 2 \\end{pmatrix}"] * 2
