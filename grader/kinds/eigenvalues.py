"""The eigenvalues of the Hessian: ``eigenvalues: {at: {x: 1, y: 2}}`` (``true`` when the Hessian
is constant, as for a quadratic), answered as a list in any order: ``3, 5``, ``4 + √5, 4 − √5``,
``λ_1 = 1.76, λ_2 = 6.24``. The answer is a multiset: its numbers are put in ascending order
before they are compared, each with the task's check (exact, or the exercise's tolerance).

Only eigenvalues in closed form: a 2×2 Hessian always (a quadratic), a larger one when SymPy
gives its eigenvalues by radicals without complex numbers, within ``EIGEN_SECONDS``.

Its mistakes: the diagonal entries given (H not diagonal), the trace and the determinant, all
signs flipped (λ² + tr·λ + det), the mixed product added in det(H − λI), the eigenvalues of H
with a diagonal entry's sign flipped, the gradient at the point, and H itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from grader import messages
from grader.checking.judging import reordered
from grader.codes import DiagnosisCode
from grader.diagnose.engine import Context, per_task, same_answer
from grader.diagnose.models import Candidate, Finding
from grader.kinds.base import Expected, Kind, Reading, Role
from grader.kinds.second_order import POINT, asked, point_text, read_point, symbolic_hessian
from grader.parse import Answer, ParseError
from grader.parse.answer import Value
from grader.parse.mathtext import expression_text, number_text, value_text
from grader.parse.matrix import Matrix
from grader.parse.plusminus import both_values
from grader.parse.syntax import Node
from grader.reading.yamlio import LineMap
from grader.report.labels import gettext_for
from grader.running.timelimit import cpu_time_limit

if TYPE_CHECKING:
    from grader.exercise.model import Problem, Task
    from grader.limits import Limits

EIGEN_KEYS = ("at",)
EIGEN_SECONDS = 5.0  # SymPy's eigenvalues of one matrix larger than 2×2


class _EigenTimeout(BaseException):
    """Finding the eigenvalues took too long; a BaseException so that SymPy cannot eat it."""


def ascending(values: tuple[sp.Expr, ...]) -> tuple[sp.Expr, ...] | None:
    """``values`` in ascending order, when all are real numbers; None otherwise."""
    if any(not v.is_number for v in values):
        return None
    try:
        keyed = [(_real(v), v) for v in values]
    except (TypeError, ValueError):
        return None
    return tuple(v for _, v in sorted(keyed, key=lambda pair: pair[0]))


def _real(value: sp.Expr) -> float:
    return float(sp.re(sp.N(value, 30)))


def eigenvalues_of(matrix: Matrix) -> tuple[sp.Expr, ...] | None:
    """The eigenvalues of a symmetric matrix of numbers, exact and ascending, with their
    multiplicity; None when they have no closed form without complex numbers."""
    rows, _ = matrix.shape
    if rows == 2:
        (a, b), (c, d) = matrix.rows
        return _quadratic_roots(a + d, a * d - b * c)
    try:
        with cpu_time_limit(EIGEN_SECONDS, _EigenTimeout):
            found = sp.Matrix(matrix.rows).eigenvals(multiple=True)
    except (_EigenTimeout, NotImplementedError, ValueError):
        return None
    if len(found) != rows or any(v.has(sp.I, sp.RootOf, sp.CRootOf) for v in found):
        return None
    return ascending(tuple(sp.radsimp(sp.expand(v)) for v in found))


def _quadratic_roots(trace: sp.Expr, determinant: sp.Expr) -> tuple[sp.Expr, ...] | None:
    """The roots of λ² − trace·λ + determinant, ascending; None when they are not real."""
    discriminant = sp.expand(trace**2 - 4 * determinant)
    if discriminant.is_negative:
        return None
    root = sp.sqrt(discriminant)
    return ascending((sp.expand((trace - root) / 2), sp.expand((trace + root) / 2)))


class Eigenvalues(Kind):
    name = "eigenvalues"
    schema: ClassVar[dict[str, Any]] = {"anyOf": [
        {"const": True},
        {"type": "object", "properties": {"at": POINT}, "additionalProperties": False}]}
    role = Role.EIGENVALUES

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        function = reading.function
        if function is None:
            if not reading.function_failed:
                reading.error(line, "an eigenvalues task needs the problem's 'function'")
            return None
        if given is not True and not isinstance(given, dict):
            reading.error(line, "eigenvalues takes true (a constant Hessian) or {at: {x: 1, y: 2}}")
            return None
        settings = given if isinstance(given, dict) else {}
        extra = sorted(str(k) for k in settings if k not in EIGEN_KEYS)
        if extra:
            reading.error(line, f"eigenvalues: unknown key(s) {', '.join(extra)}; it takes at")
            return None
        names = [p.name for p in reading.parameters]
        if len(names) < 2:
            reading.error(line, f"eigenvalues: a function of one variable has the 1×1 Hessian f''; ask "
                                f"derivative: [{names[0]}, {names[0]}]" if names else
                                "eigenvalues: the function has no variables")
            return None
        symbolic = symbolic_hessian(function, reading.parameters)
        at_line = settings.line_of("at") if isinstance(settings, LineMap) and "at" in settings else line
        point = None
        if "at" in settings:
            point = read_point(settings["at"], at_line, "eigenvalues", names, reading)
            if point is None:
                return None
            here = dict(zip(reading.parameters, point, strict=True))
            matrix = Matrix((sp.simplify(e.xreplace(here)) for e in symbolic), symbolic.columns)
        else:
            matrix = symbolic
        varying = sorted({s.name for e in matrix for s in e.free_symbols})
        if varying:
            reading.error(line, f"eigenvalues: the Hessian {value_text(symbolic, False)} depends on "
                                f"{', '.join(varying)}; give the point with at: "
                                f"{{{', '.join(f'{n}: …' for n in names)}}}")
            return None
        if any(not e.is_finite for e in matrix):
            shown = ", ".join(number_text(v) for v in point or ())
            reading.error(at_line, f"eigenvalues: the Hessian is not defined at ({shown}); "
                                   "choose another point")
            return None
        values = eigenvalues_of(matrix)
        if values is None:
            reading.error(at_line, f"eigenvalues: SymPy cannot give the eigenvalues of "
                                   f"{value_text(matrix, True)} in closed form (the roots of a cubic or "
                                   "higher); choose another point or function")
            return None
        where = "" if point is None else messages.render(
            "prompt-at-point", (("point", ", ".join(number_text(v) for v in point)),), reading.lang)
        prompt = messages.render("prompt-eigenvalues", (("where", where),), reading.lang)
        settings_asked: tuple[tuple[str, Value], ...] = (("hessian", matrix),)
        if point is not None:
            settings_asked += (("at", point),)
        return Expected(values, True, asked=settings_asked, prompt=prompt)

    # -- grading ---------------------------------------------------------------------------
    def read(self, text: str, task: Task, limits: Limits) -> Answer:
        """A list of numbers, and ``a ± b`` as the two values ``a - b, a + b``."""
        try:
            return super().read(text, task, limits)
        except ParseError as refused:
            return replace(super().read(_both(text, refused), task, limits), text=text)

    def read_shown(self, text: str, task: Task, limits: Limits) -> tuple[tuple[Node, ...], tuple[str, ...]]:
        try:
            return super().read_shown(text, task, limits)
        except ParseError as refused:
            return super().read_shown(_both(text, refused), task, limits)

    def arranged(self, task: Task, answer: Answer) -> Answer:
        """Numbers in ascending order, as the expected ones are: a list in any order."""
        given = answer.value
        if not isinstance(given, tuple) or isinstance(given, Matrix) or not isinstance(task.expected, tuple) \
                or len(given) != len(task.expected):
            return answer
        if any(not v.is_number for v in given):
            return answer
        try:
            # stable: equal numbers keep their order
            by_value = sorted(range(len(given)), key=lambda k: _real(given[k]))
        except (TypeError, ValueError):
            return answer
        places = [0] * len(given)
        for place, k in enumerate(by_value):
            places[k] = place
        return reordered(answer, tuple(places)) if places != sorted(places) else answer

    # -- mistakes ------------------------------------------------------------------------------
    def findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        problem = context.problem
        for candidate in self.mistake_models(task, context):
            if same_answer(task, given, candidate.value, problem.probe):
                return [Finding(candidate.code, candidate.params)]
        return []

    def matrix_findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        """H itself given, or the gradient written as a column."""
        hessian = asked(task, "hessian")
        probe = context.problem.probe
        if isinstance(hessian, Matrix) and isinstance(given, Matrix) and given.shape == hessian.shape and \
                all(same_answer(task, g, h, probe) for g, h in zip(given, hessian, strict=True)):
            return [Finding("hessian-for-eigenvalues")]
        if isinstance(given, Matrix) and given.shape[1] == 1:
            return self.findings(task, tuple(given), context)
        return []

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        problem = context.problem
        return list(per_task(task, problem, "models", lambda: self.models_of(task, problem)))

    def models_of(self, task: Task, problem: Problem) -> tuple[Candidate, ...]:
        """Each wrong list, ascending as the answer is put before it is compared."""
        hessian = asked(task, "hessian")
        if not isinstance(hessian, Matrix) or not isinstance(task.expected, tuple):
            return ()
        rows, _ = hessian.shape
        diagonal = tuple(hessian[k * rows + k] for k in range(rows))
        found: list[tuple[DiagnosisCode, tuple[sp.Expr, ...] | None, tuple[tuple[str, str], ...]]] = [
            ("sign-slip", tuple(-v for v in task.expected), (("which", "all"),))]
        if any(hessian[i * rows + j] != 0 for i in range(rows) for j in range(rows) if i != j):
            found.append(("diagonal-for-eigenvalues", diagonal, ()))
        if rows == 2:
            (a, b), (c, d) = hessian.rows
            found.append(("trace-determinant-for-eigenvalues", (a + d, a * d - b * c), ()))
            if b * c != 0:
                found.append(("characteristic-polynomial-sign", _quadratic_roots(a + d, a * d + b * c), ()))
            for k, (flipped, other) in enumerate(((-a, d), (a, -d))):
                if diagonal[k] != 0:
                    roots = _quadratic_roots(flipped + other, flipped * other - b * c)
                    found.append(("hessian-entry-sign-slip", roots, (("position", f"{k + 1},{k + 1}"),)))
        point = asked(task, "at")
        if isinstance(point, tuple) and problem.function is not None:
            here = dict(zip(problem.parameters, point, strict=True))
            gradient = tuple(sp.diff(problem.function, p).xreplace(here) for p in problem.parameters)
            if len(gradient) == rows:
                found.append(("gradient-for-eigenvalues", gradient, ()))
        kept: list[Candidate] = []
        for code, values, params in found:
            ordered = ascending(values) if values is not None else None
            if ordered is None:
                continue
            if not any(same_answer(task, ordered, other, problem.probe)
                       for other in (task.expected, *(c.value for c in kept))):
                kept.append(Candidate(code, ordered, params))
        return tuple(kept)

    # -- showing -------------------------------------------------------------------------------
    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        """H (at the point), det(H − λI) = 0, its roots."""
        hessian = asked(task, "hessian")
        if not isinstance(hessian, Matrix) or not isinstance(task.expected, tuple):
            return ()
        point = asked(task, "at")
        lines = [f"H {point_text(problem, point, lang)}: {value_text(hessian, True)}"
                 if isinstance(point, tuple) else f"H = {value_text(hessian, True)}"]
        rows, _ = hessian.shape
        if rows == 2:
            (a, b), (c, d) = hessian.rows
            trace, determinant = a + d, sp.expand(a * d - b * c)
            lam = sp.Symbol("λ")
            polynomial = expression_text(sp.expand(lam**2 - trace * lam + determinant))
            lines.append(f"det(H − λI) = ({expression_text(a)} − λ)({expression_text(d)} − λ) − "
                         f"{_shown(b)}·{_shown(c)} = {polynomial} = 0")
            lines.append(f"λ = ({_shown(trace)} ± √({_shown(trace)}² − 4·{_shown(determinant)}))/2")
        else:
            lam = sp.Symbol("λ")
            polynomial = sp.expand((sp.Matrix(hessian.rows) - lam * sp.eye(rows)).det())
            lines.append(f"det(H − λI) = {expression_text(polynomial)} = 0")
        shown = ", ".join(f"λ{subscript(k + 1)} = {number_text(v)}" for k, v in enumerate(task.expected))
        lines.append(f"{gettext_for(lang)('eigenvalues')}: {shown}")
        return tuple(lines)

    def component_names(self, task: Task, problem: Problem) -> tuple[str, ...]:
        count = len(task.expected) if isinstance(task.expected, tuple) else 1
        return tuple(f"λ{subscript(k + 1)}" for k in range(count))


def _both(text: str, refused: ParseError) -> str:
    """``text`` with its ``a ± b`` written as ``a - b, a + b``; ``refused`` again when it has
    none that reads so."""
    both = both_values(text, refused.position) if refused.code == "plus-minus" and \
        refused.position is not None else None
    if both is None:
        raise refused
    return ", ".join(both)


def _shown(value: sp.Expr) -> str:
    text = expression_text(value)
    return f"({text})" if text.startswith("-") or " " in text or "/" in text else text


def subscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
