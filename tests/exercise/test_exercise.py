"""Exercise files: what a teacher writes, and the one-line errors for what goes wrong."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from grader.errors import ExerciseErrors
from grader.exercise import load_exercise
from grader.kinds import KINDS
from grader.parse.mathtext import value_text


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
     # every registered kind, in order: the seed's five, then lesson 4's
     "ex.yaml:7: task 'a' must ask exactly one of: derivative, gradient, slope, step, answer" +
     "".join(f", {name}" for name in list(KINDS)[5:])),
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
    from grader.exercise.find import load_exercises

    exercises = load_exercises(["exercises"])
    assert set(exercises) == {"partial-derivatives", "linear-cost", "gradient-descent", "chain-rule",
                              "gradient-descent-variants", "partial-derivatives-variants",
                              "les4-newton", "lesson4-newton", "les4-tweede-orde", "lesson4-second-order"}


def test_exact_learning_rate_from_yaml_float(tmp_path):
    # YAML reads 0.1 as a binary float; grader keeps the teacher's exact 1/10.
    path = write(tmp_path, "id: x\ntitle: t\nproblems:\n  - id: p\n    function: 'J(θ) = 3θ^2'\n"
                           "    start: 4\n    learning_rate: 0.1\n    tasks:\n      - {id: s, step: 3}\n")
    task = load_exercise(path).tasks[0]
    assert value_text(task.expected, True) == "0.256"


# -- a teacher's mistakes are caught by validate (file:line, what to do) ----------------------
HEADER = "id: x\ntitle: t\n"


@pytest.mark.parametrize("body,message", [
    (HEADER + "tolerance: {abs: -0.01}\nproblems:\n  - id: p\n    tasks:\n      - {id: a, answer: '1/4'}\n",
     "ex.yaml:3: tolerance abs must not be negative"),
    (HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: '1/4', tolerance: {rel: -1}}\n",
     "ex.yaml:6: tolerance rel must not be negative"),
    (HEADER + "partial_credit: {rouding: 0.5}\nproblems:\n  - id: p\n    tasks:\n      - {id: a, answer: '1/4'}\n",
     "ex.yaml:3: unknown key 'rouding' in partial_credit (mistake codes); did you mean 'rounding'?"),
    (HEADER + "problems:\n  - id: p\n    function: 'J(x) = 1/x'\n    start: 0\n    learning_rate: 0.1\n"
              "    tasks:\n      - {id: a, step: 1}\n",
     "ex.yaml:9: task 'a': the expected answer is undefined (a division by zero?); every student "
     "would score 0: change the exercise"),
    (HEADER + "problems:\n  - id: p\n    variables: [x]\n    tasks:\n      - {id: a, answer: 'sqrt(-1-x^2)'}\n",
     "ex.yaml:7: task 'a': the expected answer has no real value for any real input (a square root "
     "or log of a negative); every student would score 0: change the exercise"),
    (HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: 'sqrt(-4)'}\n",
     "ex.yaml:6: task 'a': the expected answer is not a real number (2*I); every student would "
     "score 0: change the exercise"),
    (HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: '1/4', tolerance: {sigfigs: 0}}\n",
     "ex.yaml:6: tolerance sigfigs must be a whole number from 1 to 15"),
    (HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: '1/4', tolerance: {decimals: 1.5}}\n",
     "ex.yaml:6: tolerance decimals must be a whole number from 0 to 12"),
    (HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: '1/4', tolerance: {written: true}}\n",
     "ex.yaml:6: tolerance written must be true or false, with sigfigs or decimals"),
    (HEADER + "problems:\n  - id: p\n    function: 'J(θ) = θ^2'\n    start: 1\n    learning_rate: 0.1\n"
              "    tasks:\n      - {id: a, step: 99999999999999999999999999999}\n",
     "ex.yaml:9: step (a step number) must be a whole number from 1 to 50"),
])
def test_a_teachers_mistakes_are_refused(tmp_path, body, message):
    messages = [m.replace(str(tmp_path) + "/", "") for m in errors_of(write(tmp_path, body))]
    assert message in messages


@pytest.mark.parametrize("body,warning", [
    (HEADER + "problems:\n  - id: p\n    variables: [x]\n    tasks:\n      - {id: a, answer: 'x^2', tolerance: {decimals: 2}}\n",
     "ex.yaml:7: task 'a': a tolerance has no effect on an answer with variables (it is checked exactly)"),
    (HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: '-46/3'}\n",
     "ex.yaml:6: task 'a': the expected value -46/3 has no finite decimal form and there is no "
     "tolerance, so only the exact form is right; add e.g. tolerance: {decimals: 2}"),
    (HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: '125 miles'}\n",
     "ex.yaml:6: answer '125 miles': 'miles' is read as the variables m·i·l·e·s multiplied together; "
     "if it is a unit, write \\text{miles} (a unit is not checked) or leave it out"),
    (HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: '2,500'}\n",
     "ex.yaml:6: answer '2,500': 2,500 is read with a decimal comma, as 2.500; for a thousands "
     "separator write the number without it"),
])
def test_doubtful_settings_are_warnings(tmp_path, body, warning):
    exercise = load_exercise(write(tmp_path, body))
    assert warning in [w.replace(str(tmp_path) + "/", "") for w in exercise.warnings]


def test_a_domain_beyond_the_test_points_is_a_warning_not_an_error(tmp_path):
    body = HEADER + "problems:\n  - id: p\n    function: 'f(x) = sqrt(x - 5)'\n    tasks:\n" \
                    "      - {id: a, derivative: [x]}\n"
    exercise = load_exercise(write(tmp_path, body))
    assert any("no real value at grader's test points" in w for w in exercise.warnings)


def test_no_warning_for_what_is_fine(tmp_path):
    body = HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: '-46/4'}\n" \
                    "      - {id: b, answer: '-46/3', tolerance: {decimals: 2}}\n"
    assert load_exercise(write(tmp_path, body)).warnings == ()
    from grader.exercise.find import load_exercises

    assert all(e.warnings == () for e in load_exercises(["exercises"]).values())


def test_answer_tasks_take_the_names_of_the_teachers_answer(tmp_path):
    body = HEADER + "problems:\n  - id: p\n    tasks:\n      - {id: a, answer: '(x-1)^2'}\n" \
                    "      - {id: b, answer: '2 θ1 y + sin(t)'}\n"
    exercise = load_exercise(write(tmp_path, body))
    assert sorted(exercise.tasks[0].vocabulary.variables) == ["x"]
    assert sorted(exercise.tasks[1].vocabulary.variables) == ["t", "y", "θ1"]


@pytest.mark.parametrize("written,exact", [("1e-2", "1/100"), ("0.00001", "1/100000"),
                                           ("1E-1", "1/10"), ("2.5e-1", "1/4")])
def test_scientific_notation_in_exercise_files(tmp_path, written, exact):
    import sympy as sp

    body = HEADER + (f"problems:\n  - id: p\n    function: 'J(θ) = θ^2'\n    start: 1\n"
                     f"    learning_rate: {written}\n    tasks:\n      - {{id: a, step: 1}}\n"
                     f"      - {{id: b, answer: {written}}}\n")
    exercise = load_exercise(write(tmp_path, body))
    rate = sp.Rational(exact)
    assert exercise.problems[0].descent.learning_rate == rate
    assert exercise.tasks[0].expected == 1 - 2 * rate
    assert exercise.tasks[1].expected == rate      # not e - 3


@pytest.mark.parametrize("rate", ["0", "-0.1", "-1/2", "0.0"])
def test_a_learning_rate_of_zero_or_less_is_refused_with_its_line(tmp_path, rate):
    from grader.messages import render

    body = (HEADER + "problems:\n  - id: p\n    function: 'J(θ) = θ^2'\n    start: 1\n"
            f"    learning_rate: {rate}\n    tasks:\n      - {{id: a, step: 1}}\n")
    with pytest.raises(ExerciseErrors) as caught:
        load_exercise(write(tmp_path, body))
    [error] = caught.value.errors
    assert (error.line, error.code) == (7, "exercise-learning-rate-not-positive")
    assert str(error).endswith(f"ex.yaml:7: learning_rate must be greater than 0, not {rate}: a step θ − α·∇J "
                               "with α ≤ 0 stays put or climbs; write a small positive rate, such as "
                               "learning_rate: 0.1")
    assert render(error.code, error.params, "nl").startswith(f"learning_rate moet groter dan 0 zijn, niet {rate}")


def test_a_variant_whose_learning_rate_is_zero_or_less_is_refused(tmp_path):
    body = (HEADER + "parameters:\n  lr: {choose: [-0.1, 0.1]}\nproblems:\n  - id: p\n"
            "    function: 'J(θ) = θ^2'\n    start: 1\n    learning_rate: lr\n    tasks:\n      - {id: a, step: 1}\n")
    with pytest.raises(ExerciseErrors) as caught:
        load_exercise(write(tmp_path, body))
    assert any("learning_rate must be greater than 0" in str(e) for e in caught.value.errors)
