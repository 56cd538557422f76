"""Can grader tell a variant's mistakes apart? A start of θ = 0 makes a sign slip invisible
(−0 = 0), a learning rate of 1 hides a forgotten learning rate, and two mistakes that give the
same wrong answer cannot both be named. ``validate`` runs this on every variant it checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy as sp

from grader.diagnose.engine import Context, same_answer
from grader.diagnose.review import mistake_models
from grader.exercise import Exercise, Task
from grader.kinds import kind_of
from grader.parse.answer import Value
from grader.parse.mathtext import value_text
from grader.parse.matrix import Matrix

ClashKind = Literal["hides", "same"]


@dataclass(frozen=True)
class Clash:
    """``hides``: mistake ``codes[0]`` gives the right answer. ``same``: mistakes ``codes[0]``
    and ``codes[1]`` give one and the same wrong answer."""

    task: str
    kind: ClashKind
    codes: tuple[str, ...]
    # What the mistakes give: (where, its value as text), where is "" for the whole answer, else
    # "component 2" of a vector or "entry (1,2)" of a matrix: only those that differ from the
    # right answer.
    shown: tuple[tuple[str, str], ...] = ()
    # ``same`` where the right answer is a number in every place they differ, in a kind whose
    # coinciding numbers only warn (``Kind.coinciding_numbers_warn``): validate warns, and
    # does not refuse the variant (both are marked wrong; diagnosis names the first).
    coincidence: bool = False

    def describe(self) -> str:
        if self.kind == "hides":
            return (f"task {self.task}: the mistake {self.codes[0]} gives the right answer"
                    f"{self._values()}, so it cannot be seen")
        return (f"task {self.task}: the mistakes {self.codes[0]} and {self.codes[1]} both give"
                f"{self._values()}, so grader cannot say which was made")

    def _values(self) -> str:
        return "".join((" and" if k else "") + (f" {text} in {where}" if where else f" {text}")
                       for k, (where, text) in enumerate(self.shown))


def clashes(exercise: Exercise) -> list[Clash]:
    """Every task's clashes, in the order of the tasks."""
    found: list[Clash] = []
    for problem in exercise.problems:
        context = Context(exercise, problem, {})
        for task in problem.tasks:
            models = mistake_models(task, context)
            seen: set[tuple[str, ...]] = set()
            for k, model in enumerate(models):
                if same_answer(task, model.value, task.expected, problem.probe):
                    _add(found, seen, Clash(task.key, "hides", (model.code,),
                                            _shown(task, task.expected, task.expected)))
                    continue
                for other in models[k + 1:]:
                    if other.code != model.code and \
                            same_answer(task, model.value, other.value, problem.probe):
                        _add(found, seen, Clash(task.key, "same", tuple(sorted((model.code, other.code))),
                                                _shown(task, model.value, task.expected),
                                                _coincidence(task, model.value)))
    return found


def _shown(task: Task, value: Value, right: Value | None) -> tuple[tuple[str, str], ...]:
    """``value`` as a clash shows it: whole when single or the right answer itself; of a
    wrong vector or matrix, the components or entries that differ from ``right``."""
    if not isinstance(value, tuple):
        return (("", value_text(value, task.numeric)),)
    return tuple((_place(value, k), value_text(v, task.numeric)) for k, v in enumerate(value)
                 if isinstance(right, tuple) and len(right) == len(value) and v != right[k]) \
        or (("", value_text(value, task.numeric)),)


def _coincidence(task: Task, wrong: Value) -> bool:
    """Does ``wrong`` differ from the right answer only where that is a number (no variable
    in it), in a kind whose coinciding numbers only warn?"""
    right = task.expected
    if not kind_of(task).coinciding_numbers_warn or right is None:
        return False
    if not isinstance(wrong, tuple) or not isinstance(right, tuple) or len(wrong) != len(right):
        return _is_number(right)
    return all(_is_number(r) for w, r in zip(wrong, right, strict=True) if w != r)


def _is_number(value: object) -> bool:
    return isinstance(value, sp.Basic) and not value.free_symbols


def _place(value: tuple, k: int) -> str:
    return f"entry ({value.position(k)})" if isinstance(value, Matrix) else f"component {k + 1}"


def _add(found: list[Clash], seen: set[tuple[str, ...]], clash: Clash) -> None:
    """One report per task and pair of mistakes (sign slips of several terms count once)."""
    key = (clash.task, clash.kind, *clash.codes)
    if key not in seen:
        seen.add(key)
        found.append(clash)
