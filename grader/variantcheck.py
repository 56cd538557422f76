"""``validate`` for a parameterised exercise: is every variant as good as the original?

Each variant checked (all of them up to ``variants.CHECK_ALL_UP_TO``, else the sample that
``VariantSpace.to_check`` documents) must compute (every expected value defined and real: the
reader refuses the rest), descend where the problem says ``converges: true``, and keep its
mistakes apart (``diagnose.diagnosability``)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from grader.diagnose.diagnosability import clashes
from grader.errors import ExerciseError, ExerciseErrors
from grader.exercise import Exercise, Problem

SHOWN = 20  # failing variants listed; the rest are counted


@dataclass(frozen=True)
class VariantCheck:
    total: int                    # admissible variants
    checked: int
    failing: int                  # variants with at least one problem
    problems: tuple[ExerciseError, ...]  # of the first ``SHOWN`` failing variants


def check_variants(exercise: Exercise, every: bool = False) -> VariantCheck | None:
    """None for an exercise without parameters. ``every``: all variants, however many."""
    family = exercise.family
    if family is None:
        return None
    space = family.space
    variants = list(space.all()) if every else space.to_check()
    failing = 0
    shown: list[ExerciseError] = []
    for variant in variants:
        try:
            built = family.exercise(variant)
            found = problems_of(built)
        except ExerciseErrors as exc:  # already worded "with a = …: …"
            found = exc.errors[:1]
        if found:
            failing += 1
            if failing <= SHOWN:
                shown += found
    return VariantCheck(space.count(), len(variants), failing, tuple(shown))


def problems_of(exercise: Exercise) -> list[ExerciseError]:
    """What is wrong with one (built) variant: a descent that goes up, mistakes that clash."""
    where = f"with {', '.join(f'{n} = {t}' for n, t in exercise.variant)}"
    found = [ExerciseError(f"{where}: problem {p.id}: {reason}", exercise.path, p.line)
             for p in exercise.problems if (reason := _not_descending(p)) is not None]
    lines = {t.key: t.line for t in exercise.tasks}
    found += [ExerciseError(f"{where}: {clash.describe()}; exclude such variants with 'where'",
                            exercise.path, lines[clash.task]) for clash in clashes(exercise)]
    return found


def _not_descending(problem: Problem) -> str | None:
    """Why the descent of a ``converges: true`` problem does not go down, or None."""
    descent = problem.descent
    if not problem.converges or descent is None or problem.function is None:
        return None
    heights = [problem.function.xreplace(dict(zip(descent.parameters, point, strict=True)))
               for point in descent.points]
    for k in range(1, len(heights)):
        if not bool(sp.Lt(heights[k], heights[k - 1])):
            return (f"step {k} does not lower J (from {_short(heights[k - 1])} to {_short(heights[k])}): "
                    "the learning rate is too large for this start; the problem says converges: true")
    return None


def _short(value: sp.Expr) -> str:
    return f"{float(value):.4g}"
