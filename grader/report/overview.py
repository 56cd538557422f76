"""The class overview: one page per run for the teacher (HTML and Markdown), and items.csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from grader.exercise import Exercise
from grader.messages import describe, describe_diagnosis
from grader.report.hygiene import csv_cell, printable
from grader.report.statistics import (
    VARIANT_GROUPS,
    Item,
    ResponseGroup,
    Summary,
    by_exercise,
    frequent_diagnoses,
    histogram,
    items,
    summary,
)
from grader.results.model import SubmissionResult

BINS = 10


@dataclass(frozen=True)
class Row:
    student: str
    name: str | None
    exercise: str
    score: str
    max_score: str
    status: str
    review: bool
    error: str | None
    link: str | None  # the student's report, relative to the overview


@dataclass(frozen=True)
class ExerciseOverview:
    id: str
    title: str
    summary: Summary
    chart: Markup
    items: tuple[Item, ...]
    group_words: Mapping[tuple[str, int], str]  # (task, group index) -> its diagnosis in words
    variants: int = 0      # distinct variants in the class (0: the exercise has no parameters)
    pooled: bool = False   # too many to analyse one by one: groups are mistakes, across variants


@dataclass(frozen=True)
class Overview:
    summary: Summary
    exercises: tuple[ExerciseOverview, ...]
    diagnoses: tuple[tuple[str, int], ...]
    flagged: tuple[tuple[str, str, str], ...]  # student, task, verdict
    failed: tuple[Row, ...]
    rows: tuple[Row, ...]
    copies: tuple[tuple[str, str, str], ...] = ()  # student, task, students whose variant it fits


def overview(exercises: Mapping[str, Exercise], results: Sequence[SubmissionResult], lang: str,
             links: Mapping[str, str]) -> Overview:
    """``links``: submission path -> the student's report, relative to the overview page."""
    grouped = by_exercise(results)
    parts = []
    for exercise_id in sorted(grouped):
        exercise = exercises.get(exercise_id)
        if exercise is None:
            continue
        mine = grouped[exercise_id]
        found = items(exercise, mine)
        words = {(item.task, k): _group_words(group, lang)
                 for item in found for k, group in enumerate(item.groups)
                 if group.diagnosis is not None or group.message is not None}
        scores = [r.score for r in mine if r.status == "graded" and r.score is not None]
        variants = len({r.variant for r in mine if r.status == "graded"}) if exercise.family else 0
        parts.append(ExerciseOverview(exercise.id, exercise.title, summary(mine),
                                      histogram_svg(histogram(scores, float(exercise.max_score), BINS),
                                                    float(exercise.max_score)),
                                      found, words, variants, variants > VARIANT_GROUPS))
    rows = tuple(_row(r, links.get(r.submission)) for r in results)
    flagged = tuple((r.student or r.submission, t.task, t.verdict)
                    for r in results for t in r.tasks if t.needs_review)
    copies = tuple((r.student or r.submission, t.task, dict(d.params).get("students", ""))
                   for r in results for t in r.tasks for d in t.diagnoses if d.code == "other-variant")
    return Overview(summary(results), tuple(parts), frequent_diagnoses(results), flagged,
                    tuple(row for row in rows if row.status == "error"), rows, copies)


def _group_words(group: ResponseGroup, lang: str) -> str:
    """A response group's mistake, or (an invalid answer, say) the reason it got no verdict."""
    if group.diagnosis is not None:
        return describe_diagnosis(group.diagnosis, lang)
    assert group.message is not None
    return printable(describe(group.message, lang))  # it may quote a character of the answer


def _row(result: SubmissionResult, link: str | None) -> Row:
    points = "–" if result.score is None else f"{result.score:g}"
    maximum = "–" if result.max_score is None else f"{result.max_score:g}"
    return Row(result.student or "", result.name, result.exercise or "", points, maximum,
               result.status, result.needs_review, result.error, link)


def histogram_svg(counts: Sequence[int], maximum: float, width: int = 480, height: int = 200) -> Markup:
    """The score distribution as an inline SVG bar chart (hand-made: a few rectangles need no
    plotting library, and the bytes are the same on every machine)."""
    left, bottom, top = 36, 28, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    most = max(max(counts, default=0), 1)
    bar = plot_w / len(counts)
    shapes = [f'<svg viewBox="0 0 {width} {height}" width="{width}" '
              f'height="{height}" role="img" aria-label="score distribution">',
              f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
              'stroke="#374151"/>']
    for k, count in enumerate(counts):
        h = plot_h * count / most
        x = left + k * bar
        shapes.append(f'<rect x="{x + 2:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 4:.1f}" '
                      f'height="{h:.1f}" fill="#2563eb"><title>{count}</title></rect>')
        if count:
            shapes.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - h - 3:.1f}" font-size="11" '
                          f'text-anchor="middle">{count}</text>')
    for k in range(len(counts) + 1):
        if k % 2 == 0:
            label = escape(f"{maximum * k / len(counts):g}")
            shapes.append(f'<text x="{left + k * bar:.1f}" y="{height - 8}" font-size="11" '
                          f'text-anchor="middle">{label}</text>')
    shapes.append(f'<text x="4" y="{top + 10}" font-size="11">{most}</text></svg>')
    return Markup("".join(shapes))


ITEM_COLUMNS = ("exercise", "task", "max_score", "answered", "facility", "stdev", "discrimination",
                "correct", "partial", "incorrect", "missing", "invalid", "timeout", "unproven", "error",
                "ambiguous")


def items_csv(parts: Sequence[ExerciseOverview]) -> str:
    """The item statistics, one row per task, written with the csv module."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ITEM_COLUMNS)
    for part in parts:
        for item in part.items:
            counts = dict(item.verdicts)
            writer.writerow([csv_cell(item.exercise), csv_cell(item.task), f"{item.max_score:g}",
                             item.answered, _cell(item.facility), _cell(item.stdev),
                             _cell(item.discrimination), *(counts.get(v, 0) for v in ITEM_COLUMNS[7:])])
    return out.getvalue()


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
