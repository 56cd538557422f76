"""Writing an export: the format's file (or a folder of them, for Gradescope's one result per
submission), atomically, and the warnings a teacher must read before uploading."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.export import EXTENSIONS as EXTENSIONS  # where its users have always found them
from grader.export import FORMAT_NAMES as FORMAT_NAMES
from grader.export import formats
from grader.export.gradebook import gradebook
from grader.export.gradescope import results_json
from grader.export.ids import id_warnings
from grader.export.roster import Person
from grader.messages import describe
from grader.report.hygiene import unique_file_stems
from grader.results.model import GradeReport, SubmissionResult
from grader.results.reveal import as_students_read
from grader.running.store import owned_files, write_atomic


@dataclass(frozen=True)
class Options:
    roster: tuple[Person, ...] | None = None
    assignment_ids: Mapping[str, str] | None = None
    moodle_id: str = "idnumber"
    timestamp: str = "1970-01-01T00:00:00.000Z"
    reveal: bool | None = None  # the feedback's wording: None follows each exercise's policy


def export(report: GradeReport, fmt: str, out: Path, options: Options,
           lang: str = "en") -> tuple[list[Path], tuple[str, ...]]:
    """Write ``fmt`` to ``out`` (a folder for Gradescope with several submissions, holding no
    file of an earlier export for a student no longer in ``report``); return the files written
    and the warnings (submissions exported without a score, roster mismatches; the
    gradebook's in ``lang``, the identifiers' in English). The
    feedback students read (Moodle, LTI, Gradescope) follows each exercise's reveal policy,
    or ``options.reveal``; JUnit's, for the teacher's CI, keeps the full wording."""
    full = report
    report = as_students_read(report, options.reveal)
    book = gradebook(report, options.roster)
    warnings = tuple(describe(n, lang) for n in book.notices) + \
        id_warnings([row.person for row in book.rows], fmt, options.moodle_id)
    languages = {e.id: e.lang for e in report.exercises}
    if fmt == "gradescope":
        return gradescope_files(report, out, languages), warnings
    text = {
        "canvas": lambda: formats.canvas(book, options.assignment_ids or {}),
        "moodle": lambda: formats.moodle(book, options.moodle_id),
        "csv": lambda: formats.plain(book),
        "lti": lambda: formats.lti(book, options.timestamp),
        "junit": lambda: formats.junit(full, languages),
    }[fmt]()
    write_atomic(out, text)
    return [out], warnings


def gradescope_files(report: GradeReport, out: Path, languages: Mapping[str, str]) -> list[Path]:
    """Gradescope's results, one file per result: ``out`` itself for a single result, else
    ``out/<student>--<exercise>.json``; results that would share a name (a duplicate
    submission beside the graded one, unreadable ``a.yaml`` and ``a.json``) are told apart by
    their submission file, so none overwrites another."""
    graded = sorted(report.results, key=lambda r: r.sort_key)
    if len(graded) == 1:
        write_atomic(out, results_json(graded[0], languages.get(graded[0].exercise or "", "en")))
        return [out]
    names = result_file_names(graded)
    stems = unique_file_stems(names)
    written = [out / f"{stems[name]}.json" for name in names]
    with owned_files(out, written):  # and the file of a student no longer there is removed
        for result, path in zip(graded, written, strict=True):
            # each file atomic but not flushed to disk one by one, as reports: a flush per file
            # costs more than grading the class; results.json is flushed, and the folder is
            # made again from it with one command
            write_atomic(path, results_json(result, languages.get(result.exercise or "", "en")),
                         durable=False)
    return written


def result_file_names(results: list[SubmissionResult]) -> list[str]:
    """A distinct name per result: ``student--exercise``, with the submission's file name
    (then its whole path, then its place in the list) added only where names would repeat."""
    def base(result: SubmissionResult) -> str:
        return f"{result.student or Path(result.submission).name}--{result.exercise or 'unknown'}"

    def with_file(result: SubmissionResult) -> str:
        return f"{base(result)}--{Path(result.submission).name}"

    names = _told_apart([base(r) for r in results], [with_file(r) for r in results])
    names = _told_apart(names, [f"{base(r)}--{r.submission}" for r in results])
    return _told_apart(names, [f"{name}--{number}" for number, name in enumerate(names, 1)])


def _told_apart(names: list[str], fuller: list[str]) -> list[str]:
    """``names``, each one that occurs more than once (ignoring case, as file systems may)
    replaced by its ``fuller`` form."""
    counts = Counter(name.lower() for name in names)
    return [full if counts[name.lower()] > 1 else name for name, full in zip(names, fuller, strict=True)]
