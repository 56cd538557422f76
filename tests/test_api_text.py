"""Answers handed to the Python API are text: bytes were read as their repr (b'[[1,2],[3,4]]')."""

from __future__ import annotations

import re

import pytest

import grader
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def lesson4():
    return grader.load_exercise(ROOT / "exercises" / "lesson4-second-order.yaml")


@pytest.mark.parametrize("answer, message", [
    (b"[[1,2],[3,4]]", "answer_text must be str, not bytes (decode it first: .decode('utf-8'))"),
    (bytearray(b"[[1,2],[3,4]]"), "answer_text must be str, not bytearray (decode it first"),
    (12, "answer_text must be str, not int"),
])
def test_check_answer_takes_text_only(lesson4, answer, message):
    task = lesson4.tasks[0].key
    with pytest.raises(TypeError, match=re.escape(message)):
        grader.check_answer(lesson4, task, answer)


def test_check_submission_refuses_bytes_and_reads_numbers_as_before():
    derivatives = grader.load_exercise("partial-derivatives")
    with pytest.raises(TypeError, match=re.escape("the answer to 'p1.dx' must be str, not bytes")):
        grader.check_submission(derivatives, {"p1.dx": b"4x^3"})
    assert grader.check_submission(derivatives, {"p1.dx": "4x^3 + 3x^2y^2"}).task("p1.dx").verdict == "correct"
