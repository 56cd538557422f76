"""Grading a class: submissions in, ``results.json`` out, resumable and mergeable."""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from grader.diagnose.other_variant import mark_other_variants
from grader.errors import GraderError, OutputError
from grader.exercise import Exercise
from grader.exercise.find import exercises_digest
from grader.reading.responses import ResponseMap, Row, RowFile, Rows, read_map, read_rows, write_submissions
from grader.reading.submission import find_submissions
from grader.results.model import ExerciseSummary, GradeReport, SubmissionResult, error_renamed, failed, points
from grader.results.read import read_results
from grader.results.write import report_pieces, submission_json
from grader.running.batch import Engine, mark_duplicates
from grader.running.store import JOURNAL_NAME, RESULTS_NAME, Journal, file_key, run_lock, write_atomic

OWN_OUTPUT = frozenset((RESULTS_NAME, "exports", "report"))  # what grade writes into --out


@dataclass(frozen=True)
class ClassRun:
    report: GradeReport
    graded_now: int
    reused: int
    warnings: tuple[str, ...] = ()
    unmatched: bool = False  # --student named nobody known

    @property
    def errors(self) -> int:
        return sum(1 for r in self.report.results if r.status == "error")


def grade_class(exercises: dict[str, Exercise], submissions: list[Path], out: Path, *,
                jobs: int = 1, resume: bool = False, student: str | None = None, cache: bool = True,
                on_start: Callable[[int], None] | None = None,
                on_result: Callable[[SubmissionResult], None] | None = None) -> ClassRun:
    """Grade every submission file in ``submissions`` (files or folders) into ``out``.

    ``resume``: take over what an interrupted run recorded in its journal. ``student``: regrade
    that student's files, and files new since the last run, and merge into the existing
    ``results.json``: what is regraded replaces its earlier result, everything else is kept.
    ``out`` is locked while the run writes to it (``store.run_lock``); grader's own output in
    it is never graded.
    """
    found, warnings = find_submissions(submissions)
    files = _not_own_output(found, out)
    if not files:
        named = ", ".join(map(str, submissions))
        raise GraderError("no submission files (*.yaml, *.yml, *.json, *.ipynb, *.md with front matter) "
                          f"in {named}")
    with run_lock(out):
        return _grade_class(exercises, files, warnings, out, jobs, resume, student, cache, on_start,
                            on_result)


def _grade_class(exercises: dict[str, Exercise], files: list[Path], warnings: list[str], out: Path,
                 jobs: int, resume: bool, student: str | None, cache: bool,
                 on_start: Callable[[int], None] | None,
                 on_result: Callable[[SubmissionResult], None] | None) -> ClassRun:
    keys = {str(p): file_key(p) for p in files}
    kept: list[SubmissionResult] = []
    earlier: dict[str, SubmissionResult] = {}
    unmatched = False
    if student is not None:
        student = unicodedata.normalize("NFC", student)
        previous = _read_results(out / RESULTS_NAME)
        earlier = {same_file(r.submission): r for r in previous.results}
        mine = {path for path, r in earlier.items() if r.student == student}
        files = [p for p in files if same_file(p) in mine or same_file(p) not in earlier]
        regraded = {same_file(p) for p in files}
        kept = [r for r in previous.results if same_file(r.submission) not in regraded]
        if not mine:
            unmatched = True
            warnings.append(f"no submission of student '{student}' in {out / RESULTS_NAME}; "
                            "graded only the files new since that run")
    journal = Journal(out, exercises_digest(exercises))
    recorded = journal.load() if resume else {}
    reused = {key: result for key, result in recorded.items() if key in keys.values()}
    todo = [p for p in files if keys[str(p)] not in reused]
    try:
        journal.start(reused)
    except OSError as exc:
        raise OutputError(f"cannot write {journal.path}: {exc.strerror or exc}") from None

    made: dict[int, str] = {}  # by id(result): each result is serialised once, by its worker

    def record(result: SubmissionResult, line: str) -> None:
        made[id(result)] = line
        journal.record(keys[result.submission], line)
        if on_result is not None:
            on_result(result)

    if on_start is not None:
        on_start(len(todo))
    try:
        fresh = Engine(exercises, jobs, record, cache).grade(todo)
    finally:
        journal.close()
    new_results = [_identified(r, earlier) for r in [*reused.values(), *fresh]]
    try:
        report = _written(exercises, [*kept, *new_results], out, made)
    except OutputError as exc:
        raise OutputError(f"{exc}; {_resume_hint(journal)}") from None
    if journal.failure is not None:
        warnings.append(_journal_warning(journal))
    warnings += _case_warnings(report.results)
    return ClassRun(report, len(fresh), len(reused), tuple(warnings), unmatched)


