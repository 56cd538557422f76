"""The ``grader`` command: options in, library calls, exit codes out. Nothing else."""

from __future__ import annotations

import math
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from grader.api import ATTEMPTS, MAX_JOBS, MOODLE_IDS, self_check
from grader.api import grade_class as grade_a_class
from grader.api import write_reports as write_class_reports
from grader.errors import EXIT_PROBLEMS, EXIT_USAGE, ExerciseErrors, GraderError, NotFound, OutputError
from grader.exercise import Exercise
from grader.exercise.find import bundled_exercises_dir, load_each_exercise, load_exercises
from grader.exercise.variants import described
from grader.export import FORMAT_NAMES as EXPORT_FORMATS
from grader.limits import DEFAULT_LIMITS
from grader.messages import LANGUAGES, render
from grader.report import FORMATS as REPORT_TEMPLATES
from grader.report.hygiene import printable, unique_file_stems
from grader.report.terminal import check_view, mapping_view, solution_view
from grader.results.model import SubmissionResult
from grader.results.reveal import self_check_data
from grader.results.write import dumps
from grader.running.batch import Job, Reading, default_jobs
from grader.running.gctuning import settle_for_a_command
from grader.running.store import write_atomic
from grader.serve.limits import DEFAULT_SERVE_LIMITS as SERVING

if TYPE_CHECKING:
    from grader.exercise.wherelines import Proposal
    from grader.export.write import Options
    from grader.running.classrun import ClassRun

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
# the choices and defaults are the library's; a module that would slow every command's start
# is read only when its choice is shown or checked (LibraryChoice)
REPORT_FORMATS = tuple(REPORT_TEMPLATES)
GRADING = grade_a_class.__kwdefaults__ or {}
REPORTING = write_class_reports.__kwdefaults__ or {}


class LibraryChoice(click.Choice):
    """A choice of the values ``module.name`` holds, imported when first needed."""

    def __init__(self, module: str, name: str) -> None:
        super().__init__(())
        self.source = (module, name)

    @property
    def choices(self) -> tuple[str, ...]:
        from importlib import import_module

        module, name = self.source
        return tuple(getattr(import_module(module), name))

    @choices.setter
    def choices(self, _value: object) -> None:
        """click sets the choices it is given; these come from the library instead."""


def __getattr__(name: str) -> object:
    """``STUDENT_ID_FIELDS``: Gradescope's, read when asked for."""
    if name == "STUDENT_ID_FIELDS":
        from grader.running.gradescope_upload import STUDENT_ID_FIELDS

        return STUDENT_ID_FIELDS
    raise AttributeError(name)


def _finite(_context: click.Context, _parameter: click.Parameter, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter("must be a number (not nan or inf)")
    return value


class Progress:
    """count, rate and ETA on stderr; redrawn in place on a terminal, a line every few
    seconds otherwise (so CI logs stay short)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self.shown = 0.0
        self.tty = sys.stderr.isatty()

    def start(self, total: int) -> None:
        self.total, self.started = total, time.monotonic()

    def advance(self, _result: SubmissionResult) -> None:
        self.done += 1
        now = time.monotonic()
        if self.quiet or (now - self.shown < (0.1 if self.tty else 5.0) and self.done < self.total):
            return
        self.shown = now
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0
        line = f"graded {self.done}/{self.total}  {rate:.1f}/s  ETA {int(eta // 60)}:{int(eta % 60):02d}"
        click.echo(("\r" + line) if self.tty else line, err=True, nl=not self.tty)

    def finish(self) -> None:
        if self.tty and not self.quiet and self.done:
            click.echo("", err=True)


@contextmanager
def _writing(what: object) -> Iterator[None]:
    """An OSError while writing ``what`` is an OutputError that says what could not be
    written and why."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write {what}: {exc.strerror or exc}") from exc


def _formats(text: str, allowed: tuple[str, ...], option: str, empty: bool = False) -> tuple[str, ...]:
    """``html,md`` -> ("html", "md"); a GraderError for an unknown one."""
    chosen = tuple(f for f in text.replace(" ", "").split(",") if f)
    wrong = [f for f in chosen if f not in allowed] or ([] if chosen or empty else [text])
    if wrong:
        raise GraderError(f"unknown format '{wrong[0]}' for {option}; use {', '.join(allowed)} "
                          f"(several with commas: {option} {','.join(allowed[:2])})")
    return chosen


def _fail(error: GraderError, lang: str = "en") -> None:
    """The error on stderr: one line (a line per problem of several exercise files); in
    ``lang`` where the error is a coded message."""
    if isinstance(error, ExerciseErrors):
        for one in error.errors:
            click.echo(printable(_worded(one, lang)), err=True)
    else:
        click.echo(f"error: {printable(_worded(error, lang))}", err=True)


def _worded(error: GraderError, lang: str) -> str:
    """``file:line: message`` in ``lang`` when the error carries a message code; as written
    (English) when it does not."""
    if error.code is None or lang == "en":
        return str(error)
    text = render(error.code, error.params, lang)
    return f"{error.where}: {text}" if error.where else text


