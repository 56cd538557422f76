"""The numbers of a class overview: score distribution, item statistics as Moodle's quiz
statistics define them, and a response analysis that groups answers by mathematical
equivalence rather than by string.

- facility index: the mean score on a task as % of its maximum;
- discrimination index: the correlation of the task's score with the rest of the test (the
  total minus that task), ×100; None when either does not vary;
- response groups: answers whose values are the same (within the task's tolerance for numbers)
  are one group, shown by its most common written form. An exercise with variants is analysed
  per variant (the same value is right for one and wrong for another) when the class has at
  most ``VARIANT_GROUPS`` of them; with more, answers are grouped by what they are for their
  own variant: right, or which mistake.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import sympy as sp

from grader.checking.equivalence import Equivalence, compare_numbers, equivalent
from grader.checking.judging import shape_mismatch
from grader.exercise import Exercise, Task
from grader.exercise.variants import described
from grader.kinds import kind_of
from grader.parse import ParseError
from grader.report.hygiene import printable
from grader.results.model import Diagnosis, Message, SubmissionResult, TaskResult

BUCKET_DIGITS = 9
VARIANT_GROUPS = 12


@dataclass(frozen=True)
class Summary:
    graded: int
    failed: int
    review: int
    mean: float | None
    median: float | None
    stdev: float | None


@dataclass(frozen=True)
class ResponseGroup:
    count: int
    shown: str                    # the most common written form
    verdict: str
    diagnosis: Diagnosis | None   # the most common one in the group
    variant: str = ""             # "a = 9, s = -3" or "17 variants": whose numbers the group is about
    message: Message | None = None  # without a diagnosis: why (an invalid answer's reason)


@dataclass(frozen=True)
class Item:
    exercise: str
    task: str
    max_score: float
    answered: int
    facility: float | None        # %
    stdev: float | None
    discrimination: float | None  # correlation ×100
    verdicts: tuple[tuple[str, int], ...]
    groups: tuple[ResponseGroup, ...]


def summary(results: Sequence[SubmissionResult]) -> Summary:
    scores = [r.score for r in results if r.status == "graded" and r.score is not None]
    return Summary(sum(r.status == "graded" for r in results), sum(r.status == "error" for r in results),
                   sum(r.needs_review for r in results),
                   _round(statistics.fmean(scores)) if scores else None,
                   _round(statistics.median(scores)) if scores else None,
                   _round(statistics.pstdev(scores)) if len(scores) > 1 else None)


def items(exercise: Exercise, results: Sequence[SubmissionResult]) -> tuple[Item, ...]:
    graded = [r for r in results if r.status == "graded" and r.exercise == exercise.id]
    found = []
    for task in exercise.tasks:
        rows = [(r, next(t for t in r.tasks if t.task == task.key)) for r in graded]
        scored = [(r, t) for r, t in rows if t.score is not None and r.score is not None]
        task_scores = [t.score or 0.0 for _, t in scored]
        rest = [(r.score or 0.0) - (t.score or 0.0) for r, t in scored]
        maximum = float(task.points)
        facility = _round(100 * statistics.fmean(task_scores) / maximum) if task_scores and maximum else None
        found.append(Item(exercise.id, task.key, maximum, sum(t.verdict != "missing" for _, t in rows),
                          facility, _round(statistics.pstdev(task_scores)) if len(task_scores) > 1 else None,
                          _discrimination(task_scores, rest),
                          tuple(sorted(Counter(t.verdict for _, t in rows).items())),
                          _groups(exercise, task, rows)))
    return tuple(found)


def _groups(exercise: Exercise, task: Task,
            rows: list[tuple[SubmissionResult, TaskResult]]) -> tuple[ResponseGroup, ...]:
    if exercise.family is None:
        return response_groups(exercise, task, [t for _, t in rows])
    by_variant: dict[tuple[tuple[str, str], ...], list[TaskResult]] = {}
    for result, answer in rows:
        by_variant.setdefault(result.variant, []).append(answer)
    if len(by_variant) > VARIANT_GROUPS:
        return _groups_by_mistake([t for _, t in rows])
    found: list[ResponseGroup] = []
    for variant in sorted(by_variant, key=lambda v: (-len(by_variant[v]), v)):
        own = exercise.graded_variant(variant)
        found += [replace(g, variant=described(variant))
                  for g in response_groups(own, own.task(task.key) or task, by_variant[variant])]
    return tuple(found)


def _groups_by_mistake(answers: list[TaskResult]) -> tuple[ResponseGroup, ...]:
    """Too many variants to list: answers by verdict and first mistake, across variants."""
    kinds: dict[tuple[str, str], list[TaskResult]] = {}
    for answer in answers:
        if answer.answer is not None and answer.answer.strip():
            code = answer.diagnoses[0].code if answer.diagnoses else ""
            kinds.setdefault((answer.verdict, code), []).append(answer)
    return _wrong_first([_group(members) for members in kinds.values()])


def _wrong_first(made: list[ResponseGroup]) -> tuple[ResponseGroup, ...]:
    """Wrong groups first, the largest first; then the right ones by size."""
    wrong = sorted((g for g in made if g.verdict != "correct"), key=lambda g: (-g.count, g.shown))
    right = sorted((g for g in made if g.verdict == "correct"), key=lambda g: (-g.count, g.shown))
    return tuple(wrong + right)


def _discrimination(task_scores: list[float], rest: list[float]) -> float | None:
    if len(task_scores) < 2 or len(set(task_scores)) < 2 or len(set(rest)) < 2:
        return None
    return _round(100 * statistics.correlation(task_scores, rest))


def _round(value: float) -> float:
    return round(value, 2) + 0.0  # no -0.0


def response_groups(exercise: Exercise, task: Task,
                    answers: Sequence[TaskResult]) -> tuple[ResponseGroup, ...]:
    """Answers grouped by value: first by a bucket key (the value at the problem's test points,
    rounded), then confirmed with the checking machinery, so that a group never joins answers
    that are not the same. Wrong groups first, the largest first; then the rest by size."""
    probe = exercise.problem(task.problem).probe
    # Each way of reading is read and compared once: answers that grading read the same way
    # (``read_as``) have one value, since what grader shows as read reads back to that value
    # (a property test holds it to that); a class writes many texts that read a few ways.
    by_reading: dict[tuple[bool, str], list[TaskResult]] = {}
    for answer in answers:
        if answer.answer is not None and answer.answer.strip():
            reading = (True, answer.read_as) if answer.read_as else (False, answer.answer)
            by_reading.setdefault(reading, []).append(answer)
    groups: list[list[TaskResult]] = []
    values: list[object] = []
    buckets: dict[object, list[int]] = {}
    unreadable: dict[str, list[TaskResult]] = {}
    for members in by_reading.values():
        value = _value(members[0].answer or "", task, exercise)
        if value is None:
            for member in members:
                unreadable.setdefault((member.answer or "").strip(), []).append(member)
            continue
        key = _bucket_key(value, probe)
        for index in buckets.get(key, []):
            if _same(value, values[index], task, probe):
                groups[index].extend(members)
                break
        else:
            buckets.setdefault(key, []).append(len(groups))
            groups.append(list(members))
            values.append(value)
    return _wrong_first([_group(g) for g in groups] + [_group(g) for g in unreadable.values()])


def _value(text: str, task: Task, exercise: Exercise) -> object:
    """The answer's value as grading read it: by its kind (a word, a set in any order)."""
    kind = kind_of(task)
    try:
        return kind.arranged(task, kind.read(text, task, exercise.limits)).value
    except ParseError:
        return None


