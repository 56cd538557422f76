"""Writing reports to disk: one file per student, atomically, with safe and distinct names."""

from __future__ import annotations

from collections.abc import Mapping
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
                  reveal: bool = False) -> list[Path]:
    """The class overview (``index.html``/``index.md``), ``items.csv`` and every student's report
    in ``students/``; each file written atomically, so a crash never leaves half a report."""
    links: dict[str, str] = {}
    written = write_student_reports(exercises, results, folder, formats, lang, reveal, links)
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
                          reveal: bool = False, links: dict[str, str] | None = None) -> list[Path]:
    """``folder/students/<stem>.<fmt>`` for every result of a known exercise. Stems come from
    the student id and the exercise, safe and collision-free. ``links`` receives, per
    submission, its report relative to ``folder``."""
    known = [r for r in results if r.exercise in exercises and r.status == "graded"]
    names = [f"{r.student or Path(r.submission).stem}--{r.exercise}" for r in known]
    stems = unique_file_stems(names)
    written = []
    trees = TreeCache()  # most students write the same few answers
    for result, name in zip(known, names, strict=True):
        exercise = exercises[result.exercise or ""]
        words = lang or exercise.lang
        view = student_view(exercise, result, words, reveal, trees)
        for fmt in formats:
            path = folder / "students" / f"{stems[name]}.{fmt}"
            # atomic (a crash never leaves half a report) but not flushed to disk one by one:
            # thousands of fsyncs would cost more than rendering
            write_atomic(path, render(FORMATS[fmt], words, view=view), durable=False)
            written.append(path)
        if links is not None:
            links[result.submission] = f"students/{stems[name]}.{formats[0]}"
    return written
