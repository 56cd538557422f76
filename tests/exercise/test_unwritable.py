"""An expected answer no student can write within the answer's limits (a matrix larger than an
answer may be, a value of more digits than a number in an answer may have) is refused by
validate with file:line and what to do: every student would score 0."""

from __future__ import annotations

import pytest
import sympy as sp

from grader.parse.mathtext import number_text

ELEVEN = "f(a, b, c, d, g, h, k, m, n, w, z) = a^2 + b^2 + c^2 + d^2 + g^2 + h^2 + k^2 + m^2 + n^2 + w^2 + z^2"
BIG = "f(x, y) = x^3 y^2 + exp(x y)"


@pytest.mark.parametrize("function, task, limits, message", [
    (ELEVEN, "{id: h, hessian: true}", "",
     "task 'h': the expected answer is a matrix of 11 rows and 11 columns, and an answer has at most 10 of "
     "each, so no student can write it; ask for fewer variables (or raise max_matrix_size under 'limits')"),
    (BIG, "{id: d, directional: {direction: [1, 1], at: {x: 7000, y: 1}}, tolerance: {decimals: 2}}", "",
     "task 'd': the expected value has 3,044 digits, and a number in an answer at most 2,000, so no student "
     "can write it; choose a point or numbers where it is smaller (or raise max_result_digits under 'limits')"),
    (BIG, "{id: h, hessian: {at: {x: 1000, y: 1000}}}", "", "task 'h': the expected value has 434,301 digits"),
    (BIG, "{id: d, directional: {direction: [1, 1], at: {x: 7000, y: 1}}}", "limits: {max_result_digits: 2500}\n",
     "task 'd': the expected value has 3,044 digits, and a number in an answer at most 2,500"),
])
def test_validate_refuses_an_answer_no_student_can_write(run, tmp_path, function, task, limits, message):
    path = tmp_path / "ex.yaml"
    path.write_text(f"id: e\ntitle: E\n{limits}problems:\n  - id: p\n    function: '{function}'\n"
                    f"    tasks:\n      - {task}\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    line = 7 + bool(limits)
    assert f"{path}:{line}: {message}" in result.stderr


@pytest.mark.parametrize("function, task, limits", [
    (BIG, "{id: d, directional: {direction: [1, 1], at: {x: 7000, y: 1}}}", "limits: {max_result_digits: 4000}\n"),
    ("f(x, y) = x^9 y^9", "{id: h, hessian: {at: {x: 1000, y: 1000}}}", ""),  # 50 digits: fine
    (ELEVEN.replace(" + z^2", "").replace(", z)", ")"), "{id: h, hessian: true}", ""),  # ten variables
])
def test_what_a_student_can_write_still_validates(run, tmp_path, function, task, limits):
    path = tmp_path / "ex.yaml"
    path.write_text(f"id: e\ntitle: E\n{limits}problems:\n  - id: p\n    function: '{function}'\n"
                    f"    tasks:\n      - {task}\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr


# -- numbers past what the decimal module formats (they crashed validate with InvalidOperation) ----
@pytest.mark.parametrize("function, task, line, message", [
    (BIG, "{id: d, directional: {direction: [1, 1], at: {x: 1e400, y: 1}}}", 7,
     "task 'd': the expected value has too many digits, and a number in an answer at most 2,000"),
    (BIG, "{id: h, hessian: {at: {x: 1e1000, y: 1}}}", 7, "task 'h': the expected value has too many digits"),
    (BIG, "{id: h, hessian: {at: {x: 1e30, y: 1}}}", 7,
     "task 'h': the expected value has 434,294,481,903,251,862,229,700,575,233 digits"),
])
def test_huge_points_are_refused_in_one_line(run, tmp_path, function, task, line, message):
    path = tmp_path / "ex.yaml"
    path.write_text(f"id: e\ntitle: E\nproblems:\n  - id: p\n    function: '{function}'\n"
                    f"    tasks:\n      - {task}\n", encoding="utf-8")
    result = run("validate", str(path))
    assert (result.exit_code, len(result.stderr.splitlines())) == (1, 1)
    assert result.stderr.startswith(f"{path}:{line}: {message}")


def test_a_slope_from_a_huge_start_is_refused_in_one_line(run, tmp_path):
    path = tmp_path / "ex.yaml"
    path.write_text("id: e\ntitle: E\nproblems:\n  - id: p\n    function: 'J(x, y) = exp(x y) + x^2'\n"
                    "    start: {x: 1e400, y: 1}\n    learning_rate: 0.1\n    tasks:\n      - {id: s, slope: 1}\n",
                    encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:9: task 's': the expected value has too many digits, and a number in an answer at most "
        "2,000, so no student can write it; choose a point or numbers where it is smaller (or raise "
        "max_result_digits under 'limits')"]


def test_a_tiny_value_is_shown_with_its_exponent(run, tmp_path):
    path = tmp_path / "ex.yaml"
    path.write_text("id: e\ntitle: E\nproblems:\n  - id: p\n    function: 'f(x, y) = exp(-x y) + y^2'\n"
                    "    tasks:\n      - {id: h, hessian: {at: {x: 1e30, y: 1}}, tolerance: {decimals: 2}}\n",
                    encoding="utf-8")
    assert run("validate", str(path)).exit_code == 0
    assert "exp(-1000000000000000000000000000000) ≈ 2.4826626e-434294481903251827651128918917" in \
        run("solve", str(path)).stdout


@pytest.mark.parametrize("value, text", [
    (sp.exp(50), "exp(50) ≈ 5.1847055E+21"),  # as before
    (sp.sqrt(2), "sqrt(2) ≈ 1.4142136"),
    (sp.exp(sp.Integer(10) ** 30) * 3, "3*exp(1000000000000000000000000000000) ≈ 1.2083801e+434294481903251827651128918917"),
])
def test_number_text_past_the_decimal_modules_exponents(value, text):
    assert number_text(value) == text


def test_a_value_too_small_for_a_fraction_is_compared_without_one():
    """exp(-10^30) compared at a tolerance as a fraction of 10^(4·10^29) digits: validate's clash
    check of a fixed exercise never ended."""
    from grader.checking.equivalence import real_fraction

    assert real_fraction(sp.exp(-sp.Integer(10) ** 30)) is None
    assert real_fraction(sp.exp(-sp.Integer(50))) is not None
