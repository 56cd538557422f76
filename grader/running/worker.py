"""What runs in a grading worker (``batch`` starts and watches them): read a submission, grade
its tasks one by one on the clock the parent watches, and send the result back as a tuple of
its fields.

The worker writes to shared memory which task it is checking and when it began (``Slot``); a
task that runs over its time is the parent's to notice, by killing the worker.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from multiprocessing.connection import Connection
from operator import attrgetter
from pathlib import Path
from typing import Any

from grader.diagnose.engine import Readings
from grader.errors import ExerciseErrors, SubmissionError
from grader.exercise import Exercise, Task
from grader.exercise.variants import VariantError
from grader.messages import describe_failure
from grader.reading.submission import Submission, read_submission, unknown_task_warnings
from grader.results.model import Message, SubmissionResult, TaskResult, failed, points, summarize
from grader.results.write import submission_json
from grader.running.grade import grade_task
from grader.running.verdict_cache import CacheKey, VerdictCache

PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Job:
    """One submission file to grade. ``skipped`` holds the tasks an earlier worker could not
    finish (task key -> "timeout" or "error"): they are recorded as such, not tried again.
    ``finished`` holds tasks an earlier worker finished and reported before it was killed."""

    index: int
    path: str
    skipped: tuple[tuple[str, str], ...] = ()
    finished: tuple[TaskResult, ...] = ()
    reading: Reading | None = None  # how to read it, when the command line says (check of notes)
    learned: tuple[tuple[CacheKey, TaskResult], ...] = ()  # verdicts other workers found meanwhile
    given: Submission | None = None  # answers handed over as data (the Python API): no file to read
    text: str | None = None  # notes uploaded to a server: read as the file ``path`` names, never from disk


@dataclass(frozen=True)
class Reading:
    """What ``grader check`` knows that a file of notes may not say: who, which exercise, and
    that a text file given as notes is notes; and who a platform says uploaded the file."""

    student: str | None = None
    exercise: str | None = None
    as_notes: bool = False
    uploaders: tuple[str, ...] = ()  # who a platform says uploaded the file (read_submission)


@dataclass(frozen=True)
class TaskDone:
    """A worker's report of one slow task, sent as soon as it is graded."""

    key: str
    result: TaskResult


READING = -1  # Slot.ordinal while the worker reads a file or does work outside any task


class Slot(ctypes.Structure):
    """What a worker writes as it goes, in shared memory; the parent reads it only to know
    which task overran. ``exercise``: index of the exercise in sorted order."""

    _fields_ = [("ordinal", ctypes.c_long), ("exercise", ctypes.c_long),
                ("wall_start", ctypes.c_double), ("cpu_start", ctypes.c_double)]


class Verdicts(VerdictCache):
    """A worker's verdict cache (``grade.grade_task``) that also keeps what it found itself
    since it was last asked, for the parent to pass on to the other workers: a class writes the
    same answers in every worker's share of it. What it learns from them counts against the
    same memory budget as what it finds."""

    def __init__(self, shared: bool = True) -> None:
        super().__init__()
        self.shared = shared  # a lone worker has no one to tell
        self.fresh: list[tuple[CacheKey, TaskResult]] = []

    def keep(self, key: CacheKey, result: TaskResult) -> bool:
        kept = super().keep(key, result)
        if kept and self.shared:
            self.fresh.append((key, result))
        return kept

    def learn(self, entries: tuple[tuple[CacheKey, TaskResult], ...]) -> None:
        for key, value in entries:
            VerdictCache.keep(self, key, value)

    def take(self) -> tuple[tuple[CacheKey, TaskResult], ...]:
        fresh, self.fresh = tuple(self.fresh), []
        return fresh


def failure_message(error: SubmissionError) -> Message | None:
    """The error as data, with where it is; None for one without a code."""
    return None if error.code is None else Message(error.code, (*error.params, ("where", error.where)))


def unreadable(path: str, code: str, kind: str = "") -> SubmissionResult:
    """A file that could not be read at all, for the reason ``code`` (``kind``: the error's)."""
    message = Message(code, (("kind", kind), ("where", path)))
    return failed(path, describe_failure(message), message=message)