def grade_responses(exercises: dict[str, Exercise], responses: Path, map_path: Path, out: Path, *,
                    jobs: int = 1, attempts: str = "last", cache: bool = True, resume: bool = False,
                    unfinished: bool = False,
                    on_start: Callable[[int], None] | None = None,
                    on_result: Callable[[SubmissionResult], None] | None = None) -> ClassRun:
    """Grade a quiz export (one row per attempt, ``responses``) with its column map into
    ``out``: each row is a submission named ``quiz.csv:ROW``; of several attempts of a student
    the last (``attempts="last"``) or the best graded (``"best"``) is kept. Attempts not
    finished (Moodle's state) are left out unless ``unfinished``. Each graded row goes into the
    journal, so that ``resume`` takes over the rows an interrupted run graded."""
    mapping = read_map(map_path, exercises)
    read = read_rows(responses, mapping, unfinished)
    if not read.rows:
        only = " (only attempts not finished: --unfinished grades them)" if read.unfinished else ""
        raise GraderError(f"{responses}: no rows under the header{only}")
    with run_lock(out):
        return _grade_responses(exercises, responses, mapping, read, out, jobs, attempts, cache, resume,
                                on_start, on_result)


def _grade_responses(exercises: dict[str, Exercise], responses: Path, mapping: ResponseMap, read: Rows,
                     out: Path, jobs: int, attempts: str, cache: bool, resume: bool,
                     on_start: Callable[[int], None] | None,
                     on_result: Callable[[SubmissionResult], None] | None) -> ClassRun:
    journal = Journal(out, exercises_digest(exercises))
    recorded = journal.load() if resume else {}
    folder = Path(tempfile.mkdtemp(prefix="grader-responses-"))
    try:
        whole = tuple(row for row in read.rows if row.problem is None)
        files, done = write_submissions(whole, mapping, folder, responses, recorded)
        reused = {f.key: recorded[f.key] for f in done}
        todo = sorted(Path(p) for p in files)
        try:
            journal.start(reused)
        except OSError as exc:
            raise OutputError(f"cannot write {journal.path}: {exc.strerror or exc}") from None

        def record(result: SubmissionResult, _line: str) -> None:
            journal.record(files[result.submission].key, submission_json(_relabelled(result, files)))
            if on_result is not None:
                on_result(result)

        if on_start is not None:
            on_start(len(todo))
        try:
            graded = Engine(exercises, jobs, record, cache).grade(todo)
        finally:
            journal.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    relabelled = [*reused.values(), *(_relabelled(r, files) for r in graded),
                  *(_row_error(row, mapping, responses) for row in read.rows if row.problem is not None)]
    attempt_of = {f"{responses.name}:{row.number}": (row.attempt, row.number) for row in read.rows}
    chosen = _chosen_attempts(relabelled, attempt_of, attempts)
    try:
        report = _written(exercises, chosen, out)
    except OutputError as exc:
        raise OutputError(f"{exc}; {_resume_hint(journal)}") from None
    dropped = len(relabelled) - len(chosen)
    warnings = [f"{dropped} earlier or lower attempt(s) left out (--attempts {attempts})"] if dropped else []
    if read.unfinished:
        warnings.append(_unfinished_warning(read.unfinished))
    if journal.failure is not None:
        warnings.append(_journal_warning(journal))
    return ClassRun(report, len(graded), len(reused), tuple(warnings + _case_warnings(report.results)))


def _row_error(row: Row, mapping: ResponseMap, source: Path) -> SubmissionResult:
    label = f"{source.name}:{row.number}"
    return failed(label, f"{label}: {row.problem}", row.student, row.name, mapping.exercise)


def _unfinished_warning(left_out: tuple[tuple[int, str], ...]) -> str:
    shown = ", ".join(f"{number} ({state})" for number, state in left_out[:10])
    more = f" and {len(left_out) - 10} more" if len(left_out) > 10 else ""
    return (f"{len(left_out)} attempt(s) not finished left out, rows {shown}{more}; --unfinished grades "
            "them as they stand")


