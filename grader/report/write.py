"""Writing reports to disk: one file per student, atomically, with safe and distinct names."""

from __future__ import annotations

import multiprocessing
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from grader.errors import GraderError
from grader.exercise import Exercise
from grader.gctuning import frozen_for_fork
from grader.hygiene import unique_file_stems
from grader.report import FORMATS as FORMATS  # where its users have always found them
from grader.report.overview import items_csv, overview
from grader.report.render import StudentPages, render
from grader.report.student import TreeCache, student_view
from grader.results import SubmissionResult
from grader.reveal import revealed_tasks
from grader.store import owned_files, write_atomic


def student_report(exercise: Exercise, result: SubmissionResult, fmt: str, lang: str | None = None,
                   reveal: bool | frozenset[str] = False) -> str:
    """One student's report as text, in ``lang`` (default: the exercise's language), showing
    the answers of the tasks ``reveal`` names (True: all) and withholding the others'."""
    lang = lang or exercise.lang
    return StudentPages().render(fmt, lang, student_view(exercise, result, lang, reveal))


def write_reports(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...],
                  folder: Path, formats: tuple[str, ...], lang: str | None = None,
                  reveal: bool | None = None, jobs: int = 1) -> list[Path]:
    """The class overview (``index.html``/``index.md``), ``items.csv`` and every student's report
    in ``students/`` (which shows what the exercise's reveal policy shows a self-check after
    handing in, unless ``reveal`` says all or nothing; the overview is the teacher's); each
    file written atomically, so a crash never leaves half a report, and the files an earlier
    run wrote here for students no longer in ``results`` removed. The
    students' reports are rendered by ``jobs`` forked processes while this one works out the
    overview (each file depends on its result alone: the bytes do not depend on ``jobs``)."""
    misfit = _misfit(exercises, results)
    if misfit is not None:
        raise GraderError(misfit)
    # in results.json's order, whatever order the run graded them in: ``grade --report`` and
    # ``grader report`` of its results.json write the same overview
    results = tuple(sorted(results, key=lambda r: r.sort_key))
    work = _student_files(exercises, results)
    students = [folder / "students" / f"{stem}.{fmt}" for _, stem in work for fmt in formats]
    written = [*students, *(folder / f"index.{fmt}" for fmt in formats), folder / "items.csv"]
    with owned_files(folder, written):  # and a report of a student no longer there is removed
        _write_all(exercises, results, work, folder, formats, lang, reveal, jobs)
    return written


def _write_all(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...], work: Work,
               folder: Path, formats: tuple[str, ...], lang: str | None, reveal: bool | None,
               jobs: int) -> None:
    links = {result.submission: f"students/{stem}.{formats[0]}" for result, stem in work}
    job = _Job(exercises, folder, formats, lang, reveal)
    ordered = sorted(work, key=_drawing_order)
    shares = _shares(ordered, jobs) if jobs > 1 and len(work) > 200 else []
    board = _Board.of(shares) if len(shares) > 1 else None
    renderers = [_Renderer.fork(job, ordered, board, own) for own in range(len(shares))] if board else []
    try:
        if not renderers:
            job.run(ordered)
        languages = {e.lang for e in exercises.values()}
        overview_lang = lang or (languages.pop() if len(languages) == 1 else "en")
        view = overview(exercises, results, overview_lang, links)
        for fmt in formats:
            write_atomic(folder / f"index.{fmt}", render(f"overview.{fmt}.j2", overview_lang, view=view))
        write_atomic(folder / "items.csv", items_csv(view.exercises))
        _wait_all(renderers)
    finally:
        for renderer in renderers:
            renderer.stop()


def _misfit(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...]) -> str | None:
    """What is wrong when a result was graded with other tasks than its exercise has now (the
    exercise file was edited since, or results.json was): the overview reads every task of
    the exercise in every result, a report every task of the result in the exercise."""
    keys = {name: frozenset(t.key for t in exercise.tasks) for name, exercise in exercises.items()}
    for result in results:
        wanted = keys.get(result.exercise or "")
        if result.status != "graded" or wanted is None:
            continue
        found = frozenset(t.task for t in result.tasks)
        if found == wanted and len(found) == len(result.tasks):
            continue
        extra, lacking = sorted(found - wanted), sorted(wanted - found)
        what = (f"tasks that exercise '{result.exercise}' does not have ({', '.join(extra)})" if extra else
                f"no results for tasks of exercise '{result.exercise}' ({', '.join(lacking)})" if lacking else
                "a task twice")
        return (f"the results of {result.submission} hold {what}: they were graded with another version of "
                "the exercise; name the file they were graded with (--exercises), or grade again")
    return None