_EXPORT_OPTIONS = (
    click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="CSV joining student ids to LMS identities, for the exports: id, name, email, "
                      "sis_user_id, sis_login_id, section."),
    click.option("--assignment-id", "assignment_ids", multiple=True, metavar="EXERCISE=ID",
                 help="Canvas assignment id of an exercise; repeat for more."),
    click.option("--moodle-id", type=click.Choice(MOODLE_IDS), default=GRADING["moodle_id"],
                 show_default=True, help="Which identifier Moodle matches students on."),
    click.option("--timestamp", help="For lti: ISO 8601 time of the scores (default: the results file's)."),
)


def export_options(command: F) -> F:
    """The options of the exports, defined once for ``grade --export`` and ``export``."""
    for option in reversed(_EXPORT_OPTIONS):
        command = option(command)
    return command


def _export_settings(roster: Path | None, assignment_ids: tuple[str, ...], moodle_id: str,
                     timestamp: str | None, reveal: bool | None = None) -> Options:
    """The exports' options from the command line (without --timestamp: the results file's
    time, set when it is written); a roster or --assignment-id that cannot be used is a
    GraderError, before anything is graded."""
    from grader.export.roster import read_roster
    from grader.export.write import Options

    people = read_roster(roster) if roster is not None else None
    return Options(people, _assignment_ids(assignment_ids), moodle_id, timestamp or "", reveal)


def _stamped(options: Options, results: Path) -> Options:
    from dataclasses import replace

    return options if options.timestamp else replace(options, timestamp=_iso(results.stat().st_mtime))


class Commands(click.Group):
    """The one place a user's error becomes what the user sees: its line(s) on stderr and the
    exit code the error carries (GraderError.exit_code), as click does for its own errors."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraderError as exc:
            _fail(exc)
            raise click.exceptions.Exit(exc.exit_code) from exc


@click.group(cls=Commands)
@click.version_option(package_name="grader")
def cli() -> None:
    """Grade calculus and gradient-descent exercises, and explain the mistakes."""


@cli.command()
@click.argument("exercises", nargs=-1, required=True)
@click.option("--all-variants", is_flag=True,
              help="Check every variant of a parameterised exercise, not the usual sample.")
@click.option("--all-failing", is_flag=True,
              help="List every failing variant, not only the first 20.")
@click.option("--variant-of", "variant_of", metavar="STUDENT",
              help="Print the parameters of this student's variant of each exercise.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The class's roster (CSV with an id column): warn when 'where' leaves fewer "
                   "variants than it has students.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the problems found that grader words in either (YAML and JSON errors, "
                   "a learning rate of 0 or less); the others are in English.")
def validate(exercises: tuple[str, ...], all_variants: bool, all_failing: bool,
             variant_of: str | None, roster: Path | None, lang: str) -> None:
    """Check exercise files (or bundled exercise ids): schema, expressions, expected answers,
    and every variant's numbers (a sample of them when there are more than 1,000)."""
    from grader.exercise.variantcheck import SHOWN as SHOWN_VARIANTS
    from grader.exercise.variantcheck import (
        check_variants,
        coincidence_warnings,
        few_variants_warning,
        fixed_warnings,
    )
    from grader.export.roster import read_roster

    students = len(read_roster(roster)) if roster is not None else None
    problems = missing = 0
    for name in exercises:
        try:
            loaded, errors = load_each_exercise([name])
        except GraderError as exc:
            missing += isinstance(exc, NotFound)
            problems += 1
            _fail(exc, lang)
            continue
        if errors:
            problems += len(errors)
            _fail(ExerciseErrors(errors), lang)
        for exercise in loaded.values():
            for warning in (*exercise.warnings, *fixed_warnings(exercise)):
                click.echo(f"warning: {printable(warning)}", err=True)
            if variant_of is not None:
                _print_variant(exercise, variant_of)
            variants = check_variants(exercise, all_variants)
            if variants is not None:
                few = few_variants_warning(exercise, variants, students)
                for warning in (*coincidence_warnings(exercise, variants), *([few] if few else [])):
                    click.echo(f"warning: {printable(warning)}", err=True)
            if variants is not None and variants.failing:
                problems += variants.failing
                listed = variants.failures if all_failing else variants.failures[:SHOWN_VARIANTS]
                for failure in listed:
                    for error in failure:
                        _fail(error, lang)
                hidden = variants.failing - len(listed)
                more = f" ({hidden} more not listed{'' if all_failing else '; --all-failing lists them'})"
                click.echo(f"error: {exercise.path}: {variants.failing} of {variants.checked} variants "
                           f"checked fail{more if hidden > 0 else ''}", err=True)
                if variants.proposal is not None:
                    _print_proposal(exercise, variants.proposal, variants.checked)
                continue
            checked = "all" if variants is None or variants.checked >= variants.total else variants.checked
            counted = "" if variants is None else \
                f", {variants.total} variant{'' if variants.total == 1 else 's'} ({checked} checked)"
            click.echo(f"ok: {exercise.path} ({exercise.id}, {len(exercise.tasks)} tasks, "
                       f"{float(exercise.max_score):g} points{counted})")
    sys.exit(EXIT_USAGE if missing else EXIT_PROBLEMS if problems else EXIT_OK)


