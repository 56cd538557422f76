"""The JSON Schemas an editor validates with accept every bundled file, and refuse the slips
the reader refuses."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from grader.exercise.schema import exercise_schema, submission_schema
from tests.conftest import ROOT


def editor_view(path):
    """The file as an editor's YAML language server sees it: standard YAML types."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


@pytest.mark.parametrize("path", sorted((ROOT / "exercises").glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_exercises_are_valid(path):
    jsonschema.validate(editor_view(path), exercise_schema())


@pytest.mark.parametrize("path", sorted((ROOT / "examples" / "submissions").iterdir()), ids=lambda p: p.name)
def test_example_submissions_are_valid(path):
    jsonschema.validate(editor_view(path), submission_schema())


@pytest.mark.parametrize("bad", [
    {"id": "x", "title": "t", "problems": [{"id": "p", "tasks": [{"id": "a", "derivatve": ["x"]}]}]},
    {"id": "x", "title": "t", "problems": [{"id": "p", "tasks": [{"id": "a"}]}]},
    {"id": "x", "title": "t", "problems": [{"id": "p", "tasks": [{"id": "a", "step": 1, "slope": 1}]}]},
    {"id": "x", "title": "t", "partial_credit": {"rouding": 0.5}, "problems": [{"id": "p", "tasks": [{"id": "a", "answer": "1"}]}]},
    {"id": "x", "title": "t", "lang": "fr", "problems": [{"id": "p", "tasks": [{"id": "a", "answer": "1"}]}]},
])
def test_schema_refuses_what_the_reader_refuses(bad):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, exercise_schema())


def test_a_numeric_student_id_is_flagged_for_quotes():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"student": 123, "exercise": "e"}, submission_schema())


def test_schema_command(run):
    result = run("schema", "submission")
    assert result.exit_code == 0 and json.loads(result.stdout)["title"] == "grader submission"
