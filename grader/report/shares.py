"""The students' reports rendered by forked processes: the work cut into shares of about equal
cost, and a board in shared memory from which a process that is done takes more."""

from __future__ import annotations

import multiprocessing
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from grader.errors import GraderError
from grader.results.model import SubmissionResult
from grader.running.gctuning import frozen_for_fork

Work = list[tuple[SubmissionResult, str]]  # a result and its file stem, per student report
FORK_FROM = 200  # fewer reports than this are rendered in the calling process


class ShareJob(Protocol):
    def run(self, work: Iterable[tuple[SubmissionResult, str]]) -> None: ...


def start_renderers(job: ShareJob, ordered: Work, jobs: int) -> list[Renderer]:
    """Processes rendering ``ordered`` in shares, started; none when ``jobs`` is 1 or the work
    too small to be worth a fork (the caller then runs ``job`` itself)."""
    cut = shares(ordered, jobs) if jobs > 1 and len(ordered) > FORK_FROM else []
    if len(cut) < 2:
        return []
    board = Board.of(cut)
    return [Renderer.fork(job, ordered, board, own) for own in range(len(cut))]


@dataclass(frozen=True)
class Renderer:
    """A forked process rendering one share of the students' reports. Forked, it inherits its
    share and the exercises as they are in memory: a pool would pickle both to every process,
    a large part of the work (docs/benchmarks.md)."""

    process: multiprocessing.process.BaseProcess
    outcome: Connection

    @classmethod
    def fork(cls, job: ShareJob, ordered: Work, board: Board, own: int) -> Renderer:
        context = multiprocessing.get_context("fork")
        outcome, child_end = context.Pipe(duplex=False)
        process = context.Process(target=_render_share, args=(job, ordered, board, own, child_end),
                                  daemon=True)
        with frozen_for_fork():
            process.start()
        child_end.close()
        return cls(process, outcome)

    def wait(self) -> None:
        """Return when the share is written; raise what stopped it (an OSError while writing)."""
        try:
            failure = self.outcome.recv()
        except EOFError:
            self.process.join()
            raise GraderError(f"a process rendering the reports died (exit code {self.process.exitcode}); "
                              "run again, with more memory free") from None
        if failure is not None:
            raise failure

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.outcome.close()


def wait_all(renderers: list[Renderer]) -> None:
    """Until every renderer is done, or the first that failed: in whatever order they end, so
    that one that died (perhaps holding the board's lock, which would leave the others waiting
    on it) is noticed at once and the rest are stopped."""
    waiting = list(renderers)
    while waiting:
        ready = wait([renderer.outcome for renderer in waiting])
        for renderer in [r for r in waiting if r.outcome in ready]:
            waiting.remove(renderer)
            renderer.wait()  # its message or its end is there: returns or raises at once


def _render_share(job: ShareJob, ordered: Work, board: Board, own: int, outcome: Connection) -> None:
    try:
        job.run(board.claimed(ordered, own))  # one run: its caches serve every report it renders
    except BaseException as exc:  # sent to the parent, which raises it as its own
        outcome.send(exc if isinstance(exc, (OSError, GraderError)) else
                     GraderError(f"rendering the reports failed ({type(exc).__name__}: {exc})"))
        return
    outcome.send(None)


def shares(ordered: Work, jobs: int) -> list[tuple[int, int]]:
    """``ordered`` (students of one exercise together, as ``write`` orders them) cut into
    ``jobs`` ranges of about equal cost (a report costs about a task's worth per task), each
    holding whole runs of one exercise where it can: a process that renders an exercise first
    works out its pictures and reads its answers, so an exercise dealt out to every process is
    worked out in every one. The estimate is off between exercises (a task of symbolic answers
    costs more than one of numbers): ``Board`` evens that out as the processes go."""
    costs = [len(result.tasks) + 1 for result, _ in ordered]
    total = sum(costs)
    share_of = []  # never decreasing along the order
    spent = 0
    for cost in costs:
        share_of.append(min(jobs - 1, spent * jobs // total))
        spent += cost
    bounds = [(bisect_left(share_of, k), bisect_left(share_of, k + 1)) for k in range(jobs)]
    return [(start, end) for start, end in bounds if start < end]


@dataclass(frozen=True)
class Board:
    """Which reports are still to be rendered, in shared memory: each process renders its own
    range from the front, a few at a time, and when it is done takes from the back of the range
    with the most left: cut by the cost estimate alone, the ranges end at different times and
    the run waits for the slowest (docs/benchmarks.md)."""

    bounds: Any  # front and back of each range, as a flat array of indexes into the order
    lock: Any

    CHUNK = 20  # reports taken at a time: few enough to even out the end, enough to take the lock rarely

    @classmethod
    def of(cls, shares: list[tuple[int, int]]) -> Board:
        context = multiprocessing.get_context("fork")
        return cls(context.RawArray("q", [i for share in shares for i in share]), context.Lock())

    def claimed(self, ordered: Work, own: int) -> Iterator[tuple[SubmissionResult, str]]:
        """The reports of ``ordered`` that process ``own`` renders, claimed as it goes."""
        while (chunk := self.take(own)) is not None:
            yield from ordered[chunk[0]:chunk[1]]

    def take(self, own: int) -> tuple[int, int] | None:
        """The next reports for process ``own`` to render, as a range of the order; None when
        none are left."""
        bounds = self.bounds
        with self.lock:
            front, back = bounds[2 * own], bounds[2 * own + 1]
            if front < back:
                bounds[2 * own] = end = min(front + self.CHUNK, back)
                return front, end
            left, fullest = max((bounds[2 * k + 1] - bounds[2 * k], k) for k in range(len(bounds) // 2))
            if left <= 0:
                return None
            back = bounds[2 * fullest + 1]
            bounds[2 * fullest + 1] = start = max(back - self.CHUNK, bounds[2 * fullest])
            return start, back
