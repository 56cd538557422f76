"""Submission files: ``student``, optional ``name``, ``exercise`` and ``answers``."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.errors import GraderError, SubmissionError
from grader.yamlio import load_data

SUBMISSION_SUFFIXES = (".yaml", ".yml", ".json")
SUBMISSION_KEYS = {"student", "name", "exercise", "answers"}
MAX_ANSWER_CHARS = 100_000  # per answer as stored; the reader has its own, smaller limit


@dataclass(frozen=True)
class Submission:
    path: str
    student: str
    exercise: str
    answers: Mapping[str, str]
    name: str | None = None


def read_submission(path: Path) -> Submission:
    """Read one submission file; raise :class:`SubmissionError` with a one-line reason."""
    try:
        data = load_data(path)
    except GraderError as exc:
        raise SubmissionError(exc.message, str(path), exc.line) from None
    if not isinstance(data, dict):
        raise SubmissionError("a submission must be a mapping with student, exercise and answers",
                              str(path))
    unknown = sorted(set(data) - SUBMISSION_KEYS)
    if unknown:
        raise SubmissionError(f"unknown field '{unknown[0]}'; a submission has "
                              f"{', '.join(sorted(SUBMISSION_KEYS))}", str(path))
    student = _text_field(data, "student", path)
    exercise = _text_field(data, "exercise", path)
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise SubmissionError("'name' must be text", str(path))
    answers = data.get("answers")
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        raise SubmissionError("'answers' must map task ids such as p1.dx to answers", str(path))
    return Submission(str(path), student, exercise,
                      {str(k): text for k, v in answers.items() if (text := _answer_text(v)) is not None},
                      name)


def _text_field(data: dict[str, Any], key: str, path: Path) -> str:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise SubmissionError(f"'{key}' is missing or not text", str(path))
    text = str(value).strip()
    if len(text) > 200 or any(ord(c) < 32 for c in text):
        raise SubmissionError(f"'{key}' is not a plausible id", str(path))
    return text


def _answer_text(value: Any) -> str | None:
    """YAML may hand over 1.6 as a float or [2.4, 1.92] as a list; answers are text."""
    if value is None:
        return None
    if isinstance(value, list):
        return "(" + ", ".join(str(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{…}"  # read as invalid: a mapping is no answer
    text = str(value)
    return text[:MAX_ANSWER_CHARS + 1]


def unknown_task_warnings(answers: Mapping[str, str], task_keys: list[str]) -> tuple[str, ...]:
    """Answers under keys that are no task: likely typos, so name the nearest task."""
    warnings = []
    for key in sorted(answers):
        if key not in task_keys:
            close = difflib.get_close_matches(key, task_keys, n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            warnings.append(f"answer under '{key}' is for no task of this exercise{hint}")
    return tuple(warnings)


def submission_files(paths: list[Path]) -> list[Path]:
    """The submission files named, or inside the folders named, sorted by path."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUBMISSION_SUFFIXES)
        else:
            found.add(path)
    return sorted(found, key=lambda p: str(p))
