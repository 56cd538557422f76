"""A report with matrix answers: typeset as a table in parentheses (MathML <mtable> in HTML, a
pmatrix in Markdown), the wrong entry flagged, in both languages."""

from __future__ import annotations

import re

import pytest

from grader.exercise import load_exercise
from grader.report.terminal import check_view
from grader.report.write import student_report
from grader.running.batch import Engine
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"
EXERCISE = load_exercise(DATA / "matrices.yaml")


def graded():
    (result,) = Engine({"matrices": EXERCISE}, jobs=1).grade([DATA / "matrices-answers.yaml"])
    return result


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_report_with_matrix_answers(golden, lang, fmt):
    golden(f"matrix/report.{lang}.{fmt}", student_report(EXERCISE, graded(), fmt, lang, reveal=True))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_terminal_shows_a_matrix_as_students_write_it(golden, lang):
    text = check_view(EXERCISE, graded(), True, lang)
    golden(f"matrix/check.{lang}.txt", text)
    assert "[[0.33, 2], [0, -1.25]]" in text


def test_a_matrix_is_a_table_and_its_wrong_entry_is_flagged():
    html = student_report(EXERCISE, graded(), "html", "en", reveal=True)
    # four matrices as written (the vector is no table) and four expected (one has ≈ in it: text)
    assert html.count("<mtable>") == 8
    assert '<mtd><mrow class="flag"><mo>−</mo><mn>1</mn></mrow></mtd>' in html
    markdown = student_report(EXERCISE, graded(), "md", "en", reveal=True)
    assert "\\begin{pmatrix} 2 & -1 \\\\ 1 & 6 \\end{pmatrix}" in markdown


def test_a_class_overview_groups_matrices_by_value_and_never_with_a_vector():
    from grader.reading.submission import Submission
    from grader.report.statistics import items
    from grader.results.model import summarize
    from grader.running.grade import grade_submission

    answers = {"a": "[[2, 1], [1, 7]]", "b": "H = ((2,1),(1,7))", "c": "(2, 1, 1, 7)",
               "d": "[[2, 1], [1, 6]]"}
    results = []
    for student, answer in answers.items():
        submission = Submission(f"{student}.yaml", student, "matrices", {"hessian.exact": answer})
        tasks = tuple(grade_submission(EXERCISE, submission))
        results.append(summarize(f"{student}.yaml", student, None, "matrices", tasks, float(EXERCISE.max_score)))
    groups = {i.task: i.groups for i in items(EXERCISE, tuple(results))}["hessian.exact"]
    assert sorted((g.count, g.verdict) for g in groups) == [(1, "correct"), (1, "incorrect"), (2, "partial")]


SECOND_ORDER = load_exercise(DATA / "notes" / "second-order.yaml")


@pytest.mark.parametrize("answer, code, flags", [
    ("[[-60, 72], [70, 524]]", "hessian-asymmetric", ["72", "70"]),  # both mixed entries: they differ
    ("[[524, 72], [72, -60]]", "entries-swapped", ["524", "60"]),  # the two that changed places
])
def test_the_entries_a_matrix_diagnosis_names_are_flagged(answer, code, flags):
    from grader.reading.submission import Submission
    from grader.results.model import summarize
    from grader.running.grade import grade_submission

    submission = Submission("s.yaml", "s", SECOND_ORDER.id, {"z.h_at": answer})
    tasks = tuple(t for t in grade_submission(SECOND_ORDER, submission) if t.task == "z.h_at")
    assert [d.code for d in tasks[0].diagnoses] == [code]
    result = summarize("s.yaml", "s", None, SECOND_ORDER.id, tasks, float(SECOND_ORDER.max_score))
    html = student_report(SECOND_ORDER, result, "html", "en", reveal=False)
    flagged = re.findall(r'<mrow class="flag">(?:<mo>−</mo>)?<mn>(\d+)</mn></mrow>', html)
    assert sorted(flagged) == sorted(flags)
