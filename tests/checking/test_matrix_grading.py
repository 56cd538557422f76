"""Matrix answers graded entry by entry: per-entry credit, the mistake models inside entries, a
transposed matrix and a value of another shape named."""

from __future__ import annotations

import textwrap

import pytest

from grader.errors import ExerciseErrors
from grader.exercise import load_exercise
from grader.messages import render_finding
from grader.parse import Matrix
from grader.reading.submission import Submission
from grader.running.grade import grade_submission
from tests.conftest import ROOT

EXERCISE = load_exercise(ROOT / "tests" / "data" / "matrices.yaml")


def grade(key: str, answer: str):
    submission = Submission("t.yaml", "t", "matrices", {key: answer})
    return next(r for r in grade_submission(EXERCISE, submission) if r.task == key)


C, W = "correct", "incorrect"
GRADING = [
    # task, answer, verdict, score, components (row-major), message code, diagnosis codes
    ("hessian.exact", "[[2, 1], [1, 6]]", C, 4, (C, C, C, C), None, []),
    ("hessian.exact", "\\nabla^2 J = \\begin{pmatrix} 2 & 1 \\\\ 1 & 6 \\end{pmatrix}", C, 4, (C, C, C, C),
     None, []),
    ("hessian.exact", "H = ((2,1),(1,6))", C, 4, (C, C, C, C), None, []),
    ("hessian.exact", "[[2, 1], [1, 7]]", "partial", 3, (C, C, C, W), "entries-wrong", []),
    ("hessian.exact", "[[2, -1], [1, 6]]", "partial", 3, (C, W, C, C), "entries-wrong", ["sign-slip"]),
    ("hessian.exact", "[[-2, -1], [-1, -6]]", W, 0, (W, W, W, W), "entries-wrong", ["sign-slip"]),
    ("hessian.exact", "[[2, 1, 0], [1, 6, 0]]", W, 0, (), "wrong-shape", []),
    # no ';': commas separate, and the message says how to write decimal commas
    ("hessian.exact", "[[2,4, 1], [1, 6,5]]", W, 0, (), "wrong-shape-decimal-comma", []),
    ("hessian.exact", "[[2,4; 1]; [1; 6,5]]", "partial", 2, (W, C, C, W), "entries-wrong", []),
    ("hessian.exact", "(2, 1, 1, 6)", W, 0, (), "expected-matrix", []),  # a vector for a matrix
    ("hessian.exact", "2, 1, 1, 6", W, 0, (), "expected-matrix", []),
    ("hessian.exact", "[[2, 1]]", W, 0, (), "expected-matrix", []),  # one row is a vector
    ("hessian.exact", "9", W, 0, (), "expected-matrix", []),
    ("hessian.exact", "\\begin{vmatrix} 2 & 1 \\\\ 1 & 6 \\end{vmatrix}", "invalid", 0, (),
     "determinant-not-matrix", []),
    ("hessian.exact", "[[2, 1], [1]]", "invalid", 0, (), "matrix-ragged", []),
    # working before the matrix: checked entry by entry, and a vector is no matrix
    ("hessian.exact", "[[1+1, 1], [1, 6]] = [[2, 1], [1, 6]]", C, 4, (C, C, C, C), None, []),
    ("hessian.exact", "[[1+2, 1], [1, 6]] = [[2, 1], [1, 6]]", "partial", 2, (C, C, C, C), None,
     ["working-inconsistent"]),
    ("hessian.exact", "(2, 1, 1, 6) = [[2, 1], [1, 6]]", "partial", 2, (C, C, C, C), None,
     ["working-inconsistent"]),
    ("hessian.exact", "[[2, 1], [1, 6]]^T", C, 4, (C, C, C, C), None, []),  # symmetric
    ("hessian.wide", "[[1, 2, 3], [4, 5, 6]]", C, 6, (C,) * 6, None, []),
    ("hessian.wide", "[[1, 4], [2, 5], [3, 6]]", W, 0, (), "wrong-shape", ["matrix-transposed"]),
    ("hessian.wide", "[[1, 2, 3], [4, 5, 6]]^T", W, 0, (), "wrong-shape", ["matrix-transposed"]),
    ("hessian.rounded", "[[0.33, 2], [0, -1.25]]", C, 4, (C, C, C, C), None, []),
    ("hessian.rounded", "[[0,33; 2]; [0; -1,25]]", C, 4, (C, C, C, C), None, []),  # Dutch
    ("hessian.rounded", "[[0.33, 2], [0, -1.3]]", "partial", 3, (C, C, C, W), "entries-wrong", []),
    ("hessian.rounded", "[[0.33, 0], [2, -1.25]]", "partial", 2, (C, W, W, C), "entries-wrong",
     ["matrix-transposed"]),
    ("hessian.all", "[[2, 1], [1, 7]]", W, 0, (C, C, C, W), "entries-wrong", []),  # vector_credit: all
    ("symbolic.hessian", "[[6xy^2, 6x^2y], [6x^2y, 2x^3]]", C, 4, (C, C, C, C), None, []),
    ("symbolic.hessian", "[[6xy^2, -6x^2y], [6x^2y, 2x^3]]", "partial", 3, (C, W, C, C), "entries-wrong",
     ["sign-slip"]),
    ("symbolic.hessian", "[[6xy^2, 6x^2y], [12x^2y, 2x^3]]", "partial", 3, (C, C, W, C), "entries-wrong",
     ["constant-factor"]),
    ("symbolic.hessian", "[[6xy^2, 6x^2y], [6x^2y, 2x^3 + 1]]", "partial", 3, (C, C, C, W), "entries-wrong", []),
]


