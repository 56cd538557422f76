"""The server's checking workers: a check that crashes or hangs its worker answers `error` or
`timeout` for that task, the worker is replaced, and the server goes on checking."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from grader.serve import ServeLimits, create_app
from grader.serve.pool import CheckPool
from tests.helpers import FINISHES_SECONDS, exercises_with


def _misbehaving(real):
    """grade_task as the workers run it, but an answer 'crash' kills its worker and 'spin'
    never ends (the workers are forked after this is in place, so they run it)."""

    def grade_task(exercise, task, submission, *args, **kwargs):
        answer = submission.answers.get(task.key)
        if answer == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        if answer == "spin":
            while True:
                pass
        return real(exercise, task, submission, *args, **kwargs)

    return grade_task


@pytest.fixture
def client(monkeypatch):
    from grader.running import worker

    monkeypatch.setattr(worker, "grade_task", _misbehaving(worker.grade_task))
    exercises = exercises_with(check_seconds=0.5)
    pool = CheckPool(exercises, 1, 4)
    pool.start()
    try:
        with TestClient(create_app(exercises, limits=ServeLimits(requests_per_minute=0), pool=pool)) as test_client:
            test_client.pool = pool
            yield test_client
    finally:
        pool.close()


def verdicts(response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {t["task"]: t["verdict"] for t in response.json()["tasks"]}


def check(client, answers):
    return client.post("/api/check", json={"exercise": "gradient-descent", "answers": answers})


def worker_pid(client) -> int:
    (engine,) = client.pool.engines
    (worker,) = engine.workers
    return worker.process.pid


def test_a_worker_killed_mid_check_is_an_error_for_that_task_and_is_replaced(client):
    before = worker_pid(client)
    got = verdicts(check(client, {"gd1.derivative": "crash", "gd1.slope1": "24"}))
    assert (got["gd1.derivative"], got["gd1.slope1"]) == ("error", "correct")
    assert worker_pid(client) != before
    assert verdicts(check(client, {"gd1.derivative": "6θ"}))["gd1.derivative"] == "correct"


def test_a_check_that_hangs_is_a_timeout_and_the_server_goes_on(client):
    got = verdicts(check(client, {"gd1.derivative": "spin", "gd1.slope1": "24"}))
    assert (got["gd1.derivative"], got["gd1.slope1"]) == ("timeout", "correct")
    assert verdicts(check(client, {"gd1.derivative": "6θ"}))["gd1.derivative"] == "correct"


def test_a_worker_killed_while_idle_is_replaced_before_the_next_check(client):
    (engine,) = client.pool.engines
    (worker,) = engine.workers
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.join(FINISHES_SECONDS)  # dead, and known to be
    assert verdicts(check(client, {"gd1.derivative": "6θ"}))["gd1.derivative"] == "correct"




def test_one_pool_serves_one_event_loop_after_another():
    """Checks that wait for the one worker, on one loop and then on another (a server started
    twice in one process, a test client per test)."""
    import asyncio

    from grader.api import ANONYMOUS, GIVEN
    from grader.reading.submission import submission_from_data
    from grader.running.batch import Job

    exercises = exercises_with()
    pool = CheckPool(exercises, 1, 4)
    given = submission_from_data({"student": ANONYMOUS, "exercise": "gradient-descent",
                                  "answers": {"gd1.derivative": "6θ"}}, Path(GIVEN))

    async def two_at_once():
        return await asyncio.gather(pool.check(Job(0, GIVEN, given=given)), pool.check(Job(0, GIVEN, given=given)))

    try:
        for _ in range(2):
            results = asyncio.run(two_at_once())
            assert [r.error for r in results] == [None, None]
            assert [r.tasks[0].verdict for r in results] == ["correct", "correct"]
    finally:
        pool.close()


def test_a_worker_outlives_the_thread_that_asked_for_the_check():
    """Linux kills a worker when the thread that forked it ends (PR_SET_PDEATHSIG follows the
    thread): the pool's own threads fork, so a check asked from a thread that then ends (a
    thread pool's, a test client's) leaves a live worker for the next check."""
    import asyncio
    import threading

    from grader.api import ANONYMOUS, GIVEN
    from grader.reading.submission import submission_from_data
    from grader.running.batch import Job

    pool = CheckPool(exercises_with(), 1, 4)
    given = submission_from_data({"student": ANONYMOUS, "exercise": "gradient-descent",
                                  "answers": {"gd1.derivative": "6θ"}}, Path(GIVEN))
    results = []
    asking = threading.Thread(target=lambda: results.append(asyncio.run(pool.check(Job(0, GIVEN, given=given)))))
    try:
        asking.start()
        asking.join(FINISHES_SECONDS)
        assert results[0].tasks[0].verdict == "correct"
        (engine,) = pool.engines
        (worker,) = engine.workers
        worker.process.join(0.5)  # a worker killed with the thread would be dead by now
        assert worker.process.is_alive()
    finally:
        pool.close()


class _HeldEngine:
    """An engine whose checks wait until the test lets them go, and which notes what it ran:
    the pool's bounds are tested without timing anything."""

    def __init__(self) -> None:
        import threading

        self.ran: list[str] = []
        self.stops: list = []  # what grade_jobs was told to ask whether to stop
        self.started = threading.Semaphore(0)
        self.go = threading.Event()

    def start(self) -> None:
        pass

    def close(self) -> None:
        pass

    def grade_jobs(self, jobs, stop=None):
        (job,) = jobs
        self.ran.append(job.path)
        self.stops.append(stop)
        self.started.release()
        self.go.wait()
        return [job.path]


