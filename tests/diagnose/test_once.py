"""What diagnosis works out once instead of for every answer: a task's mistake models
(``engine.per_task``), a function's symbolic Hessian, and the calculus models' repeated
differentiations. Each gives
what working it out again gives, and a class of answers does not work it out again."""

from __future__ import annotations

import pytest
import sympy as sp

from grader.diagnose import calculus, engine
from grader.diagnose.engine import Context, per_task
from grader.kinds import newton
from grader.kinds.directional import Directional
from grader.kinds.newton import Newton
from grader.kinds.second_order import Hessian, symbolic_hessian
from grader.reading.submission import Submission
from grader.running.grade import grade_submission
from tests.cases import NT, REVEAL_EXERCISES, SO

EXERCISE = REVEAL_EXERCISES[SO]


def task_and_problem(key: str):
    problem = next(p for p in EXERCISE.problems if any(t.key == key for t in p.tasks))
    return next(t for t in problem.tasks if t.key == key), problem


def test_per_task_works_a_task_out_once():
    task, problem = task_and_problem("z.d")
    calls = []
    for _ in range(3):
        assert per_task(task, problem, "test-once", lambda: calls.append(1) or len(calls)) == 1
    assert calls == [1]


def test_per_task_tells_tasks_apart_by_identity():
    one, problem = task_and_problem("z.d")
    other, _ = task_and_problem("z.d_raw")
    assert per_task(one, problem, "test-apart", lambda: "one") == "one"
    assert per_task(other, problem, "test-apart", lambda: "other") == "other"
    assert per_task(one, problem, "other-what", lambda: "again") == "again"


def test_per_task_store_is_bounded(monkeypatch):
    task, problem = task_and_problem("z.d")
    monkeypatch.setattr(engine, "_PER_TASK", {})
    monkeypatch.setattr(engine, "MAX_PER_TASK", 3)
    for k in range(10):
        per_task(task, problem, f"test-bounded-{k}", lambda: None)
    assert len(engine._PER_TASK) <= 3


@pytest.mark.parametrize("key", ["z.d", "z.d_raw", "z.d_sym"])
def test_directional_models_are_those_worked_out_afresh(key):
    task, problem = task_and_problem(key)
    kind = Directional()
    kind.mistake_models(task, Context(EXERCISE, problem, {})).clear()  # a caller's list is its own
    assert kind.mistake_models(task, Context(EXERCISE, problem, {})) == list(kind.models_of(task, problem))
    assert kind.models_of(task, problem)
    assert kind.gradient(task, problem) == kind.gradient_of(task, problem)


def test_directional_models_worked_out_once_for_a_class(monkeypatch):
    made = []
    original = Directional.models_of

    def counted(self, t, p):
        made.append(t.key)
        return original(self, t, p)

    monkeypatch.setattr(engine, "_PER_TASK", {})
    monkeypatch.setattr(Directional, "models_of", counted)
    for student, answer in (("a", "1656"), ("b", "76"), ("c", "332")):
        submission = Submission("t.yaml", student, EXERCISE.id, {"z.d": answer})
        list(grade_submission(EXERCISE, submission))
    assert made == ["z.d"]


def test_symbolic_hessian_is_worked_out_once_per_function():
    _, problem = task_and_problem("z.h")
    assert problem.function is not None
    symbols = problem.parameters
    first = symbolic_hessian(problem.function, symbols)
    assert symbolic_hessian(problem.function, symbols) is first
    assert first == symbolic_hessian(problem.function + 1, symbols)  # another function, same entries


def test_calculus_models_differentiate_each_expression_once():
    _, problem = task_and_problem("z.h")
    assert problem.function is not None
    calculus._d.cache_clear()
    calculus.derivative_candidates(problem.function, problem.parameters, problem.parameters)
    assert calculus._d.cache_info().hits > 0