def write_student_reports(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...],
                          folder: Path, formats: tuple[str, ...], lang: str | None = None,
                          reveal: bool | None = None) -> list[Path]:
    """``folder/students/<stem>.<fmt>`` for every graded result of a known exercise."""
    work = _student_files(exercises, results)
    _Job(exercises, folder, formats, lang, reveal).run(work)
    return [folder / "students" / f"{stem}.{fmt}" for _, stem in work for fmt in formats]


@dataclass(frozen=True)
class _Renderer:
    """A forked process rendering one share of the students' reports. Forked, it inherits its
    share and the exercises as they are in memory: a pool would pickle both to every process,
    a large part of the work (docs/benchmarks.md)."""

    process: multiprocessing.process.BaseProcess
    outcome: Connection

    @classmethod
    def fork(cls, job: _Job, ordered: Work, board: _Board, own: int) -> _Renderer:
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


def _wait_all(renderers: list[_Renderer]) -> None:
    """Until every renderer is done, or the first that failed: in whatever order they end, so
    that one that died (perhaps holding the board's lock, which would leave the others waiting
    on it) is noticed at once and the rest are stopped."""
    waiting = list(renderers)
    while waiting:
        ready = wait([renderer.outcome for renderer in waiting])
        for renderer in [r for r in waiting if r.outcome in ready]:
            waiting.remove(renderer)
            renderer.wait()  # its message or its end is there: returns or raises at once


def _render_share(job: _Job, ordered: Work, board: _Board, own: int, outcome: Connection) -> None:
    try:
        job.run(board.claimed(ordered, own))  # one run: its caches serve every report it renders
    except BaseException as exc:  # sent to the parent, which raises it as its own
        outcome.send(exc if isinstance(exc, (OSError, GraderError)) else
                     GraderError(f"rendering the reports failed ({type(exc).__name__}: {exc})"))
        return
    outcome.send(None)


Work = list[tuple[SubmissionResult, str]]  # a result and its file stem, per student report


def _shares(ordered: Work, jobs: int) -> list[tuple[int, int]]:
    """``ordered`` (in ``_drawing_order``) cut into ``jobs`` ranges of about equal cost (a report
    costs about a task's worth per task), each holding whole runs of one exercise where it can:
    a process that renders an exercise first works out its pictures and reads its answers, so
    an exercise dealt out to every process is worked out in every one. The estimate is off
    between exercises (a task of symbolic answers costs more than one of numbers): ``_Board``
    evens that out as the processes go."""
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
class _Board:
    """Which reports are still to be rendered, in shared memory: each process renders its own
    range from the front, a few at a time, and when it is done takes from the back of the range
    with the most left: cut by the cost estimate alone, the ranges end at different times and
    the run waits for the slowest (docs/benchmarks.md)."""

    bounds: Any  # front and back of each range, as a flat array of indexes into the order
    lock: Any

    CHUNK = 20  # reports taken at a time: few enough to even out the end, enough to take the lock rarely

    @classmethod
    def of(cls, shares: list[tuple[int, int]]) -> _Board:
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


def _drawing_order(item: tuple[SubmissionResult, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Students of one exercise, and of one variant of it, together: what a report works out
    for an exercise or a variant (its pictures, its problems) is then still at hand for the
    next student (those caches keep the last few hundred)."""
    return item[0].exercise or "", item[0].variant


def _student_files(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...]
                   ) -> list[tuple[SubmissionResult, str]]:
    """Each graded result of a known exercise, with its file stem: from the student id and the
    exercise, safe and collision-free."""
    known = [r for r in results if r.exercise in exercises and r.status == "graded"]
    names = [f"{r.student or Path(r.submission).stem}--{r.exercise}" for r in known]
    stems = unique_file_stems(names)
    return [(result, stems[name]) for result, name in zip(known, names, strict=True)]


@dataclass(frozen=True)
class _Job:
    exercises: Mapping[str, Exercise]
    folder: Path
    formats: tuple[str, ...]
    lang: str | None
    reveal: bool | None  # None: each exercise's policy

    def run(self, work: Iterable[tuple[SubmissionResult, str]]) -> None:
        trees = TreeCache()  # most students write the same few answers
        pages = StudentPages()
        for result, stem in work:
            exercise = self.exercises[result.exercise or ""]
            words = self.lang or exercise.lang
            revealed = revealed_tasks(exercise.reveal, result, self.reveal)
            view = student_view(exercise, result, words, revealed, trees)
            for fmt in self.formats:
                # atomic (a crash never leaves half a report) but not flushed to disk one by one:
                # thousands of fsyncs would cost more than rendering, and a report is made again
                # from results.json (which is flushed) with one command
                write_atomic(self.folder / "students" / f"{stem}.{fmt}",
                             pages.render(fmt, words, view), durable=False)
