"""The class overview's numbers against values computed by hand on a small class."""

from __future__ import annotations

import csv
import io

import pytest

from grader.exercise import load_exercise
from grader.reading.submission import Submission
from grader.report.overview import histogram_svg, items_csv, overview
from grader.report.statistics import histogram, items, summary
from grader.results.model import failed, summarize
from grader.running.grade import grade_submission
from tests.conftest import ROOT

EXERCISE = load_exercise(ROOT / "tests" / "data" / "verdicts.yaml")
ANSWERS = {  # z.dx: 1 point; gd1.step1: 1 point (other tasks left empty: missing, 0)
    "a": {"z.dx": "4x^3 + 3x^2y^2", "gd1.step1": "1.6"},
    "b": {"z.dx": "x^2(4x + 3y^2)", "gd1.step1": "6.4"},
    "c": {"z.dx": "4x^3 - 3x^2y^2", "gd1.step1": "1.6"},
    "d": {"z.dx": "4x^3 - 3x^2 y^2", "gd1.step1": "6.4"},
}


@pytest.fixture(scope="module")
def results():
    graded = []
    for student, answers in ANSWERS.items():
        tasks = tuple(grade_submission(EXERCISE, Submission(f"{student}.yaml", student, "verdicts", answers)))
        graded.append(summarize(f"{student}.yaml", student, None, "verdicts", tasks, float(EXERCISE.max_score)))
    return (*graded, failed("e.yaml", "e.yaml: broken", "e"))


def test_summary_by_hand(results):
    # scores: a 2, b 1, c 1, d 0 -> mean 1, median 1, population sd sqrt(0.5) = 0.71
    found = summary(results)
    assert (found.graded, found.failed, found.review) == (4, 1, 0)
    assert (found.mean, found.median, found.stdev) == (1.0, 1.0, 0.71)


def test_item_statistics_by_hand(results):
    stats = {i.task: i for i in items(EXERCISE, results)}
    dx = stats["z.dx"]
    # z.dx scores 1, 1, 0, 0 (facility 50 %, sd 0.5); the rest of the test (gd1.step1) 1, 0, 1, 0:
    # correlation of (1,1,0,0) with (1,0,1,0) is 0
    assert (dx.facility, dx.stdev, dx.discrimination) == (50.0, 0.5, 0.0)
    assert dx.verdicts == (("correct", 2), ("incorrect", 2))
    step = stats["gd1.step1"]
    assert (step.facility, step.discrimination) == (50.0, 0.0)
    assert stats["num.third"].answered == 0 and stats["num.third"].facility == 0.0


def test_responses_are_grouped_by_value_not_by_string(results):
    groups = {i.task: i.groups for i in items(EXERCISE, results)}["z.dx"]
    # two wrong answers written differently are one group; so are the two right ones
    assert [(g.count, g.verdict) for g in groups] == [(2, "incorrect"), (2, "correct")]
    assert groups[0].diagnosis is not None and groups[0].diagnosis.code == "sign-slip"
    assert groups[0].shown in ("4x^3 - 3x^2y^2", "4x^3 - 3x^2 y^2")


def test_histogram_and_its_picture():
    assert histogram([0, 1, 5, 9.9, 10], 10, 5) == (2, 0, 1, 0, 2)
    svg = histogram_svg((2, 0, 1, 0, 2), 10)
    assert svg.startswith("<svg") and svg.count("<rect") == 5 and "<script" not in svg


def test_items_csv_reads_back(results):
    view = overview({"verdicts": EXERCISE}, results, "en", {})
    rows = list(csv.DictReader(io.StringIO(items_csv(view.exercises))))
    dx = next(r for r in rows if r["task"] == "z.dx")
    assert (dx["facility"], dx["discrimination"], dx["correct"], dx["incorrect"]) == ("50", "0", "2", "2")
    assert len(rows) == len(EXERCISE.tasks)


def test_the_response_analysis_says_why_a_row_is_invalid_and_shows_control_characters():
    answers = {"s1": "4x^3 + 3x^2w", "s2": "4x^3 + 3x^2w", "s3": "4x^3\x1b[2J + 1"}
    graded = [summarize(f"{s}.yaml", s, None, "verdicts",
                        tuple(grade_submission(EXERCISE, Submission(f"{s}.yaml", s, "verdicts", {"z.dx": a}))),
                        float(EXERCISE.max_score)) for s, a in answers.items()]
    (part,) = overview({"verdicts": EXERCISE}, graded, "en", {}).exercises
    (item,) = [i for i in part.items if i.task == "z.dx"]
    assert [(g.count, g.verdict) for g in item.groups] == [(2, "invalid"), (1, "invalid")]
    assert part.group_words[("z.dx", 0)].startswith("unknown name 'w'")
    assert item.groups[1].shown == "4x^3\\x1b[2J + 1" and "\x1b" not in item.groups[1].shown
    assert part.group_words[("z.dx", 1)]
    for fmt in ("html", "md"):
        page = overview_page(graded, fmt)
        assert "unknown name &#39;w&#39;" in page or "unknown name 'w'" in page
        assert "\x1b" not in page


def overview_page(results, fmt: str) -> str:
    import tempfile
    from pathlib import Path

    from grader.report.write import write_reports

    with tempfile.TemporaryDirectory() as folder:
        write_reports({"verdicts": EXERCISE}, tuple(results), Path(folder), (fmt,), "en")
        return (Path(folder) / f"index.{fmt}").read_text(encoding="utf-8")


def test_code_wraps_between_tokens_not_inside_numbers():
    css = (ROOT / "reports" / "report.css").read_text(encoding="utf-8")
    assert "break-all" not in css and "overflow-wrap: anywhere" in css


def test_words_and_sets_are_grouped_as_grading_reads_them():
    """A nature written "Minimum" or "a minimum." is one answer; eigenvalues in another order too."""
    exercise = load_exercise(ROOT / "tests" / "data" / "analysis.yaml")
    answers = {"a": {"n.min": "Minimum", "q.e": "3.53, 12.47"}, "b": {"n.min": "a minimum.", "q.e": "12.47, 3.53"},
               "c": {"n.min": "saddle", "q.e": "8 + 2√5, 8 - 2√5"}}
    graded = [summarize(f"{s}.yaml", s, None, "analysis",
                        tuple(grade_submission(exercise, Submission(f"{s}.yaml", s, "analysis", a))),
                        float(exercise.max_score)) for s, a in answers.items()]
    groups = {i.task: i.groups for i in items(exercise, graded)}
    assert [(g.count, g.verdict) for g in groups["n.min"]] == [(1, "incorrect"), (2, "correct")]
    # the two orders of the rounded ones are one group; exact values are a group of their own
    assert [(g.count, g.verdict) for g in groups["q.e"]] == [(2, "correct"), (1, "correct")]

