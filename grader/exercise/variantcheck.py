"""``validate`` for a parameterised exercise: is every variant as good as the original?

Each variant checked (all of them up to ``variants.CHECK_ALL_UP_TO``, else the sample that
``VariantSpace.to_check`` documents) must compute (every expected value defined and real: the
reader refuses the rest), descend where the problem says ``converges: true``, and keep its
mistakes apart (``diagnose.diagnosability``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import sympy as sp

from grader.diagnose.diagnosability import Clash, clashes
from grader.errors import ExerciseError, ExerciseErrors
from grader.exercise import Exercise, Problem
from grader.exercise.variants import Variant
from grader.exercise.wherelines import Deriver, Proposal
from grader.running.timelimit import cpu_time_limit

SHOWN = 20         # failing variants listed; the rest are counted (all with ``every_failure``)
KEPT = 10_000      # failing variants whose problems are kept for listing them all
FEW = 10           # fewer variants than this (or than the roster's students) is warned of


@dataclass(frozen=True)
class Coincidences:
    """Variants checked in which two mistakes of task ``task`` give one wrong number
    (``Clash.coincidence``): warned of once per task, with the first as the example."""

    task: str
    line: int
    variants: int
    example: str  # "with a = 6, …: task …: the mistakes … both give …"


@dataclass(frozen=True)
class VariantCheck:
    total: int                    # admissible variants
    checked: int
    failing: int                  # variants with at least one problem
    failures: tuple[tuple[ExerciseError, ...], ...]  # of the first ``KEPT`` failing variants
    proposal: Proposal | None = None  # 'where' lines for the clashes, checked against the variants
    coincidences: tuple[Coincidences, ...] = ()

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
    coinciding: dict[str, Coincidences] = {}
    unbuilt: list[Variant] = []
    template: Exercise | None = None  # a variant that builds, for the tasks of those that do not
    for variant in variants:
        try:
            built = family.exercise(variant)
            found, clashing, coincident = _problems_and_clashes(built)
            if clashing:
                deriver.add(built, variant, clashing)
            _count_coincidences(coinciding, built, coincident)
            template = built
        except ExerciseErrors as exc:  # already worded "with a = …: …"
            found = exc.errors[:1]
            unbuilt.append(variant)
        if found:
            failed.append(variant)
            if len(failures) < KEPT:
                failures.append(tuple(found))
    if template is not None:
        for variant in unbuilt:
            deriver.add_unbuilt(template, variant)
    return VariantCheck(space.count(), len(variants), len(failed), tuple(failures),
                        _proposal(deriver, variants, failed), tuple(coinciding.values()))


def _count_coincidences(coinciding: dict[str, Coincidences], exercise: Exercise,
                        coincident: list[Clash]) -> None:
    """Count ``exercise``'s variant once for each task with a coincidence; the first is the example."""
    lines = {t.key: t.line for t in exercise.tasks}
    for task in dict.fromkeys(c.task for c in coincident):
        known = coinciding.get(task)
        if known is None:
            example = next(c for c in coincident if c.task == task)
            said = example.describe().removeprefix(f"task {task}: ")
            coinciding[task] = Coincidences(task, lines[task], 1, f"{_where(exercise)}: {said}")
        else:
            coinciding[task] = replace(known, variants=known.variants + 1)


def coincidence_warnings(exercise: Exercise, check: VariantCheck) -> list[str]:
    """One warning per task whose mistakes coincide in a number in some variants: accepted,
    but the teacher should know that diagnosis names one of the two."""
    return [f"{exercise.path}:{c.line}: in {c.variants} of the {check.checked} variants checked, two "
            f"mistakes give one wrong number in task {c.task} (e.g. {c.example}); such variants are "
            "kept: the number is marked wrong either way, and grader names the first of the two it looks for"
            for c in check.coincidences]


def few_variants_warning(exercise: Exercise, check: VariantCheck, roster: int | None = None) -> str | None:
    """A warning when 'where' leaves fewer variants than a class needs: fewer than ``FEW``, or
    than the ``roster``'s students; at the line of 'where' (of 'parameters' without one)."""
    family = exercise.family
    needed = max(FEW, roster or 0)
    if family is None or check.total >= needed:
        return None
    line = family.where_line()
    place = f"{exercise.path}:{line}" if line is not None else str(exercise.path)
    students = f"a class of {roster} students" if roster is not None and roster >= FEW else \
        f"at least {FEW} for a class"
    return (f"{place}: only {check.total} variant{'s' if check.total != 1 else ''} left "
            f"({students}), so many students share their numbers; relax 'where' or widen the "
            "parameters' ranges")


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
    try:
        with cpu_time_limit(FIXED_CHECK_SECONDS, _CheckTimeout):
            found = clashes(exercise)
    except _CheckTimeout:
        return [f"{exercise.path}:1: which mistakes a student's answer can be told apart from "
                f"was not checked: it took longer than {FIXED_CHECK_SECONDS} s of CPU time"]
    numeric = {t.key: t.numeric for t in exercise.tasks}
    return [f"{exercise.path}:{lines[clash.task]}: {clash.describe()}; {_what_to_do(numeric[clash.task])}"
            for clash in found]


def _what_to_do(numeric: bool) -> str:
    """A clash at numbers goes away at another point or start; one of two formulas does not
    (the function decides), and grader names the first mistake it looks for."""
    return "choose another point or start" if numeric else "grader names the first of them"


FIXED_CHECK_SECONDS = 30


class _CheckTimeout(BaseException):
    """The fixed exercise's clash check ran out of time (a BaseException: no except eats it)."""


def problems_of(exercise: Exercise) -> list[ExerciseError]:
    """What is wrong with one (built) variant: a descent that goes up, mistakes that clash."""
    return _problems_and_clashes(exercise)[0]


def _where(exercise: Exercise) -> str:
    return f"with {', '.join(f'{n} = {t}' for n, t in exercise.variant)}"


def _problems_and_clashes(exercise: Exercise) -> tuple[list[ExerciseError], list[Clash], list[Clash]]:
    """The variant's problems, the clashes that refuse it, and its coincidences (which do not)."""
    where = _where(exercise)
    found = [ExerciseError(f"{where}: problem {p.id}: {reason}", exercise.path, p.line)
             for p in exercise.problems if (reason := _not_descending(p)) is not None]
    lines = {t.key: t.line for t in exercise.tasks}
    every = clashes(exercise)
    clashing = [c for c in every if not c.coincidence]
    found += [ExerciseError(f"{where}: {clash.describe()}; exclude such variants with 'where'",
                            exercise.path, lines[clash.task]) for clash in clashing]
    return found, clashing, [c for c in every if c.coincidence]


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
