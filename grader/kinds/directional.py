"""The directional derivative: ``directional: {direction: [3, 4], at: {x: 1, y: 2}}`` is
∇f(1, 2)·u/|u| with u = (3, 4): the rate of change along the unit vector of the direction, as
the course defines it. ``normalise: false`` takes the teacher's other convention, ∇f·u; without
``at`` the answer is the expression in the function's variables.

Its mistakes: the direction not normalised (or normalised under ``normalise: false``), one
component of the gradient given for the dot product, the gradient vector given, a sign slip,
and the calculus mistakes inside the gradient.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from grader import messages
from grader.diagnose.calculus import derivative_candidates
from grader.diagnose.engine import Context, derivative_candidates_by, per_task, same_answer
from grader.diagnose.models import Candidate, Finding
from grader.kinds.base import Expected, Kind, Models, Reading, Role, Unbound
from grader.kinds.own import at_point, gradient_task, own_function
from grader.kinds.second_order import (
    POINT,
    asked,
    point_of,
    point_text,
    read_numbers,
    read_point,
    unbound_point,
)
from grader.parse.answer import Value
from grader.parse.mathtext import expression_text, number_text
from grader.reading.yamlio import LineMap

if TYPE_CHECKING:
    from grader.exercise.model import Exercise, Problem, Task

DIRECTIONAL_KEYS = ("direction", "at", "normalise")
# the calculus mistakes looked for inside the gradient: more of them, carried through a dot
# product with a direction such as (3, 4)/5, give one number for two mistakes too often
GRADIENT_SLIPS = ("sign-slip", "exponent-not-lowered", "coefficient-not-multiplied",
                  "missing-inner-derivative")


class Directional(Kind):
    name = "directional"
    schema: ClassVar[dict[str, Any]] = {
        "type": "object", "required": ["direction"], "additionalProperties": False,
        "properties": {
            "direction": {"type": "array", "minItems": 1,
                          "items": {"anyOf": [{"type": "number"}, {"type": "string"}]}},
            "at": POINT,
            "normalise": {"type": "boolean",
                          "description": "divide by the direction's length (default true)"}}}
    role = Role.DIRECTIONAL
    coinciding_numbers_warn = True

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        function = reading.function
        if function is None:
            if not reading.function_failed:
                reading.error(line, "a directional task needs the problem's 'function'")
            return None
        if not isinstance(given, dict) or "direction" not in given:
            reading.error(line, "directional takes {direction: [3, 4], at: {x: 1, y: 2}}")
            return None
        extra = sorted(str(k) for k in given if k not in DIRECTIONAL_KEYS)
        if extra:
            reading.error(line, f"directional: unknown key(s) {', '.join(extra)}; "
                                f"it takes {', '.join(DIRECTIONAL_KEYS)}")
            return None
        def line_of(key: str) -> int:
            return given.line_of(key) if isinstance(given, LineMap) else line
        names = [p.name for p in reading.parameters]
        direction = read_direction(given["direction"], line_of("direction"), names, reading)
        if direction is None:
            return None
        normalise = given.get("normalise", True)
        if not isinstance(normalise, bool):
            reading.error(line_of("normalise"), "directional: normalise must be true or false")
            return None
        gradient = [sp.diff(function, p) for p in reading.parameters]
        unit = _unit(direction) if normalise else direction
        value = sp.Add(*(g * u for g, u in zip(gradient, unit, strict=True)))
        settings: tuple[tuple[str, Value], ...] = (("direction", direction),
                                                   ("normalise", sp.Integer(int(normalise))))
        code = "prompt-directional" if normalise else "prompt-directional-not-normalised"
        params = [("direction", _numbers(direction)), ("name", reading.function_name or "f")]
        if "at" not in given:
            prompt = messages.render(code, (*params, ("where", "")), reading.lang)
            return Expected(sp.expand(value), False, asked=settings, prompt=prompt)
        point = read_point(given["at"], line_of("at"), "directional", names, reading)
        if point is None:
            return None
        here = dict(zip(reading.parameters, point, strict=True))
        if any(g.xreplace(here).has(sp.nan, sp.zoo, sp.oo, -sp.oo) for g in gradient):
            reading.error(line_of("at"), f"directional at ({_numbers(point)}): the gradient is not "
                                         "defined there; choose another point")
            return None
        where = messages.render("prompt-at-point", (("point", _numbers(point)),), reading.lang)
        prompt = messages.render(code, (*params, ("where", where)), reading.lang)
        return Expected(sp.radsimp(sp.expand(value.xreplace(here))), True,
                        asked=(*settings, ("at", point)), prompt=prompt)

    # -- follow-through ------------------------------------------------------------------------
    def depends_on(self, task: Task, exercise: Exercise) -> tuple[Task, ...]:
        """The student's gradient by every variable in order: follow-through reads it."""
        problem = exercise.problem(task.problem)
        found = gradient_task(problem, tuple(p.name for p in problem.parameters))
        return () if found is None else (found,)

    def carried(self, task: Task, given: Value, context: Context) -> bool:
        """The dot product done right with the student's own (wrong) gradient (at the point)."""
        problem = context.problem
        direction, normalised = self.direction(task)
        if direction is None or isinstance(given, tuple):
            return False
        own = own_function(context, next(iter(self.depends_on(task, context.exercise)), None), problem)
        point = asked(task, "at")
        if own is not None and isinstance(point, tuple):
            own = at_point(own, problem, point)
        if own is None or len(own) != len(direction):
            return False
        value = _dot(own, _unit(direction) if normalised else direction)
        return not same_answer(task, value, task.expected, problem.probe) and \
            same_answer(task, given, value, problem.probe)

    # -- mistakes ------------------------------------------------------------------------------
    def findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        problem = context.problem
        if isinstance(given, tuple):
            right = self.gradient(task, problem)
            return [Finding("gradient-for-directional", (("name", problem.function_name or "f"),))] \
                if len(given) == len(right) and same_answer(task, tuple(given), right, problem.probe) else []
        for candidate in self.mistake_models(task, context):
            if same_answer(task, given, candidate.value, problem.probe):
                return [Finding(candidate.code, candidate.params)]
        return []

    def matrix_findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        return self.findings(task, given, context)  # the gradient written as a column

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        """A sign slip, the other convention of normalising, one component of the gradient, and the
        calculus mistakes of each component carried through the dot product (once per task)."""
        problem = context.problem
        return list(per_task(task, problem, "models", lambda: self.models_of(task, problem)))

    def models_of(self, task: Task, problem: Problem) -> tuple[Candidate, ...]:
        direction, normalised = self.direction(task)
        if direction is None:
            return ()
        unit = _unit(direction) if normalised else direction
        gradient = self.gradient(task, problem)
        found = [Candidate("sign-slip", -task.expected, (("which", "all"),))] \
            if not isinstance(task.expected, tuple) else []
        # either convention taken where the teacher asked the other (the same number for |u| = 1)
        length = number_text(sp.sqrt(sum(u**2 for u in direction)))
        if normalised:
            found.append(Candidate("direction-not-normalised", _dot(gradient, direction),
                                   (("length", length),)))
        else:
            found.append(Candidate("direction-normalised", _dot(gradient, _unit(direction)),
                                   (("length", length), ("name", problem.function_name or "f"))))
        found += [Candidate("gradient-component-for-directional", g,
                            (("variable", p.name), ("name", problem.function_name or "f")))
                  for g, p in zip(gradient, problem.parameters, strict=True)]
        at = point_of(task, problem)
        for k, parameter in enumerate(problem.parameters):
            for candidate in derivative_candidates_by((parameter.name,), problem):
                if candidate.code not in GRADIENT_SLIPS or ("which", "all") in candidate.params:
                    continue
                wrong = candidate.value.xreplace(at) if at is not None else candidate.value
                value = _dot((*gradient[:k], wrong, *gradient[k + 1:]), unit)
                found.append(Candidate(candidate.code, value, (*candidate.params, ("component", str(k + 1)))))
        return tuple(c for c in found if not same_answer(task, c.value, task.expected, problem.probe))

    def symbolic_models(self, task: Task, problem: Problem, function: sp.Expr,
                        unbound: Unbound) -> Models | None:
        """``models_of`` with the exercise's parameters as symbols. Normalised, every answer
        is taken times |u| (never 0): the same clashes, with no square root where it cancels."""
        given = unbound.given(task.id, self.name)
        listed = given.get("direction") if isinstance(given, dict) else None
        if not isinstance(given, dict) or not isinstance(listed, list):
            return None
        direction = unbound.numbers(listed)
        here: dict[sp.Symbol, sp.Expr] = {}
        if "at" in given:
            point = unbound_point(given["at"], problem, unbound)
            if point is None:
                return None
            here = dict(zip(problem.parameters, point, strict=True))
        if direction is None or len(direction) != len(problem.parameters):
            return None
        normalised = given.get("normalise", True) is not False
        length = sp.sqrt(sum(u**2 for u in direction))
        scale = length if normalised else sp.Integer(1)
        gradient = tuple(sp.expand(sp.diff(function, p).xreplace(here)) for p in problem.parameters)
        right = _dot(gradient, direction)
        found: list[tuple[str, tuple[sp.Expr, ...]]] = [("", (right,)), ("sign-slip", (-right,))]
        if normalised:
            found.append(("direction-not-normalised", (sp.expand(right * length),)))
        else:
            found.append(("direction-normalised", (right / length,)))
        found += [("gradient-component-for-directional", (sp.expand(g * scale),)) for g in gradient]
        for k, parameter in enumerate(problem.parameters):
            for candidate in derivative_candidates(function, (parameter,), problem.parameters):
                if candidate.code in GRADIENT_SLIPS and ("which", "all") not in candidate.params:
                    wrong = sp.expand(candidate.value.xreplace(here))
                    slipped = (*gradient[:k], wrong, *gradient[k + 1:])
                    found.append((candidate.code, (_dot(slipped, direction),)))
        return tuple(found)

    def direction(self, task: Task) -> tuple[tuple[sp.Expr, ...] | None, bool]:
        direction = asked(task, "direction")
        return (direction if isinstance(direction, tuple) else None), asked(task, "normalise") != 0

    def gradient(self, task: Task, problem: Problem) -> tuple[sp.Expr, ...]:
        """∇f, at the task's point when it has one (once per task)."""
        return per_task(task, problem, "gradient", lambda: self.gradient_of(task, problem))

    def gradient_of(self, task: Task, problem: Problem) -> tuple[sp.Expr, ...]:
        assert problem.function is not None
        at = point_of(task, problem)
        gradient = tuple(sp.diff(problem.function, p) for p in problem.parameters)
        return tuple(g.xreplace(at) for g in gradient) if at is not None else gradient

    # -- showing -------------------------------------------------------------------------------
    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        """∇f, its value at the point, the unit vector, and the dot product."""
        direction, normalised = self.direction(task)
        if problem.function is None or direction is None:
            return ()
        name = problem.function_name or "f"
        symbolic = tuple(sp.diff(problem.function, p) for p in problem.parameters)
        lines = [f"∇{name} = ({', '.join(expression_text(g) for g in symbolic)})"]
        point = asked(task, "at")
        gradient = self.gradient(task, problem)
        show = number_text if isinstance(point, tuple) else expression_text
        if isinstance(point, tuple):
            lines.append(f"∇{name} {point_text(problem, point, lang)}: ({_numbers(gradient)})")
        unit = direction
        if normalised:
            squares = " + ".join(f"{_parenthesised(number_text(u))}²" for u in direction)
            length = sp.sqrt(sum(u**2 for u in direction))
            unit = _unit(direction)
            lines.append(f"|u| = √({squares}) = {number_text(length)}")
            lines.append(f"u/|u| = ({', '.join(expression_text(u) for u in unit)})")
        terms = " + ".join(f"{_parenthesised(show(g))}·{_parenthesised(expression_text(u))}"
                           for g, u in zip(gradient, unit, strict=True))
        lines.append(f"D_u {name} = {terms} = {task.expected_text}")
        return tuple(lines)


