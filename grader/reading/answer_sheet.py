"""Markdown answer sheets: ``grader template`` writes one for an exercise (front matter with the
student and the exercise, a heading per task with its prompt), a student fills it in with plain
math or LaTeX in their own editor, and grader reads it back by its headings.

    ---
    student: s08
    name: Hanna Peters
    exercise: gradient-descent
    ---

    ## gd1.step1
    > θ na de eerste update

    $\\theta = 4 - 0.1 \\cdot 24 = 1.6$

Under a heading, every line that is not a quote (``>``) or an HTML comment is the answer;
several lines are joined with spaces (a pmatrix may span lines). Text, not code: nothing in a
sheet is run or rendered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from grader.errors import GraderError
from grader.exercise import Exercise, Problem, Task
from grader.messages import render
from grader.parse.mathtext import number_text
from grader.reading.yamlio import LineMap, _load_yaml  # the safe loader with line numbers

HEADING = "## "
TASK_HEADING = re.compile(r"^## +[A-Za-z0-9][A-Za-z0-9_-]*\.[A-Za-z0-9][A-Za-z0-9_-]*\s*$")


def template(exercise: Exercise, student: str | None = None) -> str:
    """The answer sheet of ``exercise`` (a student's own variant: with their id filled in).
    Each problem's function, start and learning rate, and a task's point and direction, are
    quoted (``>``) where the sheet asks for them: read back, a quote is no answer. A family's
    sheet without a student shows no one's numbers and says how to get one's own."""
    from grader.exercise.variants import described
    from grader.report.labels import gettext_for

    t = gettext_for(exercise.lang)
    numbers = exercise.family is None or student is not None
    who = "" if student is None else _yaml_text(student)
    lines = ["---", f"student: {who}", "name: ", f"exercise: {exercise.id}", "---", "",
             f"# {exercise.title}", ""]
    if exercise.family is not None:
        lines += [f"> {t('Your numbers')}: {described(exercise.variant)}" if numbers else
                  f"> {render('sheet-own-numbers', (('exercise', exercise.id),), exercise.lang)}", ""]
    if exercise.description:
        lines += [f"> {exercise.description.strip()}", ""]
    lines += [f"<!-- {render('sheet-instructions', (), exercise.lang)} -->", ""]
    for problem in exercise.problems:
        given = _problem_data(problem, t) if numbers else ""
        if given:
            lines += [f"> {given}", ""]
        for task in problem.tasks:
            lines.append(f"{HEADING}{task.key}")
            prompt = task.prompt if numbers else task.prompt_without_numbers()
            if prompt:
                lines.append(f"> {prompt}")
            asked = _task_data(problem, task, t) if numbers else ""
            if asked:
                lines.append(f"> {asked}")
            lines += ["", ""]
    return "\n".join(lines).rstrip() + "\n"


def _problem_data(problem: Problem, t: Callable[[str], str]) -> str:
    """"gd1 · Function: J(θ) = 3θ^2 · Start: θ = 4 · Learning rate: 0.1", of what the problem has."""
    parts = [f"**{problem.id}**"]
    if problem.function_text:
        parts.append(f"{t('Function')}: {' '.join(problem.function_text.split())}")
    if problem.start is not None:
        parts.append(f"{t('Start')}: {_point(problem, problem.start)}")
    if problem.descent is not None:
        parts.append(f"{t('Learning rate')}: {number_text(problem.descent.learning_rate)}")
    return " · ".join(parts) if len(parts) > 1 else ""


def _task_data(problem: Problem, task: Task, t: Callable[[str], str]) -> str:
    """The point and direction a task asks about (lesson 4's Hessian at a point, a directional
    derivative), as "Point: (x, y) = (-2, 3) · Direction: (3, 4)"; empty for other tasks."""
    asked = dict(task.asked)
    parts = []
    point, direction = asked.get("at"), asked.get("direction")
    if isinstance(point, tuple):
        parts.append(f"{t('Point')}: {_point(problem, point)}")
    if isinstance(direction, tuple):
        parts.append(f"{t('Direction')}: ({', '.join(number_text(v) for v in direction)})")
    return " · ".join(parts)


def _point(problem: Problem, values: tuple[Any, ...]) -> str:
    """θ = 4, or (θ1, θ2) = (-4, 2)."""
    names = [p.name for p in problem.parameters]
    shown = [number_text(v) for v in values]
    if len(names) == 1 and len(shown) == 1:
        return f"{names[0]} = {shown[0]}"
    return f"({', '.join(names)}) = ({', '.join(shown)})"


def _yaml_text(text: str) -> str:
    """A YAML scalar that reads back as exactly ``text`` (0123 stays text, quotes are escaped)."""
    return json.dumps(text, ensure_ascii=False)


def front_matter(text: str, where: str) -> tuple[dict[str, Any], int] | None:
    """The YAML between a first line ``---`` and the next, and the index of the line after it;
    None when the text does not start with ``---``."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    try:
        end = next(k for k in range(1, len(lines)) if lines[k].strip() == "---")
    except StopIteration:
        raise GraderError.coded("front-matter-unclosed", (), where, 1) from None
    try:
        front = _load_yaml("\n".join(lines[1:end])) or LineMap()
    except Exception as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or " ".join(str(exc).split())
        line = None if mark is None else mark.line + 2  # the front matter starts on line 2
        raise GraderError.coded("front-matter-invalid", (("problem", problem),), where, line) from None
    if not isinstance(front, dict):
        raise GraderError.coded("front-matter-not-mapping", (), where, 2)
    return {k: v for k, v in front.items() if v is not None and v != ""}, end + 1


def is_sheet(text: str) -> bool:
    """An answer sheet has headings that are task keys (``## gd1.step1``); notes do not."""
    return any(TASK_HEADING.match(line) for line in text.splitlines())


def read_sheet(text: str, where: str) -> dict[str, Any]:
    """A filled-in sheet as submission data: the front matter's fields and ``answers``."""
    found = front_matter(text, where)
    if found is None:
        raise GraderError.coded("sheet-without-front-matter", (), where, 1)
    front, start = found
    lines = text.splitlines()
    end = start - 1
    answers: dict[str, str] = {}
    key: str | None = None
    body: list[str] = []
    for line in [*lines[end + 1:], HEADING]:
        if line.startswith(HEADING):
            if key is not None:
                answer = " ".join(part.strip() for part in body if part.strip())
                if answer:
                    answers[key] = answer
            key = line[len(HEADING):].strip() or None
            body = []
        elif key is not None and not line.lstrip().startswith((">", "<!--")):
            body.append(line)
    return {**front, "answers": answers}
