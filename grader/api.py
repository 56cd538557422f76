"""grader as a library: the functions ``import grader`` offers.

Each is a thin layer over what the ``grader`` command calls, so the same input gives the same
result. Checks run in a worker process that is killed when a task overruns its time, so every
function may be called from any thread of a long-running process. Errors are the package's
own: :class:`~grader.errors.GraderError` and its kinds, each naming the file, line or task
and what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from grader.errors import GraderError, SubmissionError

if TYPE_CHECKING:
    from grader.exercise import Exercise
    from grader.export.write import Options
    from grader.reading.submission import Submission
    from grader.results.model import GradeReport, SubmissionResult
    from grader.running.classrun import ClassRun
    from grader.running.worker import Job
    from grader.selfcheck import AnswerCheck, SubmissionCheck

ANONYMOUS = "anonymous"  # the student of answers checked without one (an exercise without variants)
GIVEN = "<answers>"  # where answers handed over as data come from, in messages
MOODLE_IDS = ("idnumber", "username", "email")
ATTEMPTS = ("last", "best")  # of a student's several quiz attempts, the one that counts
MAX_JOBS = 256  # worker processes at most, here and for grader grade --jobs


def load_exercise(id_or_path: str | Path) -> Exercise:
    """One exercise: a YAML file, or the id of an exercise bundled with grader.

    >>> grader.load_exercise("partial-derivatives").tasks[0].key
    'p1.dx'

    Raises :class:`~grader.errors.ExerciseErrors` listing every problem in the file."""
    found = load_exercises([id_or_path])
    if len(found) != 1:
        raise GraderError(f"{id_or_path} holds {len(found)} exercises ({', '.join(sorted(found))}); "
                          "load them with load_exercises")
    return next(iter(found.values()))


def load_exercises(ids_or_paths: str | Path | Iterable[str | Path] = ()) -> dict[str, Exercise]:
    """Exercises by id, from files, folders of them, or bundled ids (default: every bundled
    exercise). Raises :class:`~grader.errors.ExerciseErrors` listing every problem found."""
    from grader.exercise.find import bundled_exercises_dir
    from grader.exercise.find import load_exercises as load

    names = [ids_or_paths] if isinstance(ids_or_paths, str | Path) else list(ids_or_paths)
    return load([str(name) for name in names] or [str(bundled_exercises_dir())])


def check_answer(exercise: Exercise | str | Path, task_key: str, answer_text: str, *,
                 student: str | None = None, reveal: bool | None = None,
                 lang: str | None = None) -> AnswerCheck:
    """Check one answer to one task, as ``grader check`` checks it in a submission of that
    answer alone (follow-through credit needs the other answers: :func:`check_submission`).

    ``student``: whose variant, for an exercise with parameters. ``reveal``: show the expected
    answer, or not; None follows the exercise's ``feedback: {reveal: ...}``. ``lang``: the
    language of its words (``en``, ``nl``; default: the exercise's). The result has
    ``verdict``, ``score``, ``max_score``, ``read_as``, ``diagnoses`` and ``messages()``, and
    shows itself in Jupyter."""
    _text(answer_text, "answer_text")
    chosen = _exercise(exercise)
    if chosen.task(task_key) is None:
        raise GraderError(f"exercise '{chosen.id}' has no task '{task_key}'; its tasks: "
                          f"{', '.join(t.key for t in chosen.tasks)}")
    checked = check_submission(chosen, {task_key: answer_text}, student=student, reveal=reveal, lang=lang)
    if checked.status != "graded":
        raise SubmissionError(checked.error or "the answer could not be checked", GIVEN)
    return checked.task(task_key)


def check_submission(exercise: Exercise | str | Path, submission: Mapping[str, str] | str | Path, *,
                     student: str | None = None, notes: bool = False,
                     reveal: bool | None = None, lang: str | None = None) -> SubmissionCheck:
    """Check a whole submission against ``exercise``, as ``grader check`` does: a mapping of
    task keys to answers, or a file (a submission YAML/JSON, an answer sheet, notes in Markdown
    or a notebook; ``notes=True`` reads any text file as notes). ``student``: who it is for
    when the file does not say (and the variant of answers handed over as a mapping).
    ``reveal`` and ``lang`` as in :func:`check_answer`.

    A file that cannot be read gives a check with ``status == "error"`` and the reason in
    ``error``, as the command does; answers handed over that cannot be used raise
    :class:`~grader.errors.SubmissionError`."""
    from grader.running.worker import Job, Reading

    language = _language(lang)
    chosen = _exercise(exercise)
    if isinstance(submission, Mapping):
        job = Job(0, GIVEN, given=_given(chosen, submission, student))
    else:
        path = Path(submission)
        if not path.is_file():
            raise GraderError(f"no submission file {path}")
        # as `grader check`: the file name may stand for the student of a fixed exercise only
        named = student or (path.stem if chosen.family is None else None)
        job = Job(0, str(path), reading=Reading(named, chosen.id, notes))
    return self_check({chosen.id: chosen}, chosen, job, reveal, language)


def self_check(exercises: Mapping[str, Exercise], chosen: Exercise, job: Job,
               reveal: bool | None, lang: str | None = None) -> SubmissionCheck:
    """What ``grader check`` computes: ``job`` graded in a worker, against the variant it names,
    with what the exercise (or ``reveal``) does not reveal withheld from the result itself."""
    from grader.running.batch import Engine

    (result,) = Engine(exercises, jobs=1).grade_jobs([job])
    return as_self_check(chosen, result, reveal, lang)


def as_self_check(chosen: Exercise, result: SubmissionResult, reveal: bool | None,
                  lang: str | None = None) -> SubmissionCheck:
    """``result`` (graded against ``chosen``) as a self-check shows it: against the variant it
    names, with what the exercise (or ``reveal``) does not reveal withheld from the result."""
    from grader.results.reveal import for_self_check, revealed_tasks
    from grader.selfcheck import SubmissionCheck

    the_exercise = chosen.graded_variant(result.variant)
    revealed = revealed_tasks(the_exercise.reveal, result, reveal)
    return SubmissionCheck(for_self_check(result, revealed), the_exercise, revealed,
                           lang or the_exercise.lang)


def _given(exercise: Exercise, answers: Mapping[str, str], student: str | None) -> Submission:
    from grader.reading.submission import submission_from_data

    if student is None and exercise.family is not None:
        raise GraderError(f"exercise '{exercise.id}' gives each student their own numbers; say whose "
                          "answers these are with student=")
    for key, answer in answers.items():
        if isinstance(answer, bytes | bytearray):  # numbers are read as YAML reads them
            _text(answer, f"the answer to {key!r}")
    data = {"student": student or ANONYMOUS, "exercise": exercise.id, "answers": dict(answers)}
    return submission_from_data(data, Path(GIVEN))


def _text(value: object, what: str) -> None:
    """An answer is text: bytes would be read as their repr (b'[[1,2]]'), so they are refused."""
    if not isinstance(value, str):
        hint = " (decode it first: .decode('utf-8'))" if isinstance(value, bytes | bytearray) else ""
        raise TypeError(f"{what} must be str, not {type(value).__name__}{hint}")


def _exercise(exercise: Exercise | str | Path) -> Exercise:
    return load_exercise(exercise) if isinstance(exercise, str | Path) else exercise


def grade_class(exercises: Mapping[str, Exercise] | Iterable[str | Path], submissions: Iterable[str | Path],
                out: str | Path, *, responses: str | Path | None = None,
                response_map: str | Path | None = None, attempts: str = "last", unfinished: bool = False,
                jobs: int | None = None, resume: bool = False, student: str | None = None, cache: bool = True,
                reports: Iterable[str] = (), exports: Iterable[str] = (), lang: str | None = None,
                roster: str | Path | None = None, assignment_ids: Mapping[str, str] | None = None,
                moodle_id: str = "idnumber", timestamp: str | None = None,
                on_start: Callable[[int], None] | None = None,
                on_result: Callable[[SubmissionResult], None] | None = None) -> ClassRun:
    """What ``grader grade`` does: grade every submission file (``submissions``: files or
    folders; or, with ``submissions`` empty, the quiz export ``responses`` with its column map
    ``response_map``) against the exercises it names, write ``out/results.json``, then the
    students' reports (``reports``: ``html``, ``md``) and the LMS exports (``exports``:
    ``canvas``, ``moodle``, ``csv``, ``gradescope``, ``lti``, ``junit``), as the command's
    options of the same names do. ``jobs``: worker processes (default: the cores grader may
    use). ``on_start(total)`` and ``on_result(result)`` follow the run. The run's warnings, and
    the exports', are in the result's ``warnings``; nothing is printed."""
    from dataclasses import replace

    from grader.running.batch import default_jobs
    from grader.running.classrun import grade_class as grade
    from grader.running.classrun import grade_responses
    from grader.running.store import run_lock

    files = [Path(s) for s in ([submissions] if isinstance(submissions, str | Path) else submissions)]
    if bool(files) == (responses is not None) or (responses is None) != (response_map is None):
        raise GraderError("give submissions, or responses with response_map (a quiz export and its "
                          "column map)")
    if responses is not None and student is not None:
        raise GraderError("student= regrades one student's files of submissions; a quiz export is "
                          "graded whole (resume=True takes over the rows already graded)")
    if attempts not in ATTEMPTS:
        raise GraderError(f"unknown attempts '{attempts}'; use {' or '.join(ATTEMPTS)}")
    if jobs is not None and not 1 <= jobs <= MAX_JOBS:
        raise GraderError(f"jobs must be between 1 and {MAX_JOBS}")
    language = _language(lang)
    report_formats, export_formats = _chosen(reports, _report_formats()), _chosen(exports, _export_formats())
    loaded = dict(exercises) if isinstance(exercises, Mapping) else load_exercises(exercises)
    options = _export_options(roster, assignment_ids, moodle_id, timestamp) if export_formats else None
    folder, workers = Path(out), jobs or default_jobs()
    with run_lock(folder):  # from grading until the reports and exports are written: one run's files
        if responses is not None and response_map is not None:
            run = grade_responses(loaded, Path(responses), Path(response_map), folder, jobs=workers,
                                  attempts=attempts, cache=cache, resume=resume, unfinished=unfinished,
                                  on_start=on_start, on_result=on_result)
        else:
            run = grade(loaded, files, folder, jobs=workers, resume=resume, student=student, cache=cache,
                        on_start=on_start, on_result=on_result)
        if report_formats:
            from grader.report.write import write_reports as write

            write(loaded, run.report.results, folder / "report", report_formats, language, jobs=workers)
        said: dict[str, None] = {}
        if options is not None:
            from grader.export import EXTENSIONS

            for fmt in export_formats:
                name = fmt if fmt == "gradescope" else f"{fmt}.{EXTENSIONS[fmt]}"
                said |= dict.fromkeys(_export(run.report, fmt, folder / "exports" / name, options,
                                              folder / "results.json")[1])
    return replace(run, warnings=(*run.warnings, *said)) if said else run


def read_results(path: str | Path) -> GradeReport:
    """A ``results.json`` written by grader, as its :class:`~grader.results.model.GradeReport`; a
    :class:`~grader.errors.GraderError` naming the line when it is not one."""
    from grader.results.read import read_results as read

    return read(Path(path))


def write_reports(results: GradeReport | str | Path, out: str | Path, *,
                  exercises: Mapping[str, Exercise] | Iterable[str | Path] | None = None,
                  formats: Iterable[str] = ("html", "md"), lang: str | None = None, reveal: bool = False,
                  jobs: int | None = None) -> list[Path]:
    """What ``grader report`` does: the class overview and every student's report of
    ``results`` (a results.json or its report) in ``out``; returns the files written.
    ``exercises``: the exercises graded (default: the bundled ones); a result of another
    exercise gets no report."""
    from grader.report.write import write_reports as write
    from grader.running.batch import default_jobs

    chosen = _chosen(formats, _report_formats(), empty=False)
    if exercises is None or not isinstance(exercises, Mapping):
        exercises = load_exercises(() if exercises is None else exercises)
    report = _report(results)
    return write(exercises, report.results, Path(out), chosen, _language(lang), reveal,
                 jobs=jobs or default_jobs())


def export_results(results: GradeReport | str | Path, fmt: str, out: str | Path, *,
           roster: str | Path | None = None, assignment_ids: Mapping[str, str] | None = None,
           moodle_id: str = "idnumber", timestamp: str | None = None) -> tuple[list[Path], tuple[str, ...]]:
    """What ``grader export`` does: write ``results`` (a results.json or its report) for an LMS
    in ``fmt`` (``canvas``, ``moodle``, ``csv``, ``gradescope``, ``lti``, ``junit``) to
    ``out``; returns the files written and the warnings. ``timestamp`` (lti): ISO 8601, by
    default the results file's time (for a report in memory: now)."""
    (chosen,) = _chosen((fmt,), _export_formats(), empty=False)
    options = _export_options(roster, assignment_ids, moodle_id, timestamp)
    source = None if _is_report(results) else Path(results)  # type: ignore[arg-type]
    return _export(_report(results), chosen, Path(out), options, source)


