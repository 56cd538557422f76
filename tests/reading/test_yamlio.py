"""YAML and JSON are read as written: ids and answers are the text the person typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.errors import GraderError
from grader.reading.submission import read_submission
from grader.reading.yamlio import load_data


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("written", ["0123", "0x1F", "12:30", "024", "1e-3", "0.00001", "1_000",
                                     "2026-01-01", ".5", "+1", "0o17"])
def test_plain_yaml_scalars_stay_as_written(tmp_path, written):
    data = load_data(write(tmp_path, f"student: {written}\nanswer: {written}\n"))
    assert data == {"student": written, "answer": written}


def test_booleans_and_null_keep_their_meaning(tmp_path):
    assert load_data(write(tmp_path, "a: true\nb: null\nc: false\n")) == {"a": True, "b": None, "c": False}


def test_submission_ids_and_answers_are_text_as_written(tmp_path):
    path = write(tmp_path, "student: 0123\nexercise: gradient-descent\nanswers:\n  gd1.step1: 024\n"
                           "  gd1.step2: 1.60\n  gd2.step1: [2.4, 1.92]\n")
    submission = read_submission(path)
    assert submission.student == "0123"
    assert submission.answers == {"gd1.step1": "024", "gd1.step2": "1.60", "gd2.step1": "(2.4, 1.92)"}


def test_json_numbers_stay_as_written_and_huge_ones_do_not_crash(tmp_path):
    huge = "9" * 5000
    path = write(tmp_path, json.dumps({"student": "s1", "exercise": "e", "answers": {}})[:-1]
                 + f', "big": {huge}, "x": 1.60}}', "s.json")
    data = load_data(path)
    assert data["big"] == huge and data["x"] == "1.60"


def test_json_nan_is_refused_with_a_line(tmp_path):
    with pytest.raises(GraderError) as caught:
        load_data(write(tmp_path, '{"a": NaN}', "s.json"))
    assert "not valid JSON" in str(caught.value)


@pytest.mark.parametrize("name, text", [
    ("s.yaml", "student: 0123\nexercise: e\nanswers:\n  t: 024\n"),
    ("s.json", '{"student": "s1", "exercise": "e", "answers": {"t": 1.60}}'),
    ("s.md", "---\nstudent: s1\nexercise: e\n---\n## t\n\n4x\n"),
    ("s.md", "---\nstudent: s1\nexercise: e\n---\n$Z = x^2$, so $Z_x = 2x$\n"),
    ("s.ipynb", json.dumps({"cells": [{"cell_type": "markdown", "source": "$Z_x = 2x$"}],
                            "metadata": {"grader": {"student": "s1", "exercise": "e"}}})),
    ("s.yaml", "student: [\n"),
    ("s.ipynb", "[]"),
], ids=["yaml", "json", "sheet", "notes", "notebook", "bad-yaml", "bad-notebook"])
def test_a_submission_not_yet_on_disk_reads_as_its_file_would(tmp_path, name, text):
    """A hand-in is read before it is stored (grader.serve.collect)."""
    def read(**text_given):
        try:
            return read_submission(tmp_path / name, **text_given)
        except GraderError as exc:
            return (type(exc), exc.code, exc.params, exc.line, str(exc))

    given = read(text=text)
    assert not (tmp_path / name).exists()
    write(tmp_path, text, name)
    assert given == read()
