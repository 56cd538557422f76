"""Where results live on disk: a journal written as each submission is graded, and
``results.json`` replaced atomically, so a killed run never leaves a truncated file."""

from __future__ import annotations

import fcntl
import itertools
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

from grader.errors import OutputError
from grader.results.model import SubmissionResult
from grader.results.read import submission_from_data
from grader.results.write import submission_to_data

RESULTS_NAME = "results.json"
JOURNAL_NAME = ".grader-journal.jsonl"
LOCK_NAME = ".grader-lock"


_HELD: dict[str, int] = {}  # folders this process holds the run lock of, and how many times


@contextmanager
def run_lock(directory: Path) -> Iterator[None]:
    """Hold ``directory`` for one grading run: a second run into the same folder would clobber
    the journal and lose one run's results, so it is refused. ``flock``: the kernel releases
    the lock when its process dies, so a lock file left by a killed run blocks nothing.

    Held again inside the block (``grader grade`` holds it from grading until its reports and
    exports are written, and grading takes it too), it is the same lock: a second ``flock`` of
    the file from this process would refuse this process itself."""
    path = directory / LOCK_NAME
    try:
        directory.mkdir(parents=True, exist_ok=True)
        key = os.path.realpath(directory)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another grader run is writing to {directory} (it holds {path}); wait for "
                              "it to finish, or give another --out") from None
        _HELD[key] = 1
        try:
            yield
        finally:
            del _HELD[key]
    finally:
        os.close(handle)
MANIFEST_NAME = ".grader-files"  # in a report or export folder: the files grader wrote there


def write_atomic(path: Path, text: str | Iterable[str], durable: bool = True) -> None:
    """Write ``text`` (or its pieces, one after another) to a temporary file beside ``path``,
    flush it to disk (``durable``), then rename over it: whoever reads ``path`` sees the old
    file or the new one, never half of one.

    Every text grader writes passes here, so here text meets the encoder: what UTF-8 cannot
    encode (a lone surrogate from a JSON ``"\\ud800"`` or from a file name that is not UTF-8)
    is written as its visible escape (``\\ud800``, ``\\udce9``), as the terminal shows it; in
    JSON that is the same escape ``json.dumps`` writes."""
    try:
        handle, temporary = _temporary_beside(path)
    except FileNotFoundError:  # the folder is made when first needed, not checked per file
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _temporary_beside(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as out:
            if isinstance(text, str):
                out.write(text)
            else:
                out.writelines(text)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def owned_files(folder: Path, planned: Iterable[Path]) -> Iterator[None]:
    """Write a folder's files (``planned``) in the ``with`` block; then remove the files an
    earlier run wrote into ``folder`` that this one did not (a student no longer in
    results.json, an id corrected since), so the folder holds one run's files. Only files
    listed in the folder's manifest are ever removed: a teacher's own file there is not.

    The manifest lists both runs' files while the new ones are written, so a run stopped
    half-way leaves nothing untracked; on an error nothing is removed."""
    old = _listed(folder)
    new = {path.relative_to(folder).as_posix() for path in planned}
    if not new <= old:
        _list(folder, old | new)
    yield
    for name in sorted(old - new):
        if not (folder / name).is_dir():
            (folder / name).unlink(missing_ok=True)
    if old != new:
        _list(folder, new)


# what grader writes into a report or export folder; the manifest names nothing else
_OWN_SUFFIXES = (".html", ".md", ".csv", ".json", ".jsonl", ".xml")


def _listed(folder: Path) -> set[str]:
    """The manifest's files that are grader's to remove: relative paths inside ``folder``, of a
    kind grader writes; a line that is anything else (an edited manifest) is ignored."""
    try:
        lines = (folder / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    own = set()
    for line in lines:
        path = PurePosixPath(line)
        if (line and not path.is_absolute() and ".." not in path.parts and "\\" not in line
                and path.suffix in _OWN_SUFFIXES and path.as_posix() == line):
            own.add(line)
    return own


def _list(folder: Path, names: set[str]) -> None:
    write_atomic(folder / MANIFEST_NAME, "".join(f"{name}\n" for name in sorted(names)), durable=False)


_made = itertools.count()


def _temporary_beside(path: Path) -> tuple[int, str]:
    """A new file next to ``path``, readable as a results file is shared (0666 less the umask;
    ``mkstemp`` makes 0600 and costs a random name and a chmod per file, which a report of
    ten thousand files notices). Named by process and counter, made exclusively."""
    while True:
        temporary = str(path.parent / f".{path.name}.{os.getpid()}-{next(_made)}.tmp")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
        except FileExistsError:  # left by a killed process with the same pid: take the next
            continue


def file_key(path: Path) -> str:
    """Identifies a submission file's content for --resume: its path, size and mtime."""
    try:
        stat = path.stat()
    except OSError:
        return f"{path}|missing"
    return f"{path}|{stat.st_size}|{stat.st_mtime_ns}"


class Journal:
    """One JSON line per graded submission. The first line records the exercises' digest (its
    key ``fingerprint`` is the journal's format); a journal of other exercises is not resumed."""

    def __init__(self, directory: Path, exercises_digest: str) -> None:
        self.path = directory / JOURNAL_NAME
        self.exercises_digest = exercises_digest
        self._out: IO[str] | None = None
        self.recorded = 0  # results in the journal: those taken over and those appended
        # Why the journal stopped (a full disk): grading goes on, results.json is still written,
        # and what was recorded before stays for --resume.
        self.failure: OSError | None = None

    def load(self) -> dict[str, SubmissionResult]:
        """Results recorded by an earlier run, by file key; a torn last line is ignored."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return {}
        if not lines or _header(lines[0]) != self.exercises_digest:
            return {}
        found = {}
        for line in lines[1:]:
            try:
                entry = json.loads(line)
                found[entry["key"]] = submission_from_data(entry["result"])
            except (ValueError, KeyError, TypeError, RecursionError):  # torn, or not ours: graded again
                continue
        return found

    def start(self, keep: dict[str, SubmissionResult]) -> None:
        """Begin a new journal holding ``keep`` (what a resumed run takes over)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lines = [json.dumps({"fingerprint": self.exercises_digest})]
        lines += [json.dumps({"key": key, "result": submission_to_data(result)}, ensure_ascii=True)
                  for key, result in sorted(keep.items())]
        write_atomic(self.path, "\n".join(lines) + "\n")
        self._out = self.path.open("a", encoding="utf-8")
        self.recorded = len(keep)

    def record(self, key: str, line: str) -> None:
        """Append one graded submission, given as its line of JSON (``submission_json``)."""
        if self._out is None:  # stopped by a failed write
            return
        try:
            self._out.write(f'{{"key": {json.dumps(key)}, "result": {line}}}\n')
            self._out.flush()
        except OSError as exc:
            self.failure = exc
            self.close()
            return
        self.recorded += 1

    def close(self) -> None:
        if self._out is not None:
            out, self._out = self._out, None
            try:
                out.close()
            except OSError as exc:  # the last buffered line could not be written
                self.failure = self.failure or exc


def _header(line: str) -> str | None:
    try:
        return json.loads(line).get("fingerprint")
    except (ValueError, AttributeError, RecursionError):
        return None
