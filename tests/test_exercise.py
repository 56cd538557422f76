"""Exercise files: what a teacher writes, and the one-line errors for what goes wrong."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from grader.errors import ExerciseErrors
from grader.exercise import load_exercise
from grader.mathtext import value_text


def write(tmp_path: Path, text: str, name: str = "ex.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ExerciseErrors) as caught:
        load_exercise(path)
    return [str(e) for e in caught.value.errors]


def test_issue_example_shape_loads(tmp_path):
    path = write(tmp_path, """\
        id: gradient-descent
        title: Gradiënt descent
        lang: nl
        problems:
          - id: gd2
            function: "J(θ1, θ2) = 1/4 θ1^4 + 1/5 θ2^2"
            start: {θ1: -4, θ2: 2}
            learning_rate: 0.1
            tasks:
              - {id: gradient, gradient: [θ1, θ2]}
              - {id: slope1, slope: 1}
              - {id: step1, step: 1, tolerance: {decimals: 2}}
          - id: p1
            function: "Z(x, y) = x^4 + x^3 y^2 + y^5 + 8"
            tasks:
              - {id: dxdy, derivative: [x, y], points: 2}
          - id: extra
            tasks:
              - {id: expand, answer: "(x-1)^2", variables: [x]}
              - {id: value, answer: "12/5", tolerance: {abs: 0.01}}
        """)
    exercise = load_exercise(path)
    shown = {t.key: value_text(t.expected, t.numeric) for t in exercise.tasks}
    assert shown == {"gd2.gradient": "(θ1^3, 2*θ2/5)", "gd2.slope1": "(-64, 0.8)",
                     "gd2.step1": "(2.4, 1.92)", "p1.dxdy": "6*x^2*y",
                     "extra.expand": "(x - 1)^2", "extra.value": "2.4"}
    assert float(exercise.max_score) == 7
    assert exercise.task("p1.dxdy").points == 2


@pytest.mark.parametrize("body,message", [
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n    tasks:\n      - {id: a, derivatve: [x]}\n",
     "ex.yaml:7: unknown key 'derivatve' in a task; did you mean 'derivative'?"),
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2 +'\n    tasks:\n      - {id: a, derivative: [x]}\n",
     "ex.yaml:5: function: the answer ends too early (at character 13)"),
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n    tasks:\n      - {id: a, derivative: [y]}\n",
     "ex.yaml:7: derivative over unknown variable(s) y; the function has x"),
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n    tasks:\n      - {id: a, slope: 1}\n",
     "ex.yaml:7: a slope task needs the problem's 'start' and 'learning_rate'"),
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n    tasks:\n      - {id: a, derivative: [x], expected: '3x'}\n",
     "ex.yaml:7: task 'a': the written expected answer '3x' does not match the computed one (2*x); fix one of them"),
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n    tasks:\n      - {id: a, derivative: [x]}\n      - {id: a, derivative: [x]}\n",
     "ex.yaml:8: duplicate task id 'a' in problem 'p'"),
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n    tasks:\n      - {id: a}\n",
     "ex.yaml:7: task 'a' must ask exactly one of: derivative, gradient, slope, step, answer"),
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n    tasks:\n      - {id: a, derivative: [x], tolerance: {decimal: 2}}\n",
     "ex.yaml:7: unknown key 'decimal' in tolerance; did you mean 'decimals'?"),
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'J(θ) = θ^2'\n    start: {θ: 1}\n    learning_rate: fast\n    tasks:\n      - {id: a, step: 1}\n",
     "ex.yaml:7: learning_rate must be a number, got 'fast'"),
    ("id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n    tasks: [{id: a, derivative: x}\n",
     "ex.yaml:7: YAML error: did not find expected ',' or ']'"),
    ("id: x\ntitle: t\nlang: fr\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n    tasks:\n      - {id: a, derivative: x}\n",
     "ex.yaml:3: lang must be one of en, nl"),
    ("id: x\nproblems: []\n", "ex.yaml:1: the exercise needs a 'title' (text)"),
    ("!!python/object/apply:os.system ['id']\n", "ex.yaml:1: YAML error: tags such as !!python/... are not allowed"),
])
def test_broken_exercises_give_file_line_messages(tmp_path, body, message):
    path = write(tmp_path, body)
    messages = [m.replace(str(tmp_path) + "/", "") for m in errors_of(path)]
    assert message in messages


def test_all_errors_of_a_file_are_reported_at_once(tmp_path):
    path = write(tmp_path, "id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n"
                           "    tasks:\n      - {id: a, derivative: [q]}\n      - {id: b, slope: 2}\n")
    assert len(errors_of(path)) == 2


def test_bundled_exercises_validate():
    from grader.library import load_exercises

    exercises = load_exercises(["exercises"])
    assert set(exercises) == {"partial-derivatives", "linear-cost", "gradient-descent", "chain-rule"}


def test_exact_learning_rate_from_yaml_float(tmp_path):
    # YAML reads 0.1 as a binary float; grader keeps the teacher's exact 1/10.
    path = write(tmp_path, "id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'J(θ) = 3θ^2'\n"
                           "    start: 4\n    learning_rate: 0.1\n    tasks:\n      - {id: s, step: 3}\n")
    task = load_exercise(path).tasks[0]
    assert value_text(task.expected, True) == "0.256"
