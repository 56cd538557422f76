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

import hashlib
import json
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.errors import GraderError
from grader.exercise import Exercise
from grader.reading.csvio import Table
from grader.reading.yamlio import LineMap, load_data, read_text

MAP_KEYS = {"exercise", "student", "name", "attempt", "answers", "responses", "state"}
MAX_ROWS = 100_000
# Moodle's attempt states that are not a final answer (its "Finished" is); its responses report
# ends with an average row, whose first cell is this label.
UNFINISHED_STATES = frozenset(("in progress", "overdue", "never submitted", "abandoned", "not yet started"))
AVERAGE_LABELS = frozenset(("overall average",))
STATE_HEADER = "State"  # Moodle's state column, used when the map names none


@dataclass(frozen=True)
class ResponseMap:
    exercise: str
    student: str
    name: tuple[str, ...]
    attempt: str | None
    answers: dict[str, str]  # task key -> column
    state: str | None = None  # the attempt's state column, when the map names one


@dataclass(frozen=True)
class Row:
    number: int           # 2 for the first row under the header, as a spreadsheet shows it
    student: str | None
    name: str | None
    attempt: int
    answers: dict[str, str]
    problem: str | None = None  # why this row cannot be graded (cut short): its error, never a 0


@dataclass(frozen=True)
class Rows:
    rows: tuple[Row, ...]
    unfinished: tuple[tuple[int, str], ...] = ()  # (row, state) of attempts left out


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
    names = _headers(data, "name", where)
    answers = _answers(data, where)
    pattern = data.get("responses")
    if pattern is not None and answers:
        raise GraderError("the map has both 'answers' and 'responses'; keep the one that is meant", where,
                          data.line_of("responses"))
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
    _one_column_each(answers, where, data)
    attempt, state = (_header(data, key, where) for key in ("attempt", "state"))
    return ResponseMap(exercise_id, student.strip(), names, attempt, answers, state)


def _one_column_each(answers: dict[str, str], where: str, data: LineMap) -> None:
    """Two tasks answered by one column is a slip of the map: one of them would be graded on
    the other's answers."""
    tasks_of: dict[str, str] = {}
    for key, column in answers.items():
        if column in tasks_of:
            raise GraderError(f"'{tasks_of[column]}' and '{key}' are both mapped to the column '{column}'; "
                              "each task has a column of its own", where, data.line_of("answers"))
        tasks_of[column] = key


def _answers(data: LineMap, where: str) -> dict[str, str]:
    """``answers:``: each task's column header, a mapping; a list, a text or a task mapped to
    nothing names its line and what it must be."""
    answers = data.get("answers")
    if answers is None:
        return {}
    if not isinstance(answers, LineMap):
        raise GraderError(f"'answers' is {_kind(answers)}; it maps each task to the header of its column "
                          "(gd1.step1: Response 1)", where, data.line_of("answers"))
    for key, column in answers.items():
        if not isinstance(column, str) or not column.strip():
            raise GraderError(f"task '{key}' is mapped to {_kind(column)}; write the header of the column "
                              "that answers it", where, answers.line_of(key))
    return dict(answers)


def _headers(data: LineMap, key: str, where: str) -> tuple[str, ...]:
    """``name:``: one column header, or a list of them (joined with a space)."""
    value = data.get(key) or []
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GraderError(f"'{key}' is a column header or a list of them", where, data.line_of(key))
    return tuple(value)


