"""Answers in from quiz exports: a Moodle responses report and a Canvas student analysis, with
hostile cells; each row its own submission; the last or the best attempt."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.errors import GraderError
from grader.exercise.find import load_exercises
from grader.reading.responses import read_map, read_rows
from grader.running.classrun import grade_responses
from tests.conftest import ROOT

QUIZ = ROOT / "tests" / "data" / "quiz"
EXERCISES = load_exercises(["gradient-descent"])


def graded(tmp_path, export: str, map_name: str, attempts: str = "last") -> dict[str, dict]:
    run = grade_responses(EXERCISES, QUIZ / export, QUIZ / map_name, tmp_path, attempts=attempts)
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert len(data["results"]) == len(run.report.results)
    return {r["submission"]: r for r in data["results"]}


def test_moodle_responses_golden(golden, tmp_path):
    grade_responses(EXERCISES, QUIZ / "moodle-responses.csv", QUIZ / "moodle-map.yaml", tmp_path)
    golden("responses/moodle-results.json", (tmp_path / "results.json").read_text(encoding="utf-8"))


def test_moodle_rows(tmp_path):
    results = graded(tmp_path, "moodle-responses.csv", "moodle-map.yaml")
    hanna = results["moodle-responses.csv:2"]
    assert (hanna["student"], hanna["name"], hanna["score"]) == ("hanna@example.org", "Hanna Peters", 7.0)
    anouk = results["moodle-responses.csv:4"]  # the later of two attempts
    assert anouk["name"] == 'Anouk "A" de Vries, Jr.' and anouk["score"] == 8.0
    assert "moodle-responses.csv:3" not in results
    nobody = results["moodle-responses.csv:5"]  # no id: that row's error, nobody else's
    assert nobody["status"] == "error" and "'student' is missing" in nobody["error"]
    ayse = results["moodle-responses.csv:6"]
    assert ayse["name"] == "Ay\nşe Ünal"  # a newline in a cell survives
    answers = {t["task"]: t["answer"] for t in ayse["tasks"]}
    assert answers["gd1.derivative"] == "=1+1" and answers["gd2.step2"] == 'x"y,z'


@pytest.mark.parametrize("attempts,score,row", [("last", 1.0, 3), ("best", 2.0, 2)])
def test_canvas_attempts(tmp_path, attempts, score, row):
    results = graded(tmp_path, "canvas-student-analysis.csv", "canvas-map.yaml", attempts)
    hanna = next(r for r in results.values() if r["student"] == "1008")
    assert hanna["score"] == score and hanna["submission"] == f"canvas-student-analysis.csv:{row}"
    finn = next(r for r in results.values() if r["student"] == "1006")
    assert finn["name"] == 'Finn, "the" Mulder'
    assert finn["tasks"][0]["answer"] == "<img src=x onerror=alert(1)>" and finn["tasks"][0]["verdict"] == "invalid"


@pytest.mark.parametrize("body,message", [
    ("exercise: gradient-descent\nanswers: {gd1.step1: x}\n", "the map needs 'student'"),
    ("exercise: nope\nstudent: id\nresponses: 'Response {n}'\n", "the map's exercise 'nope' is not among"),
    ("student: id\nanswers: {gd9.step1: x}\n", "'gd9.step1' in the map is no task of gradient-descent"),
    ("student: id\nresponses: Response\n", "'responses' needs {n}"),
    ("student: id\nanswer: {}\n", "unknown key 'answer' in the map"),
    ("student: id\nanswers:\n  - gd1.step1\n  - Response 1\n",
     ":2: 'answers' is a list; it maps each task to the header of its column (gd1.step1: Response 1)"),
    ("student: id\nanswers: Response 1\n", ":2: 'answers' is the text 'Response 1'; it maps each task"),
    ("student: id\nanswers:\n  gd1.step1: Response 3\n  gd1.step2:\n",
     ":4: task 'gd1.step2' is mapped to nothing; write the header of the column that answers it"),
    ("student: id\nanswers:\n  gd1.step1: [a, b]\n", ":3: task 'gd1.step1' is mapped to a list; write the header"),
    ("student: id\nname: {first: First name}\nresponses: 'Response {n}'\n",
     ":2: 'name' is a column header or a list of them"),
    ("student: id\nattempt: [1]\nresponses: 'Response {n}'\n", ":2: 'attempt' is a list; it is the header of one"),
    ("student: id\nresponses: 'Response {n}'\nanswers: {gd1.derivative: Response 2}\n",
     ":2: the map has both 'answers' and 'responses'"),
    ("student: id\nanswers:\n  gd1.derivative: Response 1\n  gd1.slope1: Response 1\n",
     ":2: 'gd1.derivative' and 'gd1.slope1' are both mapped to the column 'Response 1'"),
])
def test_bad_maps_are_one_line(tmp_path, body, message):
    path = tmp_path / "map.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(GraderError) as caught:
        read_map(path, EXERCISES)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_missing_column_names_the_columns(run, tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("student: Username\nresponses: 'Response {n}'\n", encoding="utf-8")
    result = run("grade", "gradient-descent", "--responses", str(QUIZ / "moodle-responses.csv"), "--map",
                 str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "no column 'Username' in the export (columns: Surname" in result.stderr


@pytest.mark.parametrize("edit, line", [
    (lambda rows: rows[3].__setitem__(-1, "x" * 200_000), 4),  # a cell over the csv module's limit
    (lambda rows: rows[0].__setitem__(0, "y" * 200_000), 1),   # in the header
])
def test_a_quiz_export_the_csv_module_cannot_read_is_one_line_with_its_line(run, tmp_path, edit, line):
    """A cell longer than Python's csv module reads ended in a traceback; now the file and the
    line where the unreadable record starts."""
    import csv

    with (QUIZ / "moodle-responses.csv").open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))
    edit(rows)
    path = tmp_path / "quiz.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    result = run("grade", "gradient-descent", "--responses", str(path), "--map", str(QUIZ / "moodle-map.yaml"),
                 "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:{line}: cannot read this CSV line (field larger than")
    assert "\n" not in result.stderr.strip()


def test_submissions_or_responses(run, tmp_path):
    assert run("grade", "gradient-descent", "-o", str(tmp_path)).exit_code == 2
    assert run("grade", "gradient-descent", "--responses", str(QUIZ / "moodle-responses.csv"),
               "-o", str(tmp_path)).exit_code == 2


def test_canvas_student_analysis_golden(golden, tmp_path):
    grade_responses(EXERCISES, QUIZ / "canvas-student-analysis.csv", QUIZ / "canvas-map.yaml", tmp_path)
    golden("responses/canvas-results.json", (tmp_path / "results.json").read_text(encoding="utf-8"))


MOODLE_REPORT = QUIZ / "moodle-responses-report.csv"  # as Moodle writes it: BOM, states, average row


def test_moodle_report_leaves_out_the_average_row_and_unfinished_attempts(tmp_path):
    """The "Overall average" row was graded as a submission without a student (an error), and
    attempts "In progress" and "Never submitted" were graded as final."""
    run = grade_responses(EXERCISES, MOODLE_REPORT, QUIZ / "moodle-map.yaml", tmp_path)
    assert sorted(r.student for r in run.report.results) == ["chloe@example.org", "hanna@example.org"]
    assert run.errors == 0
    assert "2 attempt(s) not finished left out, rows 3 (In progress), 4 (Never submitted); --unfinished " \
        "grades them as they stand" in run.warnings
    hanna = next(r for r in run.report.results if r.student == "hanna@example.org")
    assert hanna.score == 7.0 and hanna.submission == "moodle-responses-report.csv:2"


def test_unfinished_attempts_are_graded_when_asked(run, tmp_path):
    result = run("grade", "gradient-descent", "--responses", str(MOODLE_REPORT), "--map",
                 str(QUIZ / "moodle-map.yaml"), "-o", str(tmp_path), "-q", "--unfinished")
    assert result.exit_code == 0, result.stderr
    students = {r["student"] for r in json.loads((tmp_path / "results.json").read_text())["results"]}
    assert students == {"hanna@example.org", "anouk@example.org", "bram@example.org", "chloe@example.org"}
    assert "not finished" not in result.stderr


def _export(tmp_path, text: str):
    path = tmp_path / "quiz.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_header_over_two_columns_that_the_map_uses_is_an_error_naming_it(run, tmp_path):
    """The later of two "Response 1" columns was graded (1.00 instead of 6θ)."""
    head = "Surname,First name,Email address,Response 1,Response 1," + ",".join(f"Response {n}" for n in range(2, 9))
    path = _export(tmp_path, f"{head}\nA,B,a@x,6θ,1.00,24,1.6,9.6,0.64,x,y,z\n")
    result = run("grade", "gradient-descent", "--responses", str(path), "--map", str(QUIZ / "moodle-map.yaml"),
                 "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {path}:1: the column 'Response 1' appears 2 times in the export " \
        "(columns 4, 5); which one is meant cannot be told: rename the others"
    # a header twice that the map does not use (Canvas's "1.0" after each question) is no matter:
    # test_canvas_attempts grades such an export


def test_a_row_cut_short_is_that_rows_error_never_a_zero(tmp_path):
    """A row of 4 of 14 cells was graded as all missing: score 0, exported as 0."""
    lines = (QUIZ / "moodle-responses.csv").read_text(encoding="utf-8").splitlines()
    path = _export(tmp_path, "\n".join([lines[0], lines[1], "Jansen,Bram,bram@example.org,Finished"]) + "\n")
    run = grade_responses(EXERCISES, path, QUIZ / "moodle-map.yaml", tmp_path / "out")
    bram = next(r for r in run.report.results if r.student == "bram@example.org")
    assert bram.status == "error" and bram.score is None
    assert bram.error == "quiz.csv:3: the row has 4 of 14 cells (cut short?); export the quiz again"
    assert bram.name == "Bram Jansen" and run.errors == 1


def test_an_interrupted_quiz_run_is_resumed_from_its_journal(tmp_path, monkeypatch):
    """After Ctrl-C the message said "what was graded is kept, run again with --resume", but
    nothing was kept and --resume regraded every row."""
    out = tmp_path / "out"
    seen = []

    def interrupt_after_two(result):
        seen.append(result)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        grade_responses(EXERCISES, QUIZ / "moodle-responses.csv", QUIZ / "moodle-map.yaml", out,
                        on_result=interrupt_after_two)
    again = grade_responses(EXERCISES, QUIZ / "moodle-responses.csv", QUIZ / "moodle-map.yaml", out, resume=True)
    assert (again.reused, again.graded_now) == (2, 3)
    grade_responses(EXERCISES, QUIZ / "moodle-responses.csv", QUIZ / "moodle-map.yaml", tmp_path / "b")
    assert (out / "results.json").read_bytes() == (tmp_path / "b" / "results.json").read_bytes()


def test_a_changed_row_is_graded_again_on_resume(tmp_path):
    out = tmp_path / "out"
    text = (QUIZ / "moodle-responses.csv").read_text(encoding="utf-8")
    path = _export(tmp_path, text)
    grade_responses(EXERCISES, path, QUIZ / "moodle-map.yaml", out)
    path.write_text(text.replace("7.00,6\\theta", "7.00,5\\theta"), encoding="utf-8")
    again = grade_responses(EXERCISES, path, QUIZ / "moodle-map.yaml", out, resume=True)
    assert (again.reused, again.graded_now) == (4, 1)
    hanna = next(r for r in again.report.results if r.student == "hanna@example.org")
    assert hanna.tasks[0].verdict != "correct"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from(
    ['"', "\n", "\r", ",", "\x00", '""', "Overall average", "In progress", "Finished", "-"])), max_size=16))
def test_any_quiz_export_reads_or_is_refused_in_one_line(tmp_path_factory, pieces):
    """Whatever follows the header of a quiz export, its rows are read (each whole, or its own
    error) or the file is refused with one line naming it."""
    head = (QUIZ / "moodle-responses.csv").read_text(encoding="utf-8").splitlines()[0].replace(
        "Grade/8.00", "State")
    path = tmp_path_factory.mktemp("quiz") / "quiz.csv"
    path.write_text(head + "\n" + "".join(pieces), encoding="utf-8")
    mapping = read_map(QUIZ / "moodle-map.yaml", EXERCISES)
    try:
        read = read_rows(path, mapping)
    except GraderError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        return
    for row in read.rows:
        assert row.problem is not None or all(isinstance(v, str) for v in row.answers.values())
    assert all(state.casefold() in ("in progress",) for _, state in read.unfinished)