@pytest.mark.parametrize("key,answer,verdict,score,components,message,diagnoses", GRADING)
def test_a_matrix_answer_is_graded_entry_by_entry(key, answer, verdict, score, components, message,
                                                   diagnoses):
    result = grade(key, answer)
    assert (result.verdict, result.score, result.components) == (verdict, score, components)
    assert (result.message.code if result.message else None) == message
    assert [d.code for d in result.diagnoses] == diagnoses


def test_a_wrong_entry_is_named_by_row_and_column():
    result = grade("symbolic.hessian", "[[6xy^2, 6x^2y], [-6x^2y, 2x^3]]")
    assert dict(result.message.params) == {"which": "(2,1)"}
    (slip,) = result.diagnoses
    assert dict(slip.params)["entry"] == "2,1"
    assert render_finding(slip.code, slip.params) == "entry (2,1): the sign of this entry is flipped"
    assert render_finding(slip.code, slip.params, "nl") == "element (2,1): het teken van dit element is omgedraaid"


def test_a_shape_mismatch_says_both_shapes():
    result = grade("hessian.exact", "[[2, 1], [1, 6], [0, 0]]")
    assert dict(result.message.params) == {"rows": "2", "columns": "2", "given_rows": "3", "given_columns": "2"}


def test_results_show_a_matrix_as_students_write_it():
    result = grade("hessian.rounded", "H = [[0,33; 2]; [0; -1,25]]")
    assert result.read_as == "[[0.33, 2], [0, -1.25]]"
    assert result.expected == "[[1/3 ≈ 0.333333, 2], [0, -1.25]]"


def test_a_matrix_where_a_vector_or_a_number_is_asked_is_named():
    verdicts = load_exercise(ROOT / "tests" / "data" / "verdicts.yaml")

    def grade_verdicts(key: str, answer: str):
        submission = Submission("t.yaml", "t", "verdicts", {key: answer})
        return next(r for r in grade_submission(verdicts, submission) if r.task == key)

    vector = grade_verdicts("point.min", "[[2, 19], [0, 0]]")
    number = grade_verdicts("num.exact", "[[2, 1], [1, 6]]")
    assert (vector.verdict, vector.message.code) == ("incorrect", "expected-vector-not-matrix")
    assert (number.verdict, number.message.code) == ("incorrect", "expected-scalar-not-matrix")


# -- the exercise file ------------------------------------------------------------------------
def test_a_teachers_matrix_is_a_matrix_in_every_variant(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(textwrap.dedent("""\
        id: m
        title: m
        parameters:
          a: {integers: [2, 3]}
        problems:
          - id: p
            tasks:
              - {id: h, answer: "[[2a, 1], [1, 6]]"}
        """), encoding="utf-8")
    family = load_exercise(path)
    for student in ("s1", "s2", "s3"):
        task = family.for_student(student).task("p.h")
        assert isinstance(task.expected, Matrix) and task.expected.shape == (2, 2)
        assert task.expected_text.startswith("[[") and task.expected_text.endswith(", 1], [1, 6]]")


@pytest.mark.parametrize("answer,error", [
    ("[[2, 1], [1]]", "answer: the rows of the matrix differ in length: row 2 has 1, the first row 2; every "
                      "row needs as many entries"),  # 'has 1 entries'; en and nl in test_hostile_lesson4
    ("[" + ", ".join(["[1, 2]"] * 11) + "]", "answer: matrix too large: 11×2 (limit 10 rows and 10 columns)"),
    ("\\begin{vmatrix} 2 & 1 \\\\ 1 & 6 \\end{vmatrix}", "answer: vmatrix is a determinant"),
])
def test_a_teachers_matrix_that_cannot_be_read_is_refused_with_file_and_line(tmp_path, answer, error):
    path = tmp_path / "m.yaml"
    path.write_text(f"id: m\ntitle: m\nproblems:\n  - id: p\n    tasks:\n      - {{id: h, answer: '{answer}'}}\n",
                    encoding="utf-8")
    with pytest.raises(ExerciseErrors) as caught:
        load_exercise(path)
    (only,) = caught.value.errors
    assert f"m.yaml:6: {error}" in str(only)


def test_solve_writes_a_rounded_matrix_as_a_matrix():
    from grader.exercise.solution import solve
    tasks = {t.task: t.expected for p in solve(EXERCISE) for t in p.tasks}
    assert tasks["hessian.rounded"] == "[[1/3 ≈ 0.333333, 2], [0, -1.25]] ≈ [[0.33, 2.00], [0.00, -1.25]]"
    assert tasks["hessian.wide"] == "[[1, 2, 3], [4, 5, 6]]"


def test_results_json_carries_a_verdict_per_entry_row_by_row(run):
    import json
    result = run("check", "tests/data/matrices.yaml", "tests/data/matrices-answers.yaml", "--json", "--reveal")
    tasks = {t["task"]: t for t in json.loads(result.stdout)["tasks"]}
    exact = tasks["hessian.exact"]
    assert exact["components"] == ["correct", "incorrect", "correct", "correct"]
    assert (exact["read_as"], exact["expected"]) == ("[[2, -1], [1, 6]]", "[[2, 1], [1, 6]]")
    assert exact["message"] == {"code": "entries-wrong", "params": {"which": "(1,2)"}, "position": None}
    assert exact["diagnoses"] == [{"code": "sign-slip", "params": {"which": "all", "entry": "1,2"}}]
    assert tasks["hessian.all"]["components"] == []  # a vector for a matrix: no entries to compare