def _exercise_for(exercises: Mapping[str, Exercise], submission: Submission) -> Exercise:
    exercise = exercises.get(submission.exercise)
    if exercise is None:
        known = ", ".join(sorted(exercises)) or "none"
        raise SubmissionError.of("submission-unknown-exercise",
                                 (("exercise", submission.exercise), ("known", known)), submission.path,
                                 student=submission.student, name=submission.name)
    return exercise


def _variant_for(exercise: Exercise, submission: Submission) -> Exercise:
    """The student's own variant of a parameterised exercise (built once per worker)."""
    try:
        return exercise.for_student(submission.student)
    except VariantError as exc:  # its own code: a Dutch report says it in Dutch
        code, params = (exc.code, exc.params) if exc.code else \
            ("submission-variant-failed", (("reason", str(exc)),))
        raise SubmissionError.of(code, params, submission.path,
                                 student=submission.student, name=submission.name,
                                 exercise=exercise.id) from None
    except ExerciseErrors as exc:
        raise SubmissionError.of("submission-variant-not-computable",
                                 (("exercise", exercise.id), ("problem", str(exc.errors[0]))),
                                 submission.path, student=submission.student, name=submission.name,
                                 exercise=exercise.id) from None


def _mapped(exercise: Exercise, submission: Submission) -> Submission:
    """Notes with their answers found (on the worker's clock: it compares functions)."""
    from grader.reading.notemap import map_notes  # only notes need it: kept out of every start-up

    assert submission.notes is not None
    mapping = map_notes(exercise, submission.notes)
    ambiguous = {task: tuple((f.where, f.text) for f in found) for task, found in mapping.ambiguous}
    return replace(submission, answers=mapping.answers, found_at={f.task: f.where for f in mapping.found},
                   ambiguous=ambiguous, warnings=mapping.warnings, missing=dict(mapping.missing))


def _die_with_parent(parent: int) -> bool:
    """A worker must not outlive a killed grader (its pipe may never report EOF, since later
    workers inherit it): ask Linux to kill it when its parent dies. True when Linux will."""
    try:
        asked = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except (OSError, AttributeError):  # not Linux: the parent-pid check in _next_job still works
        asked = False
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    return asked


def _next_job(conn: Connection, parent: int, guarded: bool) -> Job | None:
    """The next job; a worker that Linux kills with its parent waits for it without polling
    (a poll per job is a system call per submission, which adds up on a virtual machine)."""
    if guarded:
        return conn.recv()
    while not conn.poll(1.0):
        if os.getppid() != parent:
            os._exit(1)
    return conn.recv()


def _start_clock(slot: Any, ordinal: int) -> None:
    slot.wall_start = time.monotonic()
    slot.cpu_start = time.process_time()
    slot.ordinal = ordinal  # last: the parent reads the ordinal first


def main(conn: Connection, slot: Any, exercises: Mapping[str, Exercise],
                 memory_mb: int, parent: int, cache: bool, several: bool = True) -> None:
    guarded = _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    verdicts = Verdicts(several) if cache else None  # this worker's, this run's
    while True:
        job = _next_job(conn, parent, guarded)
        if job is None:
            return
        _start_clock(slot, READING)
        if verdicts is not None and job.learned:
            verdicts.learn(job.learned)
        result = grade_job(job, exercises, slot, conn, verdicts)
        # With several workers, serialised here, in parallel, rather than one by one in the
        # parent; with one, by the parent, which has a core of its own and nothing else to do.
        # Several workers also share what each found (the parent passes it on with their jobs).
        fresh = verdicts.take() if verdicts is not None else ()
        conn.send((packed(result), submission_json(result) if several else None, fresh))


_SUBMISSION_VALUES = attrgetter(*(f.name for f in fields(SubmissionResult)))
_TASK_VALUES = attrgetter(*(f.name for f in fields(TaskResult)))
_TASKS_AT = [f.name for f in fields(SubmissionResult)].index("tasks")


def packed(result: SubmissionResult) -> tuple[Any, ...]:
    """A result as it crosses the pipe: its fields and its tasks' fields as tuples. Pickled
    as dataclasses, each object's class is looked up and its dict built and read, one by one;
    tuples are cheaper for the worker to write and for the parent to read back (every field is
    carried: the tuples follow the dataclasses' own field lists)."""
    values = list(_SUBMISSION_VALUES(result))
    values[_TASKS_AT] = tuple(map(_TASK_VALUES, result.tasks))
    return tuple(values)