def _print_proposal(exercise: Exercise, proposal: Proposal, checked: int) -> None:
    """The 'where' lines derived for the clashes, and what they do to the variants checked."""
    where = exercise.family.where_line() if exercise.family is not None else None
    place = f"{exercise.path}:{where}" if where is not None else exercise.path
    if proposal.lines:
        lines = ", ".join(f'"{line}"' for line in proposal.lines)
        if proposal.exact:
            effect = f"they exclude exactly the {proposal.failing} failing variants of the {checked} checked"
        else:
            effect = (f"they exclude {proposal.excluded_failing} of the {proposal.failing} failing variants "
                      f"of the {checked} checked, and {proposal.excluded_passing} that pass")
            left = proposal.failing - proposal.excluded_failing
            if left:
                effect += f"; the other {left} fail for other reasons (--all-failing lists them)"
        click.echo(f"hint: {place}: add to 'where': {lines}; {effect}", err=True)
    for clash in proposal.underived:
        click.echo(f"hint: {place}: no 'where' line could be derived for {clash}: the answers agree "
                   "only at the task's tolerance, or grader cannot compute them with the parameters as "
                   "letters; see the failing variants with --all-failing and exclude them by hand", err=True)


def _print_variant(exercise: Exercise, student: str) -> None:
    if exercise.family is None:
        click.echo(f"{exercise.id}: one version for everyone (no parameters)")
        return
    try:
        own = exercise.for_student(student)
    except GraderError as exc:  # no student id, or a variant that cannot be computed
        _fail(exc)
        return
    click.echo(f"{exercise.id}: student {printable(student)} gets {described(own.variant)}")


@cli.command("solve")
@click.argument("exercise")
@click.option("--student", help="The worked solution of this student's own variant.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the words (default: the exercise's).")
def solve_command(exercise: str, student: str | None, lang: str | None) -> None:
    """Print the worked solution of an exercise (of a student's variant, with --student)."""
    from grader.exercise.solution import solve
    from grader.report.labels import gettext_for

    loaded = load_exercises([exercise])
    chosen = [item.for_student(student) if student is not None else item for item in loaded.values()]
    for item in chosen:
        if item.variant:
            t = gettext_for(lang or item.lang)
            who = f"{t('student')} {printable(student)}" if student is not None else t("first variant")
            click.echo(f"{who}: " + described(item.variant))
        click.echo(solution_view(item, solve(item, lang)))


@cli.command()
@click.argument("exercise")
@click.argument("submission", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reveal/--no-reveal", default=None,
              help="Show the expected answers and full diagnoses, or not (default: the exercise's "
                   "feedback: {reveal: ...}, else not).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON instead.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the feedback report as HTML to this file.")
@click.option("--markdown", "markdown_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the feedback report as Markdown to this file.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the words (default: the exercise's).")
@click.option("--fail-under", type=float, metavar="SCORE", callback=_finite,
              help="Exit 1 when the score is below SCORE or not final (for CI-based courses).")
@click.option("--student", help="Who it is for, when the file does not say (notes without front matter).")
@click.option("--notes", "as_notes", is_flag=True,
              help="Read the file as notes (any text file with Markdown and LaTeX).")
@click.option("--show-mapping", is_flag=True, help="Print where in the notes each task's answer was found.")
def check(exercise: str, submission: Path, reveal: bool | None, as_json: bool, html_file: Path | None,
          markdown_file: Path | None, lang: str | None, fail_under: float | None,
          student: str | None, as_notes: bool, show_mapping: bool) -> None:
    """Check one submission against one exercise: a student's self-check. The submission may
    be a student's own notes (Markdown with LaTeX, a notebook): grader finds the answers."""
    loaded = load_exercises([exercise])
    chosen = next(iter(loaded.values()))
    # the file name may stand for the student of a fixed exercise; with variants, whose
    # numbers are graded must be said (front matter or --student), never made up
    named = student or (submission.stem if chosen.family is None else None)
    job = Job(0, str(submission), reading=Reading(named, chosen.id, as_notes))
    checked = self_check(loaded, chosen, job, reveal)  # withheld, not only hidden: --json too
    result, the_exercise, revealed = checked.result, checked.exercise, checked.revealed
    if show_mapping and result.status == "graded":
        click.echo(mapping_view(the_exercise, result, lang or the_exercise.lang))
    for path, fmt in ((html_file, "html"), (markdown_file, "md")):
        if path is not None:
            from grader.report.write import student_report  # jinja2 only when a report is asked

            with _writing(path):
                write_atomic(path, student_report(the_exercise, result, fmt, lang, revealed))
    if as_json:
        click.echo(dumps(self_check_data(result, revealed)), nl=False)
    else:
        click.echo(check_view(the_exercise, result, revealed, lang))
    if fail_under is not None and (result.score is None or result.needs_review or result.score < fail_under):
        sys.exit(EXIT_PROBLEMS)  # a score that is not final is no pass
    sys.exit(EXIT_OK if result.status == "graded" else EXIT_PROBLEMS)


