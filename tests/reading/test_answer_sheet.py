"""Markdown answer sheets: made by grader template, filled in by a student, read back by their
headings, graded like any submission."""

from __future__ import annotations

import yaml

from grader.exercise.find import load_exercises
from grader.reading.answer_sheet import template
from grader.running.batch import Engine
from tests.conftest import ROOT

EXERCISES = load_exercises(["gradient-descent"])


def fill(sheet: str, student: str, answers: dict[str, str]) -> str:
    lines = []
    for line in sheet.splitlines():
        lines.append(line)
        if line.startswith("student: "):
            lines[-1] = f"student: {student}"
        if line.startswith("## ") and line[3:] in answers:
            # the answer after the prompt line, as a student types it, LaTeX and all
            lines.append("$$" + answers[line[3:]] + "$$")
    return "\n".join(lines) + "\n"


def test_template_golden(golden):
    golden("sheet-gradient-descent.md", template(EXERCISES["gradient-descent"]))


def test_a_filled_in_sheet_grades_like_the_same_answers_in_yaml(tmp_path):
    hanna = yaml.safe_load((ROOT / "examples" / "submissions" / "hanna.yaml").read_text(encoding="utf-8"))
    sheet = tmp_path / "hanna.md"
    sheet.write_text(fill(template(EXERCISES["gradient-descent"]), "s08", hanna["answers"]), encoding="utf-8")
    from_sheet, from_yaml = Engine(EXERCISES, jobs=1).grade([sheet, ROOT / "examples" / "submissions" / "hanna.yaml"])
    assert from_sheet.status == "graded" and from_sheet.student == "s08"
    assert [(t.task, t.verdict, t.score, [d.code for d in t.diagnoses]) for t in from_sheet.tasks] == \
        [(t.task, t.verdict, t.score, [d.code for d in t.diagnoses]) for t in from_yaml.tasks]


def test_a_multiline_answer_and_html_are_text(tmp_path):
    sheet = tmp_path / "s.md"
    sheet.write_text("---\nstudent: s1\nexercise: gradient-descent\n---\n## gd2.step1\n> prompt\n"
                     "\\begin{pmatrix} 2.4 \\\\\n 1.92 \\end{pmatrix}\n## gd1.step1\n<script>alert(1)</script>\n",
                     encoding="utf-8")
    (result,) = Engine(EXERCISES, jobs=1).grade([sheet])
    tasks = {t.task: t for t in result.tasks}
    assert tasks["gd2.step1"].verdict == "correct"
    assert tasks["gd1.step1"].verdict == "invalid"  # read as an answer, never as markup


def test_a_sheet_without_front_matter_is_one_line(run, tmp_path):
    sheet = tmp_path / "s.md"
    sheet.write_text("## gd1.step1\n1.6\n", encoding="utf-8")
    result = run("check", "gradient-descent", str(sheet), "--lang", "en")
    assert result.exit_code == 1 and "starts with front matter" in result.stdout
    assert result.stdout.strip().count("\n") == 0


def test_template_command(run, tmp_path):
    out = tmp_path / "sheet.md"
    assert run("template", "gradient-descent", "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("---\nstudent: \nname: \nexercise: gradient-descent\n---")


def test_a_readme_in_a_submissions_folder_is_not_a_submission(tmp_path):
    from grader.reading.submission import find_submissions

    (tmp_path / "README.md").write_text("# the class\n", encoding="utf-8")
    (tmp_path / "s1.md").write_text("---\nstudent: s1\nexercise: gradient-descent\n---\n", encoding="utf-8")
    files, warnings = find_submissions([tmp_path])
    assert [p.name for p in files] == ["s1.md"] and warnings == []


def test_a_sheet_shows_each_problems_function_start_and_learning_rate():
    """The numbers a student works with are on the sheet they fill in (not only on
    grader sheet's): quoted, so that reading the sheet back takes none of them for an answer."""
    sheet = template(EXERCISES["gradient-descent"])
    assert "> **gd1** · Functie: J(θ) = 3θ^2 · Start: θ = 4 · Learning rate: 0.1" in sheet
    assert "> **gd2** · Functie: J(θ1, θ2) = 1/4 θ1^4 + 1/5 θ2^2 · Start: (θ1, θ2) = (-4, 2) · " \
           "Learning rate: 0.1" in sheet
    from grader.reading.answer_sheet import read_sheet

    assert read_sheet(sheet, "sheet.md")["answers"] == {}


def test_a_variant_sheet_shows_the_students_numbers_and_each_tasks_point_and_direction(golden):
    exercises = load_exercises(["les4-tweede-orde"])
    golden("sheet-les4-tweede-orde-s1.md", template(exercises["les4-tweede-orde"].for_student("s1"), "s1"))


def test_a_variant_sheet_without_a_student_shows_no_ones_numbers_and_says_how_to_get_ones_own(golden):
    exercise = load_exercises(["gradient-descent-variants"])["gradient-descent-variants"]
    sheet = template(exercise)
    golden("sheet-gradient-descent-variants.md", sheet)
    assert "grader template gradient-descent-variants --student ID" in sheet
    assert "Jouw getallen" not in sheet and "Start:" not in sheet
    assert "θ = -" not in sheet and exercise.task("gd1.slope1").prompt not in sheet  # its first variant's numbers


def test_a_sheet_never_shows_an_answer_grader_found():
    # classify's point is the stationary point grader solved for: another task's answer
    exercise = load_exercises(["les4-tweede-orde"])["les4-tweede-orde"].for_student("s1")
    (stationary,) = (t for t in exercise.tasks if t.kind == "stationary")
    sheet = template(exercise, "s1")
    shown = [str(v) for v in stationary.expected]
    assert not any(text in sheet for text in shown)
    assert "-12/7" not in sheet
