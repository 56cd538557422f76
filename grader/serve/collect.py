"""Collecting hand-ins (``grader serve --collect DIR``): each student on the roster has a
personal token, and a hand-in with it is stored in DIR as a submission file that
``grader grade --submissions DIR`` reads as it reads any other.

What is stored where, in DIR::

    .grader-secret                          the course secret the tokens derive from (0600)
    <student>/<exercise>.yaml|.md|.ipynb    the latest hand-in: what ``grader grade`` reads
    .hand-ins/<student>/<exercise>/<time>-<sha256>.<ext>.kept
                                            every hand-in, the latest too, never replaced

Kept copies end in ``.kept``: ``grader grade`` reads a folder's ``.yaml``, ``.md`` and
``.ipynb`` files, hidden folders included, so a kept copy must not carry one of those suffixes.
File and folder names are the ids' safe file stems (``grader.report.hygiene``), so no id, nor
exercise, names a place outside DIR.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml

from grader.errors import GraderError, HandInRefused, OutputError, Params, SubmissionError
from grader.export.roster import Person, read_roster
from grader.limits import DEFAULT_LIMITS
from grader.messages import render
from grader.reading.submission import read_submission
from grader.reading.yamlio import MAX_FILE_BYTES
from grader.report.hygiene import csv_cell, file_stem, unique_file_stems
from grader.running.store import write_atomic

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from grader.serve.service import Service

SECRET_NAME = ".grader-secret"
SECRET_BYTES = 32
MIN_SECRET_BYTES = 16            # a --secret file shorter than this is guessable
TOKEN_LENGTH = 22                # base64url characters: 132 bits of the HMAC-SHA256
KEPT_FOLDER = ".hand-ins"
KEPT_SUFFIX = ".kept"
LOCK_NAME = ".lock"
NOTES_FORMATS = ("md", "ipynb")
MAX_ANSWERS = 500                # answers in one hand-in; an exercise has a few dozen tasks at most
MAX_ID_CHARS = 200               # as a submission file's student and exercise (grader.reading.submission)
# what one answer and one stored file may hold: the answer reader's and the file reader's own
# limits, so nothing is stored that ``grader grade`` would refuse for its size
MAX_ANSWER_CHARS = DEFAULT_LIMITS.max_length
MAX_HAND_IN_BYTES = MAX_FILE_BYTES
_TOKEN_DOMAIN = b"grader hand-in token\x00"  # the secret derives nothing else than tokens


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Receipt:
    """What a student is shown after a hand-in: when it was stored (UTC, ISO 8601), the SHA-256
    of the stored file's bytes, and what it was."""

    student: str
    exercise: str
    time: str
    sha256: str


