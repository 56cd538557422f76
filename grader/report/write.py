"""Writing reports to disk: one file per student, atomically, with safe and distinct names."""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.exercise import Exercise
from grader.hygiene import unique_file_stems
from grader.report.overview import items_csv, overview
from grader.report.render import render
from grader.report.student import TreeCache, student_view
from grader.results import SubmissionResult
from grader.store import write_atomic

FORMATS = {"html": "student.html.j2", "md": "student.md.j2"}


def student_report(exercise: Exercise, result: SubmissionResult, fmt: str, lang: str | None = None,
                   reveal: bool = False) -> str:
    """One student's report as text, in ``lang`` (default: the exercise's language)."""
    lang = lang or exercise.lang
    return render(FORMATS[fmt], lang, view=student_view(exercise, result, lang, reveal))


def write_reports(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...],
                  folder: Path, formats: tuple[str, ...], lang: str | None = None,
                  reveal: bool = False, jobs: int = 1) -> list[Path]:
    """The class overview (``index.html``/``index.md``), ``items.csv`` and every student's report
    in ``students/``; each file written atomically, so a crash never leaves half a report."""
    links: dict[str, str] = {}
    written = write_student_reports(exercises, results, folder, formats, lang, reveal, links, jobs)
    languages = {e.lang for e in exercises.values()}
    overview_lang = lang or (languages.pop() if len(languages) == 1 else "en")
    view = overview(exercises, results, overview_lang, links)
    for fmt in formats:
        path = folder / f"index.{fmt}"
        write_atomic(path, render(f"overview.{fmt}.j2", overview_lang, view=view))
        written.append(path)
    write_atomic(folder / "items.csv", items_csv(view.exercises))
    written.append(folder / "items.csv")
    return written


def write_student_reports(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...],
                          folder: Path, formats: tuple[str, ...], lang: str | None = None,
                          reveal: bool = False, links: dict[str, str] | None = None,
                          jobs: int = 1) -> list[Path]:
    """``folder/students/<stem>.<fmt>`` for every graded result of a known exercise, rendered by
    ``jobs`` forked processes (each file depends on its result alone, so the bytes do not depend
    on the number). Stems come from the student id and the exercise, safe and collision-free.
    ``links`` receives, per submission, its report relative to ``folder``."""
    known = [r for r in results if r.exercise in exercises and r.status == "graded"]
    names = [f"{r.student or Path(r.submission).stem}--{r.exercise}" for r in known]
    stems = unique_file_stems(names)
    work = [(result, stems[name]) for result, name in zip(known, names, strict=True)]
    if links is not None:
        links.update((result.submission, f"students/{stem}.{formats[0]}") for result, stem in work)
    job = _Job(exercises, folder, formats, lang, reveal)
    chunks = [work[k::jobs] for k in range(jobs)] if jobs > 1 and len(work) > 200 else [work]
    if len(chunks) == 1:
        job.run(chunks[0])
    else:
        with multiprocessing.get_context("fork").Pool(len(chunks)) as pool:
            pool.map(job.run, chunks)
    return [folder / "students" / f"{stem}.{fmt}" for _, stem in work for fmt in formats]


@dataclass(frozen=True)
class _Job:
    exercises: Mapping[str, Exercise]
    folder: Path
    formats: tuple[str, ...]
    lang: str | None
    reveal: bool

    def run(self, work: list[tuple[SubmissionResult, str]]) -> None:
        trees = TreeCache()  # most students write the same few answers
        for result, stem in work:
            exercise = self.exercises[result.exercise or ""]
            words = self.lang or exercise.lang
            view = student_view(exercise, result, words, self.reveal, trees)
            for fmt in self.formats:
                # atomic (a crash never leaves half a report) but not flushed to disk one by one:
                # thousands of fsyncs would cost more than rendering
                write_atomic(self.folder / "students" / f"{stem}.{fmt}",
                             render(FORMATS[fmt], words, view=view), durable=False)
