"""The time limit on loading an exercise holds in every thread: a web server loads exercises in
the threads that serve its requests, where no signal arrives."""

from __future__ import annotations

import threading
import time

import pytest

from grader.errors import ExerciseErrors
from grader.exercise import load_exercise, reader
from tests.conftest import ROOT
from tests.helpers import FINISHES_SECONDS


@pytest.mark.parametrize("in_thread", [False, True], ids=["main thread", "other thread"])
def test_loading_an_exercise_is_bounded_in_time_in_any_thread(monkeypatch, in_thread):
    """The limit on loading was an alarm, which only the main thread gets: elsewhere a load
    that never ended hung its thread for ever."""
    released = threading.Event()

    def endless(self, data, digest):
        while not released.is_set():
            pass

    monkeypatch.setattr(reader, "LOAD_SECONDS", 0.2)
    monkeypatch.setattr(reader._Reader, "exercise", endless)
    errors: list[BaseException] = []

    def load() -> None:
        try:
            load_exercise(ROOT / "exercises" / "partial-derivatives.yaml")
        except ExerciseErrors as exc:
            errors.append(exc)

    if in_thread:
        thread = threading.Thread(target=load, daemon=True)
        thread.start()
        thread.join(FINISHES_SECONDS)
        released.set()
        thread.join()
    else:
        load()
    assert len(errors) == 1 and "took longer than 0.2 s" in str(errors[0])


def test_a_load_that_ends_in_time_leaves_no_timeout_behind():
    """The limit is withdrawn when the load ends: nothing is raised in the thread later."""
    outcome: list[object] = []

    def load_then_wait() -> None:
        try:
            with reader._time_limit(0.3):
                pass
            time.sleep(1.0)
            outcome.append("finished")
        except BaseException as exc:  # a late timeout would land here
            outcome.append(exc)

    thread = threading.Thread(target=load_then_wait)
    thread.start()
    thread.join(FINISHES_SECONDS)
    assert outcome == ["finished"]


class _Outer(BaseException):
    pass


class _Inner(BaseException):
    pass


def _spin_until_raised() -> None:
    deadline = time.monotonic() + FINISHES_SECONDS
    while time.monotonic() < deadline:
        pass


def test_a_limit_inside_a_limit_leaves_the_outer_one_in_force():
    """A kind bounds its solve inside the load's bound: when the inner limit ends (expired or
    not), the outer one is set again and still fires; before, the inner alarm cancelled it."""
    from grader.running.timelimit import cpu_time_limit

    outcome: list[str] = []
    try:
        with cpu_time_limit(0.5, _Outer):
            try:
                with cpu_time_limit(0.05, _Inner):
                    _spin_until_raised()
            except _Inner:
                outcome.append("inner")
            with cpu_time_limit(5.0, _Inner):
                pass  # an inner limit that ends in time
            _spin_until_raised()
            outcome.append("not stopped")
    except _Outer:
        outcome.append("outer")
    assert outcome == ["inner", "outer"]


def test_an_outer_limit_due_first_fires_inside_the_inner_one():
    from grader.running.timelimit import cpu_time_limit

    with pytest.raises(_Outer), cpu_time_limit(0.05, _Outer), cpu_time_limit(30.0, _Inner):
        _spin_until_raised()


@pytest.mark.parametrize("in_thread", [False, True], ids=["main thread", "other thread"])
def test_the_limit_is_cpu_time_so_waiting_costs_nothing(in_thread):
    """The limit was wall-clock time: whether an exercise loaded depended on how busy the
    machine was (docs/limits.md promises CPU time)."""
    outcome: list[object] = []

    def wait_under_the_limit() -> None:
        try:
            with reader._time_limit(1.0):
                time.sleep(1.5)  # no CPU time to speak of; well before the wall-clock backstop of 4 s
            outcome.append("finished")
        except BaseException as exc:
            outcome.append(exc)

    if in_thread:
        thread = threading.Thread(target=wait_under_the_limit)
        thread.start()
        thread.join(FINISHES_SECONDS)
    else:
        wait_under_the_limit()
    assert outcome == ["finished"]


def test_the_error_names_the_task_that_took_long(monkeypatch, tmp_path):
    """It said 'ask fewer descent steps' at line 1, of an exercise with no descent."""
    from grader.kinds import KINDS

    def endless(*_args, **_kwargs):
        while True:
            pass

    monkeypatch.setattr(reader, "LOAD_SECONDS", 0.1)
    monkeypatch.setattr(type(KINDS["hessian"]), "expected", endless)
    path = tmp_path / "slow.yaml"
    path.write_text("id: s\ntitle: S\nproblems:\n  - id: p\n    function: 'f(x, y) = x^2 y'\n    tasks:\n"
                    "      - {id: d, derivative: x}\n      - {id: h, hessian: true}\n", encoding="utf-8")
    with pytest.raises(ExerciseErrors) as caught:
        load_exercise(path)
    assert [str(e) for e in caught.value.errors] == [
        f"{path}:8: task 'h' (hessian): computing its expected answer took longer than 0.1 s of CPU "
        "time; ask less of it (fewer steps or variables, a simpler function or point)"]
