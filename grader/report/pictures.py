"""Descent pictures: the student's iterates beside the right ones, on the curve J(θ) (one
parameter) or on contour lines of J(θ1, θ2) (two), as inline SVG; a second method's path
(Newton's, from the same start) beside them in colours of its own.

Hand-made rather than matplotlib: a curve, a few contour lines (marching squares on a grid)
and two paths need no plotting library, nothing is downloaded or installed for the reports,
and the bytes are the same on every machine (every coordinate is rounded to 0.1 px).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp
from markupsafe import Markup, escape

from grader.checking.numeval import evaluate_many
from grader.exercise import Problem

Path2 = Sequence[tuple[float, ...]]
WIDTH, HEIGHT, PAD = 420, 300, 36
GRID = 36
REACH = 3  # a student's iterate further than this many spans of the right path is clipped
RIGHT, THEIRS = "#15803d", "#c2410c"
NEWTON, NEWTON_THEIRS = "#1d4ed8", "#7c3aed"  # Newton's method: blue, and the student's violet
DASH = ' stroke-dasharray="5 3"'


@dataclass(frozen=True)
class Paths:
    """One method's right iterates (the start alone when they are not revealed) and the
    student's, with their legend's two labels."""

    right: Path2
    theirs: Path2
    labels: tuple[str, str]


def descent_svg(problem: Problem, right: Path2, theirs: Path2, labels: tuple[str, str],
                second: Paths | None = None, colours: tuple[str, str] = (RIGHT, THEIRS),
                marker: str = "circle") -> Markup | None:
    """The picture for one descent problem, or None when it has no picture (3+ parameters,
    or a function without real values around the path). ``right`` may be the start alone:
    the right iterates are not revealed, and neither they nor the frame they would span are
    drawn (the student's own first step sets the scale instead). ``second`` is another
    method's paths in the same picture (Newton's beside gradient descent's), in Newton's
    colours and on a legend line of its own; ``colours`` and ``marker`` draw the first
    paths in another method's colours (a problem with Newton steps only)."""
    dims = len(problem.parameters)
    if problem.function is None or dims not in (1, 2) or not right:
        return None
    theirs = _finite(theirs)
    hidden = len(right) == 1
    points = [*right, *_held(theirs, _reach(theirs[:2] if hidden else right, dims))]
    if second is not None:
        own = second.right if len(second.right) > 1 else _finite(second.theirs)[:2]
        points += [*second.right, *_held(_finite(second.theirs), _reach(own or right, dims))]
    box = _box(points, dims)
    if box is None:
        return None
    # within the frame, or on its border: a path running away stays in the picture, and the
    # right path keeps a readable size
    bounds = [(box[0], box[1]), (box[2], box[3])][:dims]
    draw = _curve if dims == 1 else _contours
    background = draw(problem.function, problem.parameters, box)
    if background is None:
        return None
    # a legend names only what is drawn: no student's path when no step of it was answered
    answered = len(theirs) > 1
    shown = [*labels[hidden:1 + answered]]
    parts = [background.svg, *_paths(problem, right, theirs, box, background, bounds, colours, marker),
             _legend(labels, hidden, colours, marker, answered=answered)]
    if second is not None:
        later = len(second.right) == 1
        answered_second = len(_finite(second.theirs)) > 1
        shown += second.labels[later:1 + answered_second]
        parts[-1:-1] = _paths(problem, second.right, _finite(second.theirs), box, background, bounds,
                              (NEWTON, NEWTON_THEIRS), "diamond")
        parts.append(_legend(second.labels, later, (NEWTON, NEWTON_THEIRS), "diamond", 1, answered_second))
    head = (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
            f'aria-label="{escape(", ".join(shown))}">'
            '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>')
    return Markup("".join([head, *parts, "</svg>"]))


def _finite(points: Path2) -> list[tuple[float, ...]]:
    return [tuple(p) for p in points if all(math.isfinite(v) for v in p)]


def _paths(problem: Problem, right: Path2, theirs: Path2, box: tuple[float, float, float, float],
           background: _Background, bounds: list[tuple[float, float]], colours: tuple[str, str],
           marker: str) -> list[str]:
    """The right path (unless it is the start alone: not revealed) and the student's, dashed."""
    shown = pinned(theirs, bounds)
    clipped = [s != tuple(p) for s, p in zip(shown, theirs, strict=True)]
    return ["" if len(right) == 1 else _path(problem, right, box, background, colours[0], "", marker),
            _path(problem, shown, box, background, colours[1], DASH, "square",
                  tuple(zip(theirs, clipped, strict=True)))]


def _reach(right: Path2, dims: int) -> list[tuple[float, float]]:
    """Per axis, the range of ``right`` (the right path, or the student's first step when it
    is not revealed) widened by REACH spans on either side."""
    bounds = []
    for axis in range(dims):
        values = [p[axis] for p in right if math.isfinite(p[axis])] or [0.0]
        span = max(max(values) - min(values), 1.0)
        bounds.append((min(values) - REACH * span, max(values) + REACH * span))
    return bounds


def _held(points: Path2, bounds: list[tuple[float, float]]) -> list[tuple[float, ...]]:
    """Each point with every coordinate held within its axis's bounds."""
    return [tuple(min(max(v, low), high) for v, (low, high) in zip(point, bounds, strict=True))
            for point in points]


def pinned(points: Path2, bounds: list[tuple[float, float]]) -> list[tuple[float, ...]]:
    """Each point inside ``bounds``, or where the segment toward it from the last point inside
    leaves them: the border mark then lies on the line the path takes, not at the runaway
    point's own coordinate on the other axis. With nothing inside before it (or on a curve,
    one parameter), a point is held to the bounds axis by axis."""
    shown: list[tuple[float, ...]] = []
    anchor: tuple[float, ...] | None = None
    for point in points:
        if all(low <= v <= high for v, (low, high) in zip(point, bounds, strict=True)):
            anchor = tuple(point)
            shown.append(anchor)
        elif anchor is None or len(bounds) == 1:
            shown.extend(_held([point], bounds))
        else:
            shown.extend(_held([_exit(anchor, point, bounds)], bounds))
    return shown


def _exit(inside: tuple[float, ...], outside: Sequence[float],
          bounds: list[tuple[float, float]]) -> tuple[float, ...]:
    """Where the segment from ``inside`` to ``outside`` first meets the border of ``bounds``."""
    share = 1.0
    for start, end, (low, high) in zip(inside, outside, bounds, strict=True):
        if end > high:
            share = min(share, (high - start) / (end - start))
        elif end < low:
            share = min(share, (low - start) / (end - start))
    return tuple(start + share * (end - start) for start, end in zip(inside, outside, strict=True))


class _Background:
    def __init__(self, svg: str, y_range: tuple[float, float] | None) -> None:
        self.svg, self.y_range = svg, y_range


def _box(points: Path2, dims: int) -> tuple[float, float, float, float] | None:
    """x0, x1, y0, y1 around every point, with a margin (y only for two parameters)."""
    finite = [p for p in points if all(math.isfinite(v) for v in p)]
    if not finite:
        return None
    xs = [p[0] for p in finite]
    ys = [p[1] for p in finite] if dims == 2 else [0.0]
    x0, x1 = _padded(min(xs), max(xs))
    y0, y1 = _padded(min(ys), max(ys))
    return x0, x1, y0, y1


def _padded(low: float, high: float) -> tuple[float, float]:
    """A margin, then outward to a round step, so that nearby paths share one drawing."""
    span = max(high - low, 1.0)
    step = 10 ** math.floor(math.log10(span)) / 2
    return (round(math.floor((low - 0.15 * span) / step) * step, 9),
            round(math.ceil((high + 0.15 * span) / step) * step, 9))


def _values(function: sp.Expr, parameters: tuple[sp.Symbol, ...],
            points: list[tuple[float, ...]]) -> list[float | None]:
    """The function's real value at each point; None where it has none."""
    return [None if v is None or abs(v.imag) >= 1e-9 else v.real
            for v in evaluate_many(function, parameters, points)]


def _sx(x: float, box: tuple[float, float, float, float]) -> float:
    return PAD + (x - box[0]) / (box[1] - box[0]) * (WIDTH - 2 * PAD)


def _sy(y: float, low: float, high: float) -> float:
    return HEIGHT - PAD - (y - low) / (high - low) * (HEIGHT - 2 * PAD)


@lru_cache(maxsize=256)  # per function and frame: most students' paths are the right one
def _curve(function: sp.Expr, parameters: tuple[sp.Symbol, ...],
           box: tuple[float, float, float, float]) -> _Background | None:
    xs = [box[0] + (box[1] - box[0]) * k / 120 for k in range(121)]
    ys = _values(function, parameters, [(x,) for x in xs])
    known = [y for y in ys if y is not None]
    if not known:
        return None
    low, high = min(known), max(known)
    if high - low < 1e-12:
        high = low + 1.0
    points = " ".join(f"{_sx(x, box):.1f},{_sy(y, low, high):.1f}" for x, y in zip(xs, ys, strict=True)
                      if y is not None)
    axis = f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#9ca3af"/>'
    ticks = "".join(f'<text x="{_sx(x, box):.1f}" y="{HEIGHT - PAD + 14}" font-size="10" '
                    f'text-anchor="middle">{_tick(x)}</text>' for x in _ticks(box[0], box[1]))
    name = escape(parameters[0].name)
    label = f'<text x="{WIDTH - PAD}" y="{HEIGHT - 6}" font-size="11" text-anchor="end">{name}</text>'
    return _Background(f'{axis}{ticks}{label}<polyline points="{points}" fill="none" stroke="#6b7280" '
                       'stroke-width="1.5"/>', (low, high))


@lru_cache(maxsize=256)
def _contours(function: sp.Expr, parameters: tuple[sp.Symbol, ...],
              box: tuple[float, float, float, float]) -> _Background | None:
    xs = [box[0] + (box[1] - box[0]) * k / GRID for k in range(GRID + 1)]
    ys = [box[2] + (box[3] - box[2]) * k / GRID for k in range(GRID + 1)]
    flat = _values(function, parameters, [(x, y) for y in ys for x in xs])
    grid = [flat[row * len(xs):(row + 1) * len(xs)] for row in range(len(ys))]
    known = sorted(v for row in grid for v in row if v is not None)
    if len(known) < 4:
        return None
    levels = sorted({known[int(len(known) * q)] for q in (0.03, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9)})
    spans = [[_span(grid, i, j) for i in range(GRID)] for j in range(GRID)]
    segments = []
    for level in levels:
        for j in range(GRID):
            for i in range(GRID):
                span = spans[j][i]
                # a cell with corners on both sides of the level (a corner on it counts as
                # above): a level through a grid value leaves no gap where the line meets it
                if span is not None and span[0] < level <= span[1]:
                    segments += _cell_segments(grid, xs, ys, i, j, level, box)
    lines = "".join(f'<line x1="{a:.1f}" y1="{b:.1f}" x2="{c:.1f}" y2="{d:.1f}"/>' for a, b, c, d in segments)
    frame = (f'<rect x="{PAD}" y="{PAD}" width="{WIDTH - 2 * PAD}" height="{HEIGHT - 2 * PAD}" '
             'fill="none" stroke="#9ca3af"/>')
    names = (escape(parameters[0].name), escape(parameters[1].name))
    labels = (f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" font-size="11" text-anchor="end">{names[0]}</text>'
              f'<text x="8" y="{PAD - 8}" font-size="11">{names[1]}</text>')
    ticks = "".join(f'<text x="{_sx(x, box):.1f}" y="{HEIGHT - PAD + 14}" font-size="10" '
                    f'text-anchor="middle">{_tick(x)}</text>' for x in _ticks(box[0], box[1]))
    ticks += "".join(f'<text x="{PAD - 4}" y="{_sy(y, box[2], box[3]) + 3:.1f}" font-size="10" '
                     f'text-anchor="end">{_tick(y)}</text>' for y in _ticks(box[2], box[3]))
    return _Background(f'{frame}{labels}{ticks}<g stroke="#9ca3af" stroke-width="1">{lines}</g>', None)


def _span(grid: list[list[float | None]], i: int, j: int) -> tuple[float, float] | None:
    corners = [v for v in (grid[j][i], grid[j][i + 1], grid[j + 1][i + 1], grid[j + 1][i]) if v is not None]
    if len(corners) < 4:
        return None
    return min(corners), max(corners)


def _cell_segments(grid: list[list[float | None]], xs: list[float], ys: list[float], i: int, j: int,
                   level: float, box: tuple[float, float, float, float]) -> list[tuple[float, ...]]:
    """Marching squares in one grid cell: where the level crosses its edges."""
    corners = [(xs[i], ys[j], grid[j][i]), (xs[i + 1], ys[j], grid[j][i + 1]),
               (xs[i + 1], ys[j + 1], grid[j + 1][i + 1]), (xs[i], ys[j + 1], grid[j + 1][i])]
    if any(v is None for _, _, v in corners):
        return []
    crossings = []
    for k in range(4):
        (xa, ya, va), (xb, yb, vb) = corners[k], corners[(k + 1) % 4]
        assert va is not None and vb is not None
        if (va >= level) != (vb >= level):
            t = (level - va) / (vb - va)
            crossings.append((_sx(xa + t * (xb - xa), box), _sy(ya + t * (yb - ya), box[2], box[3])))
    if len(crossings) == 2:
        return [(*crossings[0], *crossings[1])]
    if len(crossings) == 4:
        return [(*crossings[0], *crossings[1]), (*crossings[2], *crossings[3])]
    return []


def _path(problem: Problem, points: Path2, box: tuple[float, float, float, float], background: _Background,
          colour: str, dash: str, marker: str,
          clipped: tuple[tuple[tuple[float, ...], bool], ...] = ()) -> str:
    """A path with a mark per iterate; an iterate ``clipped`` to the border gets a triangle
    pointing out of the picture and its true coordinates beside it."""
    screen = []
    if len(problem.parameters) == 1:
        assert background.y_range is not None
        low, high = background.y_range
        values = _values(problem.function, problem.parameters, [(point[0],) for point in points])
        for point, value in zip(points, values, strict=True):
            if value is None:
                break
            screen.append((_sx(point[0], box), _sy(min(max(value, low), high), low, high)))
    else:
        screen = [(_sx(point[0], box), _sy(point[1], box[2], box[3])) for point in points]
    if not screen:
        return ""
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in screen)
    outside = dict(enumerate(clipped))
    marks = "".join(_border_mark((x, y), screen[k - 1] if k else None, outside[k][0], problem)
                    if k in outside and outside[k][1] else
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>' if marker == "circle" else
                    _diamond(x, y) if marker == "diamond" else
                    f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7"/>'
                    for k, (x, y) in enumerate(screen))
    return (f'<g fill="{colour}" stroke="{colour}"><polyline points="{line}" fill="none" '
            f'stroke-width="2"{dash}/>{marks}</g>')


