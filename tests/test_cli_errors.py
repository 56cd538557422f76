"""Exit codes come from the error: each kind carries its code, and one place in cli.py turns
it into the line(s) on stderr and the exit code."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from grader import errors
from grader.cli import Commands
from grader.errors import (
    ExerciseError,
    ExerciseErrors,
    GraderError,
    NotFound,
    OutputError,
    SubmissionError,
)

BROKEN = "id: b\ntitle: B\nproblems: 3\n"
RESULTS = "examples/results.json"


def _broken(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    return str(path)


def _unreadable_submission(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("student: [unclosed\n")
    return str(path)


def _under_a_file(tmp_path):
    (tmp_path / "file").write_text("")
    return str(tmp_path / "file" / "x.md")


# (what, command line with T for tmp_path, exit code, what stderr says)
CASES = [
    ("a click usage error", lambda t: ["grade"], 2, "Missing argument"),
    ("GraderError: a command's options do not fit",
     lambda t: ["grade", "gradient-descent", "-o", str(t / "out")], 2, "error: give --submissions"),
    ("GraderError: an unknown format", lambda t: ["sheet", "gradient-descent", "--student", "s1",
                                                  "--format", "pdf"], 2, "error: unknown format 'pdf'"),
    ("NotFound: no such exercise", lambda t: ["check", "no-such-exercise", _unreadable_submission(t)], 2,
     "error: no exercise file or bundled exercise 'no-such-exercise'"),
    ("ExerciseErrors: a broken exercise", lambda t: ["solve", _broken(t)], 2,
     "the exercise needs 'problems', a non-empty list"),
    ("OutputError: nowhere to write", lambda t: ["template", "linear-cost", "-o", _under_a_file(t)], 2,
     "error: cannot write"),
    ("a submission that cannot be graded",
     lambda t: ["check", "partial-derivatives", _unreadable_submission(t), "--lang", "en"], 1, ""),
    ("validate: an exercise with problems", lambda t: ["validate", _broken(t)], 1,
     "the exercise needs 'problems'"),
    ("validate: no such exercise", lambda t: ["validate", "no-such-exercise"], 2,
     "error: no exercise file or bundled exercise"),
]


@pytest.mark.parametrize(("what", "args", "code", "said"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_error_ends_the_command_with_its_code(run, tmp_path, what, args, code, said):
    result = run(*args(tmp_path))
    assert result.exit_code == code, result.output
    assert said in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", [GraderError, ExerciseError, SubmissionError, NotFound, OutputError])
def test_every_kind_carries_the_usage_code(kind):
    assert kind("x").exit_code == errors.EXIT_USAGE == 2


def test_several_exercise_errors_carry_the_usage_code():
    assert ExerciseErrors([ExerciseError("x", "a.yaml", 3)]).exit_code == 2


class Problem(GraderError):
    exit_code = errors.EXIT_PROBLEMS


@pytest.mark.parametrize(("error", "code", "said"), [
    (GraderError("give --out", "f.yaml", 3), 2, "error: f.yaml:3: give --out\n"),
    (Problem("some were not graded"), 1, "error: some were not graded\n"),
    (ExerciseErrors([ExerciseError("one", "a.yaml", 1), ExerciseError("two", "a.yaml", 2)]), 2,
     "a.yaml:1: one\na.yaml:2: two\n"),
])
def test_the_command_group_exits_with_the_code_the_error_carries(error, code, said):
    @click.group(cls=Commands)
    def group() -> None:
        pass

    @group.command()
    def fails() -> None:
        raise error

    result = CliRunner().invoke(group, ["fails"], catch_exceptions=False)
    assert (result.exit_code, result.stderr, result.stdout) == (code, said, "")
