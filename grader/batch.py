"""The batch engine: grade many submissions in worker processes that can be killed.

Only a killed process reliably stops SymPy (``Float('1e3000000')`` sits in C code that ignores
signals, and a thread cannot be interrupted at all), so every check runs in a forked worker.
Workers report each task as it starts and ends; when one is silent for longer than the limit,
it is killed, that task is recorded as ``timeout`` (a crash as ``error``), and a fresh worker
carries on with the rest of the submission. Results are handed to ``on_result`` one submission
at a time, so nothing already graded is lost, and they do not depend on the number of workers
or the order in which they finish.
"""

from __future__ import annotations

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

from grader import messages
from grader.errors import SubmissionError
from grader.exercise import Exercise
from grader.grade import grade_task
from grader.mathtext import value_text
from grader.results import SubmissionResult, TaskResult, failed, points, summarize
from grader.submission import Submission, read_submission, unknown_task_warnings

LOAD_SECONDS = 10.0  # reading one submission file (bounded in size, so this is generous)
_CONTEXT = multiprocessing.get_context("fork")


@dataclass(frozen=True)
class Job:
    index: int
    path: str
    skip: frozenset[str] = frozenset()


@dataclass
class _Partial:
    """What the parent knows of a submission while workers grade it."""

    job: Job
    submission: Submission | None = None
    warnings: tuple[str, ...] = ()
    tasks: dict[str, TaskResult] = field(default_factory=dict)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    job: Job | None = None
    current: str | None = None  # the task being checked, None while the file is read
    deadline: float = 0.0


def _exercise_for(exercises: Mapping[str, Exercise], submission: Submission) -> Exercise:
    exercise = exercises.get(submission.exercise)
    if exercise is None:
        known = ", ".join(sorted(exercises)) or "none"
        raise SubmissionError(f"unknown exercise id '{submission.exercise}'; known: {known}",
                              submission.path)
    return exercise


