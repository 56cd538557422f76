"""The gradebook every exporter reads: one row per person (the roster's, in its order, then the
submissions nobody on the roster made), one cell per exercise with a final score or none.

A cell has no score when the submission could not be graded, needs a teacher's look, or is
missing: an LMS must never read any of those as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from html import escape
from typing import Literal

from grader.export.roster import Person
from grader.messages import describe, describe_diagnosis
from grader.report.hygiene import markdown_text
from grader.report.labels import gettext_for
from grader.report.terminal import MARKS
from grader.results.model import ExerciseSummary, GradeReport, Message, SubmissionResult, error_text

CellStatus = Literal["graded", "review", "error", "missing"]


@dataclass(frozen=True)
class Cell:
    exercise: ExerciseSummary
    status: CellStatus
    result: SubmissionResult | None

    @property
    def score(self) -> float | None:
        """The final score, or None: never a false zero."""
        if self.status != "graded" or self.result is None:
            return None
        return self.result.score

    @property
    def feedback(self) -> str:
        return "" if self.result is None else short_feedback(self.result, self.exercise.lang)


@dataclass(frozen=True)
class Row:
    person: Person
    on_roster: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Gradebook:
    exercises: tuple[ExerciseSummary, ...]
    rows: tuple[Row, ...]
    notices: tuple[Message, ...]  # what a teacher must read before uploading, as data

    @property
    def warnings(self) -> tuple[str, ...]:
        """The notices in English."""
        return tuple(describe(n) for n in self.notices)


def gradebook(report: GradeReport, roster: tuple[Person, ...] | None = None) -> Gradebook:
    exercises = tuple(sorted(report.exercises, key=lambda e: e.id))
    by_student: dict[str, dict[str, SubmissionResult]] = {}
    names: dict[str, str] = {}
    warnings: list[Message] = []
    for result in report.results:
        if result.student is None:
            warnings.append(Message("export-no-student", (("submission", result.submission),)))
            continue
        if result.name and result.student not in names:
            names[result.student] = result.name
        if result.exercise is None:  # the student's row stays, with nothing to put in it for this
            by_student.setdefault(result.student, {})
            warnings.append(Message("export-no-exercise", (("student", result.student),
                                                           ("submission", result.submission))))
            continue
        by_student.setdefault(result.student, {})[result.exercise] = result
    people = list(roster or ())
    known = {p.id for p in people}
    warnings += _case_only_differences(people)
    for student in sorted(by_student):
        if student not in known:
            if roster is not None:
                warnings.append(Message("export-not-on-roster", (("student", student),)))
            people.append(Person(student, names.get(student, "")))
    rows = []
    missing: dict[str, int] = {}
    for person in people:
        results = by_student.get(person.id, {})
        cells = tuple(_cell(exercise, results.get(exercise.id)) for exercise in exercises)
        rows.append(Row(person, person.id in known, cells))
        if roster is not None and not results:
            warnings.append(Message("export-no-submission", (("student", person.id),)))
        for cell in cells:
            if cell.status == "missing":
                missing[cell.exercise.id] = missing.get(cell.exercise.id, 0) + 1
            elif cell.status in ("review", "error"):
                code = "export-review-no-score" if cell.status == "review" else "export-error-no-score"
                warnings.append(Message(code, (("student", person.id), ("exercise", cell.exercise.id))))
    warnings += [Message("export-missing", (("exercise", exercise), ("count", str(count))))
                 for exercise, count in sorted(missing.items())]
    return Gradebook(exercises, tuple(rows), tuple(warnings))


def _case_only_differences(people: list[Person]) -> list[Message]:
    """Roster ids that differ only in case (``s01``, ``S01``): two rows, two scores, where an
    LMS that ignores case would see one student twice."""
    groups: dict[str, list[str]] = {}
    for person in people:
        groups.setdefault(person.id.casefold(), []).append(person.id)
    return [Message("export-ids-case", (("ids", ", ".join(repr(i) for i in ids)),))
            for ids in groups.values() if len(ids) > 1]


def _cell(exercise: ExerciseSummary, result: SubmissionResult | None) -> Cell:
    if result is None:
        return Cell(exercise, "missing", None)
    if result.status == "error" or result.score is None:
        return Cell(exercise, "error", result)
    return Cell(exercise, "review" if result.needs_review else "graded", result)


def short_feedback(result: SubmissionResult, lang: str, markdown: bool = True, html: bool = False) -> str:
    """The Markdown feedback an LMS comment box shows: one line per task, with its verdict and
    what grader found, in the exercise's language; its text escaped as Markdown text, unless
    it goes where Markdown is not read (``markdown=False``: JUnit's plain text; ``html``:
    Moodle's feedback, text in HTML, where only &, < and > are escaped and nothing is bold)."""
    words = gettext_for(lang)
    text = markdown_text if markdown and not html else partial(escape, quote=False) if html else str
    bold = "" if html else "**"
    if result.status == "error":  # the error names the file: a student's file name
        return f"{words('could not be graded')}: {text(error_text(result, lang))}"
    lines = []
    for task in result.tasks:
        points = "–" if task.score is None else f"{task.score:g}"
        # "*" rather than "-" for the list: a CSV cell starting with "-" reads as a formula
        line = (f"* {MARKS[task.verdict]} {bold}{text(task.task)}{bold} {words(task.verdict)} "
                f"({points}/{task.max_score:g})")
        notes = [describe_diagnosis(d, lang) for d in task.diagnoses]
        if task.message is not None and task.verdict != "correct":
            notes.insert(0, describe(task.message, lang))
        if notes:  # words with a student's text in them, and products such as 2*x: text
            line += ": " + "; ".join(text(note) for note in notes)
        lines.append(line)
    return "\n".join(lines)
