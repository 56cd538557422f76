"""Feedback reports as a student reads them: golden files in both languages for the kinds of
result there are, autoescaping of everything a student wrote, and every label translated."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from grader.codes import FINDING_ROLES, VERDICTS
from grader.exercise.find import load_exercises
from grader.report.labels import DUTCH
from grader.report.render import templates_dir
from grader.report.write import student_report, write_reports, write_student_reports
from grader.results.model import Message, SubmissionResult, failed
from grader.running.batch import Engine
from tests.conftest import GOLDEN, ROOT
from tests.helpers import FINISHES_SECONDS

EXERCISES = load_exercises([str(ROOT / "exercises")])
EXAMPLES = ROOT / "examples" / "submissions"


def graded(name: str) -> SubmissionResult:
    (result,) = Engine(EXERCISES, jobs=1).grade([EXAMPLES / name])
    return result


def with_timeout(result: SubmissionResult) -> SubmissionResult:
    """The same result with its last task as a check that ran out of time."""
    last = replace(result.tasks[-1], verdict="timeout", score=None, diagnoses=(), message=Message("timeout"))
    return replace(result, tasks=(*result.tasks[:-1], last), needs_review=True)


CASES = {
    # name: (result, exercise) - right with a notation warning; wrong with diagnoses and
    # follow-through; invalid answers; a check that timed out; a file that could not be graded
    "hanna": lambda: graded("hanna.yaml"),
    "finn": lambda: graded("finn.yaml"),
    "lotte": lambda: graded("lotte.yaml"),
    "timeout": lambda: with_timeout(graded("anouk.yaml")),
    "error": lambda: replace(failed("x.yaml", "x.yaml:1: YAML error: control character #x0007 is not allowed",
                                    "s99", "Sam"), exercise="partial-derivatives"),
}


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_student_reports(golden, case, lang, fmt):
    result = CASES[case]()
    exercise = EXERCISES[result.exercise]
    golden(f"report/{case}.{lang}.{fmt}", student_report(exercise, result, fmt, lang, reveal=case == "finn"))


def test_seed_notes_report_flags_the_sum_and_the_negative_base():
    html = student_report(EXERCISES["gradient-descent"], graded("hanna.yaml"), "html", "nl")
    assert "[gradient-as-sum]" in html
    assert '<mrow class="flag"><mo>−</mo><mrow><mo>(</mo><msup>' in html  # −(4³), highlighted
    assert "[negative-base-notation]" in html


def test_everything_a_student_wrote_is_text(tmp_path):
    result = graded("anouk.yaml")
    evil = '<script>alert(1)</script>'
    tasks = (replace(result.tasks[0], answer="4x^3 </math><img src=x onerror=alert(1)>"), *result.tasks[1:])
    hostile = replace(result, name=evil, student="../../x", tasks=tasks)
    for fmt in ("html", "md"):
        text = student_report(EXERCISES["partial-derivatives"], hostile, fmt, "en")
        if fmt == "md":  # Markdown is judged by the HTML it renders to: a code span shows <img as text
            text = MarkdownIt("commonmark").render(text)
        assert "<script>" not in text and "<img" not in text and "</math><img" not in text
        assert "&lt;script&gt;" in text
    written = write_student_reports(EXERCISES, (hostile,), tmp_path, ("html",))
    assert [p.relative_to(tmp_path).as_posix() for p in written] == ["students/x--partial-derivatives.html"]


def test_every_label_exists_in_both_languages():
    import re

    msgids = set()
    for template in templates_dir().glob("*.j2"):
        msgids |= set(re.findall(r't\["([^"]+)"\]', template.read_text(encoding="utf-8")))
    assert len(msgids) > 30
    msgids |= set(VERDICTS) | {role.capitalize() for role in FINDING_ROLES.values()} | {"Mistake"}  # looked up as t[task.verdict], t[kind]
    missing = sorted(m for m in msgids if m not in DUTCH)
    assert missing == []
    from grader.report.labels import labels_for

    assert set(labels_for("en")) == set(labels_for("nl")) == set(DUTCH)


def test_check_writes_reports_and_grade_writes_one_per_student(run, tmp_path):
    html, md = tmp_path / "hanna.html", tmp_path / "hanna.md"
    result = run("check", "gradient-descent", "examples/submissions/hanna.yaml", "--html", str(html),
                 "--markdown", str(md), "--lang", "en")
    assert result.exit_code == 0
    assert html.read_text().startswith("<!DOCTYPE html>") and md.read_text().startswith("# Gradiënt descent")
    out = tmp_path / "out"
    assert run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "-q",
               "--report", "html,md").exit_code == 0
    files = sorted(p.name for p in (out / "report" / "students").iterdir())
    assert len(files) == 28 and "s08--gradient-descent.html" in files
    assert run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "--report", "pdf").exit_code == 2


def test_reports_are_self_contained():
    html = student_report(EXERCISES["gradient-descent"], graded("hanna.yaml"), "html", "en")
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert html.count("<math") == html.count("</math>") > 0
    assert '<html lang="en">' in html and "@media print" in html


def test_report_goldens_exist_for_every_case():
    names = {p.name for p in (GOLDEN / "report").glob("*.*.*")}
    assert len(names) == len(CASES) * 4 + 4  # and the overview in two languages and formats


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_class_overview(golden, tmp_path, lang):
    from grader.running.classrun import grade_class

    run = grade_class(EXERCISES, [EXAMPLES], tmp_path / "out")
    folder = tmp_path / "report"
    write_reports(EXERCISES, run.report.results, folder, ("html", "md"), lang)
    for name in ("index.html", "index.md"):
        golden(f"report/overview.{lang}.{name.split('.')[1]}", (folder / name).read_text(encoding="utf-8"))
    golden("report/items.csv", (folder / "items.csv").read_text(encoding="utf-8"))
    assert len(list((folder / "students").iterdir())) == 28


def test_report_command_renders_a_saved_run_again(run, tmp_path):
    out = tmp_path / "out"
    assert run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "-q").exit_code == 0
    result = run("report", str(out / "results.json"), "--out", str(tmp_path / "again"), "--lang", "en",
                 "--format", "html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again" / "index.html").exists() and not (tmp_path / "again" / "index.md").exists()
    assert run("report", str(ROOT / "README.md"), "--out", str(tmp_path / "x")).exit_code == 2


def test_the_cli_knows_the_report_formats_without_importing_jinja2():
    from grader import cli
    from grader.report.write import FORMATS

    assert tuple(FORMATS) == cli.REPORT_FORMATS


@pytest.mark.parametrize("exercise,key,answer,flagged", [
    # the term a diagnosis is about is highlighted, and only that term
    ("partial-derivatives", "p1.dx", "4x^4 + 3x^2y^2", "<mn>4</mn><mo>·</mo><msup><mrow><mi>x</mi></mrow><mrow><mn>4</mn>"),
    ("partial-derivatives", "p1.dx", "4x^3 - 3x^2y^2", "<mn>3</mn><mo>·</mo><msup>"),
    ("partial-derivatives", "p1.dx", "4x^3 + 3x^2y^2 + 8", "<mn>8</mn>"),
    # the step that went uphill: the whole new point
    ("gradient-descent", "gd1.step1", "4 + 0.1*24", "<mn>4</mn><mo>+</mo>"),
])
def test_the_part_a_diagnosis_is_about_is_highlighted(exercise, key, answer, flagged):
    from grader.reading.submission import Submission
    from grader.running.grade import grade_submission

    submission = Submission("t.yaml", "t", exercise, {key: answer})
    tasks = tuple(grade_submission(EXERCISES[exercise], submission))
    result = SubmissionResult("t.yaml", "graded", "t", None, exercise, 0.0, 1.0, tasks=tasks)
    html = student_report(EXERCISES[exercise], result, "html", "en")
    section = html.split(f'id="{key}"')[1].split("</section>")[0]
    assert section.count('<mrow class="flag">') == 1, section
    assert f'<mrow class="flag">{flagged}' in section


def _a_class(size: int) -> tuple[SubmissionResult, ...]:
    """The example class copied out to ``size`` students (each copy a student of their own)."""
    base = _graded_examples()
    return tuple(replace(r, student=f"{r.student}-{k:03d}", submission=f"{k:03d}-{r.submission}")
                 for k in range(size // len(base) + 1) for r in base)[:size]


def _graded_examples() -> tuple[SubmissionResult, ...]:
    return tuple(Engine(EXERCISES, jobs=1).grade(sorted(EXAMPLES.glob("*.yaml"))))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_reports_rendered_by_several_processes_are_the_same_bytes(tmp_path):
    results = _a_class(260)  # over 200: rendered by forked processes, a share of exercises each
    alone = write_reports(EXERCISES, results, tmp_path / "one", ("html", "md"), "en", jobs=1)
    shared = write_reports(EXERCISES, results, tmp_path / "three", ("html", "md"), "en", jobs=3)
    assert len(alone) == len(shared) > 500
    assert _files(tmp_path / "one") == _files(tmp_path / "three")
    # no temporary file left behind; the one hidden file is the list of the files grader wrote
    assert [p.name for p in (tmp_path / "three").rglob(".*")] == [".grader-files"]


def test_a_renderer_that_cannot_write_stops_the_reports_with_its_error(tmp_path, monkeypatch):
    import grader.report.write as write

    real = write.write_atomic

    def full_disk(path, text, durable=True):
        if path.parent.name == "students" and "-001" in path.name:
            raise OSError(28, "No space left on device")
        real(path, text, durable)

    monkeypatch.setattr(write, "write_atomic", full_disk)  # inherited by the forked renderers
    with pytest.raises(OSError, match="No space left"):
        write_reports(EXERCISES, _a_class(260), tmp_path / "r", ("html",), "en", jobs=2)


def test_a_renderer_that_dies_is_an_error_that_says_so(tmp_path, monkeypatch):
    import os

    from grader.errors import GraderError
    from grader.report import write

    monkeypatch.setattr(write._Job, "run", lambda self, work: os._exit(9))
    with pytest.raises(GraderError, match="exit code 9"):
        write_reports(EXERCISES, _a_class(260), tmp_path / "r", ("html",), "en", jobs=2)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_an_answer_refused_as_too_long_is_cut_at_the_readers_limit(fmt):
    result = graded("anouk.yaml")
    long = "4x^3+" * 20_000  # 100,000 characters
    tasks = (replace(result.tasks[0], answer=long, verdict="invalid", score=0.0), *result.tasks[1:])
    text = student_report(EXERCISES["partial-derivatives"], replace(result, tasks=tasks), fmt, "nl")
    assert long[:2000] in text and long[:2001] not in text
    assert "… (100.000 tekens in totaal)" in text
    assert len(text) < 20_000


def test_rendering_processes_share_out_every_report_once_and_take_from_the_slowest():
    """Each process renders its own range from the front; one that is done takes from the back
    of the range with the most left (cut by estimate, the benchmark's ranges took 0.65 s and
    0.91 s)."""
    from grader.report.shares import Board

    board = Board.of([(0, 50), (50, 60)])
    taken = [board.take(own) for own in (1, 1, 0, 0, 0, 1)]
    assert taken == [(50, 60), (30, 50), (0, 20), (20, 30), None, None]


def test_a_renderer_that_dies_holding_the_board_does_not_hang_the_others(tmp_path, monkeypatch):
    """The others then wait on the board for ever: the parent must notice the dead one at once,
    whatever the order, and stop them all."""
    import multiprocessing
    import os
    import threading
    import time

    from grader.errors import GraderError
    from grader.report import shares

    def kill_all() -> None:
        for child in multiprocessing.active_children():
            child.kill()

    real = shares.Board.take

    def take(board, own):
        if own == 1:
            board.lock.acquire()
            os._exit(9)
        return real(board, own)

    monkeypatch.setattr(shares.Board, "take", take)
    watchdog = threading.Timer(FINISHES_SECONDS, kill_all)
    watchdog.start()
    started = time.monotonic()
    try:
        with pytest.raises(GraderError, match="exit code 9"):
            write_reports(EXERCISES, _a_class(400), tmp_path / "r", ("html",), "en", jobs=2)
    finally:
        watchdog.cancel()
    assert time.monotonic() - started < FINISHES_SECONDS, "the reports hung"


def test_reports_of_students_no_longer_in_the_results_are_removed_and_a_teachers_file_kept(tmp_path):
    """An id corrected since the last run: its old report would stay beside the new one."""
    anouk, hanna = graded("anouk.yaml"), graded("hanna.yaml")
    write_reports(EXERCISES, (anouk, hanna), tmp_path, ("html", "md"))
    (tmp_path / "students" / "my-notes.md").write_text("the teacher's", encoding="utf-8")
    corrected = replace(hanna, student="s08b")
    written = write_reports(EXERCISES, (anouk, corrected), tmp_path, ("html",))
    students = sorted(p.name for p in (tmp_path / "students").iterdir())
    assert students == ["my-notes.md", "s01--partial-derivatives.html", "s08b--gradient-descent.html"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [".grader-files", "index.html",
                                                                         "items.csv"]
    assert all(path.exists() for path in written)


def test_the_overview_does_not_depend_on_the_order_the_results_come_in(tmp_path):
    """``grade --report`` has the results in the order they were graded, ``grader report`` in
    results.json's: the same results make the same overview."""
    results = (graded("lotte.yaml"), graded("hanna.yaml"), graded("anouk.yaml"), graded("finn.yaml"))
    write_reports(EXERCISES, results, tmp_path / "graded", ("html", "md"), "en")
    write_reports(EXERCISES, results[::-1], tmp_path / "saved", ("html", "md"), "en")
    for name in ("index.html", "index.md", "items.csv"):
        assert (tmp_path / "graded" / name).read_bytes() == (tmp_path / "saved" / name).read_bytes()


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_students_own_report_has_no_teacher_talk(fmt):
    for lang in ("en", "nl"):
        text = student_report(EXERCISES["gradient-descent"], graded("hanna.yaml"), fmt, lang)
        assert "teacher's look" not in text and "blik van de docent" not in text


def test_the_expected_answer_is_typeset():
    html = student_report(EXERCISES["gradient-descent"], graded("finn.yaml"), "html", "en", reveal=True)
    assert html.count("<dt>Expected</dt><dd><math") == 8 and "<dt>Expected</dt><dd><code>" not in html
    md = student_report(EXERCISES["gradient-descent"], graded("finn.yaml"), "md", "en", reveal=True)
    assert "- Expected: $6 \\cdot \\theta$" in md and "- Expected: `" not in md