@cli.command()
@click.argument("exercises", nargs=-1)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 for every network (put it behind TLS).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--reveal/--no-reveal", default=None,
              help="Show the expected answers and full diagnoses after a check, or not (default: each "
                   "exercise's feedback: {reveal: ...}).")
@click.option("--workers", type=click.IntRange(0, MAX_JOBS), default=SERVING.workers, show_default=True,
              help="Checking processes (0: the cores grader may use).")
@click.option("--queue", type=click.IntRange(0, 10_000), default=SERVING.queue, show_default=True,
              help="Checks that may wait for a worker; beyond that the server answers busy (503).")
@click.option("--checks-per-client", type=click.IntRange(0), default=SERVING.checks_per_client,
              show_default=True, help="Checks one address may have running or waiting (0: no limit); "
                                      "beyond that the server answers 429.")
@click.option("--read-seconds", type=click.FloatRange(1), default=SERVING.read_seconds, show_default=True,
              help="Time a client has to send a request's headers, and then its body; beyond it the "
                   "connection is closed.")
@click.option("--keep-alive", type=click.FloatRange(1), default=SERVING.keep_alive_seconds, show_default=True,
              metavar="SECONDS", help="How long an idle connection is kept open between requests.")
@click.option("--max-connections", type=click.IntRange(1), default=SERVING.max_connections, show_default=True,
              help="Open connections; beyond that new requests are answered busy (503).")
@click.option("--forwarded-allow-ips", metavar="IPS",
              help="The proxies (comma-separated addresses, or *) whose X-Forwarded-For names the client; "
                   "by default no one's is believed.")
@click.option("--max-body", type=click.IntRange(1024), default=SERVING.max_body_bytes, show_default=True,
              metavar="BYTES", help="Largest request (other than notes).")
@click.option("--max-answer", type=click.IntRange(1, DEFAULT_LIMITS.max_length),
              default=SERVING.max_answer_chars, show_default=True, metavar="CHARS", help="Longest answer.")
@click.option("--max-notes", type=click.IntRange(1024), default=SERVING.max_notes_bytes, show_default=True,
              metavar="BYTES", help="Largest notes upload (.md, .ipynb).")
@click.option("--rate", type=click.IntRange(0), default=SERVING.requests_per_minute, show_default=True,
              help="Requests per minute from one address (0: no limit); a preview is a request.")
@click.option("--burst", type=click.IntRange(1), default=SERVING.burst, show_default=True,
              help="Requests one address may send at once.")
@click.option("--collect", "collect_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Collect mode: students hand in with their personal link (grader tokens); hand-ins are "
                   "stored in this folder, which grader grade reads. Needs --roster.")
@click.option("--tokens", "tokens_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Personal links without collecting: the folder grader tokens made the links with; each "
                   "student's link opens their own numbers, and nothing is handed in. Needs --roster.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --collect or --tokens: the class, a CSV with an 'id' column (and 'name'), as for "
                   "grader tokens.")
@click.option("--secret", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --collect or --tokens: the course secret's file, as given to grader tokens "
                   "(default: the folder's .grader-secret).")
@click.option("--open-variants", is_flag=True,
              help="Any visitor may type any student number and see that student's numbers and check "
                   "with them: for a classroom where that is fine. By default a variant exercise's "
                   "numbers are given with a personal link only.")