def _header(data: LineMap, key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise GraderError(f"'{key}' is {_kind(value)}; it is the header of one column", where,
                          data.line_of(key))
    return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None or not str(value).strip() else f"the text '{value}'"


def read_rows(path: Path, mapping: ResponseMap, unfinished: bool = False) -> Rows:
    """The rows of a quiz export, with a one-line error for a file that is not one. Moodle's
    average row is left out; attempts not finished are left out (listed) unless ``unfinished``."""
    text = read_text(path, max_bytes=50_000_000)
    table = Table(text, str(path))
    columns = _columns(table, mapping, str(path))
    state = columns.get(mapping.state or STATE_HEADER)
    rows, left_out = [], []
    for number, cells in enumerate(table.rows(), 2):
        if number > MAX_ROWS:
            raise GraderError(f"more than {MAX_ROWS} rows; split the export", str(path), number)

        def cell(header: str, cells: list[str] = cells) -> str:
            index = columns[header]
            return cells[index] if index < len(cells) else ""

        student = unicodedata.normalize("NFC", cell(mapping.student).strip()) or None
        if student is None and any(c.strip().casefold() in AVERAGE_LABELS for c in cells[:3]):
            continue
        if state is not None and not unfinished and state < len(cells) \
                and cells[state].strip().casefold() in UNFINISHED_STATES:
            left_out.append((number, cells[state].strip()))
            continue
        name = " ".join(cell(h).strip() for h in mapping.name).strip() or None
        attempt = _whole(cell(mapping.attempt)) if mapping.attempt else number
        short = max(columns.values()) >= len(cells)
        problem = f"the row has {len(cells)} of {len(table.headers)} cells (cut short?); " \
            "export the quiz again" if short else None
        answers = {key: cell(column) for key, column in mapping.answers.items()}
        rows.append(Row(number, student, name, attempt,
                        {k: v for k, v in answers.items() if v.strip() and v.strip() != "-"}, problem))
    return Rows(tuple(rows), tuple(left_out))


def _columns(table: Table, mapping: ResponseMap, where: str) -> dict[str, int]:
    """The index of each column the map names (and of Moodle's state column, when there is
    one); a missing one, or a header that stands over two columns, is an error naming it."""
    needed = [mapping.student, *mapping.name, *mapping.answers.values()] + \
        [h for h in (mapping.attempt, mapping.state) if h]
    headers = table.headers
    missing = [h for h in needed if h not in headers]
    if missing:
        raise GraderError(f"no column '{missing[0]}' in the export (columns: "
                          f"{', '.join(h for h in headers[:12])}{', …' if len(headers) > 12 else ''})",
                          where, 1)
    if mapping.state is None and STATE_HEADER in headers:
        needed.append(STATE_HEADER)
    columns = {}
    for header in needed:
        found = table.columns_named(header)
        if len(found) > 1:
            raise GraderError(f"the column '{header}' appears {len(found)} times in the export (columns "
                              f"{', '.join(map(str, found))}); which one is meant cannot be told: rename "
                              "the others", where, 1)
        columns[header] = found[0] - 1
    return columns


def _whole(text: str | None) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return 0


@dataclass(frozen=True)
class RowFile:
    label: str  # quiz.csv:12, the row's name in the results
    key: str    # the label and a digest of what is graded: a resumed run takes over only unchanged rows


def write_submissions(rows: tuple[Row, ...], mapping: ResponseMap, folder: Path, source: Path,
                      done: Container[str] = frozenset()) -> tuple[dict[str, RowFile], list[RowFile]]:
    """Each row as a submission file in ``folder``, except those whose key is ``done`` (graded
    by an interrupted run); returns file -> the row's label and key, and the rows not written."""
    folder.mkdir(parents=True, exist_ok=True)
    files, skipped = {}, []
    for row in rows:
        data: dict[str, Any] = {"exercise": mapping.exercise, "answers": row.answers}
        if row.student:
            data["student"] = row.student
        if row.name:
            data["name"] = row.name
        text = json.dumps(data, ensure_ascii=True)
        label = f"{source.name}:{row.number}"
        made = RowFile(label, f"{label}|{hashlib.sha256(text.encode()).hexdigest()[:32]}")
        if made.key in done:
            skipped.append(made)
            continue
        path = folder / f"row{row.number:06d}.json"
        path.write_text(text, encoding="utf-8")
        files[str(path)] = made
    return files, skipped
