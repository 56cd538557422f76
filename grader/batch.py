"""The batch engine: grade many submissions in worker processes that can be killed.

Only a killed process reliably stops SymPy (``Float('1e3000000')`` sits in C code that ignores
signals, and a thread cannot be interrupted at all), so every check runs in a forked worker.
A worker notes in shared memory which task it is checking and since when (no message per
task, so isolation costs little); when a task overruns its limit, the worker is killed, the
task is recorded as ``timeout`` (a crash as ``error``), and a fresh worker grades the
submission again without that task. Results are handed to ``on_result`` one submission
at a time, so nothing already graded is lost, and they do not depend on the number of workers
or the order in which they finish.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from grader import messages
from grader.errors import SubmissionError
from grader.exercise import Exercise
from grader.grade import grade_task
from grader.results import SubmissionResult, TaskResult, failed, points, submission_json, summarize
from grader.submission import Submission, read_submission, unknown_task_warnings

PR_SET_PDEATHSIG = 1
LOAD_SECONDS = 10.0  # reading one submission file (bounded in size, so this is generous)
_CONTEXT = multiprocessing.get_context("fork")


@dataclass(frozen=True)
class Job:
    """One submission file to grade. ``skipped`` holds the tasks an earlier worker could not
    finish (task key -> "timeout" or "error"): they are recorded as such, not tried again."""

    index: int
    path: str
    skipped: tuple[tuple[str, str], ...] = ()


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    # Written by the worker as it goes, read by the parent only when it must know which task
    # overran: [ordinal of the task being checked (-1 while reading the file), its start time,
    # index of its exercise in sorted order].
    state: Any
    # Jobs sent and not yet answered, oldest (the one being graded) first. Two in flight so
    # that a worker never waits while the parent records the previous result.
    jobs: deque[Job] = field(default_factory=deque)


def _exercise_for(exercises: Mapping[str, Exercise], submission: Submission) -> Exercise:
    exercise = exercises.get(submission.exercise)
    if exercise is None:
        known = ", ".join(sorted(exercises)) or "none"
        raise SubmissionError(f"unknown exercise id '{submission.exercise}'; known: {known}",
                              submission.path)
    return exercise


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive a killed grader (its pipe may never report EOF, since later
    workers inherit it): ask Linux to kill it when its parent dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent-pid check below still works
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _next_job(conn: Connection, parent: int) -> Job | None:
    while not conn.poll(1.0):
        if os.getppid() != parent:
            os._exit(1)
    return conn.recv()


def _worker_main(conn: Connection, state: Any, exercises: Mapping[str, Exercise],
                 memory_mb: int, parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    while True:
        job = _next_job(conn, parent)
        if job is None:
            return
        state[1] = time.monotonic()
        state[0] = -1
        result = _grade_job(job, exercises, state)
        # Serialised here, in parallel, rather than one by one in the parent.
        conn.send((result, submission_json(result)))


def _exercise_order(exercises: Mapping[str, Exercise]) -> list[str]:
    return sorted(exercises)


def _grade_job(job: Job, exercises: Mapping[str, Exercise], state: Any) -> SubmissionResult:
    try:
        submission = read_submission(Path(job.path))
        exercise = _exercise_for(exercises, submission)
    except SubmissionError as exc:
        return failed(job.path, str(exc))
    except (MemoryError, RecursionError) as exc:
        return failed(job.path, f"{job.path}: file too complex to read ({type(exc).__name__})")
    skipped = dict(job.skipped)
    results = []
    state[2] = _exercise_order(exercises).index(exercise.id)
    for ordinal, task in enumerate(exercise.tasks):
        if task.key in skipped:
            results.append(_failure(exercise, task.key, skipped[task.key], submission))
            continue
        state[1] = time.monotonic()  # the time first: the parent reads the ordinal first
        state[0] = ordinal
        try:
            result = grade_task(exercise, task, submission)
        except MemoryError:
            result = _failure(exercise, task.key, "memory limit", submission)
        except RecursionError:
            result = _failure(exercise, task.key, "recursion limit", submission)
        except Exception as exc:  # noqa: BLE001 - a checker bug must not stop the batch
            result = _failure(exercise, task.key, type(exc).__name__, submission)
        results.append(result)
    warnings = unknown_task_warnings(submission.answers, [t.key for t in exercise.tasks])
    return summarize(submission.path, submission.student, submission.name, exercise.id,
                     tuple(results), points(exercise.max_score), warnings)


def _failure(exercise: Exercise, key: str, reason: str, submission: Submission) -> TaskResult:
    """A task the grader could not decide: no score, flagged for review."""
    task = exercise.task(key)
    assert task is not None
    verdict = "timeout" if reason == "timeout" else "error"
    message = messages.render("timeout" if verdict == "timeout" else "checker-error",
                              {"reason": reason}, exercise.lang)
    return TaskResult(key, verdict, None, points(task.points), submission.answers.get(key),  # type: ignore[arg-type]
                      None, task.expected_text, (), message)


class Engine:
    """Grades submissions with ``jobs`` worker processes; see the module docstring."""

    POLL_SECONDS = 0.2
    IN_FLIGHT = 2

    def __init__(self, exercises: Mapping[str, Exercise], jobs: int = 1,
                 on_result: Callable[[SubmissionResult, str], None] | None = None) -> None:
        """``on_result(result, line)`` is called as each submission is done, with the result
        as one line of JSON (``results.submission_json``)."""
        self.exercises = exercises
        self.jobs = max(1, jobs)
        self.on_result = on_result
        self.memory_mb = max((e.limits.memory_mb for e in exercises.values()), default=2048)
        self.check_seconds = max((e.limits.check_seconds for e in exercises.values()), default=5.0)
        self.workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        state = _CONTEXT.Array("d", [-1.0, time.monotonic(), 0.0], lock=False)
        process = _CONTEXT.Process(target=_worker_main, daemon=True,
                                   args=(child, state, self.exercises, self.memory_mb, os.getpid()))
        # Frozen, the objects the worker inherits (SymPy, the exercises) are never scanned by
        # its garbage collector: measured, that alone made a worker about 25% faster.
        gc.freeze()
        try:
            process.start()
        finally:
            gc.unfreeze()
        child.close()
        worker = _Worker(process, parent, state)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self.workers.remove(worker)

    def close(self) -> None:
        for worker in list(self.workers):
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.process.join(timeout=1)
            self._retire(worker)

    def grade(self, paths: list[Path]) -> list[SubmissionResult]:
        """Grade ``paths``; the results come back in the order of ``paths``."""
        pending = deque(Job(i, str(p)) for i, p in enumerate(paths))
        done: dict[int, SubmissionResult] = {}
        try:
            while pending or any(w.jobs for w in self.workers):
                self._dispatch(pending, done)
                busy = [w for w in self.workers if w.jobs]
                for conn in wait([w.conn for w in busy], timeout=self.POLL_SECONDS):
                    worker = next(w for w in busy if w.conn is conn)
                    self._receive(worker, done, pending)
                now = time.monotonic()
                for worker in [w for w in self.workers if w.jobs]:
                    if self._deadline(worker) < now:
                        self._overrun(worker, done, pending, "timeout")
        finally:
            self.close()
        return [done[i] for i in range(len(paths))]

    def _deadline(self, worker: _Worker) -> float:
        ordinal, started = worker.state[0], worker.state[1]
        return started + (LOAD_SECONDS if ordinal < 0 else self.check_seconds)

    def _dispatch(self, pending: deque[Job], done: dict[int, SubmissionResult]) -> None:
        while len(self.workers) < self.jobs and len(pending) > len(self.workers) * self.IN_FLIGHT:
            self._spawn()
        for depth in range(1, self.IN_FLIGHT + 1):  # fill every worker to 1, then to 2
            for worker in list(self.workers):
                if pending and len(worker.jobs) < depth:
                    if not worker.jobs:  # idle: its state still describes its last task
                        worker.state[1] = time.monotonic()
                        worker.state[0] = -1
                    job = pending.popleft()
                    worker.jobs.append(job)
                    try:
                        worker.conn.send(job)
                    except OSError:  # it died since it was last heard from (killed, crashed)
                        self._lost(worker, done, pending)

    def _lost(self, worker: _Worker, done: dict[int, SubmissionResult], pending: deque[Job]) -> None:
        """A worker found dead when a job was sent to it. An idle one had started nothing: its
        job goes back to the queue. A busy one crashed on the job it was grading."""
        if len(worker.jobs) == 1:
            pending.appendleft(worker.jobs.popleft())
            self._retire(worker)
        else:
            self._overrun(worker, done, pending, "crash")

    def _receive(self, worker: _Worker, done: dict[int, SubmissionResult], pending: deque[Job]) -> None:
        try:
            result, line = worker.conn.recv()
        except (EOFError, OSError):
            self._overrun(worker, done, pending, "crash")
            return
        self._finish(worker.jobs.popleft(), result, done, line)

    def _overrun(self, worker: _Worker, done: dict[int, SubmissionResult], pending: deque[Job],
                 why: str) -> None:
        """The worker overran its time or died: record that, replace it, go on."""
        job, *waiting = worker.jobs
        self._retire(worker)
        pending.extendleft(reversed(waiting))
        ordinal = int(worker.state[0])
        if ordinal < 0:
            reason = "reading the file took too long" if why == "timeout" else \
                f"the reader crashed (exit code {worker.process.exitcode})"
            self._finish(job, failed(job.path, f"{job.path}: {reason}"), done)
            return
        exercise_id = _exercise_order(self.exercises)[int(worker.state[2])]
        key = self.exercises[exercise_id].tasks[ordinal].key
        reason = "timeout" if why == "timeout" else f"exit code {worker.process.exitcode}"
        # The next worker regrades the rest of this submission and records this task as failed.
        pending.appendleft(replace(job, skipped=(*job.skipped, (key, reason))))

    def _finish(self, job: Job, result: SubmissionResult, done: dict[int, SubmissionResult],
                line: str | None = None) -> None:
        done[job.index] = result
        if self.on_result is not None:
            self.on_result(result, line if line is not None else submission_json(result))


def mark_duplicates(results: list[SubmissionResult]) -> list[SubmissionResult]:
    """A second submission by the same student for the same exercise (in path order) is an
    error: the teacher must decide which counts."""
    seen: dict[tuple[str, str], str] = {}
    marked = []
    for result in sorted(results, key=lambda r: r.submission):
        key = (result.student or "", result.exercise or "")
        if result.status == "graded" and key in seen:
            result = failed(result.submission,
                            f"{result.submission}: duplicate student id '{result.student}' for "
                            f"exercise '{result.exercise}' (also in {seen[key]}); keep one file",
                            result.student, result.name, result.exercise)
        elif result.status == "graded":
            seen[key] = result.submission
        marked.append(result)
    return marked


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
