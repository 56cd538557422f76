"""The second hostile round: each reproduction of the robustness issue, as a test that failed
before its fix. One file must never take down a class's run, no grade may be lost or charged
to the wrong task, and a busy machine must not change a grade."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

import grader.running.batch as batch
import grader.running.worker as worker
from grader.exercise.find import load_exercises
from grader.results.write import submission_json
from grader.running.batch import Engine
from grader.running.classrun import grade_class
from tests.conftest import ROOT
from tests.helpers import exercises_with, submission

EXAMPLES = ROOT / "examples" / "submissions"
RIGHT = {"p1.dx": "4x^3 + 3x^2y^2", "p1.dy": "2x^3y + 5y^4", "p1.dxdy": "6x^2y"}


def class_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "subs"
    shutil.copytree(EXAMPLES, folder)
    return folder


def results_of(out: Path) -> list[dict]:
    return json.loads((out / "results.json").read_text(encoding="utf-8"))["results"]


# -- whole-batch crashes ------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["name", "answer", "key"])
def test_a_lone_surrogate_in_json_costs_nothing_but_that_text(run, tmp_path, where):
    folder = class_folder(tmp_path)
    fields = {"name": '"Ev\\ud800a"', "answer": '"4x^3\\ud800"', "key": '"p1.d\\ud800x"'}
    name = fields["name"] if where == "name" else '"Eva"'
    answers = {"answer": f'{{"p1.dx": {fields["answer"]}}}', "key": f'{{{fields["key"]}: "1"}}',
               "name": '{"p1.dx": "4x^3 + 3x^2y^2"}'}[where]
    (folder / "evil.json").write_text(f'{{"student": "s99", "name": {name}, '
                                      f'"exercise": "partial-derivatives", "answers": {answers}}}')
    out = tmp_path / "out"
    result = run("grade", "exercises", "-s", str(folder), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    results = results_of(out)
    assert len(results) == 15
    again = run("grade", "exercises", "-s", str(folder), "-o", str(out), "-q", "--resume")
    assert again.exit_code == 0 and "0 graded now, 15 resumed" in again.stderr
    check = run("check", "partial-derivatives", str(folder / "evil.json"))
    assert check.exit_code == 0 and "Traceback" not in check.output
    assert json.loads(run("check", "partial-derivatives", str(folder / "evil.json"), "--json").stdout)


def test_a_file_name_that_is_not_utf8(run, tmp_path):
    folder = class_folder(tmp_path)
    raw = os.fsencode(folder) + b"/ren\xe9.yaml"
    with open(raw, "w", encoding="utf-8") as handle:
        handle.write("student: s98\nexercise: partial-derivatives\nanswers: {p1.dx: '4x^3 + 3x^2y^2'}\n")
    out = tmp_path / "out"
    result = run("grade", "exercises", "-s", str(folder), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    names = [r["submission"] for r in results_of(out)]
    assert len(names) == 15 and any(n.endswith("ren\udce9.yaml") for n in names)


def test_an_idle_worker_killed_is_replaced(tmp_path):
    paths = [submission(tmp_path, f"s{k}", RIGHT) for k in range(6)]
    engine = Engine(exercises_with(), jobs=2)
    idle = engine._spawn()
    idle.process.kill()
    idle.process.join()
    results = engine.grade(paths)
    assert [r.score for r in results] == [3.0] * 6


@pytest.mark.parametrize("steps", [9, 50])
def test_exact_descent_that_explodes_is_refused_quickly(run, tmp_path, steps):
    path = tmp_path / "d.yaml"
    path.write_text(f"id: d\ntitle: D\nproblems:\n  - id: p\n    function: 'J(θ) = 1/4 θ^4'\n"
                    f"    start: -4\n    learning_rate: 0.1\n    tasks:\n      - {{id: a, step: {steps}}}\n")
    started = time.process_time()  # CPU time of this process: what a busy machine does not change
    result = run("validate", str(path))
    assert time.process_time() - started < 10
    assert result.exit_code == 1
    assert f"{path}:6: exact gradient descent is too large from step 8 on" in result.stderr
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1


# -- grades lost, changed or charged to the wrong task ------------------------------------------
def test_regrading_a_student_whose_file_became_unreadable_keeps_the_record(tmp_path):
    folder = class_folder(tmp_path)
    out = tmp_path / "out"
    exercises = load_exercises([str(ROOT / "exercises")])
    grade_class(exercises, [folder], out)
    (folder / "anouk.yaml").write_text("student: [unclosed\n")
    run = grade_class(exercises, [folder], out, student="s01")
    results = results_of(out)
    assert len(results) == 14 == len(run.report.results)
    anouk = next(r for r in results if r["submission"].endswith("anouk.yaml"))
    assert anouk["status"] == "error" and anouk["student"] == "s01" and "YAML error" in anouk["error"]


def test_regrading_keeps_a_new_file_it_graded(tmp_path):
    folder = class_folder(tmp_path)
    out = tmp_path / "out"
    exercises = load_exercises([str(ROOT / "exercises")])
    grade_class(exercises, [folder], out)
    submission(folder, "newcomer", RIGHT, student="s77")
    run = grade_class(exercises, [folder], out, student="s02")
    assert run.graded_now == 2
    assert len(results_of(out)) == 15
    assert any(r["student"] == "s77" for r in results_of(out))


def test_regrading_with_the_folder_given_another_way_keeps_the_class(tmp_path, monkeypatch):
    folder = class_folder(tmp_path)
    out = tmp_path / "out"
    exercises = load_exercises([str(ROOT / "exercises")])
    monkeypatch.chdir(tmp_path)
    grade_class(exercises, [Path("subs")], out)
    grade_class(exercises, [folder.resolve()], out, student="s02")
    assert len(results_of(out)) == 14


def test_regrading_a_student_nobody_knows_warns_and_exits_1(run, tmp_path):
    out = tmp_path / "out"
    assert run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "-q").exit_code == 0
    result = run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "-q", "--student", "nobody")
    assert result.exit_code == 1
    assert "no submission of student 'nobody'" in result.stderr
    assert len(results_of(out)) == 14


def test_stray_answer_keys_are_not_charged_to_a_task(tmp_path):
    answers = {**RIGHT, **{f"k{k}": "1" for k in range(53_000)}}  # under the 1 MB file limit
    path = tmp_path / "stray.json"
    path.write_text(json.dumps({"student": "s1", "exercise": "partial-derivatives", "answers": answers}))
    scores = []
    for _ in range(2):
        (result,) = Engine(exercises_with(check_seconds=1.0), jobs=1).grade([path])
        scores.append(result.score)
        assert {t.task: t.verdict for t in result.tasks if t.task.startswith("p1.")} == \
            dict.fromkeys(RIGHT, "correct")
        assert result.warnings[-1] == "and 52980 more answers under keys that are no task of this exercise"
    assert scores == [3.0, 3.0]


@pytest.fixture
def sabotage(monkeypatch, tmp_path):
    """SPIN:s burns s seconds of CPU, then grades as usual; BURN burns CPU for ever; each
    SPIN task appends to a file so a test can count how often it was graded."""
    real = worker.grade_task
    log = tmp_path / "graded.log"

    def grade_task(exercise, task, sub, cache=None, **options):
        answer = sub.answers.get(task.key, "")
        if answer.startswith("SPIN:"):
            seconds = float(answer[5:])
            begin = time.process_time()
            while time.process_time() - begin < seconds:
                pass
            with log.open("a") as out:
                out.write(task.key + "\n")
            return real(exercise, task, sub.__class__(sub.path, sub.student, sub.exercise, RIGHT, sub.name), cache, **options)
        if answer == "BURN":
            with log.open("a") as out:
                out.write(f"burn:{task.key}\n")
            while True:
                pass
        return real(exercise, task, sub, cache, **options)

    monkeypatch.setattr(worker, "grade_task", grade_task)
    return log


@pytest.fixture
def cpu_decides(monkeypatch):
    """Only CPU time ends a task: the wall-clock backstop (for a stopped or starved worker,
    tested with an injected clock below) moved out of reach of any load, so that a test whose
    worker the machine starves still gets the grade that CPU time gives."""
    monkeypatch.setattr(batch, "BACKSTOP_SECONDS", 3600.0)


def test_a_timeout_does_not_cost_the_slow_tasks_already_done(tmp_path, sabotage, cpu_decides):
    answers = {"p1.dx": "SPIN:0.4", "p1.dy": "SPIN:0.4", "p1.dxdy": "BURN",
               "p2.dx": "SPIN:0.4", "p2.dy": "BURN", "p3.dx": "SPIN:0.4"}
    path = submission(tmp_path, "slow", answers)
    (result,) = Engine(exercises_with(check_seconds=1.0), jobs=1).grade([path])
    verdicts = {t.task: t.verdict for t in result.tasks}
    assert verdicts["p1.dxdy"] == verdicts["p2.dy"] == "timeout"
    assert verdicts["p1.dx"] == verdicts["p1.dy"] == "correct"
    # each task started once: the submission cost at most its tasks' limits, whatever the load
    graded = sabotage.read_text().split()
    assert sorted(graded) == ["burn:p1.dxdy", "burn:p2.dy", "p1.dx", "p1.dy", "p2.dx", "p3.dx"]


def test_a_submission_with_nothing_scored_has_no_score(tmp_path, sabotage):
    exercises = {k: e for k, e in exercises_with(check_seconds=0.3).items() if k == "partial-derivatives"}
    burnt = submission(tmp_path, "all", dict.fromkeys([t.key for t in exercises["partial-derivatives"].tasks], "BURN"))
    (result,) = Engine(exercises, jobs=1).grade([burnt])
    assert result.score is None and result.needs_review
    line = submission_json(result)
    assert '"score": null' in line


def test_scores_are_floats(tmp_path):
    (result,) = Engine(exercises_with(), jobs=1).grade([submission(tmp_path, "z", {})])
    assert result.score == 0.0 and isinstance(result.score, float)


# -- determinism under load ---------------------------------------------------------------------
def _hog(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


@pytest.mark.slow  # the class is graded twice, the second time beside a CPU hog on every core
def test_a_busy_machine_does_not_change_grades(tmp_path, sabotage, cpu_decides):
    # answers that cost ~60 % of the CPU limit; beside them, one hog per core
    # each SPIN text distinct (0.6, 0.60, ...): a cached verdict would not spin at all
    paths = [submission(tmp_path, f"s{k}", {"p1.dx": "SPIN:0.6" + "0" * k, "p2.dx": "3x^2 + 2xy^4"})
             for k in range(4)]
    exercises = exercises_with(check_seconds=1.0)

    def grade_all() -> list[str]:
        return [submission_json(r) for r in Engine(exercises, jobs=2).grade(paths)]

    quiet = grade_all()
    hogs = [multiprocessing.get_context("fork").Process(target=_hog, args=(20,)) for _ in range(2 * os.cpu_count())]
    for hog in hogs:
        hog.start()
    try:
        busy = grade_all()
    finally:
        for hog in hogs:
            hog.kill()
            hog.join()
    assert busy == quiet
    assert all('"verdict": "timeout"' not in line for line in busy)


@pytest.mark.parametrize("wall,cpu,reading,overran", [
    (0.5, 0.5, False, False),    # within the limit
    (2.5, 0.6, False, False),    # a busy machine: past the limit in wall time, not in CPU time
    (3.9, 0.2, False, False),    # starved, but not yet for the backstop's 3 × 1 s + 1 s
    (1.5, 1.2, False, True),     # over the CPU limit
    (4.5, 0.1, False, True),     # stopped or starved past the backstop
    (9.0, 0.1, True, False),     # reading a file has its own, longer limit (10 s)
    (12.0, 11.0, True, True),
])
def test_cpu_time_decides_and_wall_time_is_only_the_backstop(monkeypatch, wall, cpu, reading, overran):
    # the clock and the CPU reading are injected: the decision itself, independent of any load
    from types import SimpleNamespace

    monkeypatch.setattr(batch, "time", SimpleNamespace(monotonic=lambda: 100.0 + wall))
    monkeypatch.setattr(batch, "_cpu_seconds", lambda pid: 7.0 + cpu)
    slot = SimpleNamespace(ordinal=-1 if reading else 0, wall_start=100.0, cpu_start=7.0)
    engine = SimpleNamespace(check_seconds=1.0)
    worker = SimpleNamespace(slot=slot, process=SimpleNamespace(pid=1))
    assert Engine._overran(engine, worker) is overran  # type: ignore[arg-type]


# -- output a person or an LMS can trust --------------------------------------------------------
def test_control_characters_in_file_names_cannot_forge_lines(run, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    evil = folder / "evil\n3 submissions: 3 graded\nresults: fake.json\x1b]0;owned\x07.yaml"
    evil.write_text("student: s1\nexercise: nope\nanswers: {}\n")
    result = run("grade", "exercises", "-s", str(folder), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\nresults: fake.json" not in result.stderr
    assert "evil\\n3 submissions" in result.stderr
    assert result.stdout == ""


def test_check_json_hides_expected_answers_unless_revealed(run):
    hidden = json.loads(run("check", "gradient-descent", "examples/submissions/hanna.yaml", "--json").stdout)
    assert all(t["expected"] is None for t in hidden["tasks"])
    shown = json.loads(run("check", "gradient-descent", "examples/submissions/hanna.yaml", "--json",
                           "--reveal").stdout)
    assert shown["tasks"][0]["expected"] == "6*θ"


def test_results_honour_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "out"
        grade_class(load_exercises([str(ROOT / "exercises")]), [EXAMPLES / "anouk.yaml"], out)
    finally:
        os.umask(old)
    assert stat.S_IMODE((out / "results.json").stat().st_mode) == 0o644
    assert stat.S_IMODE((out / ".grader-journal.jsonl").stat().st_mode) == 0o644


def test_error_records_keep_the_student_that_was_read(run, tmp_path):
    path = submission(tmp_path, "typo", RIGHT, student="s42", exercise="partial-derivates")
    (result,) = Engine(exercises_with(), jobs=1).grade([path])
    assert result.status == "error" and result.student == "s42"
    checked = json.loads(run("check", "gradient-descent", str(path), "--json").stdout)
    assert checked["student"] == "s42" and checked["status"] == "error"


@pytest.mark.parametrize("body,fragment", [
    ("student: s1\x07\nexercise: x\n", "YAML error: control character #x0007 is not allowed; remove it"),
    ("student: s1\nexercise: partial-derivatives\nanswers: {p1.dx: 1e99999999}\n", None),
])
def test_messages_are_one_line(run, tmp_path, body, fragment):
    path = tmp_path / "s.yaml"
    path.write_text(body)
    result = run("check", "partial-derivatives", str(path), "--lang", "en")
    assert "Traceback" not in result.output
    if fragment is not None:
        assert fragment in result.output
        assert result.output.strip().count("\n") == 0


def test_a_device_is_no_submission(run, tmp_path):
    result = run("grade", "exercises", "-s", "/dev/zero", "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    assert "/dev/zero: not a regular file" in result.stderr


def test_an_unwritable_out_folder_is_one_line_and_exit_2(run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        result = run("grade", "exercises", "-s", "examples/submissions", "-o", str(out), "-q")
    finally:
        out.chmod(0o700)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot write {out}/") and "Traceback" not in result.output


def test_an_unwritable_results_file_is_one_line_and_exit_2(run, tmp_path, monkeypatch):
    import grader.running.classrun as classrun

    def full(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(classrun, "write_atomic", full)
    result = run("grade", "exercises", "-s", "examples/submissions", "-o", str(tmp_path), "-q")
    assert result.exit_code == 2
    assert f"error: cannot write {tmp_path}/results.json: No space left on device" in result.stderr


def test_a_limit_too_small_to_work_is_refused(tmp_path):
    from grader.errors import ExerciseErrors
    from grader.exercise import load_exercise

    path = tmp_path / "e.yaml"
    path.write_text("id: e\ntitle: E\nlimits: {memory_mb: 1}\nproblems:\n  - id: p\n    tasks:\n"
                    "      - {id: a, answer: '1'}\n")
    with pytest.raises(ExerciseErrors) as caught:
        load_exercise(path)
    assert "limit memory_mb must be at least 256" in str(caught.value)


def test_a_teachers_large_power_validates_and_a_retired_limit_only_warns(tmp_path):
    # a flat exponent limit of 100 refused 1.01^365 at validate; now the value's digits count
    from grader.checking.equivalence import make_probe
    from grader.exercise import load_exercise
    from grader.running.grade import grade_answer

    path = tmp_path / "e.yaml"
    path.write_text("id: e\ntitle: E\nlimits: {max_exponent: 50}\nproblems:\n  - id: p\n    tasks:\n"
                    "      - {id: a, answer: '1000*1.01^365', tolerance: {decimals: 2}}\n"
                    "      - {id: b, answer: '(1+x)^200', variables: [x]}\n")
    exercise = load_exercise(path)
    (warning,) = exercise.warnings
    assert "e.yaml:3: limit max_exponent is no longer used" in warning
    interest, power = exercise.tasks
    probe = make_probe("e", exercise.limits)
    assert grade_answer(interest, "37783.43", probe, exercise.limits).verdict == "correct"
    assert grade_answer(interest, "37783.44", probe, exercise.limits).verdict == "incorrect"
    assert grade_answer(power, "(x+1)^200", probe, exercise.limits).verdict == "correct"
    assert grade_answer(power, "(x+1)^201", probe, exercise.limits).verdict == "incorrect"
    assert grade_answer(power, "(x+1)^2^100", probe, exercise.limits).verdict == "invalid"


@pytest.mark.parametrize("args", [
    ("check", "partial-derivatives", "no/such/file.yaml"),
    ("validate", "no/such/exercise.yaml"),
    ("grade", "exercises", "-s", "no/such/folder", "-o", "out"),
    ("solve", "no-such-exercise"),
])
def test_a_missing_path_is_exit_2_for_every_command(run, args):
    result = run(*args)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_skipped_files_are_listed(run, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(EXAMPLES / "anouk.yaml", folder)
    (folder / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    outside = tmp_path / "outside.yaml"
    shutil.copy(EXAMPLES / "bram.yaml", outside)
    (folder / "escape.yaml").symlink_to(outside)
    os.mkfifo(folder / "pipe.yaml")
    (folder / "linked.yaml").symlink_to(folder / "anouk.yaml")  # within the folder: followed
    result = run("grade", "exercises", "-s", str(folder), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1  # the link is the same student's second file
    assert "dangling.yaml: a symbolic link that leads nowhere" in result.stderr
    assert "escape.yaml: a symbolic link that leads out of the folder" in result.stderr
    assert "pipe.yaml: not a regular file" in result.stderr
    statuses = {Path(r["submission"]).name: r["status"] for r in results_of(tmp_path / "out")}
    assert statuses == {"anouk.yaml": "graded", "linked.yaml": "error"}


def test_student_ids_are_compared_after_nfc_and_case_is_warned(run, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    submission(folder, "a", RIGHT, student="Zo\u00eb")        # ë as one character
    submission(folder, "b", RIGHT, student="Zoe\u0308")       # e and a combining diaeresis
    submission(folder, "c", RIGHT, student="anna")
    submission(folder, "d", RIGHT, student="Anna")
    result = run("grade", "exercises", "-s", str(folder), "-o", str(tmp_path / "out"), "-q")
    statuses = {Path(r["submission"]).name: r for r in results_of(tmp_path / "out")}
    assert statuses["b.yaml"]["status"] == "error" and "duplicate student id 'Zoë'" in statuses["b.yaml"]["error"]
    assert "student ids 'Anna', 'anna' differ only in case" in result.stderr