def _held_pool(workers: int = 1, queue: int = 8):
    pool = CheckPool({}, workers, queue)
    engines = []
    for checker in pool.checkers:
        checker.engine = _HeldEngine()
        engines.append(checker.engine)
    pool.start()
    return pool, engines


def _job(name: str):
    from grader.running.batch import Job

    return Job(0, name)


def test_a_check_whose_client_hung_up_while_it_waited_is_dropped_not_run():
    import asyncio

    from grader.serve.pool import ClientGone

    pool, (engine,) = _held_pool()

    async def scenario():
        hang_up = asyncio.Event()
        running = asyncio.ensure_future(pool.check(_job("first"), "a"))
        await asyncio.to_thread(engine.started.acquire)  # the one worker is busy with it
        waiting = asyncio.ensure_future(pool.check(_job("abandoned"), "b", gone=hang_up.wait))
        await asyncio.sleep(0)
        hang_up.set()
        with pytest.raises(ClientGone):
            await waiting
        engine.go.set()
        return await running, await pool.check(_job("next"), "c")

    try:
        assert asyncio.run(scenario()) == ("first", "next")
        assert engine.ran == ["first", "next"]
        assert pool.waiting == 0 and not pool.clients
    finally:
        engine.go.set()
        pool.close()


def test_a_client_has_at_most_its_checks_in_the_pool_even_after_hanging_up():
    import asyncio

    from grader.serve.pool import ClientGone, TooManyChecks

    pool, (engine,) = _held_pool()

    async def scenario():
        hang_up = asyncio.Event()
        first = asyncio.ensure_future(pool.check(_job("a1"), "a", 2, gone=hang_up.wait))
        await asyncio.to_thread(engine.started.acquire)
        hang_up.set()  # as the hostile client that fired and closed
        with pytest.raises(ClientGone):
            await first  # running: it counts until its worker is done with it
        second = asyncio.ensure_future(pool.check(_job("a2"), "a", 2))
        await asyncio.sleep(0)
        with pytest.raises(TooManyChecks):
            await pool.check(_job("a3"), "a", 2)
        other = asyncio.ensure_future(pool.check(_job("b1"), "b", 2))  # another address is served
        await asyncio.sleep(0)
        engine.go.set()
        return await second, await other, await pool.check(_job("a4"), "a", 2)

    try:
        assert asyncio.run(scenario()) == ("a2", "b1", "a4")
        assert engine.ran == ["a1", "a2", "b1", "a4"]
    finally:
        engine.go.set()
        pool.close()


def test_a_running_check_whose_client_hung_up_is_told_to_stop():
    import asyncio

    from grader.serve.pool import ClientGone

    pool, (engine,) = _held_pool()

    async def scenario():
        hang_up = asyncio.Event()
        running = asyncio.ensure_future(pool.check(_job("first"), "a", gone=hang_up.wait))
        await asyncio.to_thread(engine.started.acquire)
        (stop,) = engine.stops
        assert stop() is False
        hang_up.set()
        with pytest.raises(ClientGone):
            await running
        return stop()

    try:
        assert asyncio.run(scenario()) is True
    finally:
        engine.go.set()
        pool.close()


def test_an_engine_told_to_stop_kills_its_worker_and_starts_a_new_one():
    from grader.api import ANONYMOUS, GIVEN
    from grader.reading.submission import submission_from_data
    from grader.running.batch import Engine, Job, Stopped

    given = submission_from_data({"student": ANONYMOUS, "exercise": "gradient-descent",
                                  "answers": {"gd1.derivative": "6θ"}}, Path(GIVEN))
    engine = Engine(exercises_with(), jobs=1, keep=True)
    try:
        engine.start()
        (worker,) = engine.workers
        with pytest.raises(Stopped):
            engine.grade_jobs([Job(0, GIVEN, given=given)], stop=lambda: True)
        assert not worker.process.is_alive() and engine.workers == []
        engine.start()
        (result,) = engine.grade_jobs([Job(0, GIVEN, given=given)], stop=lambda: False)
        assert result.tasks[0].verdict == "correct"
    finally:
        engine.close()