def read_direction(listed: Any, line: int, names: list[str], reading: Reading) -> tuple[sp.Expr, ...] | None:
    """One number per variable, not all 0; None after reporting an error at ``line``."""
    if not isinstance(listed, list) or len(listed) != len(names):
        reading.error(line, f"directional: the direction needs {len(names)} component(s), one for "
                            f"each of {', '.join(names)}")
        return None
    direction = read_numbers([(v, line) for v in listed], "directional direction", reading)
    if direction is not None and all(u == 0 for u in direction):
        reading.error(line, f"directional: the direction ({_numbers(direction)}) has length 0, so it "
                            "points nowhere; give a nonzero direction")
        return None
    return direction


def _unit(direction: tuple[sp.Expr, ...]) -> tuple[sp.Expr, ...]:
    length = sp.sqrt(sum(u**2 for u in direction))
    return tuple(sp.radsimp(u / length) for u in direction)


def _dot(left: tuple[sp.Expr, ...], right: tuple[sp.Expr, ...]) -> sp.Expr:
    return sp.expand(sp.Add(*(a * b for a, b in zip(left, right, strict=True))))


def _numbers(values: tuple[sp.Expr, ...]) -> str:
    return ", ".join(number_text(v) for v in values)


def _parenthesised(text: str) -> str:
    return f"({text})" if text.startswith("-") or " " in text else text