def unpacked(values: tuple[Any, ...]) -> SubmissionResult:
    items = list(values)
    items[_TASKS_AT] = tuple(TaskResult(*task) for task in items[_TASKS_AT])
    return SubmissionResult(*items)


def exercise_order(exercises: Mapping[str, Exercise]) -> list[str]:
    return sorted(exercises)


# A task that took this long is reported at once, so that a kill spares it. Wall time: the
# clock that costs no system call (a task's CPU time would cost one more per task).
SLOW_SECONDS = 0.2


def grade_job(job: Job, exercises: Mapping[str, Exercise], slot: Any,
               conn: Connection | None = None,
               verdicts: VerdictCache | None = None) -> SubmissionResult:
    try:
        reading = job.reading or Reading()
        submission = job.given or read_submission(Path(job.path), reading.student, reading.exercise,
                                                  reading.as_notes, reading.uploaders, job.text)
        exercise = _exercise_for(exercises, submission)
        exercise = _variant_for(exercise, submission)
        if submission.notes is not None:
            submission = _mapped(exercise, submission)
    except SubmissionError as exc:
        return failed(job.path, str(exc), exc.student, exc.name, exc.exercise, failure_message(exc))
    except (MemoryError, RecursionError) as exc:
        return unreadable(job.path, "submission-too-complex", type(exc).__name__)
    except Exception as exc:
        return unreadable(job.path, "submission-not-read", type(exc).__name__)
    skipped = dict(job.skipped)
    finished = {t.task: t for t in job.finished}
    results = []
    readings: Readings = {}
    slot.exercise = exercise_order(exercises).index(exercise.id)
    for ordinal, task in enumerate(exercise.tasks):
        if task.key in finished:
            results.append(finished[task.key])
            continue
        if task.key in skipped:
            results.append(_failure(exercise, task.key, skipped[task.key], submission))
            continue
        if task.key in submission.ambiguous:
            results.append(_ambiguous(task, submission.ambiguous[task.key]))
            continue
        _start_clock(slot, ordinal)
        try:
            result = grade_task(exercise, task, submission, verdicts, readings=readings)
        except MemoryError:
            result = _failure(exercise, task.key, "memory limit", submission)
        except RecursionError:
            result = _failure(exercise, task.key, "recursion limit", submission)
        except Exception as exc:
            result = _failure(exercise, task.key, type(exc).__name__, submission)
        if task.key in submission.found_at:
            result = replace(result, found_at=submission.found_at[task.key])
        if result.verdict == "missing" and task.key in submission.missing:
            result = replace(result, message=submission.missing[task.key])
        if conn is not None and time.monotonic() - slot.wall_start > SLOW_SECONDS:
            conn.send(TaskDone(task.key, result))
        results.append(result)
    # Outside every task's clock: the "did you mean" search is not a task's to pay for.
    _start_clock(slot, READING)
    warnings = (*submission.warnings,
                *unknown_task_warnings(submission.answers, [t.key for t in exercise.tasks]))
    return summarize(submission.path, submission.student, submission.name, exercise.id,
                     tuple(results), points(exercise.max_score), warnings, exercise.variant)


def _ambiguous(task: Task, candidates: tuple[tuple[str, str], ...]) -> TaskResult:
    """A task the notes answer in more than one place (or with a piece that fits another task
    too): nothing is graded, the teacher decides; the answer shows every candidate."""
    places = dict.fromkeys(where for where, _ in candidates)
    texts = dict.fromkeys(text for _, text in candidates)
    return TaskResult(task.key, "ambiguous", None, points(task.points), " | ".join(texts), None,
                      task.expected_text, (), Message("ambiguous-answer", (("places", ", ".join(places)),)))


def _failure(exercise: Exercise, key: str, reason: str, submission: Submission) -> TaskResult:
    """A task the grader could not decide: no score, flagged for review."""
    task = exercise.task(key)
    assert task is not None
    verdict = "timeout" if reason == "timeout" else "error"
    message = Message("timeout") if verdict == "timeout" else \
        Message("checker-error", (("reason", reason),))
    return TaskResult(key, verdict, None, points(task.points), submission.answers.get(key),  # type: ignore[arg-type]
                      None, task.expected_text, (), message)
