"""The results format: round trips, floats, nulls and byte-stable lines."""

from __future__ import annotations

import json

from grader.results.model import Diagnosis, ExerciseSummary, GradeReport, TaskResult, failed, summarize
from grader.results.read import report_from_data
from grader.results.write import report_json, submission_json


def task(verdict: str, score: float | None) -> TaskResult:
    return TaskResult("p.a", verdict, score, 1.0, "x", "x", "x", (Diagnosis("sign-slip", (("which", "all"),)),))  # type: ignore[arg-type]


def test_scores_are_floats_and_null_when_nothing_was_scored():
    assert summarize("s.yaml", "s", None, "e", (task("correct", 1.0), task("timeout", None)), 2.0).score == 1.0
    assert summarize("s.yaml", "s", None, "e", (task("timeout", None), task("unproven", None)), 2.0).score is None
    zero = summarize("s.yaml", "s", None, "e", (task("incorrect", 0.0),), 1.0)
    assert zero.score == 0.0 and isinstance(zero.score, float)


def test_report_round_trips_and_is_sorted():
    results = (summarize("b.yaml", "s2", "B", "e", (task("correct", 1.0),), 1.0),
               failed("a.yaml", "a.yaml: broken"),
               summarize("a2.yaml", "s1", None, "e", (task("incorrect", 0.0),), 1.0))
    report = GradeReport((ExerciseSummary("e", "E", 1.0),), results)
    text = report_json(report)
    again = report_json(report_from_data(json.loads(text)))
    assert text == again
    students = [r["student"] for r in json.loads(text)["results"]]
    assert students == ["s1", "s2", None]  # by student; unreadable files last


def test_a_line_is_utf8_when_it_can_be_and_escaped_when_it_cannot():
    plain = submission_json(failed("θ.yaml", "x", "Zoë"))
    assert "Zoë" in plain
    odd = submission_json(failed("x.yaml", "x", "s\ud800"))
    odd.encode("utf-8")  # does not raise
    assert json.loads(odd)["student"] == "s\ud800"


def test_every_field_of_a_result_reads_back_as_it_was_written():
    """Read back positionally (fast), so every field must land in its own place."""
    from grader.results.model import Message, SubmissionResult

    full = TaskResult("gd.step1", "partial", 0.5, 1.0, "(2.4, 1.9)", "(2.4, 1.9)", "(2.4, 1.92)",
                      (Diagnosis("rounding", (("places", "1"), ("how", "rounded"), ("decimals", "2"),
                                              ("component", "2"))),),
                      Message("components-wrong", (("which", "2"),), 3), ("correct", "incorrect"),
                      ("a1b2", "c3d4"), "notes.md:12")
    result = SubmissionResult("s.yaml", "graded", "s1", "Sanne", "gd", 0.5, 1.0, None, True, (full,),
                              ("answer under 'x' is for no task of this exercise",), (("rate", "0.1"),),
                              None, (Message("answer-for-no-task", (("key", "x"),)),))
    failure = SubmissionResult("t.yaml", "error", "s2", None, None, None, None, "t.yaml: file is empty",
                               error_message=Message("file-empty", (("where", "t.yaml"),)))
    report = GradeReport((ExerciseSummary("gd", "GD", 1.0, "nl"),), (result, failure))
    assert report_from_data(json.loads(report_json(report))) == report
