"""Writing reports to disk: one file per student, atomically, with safe and distinct names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.errors import GraderError
from grader.exercise import Exercise
from grader.report import FORMATS as FORMATS  # where its users have always found them
from grader.report.hygiene import unique_file_stems
from grader.report.overview import items_csv, overview
from grader.report.render import StudentPages, render
from grader.report.shares import start_renderers, wait_all
from grader.report.student import TreeCache, student_view
from grader.results.model import SubmissionResult
from grader.results.reveal import revealed_tasks
from grader.running.store import owned_files, write_atomic


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
    renderers = start_renderers(job, ordered, jobs)
    try:
        if not renderers:
            job.run(ordered)
        languages = {e.lang for e in exercises.values()}
        overview_lang = lang or (languages.pop() if len(languages) == 1 else "en")
        view = overview(exercises, results, overview_lang, links)
        for fmt in formats:
            write_atomic(folder / f"index.{fmt}", render(f"overview.{fmt}.j2", overview_lang, view=view))
        write_atomic(folder / "items.csv", items_csv(view.exercises))
        wait_all(renderers)
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


def _drawing_order(item: tuple[SubmissionResult, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Students of one exercise, and of one variant of it, together: what a report works out
    for an exercise or a variant (its pictures, its problems) is then still at hand for the
    next student (those caches keep the last few hundred)."""
    return item[0].exercise or "", item[0].variant


Work = list[tuple[SubmissionResult, str]]  # a result and its file stem, per student report


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
