"""Lesson-4 answers as notes apps write them, graded (the newcomer trial's reproductions): right
answers are right, a decimal comma that changed the shape is named, and working grader cannot
read leaves the result graded with the working marked as not checked."""

from __future__ import annotations

import pytest

from grader.exercise import load_exercise
from grader.reading.submission import Submission
from grader.running.grade import grade_submission
from tests.conftest import ROOT

EXERCISE = load_exercise(ROOT / "tests" / "data" / "pasted.yaml")
C, W = "correct", "incorrect"
NOT_CHECKED = ["working-not-checked"]

GRADING = [
    # task, answer as pasted, verdict, message code, diagnosis codes
    ("newton.hessian", r"\begin{bmatrix} 12 & 1 \\[4pt] 1 & 2 \end{bmatrix}", C, None, []),
    ("newton.hessian", r"\begin{bmatrix} 12 & 1 \\[2mm] 1 & 2 \end{bmatrix}", C, None, []),
    ("newton.hessian", r"H=\left[\begin{array}{cc}12 & 1\\ 1 & 2\end{array}\right]", C, None, []),
    ("newton.hessian", r"\left(\begin{smallmatrix} 12 & 1 \\ 1 & 2 \end{smallmatrix}\right)", C, None, []),
    ("newton.hessian", "[■(12&1@1&2)]", C, None, []),
    ("newton.hessian", "[[12,1];[1,2]]", C, None, []),
    ("newton.hessian", "[[12, 1]; [1, 2]]", C, None, []),
    # decimal commas that made a vector of a matrix, or a matrix of a vector: the hint says how
    ("newton.hessian", "(12,1; 1,2)", W, "wrong-shape-decimal-comma", []),
    ("newton.hessian", "[[2,4; 1]]", W, "wrong-shape-decimal-comma", []),
    ("newton.hessian", "(12, 1, 1, 2)", W, "expected-matrix", []),  # no decimal comma: as before
    ("newton.step", "[(0,70); (-0,35)]", W, "wrong-length-decimal-comma", []),
    ("newton.step", "[[0, 70], [-0, 35]]", W, "expected-vector-not-matrix", []),
    ("newton.step", "(0,70; -0,35)", C, None, []),
    ("newton.step", r"\left(\begin{array}{c}0.70\\ -0.35\end{array}\right)", C, None, []),
    ("newton.step", "(■(0.70@−0.35))", C, None, []),
    # working grader cannot read: the result graded, the working not checked
    # the links read before an unreadable part are still checked (a hostile round hid a wrong
    # link behind one more '=' or a \nabla J)
    ("newton.step", "(1, 1) - (0.3, 1.35) = (0.8, -0.35) == (0.70, -0.35)", "partial", None,
     ["working-inconsistent", *NOT_CHECKED]),
    ("newton.step", r"(1, 1) - (0.3, 1.35) = (0.8, -0.35) = \nabla J = (0.70, -0.35)", "partial", None,
     ["working-inconsistent", *NOT_CHECKED]),
    ("newton.step", r"(1, 1) - (0.30, 1.35) = (0.70, -0.35) = \nabla J = (0.70, -0.35)", C, None, NOT_CHECKED),
    ("newton.step", r"\theta^{(1)} = \theta^{(0)} - H^{-1}\nabla J = (0.70, -0.35)", C, None, NOT_CHECKED),
    ("newton.step", r"\begin{pmatrix} 1 \\ 1 \end{pmatrix} - \begin{pmatrix} 12 & 1 \\ 1 & 2 \end{pmatrix}^{-1}"
     r" \begin{pmatrix} 5 \\ 3 \end{pmatrix} = \begin{pmatrix} 0.70 \\ -0.35 \end{pmatrix}", C, None, NOT_CHECKED),
    ("newton.step", r"\theta^{(1)} = \theta^{(0)} - H^{-1}\nabla J = (0.80, -0.35)", "partial", "components-wrong",
     NOT_CHECKED),
    ("directional.slope", r"(5,3)\cdot(0.6,0.8) = 5.4", C, None, NOT_CHECKED),
    ("directional.slope", r"(5,3)\cdot(0.6,0.8) = 5.5", W, None, NOT_CHECKED),
    ("second.d2", "𝐽^′′ (𝜃)=12𝜃^2", C, None, []),
    ("second.d2", r"J''(\theta) = 12\theta^2", C, None, []),
]


@pytest.mark.parametrize("key,answer,verdict,message,diagnoses", GRADING)
def test_a_pasted_answer_is_graded_as_meant(key, answer, verdict, message, diagnoses):
    submission = Submission("t.yaml", "t", "pasted", {key: answer})
    result = next(r for r in grade_submission(EXERCISE, submission) if r.task == key)
    assert result.verdict == verdict
    assert (result.message.code if result.message else None) == message
    assert [d.code for d in result.diagnoses] == diagnoses


@pytest.mark.parametrize("lang,note,mistake", [("en", "note:", "mistake:"), ("nl", "opmerking:", "fout:")])
def test_working_not_checked_is_a_note_in_every_renderer_not_a_mistake(lang, note, mistake):
    from grader.report.terminal import check_view
    from grader.report.write import student_report
    from grader.results.model import SubmissionResult

    key = "newton.step"
    answer = r"\theta^{(1)} = \theta^{(0)} - H^{-1}\nabla J = (0.70, -0.35)"
    tasks = tuple(r for r in grade_submission(EXERCISE, Submission("t.yaml", "t", "pasted", {key: answer}))
                  if r.task == key)
    result = SubmissionResult("t.yaml", "graded", "t", None, EXERCISE.id, 1.0, 1.0, tasks=tasks)
    lines = [line.strip() for line in check_view(EXERCISE, result, False, lang).splitlines()]
    noted = [line for line in lines if "[working-not-checked]" in line]
    assert len(noted) == 1 and noted[0].startswith(note) and not noted[0].startswith(mistake)
    report = student_report(EXERCISE, result, "md", lang, reveal=False)
    noted = [line for line in report.splitlines() if "working-not-checked" in line]
    assert len(noted) == 1 and noted[0].startswith(f"- **{note[:-1].capitalize()}:**")
