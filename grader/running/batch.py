"""The batch engine: grade many submissions in worker processes that can be killed.

Only a killed process reliably stops SymPy (``Float('1e3000000')`` sits in C code that ignores
signals, and a thread cannot be interrupted at all), so every check runs in a forked worker.
A worker notes in shared memory which task it is checking and the CPU time it had used when
it began (no message per task, so isolation costs little). A task overruns when the worker has
spent ``check_seconds`` of CPU time on it: CPU time, not wall time, so that a busy machine does
not change grades; a wall-clock backstop catches a worker that is stopped or starved. Then the
worker is killed, the task is recorded as ``timeout`` (a crash as ``error``), and a fresh worker
grades the rest of the submission. A task that took long is reported as soon as it is done, so
a kill never costs it again. Results are handed to ``on_result`` one submission at a time, so
nothing already graded is lost, and they do not depend on the number of workers or the order in
which they finish.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import socket
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from grader.exercise import Exercise
from grader.messages import describe_failure
from grader.results.model import Message, SubmissionResult, TaskResult, failed
from grader.results.write import submission_json
from grader.running import worker as work
from grader.running.gctuning import frozen_for_fork
from grader.running.verdict_cache import CacheKey
from grader.running.worker import READING, Job, Reading, Slot, TaskDone

__all__ = ["Engine", "Job", "Reading", "Stopped", "default_jobs", "mark_duplicates"]

LOAD_SECONDS = 10.0  # reading one submission file (bounded in size, so this is generous)
# the wall-clock backstop for a stopped or starved worker: this many times the CPU limit, plus
BACKSTOP_FACTOR = 3.0
BACKSTOP_SECONDS = 1.0
_CONTEXT = multiprocessing.get_context("fork")


class Stopped(Exception):
    """``grade_jobs`` was told to stop: its workers were killed, nothing was graded to the end."""


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    slot: Any  # a Slot in shared memory
    budget: int  # bytes of jobs that may wait unread in its socket (_send_budget)
    # Jobs sent and not yet answered, oldest (the one being graded) first. At least two in
    # flight so that a worker never waits while the parent records the previous result.
    jobs: deque[Job] = field(default_factory=deque)
    sizes: deque[int] = field(default_factory=deque)  # bytes of each job's message, as jobs
    reported: dict[str, TaskResult] = field(default_factory=dict)  # slow tasks of jobs[0]
    outbox: list[tuple[CacheKey, TaskResult]] = field(default_factory=list)  # others' verdicts
    last_result: float = 0.0  # time.monotonic() of its last result
    pace: float = 0.005  # seconds per job, as its results come in (a moving average)

    def timed(self, now: float) -> None:
        """Note the arrival of a result."""
        if self.last_result:
            self.pace = 0.75 * self.pace + 0.25 * (now - self.last_result)
        self.last_result = now

    @property
    def depth(self) -> int:
        """Jobs to keep in flight: two naps of the parent's worth when they are quick (see
        ``Engine._ready``); two when they are slow, so that no worker sits on a queue of slow
        jobs at the end of a run while another is idle. At most ``IN_FLIGHT``: jobs queued while
        they were quick stay queued if the class turns slow (a run of hard answers after a run
        of cached ones), and at the end of a run one worker may still hold that many."""
        return max(2, min(Engine.IN_FLIGHT, 1 + math.ceil(2 * Engine.NAP_SECONDS / max(self.pace, 1e-6))))

    @property
    def queued_seconds(self) -> float:
        """How long the jobs queued behind the one it grades will keep it busy, by its pace."""
        return (len(self.jobs) - 1) * self.pace


MAX_OUTBOX = 20_000  # verdicts waiting to be passed on to one worker
# Bytes of jobs that may wait unread in a busy worker's socket: well below its buffer, so that
# sending never blocks the parent. A parent blocked on a busy worker cannot read that worker's
# result, and a result larger than the buffer blocks the worker: both wait for ever (40
# submissions of long answers hung `--jobs 2` so, through the verdicts passed on).
SEND_BUDGET = 32 * 1024
LEARNED_AT_ONCE = 256  # verdicts passed on with one job, at most; the rest go with later jobs


def _send_budget(conn: Connection) -> int:
    """The budget for this worker's socket: a quarter of what the parent's end buffers (each
    message costs the socket some bookkeeping besides its bytes), at most ``SEND_BUDGET``; 0,
    so that only an idle worker is sent anything, when the buffer cannot be asked."""
    try:
        with socket.socket(fileno=os.dup(conn.fileno())) as end:
            buffered = end.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
    except (OSError, ValueError):
        return 0
    return min(SEND_BUDGET, buffered // 4)


def _message(job: Job, outbox: list[tuple[CacheKey, TaskResult]], budget: int) -> tuple[bytes, int]:
    """``job`` pickled for the worker, with as many of the verdicts waiting for it as fit in
    half its ``budget``, and how many that is. A job larger than the budget on its own (it
    carries what a killed worker finished) is sent only to an idle worker, which reads it at
    once."""
    count = min(len(outbox), LEARNED_AT_ONCE)
    while True:
        message = pickle.dumps(replace(job, learned=tuple(outbox[:count])) if count else job,
                               pickle.HIGHEST_PROTOCOL)
        if count == 0 or len(message) <= budget // 2:
            return message, count
        count //= 2


class Engine:
    """Grades submissions with ``jobs`` worker processes; see the module docstring."""

    POLL_SECONDS = 0.2
    IN_FLIGHT = 16  # jobs in flight to one worker at most (see _Worker.depth)
    NAP_SECONDS = 0.005  # the parent's longest nap; half of what every worker has queued
    SHORTEST_NAP = 0.001  # below this, the parent waits on the sockets instead

    def __init__(self, exercises: Mapping[str, Exercise], jobs: int = 1,
                 on_result: Callable[[SubmissionResult, str], None] | None = None,
                 cache: bool = True, keep: bool = False) -> None:
        """``on_result(result, line)`` is called as each submission is done, with the result
        as one line of JSON (``results.submission_json``). ``cache``: each worker grades an
        answer it has graded before only once (``grade.grade_task``). ``keep``: the workers
        wait for the next ``grade_jobs`` instead of ending with this one (a server's, which
        must not fork a worker per request; ``close`` ends them). Such an engine belongs on one
        thread that lives as long as it: Linux kills a worker when the thread that forked it
        ends (``worker._die_with_parent``)."""
        self.exercises = exercises
        self.cache = cache
        self.keep = keep
        self.jobs = max(1, jobs)
        self.on_result = on_result
        self.memory_mb = max((e.limits.memory_mb for e in exercises.values()), default=2048)
        self.check_seconds = max((e.limits.check_seconds for e in exercises.values()), default=5.0)
        self.workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        slot = _CONTEXT.RawValue(Slot, READING, 0, time.monotonic(), 0.0)
        process = _CONTEXT.Process(target=work.main, daemon=True,
                                   args=(child, slot, self.exercises, self.memory_mb, os.getpid(),
                                         self.cache, self.jobs > 1))
        with frozen_for_fork():  # SymPy and the exercises, never scanned by the worker's collector
            process.start()
        child.close()
        worker = _Worker(process, parent, slot, _send_budget(parent))
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

    def start(self) -> None:
        """Start the workers now rather than with the first job, and replace any that died
        while idle (a kept worker killed from outside)."""
        for worker in [w for w in self.workers if not w.jobs and not w.process.is_alive()]:
            self._retire(worker)
        while len(self.workers) < self.jobs:
            self._spawn()

    def grade(self, paths: list[Path], reading: Reading | None = None) -> list[SubmissionResult]:
        """Grade ``paths``; the results come back in the order of ``paths``."""
        return self.grade_jobs([Job(i, str(p), reading=reading) for i, p in enumerate(paths)])

    def grade_jobs(self, jobs: list[Job], stop: Callable[[], bool] | None = None) -> list[SubmissionResult]:
        """Grade ``jobs``, numbered 0, 1, ... in order; the results come back in that order.
        ``stop()``, asked between the workers' answers: true kills the workers (``start``
        makes new ones) and raises :class:`Stopped` (a server's client hung up: no one waits)."""
        pending = deque(jobs)
        done: dict[int, SubmissionResult] = {}
        finished = False
        try:
            while pending or any(w.jobs for w in self.workers):
                self._dispatch(pending, done)
                if stop is not None and stop():
                    for worker in list(self.workers):
                        self._retire(worker)
                    raise Stopped
                busy = [w for w in self.workers if w.jobs]
                for conn in self._ready(busy):
                    worker = next(w for w in busy if w.conn is conn)
                    self._receive(worker, done, pending)
                for worker in [w for w in self.workers if w.jobs]:
                    if self._overran(worker):
                        self._overrun(worker, done, pending, "timeout")
            finished = True
        finally:
            if not (self.keep and finished):  # workers left in the middle of a job are not kept
                self.close()
        return [done[i] for i in range(len(jobs))]

    def _ready(self, busy: list[_Worker]) -> list[Any]:
        """The busy workers' connections that have something to read. While each of them has
        jobs queued behind the one it grades, the parent naps (half the shortest queue, 5 ms at
        most) instead of waiting on their sockets: a worker that writes to a socket the parent
        waits on must wake the parent, once per submission, which costs both CPU time
        (docs/benchmarks.md)."""
        connections = [w.conn for w in busy]
        ready = wait(connections, 0)
        if ready or not busy:
            return ready
        nap = min(self.NAP_SECONDS, min(w.queued_seconds for w in busy) / 2)
        if nap >= self.SHORTEST_NAP:
            time.sleep(nap)
            return wait(connections, 0)
        return wait(connections, timeout=self.POLL_SECONDS)

    def _overran(self, worker: _Worker) -> bool:
        """CPU time decides (a busy machine must not change grades); wall time is only the
        backstop for a worker that is stopped or starved."""
        slot = worker.slot
        limit = LOAD_SECONDS if slot.ordinal < 0 else self.check_seconds
        elapsed = time.monotonic() - slot.wall_start
        if elapsed > BACKSTOP_FACTOR * limit + BACKSTOP_SECONDS:
            return True
        if elapsed <= limit:  # CPU time never runs ahead of the clock: no need to read /proc
            return False
        used = _cpu_seconds(worker.process.pid)
        return used is not None and used - slot.cpu_start > limit

    def _dispatch(self, pending: deque[Job], done: dict[int, SubmissionResult]) -> None:
        while len(self.workers) < self.jobs and len(pending) > len(self.workers) * 2:
            self._spawn()
        if not pending or not self.workers:
            return
        wanted = [(worker, worker.depth) for worker in list(self.workers)]
        lowest = min(len(worker.jobs) for worker in self.workers)
        full: set[int] = set()  # workers whose socket holds all it may for now
        for depth in range(lowest + 1, max(d for _, d in wanted) + 1):  # every worker to 1, to 2, ...
            for worker, most in wanted:
                if not pending or len(worker.jobs) >= depth or depth > most or id(worker) in full:
                    continue
                message, learned = _message(pending[0], worker.outbox, worker.budget)
                if worker.jobs and sum(worker.sizes) - worker.sizes[0] + len(message) > worker.budget:
                    full.add(id(worker))  # it would wait in the socket: sent when there is room
                    continue
                if not worker.jobs:  # idle: its slot still describes its last task
                    worker.slot.ordinal = READING
                    worker.slot.wall_start = time.monotonic()
                    worker.slot.cpu_start = _cpu_seconds(worker.process.pid) or 0.0
                worker.jobs.append(pending.popleft())  # as queued: given to another worker it carries nothing
                worker.sizes.append(len(message))
                del worker.outbox[:learned]
                try:
                    worker.conn.send_bytes(message)
                except OSError:  # it died since it was last heard from (killed, crashed)
                    self._lost(worker, done, pending)
                    return self._dispatch(pending, done)  # without it, and a new one if need be

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
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._overrun(worker, done, pending, "crash")
            return
        if isinstance(message, TaskDone):
            worker.reported[message.key] = message.result
            return
        packed, line, fresh = message
        result = work.unpacked(packed)
        worker.reported.clear()
        if fresh:
            for other in self.workers:
                if other is not worker:
                    if len(other.outbox) > MAX_OUTBOX:  # a worker that fell behind: it grades again
                        other.outbox.clear()
                    other.outbox.extend(fresh)
        worker.sizes.popleft()
        worker.timed(time.monotonic())
        self._finish(worker.jobs.popleft(), result, done, line)

    def _overrun(self, worker: _Worker, done: dict[int, SubmissionResult], pending: deque[Job],
                 why: str) -> None:
        """The worker overran its time or died: record that, replace it, go on."""
        job, *waiting = worker.jobs
        self._retire(worker)
        pending.extendleft(reversed(waiting))
        ordinal = int(worker.slot.ordinal)
        if ordinal < 0:
            code = "submission-read-too-long" if why == "timeout" else "submission-read-exhausted"
            self._finish(job, work.unreadable(job.path, code), done)
            return
        exercise_id = work.exercise_order(self.exercises)[int(worker.slot.exercise)]
        key = self.exercises[exercise_id].tasks[ordinal].key
        reason = "timeout" if why == "timeout" else f"exit code {worker.process.exitcode}"
        # The next worker records this task as failed, keeps what was reported finished, and
        # grades the rest of this submission.
        kept = tuple(r for k, r in sorted(worker.reported.items()) if k not in dict(job.skipped))
        pending.appendleft(replace(job, skipped=(*job.skipped, (key, reason)),
                                   finished=(*job.finished, *kept)))

    def _finish(self, job: Job, result: SubmissionResult, done: dict[int, SubmissionResult],
                line: str | None = None) -> None:
        done[job.index] = result
        if self.on_result is not None:
            self.on_result(result, line if line is not None else submission_json(result))


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) a process has used, from /proc; None where there is none."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return None