def _worker_main(conn: Connection, exercises: Mapping[str, Exercise], memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    while True:
        job: Job | None = conn.recv()
        if job is None:
            return
        try:
            submission = read_submission(Path(job.path))
            exercise = _exercise_for(exercises, submission)
        except SubmissionError as exc:
            conn.send(("failed", str(exc), None))
            continue
        except (MemoryError, RecursionError) as exc:
            conn.send(("failed", f"{job.path}: file too complex to read ({type(exc).__name__})", None))
            continue
        conn.send(("meta", submission, None))
        for task in exercise.tasks:
            if task.key in job.skip:
                continue
            conn.send(("begin", task.key, None))
            try:
                result = grade_task(exercise, task, submission)
            except MemoryError:
                result = _failure(exercise, task.key, "memory limit", submission)
            except RecursionError:
                result = _failure(exercise, task.key, "recursion limit", submission)
            except Exception as exc:  # noqa: BLE001 - a checker bug must not stop the batch
                result = _failure(exercise, task.key, type(exc).__name__, submission)
            conn.send(("task", result, None))
        conn.send(("done", None, None))


def _failure(exercise: Exercise, key: str, reason: str, submission: Submission | None,
             verdict: str = "error") -> TaskResult:
    """A task the grader could not decide: no score, flagged for review."""
    task = exercise.task(key)
    assert task is not None
    code = "timeout" if verdict == "timeout" else "checker-error"
    answer = submission.answers.get(key) if submission is not None else None
    return TaskResult(key, verdict, None, points(task.points), answer,  # type: ignore[arg-type]
                      None, value_text(task.expected, task.numeric), (),
                      messages.render(code, {"reason": reason}, exercise.lang))


class Engine:
    """Grades submissions with ``jobs`` worker processes; see the module docstring."""

    def __init__(self, exercises: Mapping[str, Exercise], jobs: int = 1,
                 on_result: Callable[[SubmissionResult], None] | None = None) -> None:
        self.exercises = exercises
        self.jobs = max(1, jobs)
        self.on_result = on_result
        memory = max((e.limits.memory_mb for e in exercises.values()), default=2048)
        self.memory_mb = memory
        self.workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_worker_main, args=(child, self.exercises, self.memory_mb),
                                   daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
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
        partials = {job.index: _Partial(job) for job in pending}
        done: dict[int, SubmissionResult] = {}
        try:
            while pending or any(w.job is not None for w in self.workers):
                self._dispatch(pending)
                busy = [w for w in self.workers if w.job is not None]
                timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                for conn in wait([w.conn for w in busy], timeout=timeout):
                    worker = next(w for w in busy if w.conn is conn)
                    self._receive(worker, partials, done, pending)
                now = time.monotonic()
                for worker in [w for w in self.workers if w.job is not None and w.deadline < now]:
                    self._overrun(worker, partials, done, pending, "timeout")
        finally:
            self.close()
        return [done[i] for i in range(len(paths))]

    def _dispatch(self, pending: deque[Job]) -> None:
        while pending:
            idle = next((w for w in self.workers if w.job is None), None)
            if idle is None:
                if len(self.workers) >= self.jobs:
                    return
                idle = self._spawn()
            job = pending.popleft()
            idle.job, idle.current = job, None
            idle.deadline = time.monotonic() + LOAD_SECONDS
            idle.conn.send(job)

    def _receive(self, worker: _Worker, partials: dict[int, _Partial],
                 done: dict[int, SubmissionResult], pending: deque[Job]) -> None:
        try:
            kind, payload, _ = worker.conn.recv()
        except (EOFError, OSError):
            self._overrun(worker, partials, done, pending, "crash")
            return
        job = worker.job
        assert job is not None
        partial = partials[job.index]
        if kind == "failed":
            self._finish(job, failed(job.path, payload), done)
            worker.job = None
        elif kind == "meta":
            partial.submission = payload
            exercise = self.exercises[payload.exercise]
            partial.warnings = unknown_task_warnings(payload.answers, [t.key for t in exercise.tasks])
        elif kind == "begin":
            worker.current = payload
            exercise = self.exercises[partial.submission.exercise]  # type: ignore[union-attr]
            worker.deadline = time.monotonic() + exercise.limits.check_seconds
        elif kind == "task":
            partial.tasks[payload.task] = payload
            worker.current = None
        elif kind == "done":
            self._finish(job, self._assemble(partial), done)
            worker.job = None

    def _overrun(self, worker: _Worker, partials: dict[int, _Partial],
                 done: dict[int, SubmissionResult], pending: deque[Job], why: str) -> None:
        """The worker overran its time or died: record that, replace it, go on."""
        job = worker.job
        assert job is not None
        exit_code = worker.process.exitcode
        self._retire(worker)
        partial = partials[job.index]
        if partial.submission is None:
            reason = "reading the file took too long" if why == "timeout" else \
                f"the reader crashed (exit code {exit_code})"
            self._finish(job, failed(job.path, f"{job.path}: {reason}"), done)
            return
        exercise = self.exercises[partial.submission.exercise]
        if worker.current is not None:
            reason = f"exit code {exit_code}" if why == "crash" else "time limit"
            partial.tasks[worker.current] = _failure(
                exercise, worker.current, reason, partial.submission,
                "timeout" if why == "timeout" else "error")
        remaining = [t.key for t in exercise.tasks if t.key not in partial.tasks]
        if not remaining:
            self._finish(job, self._assemble(partial), done)
            return
        pending.appendleft(replace(job, skip=frozenset(partial.tasks)))

    def _assemble(self, partial: _Partial) -> SubmissionResult:
        submission = partial.submission
        assert submission is not None
        exercise = self.exercises[submission.exercise]
        tasks = tuple(partial.tasks[t.key] for t in exercise.tasks)
        return summarize(submission.path, submission.student, submission.name, exercise.id,
                         tasks, points(exercise.max_score), partial.warnings)

    def _finish(self, job: Job, result: SubmissionResult, done: dict[int, SubmissionResult]) -> None:
        done[job.index] = result
        if self.on_result is not None:
            self.on_result(result)


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
