"""Submission files: ``student``, optional ``name``, ``exercise`` and ``answers``."""

from __future__ import annotations

import difflib
import os
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.errors import GraderError, SubmissionError
from grader.reading.answer_sheet import is_sheet, read_sheet
from grader.reading.yamlio import data_of, load_data, read_text
from grader.results.model import Message

if TYPE_CHECKING:
    from grader.reading.notes import Notes

SUBMISSION_SUFFIXES = (".yaml", ".yml", ".json", ".md", ".ipynb")
SUBMISSION_KEYS = {"student", "name", "exercise", "answers"}
MAX_ANSWER_CHARS = 100_000  # per answer as stored; the reader has its own, smaller limit


@dataclass(frozen=True)
class Submission:
    """``notes``: a student's own notes, still to be mapped onto the exercise's tasks
    (``notemap``); then ``found_at`` says where each answer stands and ``ambiguous`` which
    tasks had more than one candidate (where, and the text found there)."""

    path: str
    student: str
    exercise: str
    answers: Mapping[str, str]
    name: str | None = None
    notes: Notes | None = None
    found_at: Mapping[str, str] = field(default_factory=dict)
    ambiguous: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    warnings: tuple[Message, ...] = ()
    missing: Mapping[str, Message] = field(default_factory=dict)  # notes: why a task was not found


def read_submission(path: Path, student: str | None = None, exercise: str | None = None,
                    as_notes: bool = False, uploaders: tuple[str, ...] = (),
                    text: str | None = None) -> Submission:
    """Read one submission file; raise :class:`SubmissionError` with a one-line reason.
    ``.md`` is an answer sheet when its headings are task keys, else notes; ``.ipynb`` is
    notes; ``as_notes`` reads any text file as notes. For notes, ``student`` and ``exercise``
    stand in for what the front matter does not say (``grader check`` of notes); a YAML or JSON
    submission must say both itself. ``uploaders``: who a platform (Gradescope) says uploaded
    the file; see :func:`_student`. ``text``: the file's text, when it is not on disk: a
    hand-in read before it is stored, or notes uploaded to ``grader serve`` (``path``
    then only names them)."""
    notes: Notes | None = None
    source = partial(read_text, path) if text is None else partial(str, text)
    try:
        suffix = path.suffix.lower()
        if suffix in (".ipynb", ".md") or as_notes:
            from grader.reading.notes import read_markdown, read_notebook  # kept out of a YAML's start-up

        if suffix == ".ipynb":
            notes = read_notebook(source(), str(path))
        elif suffix == ".md" or as_notes:
            markdown = source()
            if not as_notes and is_sheet(markdown):  # a Markdown answer sheet (grader template)
                data = read_sheet(markdown, str(path))
            else:
                notes = read_markdown(markdown, str(path))
        else:
            data = load_data(path) if text is None else data_of(text, path)
    except GraderError as exc:
        code, params = exc.code, exc.params
        if code is None:  # a reader's error without a code: its English words
            code, params = "submission-problem", (("problem", exc.message),)
        raise SubmissionError.of(code, params, str(path), exc.line) from None
    if notes is not None:  # notes may leave who and what to the command line
        data = {k: v for k, v in notes.front.items() if k in SUBMISSION_KEYS - {"answers"}}
        for key, given in (("student", student), ("exercise", exercise)):
            if given is not None and key not in data:
                data[key] = given
    if notes is not None and "student" not in data and not uploaders:
        raise SubmissionError.of("notes-no-student", (), str(path))
    return submission_from_data(data, path, uploaders, notes)


def submission_from_data(data: Any, path: Path, uploaders: tuple[str, ...] = (),
                         notes: Notes | None = None) -> Submission:
    """A submission read as data (a file's, or answers handed over by the Python API), checked
    field by field; raise :class:`SubmissionError` naming ``path`` with a one-line reason."""
    if not isinstance(data, dict):
        raise SubmissionError.of("submission-not-mapping", (), str(path))
    unknown = sorted(set(data) - SUBMISSION_KEYS)
    if unknown:
        raise SubmissionError.of("submission-unknown-field", (("field", unknown[0]),
                                 ("fields", ", ".join(sorted(SUBMISSION_KEYS)))), str(path))
    who = _student(data, path, uploaders)
    which = _text_field(data, "exercise", path)
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise SubmissionError.of("submission-name-not-text", (), str(path))
    answers = data.get("answers")
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        raise SubmissionError.of("submission-answers-not-mapping", (), str(path))
    return Submission(str(path), who, which,
                      {str(k): answer for k, v in answers.items() if (answer := _answer_text(v)) is not None},
                      name, notes)


