"""The reveal policy holds in every view a student gets: the self-check's report and its
picture, the students' reports of a class run, and the exports whose feedback students read.
The class overview and JUnit (the teacher's) keep the full wording."""

from __future__ import annotations

import html
import json
import re

import pytest

from grader.codes import ANSWER_PARAMS
from grader.export.write import Options, export
from grader.report.pictures import RIGHT
from grader.report.write import student_report, write_reports
from grader.results.model import ExerciseSummary, GradeReport, SubmissionResult
from tests.cases import CASES, VARIANTS, exercise_file, other_variant_result, self_check
from tests.cases import REVEAL_EXERCISES as EXERCISES
from tests.conftest import ROOT

GD = EXERCISES["gradient-descent"]
SHEET = "student: s1\nexercise: gradient-descent\nanswers:\n"


def plain(text: str) -> str:
    """What a reader reads as text: no pictures, styles or tags, HTML entities and Markdown
    escapes undone, no white space."""
    text = re.sub(r"<(svg|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return "".join(html.unescape(text).replace("\\", "").split())


def pictures(text: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", text, flags=re.S)


def sheet(tmp_path, answers: dict[str, str]):
    path = tmp_path / "s1.yaml"
    path.write_text(SHEET + "".join(f"  {k}: '{v}'\n" for k, v in answers.items()), encoding="utf-8")
    return path


ALL_STEPS = {"gd1.derivative": "6θ", "gd1.slope1": "24", "gd1.step1": "1.6", "gd1.slope2": "9.6",
             "gd1.step2": "0.64", "gd2.gradient": "(θ1^3, 2/5 θ2)", "gd2.step1": "(2.4, 1.92)",
             "gd2.step2": "(1.02, 1.84)"}


@pytest.mark.parametrize("answers", [ALL_STEPS, {"gd1.derivative": "6θ", "gd2.gradient": "(θ1^3, 2/5 θ2)"}],
                         ids=["every step", "only the derivatives"])
def test_an_unrevealed_check_report_draws_no_right_path(tmp_path, run, answers):
    report = tmp_path / "r.html"
    assert run("check", "gradient-descent", str(sheet(tmp_path, answers)), "--html", str(report)).exit_code == 0
    drawn = pictures(report.read_text(encoding="utf-8"))
    assert len(drawn) == 2  # the student's path on the curve and on the contours: the givens
    for svg in drawn:
        assert RIGHT not in svg and "<circle" not in svg and "juiste pad" not in svg
        # the legend names the student's path only when they answered a step of it
        assert ("jouw pad" in svg) is ("gd2.step1" in answers)


def test_a_revealed_check_report_draws_the_right_path(tmp_path, run):
    report = tmp_path / "r.html"
    run("check", "gradient-descent", str(sheet(tmp_path, ALL_STEPS)), "--html", str(report), "--reveal")
    for svg in pictures(report.read_text(encoding="utf-8")):
        assert "juiste pad" in svg and svg.count("<circle") == 1 + 3  # the legend, start and 2 steps


def test_after_check_draws_the_right_path_up_to_the_first_unanswered_step(tmp_path, run):
    path = exercise_file(tmp_path, "feedback: {reveal: after-check}")
    answers = {"gd1.step1": "1.6", "gd2.step1": "(2.4, 1.92)", "gd2.step2": "(1.02, 1.84)"}
    report = tmp_path / "r.html"
    run("check", str(path), str(sheet(tmp_path, answers)), "--html", str(report))
    one, two = pictures(report.read_text(encoding="utf-8"))
    assert one.count("<circle") == 1 + 2  # the start and step 1; step 2 is hidden
    assert two.count("<circle") == 1 + 3
    assert ">0.64<" not in one


def the_views(exercise_id: str, result: SubmissionResult, tmp_path) -> dict[str, str]:
    """Every view a student reads of ``result``, unrevealed (policy never)."""
    exercise = EXERCISES.get(exercise_id) or VARIANTS[exercise_id]
    views = {f"report.{fmt}.{lang}": student_report(exercise, result, fmt, lang)
             for fmt in ("html", "md") for lang in ("en", "nl")}
    report = GradeReport((ExerciseSummary(exercise.id, exercise.title, 1.0, exercise.lang),), (result,))
    for fmt in ("moodle", "lti", "gradescope"):
        out = tmp_path / fmt
        export(report, fmt, out, Options())
        views[fmt] = out.read_text(encoding="utf-8")
    views["gradescope"] = json.dumps(json.loads(views["gradescope"]), ensure_ascii=False)
    return views


@pytest.mark.parametrize("exercise,answers,key", CASES)
def test_no_student_view_states_the_corrected_answer(exercise, answers, key, tmp_path):
    result = self_check(exercise, answers)
    task = next(t for t in result.tasks if t.task == key)
    own = plain(f"{task.answer} {task.read_as}")
    for view, text in the_views(exercise, result, tmp_path).items():
        read = plain(text)
        for diagnosis in task.diagnoses:
            assert diagnosis.code in text or not view.startswith("report"), view  # still named
            for name, value in diagnosis.params:
                if name in ANSWER_PARAMS.get(diagnosis.code, ()) and plain(value) not in own and len(value) > 1:
                    assert plain(value) not in read, (view, name, value)
        assert not re.search(r"<dt>(Expected|Verwacht)</dt>|- (Expected|Verwacht):", text), view
        if plain(task.expected) not in own and len(plain(task.expected)) > 2:
            assert plain(task.expected) not in read, view


def test_other_variant_names_no_classmate_in_a_view(tmp_path):
    result = other_variant_result()
    for view, text in the_views("gradient-descent-variants", result, tmp_path).items():
        assert ("other-variant" in text or not view.startswith("report")) and "s21" not in text, view


def withheld_wording(text: str) -> bool:
    """Whether Hanna's gradient-as-sum states the vector she should write."""
    return "(θ1^3,2*θ2/5)" in plain(text)


def hanna() -> SubmissionResult:
    from grader.running.batch import Engine

    (result,) = Engine({"gradient-descent": GD}, jobs=1).grade([ROOT / "examples" / "submissions" / "hanna.yaml"])
    return result


@pytest.mark.parametrize("reveal,policy,full,right", [
    (None, "never", False, False), (True, "never", True, True), (False, "always", False, False),
    (None, "always", True, True), (None, "after-check", True, True),
])
def test_a_class_runs_student_reports_follow_the_policy(tmp_path, reveal, policy, full, right):
    from dataclasses import replace

    exercise = replace(GD, reveal=policy)
    folder = tmp_path / "report"
    write_reports({"gradient-descent": exercise}, (hanna(),), folder, ("html", "md"), "en", reveal)
    student = (folder / "students" / "s08--gradient-descent.html").read_text(encoding="utf-8")
    assert withheld_wording(student) is full and (RIGHT in student) is right
    assert ("<dt>Expected</dt>" in student) is full
    assert withheld_wording((folder / "students" / "s08--gradient-descent.md").read_text(encoding="utf-8")) is full
    overview = (folder / "index.html").read_text(encoding="utf-8")  # the teacher's: full wording
    assert "[gradient-as-sum]" in overview or "gradient-as-sum" in overview


def test_report_and_grade_take_reveal_and_no_reveal(tmp_path, run):
    out = tmp_path / "out"
    assert run("grade", "gradient-descent", "-s", "examples/submissions/hanna.yaml", "-o", str(out), "-q",
               "--report", "html", "--export", "moodle").exit_code == 0
    student = out / "report" / "students" / "s08--gradient-descent.html"
    assert not withheld_wording(student.read_text(encoding="utf-8"))
    assert not withheld_wording((out / "exports" / "moodle.csv").read_text(encoding="utf-8"))
    assert run("grade", "gradient-descent", "-s", "examples/submissions/hanna.yaml", "-o", str(out), "-q",
               "--report", "html", "--export", "moodle", "--reveal").exit_code == 0
    assert withheld_wording(student.read_text(encoding="utf-8"))
    assert withheld_wording((out / "exports" / "moodle.csv").read_text(encoding="utf-8"))
    again = tmp_path / "again"
    assert run("report", str(out / "results.json"), "-o", str(again), "-e", "exercises",
               "--no-reveal").exit_code == 0
    assert not withheld_wording((again / "students" / "s08--gradient-descent.html").read_text(encoding="utf-8"))
    assert run("report", str(out / "results.json"), "-o", str(again), "-e", "exercises", "--reveal").exit_code == 0
    assert withheld_wording((again / "students" / "s08--gradient-descent.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt,policy,reveal,full", [
    ("moodle", "never", None, False), ("moodle", "never", True, True), ("moodle", "after-check", None, True),
    ("moodle", "always", False, False), ("lti", "never", None, False), ("lti", "after-check", None, True),
    ("gradescope", "never", None, False), ("gradescope", "never", True, True),
    ("junit", "never", None, True),  # the teacher's CI: full wording
])
def test_export_feedback_follows_the_policy(tmp_path, fmt, policy, reveal, full):
    report = GradeReport((ExerciseSummary("gradient-descent", GD.title, 8.0, "en", policy),), (hanna(),))
    out = tmp_path / fmt
    export(report, fmt, out, Options(reveal=reveal))
    assert withheld_wording(out.read_text(encoding="utf-8")) is full


def test_export_reads_the_policy_from_results_json(tmp_path, run):
    path = exercise_file(tmp_path, "feedback: {reveal: after-check}")
    out = tmp_path / "out"
    run("grade", str(path), "-s", "examples/submissions/hanna.yaml", "-o", str(out), "-q")
    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert saved["exercises"][0]["reveal"] == "after-check"
    for flag, full in (((), True), (("--no-reveal",), False)):
        assert run("export", str(out / "results.json"), "--format", "lti", "-o", str(tmp_path / "l.jsonl"),
                   *flag).exit_code == 0
        assert withheld_wording((tmp_path / "l.jsonl").read_text(encoding="utf-8")) is full


def test_results_json_holds_a_policy_other_than_never_and_refuses_an_unknown_one():
    from grader.results.read import ResultsFormatError, report_from_data
    from grader.results.write import report_to_data

    report = GradeReport((ExerciseSummary("a", "A", 1.0, "en", "always"), ExerciseSummary("b", "B", 1.0)))
    data = report_to_data(report)
    assert [e.get("reveal") for e in data["exercises"]] == ["always", None]  # never: as before
    assert report_from_data(data).exercises == report.exercises
    data["exercises"][0]["reveal"] = "sometimes"
    with pytest.raises(ResultsFormatError, match="exercise 1: its 'reveal' is not one of never, after-check"):
        report_from_data(data)


def test_after_check_shows_no_worked_step_that_answers_a_task_left_empty(tmp_path, run):
    """A revealed step's worked steps state the derivative (∇J = 6*θ) and the slope (24): with
    the derivative and slope left empty, after-check would have given them away."""
    path = exercise_file(tmp_path, "feedback: {reveal: after-check}")
    report = tmp_path / "r.html"
    run("check", str(path), str(sheet(tmp_path, {"gd1.step1": "1.5"})), "--html", str(report))
    text = plain(report.read_text(encoding="utf-8"))
    assert "Verwacht" in text and "1.6" in text  # the step itself is revealed
    assert "6*θ" not in text and ":24" not in text
    full = tmp_path / "full.html"
    run("check", str(path), str(sheet(tmp_path, ALL_STEPS)), "--html", str(full))
    assert "6*θ" in plain(full.read_text(encoding="utf-8"))  # all answered: the steps are shown
