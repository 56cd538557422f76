"""Variants of the lesson-4 kinds a teacher can write: 'where' lines for a singular Hessian at
a Newton iterate."""

from __future__ import annotations

import pytest

from grader.exercise import load_exercise
from grader.exercise.variantcheck import check_variants

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
    ("a: {integers: [2, 6]}\n  s: {integers: [1, 3]}", "J(w, b) = w^3 + a w b + b^2", "{w: s, b: 1}", 1,
     ["-a^2 + 12*s != 0"]),
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
