"""A report with matrix answers: typeset as a table in parentheses (MathML <mtable> in HTML, a
pmatrix in Markdown), the wrong entry flagged, in both languages."""

from __future__ import annotations

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