LABEL_SIZE = 10
LABEL_CHAR = 0.6 * LABEL_SIZE  # a generous width per character, to keep a label off the path
BELOW_LEGEND = 30  # the highest baseline a label may take: the legend's line ends at 20


def _border_mark(at: tuple[float, float], before: tuple[float, float] | None, point: tuple[float, ...],
                 problem: Problem) -> str:
    """A triangle at the border, pointing the way the path goes there, and where the iterate
    went: the label on the side of the mark away from the path, inside the picture."""
    x, y = at
    on_side = min(abs(x - PAD), abs(WIDTH - PAD - x)) <= min(abs(y - PAD), abs(HEIGHT - PAD - y)) \
        or len(problem.parameters) == 1
    ux, uy = _heading(at, before, on_side)
    shape = (f"{x + 8 * ux:.1f},{y + 8 * uy:.1f} {x - 6 * uy:.1f},{y + 6 * ux:.1f} "
             f"{x + 6 * uy:.1f},{y - 6 * ux:.1f}")
    where = ", ".join(f"{v:.6g}" for v in point)
    where = f"({where})" if len(point) > 1 else where
    tx, ty, anchor = _label_place(x, y, (ux, uy), on_side, len(where) * LABEL_CHAR)
    return (f'<polygon points="{shape}"/><text x="{tx:.1f}" y="{ty:.1f}" font-size="{LABEL_SIZE}" '
            f'stroke="#ffffff" stroke-width="3" paint-order="stroke" '
            f'text-anchor="{anchor}">{escape(where)}</text>')


