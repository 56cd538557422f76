"""Newton's method (``newton: k``): the expected iterates, the mistakes named, follow-through,
the worked steps and validate's refusal of a singular Hessian."""

from __future__ import annotations

import re

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from grader.errors import ExerciseErrors
from grader.exercise import load_exercise
from grader.exercise.find import load_exercises
from grader.exercise.solution import solve
from grader.reading.submission import Submission
from grader.running.grade import grade_submission
from tests.cases import BUNDLED, NEWTON, NT
from tests.conftest import ROOT
from tests.helpers import say


def grade(key: str, answers: dict[str, str], exercise: str = NT):
    submission = Submission("t.yaml", "t", exercise, answers)
    return next(r for r in grade_submission(BUNDLED[exercise], submission) if r.task == key)


@pytest.mark.parametrize("key,answers,verdict,codes", NEWTON)
def test_newton_mistakes_and_follow_through(key, answers, verdict, codes):
    result = grade(key, answers)
    assert (result.verdict, [d.code for d in result.diagnoses]) == (verdict, codes), result


@pytest.mark.parametrize("exercise", ["lesson4-newton", "les4-newton"])
def test_the_iterates_of_the_notes(exercise):
    """J = θ³ − 6θ from 2: 3/2, 17/12; J = ¼θ1⁴ + ⅕θ2² from (−4, 2): (−8/3, 0), (−16/9, 0)."""
    found = {t.key: t.expected for t in BUNDLED[exercise].tasks if t.kind == "newton"}
    R = sp.Rational
    assert found == {"nt1.newton1": R(3, 2), "nt1.newton2": R(17, 12),
                     "nt2.newton1": (R(-8, 3), 0), "nt2.newton2": (R(-16, 9), 0)}


def test_the_messages_name_the_mistake_in_both_languages():
    result = grade("nt2.newton1", {"nt2.newton1": "(2.4, 1.92)"})
    assert say(result.diagnoses[0]) == \
        "this is a step of gradient descent, θ − 0.1·∇J; a Newton step uses the Hessian: θ − H⁻¹∇J"
    assert say(result.diagnoses[0], "nl") == \
        "dit is een stap van gradiënt descent, θ − 0.1·∇J; een Newton-stap gebruikt de Hessiaan: θ − H⁻¹∇J"
    result = grade("nt1.newton1", {"nt1.newton1": "-70"})
    # one variable: J'(θ) and J''(θ), not the Hessian
    assert say(result.diagnoses[0], "nl") == \
        "J'(θ) is met J''(θ) vermenigvuldigd in plaats van erdoor gedeeld: een Newton-stap is θ − J'(θ)/J''(θ)"


def test_follow_through_credit_is_the_exercises(tmp_path):
    path = tmp_path / "n.yaml"
    path.write_text("id: n\ntitle: N\nfollow_through: 0.5\nproblems:\n  - id: p\n"
                    "    function: 'J(θ) = θ^3 - 6θ'\n    start: 2\n    tasks:\n"
                    "      - {id: n1, newton: 1}\n      - {id: n2, newton: 2}\n", encoding="utf-8")
    exercise = load_exercise(path)
    results = grade_submission(exercise, Submission("t.yaml", "t", "n", {"p.n1": "2.5", "p.n2": "1.65"}))
    second = next(r for r in results if r.task == "p.n2")
    assert (second.verdict, second.score, [d.code for d in second.diagnoses]) == \
        ("partial", 0.5, ["carried-error"])


def test_a_start_without_a_learning_rate_is_enough_for_newton(tmp_path):
    path = tmp_path / "n.yaml"
    path.write_text("id: n\ntitle: N\nproblems:\n  - id: p\n    function: 'J(θ) = θ^3 - 6θ'\n"
                    "    start: {θ: 2}\n    tasks:\n      - {id: n1, newton: 1}\n", encoding="utf-8")
    problem = load_exercise(path).problems[0]
    assert (problem.descent, problem.start) == (None, (2,))


