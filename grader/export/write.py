"""Writing an export: the format's file (or a folder of them, for Gradescope's one result per
submission), atomically, and the warnings a teacher must read before uploading."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.export import formats
from grader.export.gradebook import gradebook
from grader.export.roster import Person
from grader.hygiene import unique_file_stems
from grader.results import GradeReport
from grader.store import owned_files, write_atomic

EXTENSIONS = {"canvas": "csv", "moodle": "csv", "csv": "csv", "gradescope": "json", "lti": "jsonl",
              "junit": "xml"}
FORMAT_NAMES = tuple(EXTENSIONS)


@dataclass(frozen=True)
class Options:
    roster: tuple[Person, ...] | None = None
    assignment_ids: Mapping[str, str] | None = None
    moodle_id: str = "idnumber"
    timestamp: str = "1970-01-01T00:00:00.000Z"


def export(report: GradeReport, fmt: str, out: Path, options: Options) -> tuple[list[Path], tuple[str, ...]]:
    """Write ``fmt`` to ``out`` (a folder for Gradescope with several submissions, holding no
    file of an earlier export for a student no longer in ``report``); return the files written
    and the warnings (submissions exported without a score, roster mismatches)."""
    book = gradebook(report, options.roster)
    languages = {e.id: e.lang for e in report.exercises}
    if fmt == "gradescope":
        graded = sorted(report.results, key=lambda r: r.sort_key)
        if len(graded) == 1:
            write_atomic(out, formats.gradescope(graded[0], languages.get(graded[0].exercise or "", "en")))
            return [out], book.warnings
        names = [f"{r.student or Path(r.submission).stem}--{r.exercise}" for r in graded]
        stems = unique_file_stems(names)
        written = [out / f"{stems[name]}.json" for name in names]
        with owned_files(out, written):  # and the file of a student no longer there is removed
            for result, path in zip(graded, written, strict=True):
                # each file atomic but not flushed to disk one by one, as reports: a flush per file
                # made a 5,000-student export slower than grading the class; results.json is
                # flushed, and the folder is made again from it with one command
                write_atomic(path, formats.gradescope(result, languages.get(result.exercise or "", "en")),
                             durable=False)
        return written, book.warnings
    text = {
        "canvas": lambda: formats.canvas(book, options.assignment_ids or {}),
        "moodle": lambda: formats.moodle(book, options.moodle_id),
        "csv": lambda: formats.plain(book),
        "lti": lambda: formats.lti(book, options.timestamp),
        "junit": lambda: formats.junit(report, languages),
    }[fmt]()
    write_atomic(out, text)
    return [out], book.warnings