def _heading(at: tuple[float, float], before: tuple[float, float] | None, on_side: bool
             ) -> tuple[float, float]:
    """The unit direction of the path's last segment into the mark; straight out of the
    border it is on when there is no segment to follow."""
    if before is not None:
        dx, dy = at[0] - before[0], at[1] - before[1]
        length = math.hypot(dx, dy)
        if length > 1:
            return dx / length, dy / length
    if on_side:
        return (-1.0 if at[0] < WIDTH / 2 else 1.0), 0.0
    return 0.0, (-1.0 if at[1] < HEIGHT / 2 else 1.0)


def _label_place(x: float, y: float, heading: tuple[float, float], on_side: bool,
                 width: float) -> tuple[float, float, str]:
    """Where a mark's label goes: inside the frame, on the far side of the mark from the path
    coming in (the path lies behind the mark, against ``heading``)."""
    ux, uy = heading
    if on_side:  # a left or right border: above or below the mark, reading inward
        ty = y + 16 if uy > 0 or (uy == 0 and y < HEIGHT / 2) else max(y - 10, BELOW_LEGEND)
        left = x < WIDTH / 2
        return (x + 4 if left else x - 4), ty, ("start" if left else "end")
    ty = y + 16 if y < HEIGHT / 2 else y - 10  # a top or bottom border: beside the mark, inward
    right = ux > 0 or (ux == 0 and x < WIDTH / 2)
    if right and x + 8 + width > WIDTH:
        right = False
    elif not right and x - 8 - width < 0:
        right = True
    return (x + 8 if right else x - 8), ty, ("start" if right else "end")


