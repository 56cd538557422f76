"""Answers in from quiz exports: a Moodle responses report and a Canvas student analysis, with
hostile cells; each row its own submission; the last or the best attempt."""

from __future__ import annotations

import json

import pytest

from grader.classrun import grade_responses
from grader.errors import GraderError
from grader.library import load_exercises
from grader.responses import read_map
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
