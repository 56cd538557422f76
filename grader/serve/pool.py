"""Checks for a server: a few pre-started worker processes, each driven by its own engine.

A check runs in grader's killable workers (``running.batch``) with the exercises' time and
memory limits, as ``grader check`` runs it. A server must not fork a worker per request, so
each engine keeps its worker between checks; an engine whose worker overran or died replaces
it (the engine does so on its own, and ``start`` replaces one that died while idle). Checks
that find every worker busy wait in a queue of bounded length; beyond it the caller is told
the server is busy, rather than every student waiting longer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import anyio.to_thread

from grader.exercise import Exercise
from grader.results.model import SubmissionResult
from grader.running.batch import Engine, Job


class Busy(Exception):
    """Every worker is checking and the queue is full."""


class CheckPool:
    """``workers`` engines of one kept worker each; at most ``queue`` checks wait."""

    def __init__(self, exercises: Mapping[str, Exercise], workers: int, queue: int) -> None:
        self.exercises = exercises
        self.size = max(1, workers)
        self.queue = max(0, queue)
        self.free = [Engine(exercises, jobs=1, keep=True) for _ in range(self.size)]
        self.engines = tuple(self.free)
        self.waiting = 0  # checks running or waiting, counted on the event loop's thread
        self._turns: asyncio.Semaphore | None = None

    def start(self) -> None:
        """Start every worker (before the server's threads exist: forking is safest then)."""
        for engine in self.engines:
            engine.start()

    def close(self) -> None:
        for engine in self.engines:
            engine.close()

    async def check(self, job: Job) -> SubmissionResult:
        """``job`` graded by the next free worker; :class:`Busy` when too many wait."""
        if self.waiting >= self.size + self.queue:
            raise Busy
        if self._turns is None:  # made on the event loop that uses it
            self._turns = asyncio.Semaphore(self.size)
        self.waiting += 1
        try:
            async with self._turns:
                engine = self.free.pop()
                try:
                    return await anyio.to_thread.run_sync(_grade, engine, job, abandon_on_cancel=False)
                finally:
                    self.free.append(engine)
        finally:
            self.waiting -= 1


def _grade(engine: Engine, job: Job) -> SubmissionResult:
    engine.start()  # a worker that died while idle is replaced before it is given the job
    (result,) = engine.grade_jobs([job])
    return result
