"""What a variant exercise's ``where`` admits, counted once at load: the admissible
combinations of the parameters as runs of combination numbers (the last parameter counting
fastest), found by a walk that checks each constraint as soon as its parameters are set."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from math import prod
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.exercise.variants import Constraint, Exact, Parameter


class OverBudget(Exception):
    """The census walk set more than its budget of parameter values."""


@dataclass(frozen=True)
class Census:
    """What loading learned of the admissible combinations, by number (the last parameter
    counting fastest). ``runs``: all of them, as ranges [start, stop) in order, when they could
    be counted; else None, and ``hits`` of ``sampled`` drawn combinations were admissible."""

    runs: tuple[tuple[int, int], ...] | None
    first: int | None
    sampled: int = 0
    hits: int = 0

    @cached_property
    def _ends(self) -> tuple[int, ...]:
        """How many admissible combinations the runs up to each one hold."""
        return tuple(itertools.accumulate(stop - start for start, stop in self.runs or ()))

    @cached_property
    def _starts(self) -> tuple[int, ...]:
        return tuple(start for start, _ in self.runs or ())

    @property
    def count(self) -> int | None:
        if self.runs is None:
            return None
        return self._ends[-1] if self._ends else 0

    def admits(self, number: int) -> bool:
        """Whether combination ``number`` is admissible; only for a counted census."""
        assert self.runs is not None
        k = bisect.bisect_right(self._starts, number) - 1
        return k >= 0 and number < self.runs[k][1]

    def nth(self, k: int) -> int:
        """The number of the ``k``-th admissible combination (from 0), in order."""
        assert self.runs is not None
        run = bisect.bisect_right(self._ends, k)
        before = self._ends[run - 1] if run else 0
        return self.runs[run][0] + k - before

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_ends", "_starts")}


def admitted_runs(parameters: Sequence[Parameter], constraints: Sequence[Constraint],
                  budget: int | None) -> Iterator[tuple[int, int]]:
    """The admissible combination numbers in order, as ranges [start, stop). A constraint is
    checked as soon as the parameters it uses are set (``a <= 3`` skips whole rows of the
    other parameters); past the last parameter a constraint uses, all are admitted.
    ``OverBudget`` after ``budget`` parameter values set."""
    names = [p.name for p in parameters]
    sizes = [len(p.values) for p in parameters]
    values_of = [[v.numerator if v.denominator == 1 else v for v in p.values] for p in parameters]
    checks: list[list[Constraint]] = [[] for _ in names]
    for constraint in constraints:
        used = [names.index(s.name) for s in constraint.symbols if s.name in names]
        checks[max(used, default=0)].append(constraint)
    deepest = max((k for k, found in enumerate(checks) if found), default=-1)
    rest = prod(sizes[deepest + 1:])
    if deepest < 0:
        return iter([(0, rest)])
    values: dict[str, Exact] = {}
    examined = 0

    def walk(level: int, number: int) -> Iterator[tuple[int, int]]:
        nonlocal examined
        name, here = names[level], checks[level]
        for index, value in enumerate(values_of[level]):
            examined += 1
            if budget is not None and examined > budget:
                raise OverBudget
            values[name] = value
            if here and not all(c.holds(values) for c in here):
                continue
            reached = number * sizes[level] + index
            if level == deepest:
                yield reached * rest, (reached + 1) * rest
            else:
                yield from walk(level + 1, reached)

    return walk(0, 0)