def serve(exercises: tuple[str, ...], host: str, port: int, reveal: bool | None, workers: int, queue: int,
          checks_per_client: int, read_seconds: float, keep_alive: float, max_connections: int,
          forwarded_allow_ips: str | None, max_body: int, max_answer: int, max_notes: int, rate: int,
          burst: int, collect_dir: Path | None, tokens_dir: Path | None, roster: Path | None,
          secret: Path | None, open_variants: bool) -> None:
    """Serve the self-check pages and the JSON API (default: every bundled exercise); with
    --collect, also the students' hand-ins; with --tokens, personal links without hand-ins."""
    from grader.serve import ServeLimits
    from grader.serve import serve as run
    from grader.serve.collect import Collector, PersonalLinks
    from grader.serve.run import is_local

    if collect_dir is not None and tokens_dir is not None:
        raise GraderError("give --collect DIR (hand-ins) or --tokens DIR (personal links only), not both")
    folder = collect_dir or tokens_dir
    if (folder is None) != (roster is None) or (secret is not None and folder is None):
        raise GraderError("collect mode takes --collect DIR and --roster R.csv together (personal links "
                          "without hand-ins: --tokens DIR and --roster R.csv; --secret FILE only with them)")
    loaded = load_exercises(list(exercises) or [str(bundled_exercises_dir())])
    collector: Collector | PersonalLinks | None = None
    if folder is not None and roster is not None:
        collector = Collector.open(folder, roster, secret, exercises=loaded)
        if tokens_dir is not None:
            collector = PersonalLinks(collector)
    limits = ServeLimits(max_body_bytes=max_body, max_answer_chars=max_answer, max_notes_bytes=max_notes,
                         requests_per_minute=rate, burst=burst, workers=workers, queue=queue,
                         checks_per_client=checks_per_client, read_seconds=read_seconds,
                         keep_alive_seconds=keep_alive, max_connections=max_connections)
    if not is_local(host):
        click.echo(f"warning: serving on {printable(host)}, reachable from other machines: put it behind "
                   "a TLS proxy (answers and student ids travel in the clear otherwise)", err=True)

    def ready(url: str) -> None:
        click.echo(f"grader serve: {len(loaded)} exercises at {url} (Ctrl-C stops)", err=True)
        if collector is not None and collector.collects:
            where = printable(str(collect_dir))
            click.echo(f"collecting hand-ins of {len(collector.roster)} student(s) in {where}", err=True)
        elif collector is not None:
            count = len(collector.roster)
            click.echo(f"personal links of {count} student(s); nothing is handed in", err=True)
        if open_variants:
            click.echo("warning: --open-variants: any visitor can see any student's numbers", err=True)

    run(loaded, host=host, port=port, reveal=reveal, limits=limits, on_ready=ready, collector=collector,
        forwarded_allow_ips=forwarded_allow_ips, open_variants=open_variants)


@cli.command()
@click.argument("exercises", nargs=-1, required=True)
@click.option("--submissions", "-s", multiple=True,
              type=click.Path(exists=True, path_type=Path),
              help="A submission file or a folder of them; repeat for more.")
