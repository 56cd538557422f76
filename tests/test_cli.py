"""The grader command as users call it: exit codes, stdout for results, stderr for the rest."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT


def test_grade_the_example_class(run, tmp_path, golden):
    result = run("grade", "exercises", "--submissions", "examples/submissions", "--out", str(tmp_path),
                 "--jobs", "2", "--quiet")
    assert result.exit_code == 0, result.output
    assert "14 submissions: 14 graded, 0 could not be graded" in result.stderr
    assert result.stdout == ""  # stdout carries machine output only
    golden("example-results.json", (tmp_path / "results.json").read_text(encoding="utf-8"))


def test_grade_says_where_the_report_and_the_exports_are(run, tmp_path):
    result = run("grade", "exercises", "-s", "examples/submissions/hanna.yaml", "-o", str(tmp_path), "-q",
                 "--report", "md,html", "--export", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()[-3:]
    assert lines == [f"results: {tmp_path / 'results.json'}", f"report: {tmp_path / 'report' / 'index.md'}",
                     f"exports: {tmp_path / 'exports'}"]


def test_the_report_exports_and_their_warnings_are_in_the_summarys_language(run, tmp_path):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "x.yaml").write_text("student: s9\nexercise: nope\n", encoding="utf-8")
    given = ["grade", "gradient-descent", "-s", "examples/submissions/hanna.yaml", "-s", str(tmp_path / "class"),
             "-q", "--report", "md", "--export", "csv"]
    dutch = run(*given, "-o", str(tmp_path / "nl")).stderr
    assert f"rapport: {tmp_path / 'nl' / 'report' / 'index.md'}" in dutch
    assert f"exports: {tmp_path / 'nl' / 'exports'}" in dutch
    assert "waarschuwing: s9: " in dutch and "kon niet worden nagekeken en noemt geen opgave" in dutch
    assert "warning:" not in dutch and "report:" not in dutch
    english = run(*given, "-o", str(tmp_path / "en"), "--lang", "en").stderr
    assert "warning: s9: " in english and "could not be graded and names no exercise" in english
    assert f"report: {tmp_path / 'en' / 'report' / 'index.md'}" in english


def test_the_summary_of_grade_is_in_the_exercises_language_or_lang(run, tmp_path):
    """A Dutch teacher grading a Dutch exercise read the summary in English."""
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "x.yaml").write_text("student: s9\nexercise: nope\n", encoding="utf-8")
    given = ["grade", "gradient-descent", "-s", "examples/submissions/hanna.yaml", "-s", str(tmp_path / "class"),
             "-q"]
    dutch = run(*given, "-o", str(tmp_path / "nl"))
    assert "2 inzendingen: 1 nagekeken, 1 niet na te kijken, 0 ter controle (2 nu nagekeken, 0 hervat)" in dutch.stderr
    assert "antwoorden: goed 7, fout 1" in dutch.stderr and "  fout: " in dutch.stderr
    assert "onbekende opgave-id 'nope'" in dutch.stderr and f"resultaten: {tmp_path / 'nl'}" in dutch.stderr
    english = run(*given, "-o", str(tmp_path / "en"), "--lang", "en")
    assert "2 submissions: 1 graded, 1 could not be graded, 0 need review (2 graded now, 0 resumed)" in english.stderr
    assert "answers: correct 7, incorrect 1" in english.stderr and "unknown exercise id 'nope'" in english.stderr


def test_results_are_byte_identical_for_any_number_of_workers(run, tmp_path):
    outputs = []
    for jobs in ("1", "3"):
        out = tmp_path / jobs
        assert run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "-j", jobs, "-q").exit_code == 0
        outputs.append((out / "results.json").read_bytes())
    assert outputs[0] == outputs[1]


def test_results_do_not_depend_on_the_order_files_are_named(run, tmp_path):
    names = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples/submissions").iterdir())
    forward, backward = tmp_path / "f", tmp_path / "b"
    args = [a for n in names for a in ("-s", n)]
    reverse = [a for n in reversed(names) for a in ("-s", n)]
    run("grade", "exercises", *args, "-o", str(forward), "-q")
    run("grade", "exercises", *reverse, "-o", str(backward), "-q")
    assert (forward / "results.json").read_bytes() == (backward / "results.json").read_bytes()


def test_results_json_shape(run, tmp_path):
    run("grade", "exercises", "-s", "examples/submissions/hanna.yaml", "-o", str(tmp_path), "-q")
    data = json.loads((tmp_path / "results.json").read_text())
    assert [e["id"] for e in data["exercises"]] == [
        "chain-rule", "gradient-descent", "gradient-descent-variants", "les4-newton", "les4-tweede-orde",
        "lesson4-newton", "lesson4-second-order", "linear-cost", "partial-derivatives",
        "partial-derivatives-variants"]
    (result,) = data["results"]
    assert {"student", "name", "exercise", "submission", "score", "max_score", "status", "error",
            "tasks"} <= set(result)
    task = result["tasks"][0]
    assert set(task) >= {"task", "verdict", "score", "max_score", "answer", "read_as", "expected",
                         "diagnoses", "message"}
    assert (result["score"], result["max_score"], result["status"]) == (7.0, 8.0, "graded")


def test_check_is_readable_and_hides_expected_answers(run, golden):
    result = run("check", "gradient-descent", "examples/submissions/hanna.yaml")
    assert result.exit_code == 0
    assert "gelezen als: (-4 - 1*(-(4^3))*0.1, 2 - (2/5)*2*0.1) = (2.4, 1.92)" in result.stdout
    assert "verwacht:" not in result.stdout
    golden("check-hanna.txt", result.stdout)


def test_check_reveal_shows_expected_answers(run):
    result = run("check", "gradient-descent", "examples/submissions/hanna.yaml", "--reveal")
    assert "verwacht:    (1.0176, 1.8432)" in result.stdout


def test_check_json_for_integrations(run):
    result = run("check", "partial-derivatives", "examples/submissions/bram.yaml", "--json")
    data = json.loads(result.stdout)
    assert data["score"] == 6.0 and data["status"] == "graded"


def test_check_shows_a_huge_answer_cut_short_with_its_length(run, tmp_path):
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"student": "s1", "exercise": "gradient-descent",
                                "answers": {"gd1.derivative": "6θ+" * 25_000, "gd1.slope1": "24"}}))
    result = run("check", "gradient-descent", str(path))
    assert result.exit_code == 0
    assert "… (75.000 tekens in totaal)" in result.stdout and "antwoord te lang" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) < 400
    assert "antwoord:    24\n" in result.stdout  # a short answer as written
    english = run("check", "gradient-descent", str(path), "--lang", "en")
    assert "… (75,000 characters in all)" in english.stdout


def test_check_an_unreadable_submission(run, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("student: [unclosed\n")
    result = run("check", "partial-derivatives", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "YAML error" in result.stdout and "Traceback" not in result.output


def test_solve_prints_the_worked_solution(run, golden):
    result = run("solve", "gradient-descent")
    assert result.exit_code == 0
    assert "stap 1: θ = 4 − 0.1·24 = 1.6" in result.stdout
    golden("solve-gradient-descent.txt", result.stdout)


def test_validate_reports_every_problem_with_file_and_line(run, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: b\ntitle: B\nproblems:\n  - id: p\n    function: 'Z(x) = x^2'\n"
                      "    tasks:\n      - {id: a, derivative: [x], pionts: 2}\n")
    result = run("validate", "exercises/gradient-descent.yaml", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:7: unknown key 'pionts' in a task; did you mean 'points'?" in result.stderr
    assert "ok: exercises/gradient-descent.yaml" in result.stdout


def test_validate_lang_nl_says_what_grader_words_in_dutch(run, tmp_path):
    (tmp_path / "bad.yaml").write_text("id: x\ntitle: [t\n", encoding="utf-8")
    (tmp_path / "rate.yaml").write_text("id: r\ntitle: t\nproblems:\n  - id: p\n    function: 'J(θ) = θ^2'\n"
                                        "    start: 1\n    learning_rate: 0\n    tasks:\n      - {id: a, step: 1}\n",
                                        encoding="utf-8")
    dutch = run("validate", str(tmp_path / "bad.yaml"), str(tmp_path / "rate.yaml"), "--lang", "nl")
    assert dutch.exit_code == 1
    assert f"{tmp_path / 'bad.yaml'}:3: YAML-fout (de YAML-lezer meldt, in het Engels: “did not find expected" \
        in dutch.stderr
    assert f"{tmp_path / 'rate.yaml'}:7: learning_rate moet groter dan 0 zijn, niet 0" in dutch.stderr
    english = run("validate", str(tmp_path / "bad.yaml"))
    assert f"{tmp_path / 'bad.yaml'}:3: YAML error: did not find expected" in english.stderr


def test_validate_bundled_exercise_by_id(run):
    result = run("validate", "linear-cost")
    assert result.exit_code == 0 and "ok:" in result.stdout


def test_unknown_exercise_is_a_usage_error(run, tmp_path):
    result = run("grade", "no-such-exercise", "-s", "examples/submissions", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "no exercise file or bundled exercise 'no-such-exercise'" in result.stderr
    assert "Traceback" not in result.output


def test_broken_exercise_stops_grading_before_it_starts(run, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: b\ntitle: B\nproblems: 3\n")
    result = run("grade", str(broken), "-s", "examples/submissions", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{broken}:3: the exercise needs 'problems', a non-empty list" in result.stderr
    assert not (tmp_path / "out" / "results.json").exists()


def test_a_submission_that_cannot_be_graded_gives_exit_1_and_keeps_the_rest(run, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "good.yaml").write_text(
        (ROOT / "examples/submissions/anouk.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "typo.yaml").write_text("student: s99\nexercise: partial-derivates\nanswers: {}\n")
    result = run("grade", "exercises", "-s", str(folder), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    statuses = {Path(r["submission"]).name: (r["status"], r["score"], r["error"]) for r in data["results"]}
    assert statuses["good.yaml"][:2] == ("graded", 9.0)
    status, score, error = statuses["typo.yaml"]
    assert (status, score) == ("error", None)
    assert "unknown exercise id 'partial-derivates'" in error


def test_progress_goes_to_stderr_and_stdout_stays_clean(run, tmp_path):
    result = run("grade", "exercises", "-s", "examples/submissions", "-o", str(tmp_path))
    assert "graded 14/14" in result.stderr
    assert "graded 14/14" not in result.stdout


def test_python_dash_m_grader_works():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "grader", "--help"], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0 and "grade" in done.stdout


def test_the_program_ends_check_quickly_without_losing_output_or_exit_code(tmp_path):
    """``main`` ends ``check`` with os._exit: the streams must still arrive whole and the exit
    code must still say pass or fail (a pipe is block-buffered, so an unflushed tail would show)."""
    import subprocess
    import sys

    page = tmp_path / "page.html"
    done = subprocess.run([sys.executable, "-m", "grader", "check", "gradient-descent",
                           "examples/submissions/hanna.yaml", "--fail-under", "8", "--html", str(page)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 1  # 7 of 8 is under 8
    assert done.stdout.rstrip().endswith("score: 7 / 8")
    assert page.read_text().rstrip().endswith("</html>")
    passed = subprocess.run([sys.executable, "-m", "grader", "check", "gradient-descent",
                             "examples/submissions/hanna.yaml", "--json"],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert passed.returncode == 0 and json.loads(passed.stdout)["score"] == 7.0


def test_more_workers_than_cores_is_warned_about(run, tmp_path, monkeypatch):
    """Measured on 2 cores: the benchmark class took 23 s with 256 workers, 3.5 s with 2."""
    import grader.cli

    monkeypatch.setattr(grader.cli, "default_jobs", lambda: 2)
    result = run("grade", "exercises", "-s", "examples/submissions", "-o", str(tmp_path / "out"), "-j", "8", "-q")
    assert result.exit_code == 0
    assert "warning: --jobs 8 is more than the 2 core(s) grader may use here; each worker warms its own " \
        "caches, so --jobs 2 grades sooner" in result.stderr
    quiet = run("grade", "exercises", "-s", "examples/submissions", "-o", str(tmp_path / "two"), "-j", "2", "-q")
    assert "warning" not in quiet.stderr


def test_worked_steps_name_the_gradient_after_the_function(run, tmp_path):
    exercise = tmp_path / "f.yaml"
    exercise.write_text("id: f\ntitle: F\nlang: en\nproblems:\n  - id: p\n"
                        "    function: 'f(x, y) = x^2 y + 3y^2'\n    start: {x: 1, y: 1}\n"
                        "    learning_rate: 0.1\n    tasks:\n      - {id: s1, step: 1}\n", encoding="utf-8")
    result = run("solve", str(exercise))
    assert result.exit_code == 0, result.output
    assert "∇f = (2*x*y, x^2 + 6*y)" in result.stdout
    assert "∇f at (x, y) = (1, 1): (2, 7)" in result.stdout
    assert "∇J" not in result.stdout


def test_a_folder_without_submissions_names_every_kind_it_takes(run, tmp_path):
    folder = tmp_path / "cls"
    folder.mkdir()
    (folder / "notes.md").write_text("# my notes\n\n$J'(θ) = 6θ$\n", encoding="utf-8")
    result = run("grade", "exercises", "-s", str(folder), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 2, result.output
    assert "no submission files (*.yaml, *.yml, *.json, *.ipynb, *.md with front matter) in" in result.stderr