@dataclass(frozen=True)
class Collector:
    """The hand-ins of one class into ``folder``. Make one with :meth:`open`."""

    folder: Path
    roster: tuple[Person, ...]
    secret: bytes = field(repr=False)
    exercises: frozenset[str] | None = None
    clock: Callable[[], datetime] = utc_now
    _tokens: tuple[tuple[str, Person], ...] = field(default=(), repr=False)
    _stems: Mapping[str, str] = field(default_factory=dict, repr=False)
    collects: ClassVar[bool] = True  # hand-ins are stored (PersonalLinks: the tokens only)

    @classmethod
    def open(cls, folder: Path, roster: Path | tuple[Person, ...], secret: Path | bytes | None = None, *,
             exercises: Collection[str] | None = None, clock: Callable[[], datetime] = utc_now) -> Collector:
        """Collect into ``folder`` (made if missing) for the students of ``roster`` (a roster
        CSV, or its people). ``secret``: the course secret, or a file holding it; by default
        ``folder/.grader-secret``, made on first use. ``exercises``: the ids that may be
        handed in (default: any)."""
        people = read_roster(roster) if isinstance(roster, Path) else roster
        where = str(roster) if isinstance(roster, Path) else None
        for person in people:
            _check_id(person.id, where)
        key = secret if isinstance(secret, bytes) else course_secret(folder, secret)
        return cls(Path(folder), tuple(people), key, None if exercises is None else frozenset(exercises),
                   clock, tuple((token_for(key, p.id), p) for p in people),
                   unique_file_stems([p.id for p in people]))

    def routes(self, service: Service) -> list[BaseRoute]:
        """Collect mode's routes in ``grader serve`` (``create_app(collector=...)``): the
        hand-in, as JSON and from the pages (``grader.serve.handin``)."""
        from grader.serve.handin import routes

        return routes(service, self)

    def token_of(self, student: str) -> str:
        return token_for(self.secret, student)

    def student_of(self, token: object) -> Person | None:
        """The roster's student whose token this is, or None. Every token is compared, in
        constant time, so how long this takes says nothing of which student or how close."""
        if not isinstance(token, str) or len(token) != TOKEN_LENGTH or not token.isascii():
            return None
        given = token.encode("ascii")
        found = None
        for expected, person in self._tokens:
            if hmac.compare_digest(given, expected.encode("ascii")):
                found = person
        return found

    def hand_in(self, token: str, exercise: str, answers: Mapping[str, str] | None = None, *,
                notes: str | None = None, format: str = "md") -> Receipt:
        """Store a hand-in of ``answers`` (task -> answer text), or of ``notes`` (the text of a
        ``.md`` or ``.ipynb`` file, as ``format`` says), for the student whose token this is.
        Raise :class:`HandInRefused` (nothing stored) for a token of no student, sizes over
        the limits, or notes that do not read."""
        person = self.student_of(token)
        if person is None:
            raise _refused(None, "hand-in-token-refused")
        exercise = self._exercise(exercise, person)
        if (answers is None) == (notes is None):
            raise GraderError("hand_in() takes answers or notes, one of them")
        if answers is not None:
            text, suffix = submission_yaml(person, exercise, answers), ".yaml"
        else:
            assert notes is not None
            text, suffix = notes_with_front(person, exercise, notes, format), f".{format}"
        stored = text.encode("utf-8")
        if len(stored) > MAX_HAND_IN_BYTES:
            raise _refused(person, "hand-in-too-large", (("limit", str(MAX_HAND_IN_BYTES)),))
        return self._store(person, exercise, text, suffix, hashlib.sha256(stored).hexdigest())

    def current(self, student: str, exercise: str) -> Path | None:
        """The file ``grader grade`` reads for this student and exercise, if handed in."""
        if student not in self._stems:
            return None
        return next((p for p in self._current_files(student, exercise) if p.exists()), None)

    def kept(self, student: str, exercise: str) -> list[Path]:
        """Every hand-in of this student and exercise, oldest first."""
        if student not in self._stems:
            return []
        folder = self.folder / KEPT_FOLDER / self._stems[student] / exercise_stem(exercise)
        return sorted(folder.glob(f"*{KEPT_SUFFIX}")) if folder.is_dir() else []

    def _exercise(self, exercise: object, person: Person) -> str:
        if not isinstance(exercise, str) or not exercise.strip():
            raise _refused(person, "submission-field-missing", (("field", "exercise"),))
        text = unicodedata.normalize("NFC", exercise.strip())
        if not _plausible(text):
            raise _refused(person, "submission-field-implausible", (("field", "exercise"),))
        if self.exercises is not None and text not in self.exercises:
            raise _refused(person, "submission-unknown-exercise",
                           (("exercise", text), ("known", ", ".join(sorted(self.exercises)))))
        return text

    def _store(self, person: Person, exercise: str, text: str, suffix: str, digest: str) -> Receipt:
        """Read the hand-in as ``grader grade`` will; then, under the student's lock, keep a
        copy and replace the file ``grade`` reads (and remove one of another format beside
        it). Two hand-ins at once are stored one after the other; each is kept, and the later
        is the one graded."""
        stem, task_stem = self._stems[person.id], exercise_stem(exercise)
        target = self.folder / stem / f"{task_stem}{suffix}"
        _read_back(target, text, person, exercise)
        kept_folder = self.folder / KEPT_FOLDER / stem / task_stem
        try:
            kept_folder.mkdir(parents=True, exist_ok=True)
            with _locked(self.folder / KEPT_FOLDER / stem / LOCK_NAME):
                now = self.clock().astimezone(UTC)
                stamp = now.strftime("%Y%m%dT%H%M%S.%fZ")
                write_atomic(kept_folder / f"{stamp}-{digest}{suffix}{KEPT_SUFFIX}", text)
                write_atomic(target, text)
                for other in self._current_files(person.id, exercise):
                    if other != target:
                        other.unlink(missing_ok=True)
        except OSError as exc:  # the server's fault, not the student's: said to the teacher
            raise OutputError(f"cannot store a hand-in of {person.id} in {self.folder}: "
                              f"{exc.strerror or exc}") from None
        return Receipt(person.id, exercise, now.isoformat(timespec="seconds").replace("+00:00", "Z"), digest)

    def _current_files(self, student: str, exercise: str) -> list[Path]:
        folder, name = self.folder / self._stems[student], exercise_stem(exercise)
        return [folder / f"{name}{suffix}" for suffix in (".yaml", *(f".{f}" for f in NOTES_FORMATS))]


