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

