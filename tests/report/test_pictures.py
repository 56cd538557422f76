"""Descent pictures: every iterate of the student's path is in the picture, and contour lines
are whole."""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise

import pytest

from grader.exercise.find import load_exercises
from grader.report.pictures import HEIGHT, LABEL_CHAR, LABEL_SIZE, PAD, WIDTH, descent_svg, pinned
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


FRAME = [(-30.0, 10.0), (1.5, 2.5)]


@pytest.mark.parametrize("points,bounds,expected", [
    # an ascent leaving on the left: pinned where its segment crosses θ1 = -30, not at θ2 = 2.16
    ([(-4.0, 2.0), (-10.4, 2.08), (-122.89, 2.16)], FRAME, [(-4.0, 2.0), (-10.4, 2.08), (-30.0, 2.094)]),
    # almost straight up: through the top border above the last point, not in the corner
    ([(-10.4, 2.08), (-106299.87, 1e7)], FRAME, [(-10.4, 2.08), (-10.4036, 2.5)]),
    # two runaway points: each on the line from the last point inside toward it
    ([(0.0, 2.0), (20.0, 2.0), (0.0, 12.0)], FRAME, [(0.0, 2.0), (10.0, 2.0), (0.0, 2.5)]),
    # nothing inside before it, or one parameter (a curve): held axis by axis
    ([(-50.0, 3.0)], FRAME, [(-30.0, 2.5)]),
    ([(4.0,), (1e6,)], [(0.0, 10.0)], [(4.0,), (10.0,)]),
])
def test_a_runaway_point_is_pinned_where_its_segment_leaves_the_frame(points, bounds, expected):
    found = pinned(points, bounds)
    assert [len(p) for p in found] == [len(p) for p in expected]
    assert [v for p in found for v in p] == pytest.approx([v for p in expected for v in p], abs=1e-3)


RUNAWAYS = [
    ("gd2", RIGHT_2D, [(-4.0, 2.0), (-10.4, 2.08), (-122.89, 2.16)]),
    ("gd2", RIGHT_2D, [(-4.0, 2.0), (-10.4, 2.08), (-106299.87, 1e7)]),
    ("gd2", RIGHT_2D, [(-4.0, 2.0), (2.4, 1.92), (0.5, 40.0)]),
    ("gd2", RIGHT_2D, [(-4.0, 2.0), (2.4, 1.92), (60.0, -40.0)]),
    ("gd1", RIGHT_1D, [(4.0,), (6.4,), (10.24,), (1e6,)]),
    ("gd1", RIGHT_1D, [(4.0,), (1.6,), (-1e6,)]),
]


def _their_path(svg: str) -> tuple[list[tuple[float, float]], list[tuple[float, float]], tuple[str, ...]]:
    """The student's polyline, the border mark's triangle, and its label (x, y, anchor, text)."""
    line = re.search(r'<polyline points="([^"]+)" fill="none" stroke-width="2" stroke-dasharray', svg)
    assert line is not None
    path = [tuple(map(float, pair.split(","))) for pair in line.group(1).split()]
    mark = re.search(r'<polygon points="([^"]+)"/><text x="([-\d.]+)" y="([-\d.]+)"[^>]*'
                     r'text-anchor="(\w+)">([^<]*)</text>', svg)
    assert mark is not None
    triangle = [tuple(map(float, pair.split(","))) for pair in mark.group(1).split()]
    return path, triangle, mark.group(2, 3, 4, 5)  # type: ignore[return-value]


@pytest.mark.parametrize("problem,right,theirs", RUNAWAYS)
def test_the_border_mark_points_along_the_path_into_it(problem, right, theirs):
    path, triangle, _ = _their_path(str(descent_svg(EXERCISE.problem(problem), right, theirs, LABELS)))
    (tx, ty), base = triangle[0], triangle[1:]
    bx, by = (base[0][0] + base[1][0]) / 2, (base[0][1] + base[1][1]) / 2
    assert (bx, by) == pytest.approx(path[-1], abs=0.15)  # the mark sits on the path's end
    (ax, ay), (px, py) = path[-2], path[-1]
    along, pointing = (px - ax, py - ay), (tx - bx, ty - by)
    cross = along[0] * pointing[1] - along[1] * pointing[0]
    dot = along[0] * pointing[0] + along[1] * pointing[1]
    assert dot > 0 and abs(cross) / math.hypot(*along) / math.hypot(*pointing) < 0.03


@pytest.mark.parametrize("problem,right,theirs", RUNAWAYS)
def test_the_border_mark_label_stays_off_the_path_and_in_the_picture(problem, right, theirs):
    path, _, (x, y, anchor, text) = _their_path(str(descent_svg(EXERCISE.problem(problem), right, theirs,
                                                               LABELS)))
    width = len(text.replace("&#39;", "'")) * LABEL_CHAR
    left = float(x) if anchor == "start" else float(x) - width
    top, bottom = float(y) - 0.8 * LABEL_SIZE, float(y) + 0.25 * LABEL_SIZE
    assert left >= 0 and left + width <= WIDTH and top >= 0 and bottom <= HEIGHT
    assert top >= 20 or left > PAD + 162 + len(LABELS[1]) * LABEL_CHAR  # clear of the legend
    for (ax, ay), (bx, by) in pairwise(path):
        steps = max(int(math.hypot(bx - ax, by - ay) * 2), 1)
        for k in range(steps + 1):
            px, py = ax + (bx - ax) * k / steps, ay + (by - ay) * k / steps
            assert not (left - 1 <= px <= left + width + 1 and top - 1 <= py <= bottom + 1), (text, px, py)


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