def _not_own_output(files: list[Path], out: Path) -> list[Path]:
    """``files`` less those grader wrote (results.json, the exports, the reports) into ``out``
    or into an earlier run's output folder (one with a journal): an ``--out`` inside a
    submissions folder must not have its output graded on the next run."""
    outputs = {same_file(out)}
    checked: dict[Path, bool] = {}

    def holds_a_run(folder: Path) -> bool:
        if folder not in checked:
            checked[folder] = same_file(folder) in outputs or (folder / JOURNAL_NAME).exists()
        return checked[folder]

    def own(path: Path) -> bool:
        if OWN_OUTPUT.isdisjoint(path.parts):  # nearly every file: no part named as grader's output
            return False
        for folder in path.parents:
            inside = path.relative_to(folder)
            if inside.parts[0] in OWN_OUTPUT and holds_a_run(folder):
                return True
        return False

    return [p for p in files if not own(p)]


def _resume_hint(journal: Journal) -> str:
    """What to do when results.json cannot be written (a full disk, most likely)."""
    if journal.recorded:
        return (f"when it can be written, run again with --resume: the {journal.recorded} result(s) "
                f"recorded in {journal.path} are kept")
    return "grade again when it can be written"


def _journal_warning(journal: Journal) -> str:
    failure = journal.failure
    reason = (failure.strerror or str(failure)) if failure is not None else ""
    return (f"could not write {journal.path} ({reason}): it holds the first {journal.recorded} result(s) "
            f"only; {RESULTS_NAME} is complete")


def _written(exercises: dict[str, Exercise], results: list[SubmissionResult], out: Path,
             made: dict[int, str] | None = None) -> GradeReport:
    """The class's results marked (a student's second file, an answer that fits another
    variant) and written to ``out/results.json``; ``made``: lines already serialised."""
    marked = mark_other_variants(mark_duplicates(results))
    summaries = tuple(ExerciseSummary(e.id, e.title, points(e.max_score), e.lang, e.reveal)
                      for e in exercises.values())
    report = GradeReport(summaries, tuple(marked))
    try:
        write_atomic(out / RESULTS_NAME, report_pieces(report, made))
    except OSError as exc:
        raise OutputError(f"cannot write {out / RESULTS_NAME}: {exc.strerror or exc}") from None
    return report


def _relabelled(result: SubmissionResult, files: dict[str, RowFile]) -> SubmissionResult:
    row = files.get(result.submission)
    label = row.label if row is not None else result.submission
    return replace(error_renamed(result, result.submission, label), submission=label)


def _chosen_attempts(results: list[SubmissionResult], attempt_of: dict[str, tuple[int, int]],
                     attempts: str) -> list[SubmissionResult]:
    """One result per student and exercise: the last attempt, or the best score (ties: the
    later). Rows that name no student are all kept (each is its own error)."""
    best: dict[tuple[str, str], SubmissionResult] = {}
    kept = []
    for result in results:
        if result.student is None:
            kept.append(result)
            continue
        key = (result.student, result.exercise or "")
        other = best.get(key)
        if other is None or _rank(result, attempt_of, attempts) > _rank(other, attempt_of, attempts):
            best[key] = result
    return kept + list(best.values())


def _rank(result: SubmissionResult, attempt_of: dict[str, tuple[int, int]], attempts: str) -> tuple:
    order = attempt_of.get(result.submission, (0, 0))
    if attempts == "best":
        return (result.score if result.score is not None else -1.0, order)
    return order


def same_file(path: str | Path) -> str:
    """One spelling per file, whether it was given relative or absolute."""
    return os.path.normcase(os.path.abspath(path))


def _identified(result: SubmissionResult, earlier: dict[str, SubmissionResult]) -> SubmissionResult:
    """A regraded file that can no longer be read keeps the student it belonged to, so that it
    replaces that student's result instead of vanishing."""
    before = earlier.get(same_file(result.submission))
    if result.student is None and before is not None:
        return replace(result, student=before.student, name=before.name, exercise=before.exercise)
    return result


def _case_warnings(results: Iterable[SubmissionResult]) -> list[str]:
    groups: dict[str, set[str]] = {}
    for result in results:
        if result.student is not None:
            groups.setdefault(result.student.casefold(), set()).add(result.student)
    return [f"student ids {', '.join(repr(i) for i in sorted(ids))} differ only in case: "
            "one student or several?" for ids in groups.values() if len(ids) > 1]


def _read_results(path: Path) -> GradeReport:
    if not path.exists():
        raise GraderError(f"--student needs an earlier run's {path}; grade the whole class first")
    return read_results(path)
