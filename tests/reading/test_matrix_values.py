"""Readers of student notes that take values apart: a matrix is not a vector of its entries."""

from __future__ import annotations

from grader.exercise import load_exercise
from grader.reading.notesteps import more_working


def test_a_matrix_in_notes_is_no_descent_step_of_as_many_parameters(tmp_path):
    path = tmp_path / "four.yaml"
    path.write_text("id: four\ntitle: four\nproblems:\n  - id: gd\n"
                    "    function: 'J(a, b, c, d) = a^2 + b^2 + c^2 + d^2'\n"
                    "    start: {a: 1, b: 1, c: 1, d: 1}\n    learning_rate: 0.1\n"
                    "    tasks:\n      - {id: step1, step: 1}\n", encoding="utf-8")
    exercise = load_exercise(path)
    problem = exercise.problem("gd")
    assert more_working(["θ", "(0.8, 0.8, 0.8, 0.8)"], "then", problem, exercise)
    assert not more_working(["θ", "[[0.8, 0.8], [0.8, 0.8]]"], "then", problem, exercise)