@dataclass(frozen=True)
class PersonalLinks:
    """The personal links of ``grader tokens`` without collecting (``grader serve --roster R.csv
    --tokens DIR``): a token opens its student's pages and numbers, and nothing is handed in."""

    collector: Collector
    collects: ClassVar[bool] = False

    @property
    def roster(self) -> tuple[Person, ...]:
        return self.collector.roster

    def student_of(self, token: object) -> Person | None:
        return self.collector.student_of(token)

    def routes(self, service: Service) -> list[BaseRoute]:
        return []


def token_for(secret: bytes, student: str) -> str:
    """The student's token: HMAC-SHA256 of the id under the course secret, base64url, cut to
    ``TOKEN_LENGTH`` characters (132 bits). The same secret and id give the same token."""
    message = _TOKEN_DOMAIN + student.encode("utf-8", "surrogatepass")
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:TOKEN_LENGTH]


def course_secret(folder: Path, given: Path | None = None) -> bytes:
    """The secret in ``given``, or in ``folder/.grader-secret``, made (32 random bytes, mode
    0600) when there is none yet. Made under a temporary name and linked into place, so a
    second process at the same moment reads the first one's whole secret, never half."""
    path = given or Path(folder) / SECRET_NAME
    if given is None and not path.exists():
        _make_secret(path)
    try:
        with path.open("rb") as handle:
            secret = handle.read(4096)
    except OSError as exc:
        raise GraderError(f"cannot read the course secret: {exc.strerror or exc}", str(path)) from None
    if len(secret) < MIN_SECRET_BYTES:
        raise GraderError(f"the course secret is too short ({len(secret)} bytes; at least "
                          f"{MIN_SECRET_BYTES}: e.g. head -c {SECRET_BYTES} /dev/urandom > {path.name})",
                          str(path))
    return secret


def _make_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(SECRET_BYTES))
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, path)
    except FileExistsError:  # made by another process meanwhile: that one is the secret
        pass
    finally:
        temporary.unlink(missing_ok=True)


def link_for(base_url: str, token: str) -> str:
    """The student's personal link to the page that hands in."""
    return f"{base_url.rstrip('/')}/?token={token}"


DEFAULT_BASE_URL = "http://127.0.0.1:8000"  # where ``grader serve`` listens by default
TOKEN_COLUMNS = ("id", "name", "token", "link")


def tokens_csv(collector: Collector, base_url: str = DEFAULT_BASE_URL) -> str:
    """The students' tokens and links as CSV for a mail merge (``id, name, token, link``), in
    roster order; ids and names as spreadsheet-safe cells."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TOKEN_COLUMNS)
    for person in collector.roster:
        token = collector.token_of(person.id)
        writer.writerow([csv_cell(person.id), csv_cell(person.name), token, link_for(base_url, token)])
    return out.getvalue()


def submission_yaml(person: Person, exercise: str, answers: Mapping[str, str]) -> str:
    """A YAML submission file of ``answers``, checked against the limits."""
    if not isinstance(answers, Mapping):
        raise _refused(person, "submission-answers-not-mapping")
    if not answers:
        raise _refused(person, "hand-in-empty")
    if len(answers) > MAX_ANSWERS:
        raise _refused(person, "hand-in-too-many-answers", (("limit", str(MAX_ANSWERS)),))
    checked: dict[str, str] = {}
    for task, answer in answers.items():
        if not isinstance(task, str) or not task.strip() or not _plausible(task):
            raise _refused(person, "hand-in-task-implausible", (("task", _shown(task)),))
        if not isinstance(answer, str):
            raise _refused(person, "submission-answers-not-mapping")
        if len(answer) > MAX_ANSWER_CHARS:
            raise _refused(person, "hand-in-answer-too-long",
                           (("task", task), ("limit", str(MAX_ANSWER_CHARS))))
        checked[task] = _text(person, answer)
    return _yaml({**_front(person, exercise), "answers": checked})


def notes_with_front(person: Person, exercise: str, notes: str, format: str) -> str:
    """The notes as a file whose front matter (Markdown) or metadata (notebook) names the
    student and the exercise; what the student's own front matter said of them is replaced."""
    if format not in NOTES_FORMATS:
        raise _refused(person, "hand-in-format-unknown",
                       (("format", _shown(format)), ("formats", ", ".join(NOTES_FORMATS))))
    if not isinstance(notes, str):
        raise _refused(person, "hand-in-not-text")
    if len(notes) > MAX_HAND_IN_BYTES:  # characters: at least as many bytes
        raise _refused(person, "hand-in-too-large", (("limit", str(MAX_HAND_IN_BYTES)),))
    text = _text(person, notes).removeprefix("\ufeff")
    if format == "ipynb":
        return _notebook_with_front(person, exercise, text)
    return f"---\n{_yaml(_front(person, exercise))}---\n{_without_front_matter(text)}"