def _diamond(x: float, y: float) -> str:
    corners = ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
    return '<polygon points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in corners) + '"/>'


def _legend(labels: tuple[str, str], hidden: bool = False, colours: tuple[str, str] = (RIGHT, THEIRS),
            marker: str = "circle", line: int = 0, answered: bool = True) -> str:
    """The legend's ``line`` (0: at the top; 1: below it, for a second method's paths);
    without the student's label when they answered no step (``answered``)."""
    right, theirs = colours
    down = 13 * line
    if hidden and not answered:
        return ""
    if hidden:  # the student's path alone
        return (f'<g font-size="11"><rect x="{PAD + 2.5}" y="{10.5 + down}" width="7" height="7" '
                f'fill="{theirs}"/><text x="{PAD + 14}" y="{18 + down}">{escape(labels[1])}</text></g>')
    mark = (f'<circle cx="{PAD + 6}" cy="{14 + down}" r="4" fill="{right}"/>' if marker == "circle" else
            f'<g fill="{right}">{_diamond(PAD + 6, 14 + down)}</g>')
    if not answered:
        return f'<g font-size="11">{mark}<text x="{PAD + 14}" y="{18 + down}">{escape(labels[0])}</text></g>'
    return (f'<g font-size="11">{mark}'
            f'<text x="{PAD + 14}" y="{18 + down}">{escape(labels[0])}</text>'
            f'<rect x="{PAD + 150}" y="{10.5 + down}" width="7" height="7" fill="{theirs}"/>'
            f'<text x="{PAD + 162}" y="{18 + down}">{escape(labels[1])}</text></g>')


def _ticks(low: float, high: float) -> list[float]:
    step = 10 ** math.floor(math.log10(max(high - low, 1e-9) / 2))
    if (high - low) / step > 8:
        step *= 2
    if (high - low) / step > 8:
        step *= 2.5
    first = math.ceil(low / step) * step
    return [round(first + k * step, 10) for k in range(int((high - first) / step) + 1)]


def _tick(value: float) -> str:
    return f"{value:g}"
