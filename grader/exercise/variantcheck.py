"""``validate`` for a parameterised exercise: is every variant as good as the original?

Each variant checked (all of them up to ``variants.CHECK_ALL_UP_TO``, else the sample that
``VariantSpace.to_check`` documents) must compute (every expected value defined and real: the
reader refuses the rest), descend where the problem says ``converges: true``, and keep its
mistakes apart (``diagnose.diagnosability``)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from grader.diagnose.diagnosability import Clash, clashes
from grader.errors import ExerciseError, ExerciseErrors
from grader.exercise import Exercise, Problem
from grader.exercise.variants import Variant
from grader.exercise.wherelines import Deriver, Proposal

SHOWN = 20         # failing variants listed; the rest are counted (all with ``every_failure``)
KEPT = 10_000      # failing variants whose problems are kept for listing them all


@dataclass(frozen=True)
class VariantCheck:
    total: int                    # admissible variants
    checked: int
    failing: int                  # variants with at least one problem
    failures: tuple[tuple[ExerciseError, ...], ...]  # of the first ``KEPT`` failing variants
    proposal: Proposal | None = None  # 'where' lines for the clashes, checked against the variants

    @property
    def problems(self) -> tuple[ExerciseError, ...]:
        """The problems of the first ``SHOWN`` failing variants."""
        return tuple(e for failure in self.failures[:SHOWN] for e in failure)


def check_variants(exercise: Exercise, every: bool = False) -> VariantCheck | None:
    """None for an exercise without parameters. ``every``: all variants, however many."""
    family = exercise.family
    if family is None:
        return None
    space = family.space
    variants = list(space.all()) if every else space.to_check()
    deriver = Deriver(family, [p.name for p in space.parameters])  # type: ignore[arg-type]
    failed: list[Variant] = []
    failures: list[tuple[ExerciseError, ...]] = []
    for variant in variants:
        try:
            built = family.exercise(variant)
            found, clashing = _problems_and_clashes(built)
            if clashing:
                deriver.add(built, variant, clashing)
        except ExerciseErrors as exc:  # already worded "with a = …: …"
            found = exc.errors[:1]
        if found:
            failed.append(variant)
            if len(failures) < KEPT:
                failures.append(tuple(found))
    return VariantCheck(space.count(), len(variants), len(failed), tuple(failures),
                        _proposal(deriver, variants, failed))


def _proposal(deriver: Deriver, checked: list[Variant], failed: list[Variant]) -> Proposal | None:
    """What the derived lines exclude among the variants checked."""
    if not deriver.lines and not deriver.underived:
        return None
    failing = {v.values for v in failed}
    excluded = [v for v in checked if not deriver.admits(_values(v))]
    hits = sum(1 for v in excluded if v.values in failing)
    return Proposal(tuple(deriver.lines), len(failing), hits, len(excluded) - hits,
                    tuple(deriver.underived))


def _values(variant: Variant) -> dict[str, Fraction]:
    return dict(zip(variant.names, variant.values, strict=True))


def fixed_warnings(exercise: Exercise) -> list[str]:
    """An exercise without variants whose mistake gives the right answer (a Hessian's
    exponent-not-lowered at θ1 = 1), or whose two mistakes give one wrong answer (constant-kept
    and first-derivative-only at (3, 1)): warned, file:line, where a variant would be refused
    (the exercise was accepted before this check)."""
    if exercise.family is not None:
        return []
    lines = {t.key: t.line for t in exercise.tasks}
    return [f"{exercise.path}:{lines[clash.task]}: {clash.describe()}; choose another point or start"
            for clash in clashes(exercise)]


def problems_of(exercise: Exercise) -> list[ExerciseError]:
    """What is wrong with one (built) variant: a descent that goes up, mistakes that clash."""
    return _problems_and_clashes(exercise)[0]


def _problems_and_clashes(exercise: Exercise) -> tuple[list[ExerciseError], list[Clash]]:
    where = f"with {', '.join(f'{n} = {t}' for n, t in exercise.variant)}"
    found = [ExerciseError(f"{where}: problem {p.id}: {reason}", exercise.path, p.line)
             for p in exercise.problems if (reason := _not_descending(p)) is not None]
    lines = {t.key: t.line for t in exercise.tasks}
    clashing = clashes(exercise)
    found += [ExerciseError(f"{where}: {clash.describe()}; exclude such variants with 'where'",
                            exercise.path, lines[clash.task]) for clash in clashing]
    return found, clashing


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
