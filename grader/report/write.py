"""Writing reports to disk: one file per student, atomically, with safe and distinct names."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from grader.exercise import Exercise
from grader.hygiene import unique_file_stems
from grader.report.render import render
from grader.report.student import student_view
from grader.results import SubmissionResult
from grader.store import write_atomic

FORMATS = {"html": "student.html.j2", "md": "student.md.j2"}


def student_report(exercise: Exercise, result: SubmissionResult, fmt: str, lang: str | None = None,
                   reveal: bool = False) -> str:
    """One student's report as text, in ``lang`` (default: the exercise's language)."""
    lang = lang or exercise.lang
    return render(FORMATS[fmt], lang, view=student_view(exercise, result, lang, reveal))


def write_student_reports(exercises: Mapping[str, Exercise], results: tuple[SubmissionResult, ...],
                          folder: Path, formats: tuple[str, ...], lang: str | None = None,
                          reveal: bool = False) -> list[Path]:
    """``folder/students/<stem>.<fmt>`` for every result of a known exercise. Stems come from
    the student id (and exercise, when a student has several), safe and collision-free."""
    known = [r for r in results if r.exercise in exercises]
    names = [f"{r.student or Path(r.submission).stem}--{r.exercise}" for r in known]
    stems = unique_file_stems(names)
    written = []
    for result, name in zip(known, names, strict=True):
        exercise = exercises[result.exercise or ""]
        for fmt in formats:
            path = folder / "students" / f"{stems[name]}.{fmt}"
            write_atomic(path, student_report(exercise, result, fmt, lang, reveal))
            written.append(path)
    return written
