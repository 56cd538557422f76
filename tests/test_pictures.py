"""Descent pictures: every iterate of the student's path is in the picture, and contour lines
are whole."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from grader.library import load_exercises
from grader.report.pictures import HEIGHT, PAD, WIDTH, descent_svg
from tests.conftest import ROOT

EXERCISE = load_exercises([str(ROOT / "exercises")])["gradient-descent"]
LABELS = ("the right path", "your path")
RIGHT_2D = [(-4.0, 2.0), (2.4, 1.92), (1.0176, 1.8432)]
RIGHT_1D = [(4.0,), (1.6,), (0.64,)]


def marks(svg: str) -> int:
    theirs = svg.split('stroke-dasharray="5 3"/>', 1)[1].split("</g>", 1)[0]
    return theirs.count("<rect ") + theirs.count("<polygon ")


@pytest.mark.parametrize("problem,right,theirs,outside", [
    ("gd2", RIGHT_2D, [(-4.0, 2.0), (-10.4, 2.08), (-122.89, 2.16)], "(-122.89, 2.16)"),   # ascent
    ("gd2", RIGHT_2D, [(-4.0, 2.0), (-10.4, 2.08), (-106299.87, 1e7)], "(-106300, 1e+07)"),
    ("gd1", RIGHT_1D, [(4.0,), (6.4,), (10.24,), (1e6,)], "1e+06"),
])
def test_a_runaway_path_is_drawn_to_the_border_with_a_mark(problem, right, theirs, outside):
    svg = str(descent_svg(EXERCISE.problem(problem), right, theirs, LABELS))
    assert marks(svg) == len(theirs)  # every iterate: inside, or as a mark at the border
    assert svg.count("<polygon ") == 1 and f">{outside}</text>" in svg
    for x, y in re.findall(r'<polygon points="([-\d.]+),([-\d.]+)', svg):
        assert -10 <= float(x) <= WIDTH + 10 and -10 <= float(y) <= HEIGHT + 10


def test_a_path_inside_the_frame_has_no_border_mark():
    svg = str(descent_svg(EXERCISE.problem("gd2"), RIGHT_2D, [(-4.0, 2.0), (-10.4, 2.08)], LABELS))
    assert "<polygon" not in svg and marks(svg) == 2


def test_contour_lines_have_no_gaps():
    """Inside the frame, every end of a contour segment is the end of another one."""
    svg = str(descent_svg(EXERCISE.problem("gd2"), RIGHT_2D, RIGHT_2D, LABELS))
    group = svg.split('<g stroke="#9ca3af" stroke-width="1">', 1)[1].split("</g>", 1)[0]
    ends = Counter()
    for x1, y1, x2, y2 in re.findall(r'x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)" y2="([-\d.]+)"', group):
        ends[(x1, y1)] += 1
        ends[(x2, y2)] += 1
    inside = {end: n for end, n in ends.items()
              if PAD + 0.5 < float(end[0]) < WIDTH - PAD - 0.5 and PAD + 0.5 < float(end[1]) < HEIGHT - PAD - 0.5}
    assert len(inside) > 100
    assert [end for end, n in inside.items() if n < 2] == []