def _notebook_with_front(person: Person, exercise: str, text: str) -> str:
    """A notebook names its student in its metadata, ``grader``, which the notes reader takes
    before any front matter in a cell."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise _refused(person, "hand-in-not-notebook", (("problem", "its JSON does not read"),)) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise _refused(person, "hand-in-not-notebook", (("problem", "no list of cells"),))
    given = data.get("metadata")
    metadata = given if isinstance(given, dict) else {}
    data["metadata"] = {**metadata, "grader": _front(person, exercise)}
    try:
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    except (ValueError, RecursionError):
        raise _refused(person, "json-too-deep") from None


def _without_front_matter(text: str) -> str:
    """``text`` after its front matter, found as the notes reader finds it (a first line
    ``---`` and the next); the text itself when it has none."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return text
    end = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), None)
    return text if end is None else "".join(lines[end + 1:])


def _front(person: Person, exercise: str) -> dict[str, str]:
    front = {"student": person.id, "exercise": exercise}
    return {**front, "name": person.name} if person.name else front


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)


def _read_back(path: Path, text: str, person: Person, exercise: str) -> None:
    """Read ``text`` as ``grader grade`` will read it as ``path``; what it cannot read, or
    reads as another student's or exercise's, is refused here rather than found by the teacher."""
    try:
        submission = read_submission(path, text=text)
    except SubmissionError as exc:  # worded without the path: the student sees this
        raise _refused(person, exc.code or "submission-problem", exc.params or (("problem", exc.message),),
                       exc.line) from None
    if (submission.student, submission.exercise) != (person.id, exercise):
        raise GraderError(f"a hand-in of {person.id} for {exercise} read back as {submission.student} "
                          f"for {submission.exercise}: not stored")


def _text(person: Person, text: str) -> str:
    """Text that UTF-8 can store as it is: a lone surrogate (from JSON's "\\ud800") has no
    bytes, and its escape would not read back as the same text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _refused(person, "hand-in-not-text") from None
    return text


def _refused(person: Person | None, code: str, params: Params = (), line: int | None = None) -> HandInRefused:
    """The refusal of message ``code``; no path in it: the student reads it."""
    return HandInRefused(render(code, params), None, line, student=None if person is None else person.id,
                         code=code, params=params)


def exercise_stem(exercise: str) -> str:
    """The exercise's file name stem: the id itself when it is a safe stem already, else its
    safe stem with a short hash of the id (two ids never share a file)."""
    stem = file_stem(exercise)
    if stem == exercise:
        return stem
    return f"{stem}-{hashlib.sha256(exercise.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def _plausible(text: str) -> bool:
    """As a submission file's id must be: at most 200 characters, no control characters."""
    return len(text) <= MAX_ID_CHARS and not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text)


def _check_id(student: str, roster: str | None) -> None:
    """An id that a submission file would not carry as it is (the reader strips it, makes it
    NFC, refuses control characters and length) could hand in nothing that grades as its own."""
    if not _plausible(student) or not _encodable(student) or not student \
            or unicodedata.normalize("NFC", student.strip()) != student:
        raise GraderError(f"student id {json.dumps(student[:40])}{'…' if len(student) > 40 else ''} cannot "
                          "be handed in (control characters, over 200 characters, or spaces around it): "
                          "correct it in the roster", roster)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(value: object) -> str:
    return json.dumps(str(value)[:40])


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold ``path``'s lock: one hand-in of a student at a time, across threads and
    processes (each opens the file anew, and ``flock`` holds per open file)."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