@click.option("--responses", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A quiz export (Moodle responses, Canvas student analysis) instead; needs --map.")
@click.option("--map", "response_map", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML saying which column of --responses is the student and which answers what.")
@click.option("--attempts", type=click.Choice(ATTEMPTS), default=GRADING["attempts"], show_default=True,
              help="With --responses: which attempt of a student counts.")
@click.option("--unfinished", is_flag=True,
              help="With --responses: grade attempts not finished (In progress, Never submitted) too.")
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for results.json.")
@click.option("--jobs", "-j", type=click.IntRange(1, MAX_JOBS), default=None,
              help="Worker processes (default: the machine's cores).")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
@click.option("--resume", is_flag=True, help="Continue an interrupted run without regrading.")
@click.option("--student", help="Regrade one student and merge into the existing results.")
@click.option("--export", "export_formats", default="", metavar="canvas,moodle,...",
              help=f"Also write OUT/exports/<format>.<ext> for: {', '.join(EXPORT_FORMATS)}.")
@export_options
@click.option("--no-cache", is_flag=True,
              help="Grade every answer, also one graded before in this run (for measuring).")
@click.option("--report", "report_formats", default="", metavar="html,md",
              help="Also write each student's feedback report to OUT/report/students/.")
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the reports (default: each exercise's).")
@click.option("--reveal/--no-reveal", default=None,
              help="In the students' reports and the exports' feedback: show the expected answers and "
                   "full diagnoses, or not (default: each exercise's feedback: {reveal: ...}).")
def grade(exercises: tuple[str, ...], submissions: tuple[Path, ...], out: Path, jobs: int | None,
          responses: Path | None, response_map: Path | None, attempts: str, unfinished: bool, quiet: bool,
          resume: bool, student: str | None, export_formats: str, roster: Path | None,
          assignment_ids: tuple[str, ...], moodle_id: str, timestamp: str | None, no_cache: bool,
          report_formats: str, lang: str | None, reveal: bool | None) -> None:
    """Grade a class: every submission against the exercise it names; write OUT/results.json."""
    from grader.running.store import run_lock

    if bool(submissions) == bool(responses) or bool(responses) != bool(response_map):
        raise GraderError("give --submissions, or --responses with --map (a quiz export and its column map)")
    if responses is not None and student is not None:
        raise GraderError("--student regrades one student's files of --submissions; a quiz export is "
                          "graded whole (--resume takes over the rows already graded)")
    formats = _formats(report_formats, REPORT_FORMATS, "--report", empty=True)
    exports = _formats(export_formats, EXPORT_FORMATS, "--export", empty=True)
    cores = default_jobs()
    if jobs is not None and jobs > cores:
        click.echo(f"warning: --jobs {jobs} is more than the {cores} core(s) grader may use here; each "
                   f"worker warms its own caches, so --jobs {cores} grades sooner", err=True)
    loaded = load_exercises(list(exercises))
    settings = _export_settings(roster, assignment_ids, moodle_id, timestamp, reveal) if exports else None
    with run_lock(out):  # from grading until the reports and exports are written: one run's files
        run = _graded(loaded, submissions, out, jobs or cores, responses, response_map, attempts, unfinished,
                      quiet, resume, student, not no_cache)
        if formats:
            from grader.report.write import write_reports

            with _writing(f"the reports in {out / 'report'}"):
                write_reports(loaded, run.report.results, out / "report", formats, lang, reveal,
                              jobs=jobs or cores)
        if settings is not None:
            _write_exports(run, out, exports, settings, _summary_language(loaded, lang))
    said = _summary_language(loaded, lang)
    _summary(run, out, said)
    if formats:
        click.echo(render("grade-summary-report", {"path": printable(out / "report" / f"index.{formats[0]}")},
                          said), err=True)
    if exports:
        click.echo(render("grade-summary-exports", {"path": printable(out / "exports")}, said), err=True)
    sys.exit(EXIT_PROBLEMS if run.errors or run.unmatched else EXIT_OK)


def _graded(loaded: dict[str, Exercise], submissions: tuple[Path, ...], out: Path, jobs: int,
            responses: Path | None, response_map: Path | None, attempts: str, unfinished: bool, quiet: bool,
            resume: bool, student: str | None, cache: bool) -> ClassRun:
    """The class graded into ``out`` (``grade_class``, or ``grade_responses`` for a quiz export),
    with its progress on stderr; interrupted: what was graded is kept."""
    from grader.running.classrun import grade_class, grade_responses  # a self-check needs neither

    progress = Progress(quiet)
    try:
        if responses is not None and response_map is not None:
            run = grade_responses(loaded, responses, response_map, out, jobs=jobs, attempts=attempts,
                                  cache=cache, resume=resume, unfinished=unfinished, on_start=progress.start,
                                  on_result=progress.advance)
        else:
            run = grade_class(loaded, list(submissions), out, jobs=jobs, resume=resume, student=student,
                              cache=cache, on_start=progress.start, on_result=progress.advance)
    except KeyboardInterrupt:
        progress.finish()
        click.echo(f"interrupted: what was graded is kept in {out}; run again with --resume", err=True)
        sys.exit(130)
    except GraderError:
        progress.finish()  # the error's line starts a line of its own
        raise
    progress.finish()
    return run


def _write_exports(run: ClassRun, out: Path, exports: tuple[str, ...], settings: Options, lang: str) -> None:
    from grader.export.write import EXTENSIONS, export

    said: dict[str, None] = {}  # the gradebook's warnings are the same for every format: said once
    with _writing(f"the exports in {out / 'exports'}"):
        options = _stamped(settings, out / "results.json")
        for fmt in exports:
            target = out / "exports" / (fmt if fmt == "gradescope" else f"{fmt}.{EXTENSIONS[fmt]}")
            _, warnings = export(run.report, fmt, target, options, lang)
            said |= dict.fromkeys(warnings)
    for warning in said:
        click.echo(render("warning-line", {"warning": printable(warning)}, lang), err=True)


@cli.command()
@click.argument("results", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the reports.")
@click.option("--exercises", "-e", "exercise_names", multiple=True,
              help="Exercise files or folders (default: the bundled exercises); repeat for more.")
@click.option("--format", "report_formats", default=",".join(REPORTING["formats"]), metavar="html,md",
              show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language (default: the exercises').")
@click.option("--reveal/--no-reveal", default=None,
              help="In the students' reports: show the expected answers, worked steps and full "
                   "diagnoses, or not (default: each exercise's feedback: {reveal: ...}).")
def report(results: Path, out: Path, exercise_names: tuple[str, ...], report_formats: str,
           lang: str | None, reveal: bool | None) -> None:
    """Render the reports of a saved results.json again, without regrading."""
    from grader.report.write import write_reports
    from grader.results.read import read_results

    formats = _formats(report_formats, REPORT_FORMATS, "--format")
    loaded = load_exercises(list(exercise_names) or [str(bundled_exercises_dir())])
    saved = read_results(results)
    missing = sorted({r.exercise for r in saved.results if r.exercise and r.exercise not in loaded})
    for exercise_id in missing:
        click.echo(f"warning: no exercise '{printable(exercise_id)}' given; its submissions get no "
                   "report (name its file with --exercises)", err=True)
    with _writing(f"the reports in {out}"):
        written = write_reports(loaded, saved.results, out, formats, lang, reveal, jobs=default_jobs())
    click.echo(f"{len(written)} files written to {printable(out)}", err=True)


@cli.command("template")
@click.argument("exercise")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the sheet here (default: stdout).")
@click.option("--student", help="The student it is for (needed when the exercise has variants).")
def template_command(exercise: str, out: Path | None, student: str | None) -> None:
    """Write a Markdown answer sheet for an exercise, for a student to fill in."""
    from grader.reading.answer_sheet import template

    loaded = load_exercises([exercise])
    needs = [e.id for e in loaded.values() if e.family is not None]
    if needs and student is None:  # a sheet of no one's numbers would be answered with the wrong ones
        raise GraderError(f"exercise '{needs[0]}' gives every student their own numbers (and prompts): "
                          "give --student ID (your student number) for a sheet with yours")
    sheets = [template(e.for_student(student) if student is not None else e, student)
              for e in loaded.values()]
    text = "\n".join(sheets)
    if out is None:
        click.echo(text, nl=False)
        return
    with _writing(out):
        write_atomic(out, text)


@cli.command("sheet")
@click.argument("exercise")
@click.option("--student", help="The sheet of this student (printed as Markdown without --out).")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A sheet for every student of this CSV (columns id, name, ...).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the sheets: OUT/<student>--<exercise>.<format>.")
@click.option("--format", "formats", default="md", metavar="md,html", show_default=True,
              help="Sheet formats to write.")
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the labels (default: the exercise's).")
def sheet_command(exercise: str, student: str | None, roster: Path | None, out: Path | None,
                  formats: str, lang: str | None) -> None:
    """Each student's exercise sheet, with their own numbers when the exercise has parameters."""
    from grader.export.roster import read_roster
    from grader.report.exercise_sheets import render_sheet, sheet_view

    chosen = _formats(formats, REPORT_FORMATS, "--format")
    if (student is None) == (roster is None):
        raise GraderError("give --student ID or --roster ROSTER.csv (one of them)")
    if roster is not None and out is None:
        raise GraderError("--roster writes one sheet per student: give --out DIR")
    loaded = load_exercises([exercise])
    people = [(student, None)] if student is not None else \
        [(p.id, p.name or None) for p in read_roster(roster)]  # type: ignore[arg-type]
    views = [sheet_view(e, who, name) for e in loaded.values() for who, name in people]
    languages = {e.id: lang or e.lang for e in loaded.values()}
    if out is None:
        click.echo("\n".join(render_sheet(v, "md", languages[v.exercise]) for v in views), nl=False)
        return
    stems = unique_file_stems([f"{v.student}--{v.exercise}" for v in views])
    with _writing(out):
        for view in views:
            for fmt in chosen:
                write_atomic(out / f"{stems[f'{view.student}--{view.exercise}']}.{fmt}",
                             render_sheet(view, fmt, languages[view.exercise]))
    click.echo(f"{len(views)} sheet(s) in {printable(out)}", err=True)


@cli.command("tokens")
@click.option("--roster", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The class: a CSV with an 'id' column (and 'name').")
@click.option("--collect", "--tokens", "folder", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The folder hand-ins are collected in, or (--tokens) the one grader serve --tokens is "
                   "given (its .grader-secret is made on first use).")
@click.option("--secret", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The course secret's file, instead of FOLDER/.grader-secret.")
@click.option("--base-url", help="The address students open, as they reach grader serve (default: its own, "
                                "http://127.0.0.1:8000).")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the CSV here (default: stdout).")
def tokens_command(roster: Path, folder: Path, secret: Path | None, base_url: str | None,
                   out: Path | None) -> None:
    """Each student's personal hand-in link, as CSV for a mail merge: id, name, token, link."""
    from grader.serve.collect import DEFAULT_BASE_URL, Collector, tokens_csv

    text = tokens_csv(Collector.open(folder, roster, secret), base_url or DEFAULT_BASE_URL)
    if out is None:
        click.echo(text, nl=False)
        return
    with _writing(out):
        write_atomic(out, text)
    click.echo(f"{text.count(chr(10)) - 1} link(s) written: {printable(out)}", err=True)


@cli.command("gradescope-bundle")
@click.argument("exercises", nargs=-1, required=True)
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The autograder zip to write.")
@click.option("--student-id", type=LibraryChoice("grader.running.gradescope_upload", "STUDENT_ID_FIELDS"),
              default="sid", show_default=True,
              help="Which of Gradescope's fields holds the student's id as your exercises know it: "
                   "sid (the roster's student ID) or email.")
def gradescope_bundle(exercises: tuple[str, ...], out: Path, student_id: str) -> None:
    """Build Gradescope's autograder zip: setup.sh, run_autograder, grader's wheel, the exercises."""
    from grader.exercise import exercise_files
    from grader.exercise.find import resolve_exercise_paths
    from grader.export.gradescope_bundle import bundle

    load_exercises(list(exercises))  # refuse a broken exercise before anything is built
    with _writing(out):
        paths = list(exercise_files(resolve_exercise_paths(list(exercises))))
        bundle(paths, out, student_id)
    click.echo(f"written: {printable(out)} ({len(paths)} exercise(s)); upload it as the autograder", err=True)


@cli.command("autograde", hidden=True)
@click.option("--exercises", required=True, type=click.Path(path_type=Path))
@click.option("--submission", required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--metadata", type=click.Path(dir_okay=False, path_type=Path),
              help="Gradescope's submission_metadata.json: who uploaded (without it, the file's student).")
@click.option("--student-id", type=LibraryChoice("grader.running.gradescope_upload", "STUDENT_ID_FIELDS"),
              default="sid", show_default=True,
              help="The field of the metadata's users that holds the student's id.")
def autograde(exercises: Path, submission: Path, out: Path, metadata: Path | None, student_id: str) -> None:
    """Grade a Gradescope upload into results.json (run_autograder calls this). Always writes
    results.json: a problem with the upload is a result that says so, never an exit code."""
    from grader.running.gradescope_upload import autograde as grade_upload

    with _writing(out):
        write_atomic(out, grade_upload(exercises, submission, metadata, student_id))


@cli.command("schema")
@click.argument("which", type=LibraryChoice("grader.exercise.schema", "SCHEMAS"))
def schema_command(which: str) -> None:
    """Print the JSON Schema of an exercise or a submission file (for editors)."""
    from grader.exercise.schema import schema_json

    click.echo(schema_json(which), nl=False)


@cli.command("export")
@click.argument("results", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS))
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path),
              help="The file to write (a folder for gradescope with several submissions).")
@export_options
@click.option("--reveal/--no-reveal", default=None,
              help="In the feedback students read (moodle, lti, gradescope): the expected answers and full "
                   "diagnoses, or not (default: each exercise's feedback: {reveal: ...}).")
def export_command(results: Path, fmt: str, out: Path, roster: Path | None, assignment_ids: tuple[str, ...],
                   moodle_id: str, timestamp: str | None, reveal: bool | None) -> None:
    """Export a saved results.json for an LMS: canvas, moodle, csv, gradescope, lti or junit."""
    from grader.export.write import export
    from grader.results.read import read_results

    _not_over_an_input(out, results)
    saved = read_results(results)
    options = _stamped(_export_settings(roster, assignment_ids, moodle_id, timestamp, reveal), results)
    with _writing(out):
        written, warnings = export(saved, fmt, out, options)
    for warning in warnings:
        click.echo(f"warning: {printable(warning)}", err=True)
    where = written[0] if len(written) == 1 else out
    click.echo(f"{len(written)} file(s) written: {printable(where)}", err=True)


def _not_over_an_input(out: Path, results: Path) -> None:
    """An export written over the results it is made from, or over an exercise or submission
    file, loses what it replaces (the grades came back only by grading again)."""
    if not out.exists() or out.is_dir():
        return
    if out.resolve() == results.resolve():
        raise GraderError(f"--out {printable(out)} would write over the results it exports; "
                          "give another --out")
    if out.suffix.lower() in (".yaml", ".yml"):
        raise GraderError(f"--out {printable(out)} would write over a YAML file; give another --out")


def _assignment_ids(pairs: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        exercise, separator, number = pair.partition("=")
        if not separator or not exercise.strip() or not number.strip():
            raise GraderError("--assignment-id wants EXERCISE=ID, as in gradient-descent=12345; "
                              f"got '{pair}'")
        found[exercise.strip()] = number.strip()
    return found


def _iso(seconds: float) -> str:
    from grader.api import iso_time

    return iso_time(seconds)


def _summary(run: ClassRun, out: Path, lang: str) -> None:
    """The run in words, on stderr, in ``lang``: stdout is for machine output only."""
    from grader.report.labels import gettext_for
    from grader.results.model import error_text

    results = run.report.results
    verdicts = Counter(t.verdict for r in results for t in r.tasks)
    review = sum(1 for r in results if r.needs_review)
    say = partial(click.echo, err=True)
    word = gettext_for(lang)
    for warning in run.warnings:
        say(f"warning: {printable(warning)}")
    counts = {"count": len(results), "graded": len(results) - run.errors, "errors": run.errors,
              "review": review, "now": run.graded_now, "resumed": run.reused}
    say(render("grade-summary", {k: str(v) for k, v in counts.items()}, lang))
    shown = ", ".join(f"{word(v)} {verdicts[v]}" for v in sorted(verdicts))
    say(render("grade-summary-answers", {"verdicts": shown}, lang))
    for result in results:
        if result.status == "error":
            say("  " + render("grade-summary-error", {"error": printable(error_text(result, lang))}, lang))
    say(render("grade-summary-results", {"path": printable(out / "results.json")}, lang))


def _summary_language(exercises: dict[str, Exercise], lang: str | None) -> str:
    """--lang, else the exercises' language when they share one, else English."""
    if lang is not None:
        return lang
    languages = {e.lang for e in exercises.values()}
    return languages.pop() if len(languages) == 1 else "en"


def main() -> None:
    """The program's entry point (not the tests'): the process ends without tearing down the
    interpreter, as freeing SymPy's caches object by object is a noticeable part of a short
    command; every command writes its files atomically and closes them, and joins its workers
    (with one still alive, the interpreter exits the usual way)."""
    settle_for_a_command()
    try:
        cli(prog_name="grader")
    except SystemExit as exc:
        code = exc.code
    else:
        code = EXIT_OK
    import multiprocessing  # loaded already by then: the batch engine uses it

    if isinstance(code, int) and not multiprocessing.active_children():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
