"""What ``run_autograder`` does on Gradescope, for one upload: find the one answer file in the
submission folder, take the student from Gradescope's ``submission_metadata.json``, grade, and
give back the text of ``results/results.json``. Always a valid results file, whatever the
upload (Gradescope shows a student nothing without one): a problem with the upload, or a failure
of grader itself, is a result that says it is not graded, never a traceback.

Who the student is: Gradescope's metadata, never the file alone. ``student_id`` names the field
of ``users[]`` that holds the id the exercises know (``sid``, the roster's student ID, or
``email``); a variant exercise draws the variant from it. A file that leaves ``student`` blank is
that student's; a file that names someone else is refused.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.errors import GraderError
from grader.exercise import Exercise
from grader.export.gradescope import code_span, results_json
from grader.messages import describe
from grader.reading.submission import SUBMISSION_SUFFIXES, file_suffix, skip_reason, starts_with_front_matter
from grader.results.model import Message, SubmissionResult, error_renamed, failed
from grader.results.reveal import for_self_check, revealed_tasks

STUDENT_ID_FIELDS = ("sid", "email")
MAX_METADATA_BYTES = 1_000_000
MAX_ID_CHARS = 200  # as a submission's own student field
MAX_NAMES_SHOWN = 8  # file names listed in one message; the rest are counted
IGNORED_FOLDERS = ("__MACOSX",)  # what macOS's Compress adds beside the files


@dataclass(frozen=True)
class Upload:
    """The submission folder as grader sees it: ``answer_files`` (paths relative to the folder,
    those that are a submission first), ``not_read`` (hidden files, ``__MACOSX``, files that are
    no answer file, a Markdown file beside a real submission) and ``skipped`` (links that leave
    the folder or lead nowhere, devices)."""

    folder: Path
    answer_files: tuple[str, ...]
    not_read: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def file(self) -> Path | None:
        """The one file to grade; None when there is none or more than one."""
        return self.folder / self.answer_files[0] if len(self.answer_files) == 1 else None


def find_upload(folder: Path) -> Upload:
    """The answer files in ``folder``: YAML, JSON, notebooks and Markdown with front matter (an
    answer sheet, notes that name their exercise); a Markdown file without front matter only
    when it is the only candidate (a README beside ``answers.yaml`` is not read)."""
    root = folder.resolve()
    strong: list[str] = []
    weak: list[str] = []
    not_read: list[str] = []
    skipped: list[str] = []
    for here, folders, names in os.walk(folder):
        base = Path(here)
        kept = []
        for name in sorted(folders):
            if name.startswith(".") or name in IGNORED_FOLDERS or (base / name).is_symlink():
                not_read.append(_relative(base / name, folder) + "/")
            else:
                kept.append(name)
        folders[:] = kept
        for name in sorted(names):
            path = base / name
            relative = _relative(path, folder)
            if name.startswith(".") or file_suffix(name) not in SUBMISSION_SUFFIXES:
                not_read.append(relative)
            elif skip_reason(path, root) is not None:
                skipped.append(relative)
            elif file_suffix(name) != ".md" or starts_with_front_matter(path):
                strong.append(relative)
            else:
                weak.append(relative)
    if strong:
        return Upload(folder, tuple(strong), tuple(sorted(not_read + weak)), tuple(skipped))
    return Upload(folder, tuple(weak), tuple(sorted(not_read)), tuple(skipped))


def _relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


@dataclass(frozen=True)
class Identity:
    """Who Gradescope says uploaded: the ids in ``field`` of every user (several for a group)."""

    ids: tuple[str, ...]
    field: str


def read_identity(metadata: Path, field: str) -> Identity | Message:
    """The uploaders' ids from ``submission_metadata.json``, or the problem as a message."""
    try:
        with metadata.open("rb") as handle:
            raw = handle.read(MAX_METADATA_BYTES + 1)
        if len(raw) > MAX_METADATA_BYTES:
            return Message("gradescope-bad-metadata", (("reason", "over 1 MB"),))
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError) as exc:
        return Message("gradescope-bad-metadata", (("reason", type(exc).__name__),))
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, list) or not users or not all(isinstance(u, dict) for u in users):
        return Message("gradescope-bad-metadata", (("reason", "no users"),))
    ids = []
    for user in users:
        value = user.get(field)
        text = unicodedata.normalize("NFC", str(value).strip()) if isinstance(value, str | int) else ""
        if not text or isinstance(value, bool):
            who = user.get("name") or user.get("email") or user.get("id") or "?"
            return Message("gradescope-no-student-id", (("field", field), ("who", code_span(str(who)))))
        if len(text) > MAX_ID_CHARS or not text.isprintable():
            return Message("gradescope-bad-metadata", (("reason", f"an implausible {field}"),))
        ids.append(text)
    return Identity(tuple(ids), field)


