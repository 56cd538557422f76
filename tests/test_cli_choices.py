"""Every choice and default the command line offers is the library's, not a copy in cli.py."""

from __future__ import annotations

import click
import pytest

from grader import api, cli
from grader.exercise.schema import SCHEMAS
from grader.export import FORMAT_NAMES
from grader.export.write import EXTENSIONS
from grader.messages import LANGUAGES
from grader.report import FORMATS as REPORT_TEMPLATES
from grader.report.write import FORMATS as RENDERED
from grader.running.gradescope_upload import STUDENT_ID_FIELDS
from grader.running.gradescope_upload import autograde as grade_upload


def parameter(command: str, name: str) -> click.Parameter:
    found = [p for p in cli.cli.commands[command].params if p.name == name]
    assert len(found) == 1, (command, name)
    return found[0]


def choices(command: str, name: str) -> tuple[str, ...]:
    kind = parameter(command, name).type
    assert isinstance(kind, click.Choice)
    return tuple(kind.choices)


@pytest.mark.parametrize(("command", "name", "source"), [
    ("export", "fmt", FORMAT_NAMES),
    ("grade", "moodle_id", api.MOODLE_IDS),
    ("export", "moodle_id", api.MOODLE_IDS),
    ("grade", "attempts", api.ATTEMPTS),
    ("gradescope-bundle", "student_id", STUDENT_ID_FIELDS),
    ("autograde", "student_id", STUDENT_ID_FIELDS),
    ("schema", "which", SCHEMAS),
    *[(command, "lang", LANGUAGES) for command in ("solve", "check", "grade", "report", "sheet")],
])
def test_a_choice_is_the_librarys(command, name, source):
    assert choices(command, name) == tuple(source)


@pytest.mark.parametrize(("command", "name", "default"), [
    ("grade", "moodle_id", (api.grade_class.__kwdefaults__ or {})["moodle_id"]),
    ("export", "moodle_id", (api.export_results.__kwdefaults__ or {})["moodle_id"]),
    ("grade", "attempts", (api.grade_class.__kwdefaults__ or {})["attempts"]),
    ("report", "report_formats", ",".join((api.write_reports.__kwdefaults__ or {})["formats"])),
    ("autograde", "student_id", grade_upload.__defaults__[-1]),  # type: ignore[index]
    ("gradescope-bundle", "student_id", grade_upload.__defaults__[-1]),  # type: ignore[index]
])
def test_a_default_is_the_librarys(command, name, default):
    assert parameter(command, name).default == default


def test_the_format_lists_are_the_ones_the_library_writes():
    assert cli.EXPORT_FORMATS is FORMAT_NAMES and tuple(EXTENSIONS) == FORMAT_NAMES
    assert tuple(REPORT_TEMPLATES) == cli.REPORT_FORMATS and RENDERED is REPORT_TEMPLATES


def test_an_unknown_report_format_names_the_librarys(tmp_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli.cli, ["sheet", "gradient-descent", "--student", "s1", "--format", "pdf"])
    assert result.exit_code == 2
    assert f"use {', '.join(REPORT_TEMPLATES)} " in result.stderr