def test_newton_steps_from_the_true_iterate_worked_out_once_for_a_class(monkeypatch):
    exercise = REVEAL_EXERCISES[NT]
    made = []
    original = Newton.steps_from

    def counted(self, task, problem, path, point, k):
        made.append((task.key, point))
        return original(self, task, problem, path, point, k)

    monkeypatch.setattr(engine, "_PER_TASK", {})
    monkeypatch.setattr(Newton, "steps_from", counted)
    found = []
    for student, answer in (("a", "-70"), ("b", "-4"), ("c", "2.5")):
        submission = Submission("t.yaml", student, exercise.id, {"nt1.newton1": answer})
        result = next(r for r in grade_submission(exercise, submission) if r.task == "nt1.newton1")
        found.append([d.code for d in result.diagnoses])
    assert found == [["newton-hessian-multiplied"], ["newton-as-descent"], ["newton-sign-flipped"]]
    assert [key for key, _ in made] == ["nt1.newton1"]


def test_newton_steps_from_a_students_own_iterate_worked_out_once_per_point(monkeypatch):
    """Students who carry the same wrong step 1 forward share the models of step 2 from it;
    another own step 1 (equal as a number, written 1.5 or 3/2 alike) gets its own."""
    exercise = REVEAL_EXERCISES[NT]
    made = []
    original = Newton.steps_from

    def counted(self, task, problem, path, point, k):
        made.append((task.key, point))
        return original(self, task, problem, path, point, k)

    monkeypatch.setattr(engine, "_PER_TASK", {})
    monkeypatch.setattr(Newton, "steps_from", counted)
    found = []
    for student, first, second in (("a", "-70", "-4"), ("b", "-70", "-4"), ("c", "-70", "2"),
                                   ("d", "-4", "2")):
        submission = Submission("t.yaml", student, exercise.id, {"nt1.newton1": first, "nt1.newton2": second})
        result = next(r for r in grade_submission(exercise, submission) if r.task == "nt1.newton2")
        found.append((result.verdict, [d.code for d in result.diagnoses]))
    own = [point for key, point in made if key == "nt1.newton2"]
    assert len(own) == len(set(own)) == 3  # the true iterate, -70 and -4: each once
    assert found[0] == found[1]


def test_newton_models_from_a_point_are_those_worked_out_afresh():
    exercise = REVEAL_EXERCISES[NT]
    problem = exercise.problem("nt1")
    task = next(t for t in problem.tasks if t.key == "nt1.newton2")
    path = newton.path_of(problem, 2)
    assert path is not None
    own = (sp.Integer(-70),)
    kind = Newton()
    kind.candidates_at(task, problem, path, own, 2).clear()  # a caller's list is its own
    assert kind.candidates_at(task, problem, path, own, 2) == kind.steps_from(task, problem, path, own, 2)
    assert kind.candidates_at(task, problem, path, (sp.Float(-70.0),), 2) is not None


def test_value_key_tells_types_apart():
    assert engine.value_key((sp.Integer(2),)) == engine.value_key((sp.Rational(4, 2),))
    assert engine.value_key((sp.Integer(2),)) != engine.value_key((sp.Float(2),))


def test_the_gradient_a_hessian_answer_is_compared_with_is_worked_out_once(monkeypatch):
    made = []
    original = Hessian.gradient

    def counted(self, task, problem, at):
        made.append(task.key)
        return original(self, task, problem, at)

    monkeypatch.setattr(engine, "_PER_TASK", {})
    monkeypatch.setattr(Hessian, "gradient", counted)
    found = []
    for student, answer in (("a", "(76, 357)"), ("b", "(76, 357)"), ("c", "(75, 357)")):
        submission = Submission("t.yaml", student, EXERCISE.id, {"z.h_at": answer})
        result = next(r for r in grade_submission(EXERCISE, submission) if r.task == "z.h_at")
        found.append([d.code for d in result.diagnoses])
    assert found == [["gradient-for-hessian"], ["gradient-for-hessian"], []]
    assert made == ["z.h_at"]
