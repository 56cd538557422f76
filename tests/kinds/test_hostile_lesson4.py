"""Lesson 4's kinds against a hostile tester's exercises and answers (issue 23's hostile round):
each row an input that crashed, hung or misled before."""

from __future__ import annotations

import pytest

import grader
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "hostile4"


def exercise_file(tmp_path, function: str, task: str, extra: str = ""):
    path = tmp_path / "ex.yaml"
    path.write_text(f"id: e\ntitle: E\nlang: en\n{extra}problems:\n  - id: p\n    function: '{function}'\n"
                    f"    tasks:\n      - {task}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("at, shown", [
    ("{x: 5, y: 7}", "6860*ln(26) ≈ 22350.542"),  # sp.simplify made it ln(26^6860): 9,700 digits
    ("{x: 5, y: 3}", "540*ln(26) ≈ 1759.3721"),
])
def test_a_hessian_entry_with_a_logarithm_keeps_it_apart(tmp_path, at, shown):
    path = exercise_file(tmp_path, "f(x, y) = ln(x^2 + 1) y^5",
                         f"{{id: hat, hessian: {{at: {at}}}, tolerance: {{decimals: 2}}}}")
    task = grader.load_exercise(path).task("p.hat")
    assert task.expected_text.endswith(f", {shown}]]"), task.expected_text


def test_the_hostile_log_exercise_validates_and_solves(run):
    assert run("validate", str(DATA / "exlog.yaml")).exit_code == 0
    result = run("solve", str(DATA / "exlog.yaml"))
    assert result.exit_code == 0
    assert "6860*ln(26) ≈ 22350.542" in result.stdout


# -- follow-through from a previous Newton step that is no plain number --------------------------
RADICALS = "2^(1/2)+3^(1/3)+5^(1/5)+7^(1/7)+11^(1/11)+13^(1/13)+17^(1/17)+19^(1/19)"


@pytest.mark.parametrize("first, second, verdict, codes", [
    ("5/2", "1.65", "partial", ["carried-error"]),  # a rational: exactly, as before
    ("sqrt(5)", "1.57", "partial", ["carried-error"]),  # √5 − 1.5/√5 ≈ 1.5652, worked out in decimals
    (RADICALS, "1", "incorrect", ["rounding"]),  # was a timeout: exact follow-through took seconds
    (RADICALS, "5.28", "partial", ["carried-error"]),  # 10.3673 − J'/J'' ≈ 5.2801
    ("3/2", "1.42", "correct", []),
])
def test_follow_through_from_a_previous_step_is_bounded(tmp_path, first, second, verdict, codes):
    from grader.reading.submission import Submission
    from grader.running.grade import grade_submission

    path = tmp_path / "n.yaml"
    path.write_text("id: n\ntitle: N\nfollow_through: 0.5\ntolerance: {decimals: 2}\nproblems:\n  - id: p\n"
                    "    function: 'J(θ) = θ^3 - 6θ'\n    start: 2\n    tasks:\n"
                    "      - {id: n1, newton: 1}\n      - {id: n2, newton: 2}\n", encoding="utf-8")
    exercise = grader.load_exercise(path)
    results = grade_submission(exercise, Submission("t.yaml", "t", "n", {"p.n1": first, "p.n2": second}))
    result = next(r for r in results if r.task == "p.n2")
    assert (result.verdict, [d.code for d in result.diagnoses]) == (verdict, codes)


def test_three_variables_from_irrational_steps_are_graded_not_timed_out():
    from grader.reading.submission import Submission
    from grader.running.grade import grade_submission

    exercise = grader.load_exercise(DATA / "newton3.yaml")
    first = ("(sqrt(2) + pi^(1/3) + e^(1/7) + sqrt(sqrt(3)+1), ln(3) + sqrt(5) + 2^(1/5), "
             "sin(1) + cos(2) + tan(3)+ 7^(1/9))")
    answers = {"nt.n1": first, "nt.n2": "(1, 2, 3)", "nt.n3": "(1, 2, 3)"}
    results = grade_submission(exercise, Submission("t.yaml", "t", "h3", answers))
    assert [r.verdict for r in results] == ["incorrect"] * 3


# -- what the hessian key takes --------------------------------------------------------------------
TAKES = ("hessian takes true (every variable) or a list of the function's variables ([x, y]), alone or "
         "as {variables: [...], at: {...}}")


@pytest.mark.parametrize("given, message", [
    ("[x, x]", "hessian lists x more than once; list each variable once"),  # was accepted
    ("{variables: [y, y], at: {x: 1, y: 2}}", "hessian lists y more than once; list each variable once"),
    ("'x, y'", TAKES),  # was 'unknown variable(s) x, y; the function has x, y'
    ("[[x, y]]", TAKES),  # was "unknown variable(s) ['x', 'y']"
    ("false", TAKES),  # was 'unknown variable(s) False'
    ("{variables: 'x, y'}", TAKES),
])
def test_validate_says_what_the_hessian_key_takes(run, tmp_path, given, message):
    path = exercise_file(tmp_path, "f(x, y) = x^2 y", f"{{id: h, hessian: {given}}}")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}:8: {message}"]


# -- wording ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("message, lang, text", [
    (("notes-too-many-pieces", (("where", "notes.md:3007"), ("count", "2000"))), "en",
     "notes.md:3007: more than 2000 pieces of math; the rest is not read"),  # the place came twice
    (("notes-too-many-pieces", (("where", "notes.md:3007"), ("count", "2000"))), "nl",
     "notes.md:3007: meer dan 2000 stukken wiskunde; de rest wordt niet gelezen"),
    (("matrix-ragged", (("row", "2"), ("count", "1"), ("expected", "2"))), "en",
     "the rows of the matrix differ in length: row 2 has 1, the first row 2; every row needs as many "
     "entries"),  # 'has 1 entries'
    (("matrix-ragged", (("row", "2"), ("count", "1"), ("expected", "2"))), "nl",
     "de rijen van de matrix zijn niet even lang: rij 2 heeft er 1, de eerste rij 2; elke rij moet "
     "evenveel elementen hebben"),
])
def test_the_wording(message, lang, text):
    from grader.messages import describe_failure
    from grader.results.model import Message

    assert describe_failure(Message(*message), lang) == text