def _student(data: dict[str, Any], path: Path, uploaders: tuple[str, ...]) -> str:
    """The file's ``student``. With ``uploaders``, a blank or missing one is the uploader (an
    answer sheet from ``grader template`` leaves it blank), and one naming an uploader in other
    letter case takes the platform's spelling, since a variant is drawn from the exact id.
    Another student's id is kept as it is: the caller refuses the file."""
    value = data.get("student")
    if uploaders and (value is None or (isinstance(value, str) and not value.strip())):
        if len(uploaders) == 1:
            return uploaders[0]
        raise SubmissionError.of("submission-group-student", (("uploaders", ", ".join(uploaders)),),
                                 str(path))
    who = _text_field(data, "student", path)
    return next((u for u in uploaders if u.casefold() == who.casefold()), who)


def _text_field(data: dict[str, Any], key: str, path: Path) -> str:
    value = data.get(key)
    if isinstance(value, bool):
        raise SubmissionError.of("submission-field-boolean", (("field", key),), str(path))
    if not isinstance(value, str | int) or not str(value).strip():
        raise SubmissionError.of("submission-field-missing", (("field", key),), str(path))
    text = unicodedata.normalize("NFC", str(value).strip())  # Zoë typed two ways is one id
    if len(text) > 200 or any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text):
        raise SubmissionError.of("submission-field-implausible", (("field", key),), str(path))
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


def unknown_task_warnings(answers: Mapping[str, str], task_keys: list[str]) -> tuple[Message, ...]:
    """Answers under keys that are no task: likely typos, so name the nearest task. Bounded:
    the nearest task is looked for for the first few only (53,000 stray keys must not cost a
    submission its time), the rest are counted."""
    known = set(task_keys)
    unknown = sorted(key for key in answers if key not in known)
    warnings = []
    for key in unknown[:MAX_KEY_WARNINGS]:
        close = difflib.get_close_matches(key[:100], task_keys, n=1, cutoff=0.5)
        if close:
            warnings.append(Message("answer-for-no-task-close", (("key", key[:100]), ("close", close[0]))))
        else:
            warnings.append(Message("answer-for-no-task", (("key", key[:100]),)))
    if len(unknown) > MAX_KEY_WARNINGS:
        more = str(len(unknown) - MAX_KEY_WARNINGS)
        warnings.append(Message("answers-for-no-task-more", (("count", more),)))
    return tuple(warnings)


MAX_KEY_WARNINGS = 20


def submission_files(paths: list[Path]) -> list[Path]:
    """The submission files named, or inside the folders named, sorted by path."""
    return find_submissions(paths)[0]


def find_submissions(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The submission files named, or inside the folders named (sorted by path), and a warning
    for each thing in a folder that looks like a submission but is skipped: not a regular file,
    a symbolic link that leads nowhere or out of the folder, a sub-folder that cannot be read."""
    found: set[Path] = set()
    warnings: list[str] = []
    for path in paths:
        if not path.is_dir():
            found.add(path)
            continue
        root = path.resolve()
        for folder, subfolders, names in os.walk(path, onerror=lambda e: warnings.append(
                f"skipped {e.filename}: cannot read the folder ({e.strerror})")):
            subfolders.sort()
            for name in sorted(names) + [d for d in subfolders if Path(folder, d).is_symlink()]:
                suffix = file_suffix(name)
                if suffix not in SUBMISSION_SUFFIXES:
                    continue
                candidate = Path(folder, name)
                reason = skip_reason(candidate, root)
                if reason is None and suffix == ".md" and not starts_with_front_matter(candidate):
                    continue  # a README in the folder: no front matter, no submission
                if reason is None:
                    found.add(candidate)
                else:
                    warnings.append(f"skipped {candidate}: {reason}")
    return sorted(found, key=lambda p: str(p)), warnings


def starts_with_front_matter(path: Path) -> bool:
    """A Markdown file in a submissions folder is a submission when it starts with front matter
    (``grader template`` makes answer sheets so; notes name their student and exercise so)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4).startswith(b"---")
    except OSError:
        return False


def file_suffix(name: str) -> str:
    """``Path(name).suffix.lower()``, without making a Path of every name in the folder."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def skip_reason(path: Path, root: Path) -> str | None:
    """Why a file in a submissions folder is not graded, or None. One ``lstat`` for a plain
    file (a class is thousands of them); a symbolic link is followed only within the folder."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return f"cannot read it ({exc.strerror})"
    if stat.S_ISLNK(mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a symbolic link that leads nowhere"
        if not target.is_relative_to(root):
            return "a symbolic link that leads out of the folder"
        try:
            mode = os.stat(target).st_mode
        except OSError as exc:
            return f"cannot read it ({exc.strerror})"
    return None if stat.S_ISREG(mode) else "not a regular file"
