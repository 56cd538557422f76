"""A kind of task defined outside grader (here, in this module) and registered: the exercise
reader takes its key, validate checks it, grading names its mistakes, and solve, the student
report and the JSON schema show it, with nothing else in grader changed."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import jsonschema
import pytest
import sympy as sp
import yaml

import grader
from grader.diagnose.engine import Context, derivative_candidates_by
from grader.diagnose.models import Candidate
from grader.exercise.model import Problem, Task
from grader.exercise.schema import exercise_schema
from grader.kinds import KINDS, Expected, Kind, Reading, Role, register, unregister
from grader.parse.mathtext import expression_text
from grader.reading.yamlio import LineMap
from grader.report.write import student_report


class SecondDerivative(Kind):
    """``second_derivative: x``: f'' by x. It plays the derivative's role (by x, then x again),
    so notes and follow-through know it, and the calculus mistakes apply to it as they are."""

    name = "second_derivative"
    schema: ClassVar[dict[str, Any]] = {"type": "string", "description": "the variable: f''(x)"}
    role = Role.DERIVATIVE

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        known = [p.name for p in reading.parameters]
        if reading.function is None or str(given) not in known:
            reading.error(line, f"second_derivative by '{given}': the function has {', '.join(known) or 'none'}")
            return None
        variable = reading.vocabulary.variables[str(given)]
        return Expected(sp.diff(reading.function, variable, 2), False, (variable.name, variable.name))

    def derivative_order(self, task: Task, component: int | None) -> tuple[str, ...]:
        return task.variables if component is None else ()

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        return derivative_candidates_by(task.variables, context.problem)

    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        assert problem.function is not None
        first = sp.diff(problem.function, problem.vocabulary.variables[task.variables[0]])
        return (f"{problem.function_name}' = {expression_text(first)}",)


EXERCISE = """\
id: curvature
title: Curvature
lang: en
problems:
  - id: f
    function: "f(x) = x^4 + 3x"
    tasks:
      - {id: slope, derivative: [x]}
      - {id: bend, second_derivative: x, prompt: "f''(x)"}
"""


@pytest.fixture
def second_derivative():
    kind = register(SecondDerivative())
    yield kind
    unregister(kind.name)


@pytest.fixture
def exercise_file(tmp_path, second_derivative):
    path = tmp_path / "curvature.yaml"
    path.write_text(EXERCISE, encoding="utf-8")
    return path


def test_the_reader_hands_the_task_to_its_kind(exercise_file):
    task = grader.load_exercise(exercise_file).task("f.bend")
    assert task is not None
    assert (task.kind, task.expected_text, task.variables) == ("second_derivative", "12*x^2", ("x", "x"))


def test_validate_takes_it_and_reports_its_errors_with_file_and_line(run, exercise_file, tmp_path):
    assert run("validate", str(exercise_file)).exit_code == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(EXERCISE.replace("second_derivative: x", "second_derivative: z"), encoding="utf-8")
    result = run("validate", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:9: second_derivative by 'z': the function has x" in result.stderr


@pytest.mark.parametrize("answer, verdict, codes", [
    ("12x^2", "correct", []),
    ("12 x x", "correct", []),
    ("4x^3 + 3", "incorrect", ["first-derivative-only"]),  # differentiated once
    ("-12x^2", "incorrect", ["sign-slip"]),
    ("4x^2", "incorrect", ["coefficient-not-multiplied"]),
])
def test_answers_are_graded_and_mistakes_named(exercise_file, answer, verdict, codes):
    checked = grader.check_answer(grader.load_exercise(exercise_file), "f.bend", answer)
    assert (checked.verdict, [d.code for d in checked.diagnoses]) == (verdict, codes)


def test_solve_shows_its_expected_answer_and_working(run, exercise_file):
    result = run("solve", str(exercise_file))
    assert result.exit_code == 0, result.output
    assert "f.bend" in result.stdout and "12*x^2" in result.stdout
    assert "f' = 4*x^3 + 3" in result.stdout


def test_a_student_report_shows_the_task_and_the_mistake(exercise_file):
    checked = grader.check_submission(grader.load_exercise(exercise_file),
                                      {"f.slope": "4x^3 + 3", "f.bend": "4x^3 + 3"}, reveal=True)
    report = student_report(checked.exercise, checked.result, "md", reveal=True)
    assert "## ✗ f.bend: f''(x)" in report
    assert "- Expected: $12 \\cdot x^{2}$" in report
    assert "- Worked step: `f' = 4*x^3 + 3`" in report
    assert "- **Mistake:** only ∂x was done; ∂x∂x needs the next differentiation too" in report


def test_a_class_is_graded_by_the_workers(run, exercise_file, tmp_path):
    submission = tmp_path / "s" / "ann.yaml"
    submission.parent.mkdir()
    submission.write_text('student: ann\nexercise: curvature\nanswers:\n  f.bend: "4x^3 + 3"\n', encoding="utf-8")
    result = run("grade", str(exercise_file), "-s", str(submission.parent), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    bend = next(t for t in results["results"][0]["tasks"] if t["task"] == "f.bend")
    assert [d["code"] for d in bend["diagnoses"]] == ["first-derivative-only"]


def test_the_schema_takes_its_key(exercise_file, second_derivative):
    schema = exercise_schema()
    task = schema["properties"]["problems"]["items"]["properties"]["tasks"]["items"]
    assert task["properties"]["second_derivative"] == SecondDerivative.schema
    assert {"required": ["second_derivative"]} in task["oneOf"]
    jsonschema.validate(yaml.safe_load(exercise_file.read_text(encoding="utf-8")), schema)  # as an editor
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(EXERCISE.replace("second_derivative: x", "second_derivative: [x]")),
                            schema)


def test_notes_find_it_by_the_role_it_plays(exercise_file, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("$f(x) = x^4 + 3x$\n\n$f'(x) = 4x^3 + 3$\n\n"
                     "$\\frac{\\partial^2 f}{\\partial x^2} = 12x^2$\n", encoding="utf-8")
    checked = grader.check_submission(grader.load_exercise(exercise_file), notes, notes=True)
    assert {t.task: t.verdict for t in checked.tasks} == {"f.slope": "correct", "f.bend": "correct"}


def test_unregistered_it_is_an_unknown_key_again(tmp_path):
    assert "second_derivative" not in KINDS
    path = tmp_path / "curvature.yaml"
    path.write_text(EXERCISE, encoding="utf-8")
    with pytest.raises(grader.GraderError):
        grader.load_exercise(path)
