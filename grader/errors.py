"""User-facing errors: each names where the problem is and what to do about it."""

from __future__ import annotations

Params = tuple[tuple[str, str], ...]

# the exit codes of the ``grader`` command, as click's: 1 when some input was read and found
# wanting (a submission not graded, an exercise with problems), 2 when the command cannot run
EXIT_PROBLEMS, EXIT_USAGE = 1, 2


class GraderError(Exception):
    """A problem with the user's input, shown as one line: ``file:line: message``. ``code`` and
    ``params``, when given, are the message as data (``grader.messages``), for renderers that
    word it in another language; ``message`` is its English wording. ``exit_code``: what the
    command exits with when the error ends it (as click's exceptions carry theirs)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, path: str | None = None, line: int | None = None, *,
                 code: str | None = None, params: Params = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.code = code
        self.params = params

    @classmethod
    def coded(cls, code: str, params: Params = (), path: str | None = None,
              line: int | None = None) -> GraderError:
        """The error of message ``code``, worded in English for ``message``."""
        return cls(english(code, params), path, line, code=code, params=params)

    @property
    def where(self) -> str:
        """``file:line``, or what of it is known."""
        where = self.path or ""
        return f"{where}:{self.line}" if self.line is not None else where

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message


class ExerciseError(GraderError):
    """An exercise file cannot be used (YAML syntax, schema, an expression that does not read)."""


class ExerciseErrors(GraderError):
    """Several problems found in one or more exercise files; ``errors`` lists them all."""

    def __init__(self, errors: list[ExerciseError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class SubmissionError(GraderError):
    """A submission file cannot be graded (unreadable, not YAML/JSON, missing fields...).
    ``student``, ``name`` and ``exercise``: what could be read of them, kept in the error record."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, *,
                 student: str | None = None, name: str | None = None,
                 exercise: str | None = None, code: str | None = None, params: Params = ()) -> None:
        super().__init__(message, path, line, code=code, params=params)
        self.student = student
        self.name = name
        self.exercise = exercise

    @classmethod
    def of(cls, code: str, params: Params = (), path: str | None = None, line: int | None = None, *,
           student: str | None = None, name: str | None = None,
           exercise: str | None = None) -> SubmissionError:
        """The error of message ``code``, worded in English for ``message``."""
        return cls(english(code, params), path, line, student=student, name=name, exercise=exercise,
                   code=code, params=params)


class HandInRefused(SubmissionError):
    """A hand-in that was not stored (``grader.serve.collect``): a token that is no student's,
    answers or notes over a limit, notes that do not read. ``code`` says which, for the page
    the student sees; nothing of it was written."""


def english(code: str, params: Params) -> str:
    from grader.messages import render  # the catalogue is not needed until an error is made

    return render(code, params)


class NotFound(GraderError):
    """A path or bundled id given on the command line does not exist (exit code 2)."""


class OutputError(GraderError):
    """The results cannot be written (a read-only or full --out folder): exit code 2."""