def mark_duplicates(results: list[SubmissionResult]) -> list[SubmissionResult]:
    """A second submission by the same student for the same exercise (in path order) is an
    error: the teacher must decide which counts."""
    seen: dict[tuple[str, str], str] = {}
    marked = []
    for result in sorted(results, key=lambda r: r.submission):
        key = (result.student or "", result.exercise or "")
        if result.status == "graded" and key in seen:
            message = Message("submission-duplicate", (("student", result.student or ""),
                              ("exercise", result.exercise or ""), ("other", seen[key]),
                              ("where", result.submission)))
            result = failed(result.submission, describe_failure(message), result.student, result.name,
                            result.exercise, message)
        elif result.status == "graded":
            seen[key] = result.submission
        marked.append(result)
    return marked


def default_jobs() -> int:
    """The cores grader may use: the process's CPU affinity, and no more than its control
    group's CPU quota. A container limited to 2 CPUs on a 64-core host has all 64 in its
    affinity; 64 workers there would each warm their own caches on 2 cores, many times slower
    than 2 workers (docs/benchmarks.md)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
    quota = cgroup_cpus()
    return max(1, min(cores, quota)) if quota is not None else cores


def cgroup_cpus(root: Path = Path("/sys/fs/cgroup"), own: Path = Path("/proc/self/cgroup")) -> int | None:
    """The CPU quota of this process's control group, in whole CPUs (rounded up), or None
    where there is none or it cannot be read: ``cpu.max`` (cgroup v2, "200000 100000" is two)
    or ``cpu.cfs_quota_us`` over ``cpu.cfs_period_us`` (v1, a quota of -1 is none)."""
    paths = {"": ""}  # controller -> the group's path under it; a container sees its own as /
    try:
        for line in own.read_text().splitlines():
            _number, controllers, path = line.split(":", 2)
            for controller in controllers.split(","):
                paths[controller] = path.rstrip("/")
    except (OSError, ValueError):
        pass
    for where in (paths.get("", ""), ""):
        found = _quota(root / where.lstrip("/") / "cpu.max", None)
        if found is not None:
            return found
    for where in (paths.get("cpu", ""), ""):
        folder = root / "cpu" / where.lstrip("/")
        found = _quota(folder / "cpu.cfs_quota_us", folder / "cpu.cfs_period_us")
        if found is not None:
            return found
    return None


def _quota(quota: Path, period: Path | None) -> int | None:
    try:
        fields = quota.read_text().split()
        if period is not None:
            fields.append(period.read_text().strip())
        limit, length = float(fields[0]), float(fields[1])
    except (OSError, ValueError, IndexError):  # absent, "max", not a number
        return None
    if limit <= 0 or length <= 0:
        return None
    return max(1, math.ceil(limit / length))