def _bucket_key(value: object, probe) -> object:
    parts = value if isinstance(value, tuple) else (value,)
    prints: list[object] = []
    for part in parts:
        if not isinstance(part, sp.Expr):
            return ("?",)
        if not part.free_symbols:
            try:
                prints.append(round(float(part), BUCKET_DIGITS))
            except (TypeError, ValueError, OverflowError):
                prints.append(None)
            continue
        prints.append(tuple(None if v is None else (round(v.real, BUCKET_DIGITS - 3))
                            for v in probe.values(part)))
    return (len(parts), tuple(prints))


def _same(a: object, b: object, task: Task, probe) -> bool:
    left = a if isinstance(a, tuple) else (a,)
    right = b if isinstance(b, tuple) else (b,)
    if len(left) != len(right) or shape_mismatch(a, b) is not None:  # a vector is no matrix
        return False
    for x, y in zip(left, right, strict=True):
        if not x.free_symbols and not y.free_symbols:
            if compare_numbers(x, y, None) is not Equivalence.EQUAL:
                return False
        elif equivalent(x, y, probe) is not Equivalence.EQUAL:
            return False
    return True


def _group(answers: list[TaskResult]) -> ResponseGroup:
    shown = Counter(a.answer.strip() for a in answers if a.answer).most_common()
    shown.sort(key=lambda item: (-item[1], item[0]))
    verdicts = Counter(a.verdict for a in answers).items()
    verdict = sorted(verdicts, key=lambda item: (-item[1], item[0]))[0][0]
    diagnoses = Counter(d for a in answers for d in a.diagnoses[:1])
    ranked = sorted(diagnoses.items(), key=lambda item: (-item[1], item[0].code))
    diagnosis = ranked[0][0] if ranked else None
    messages = Counter(a.message for a in answers if a.message is not None and a.verdict == verdict)
    message = None if diagnosis is not None or not messages else \
        sorted(messages.items(), key=lambda item: (-item[1], item[0].code, item[0].params))[0][0]
    # Shown as text: a control character as its escape (\x1b), not as a box or a jump
    return ResponseGroup(len(answers), printable(shown[0][0]), verdict, diagnosis, message=message)


def frequent_diagnoses(results: Iterable[SubmissionResult]) -> tuple[tuple[str, int], ...]:
    """Which mistakes the class makes most (which to teach again); notes of credit and the
    signs of copying (listed apart) left out."""
    counts = Counter(d.code for r in results for t in r.tasks for d in t.diagnoses
                     if d.code not in ("carried-error", "other-variant"))
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def histogram(scores: Sequence[float], maximum: float, bins: int = 10) -> tuple[int, ...]:
    """Counts of scores in ``bins`` equal ranges of 0..maximum (the last one closed)."""
    counts = [0] * bins
    for score in scores:
        share = 0.0 if maximum <= 0 else min(max(score / maximum, 0.0), 1.0)
        counts[min(bins - 1, math.floor(share * bins))] += 1
    return tuple(counts)


def by_exercise(results: Iterable[SubmissionResult]) -> Mapping[str, list[SubmissionResult]]:
    grouped: dict[str, list[SubmissionResult]] = {}
    for result in results:
        grouped.setdefault(result.exercise or "", []).append(result)
    return grouped