@pytest.mark.parametrize("body,message", [
    # J''(0) = 0 at the start
    ("    function: 'J(θ) = θ^4'\n    start: 0\n    tasks:\n      - {id: n1, newton: 1}\n",
     "n.yaml:8: the Hessian at 0, the iterate before Newton step 1, is singular (no inverse): "
     "Newton's method cannot go on from there; choose another start or ask fewer steps"),
    # H = [[2θ2 + 2, 2θ1], [2θ1, 0]] at (0, 1) has a zero row
    ("    function: 'J(θ1, θ2) = θ1^2 θ2 + θ1^2'\n    start: [0, 1]\n    tasks:\n      - {id: n1, newton: 1}\n",
     "n.yaml:8: the Hessian at (0, 1), the iterate before Newton step 1, is singular (no inverse): "
     "Newton's method cannot go on from there; choose another start or ask fewer steps"),
    # J = θ³/3 + θ from 1: step 1 lands on θ = 0, where J'' = 2θ is 0; the error is step 2's
    ("    function: 'J(θ) = θ^3/3 + θ'\n    start: 1\n    tasks:\n      - {id: n1, newton: 1}\n"
     "      - {id: n2, newton: 2}\n",
     "n.yaml:9: the Hessian at 0, the iterate before Newton step 2, is singular (no inverse): "
     "Newton's method cannot go on from there; choose another start or ask fewer steps"),
    ("    function: 'J(θ) = θ^2'\n    tasks:\n      - {id: n1, newton: 1}\n",
     "n.yaml:7: a newton task needs the problem's 'function' and 'start'"),
])
def test_validate_refuses_a_singular_hessian_with_file_and_line(tmp_path, body, message):
    path = tmp_path / "n.yaml"
    path.write_text("id: n\ntitle: N\nproblems:\n  - id: p\n" + body, encoding="utf-8")
    with pytest.raises(ExerciseErrors) as caught:
        load_exercise(path)
    assert message in [str(e).replace(str(tmp_path) + "/", "") for e in caught.value.errors]


def test_solve_shows_the_steps_of_the_notes():
    exercise = BUNDLED["les4-newton"]
    solved = {t.task: t.working for p in solve(exercise, "nl") for t in p.tasks}
    assert solved["nt1.newton1"][-1] == "Newton-stap 1: θ = 2 − 6/12 = 1.5"
    assert solved["nt1.newton2"][-1] == "Newton-stap 2: θ = 1.5 − 0.75/9 = 17/12"
    assert solved["nt2.newton1"][1:] == (
        "in (θ1, θ2) = (-4, 2): ∇J = (-64, 0.8), H = [[48, 0], [0, 0.4]], H⁻¹ = [[1/48, 0], [0, 2.5]]",
        "H⁻¹∇J = (-4/3, 2)",
        "Newton-stap 1: (θ1, θ2) = (-4, 2) − (-4/3, 2) = (-8/3, 0)")
    english = {t.task: t.working for p in solve(BUNDLED["lesson4-newton"], "en") for t in p.tasks}
    assert english["nt1.newton1"][-1] == "Newton step 1: θ = 2 − 6/12 = 1.5"


RATE_MISSING = "n.yaml:6: 'learning_rate' is missing: task(s) s1 (step) take gradient descent steps from " \
    "'start' with it; add one, e.g. learning_rate: 0.1"
# the kinds that read 'start' are listed in the middle: another kind may join them
UNUSED = "n.yaml:6: 'start' is unused: no task of this problem reads it (only … tasks do); remove it, or add " \
    "'learning_rate' and such a task"


@pytest.mark.parametrize("tasks, said", [
    ("      - {id: s1, step: 1}\n", RATE_MISSING),                # as before Newton's method came
    ("      - {id: s1, step: 1}\n      - {id: n1, newton: 1}\n", RATE_MISSING),  # a step still needs it
    ("      - {id: d, derivative: [θ]}\n", UNUSED),                # a start no task reads: refused
    ("      - {id: d, directional: {direction: [1], at: {θ: 1}}}\n", UNUSED),  # nor a lesson-4 kind
])
def test_a_start_without_a_learning_rate_is_refused_where_a_descent_needs_one(tmp_path, tasks, said):
    path = tmp_path / "n.yaml"
    path.write_text("id: n\ntitle: N\nproblems:\n  - id: p\n    function: 'J(θ) = θ^2'\n    start: 2\n"
                    "    tasks:\n" + tasks, encoding="utf-8")
    with pytest.raises(ExerciseErrors) as caught:
        load_exercise(path)
    errors = [re.sub(r"\(only [a-z, ]+ tasks do\)", "(only … tasks do)", str(e).replace(str(tmp_path) + "/", ""))
              for e in caught.value.errors]
    assert errors == [said]


def test_newton_and_descent_share_the_start(tmp_path):
    path = tmp_path / "n.yaml"
    path.write_text("id: n\ntitle: N\nproblems:\n  - id: p\n    function: 'J(θ) = θ^2'\n    start: 2\n"
                    "    learning_rate: 0.25\n    tasks:\n      - {id: s1, step: 1}\n      - {id: n1, newton: 1}\n",
                    encoding="utf-8")
    exercise = load_exercise(path)
    assert [t.expected for t in exercise.tasks] == [1, 0]
    assert exercise.problems[0].start == (2,)


LESSON4 = ROOT / "examples" / "lesson4"


