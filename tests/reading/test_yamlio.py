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