def _export(report: GradeReport, fmt: str, out: Path, options: Options,
            source: Path | None) -> tuple[list[Path], tuple[str, ...]]:
    from dataclasses import replace

    from grader.export.write import export as write

    if not options.timestamp:
        import time

        when = source.stat().st_mtime if source is not None else time.time()
        options = replace(options, timestamp=iso_time(when))
    return write(report, fmt, out, options)


def iso_time(seconds: float) -> str:
    """A time as LTI wants it: ISO 8601 in UTC, to the millisecond."""
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _export_options(roster: str | Path | None, assignment_ids: Mapping[str, str] | None, moodle_id: str,
                    timestamp: str | None) -> Options:
    from grader.export.roster import read_roster
    from grader.export.write import Options

    if moodle_id not in MOODLE_IDS:
        raise GraderError(f"unknown moodle_id '{moodle_id}'; use {', '.join(MOODLE_IDS)}")
    people = read_roster(Path(roster)) if roster is not None else None
    return Options(people, dict(assignment_ids or {}), moodle_id, timestamp or "")


def _report(results: GradeReport | str | Path) -> GradeReport:
    return results if _is_report(results) else read_results(results)  # type: ignore[arg-type,return-value]


def _is_report(results: object) -> bool:
    return not isinstance(results, str | Path)


def _report_formats() -> tuple[str, ...]:
    from grader.report import FORMATS

    return tuple(FORMATS)


def _export_formats() -> tuple[str, ...]:
    from grader.export import FORMAT_NAMES

    return FORMAT_NAMES


def _language(lang: str | None) -> str | None:
    from grader.messages import LANGUAGES

    if lang is not None and lang not in LANGUAGES:
        raise GraderError(f"unknown language '{lang}'; use {', '.join(LANGUAGES)}")
    return lang


def _chosen(formats: Iterable[str], allowed: tuple[str, ...], empty: bool = True) -> tuple[str, ...]:
    chosen = (formats,) if isinstance(formats, str) else tuple(formats)
    wrong = [f for f in chosen if f not in allowed] or ([] if chosen or empty else [""])
    if wrong:
        raise GraderError(f"unknown format '{wrong[0]}'; use {', '.join(allowed)}")
    return chosen