def test_the_lesson4_examples_grade_as_their_comments_say():
    from grader.running.batch import Engine, Reading

    exercises = load_exercises([str(ROOT / "exercises")])
    found = {}
    for path in sorted(LESSON4.glob("s0*")):
        if path.suffix == ".md":
            (result,) = Engine(exercises, jobs=1).grade(
                [path], Reading("s06", exercises["les4-newton"], as_notes=True))
        else:
            (result,) = Engine(exercises, jobs=1).grade([path])
        found[path.stem] = {t.task: (t.verdict, [d.code for d in t.diagnoses]) for t in result.tasks
                            if t.verdict != "correct" or t.diagnoses}
    assert found == {
        "s01-right": {},
        "s02-descent-instead": {"nt1.newton1": ("incorrect", ["newton-as-descent"]),
                                "nt1.newton2": ("correct", ["carried-error"]),
                                "nt2.newton1": ("incorrect", ["newton-hessian-multiplied"])},
        "s04-notes-app": {"nt2.newton2": ("partial", ["newton-sign-flipped"])},
        "s05-oude-hessiaan": {"nt1.newton2": ("incorrect", ["newton-stale-hessian"]),
                              "nt2.newton1": ("incorrect", ["newton-sign-flipped"])},
        "s06-notities": {},
    }


@pytest.mark.parametrize("exercise,student", [("lesson4-newton", "s01"), ("les4-newton", "s05")])
def test_an_answer_sheet_for_the_newton_exercises_grades_back(tmp_path, exercise, student):
    """grader template's sheet, filled in with the example's answers, grades as the example."""
    import yaml

    from grader.reading.answer_sheet import template
    from grader.running.batch import Engine

    exercises = load_exercises([str(ROOT / "exercises")])
    example = next(LESSON4.glob(f"{student}-*.yaml"))
    answers = yaml.safe_load(example.read_text(encoding="utf-8"))["answers"]
    lines = []
    for line in template(exercises[exercise], student).splitlines():
        lines.append(line)
        if line.startswith("## ") and line[3:] in answers:
            lines.append(str(answers[line[3:]]))
    sheet = tmp_path / "sheet.md"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_sheet, from_yaml = Engine(exercises, jobs=1).grade([sheet, example])
    assert from_sheet.status == "graded" and from_sheet.student == student
    assert [(t.task, t.verdict, [d.code for d in t.diagnoses]) for t in from_sheet.tasks] == \
        [(t.task, t.verdict, [d.code for d in t.diagnoses]) for t in from_yaml.tasks]


def test_three_variables_take_the_general_solve(tmp_path):
    path = tmp_path / "n.yaml"
    path.write_text("id: n\ntitle: N\nproblems:\n  - id: p\n    function: 'J(x, y, z) = x^2 + x y + y^2 + z^4'\n"
                    "    start: [1, 2, 2]\n    tasks:\n      - {id: n1, newton: 1}\n", encoding="utf-8")
    assert load_exercise(path).tasks[0].expected == (0, 0, sp.Rational(4, 3))


@given(st.lists(st.fractions(min_value=-50, max_value=50, max_denominator=12), min_size=6, max_size=6))
def test_cramers_rule_agrees_with_sympys_solve(numbers):
    from grader.kinds.newton import solved

    a, b, c, d, g, h = (sp.Rational(n.numerator, n.denominator) for n in numbers)
    found = solved(((a, b), (c, d)), (g, h))
    if a * d - b * c == 0:
        assert found is None
    else:
        assert found == tuple(sp.Matrix([[a, b], [c, d]]).LUsolve(sp.Matrix([g, h])))


def test_the_verdict_cache_keys_a_newton_step_by_the_students_earlier_step(run, tmp_path):
    """Follow-through reads step k−1 (``depends_on``): the same step 2 after another step 1 is
    graded again, not taken from the cache."""
    exercise = ROOT / "tests" / "data" / "notes" / "newton-exercise.yaml"
    for student, first in (("s1", "3/2"), ("s2", "2.5")):  # 1.65 is one step from 2.5, not from 3/2
        (tmp_path / f"{student}.yaml").write_text(
            f"student: {student}\nexercise: newton-notes\nanswers:\n  nt1.newton1: '{first}'\n"
            "  nt1.newton2: '1.65'\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("grade", str(exercise), "-s", str(tmp_path / "s1.yaml"), "-s", str(tmp_path / "s2.yaml"),
               "-o", str(out), "-j", "1", "-q").exit_code == 0
    import json

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))["results"]
    second = {r["student"]: next(t for t in r["tasks"] if t["task"] == "nt1.newton2") for r in results}
    assert (second["s1"]["verdict"], second["s2"]["verdict"]) == ("incorrect", "correct")
    assert [d["code"] for d in second["s2"]["diagnoses"]] == ["carried-error"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_students_exercise_sheet_shows_a_newton_start_without_a_learning_rate(fmt):
    from grader.report.exercise_sheets import render_sheet, sheet_view

    exercise = load_exercises([str(ROOT / "exercises")])["les4-newton"]
    text = render_sheet(sheet_view(exercise, "s05", "Daan de Boer"), fmt, "nl")
    newton_only, both = text.split("nt2", 1)[0], text.split("nt2", 1)[1]
    start = {"md": "Start: θ = 4", "html": "<dd>θ = 4</dd>"}[fmt]  # the prompt says "vanuit θ = 4" too
    assert start in newton_only and "Learning rate" not in newton_only
    assert "(θ1, θ2) = (4, 3)" in both and "Learning rate" in both
