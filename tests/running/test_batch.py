"""The batch engine under failure: a hanging check, a crashing or killed worker, memory
exhaustion, an interrupted run. Each must cost one task at most, never a batch."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import grader.running.batch as batch
import grader.running.worker as worker
from grader.exercise.find import load_exercises
from grader.results.model import TaskResult
from grader.running.batch import Engine, mark_duplicates
from grader.running.classrun import grade_class
from grader.running.verdict_cache import MAX_CACHED_BYTES, VERDICT_BYTES, VerdictCache, verdict_bytes
from tests.conftest import ROOT
from tests.helpers import FINISHES_SECONDS, exercises_with, say, submission

EXAMPLES = ROOT / "examples" / "submissions"


@pytest.fixture
def sabotage(monkeypatch):
    """Make the worker's grade_task misbehave on chosen answer texts (the workers are forked
    after this, so they inherit it)."""
    real = worker.grade_task

    def grade_task(exercise, task, sub, cache=None, **options):
        answer = sub.answers.get(task.key, "")
        if answer == "HANG":
            time.sleep(3600)
        if answer == "CRASH":
            os._exit(3)
        if answer == "KILL":
            os.kill(os.getpid(), signal.SIGKILL)
        if answer == "HOG":
            bytearray(8 * 1024**3)  # more than the worker's address-space limit
        if answer == "BUG":
            raise ZeroDivisionError("a bug in a checker")
        return real(exercise, task, sub, cache, **options)

    monkeypatch.setattr(worker, "grade_task", grade_task)


@pytest.mark.parametrize("trap,verdict,message", [
    ("HANG", "timeout", "kon niet op tijd worden nagekeken"),
    ("CRASH", "error", "exit code 3"),
    ("KILL", "error", "exit code -9"),
    ("HOG", "error", "memory limit"),
    ("BUG", "error", "ZeroDivisionError"),
])
@pytest.mark.parametrize("jobs", [1, 2])
def test_one_bad_task_costs_that_task_only(tmp_path, sabotage, trap, verdict, message, jobs):
    good = [submission(tmp_path, f"before{k}", {"p1.dx": "4x^3 + 3x^2y^2"}) for k in range(3)]
    bad = submission(tmp_path, "bad", {"p1.dx": "4x^3 + 3x^2y^2", "p1.dy": trap, "p1.dxdy": "6x^2y"})
    after = [submission(tmp_path, f"after{k}", {"p1.dx": "4x^3 + 3x^2y^2"}) for k in range(3)]
    started = time.monotonic()
    results = Engine(exercises_with(check_seconds=1.0), jobs=jobs).grade([*good, bad, *after])
    assert time.monotonic() - started < FINISHES_SECONDS  # the hang (an hour) was not waited for
    assert [r.status for r in results] == ["graded"] * 7
    tasks = {t.task: t for t in results[3].tasks}
    assert tasks["p1.dy"].verdict == verdict and tasks["p1.dy"].score is None
    assert message in say(tasks["p1.dy"].message, "nl")
    assert tasks["p1.dx"].verdict == tasks["p1.dxdy"].verdict == "correct"
    assert results[3].needs_review and results[3].score == 2.0
    assert all(r.score == 1.0 for i, r in enumerate(results) if i != 3)


@pytest.mark.slow  # each hang lasts until the wall-clock backstop ends it
def test_two_hanging_tasks_in_one_submission(tmp_path, sabotage):
    bad = submission(tmp_path, "bad", {"p1.dx": "HANG", "p2.dx": "3x^2 + 2xy^4", "p3.dy": "HANG"})
    (result,) = Engine(exercises_with(check_seconds=0.5), jobs=1).grade([bad])
    verdicts = {t.task: t.verdict for t in result.tasks}
    assert verdicts["p1.dx"] == verdicts["p3.dy"] == "timeout"
    assert verdicts["p2.dx"] == "correct"


def test_results_arrive_one_by_one_so_nothing_graded_is_lost(tmp_path, sabotage):
    seen = []
    paths = [submission(tmp_path, f"s{k}", {"p1.dx": "CRASH" if k == 2 else "4x^3"}) for k in range(5)]
    Engine(exercises_with(), jobs=2, on_result=lambda result, line: seen.append(result)).grade(paths)
    assert sorted(Path(r.submission).name for r in seen) == [f"s{k}.yaml" for k in range(5)]


def test_duplicate_student_ids_are_errors_for_the_later_file(tmp_path):
    first = submission(tmp_path, "a", {"p1.dx": "4x^3"}, student="s1")
    second = submission(tmp_path, "b", {"p1.dx": "4x^3"}, student="s1")
    other = submission(tmp_path, "c", {"p1.dx": "4x^3"}, student="s1", exercise="linear-cost")
    results = mark_duplicates(Engine(exercises_with(), jobs=1).grade([first, second, other]))
    status = {Path(r.submission).name: r for r in results}
    assert status["a.yaml"].status == "graded"
    assert status["c.yaml"].status == "graded"  # another exercise: not a duplicate
    assert status["b.yaml"].status == "error"
    assert "duplicate student id 's1'" in status["b.yaml"].error and "a.yaml" in status["b.yaml"].error


def test_regrade_one_student_and_merge(tmp_path):
    folder = tmp_path / "subs"
    shutil.copytree(EXAMPLES, folder)
    out = tmp_path / "out"
    exercises = load_exercises([str(ROOT / "exercises")])
    before = grade_class(exercises, [folder], out).report
    bram = folder / "bram.yaml"
    bram.write_text(bram.read_text(encoding="utf-8").replace("10y^5", "10y^4"), encoding="utf-8")
    run = grade_class(exercises, [folder], out, student="s02")
    assert run.graded_now == 1
    after = json.loads((out / "results.json").read_text())
    scores = {r["student"]: r["score"] for r in after["results"]}
    assert scores["s02"] == 7.0
    assert {r.student: r.score for r in before.results if r.student != "s02"} == \
        {k: v for k, v in scores.items() if k != "s02"}


def test_student_regrade_needs_an_earlier_run(tmp_path):
    from grader.errors import GraderError

    with pytest.raises(GraderError, match="grade the whole class first"):
        grade_class(load_exercises([str(ROOT / "exercises")]), [EXAMPLES], tmp_path, student="s01")


def test_killed_run_keeps_old_results_and_resumes(tmp_path):
    """Fault injection: kill the whole grader mid-batch, then --resume."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.classgen import write_class

    folder = tmp_path / "class"
    write_class(folder, 240)
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text('{"previous": true}\n')
    command = [sys.executable, "-m", "grader", "grade", str(ROOT / "exercises"), "-s", str(folder),
               "-o", str(out), "-j", "1", "-q"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / ".grader-journal.jsonl"
    deadline = time.monotonic() + FINISHES_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.read_text(encoding="utf-8").count("\n") > 30:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert (out / "results.json").read_text() == '{"previous": true}\n'

    resumed = subprocess.run([*command, "--resume"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    reused = int(resumed.stderr.split(" graded now, ")[1].split(" resumed")[0])
    assert reused >= 30

    clean = tmp_path / "clean"
    subprocess.run([*command[:-5], "-o", str(clean), "-j", "2", "-q"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    assert (out / "results.json").read_bytes() == (clean / "results.json").read_bytes()


def test_workers_pass_on_only_the_verdicts_they_found_themselves():
    """What a worker learns from the others is not sent back (no echo), what it grades is,
    once; and learning stops at the cache's memory budget."""
    from grader.running.worker import Verdicts

    verdicts = Verdicts()
    mine = TaskResult("p.t", "correct", 1.0, 1.0, "x", None, "x")
    assert verdicts.keep(("fp", "p.t", "x", ()), mine)
    verdicts.learn(((("fp", "p.t", "y", ()), mine),))
    assert verdicts.take() == ((("fp", "p.t", "x", ()), mine),)
    assert verdicts.take() == ()
    assert ("fp", "p.t", "y", ()) in verdicts
    verdicts.learn(tuple(((str(k), "", "z", ()), mine) for k in range(MAX_CACHED_BYTES // VERDICT_BYTES)))
    assert len(verdicts) == MAX_CACHED_BYTES // (VERDICT_BYTES + 1)
    assert verdicts.bytes <= MAX_CACHED_BYTES


@pytest.mark.parametrize("answer_length, kept", [
    (1, MAX_CACHED_BYTES // (VERDICT_BYTES + 1)),          # short answers: some 23,000
    (2_000, MAX_CACHED_BYTES // (VERDICT_BYTES + 2_000)),  # at the reader's limit: some 6,000
])
def test_the_verdict_cache_is_bounded_by_memory_not_by_count(answer_length, kept):
    """A class of distinct answers at the reader's limit kept 135 MB of verdicts in a worker
    when only their number was bounded; now what they hold is, and a verdict that does not fit
    is not kept (its answer is graded again when it comes again)."""
    cache = VerdictCache()
    answer = "x" * answer_length
    result = TaskResult("p.t", "invalid", 0.0, 1.0, answer, None, "1")
    stored = [cache.keep((f"fp{k}", "p.t", answer, ()), result) for k in range(kept + 10)]
    assert stored == [True] * kept + [False] * 10
    assert len(cache) == kept and cache.bytes <= MAX_CACHED_BYTES


def test_a_follow_through_verdict_counts_the_earlier_answers_it_keeps():
    result = TaskResult("gd.step2", "correct", 1.0, 1.0, "0.5", "1/2", "0.5")
    assert verdict_bytes(("fp", "gd.step2", "0.5", ("0.25", None)), result) == VERDICT_BYTES + 3 + 4 + 3


def test_a_result_arrives_from_its_worker_exactly_as_it_was_graded():
    """Results cross the pipe as tuples of their fields: every field must arrive, diagnoses,
    messages, the place in a student's notes and a variant's fingerprints included."""
    exercises = load_exercises([str(ROOT / "exercises")])
    files = [*sorted(EXAMPLES.glob("*.yaml")), *sorted((ROOT / "examples" / "variants").glob("*.yaml"))]
    notes = [ROOT / "examples" / "notes" / "seed-notes.md"]
    as_notes = worker.Reading("seed", "gradient-descent", True)
    slot = worker.Slot(worker.READING, 0, 0.0, 0.0)
    here = [worker.grade_job(worker.Job(i, str(p), reading=reading), exercises, slot)
            for paths, reading in ((files, None), (notes, as_notes)) for i, p in enumerate(paths)]
    assert any(t.found_at for r in here for t in r.tasks) and any(t.fingerprints for r in here for t in r.tasks)
    assert any(t.diagnoses for r in here for t in r.tasks) and any(t.message for r in here for t in r.tasks)
    for jobs in (1, 2):
        assert Engine(exercises, jobs=jobs).grade(files) + Engine(exercises, jobs=jobs).grade(notes, as_notes) == here


@pytest.fixture
def deadline():
    """Fail a test whose engine hangs instead of hanging the test run: after 60 s its workers
    are killed, which unblocks the parent (a task then ends as an error, which the test sees).
    A thread, not an alarm: loading exercises uses the process's alarm timer."""
    import multiprocessing
    import threading

    def expire():
        for child in multiprocessing.active_children():
            child.kill()

    timer = threading.Timer(FINISHES_SECONDS, expire)
    timer.start()
    started = time.monotonic()
    yield
    timer.cancel()
    assert time.monotonic() - started < FINISHES_SECONDS, "the engine hung"


LONG = "x+" * 49_000  # 98,000 characters: refused by the reader, kept in the result


def test_long_answers_with_two_workers_are_graded_not_hung(tmp_path, deadline):
    """Answers far longer than the reader takes are refused at once; they were also kept as
    verdicts and passed on between workers, and a job carrying megabytes of them to a worker
    busy sending a result as large hung `--jobs 2` for ever."""
    keys = ["gd1.derivative", "gd1.slope1", "gd1.step1", "gd1.slope2", "gd1.step2", "gd2.gradient"]
    paths = [submission(tmp_path, f"s{k:02}", {key: f"{LONG}{k}{j}" for j, key in enumerate(keys)},
                        exercise="gradient-descent") for k in range(8)]
    results = Engine(exercises_with(), jobs=2).grade(paths)
    assert [r.status for r in results] == ["graded"] * 8
    assert {t.verdict for r in results for t in r.tasks if t.task in keys} == {"invalid"}


def test_verdicts_waiting_for_a_busy_worker_never_block_the_engine(tmp_path, monkeypatch, deadline):
    """One worker sits on a slow task while the other grades a class of different answers: the
    verdicts it finds wait for the first, which meanwhile grades a submission whose result is
    larger than a socket holds. The verdicts are passed on a few at a time, so the parent never
    blocks sending to a busy worker and always reads its result."""
    real = worker.grade_task

    def grade_task(exercise, task, sub, cache=None, **options):
        if sub.answers.get(task.key) == "SLOW":
            time.sleep(1)  # wall time, not CPU time: well inside the time limit
        if sub.student.startswith("c") and task.key == "p1.dx":
            time.sleep(0.03)  # so that the second worker is still busy when the first is back
        return real(exercise, task, sub, cache, **options)

    monkeypatch.setattr(worker, "grade_task", grade_task)
    keys = [t.key for t in exercises_with()["partial-derivatives"].tasks]
    other = [submission(tmp_path, f"c{k:03}", {key: f"{k}{j}x^3 + " + "y*" * 950 + "y" for j, key in enumerate(keys)})
             for k in range(100)]
    slow = submission(tmp_path, "a0", {"p1.dx": "SLOW"})
    large = submission(tmp_path, "b0", {key: f"{LONG}{j}" for j, key in enumerate(keys[:4])})
    paths = [slow, other[0], large, *other[1:]]  # the first worker gets the slow one, then the large one
    results = Engine(exercises_with(check_seconds=5.0), jobs=2).grade(paths)
    assert [r.status for r in results] == ["graded"] * len(paths)
    assert not [t for r in results for t in r.tasks if t.verdict in ("error", "timeout")]
    assert len(results[2].tasks[0].answer) > 90_000


def test_only_answers_short_enough_to_read_are_kept_as_verdicts():
    """A verdict is kept by the whole answer as its key; an answer the reader refuses for its
    length is refused again at no cost, and must not hold its 100,000 characters for the run.
    A descent step's key holds the earlier answers it reads: a long one there counts too."""
    from grader.reading.submission import Submission
    from grader.running.grade import grade_task

    exercise = load_exercises([str(ROOT / "exercises")])["gradient-descent"]
    cache = VerdictCache()
    answers = {"gd1.derivative": "6θ", "gd1.slope1": LONG, "gd1.step1": "1.6", "gd1.slope2": "9.6"}
    sub = Submission("s.yaml", "s1", "gradient-descent", answers)
    verdicts = {key: grade_task(exercise, exercise.task(key), sub, cache).verdict for key in answers}
    assert verdicts == {"gd1.derivative": "correct", "gd1.slope1": "invalid", "gd1.step1": "correct",
                        "gd1.slope2": "correct"}
    assert sorted(key[1] for key in cache) == ["gd1.derivative", "gd1.slope2"]  # step 1 reads slope 1


@pytest.mark.parametrize("seconds_per_job,depth,nap", [
    (0.0001, 16, None),    # at most 16, however quick (a class that turns slow finds few queued);
                           # 1.5 ms of them is too short a nap: the parent waits on the sockets
    (0.0002, 16, 0.0015),  # verdicts from the cache
    (0.001, 11, 0.005),    # a typical submission: enough queued to last two naps of the parent's
    (0.004, 4, 0.005),
    (0.5, 2, 0.005),       # slow submissions: two at a time, so no worker sits on a queue at the end
])
def test_a_worker_is_sent_as_many_jobs_as_last_the_parent_a_nap(monkeypatch, seconds_per_job, depth, nap):
    busy = batch._Worker(None, None, None, 0)  # type: ignore[arg-type]
    for k in range(60):
        busy.timed(100.0 + k * seconds_per_job)
    assert busy.depth == depth
    busy.jobs.extend([batch.Job(k, f"s{k}") for k in range(depth)])
    naps: list[float] = []
    monkeypatch.setattr(batch, "wait", lambda connections, timeout=None: [])
    monkeypatch.setattr(batch.time, "sleep", naps.append)
    Engine({}, jobs=1)._ready([busy])
    assert naps == ([] if nap is None else [pytest.approx(nap, rel=1e-3)])
    while len(busy.jobs) > 1:  # only the one it grades: the parent waits for its result
        busy.jobs.pop()
    naps.clear()
    Engine({}, jobs=1)._ready([busy])
    assert naps == []


def test_forking_freezes_what_workers_inherit_and_thaws_only_what_it_froze(monkeypatch):
    import gc

    from grader.running import gctuning

    monkeypatch.setattr(gctuning, "_holders", 0)
    with gctuning.frozen_for_fork():
        with gctuning.frozen_for_fork():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0  # the outer block still holds them
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(gctuning, "_holders", 1)  # a command that froze them itself
    gc.freeze()
    with gctuning.frozen_for_fork():
        pass
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


def test_the_socket_budget_follows_what_the_socket_buffers(monkeypatch):
    """Below the socket's buffer on this machine; where the buffer cannot be asked, nothing
    waits in a socket at all (only an idle worker is sent a job), and grading is the same."""
    parent, child = batch._CONTEXT.Pipe()
    assert 0 < batch._send_budget(parent) <= batch.SEND_BUDGET
    parent.close()
    assert batch._send_budget(parent) == 0  # closed: the buffer cannot be asked
    child.close()
    exercises = load_exercises([str(ROOT / "exercises")])
    files = sorted(EXAMPLES.glob("*.yaml"))
    expected = Engine(exercises, jobs=1).grade(files)
    monkeypatch.setattr(batch, "_send_budget", lambda conn: 0)
    assert Engine(exercises, jobs=2).grade(files) == expected


@pytest.mark.parametrize("files, cpus", [
    ({"cpu.max": "200000 100000\n"}, 2),                      # cgroup v2: two CPUs
    ({"cpu.max": "150000 100000\n"}, 2),                      # one and a half: rounded up
    ({"cpu.max": "50000 100000\n"}, 1),
    ({"cpu.max": "max 100000\n"}, None),                      # no quota
    ({"grader.slice/cpu.max": "400000 100000\n", "cpu.max": "max 100000\n"}, 4),  # the process's own group
    ({"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3),  # cgroup v1
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ({"cpu.max": "garbage"}, None),
    ({}, None),                                               # no control groups at all
])
def test_the_default_workers_keep_to_a_containers_cpu_quota(tmp_path, files, cpus):
    """A container limited to 2 CPUs on a 64-core host has 64 cores in its affinity: 64 workers
    there each warm their own caches on 2 cores."""
    root = tmp_path / "cgroup"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    own = tmp_path / "self-cgroup"
    own.write_text("0::/grader.slice\n1:cpu,cpuacct:/\n")
    assert batch.cgroup_cpus(root, own) == cpus


def test_default_jobs_is_the_smaller_of_affinity_and_quota(monkeypatch):
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(64)))
    monkeypatch.setattr(batch, "cgroup_cpus", lambda: 2)
    assert batch.default_jobs() == 2
    monkeypatch.setattr(batch, "cgroup_cpus", lambda: None)
    assert batch.default_jobs() == 64
