"""Lesson 4's kinds against a hostile tester's exercises and answers (issue 23's hostile round):
each row an input that crashed, hung or misled before."""

from __future__ import annotations

import pytest

import grader
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "hostile4"


def exercise_file(tmp_path, function: str, task: str, extra: str = ""):
    path = tmp_path / "ex.yaml"
    path.write_text(f"id: e\ntitle: E\nlang: en\n{extra}problems:\n  - id: p\n    function: '{function}'\n"
                    f"    tasks:\n      - {task}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("at, shown", [
    ("{x: 5, y: 7}", "6860*ln(26) ≈ 22350.542"),  # sp.simplify made it ln(26^6860): 9,700 digits
    ("{x: 5, y: 3}", "540*ln(26) ≈ 1759.3721"),
])
def test_a_hessian_entry_with_a_logarithm_keeps_it_apart(tmp_path, at, shown):
    path = exercise_file(tmp_path, "f(x, y) = ln(x^2 + 1) y^5",
                         f"{{id: hat, hessian: {{at: {at}}}, tolerance: {{decimals: 2}}}}")
    task = grader.load_exercise(path).task("p.hat")
    assert task.expected_text.endswith(f", {shown}]]"), task.expected_text


def test_the_hostile_log_exercise_validates_and_solves(run):
    assert run("validate", str(DATA / "exlog.yaml")).exit_code == 0
    result = run("solve", str(DATA / "exlog.yaml"))
    assert result.exit_code == 0
    assert "6860*ln(26) ≈ 22350.542" in result.stdout
