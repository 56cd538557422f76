"""User-facing errors: each names where the problem is and what to do about it."""

from __future__ import annotations


class GraderError(Exception):
    """A problem with the user's input, shown as one line: ``file:line: message``."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}"
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
                 exercise: str | None = None) -> None:
        super().__init__(message, path, line)
        self.student = student
        self.name = name
        self.exercise = exercise


class NotFound(GraderError):
    """A path or bundled id given on the command line does not exist (exit code 2)."""


class OutputError(GraderError):
    """The results cannot be written (a read-only or full --out folder): exit code 2."""
