"""The kinds by name, and the tasks of a problem by the role their kind plays.

``Task.kind`` is the kind's name (what results.json, the verdict cache and the workers carry);
``kind_of`` finds the object. The built-in kinds are registered by ``grader.kinds``; a kind
of one's own is registered with ``register`` before exercises that use it are read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from grader.kinds.base import Kind, Role

if TYPE_CHECKING:
    from grader.exercise.model import Problem, Task

KINDS: dict[str, Kind] = {}  # in the order the reader and the schema list them


def register(kind: Kind) -> Kind:
    """Make ``kind`` known to the reader, grading, reports and the schema."""
    if kind.name in KINDS and KINDS[kind.name] is not kind:
        raise ValueError(f"a task kind named '{kind.name}' is registered already")
    KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    KINDS.pop(name, None)


def kind_of(task: Task) -> Kind:
    return KINDS[task.kind]


def role_of(task: Task) -> Role | None:
    return KINDS[task.kind].role


def in_role(problem: Problem, *roles: Role, step: int | None = None) -> list[Task]:
    """The problem's tasks whose kind plays one of ``roles`` (at descent ``step``), in order."""
    return [t for t in problem.tasks if KINDS[t.kind].role in roles and (step is None or t.step == step)]


def derivatives_of(problem: Problem) -> list[Task]:
    """The tasks that ask the problem's function differentiated: derivatives and gradients."""
    return in_role(problem, Role.DERIVATIVE, Role.GRADIENT)