def autograde(exercises: Path, submission: Path, metadata: Path | None = None,
              student_id: str = "sid") -> str:
    """The text of results.json for the upload in ``submission``; see the module docstring.
    Without ``metadata`` (or when the file does not exist: not on Gradescope) the file's own
    ``student`` is taken, as ``grader grade`` does."""
    lang = "en"
    try:
        from grader.exercise.find import load_exercises

        loaded = load_exercises([str(exercises)])
        lang = _language(loaded.values())
        return _graded(loaded, submission, metadata, student_id, lang)
    except GraderError as exc:  # the bundle's exercises: the teacher's to fix
        return results_json(failed("upload", str(exc)), lang)
    except Exception as exc:  # grader itself: still a results file, and it says what failed
        reason = Message("gradescope-failed", (("reason", type(exc).__name__),))
        return results_json(failed("upload", describe(reason, "en")), lang, reason=reason)


def _graded(loaded: Mapping[str, Exercise], submission: Path, metadata: Path | None, student_id: str,
            lang: str) -> str:
    from grader.running.batch import Engine
    from grader.running.worker import Reading

    upload = find_upload(submission)
    notes = upload_notes(upload)
    identity = read_identity(metadata, student_id) if metadata is not None and metadata.exists() else None
    if isinstance(identity, Message):
        return _refused(identity, lang, notes)
    if upload.file is None:
        return _refused(_no_single_file(upload), lang, notes)
    only = next(iter(loaded)) if len(loaded) == 1 else None  # notes need not name the exercise
    reading = Reading(None, only, uploaders=identity.ids if identity is not None else ())
    (result,) = Engine(loaded, jobs=1).grade([upload.file], reading)
    result = _relative_paths(result, submission)
    if result.exercise is not None and result.exercise in loaded:
        lang = loaded[result.exercise].lang
    if identity is None or result.status == "error":
        return results_json(_as_self_check(result, loaded), lang, notes)
    if result.student not in identity.ids:
        claim = Message("gradescope-other-student", (("claimed", code_span(result.student or "")),
                                                     ("uploader", " / ".join(map(code_span, identity.ids)))))
        refused = failed(result.submission, describe(claim, "en"), identity.ids[0], None, result.exercise)
        return results_json(refused, lang, notes, reason=claim)
    graded_as = Message("gradescope-graded-as", (("student", code_span(result.student or "")),
                                                 ("field", identity.field)))
    return results_json(_as_self_check(result, loaded), lang, (graded_as, *notes))


def _as_self_check(result: SubmissionResult, loaded: Mapping[str, Exercise]) -> SubmissionResult:
    """The student reads the autograder's output at once, as a self-check: the exercise's
    reveal policy decides whether the corrected answers show."""
    exercise = loaded.get(result.exercise or "")
    if exercise is None:
        return result
    return for_self_check(result, revealed_tasks(exercise.reveal, result, None))


def upload_notes(upload: Upload) -> tuple[Message, ...]:
    """What the output says about files that were not read or were skipped."""
    notes = []
    if upload.not_read:
        notes.append(Message("gradescope-not-read", (("files", _names(upload.not_read)),)))
    for name in upload.skipped[:MAX_NAMES_SHOWN]:
        notes.append(Message("gradescope-link-skipped", (("file", code_span(name)),)))
    return tuple(notes)


def _no_single_file(upload: Upload) -> Message:
    if not upload.answer_files:
        return Message("gradescope-no-upload")
    return Message("gradescope-several-uploads", (("count", str(len(upload.answer_files))),
                                                  ("files", _names(upload.answer_files))))


def _refused(reason: Message, lang: str, notes: tuple[Message, ...]) -> str:
    return results_json(failed("upload", describe(reason, "en")), lang, notes, reason=reason)


def _names(names: tuple[str, ...]) -> str:
    shown = ", ".join(code_span(n) for n in names[:MAX_NAMES_SHOWN])
    return shown + (f" (+{len(names) - MAX_NAMES_SHOWN})" if len(names) > MAX_NAMES_SHOWN else "")


def _relative_paths(result: SubmissionResult, folder: Path) -> SubmissionResult:
    """The error and where answers were found name the file as the student uploaded it, not
    where Gradescope put it."""
    from dataclasses import replace

    prefix = f"{folder}{os.sep}"
    tasks = tuple(replace(t, found_at=t.found_at.removeprefix(prefix)) if t.found_at else t
                  for t in result.tasks)
    return error_renamed(replace(result, tasks=tasks), prefix, "")


def _language(exercises: Iterable[Exercise]) -> str:
    """The language of the exercises when they share one, else English."""
    languages = {e.lang for e in exercises}
    return languages.pop() if len(languages) == 1 else "en"
