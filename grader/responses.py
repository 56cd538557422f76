"""Answers in from an LMS quiz export: Moodle's quiz "Responses" report and Canvas's quiz
"Student Analysis" CSV, one row per attempt. A map (YAML) says which column is the student,
the name, the attempt, and which column answers which task:

    exercise: gradient-descent        # which exercise the quiz is
    student: Email address            # the id column, by its header
    name: [First name, Last name]     # optional: joined with a space
    attempt: Attempt                  # optional: attempt number (else: the order of the rows)
    answers:                          # PROBLEM.TASK: column header
      gd1.step1: Response 1
      gd2.step1: Response 2
    # or, for Moodle's Response 1..n in the order of the exercise's tasks:
    responses: "Response {n}"

Each row becomes a submission (written as a JSON file for the batch engine, so a hostile row is
that row's problem only); a row without a student id is that row's error. Several attempts per
student: the last (highest attempt, else the last row), or the best graded one.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.csvio import Table
from grader.errors import GraderError
from grader.exercise import Exercise
from grader.yamlio import LineMap, load_data, read_text

MAP_KEYS = {"exercise", "student", "name", "attempt", "answers", "responses"}
MAX_ROWS = 100_000


@dataclass(frozen=True)
class ResponseMap:
    exercise: str
    student: str
    name: tuple[str, ...]
    attempt: str | None
    answers: dict[str, str]  # task key -> column


@dataclass(frozen=True)
class Row:
    number: int           # 2 for the first row under the header, as a spreadsheet shows it
    student: str | None
    name: str | None
    attempt: int
    answers: dict[str, str]


def read_map(path: Path, exercises: dict[str, Exercise]) -> ResponseMap:
    data = load_data(path)
    where = str(path)
    if not isinstance(data, LineMap):
        raise GraderError("a response map is a mapping: exercise, student, answers (or responses)", where, 1)
    unknown = sorted(set(data) - MAP_KEYS)
    if unknown:
        raise GraderError(f"unknown key '{unknown[0]}' in the map; it has {', '.join(sorted(MAP_KEYS))}",
                          where, data.line_of(unknown[0]))
    exercise_id = str(data.get("exercise") or (next(iter(exercises)) if len(exercises) == 1 else ""))
    if exercise_id not in exercises:
        raise GraderError(f"the map's exercise '{exercise_id}' is not among the exercises given",
                          where, data.line_of("exercise"))
    exercise = exercises[exercise_id]
    student = data.get("student")
    if not isinstance(student, str) or not student.strip():
        raise GraderError("the map needs 'student': the header of the id column", where, data.line)
    names = data.get("name") or []
    names = [names] if isinstance(names, str) else [str(n) for n in names]
    answers = {str(k): str(v) for k, v in (data.get("answers") or {}).items()}
    pattern = data.get("responses")
    if isinstance(pattern, str):
        if "{n}" not in pattern:
            raise GraderError("'responses' needs {n}, as in \"Response {n}\"", where,
                              data.line_of("responses"))
        answers = {task.key: pattern.replace("{n}", str(k + 1)) for k, task in enumerate(exercise.tasks)}
    keys = {task.key for task in exercise.tasks}
    wrong = sorted(set(answers) - keys)
    if wrong:
        raise GraderError(f"'{wrong[0]}' in the map is no task of {exercise_id}", where,
                          data.line_of("answers"))
    if not answers:
        raise GraderError("the map needs 'answers' (task: column) or 'responses' (\"Response {n}\")", where,
                          data.line)
    attempt = data.get("attempt")
    return ResponseMap(exercise_id, student.strip(), tuple(names), str(attempt) if attempt else None, answers)


def read_rows(path: Path, mapping: ResponseMap) -> list[Row]:
    """The rows of a quiz export, with a one-line error for a file that is not one."""
    text = read_text(path, max_bytes=50_000_000)
    table = Table(text, str(path))
    headers = table.headers
    needed = [mapping.student, *mapping.name, *mapping.answers.values()] + \
        ([mapping.attempt] if mapping.attempt else [])
    missing = [h for h in needed if h not in headers]
    if missing:
        raise GraderError(f"no column '{missing[0]}' in the export (columns: "
                          f"{', '.join(h for h in headers[:12])}{', …' if len(headers) > 12 else ''})",
                          str(path), 1)
    rows = []
    for number, record in enumerate(table, 2):
        if number > MAX_ROWS:
            raise GraderError(f"more than {MAX_ROWS} rows; split the export", str(path), number)
        student = (record.get(mapping.student) or "").strip()
        name = " ".join((record.get(h) or "").strip() for h in mapping.name).strip() or None
        attempt = _whole(record.get(mapping.attempt)) if mapping.attempt else number
        answers = {key: record.get(column) or "" for key, column in mapping.answers.items()}
        rows.append(Row(number, unicodedata.normalize("NFC", student) or None, name, attempt,
                        {k: v for k, v in answers.items() if v.strip() and v.strip() != "-"}))
    return rows


def _whole(text: str | None) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return 0


def write_submissions(rows: list[Row], mapping: ResponseMap, folder: Path, source: Path) -> dict[str, str]:
    """Each row as a submission file in ``folder``; returns file -> the row's label
    (``quiz.csv:12``) for the results."""
    folder.mkdir(parents=True, exist_ok=True)
    labels = {}
    for row in rows:
        data: dict[str, Any] = {"exercise": mapping.exercise, "answers": row.answers}
        if row.student:
            data["student"] = row.student
        if row.name:
            data["name"] = row.name
        path = folder / f"row{row.number:06d}.json"
        path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
        labels[str(path)] = f"{source.name}:{row.number}"
    return labels
