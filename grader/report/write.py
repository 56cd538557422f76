"""Writing reports to disk: one file per student, atomically, with safe and distinct names."""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.exercise import Exercise
from grader.hygiene import unique_file_stems
from grader.report.overview import items_csv, overview
from grader.report.render import StudentPages, render
from grader.report.student import TreeCache, student_view
from grader.results import SubmissionResult
from grader.store import write_atomic

FORMATS = {"html": "student.html.j2", "md": "student.md.j2"}  # a page; its tasks: student_task.*


def student_report(exercise: Exercise, result: SubmissionResult, fmt: str, lang: str | None = None,
                   reveal: bool = False) -> str:
    """One student's report as text, in ``lang`` (default: the exercise's language)."""
    lang = lang or exercise.lang
    return StudentPages().render(fmt, lang, student_view(exercise, result, lang, reveal))


def write_reports(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...],
                  folder: Path, formats: tuple[str, ...], lang: str | None = None,
                  reveal: bool = False, jobs: int = 1) -> list[Path]:
    """The class overview (``index.html``/``index.md``), ``items.csv`` and every student's report
    in ``students/``; each file written atomically, so a crash never leaves half a report. The
    students' reports are rendered by ``jobs`` forked processes while this one works out the
    overview (each file depends on its result alone: the bytes do not depend on ``jobs``)."""
    work = _student_files(exercises, results)
    links = {result.submission: f"students/{stem}.{formats[0]}" for result, stem in work}
    job = _Job(exercises, folder, formats, lang, reveal)
    chunks = [work[k::jobs] for k in range(jobs)] if jobs > 1 and len(work) > 200 else [work]
    pool = multiprocessing.get_context("fork").Pool(len(chunks)) if len(chunks) > 1 else None
    try:
        pending = pool.map_async(job.run, chunks) if pool is not None else None
        if pending is None:
            job.run(work)
        languages = {e.lang for e in exercises.values()}
        overview_lang = lang or (languages.pop() if len(languages) == 1 else "en")
        view = overview(exercises, results, overview_lang, links)
        for fmt in formats:
            write_atomic(folder / f"index.{fmt}", render(f"overview.{fmt}.j2", overview_lang, view=view))
        write_atomic(folder / "items.csv", items_csv(view.exercises))
        if pending is not None:
            pending.get()
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    students = [folder / "students" / f"{stem}.{fmt}" for _, stem in work for fmt in formats]
    return [*students, *(folder / f"index.{fmt}" for fmt in formats), folder / "items.csv"]


def write_student_reports(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...],
                          folder: Path, formats: tuple[str, ...], lang: str | None = None,
                          reveal: bool = False) -> list[Path]:
    """``folder/students/<stem>.<fmt>`` for every graded result of a known exercise."""
    work = _student_files(exercises, results)
    _Job(exercises, folder, formats, lang, reveal).run(work)
    return [folder / "students" / f"{stem}.{fmt}" for _, stem in work for fmt in formats]


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
    reveal: bool

    def run(self, work: list[tuple[SubmissionResult, str]]) -> None:
        trees = TreeCache()  # most students write the same few answers
        pages = StudentPages()
        for result, stem in work:
            exercise = self.exercises[result.exercise or ""]
            words = self.lang or exercise.lang
            view = student_view(exercise, result, words, self.reveal, trees)
            for fmt in self.formats:
                # atomic (a crash never leaves half a report) but not flushed to disk one by one:
                # thousands of fsyncs would cost more than rendering
                write_atomic(self.folder / "students" / f"{stem}.{fmt}",
                             pages.render(fmt, words, view), durable=False)
