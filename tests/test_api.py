"""The public API (``import grader``): the same results as the command, from any thread, shown
in a notebook's way, and light to import."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import grader
import grader.exercise.reader as exercise_reader
from grader.limits import DEFAULT_LIMITS
from grader.running import batch, worker
from tests.conftest import ROOT
from tests.helpers import FINISHES_SECONDS

HANNA = ROOT / "examples" / "submissions" / "hanna.yaml"


@pytest.fixture(scope="module")
def derivatives():
    return grader.load_exercise("partial-derivatives")


@pytest.mark.parametrize("answer,verdict,score,read_as,codes", [
    ("4x^3 + 3x^2y^2", "correct", 1.0, "4*x^3 + 3*x^2*y^2", []),
    (r"4x^3 + 3x^2 \cdot y^2", "correct", 1.0, "4*x^3 + 3*x^2*y^2", []),
    ("4x^3 + 3x^2y^2 + y^5", "incorrect", 0.0, "4*x^3 + 3*x^2*y^2 + y^5", ["constant-kept"]),
    ("4x^4 + 3x^2y^2", "incorrect", 0.0, "4*x^4 + 3*x^2*y^2", ["exponent-not-lowered"]),
    ("4x^3 + 3x^2 y^2 +", "invalid", 0.0, None, []),
    ("", "missing", 0.0, None, []),
])
def test_check_answer_gives_the_tasks_result(derivatives, answer, verdict, score, read_as, codes):
    check = grader.check_answer(derivatives, "p1.dx", answer)
    assert (check.verdict, check.score, check.max_score, check.read_as) == (verdict, score, 1.0, read_as)
    assert [d.code for d in check.diagnoses] == codes
    assert isinstance(check.result, grader.TaskResult)
    assert repr(check) == (f"AnswerCheck(task='p1.dx', verdict={verdict!r}, score={score!r}, max_score=1.0, "
                           f"read_as={read_as!r}, diagnoses={codes!r})")


def test_check_answer_words_what_is_wrong_in_either_language(derivatives):
    check = grader.check_answer(derivatives, "p1.dx", "4x^4 + 3x^2y^2")
    assert check.messages("en") == ("the exponent was not lowered in the term x^4",)
    assert check.messages() == check.messages("nl")  # the exercise's language
    assert "exponent" in check.messages("nl")[0]
    assert grader.check_answer(derivatives, "p1.dx", "4x^3 +").messages("en") == \
        ("the answer ends too early (at character 7)",)


def test_check_submission_is_what_grader_check_json_prints(run):
    for flags, reveal in (((), None), (("--reveal",), True)):
        printed = run("check", "gradient-descent", str(HANNA), "--json", *flags).stdout
        assert grader.check_submission("gradient-descent", HANNA, reveal=reveal).to_json() == printed
    assert json.loads(printed)["tasks"][0]["expected"] is not None  # the last run revealed


@pytest.mark.parametrize("submission,flags,options", [
    (ROOT / "examples" / "notes" / "seed-notes.md", ("--notes", "--student", "s08"), {"notes": True, "student": "s08"}),
    (ROOT / "tests" / "data" / "notes" / "notebook.ipynb", (), {}),
    (ROOT / "examples" / "submissions" / "eva.json", ("--no-reveal",), {"reveal": False}),
])
def test_notes_and_other_files_are_checked_as_grader_check_does(run, submission, flags, options):
    exercise = "gradient-descent" if "seed" in submission.name or "eva" in submission.name else "partial-derivatives"
    printed = run("check", exercise, str(submission), "--json", *flags).stdout
    checked = grader.check_submission(exercise, submission, **options)
    assert checked.to_json() == printed
    assert checked.status == "graded"


def test_a_submission_handed_over_as_answers_is_graded_as_the_file_is():
    from grader.reading.yamlio import load_data

    data = load_data(HANNA)
    checked = grader.check_submission("gradient-descent", data["answers"], student="s08")
    from_file = grader.check_submission("gradient-descent", HANNA)
    assert checked.score == from_file.score == 7.0
    assert checked.result.tasks == from_file.result.tasks
    assert checked.task("gd2.step1").verdict == from_file.task("gd2.step1").verdict


def test_check_answer_follows_the_reveal_policy_unless_told(derivatives):
    policy = dataclasses.replace(derivatives, reveal="always")
    assert grader.check_answer(derivatives, "p1.dx", "x^4").expected is None
    assert grader.check_answer(derivatives, "p1.dx", "x^4", reveal=True).expected == "4*x^3 + 3*x^2*y^2"
    assert grader.check_answer(policy, "p1.dx", "x^4").expected == "4*x^3 + 3*x^2*y^2"
    assert grader.check_answer(policy, "p1.dx", "x^4", reveal=False).expected is None
    hidden = grader.check_answer(derivatives, "p1.dx", "x^4")
    assert hidden.result.expected == ""  # withheld from the result itself, not only hidden


def test_a_variant_is_the_students_own():
    family = grader.load_exercise("gradient-descent-variants")
    with pytest.raises(grader.GraderError, match="student="):
        grader.check_answer(family, "gd1.step1", "1")
    own = family.for_student("s21")
    key = own.tasks[0].key
    right = own.tasks[0].expected_text
    assert grader.check_answer(family, key, right, student="s21").verdict == "correct"


@pytest.mark.parametrize("call,error", [
    (lambda e: grader.check_answer(e, "p9.dx", "1"), "has no task 'p9.dx'; its tasks: p1.dx, p1.dy"),
    (lambda e: grader.check_answer(e, "p1.dx", "1", student=" "), "'student' is missing or not text"),
    (lambda e: grader.check_submission(e, {"p1.dx": "1"}, student="a\x00b"), "not a plausible id"),
    (lambda e: grader.load_exercise("no-such-exercise"), "no exercise file or bundled exercise"),
    (lambda e: grader.load_exercise(ROOT / "exercises"), "load them with load_exercises"),
    (lambda e: grader.write_reports(ROOT / "no.json", "out"), "cannot read"),
    (lambda e: grader.export_results(ROOT / "no.json", "pdf", "out"), "unknown format 'pdf'"),
    (lambda e: grader.check_answer(e, "p1.dx", "1").messages("fr"), "unknown language 'fr'; use en, nl"),
    (lambda e: grader.grade_class([], [], "out"), "give submissions, or responses with response_map"),
    (lambda e: grader.grade_class([], ["s"], "out", jobs=0), "jobs must be between 1 and 256"),
    (lambda e: grader.grade_class([], ["s"], "out", reports=["pdf"]), "unknown format 'pdf'; use html, md"),
])
def test_errors_are_the_packages_own(derivatives, call, error):
    with pytest.raises(grader.GraderError, match=error.replace("(", r"\(").replace(")", r"\)")):
        call(derivatives)


def test_a_hostile_answer_shows_as_text(derivatives):
    check = grader.check_answer(derivatives, "p1.dx", "<script>alert(1)</script>")
    html = check._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "`<script>alert(1)</script>`" in check._repr_markdown_()  # a code span: shown as text


def test_a_check_shows_itself_as_the_report_shows_the_task(derivatives):
    check = grader.check_answer(derivatives, "p1.dx", "4x^4 + 3x^2y^2")
    html = check._repr_html_()
    assert "fout" in html and "<math" in html and "[exponent-not-lowered]" in html
    assert "Verwacht" not in html and "4*x^3" not in html
    shown = grader.check_answer(derivatives, "p1.dx", "4x^4 + 3x^2y^2", reveal=True)._repr_html_()
    assert "Verwacht" in shown
    markdown = check._repr_markdown_()
    assert "fout, 0/1" in markdown and "$4 \\cdot x^{4}" in markdown
    english = grader.check_answer(derivatives, "p1.dx", "4x^4 + 3x^2y^2", lang="en")
    assert "✗ incorrect · 0/1" in english._repr_html_() and english.messages()[0].startswith("the exponent")
    whole = grader.check_submission("gradient-descent", HANNA)._repr_html_()
    assert whole.count("<section") == 8


# -- threads -------------------------------------------------------------------------------------
def _outcome(exercise_id: str, key: str, answer: str, student: str | None = None) -> tuple:
    exercise = grader.load_exercise(exercise_id)
    check = grader.check_answer(exercise, key, answer, student=student)
    return (exercise.digest, check.verdict, check.score, check.read_as,
            tuple(d.code for d in check.diagnoses))


# the variant is built in the worker, on its alarm: a worker forked from a thread has one too
CASES = [("partial-derivatives", "p1.dx", "4x^3 + 3x^2y^2"), ("partial-derivatives", "p1.dx", "4x^4 + 3x^2y^2"),
         ("partial-derivatives", "p1.dy", "2x^3y + 5y^4"), ("gradient-descent-variants", "gd1.slope1", "24", "s21")]


@pytest.fixture
def cpu_decides(monkeypatch):
    """Only CPU time ends a check: the wall-clock backstop (for a stopped or starved worker)
    moved far off, so that a worker the busy machine starves still gets its grade, while a
    worker that hangs (a lock held across the fork from a thread) still ends the test."""
    monkeypatch.setattr(batch, "BACKSTOP_SECONDS", 300.0)
    # and loading a variant (a wall-clock limit of its own) may take as long as four threads and a
    # busy machine make it: this test is about threads, not about how fast a variant loads
    monkeypatch.setattr(exercise_reader, "LOAD_SECONDS", float(FINISHES_SECONDS))


def test_the_api_gives_the_same_results_from_any_thread(cpu_decides):
    alone = [_outcome(*case) for case in CASES]
    found: list[tuple] = []
    thread = threading.Thread(target=lambda: found.extend(_outcome(*case) for case in CASES))
    thread.start()
    thread.join(FINISHES_SECONDS)
    assert found == alone
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda case: _outcome(*case), CASES)) == alone


@pytest.fixture
def bomb(monkeypatch):
    """BOMB: an answer whose check never ends (the worker, forked after this, inherits it)."""
    real = worker.grade_task

    def grade_task(exercise, task, sub, cache=None, **options):
        if sub.answers.get(task.key) == "BOMB":
            while True:
                pass
        return real(exercise, task, sub, cache, **options)

    monkeypatch.setattr(worker, "grade_task", grade_task)


def test_a_bomb_checked_from_a_thread_is_still_bounded(derivatives, bomb, cpu_decides):
    quick = dataclasses.replace(derivatives, limits=dataclasses.replace(DEFAULT_LIMITS, check_seconds=0.5))
    with ThreadPoolExecutor(2) as pool:  # the bomb on a short limit, beside an answer on the usual one
        checks = list(pool.map(lambda pair: grader.check_answer(pair[0], "p1.dx", pair[1]),
                               [(quick, "BOMB"), (derivatives, "4x^3 + 3x^2y^2")]))
    assert [(c.verdict, c.score) for c in checks] == [("timeout", None), ("correct", 1.0)]


# -- a class ------------------------------------------------------------------------------------
def test_grade_class_writes_what_grader_grade_writes(run, tmp_path):
    by_command, by_api = tmp_path / "command", tmp_path / "api"
    run("grade", "exercises", "-s", "examples/submissions", "-o", str(by_command), "-q",
        "--report", "md", "--export", "canvas,csv")
    graded = grader.grade_class(["exercises"], ["examples/submissions"], by_api, reports=["md"],
                                exports=["canvas", "csv"], jobs=2)  # from the same folder as the command
    assert (by_api / "results.json").read_bytes() == (by_command / "results.json").read_bytes()
    for name in ("exports/canvas.csv", "exports/csv.csv", "report/index.md"):
        assert (by_api / name).read_bytes() == (by_command / name).read_bytes(), name
    saved = grader.read_results(by_api / "results.json")
    assert sorted(graded.report.results, key=lambda r: r.sort_key) == list(saved.results)


def test_grade_class_grades_a_quiz_export_as_grader_grade_does(run, tmp_path):
    quiz = ROOT / "tests" / "data" / "quiz"
    run("grade", "gradient-descent", "--responses", str(quiz / "moodle-responses.csv"), "--map",
        str(quiz / "moodle-map.yaml"), "--attempts", "best", "-o", str(tmp_path / "command"), "-q")
    graded = grader.grade_class(["gradient-descent"], [], tmp_path / "api", attempts="best",
                                responses=quiz / "moodle-responses.csv", response_map=quiz / "moodle-map.yaml")
    assert graded.report.results
    assert (tmp_path / "api" / "results.json").read_bytes() == (tmp_path / "command" / "results.json").read_bytes()


def test_reports_and_exports_of_a_results_file(run, tmp_path):
    out = tmp_path / "out"
    run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "-q")
    results = out / "results.json"
    run("report", str(results), "-o", str(tmp_path / "command"), "--exercises", "exercises", "--format", "md")
    written = grader.write_reports(results, tmp_path / "api", exercises=[ROOT / "exercises"], formats=["md"])
    assert len(written) == 16 and all(path.is_file() for path in written)
    assert _files(tmp_path / "api") == _files(tmp_path / "command")
    run("export", str(results), "--format", "lti", "-o", str(tmp_path / "command.jsonl"))
    files, warnings = grader.export_results(results, "lti", tmp_path / "api.jsonl")
    assert files == [tmp_path / "api.jsonl"] and isinstance(warnings, tuple)
    assert (tmp_path / "api.jsonl").read_bytes() == (tmp_path / "command.jsonl").read_bytes()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- import --------------------------------------------------------------------------------------
def test_import_grader_leaves_sympy_and_jinja2_out():
    code = "import sys, grader; print(sorted(m for m in ('sympy', 'jinja2', 'click') if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    assert shown.stdout.strip() == "[]"


def test_help_shows_the_api():
    import pydoc

    text = pydoc.render_doc(grader, renderer=pydoc.plaintext)
    for name in ("check_answer", "check_submission", "grade_class", "load_exercise", "load_exercises",
                 "read_results", "write_reports", "export_results"):
        assert f"{name}(" in text
    assert set(grader.__all__) <= set(dir(grader))
    assert all(getattr(grader, name) is not None for name in grader.__all__)
