"""Variants of the lesson-4 kinds a teacher can write: two mistakes that give one wrong number
in a Hessian at a point or a directional derivative warn (both are wrong, grader names the
first), a mistake that gives the right answer still fails the variant, 'where' lines for a
singular Hessian at a Newton iterate, and a warning when 'where' leaves too few variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader import check_answer
from grader.exercise import load_exercise
from grader.exercise.variantcheck import check_variants, problems_of
from tests.conftest import ROOT

TRIAL = ROOT / "tests" / "data" / "variants" / "les4-prijs-var.yaml"  # trial 2's teacher's file
HINTED = ["t != 0", "a != c", "-a^2 + 6*c*s != 0", "-a^2 + 12*c*s != 0"]


def with_where(tmp_path: Path, lines: list[str]) -> Path:
    where = ", ".join(f'"{line}"' for line in lines)
    path = tmp_path / "les4-prijs-var.yaml"
    path.write_text(TRIAL.read_text(encoding="utf-8").replace("problems:", f"where: [{where}]\nproblems:", 1),
                    encoding="utf-8")
    return path


def test_the_trial_s_variants_fail_only_for_what_a_teacher_must_fix():
    """59 of 60 failed, mostly two wrong numbers in one Hessian entry, and the hint had 25
    lines; now those warn and four lines remain: t = 0 (constant-kept gives the right Hessian),
    a = c (two mistakes give one gradient expression), a Newton step onto the stationary point,
    and the Hessian singular at the start (12cs = a²)."""
    report = check_variants(load_exercise(TRIAL))
    assert report is not None and report.checked == 60
    assert report.failing == 32
    assert report.proposal is not None and list(report.proposal.lines) == HINTED and report.proposal.exact
    assert [(c.task, c.variants) for c in report.coincidences] == [("k.hessiaan_start", 41), ("k.richting", 24)]


def test_a_mistake_that_gives_the_right_number_still_fails_the_variant():
    exercise = load_exercise(TRIAL)
    variant = exercise.family.space.named({"a": "6", "c": "3", "s": "5", "t": "0"})
    said = [str(e).split(": ", 1)[1] for e in problems_of(exercise.family.exercise(variant))]
    assert said == ["with a = 6, c = 3, s = 5, t = 0: task k.hessiaan_start: the mistake constant-kept gives "
                    "the right answer [[30, -6], [-6, 6]], so it cannot be seen; exclude such variants "
                    "with 'where'"]


def test_two_mistakes_in_a_formula_still_fail_the_variant():
    """a = c: other-variable-differentiated and sign-slip give one gradient component (an
    expression, the same for every w and b): not a coincidence of numbers."""
    exercise = load_exercise(TRIAL)
    variant = exercise.family.space.named({"a": "6", "c": "6", "s": "3", "t": "1"})
    said = [str(e).split(": ", 2)[2] for e in problems_of(exercise.family.exercise(variant))]
    assert said == ["task k.gradient: the mistakes other-variable-differentiated and sign-slip both give "
                    "6*b + 3*w^2 in component 1, so grader cannot say which was made; exclude such "
                    "variants with 'where'"]


def test_a_student_who_makes_one_of_two_coinciding_mistakes_is_told_wrong_and_one_name():
    """a = 6, c = 3, s = 3, t = -2: coefficient-not-multiplied and
    second-derivative-wrong-variable both give 6 in entry (1,1) of the Hessian at the start."""
    exercise = load_exercise(TRIAL)
    space = exercise.family.space
    student = next(f"s{k}" for k in range(5000)
                   if space.for_student(f"s{k}").describe() == "a = 6, c = 3, s = 3, t = -2")
    checked = check_answer(exercise, "k.hessiaan_start", "[[6, -6], [-6, 6]]", student=student)
    assert checked.verdict != "correct" and checked.score < checked.max_score
    assert [(d.code, dict(d.params)["entry"]) for d in checked.diagnoses] == [
        ("second-derivative-wrong-variable", "1,1")]


def test_the_hinted_trial_validates_with_its_coincidences_warned(run, tmp_path):
    path = with_where(tmp_path, HINTED)
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert f"ok: {path} (les4-prijs-var, 8 tasks, 10 points, 28 variants (all checked))" in result.stdout
    assert (f"warning: {path}:22: in 22 of the 28 variants checked, two mistakes give one wrong number in "
            "task k.hessiaan_start (e.g. with a = 6, c = 3, s = 3, t = -2: the mistakes "
            "coefficient-not-multiplied and second-derivative-wrong-variable both give 6 in entry (1,1), so "
            "grader cannot say which was made); such variants are kept: the number is marked wrong either "
            "way, and grader names the first of the two it looks for") in result.stderr
    assert f"warning: {path}:23: in " in result.stderr and "task k.richting" in result.stderr
    assert "only" not in result.stderr


@pytest.mark.parametrize("students, warned", [
    (0, None),    # no roster: 28 variants are enough for a class
    (20, None),
    (30, "only 28 variants left (a class of 30 students)"),
])
def test_validate_warns_when_where_leaves_fewer_variants_than_the_roster(run, tmp_path, students, warned):
    path = with_where(tmp_path, HINTED)
    roster = tmp_path / "roster.csv"
    roster.write_text("id\n" + "".join(f"s{k}\n" for k in range(students)), encoding="utf-8")
    result = run("validate", str(path), *(["--roster", str(roster)] if students else []))
    assert result.exit_code == 0, result.stderr
    if warned is None:
        assert "variants left" not in result.stderr
    else:
        assert (f"warning: {path}:14: {warned}, so many students share their numbers; relax 'where' or "
                "widen the parameters' ranges") in result.stderr


def test_validate_warns_when_where_leaves_fewer_than_ten_variants(run, tmp_path):
    """The trial's first hint left one variant: every student had the same numbers."""
    path = with_where(tmp_path, [*HINTED, "s == 3", "t == 1", "c == 3"])
    result = run("validate", str(path))
    assert f"warning: {path}:14: only 2 variants left (at least 10 for a class)" in result.stderr


NEWTON = """id: nw
title: Newton, your numbers
tolerance: {{decimals: 2}}
parameters:
  {parameters}
problems:
  - id: p
    function: "{function}"
    start: {start}
    tasks:
      - {{id: n, newton: {step}}}
"""


@pytest.mark.parametrize("parameters, function, start, step, lines", [
    # H = [[6s, a], [a, 2]] is singular at the start where a² = 12s (a = 6, s = 3): the variant
    # cannot be built, and the determinant gives the line
    # (and at -a² + 12s + 1 = 0 two of the Newton mistakes give one step)
    ("a: {integers: [2, 6]}\n  s: {integers: [1, 3]}", "J(w, b) = w^3 + a w b + b^2", "{w: s, b: 1}", 1,
     ["-a^2 + 12*s + 1 != 0", "-a^2 + 12*s != 0"]),
    # a start at the stationary point (a, 0): every Newton mistake gives the right answer
    ("a: {integers: [1, 3]}\n  s: {integers: [1, 4]}", "J(w, b) = (w - a)^2 + (w - a)^3 + b^2", "{w: s, b: 0}",
     1, ["a != s"]),
])
def test_where_lines_for_a_newton_start_grader_cannot_step_from(tmp_path, parameters, function, start, step,
                                                                lines):
    path = tmp_path / "nw.yaml"
    path.write_text(NEWTON.format(parameters=parameters, function=function, start=start, step=step),
                    encoding="utf-8")
    report = check_variants(load_exercise(path))
    assert report is not None and report.proposal is not None
    assert list(report.proposal.lines) == lines and report.proposal.exact
