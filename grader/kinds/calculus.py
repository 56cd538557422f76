"""Differentiation: ``derivative: [x, y]`` (the problem's function differentiated by each
variable listed, in turn) and ``gradient: [θ1, θ2]`` (the vector of first derivatives; ``true``:
by every variable in order). Their mistakes are the calculus models (``diagnose.calculus``):
per component for a gradient."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from grader.diagnose.calculus import derivative_candidates
from grader.diagnose.engine import Context, derivative_candidates_by
from grader.diagnose.models import Candidate
from grader.kinds.base import Expected, Kind, Models, Reading, Role, Unbound, default_prompt
from grader.parse.vocabulary import canonical_name

if TYPE_CHECKING:
    from grader.exercise.model import Problem, Task
    from grader.reading.yamlio import LineMap

NAMES = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


class Differentiation(Kind):
    """What derivatives and gradients share: variables of the function for a key."""

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        if reading.function is None:
            if not reading.function_failed:
                reading.error(line, f"a {self.name} task needs the problem's 'function'")
            return None
        known = [p.name for p in reading.parameters]
        names = self.variables(given, known)
        unknown = [n for n in names if n not in known]
        if unknown or not names:
            reading.error(line, f"{self.name} over unknown variable(s) {', '.join(unknown) or '(none)'}; "
                                f"the function has {', '.join(known)}")
            return None
        symbols = [reading.vocabulary.variables[n] for n in names]
        return Expected(self.differentiate(reading.function, symbols), False, tuple(names),
                        prompt=self.prompt(names, reading))

    def prompt(self, names: list[str], reading: Reading) -> str:
        raise NotImplementedError

    def variables(self, given: Any, known: list[str]) -> list[str]:
        listed = given if isinstance(given, list) else [given]
        return [canonical_name(str(v)) for v in listed]

    def differentiate(self, function: sp.Expr, symbols: list[sp.Symbol]) -> sp.Expr | tuple[sp.Expr, ...]:
        raise NotImplementedError


class Derivative(Differentiation):
    name = "derivative"
    schema: ClassVar[dict[str, Any]] = NAMES
    role = Role.DERIVATIVE

    def differentiate(self, function: sp.Expr, symbols: list[sp.Symbol]) -> sp.Expr:
        return sp.diff(function, *symbols)

    def prompt(self, names: list[str], reading: Reading) -> str:
        """``de afgeleide dJ/dw``, ``∂²f/∂y∂x``: the function's own name, d for one variable."""
        d = "d" if len(reading.parameters) == 1 else "∂"
        return default_prompt("prompt-derivative", reading, notation=derivative_notation(
            d, reading.function_name or "f", names))

    def derivative_order(self, task: Task, component: int | None) -> tuple[str, ...]:
        return task.variables if component is None else ()

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        return derivative_candidates_by(task.variables, context.problem)

    def symbolic_models(self, task: Task, problem: Problem, function: sp.Expr,
                        unbound: Unbound) -> Models:
        order = tuple(problem.vocabulary.variables[n] for n in task.variables)
        candidates = derivative_candidates(function, order, problem.parameters)
        return (("", (sp.diff(function, *order),)),) + tuple((c.code, (c.value,)) for c in candidates)


class Gradient(Differentiation):
    name = "gradient"
    schema: ClassVar[dict[str, Any]] = {"anyOf": [{"const": True}, NAMES]}
    role = Role.GRADIENT

    def variables(self, given: Any, known: list[str]) -> list[str]:
        return known if given is True else super().variables(given, known)

    def differentiate(self, function: sp.Expr, symbols: list[sp.Symbol]) -> tuple[sp.Expr, ...]:
        return tuple(sp.diff(function, s) for s in symbols)

    def prompt(self, names: list[str], reading: Reading) -> str:
        return default_prompt("prompt-gradient", reading, variables=", ".join(names))

    def derivative_order(self, task: Task, component: int | None) -> tuple[str, ...]:
        return () if component is None else (task.variables[component],)

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        if not isinstance(task.expected, tuple):
            return []
        found = []
        for k, name in enumerate(task.variables):
            for candidate in derivative_candidates_by((name,), context.problem):
                value = list(task.expected)
                value[k] = candidate.value
                found.append(Candidate(candidate.code, tuple(value),
                                       (*candidate.params, ("component", str(k + 1)))))
        return found

    def symbolic_models(self, task: Task, problem: Problem, function: sp.Expr,
                        unbound: Unbound) -> Models:
        """One component wrong at a time, as diagnosis makes them."""
        named = problem.vocabulary.variables
        right = tuple(sp.diff(function, named[n]) for n in task.variables)
        found: list[tuple[str, tuple[sp.Expr, ...]]] = [("", right)]
        for k, name in enumerate(task.variables):
            for candidate in derivative_candidates(function, (named[name],), problem.parameters):
                found.append((candidate.code, right[:k] + (candidate.value,) + right[k + 1:]))
        return tuple(found)


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def derivative_notation(d: str, name: str, names: list[str]) -> str:
    """``d²J/dw²`` for [w, w]; ``∂²f/∂y∂x`` for [x, y] (x first: written right to left)."""
    order = "" if len(names) == 1 else str(len(names)).translate(SUPERSCRIPT)
    runs: list[list[str]] = []
    for variable in reversed(names):
        if runs and runs[-1][0] == variable:
            runs[-1].append(variable)
        else:
            runs.append([variable])
    below = "".join(f"{d}{run[0]}" + ("" if len(run) == 1 else str(len(run)).translate(SUPERSCRIPT))
                    for run in runs)
    return f"{d}{order}{name}/{below}"
