"""An exception nothing foresaw while an exercise's expected answers are computed is the
exercise's fault: one line with file:line, never a traceback, and the other files still load."""

from __future__ import annotations

import pytest

import grader
from grader.errors import ExerciseErrors
from grader.kinds import KINDS

GOOD = "id: good\ntitle: G\nproblems:\n  - id: p\n    function: 'f(x) = x^2'\n    tasks:\n      - {id: d, derivative: x}\n"
BAD = ("id: bad\ntitle: B\nproblems:\n  - id: p\n    function: 'f(x, y) = x^2 y'\n    tasks:\n"
       "      - {id: d, derivative: x}\n      - {id: h, hessian: [x, y]}\n")


@pytest.fixture
def failing_hessian(monkeypatch):
    def boom(*_args, **_kwargs):
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")
    monkeypatch.setattr(type(KINDS["hessian"]), "expected", boom)


def test_the_task_is_named_at_its_line(tmp_path, failing_hessian):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(ExerciseErrors) as caught:
        grader.load_exercise(path)
    assert [str(e) for e in caught.value.errors] == [
        f"{path}:8: task 'h': its expected answer cannot be computed (ValueError: Exceeds the limit "
        "(4300 digits) for integer string conversion); change it (a simpler function, point or numbers)"]


def test_validate_reports_the_bad_file_and_checks_the_others(run, tmp_path, failing_hessian):
    (tmp_path / "a-bad.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "b-good.yaml").write_text(GOOD, encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert f"ok: {tmp_path / 'b-good.yaml'}" in result.stdout
    assert f"{tmp_path / 'a-bad.yaml'}:8: task 'h'" in result.stderr
    assert "Traceback" not in result.output


def test_grade_refuses_with_one_line_as_for_any_broken_exercise(run, tmp_path, failing_hessian):
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    answers = tmp_path / "s.yaml"
    answers.write_text("student: s1\nexercise: bad\nanswers:\n  p.d: 2xy\n", encoding="utf-8")
    result = run("grade", str(tmp_path / "bad.yaml"), "-s", str(answers), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"{tmp_path / 'bad.yaml'}:8: task 'h': its expected answer cannot be computed (ValueError: "
        "Exceeds the limit (4300 digits) for integer string conversion); change it (a simpler function, "
        "point or numbers)"]


# -- a variant whose expected answers fail: that student's submission, not the file -------------
VARIANTS = ("id: hv\ntitle: HV\nlang: en\nparameters:\n  b: {integers: [2, 9]}\nproblems:\n  - id: p\n"
            "    function: 'f(x, y) = x^2 y^3'\n    tasks:\n      - {id: hat, hessian: {at: {x: 5, y: b}}}\n")


@pytest.fixture
def variants(tmp_path, monkeypatch):
    """The exercise (its first variant computes) and a student whose variant (b = 9) fails."""
    from grader.kinds import second_order

    path = tmp_path / "hv.yaml"
    path.write_text(VARIANTS, encoding="utf-8")
    exercises = grader.load_exercises([str(path)])
    read_point = second_order.read_point

    def failing_at_nine(*args, **kwargs):
        point = read_point(*args, **kwargs)
        if point is not None and 9 in point:
            raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")
        return point
    monkeypatch.setattr(second_order, "read_point", failing_at_nine)
    space = exercises["hv"].family.space
    student = next(f"s{k}" for k in range(500) if space.for_student(f"s{k}").values[0] == 9)
    answers = tmp_path / "sub.yaml"
    answers.write_text(f"student: {student}\nexercise: hv\nanswers:\n  p.hat: '[[1, 2], [2, 1]]'\n",
                       encoding="utf-8")
    return path, exercises, student, answers


def test_grade_keeps_the_student_and_names_the_exercise(variants):
    from grader.running.batch import Engine

    _path, exercises, student, answers = variants
    (result,) = Engine(exercises, jobs=1).grade([answers])
    assert (result.status, result.student, result.score) == ("error", student, None)
    assert result.error.startswith(f"{answers}: exercise 'hv' cannot be computed for this student's variant: ")
    assert "with b = 9: task 'hat': its expected answer cannot be computed (ValueError" in result.error


def test_solve_for_that_student_is_one_line(run, variants):
    path, _exercises, student, _answers = variants
    result = run("solve", str(path), "--student", student)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"{path}:10: with b = 9: task 'hat': its expected answer cannot be computed (ValueError: Exceeds "
        "the limit (4300 digits) for integer string conversion); change it (a simpler function, point or "
        "numbers)"]


def test_serve_answers_that_variant_with_a_json_error(variants):
    from starlette.testclient import TestClient

    from grader.serve import ServeLimits, create_app

    _path, exercises, student, _answers = variants
    app = create_app(exercises, limits=ServeLimits(requests_per_minute=0, workers=1), open_variants=True)
    with TestClient(app) as client:  # open variants: a student named without a personal link
        response = client.get("/api/exercises/hv", params={"student": student})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request-variant-failed"


def test_check_says_it_in_one_line(run, variants):
    path, _exercises, _student, answers = variants
    result = run("check", str(path), str(answers))
    assert "Traceback" not in result.output
    assert "exercise 'hv' cannot be computed for this student's variant" in result.output, result.output
