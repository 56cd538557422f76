"""Second derivatives: ``hessian: [x, y]`` (the matrix of the problem's function differentiated
twice, row i column j by the i-th then the j-th variable; ``true``: every variable in order) and
``hessian: {variables: [x, y], at: {x: 1, y: -1}}`` (its value at a point).

Its mistakes: the calculus models inside each entry, with the entry's own order (entry (1,2) is
∂²f/∂x∂y, so ∂²f/∂x² there is a variable differentiated twice), mixed entries that differ, the
gradient given for the Hessian, and right entries in the wrong places.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from grader import messages
from grader.diagnose.calculus import derivative_candidates
from grader.diagnose.engine import Context, derivative_candidates_by, matrix_findings, per_task, same_answer
from grader.diagnose.models import Candidate, Finding
from grader.kinds.base import Expected, Kind, Models, Reading, Role, Unbound
from grader.kinds.calculus import NAMES
from grader.kinds.own import at_point, differs, hessian_task, own_function
from grader.parse.answer import Value
from grader.parse.mathtext import expression_text, number_text, value_text
from grader.parse.matrix import Matrix
from grader.parse.vocabulary import canonical_name
from grader.reading.yamlio import LineMap
from grader.report.labels import gettext_for

if TYPE_CHECKING:
    from grader.exercise.model import Exercise, Problem, Task

POINT = {"type": "object", "additionalProperties": {"anyOf": [{"type": "number"}, {"type": "string"}]},
         "description": "the point, by variable: {x: 1, y: -1}"}
HESSIAN_KEYS = ("variables", "at")
# Per process, by function and variables: an exercise's variants share their functions (a
# constant term that varies changes no second derivative but is another function), bounded.
_HESSIANS: dict[tuple[sp.Expr, tuple[sp.Symbol, ...]], Matrix] = {}
MAX_HESSIANS = 2_000


# -- what a task asked, shared with the directional derivative --------------------------------
def read_point(given: Any, line: int, what: str, names: list[str],
               reading: Reading) -> tuple[sp.Expr, ...] | None:
    """``at: {x: 1, y: -1}``: a number (or an expression of the exercise's parameters) for each
    of the function's variables, in their order; None after reporting an error."""
    if not isinstance(given, dict):
        reading.error(line, f"{what}: 'at' takes a value for each variable, as "
                            f"{{{', '.join(f'{n}: 1' for n in names)}}}")
        return None
    by_name = {canonical_name(str(k)): (v, given.line_of(str(k)) if isinstance(given, LineMap) else line)
               for k, v in given.items()}
    unknown, missing = sorted(set(by_name) - set(names)), [n for n in names if n not in by_name]
    if unknown or missing:
        reading.error(line, f"{what}: 'at' needs a value for each of {', '.join(names)} and no other"
                            f"{'; missing ' + ', '.join(missing) if missing else ''}"
                            f"{'; unknown ' + ', '.join(unknown) if unknown else ''}")
        return None
    return read_numbers([by_name[n] for n in names], f"{what} at", reading)


def read_numbers(items: list[tuple[Any, int]], what: str, reading: Reading) -> tuple[sp.Expr, ...] | None:
    """Each (text, line) read as a teacher's number (parameters bound); None after an error."""
    values = []
    for text, line in items:
        value = reading.value(str(text), reading.vocabulary, line, what)
        if value is None:
            return None
        if isinstance(value, tuple) or value.free_symbols or not value.is_finite:
            reading.error(line, f"{what}: '{text}' is not a number")
            return None
        values.append(value)
    return tuple(values)


def asked(task: Task, name: str) -> Value | None:
    """What the task's key asked under ``name`` (``Expected.asked``), or None."""
    return next((value for key, value in task.asked if key == name), None)


def point_of(task: Task, problem: Problem) -> dict[sp.Symbol, sp.Expr] | None:
    point = asked(task, "at")
    if not isinstance(point, tuple):
        return None
    return dict(zip(problem.parameters, point, strict=True))


def point_text(problem: Problem, point: tuple[sp.Expr, ...], lang: str) -> str:
    """``at (x, y) = (1, 2)`` in ``lang``."""
    names = [p.name for p in problem.parameters]
    shown = [number_text(v) for v in point]
    if len(names) == 1:
        return f"{gettext_for(lang)('at')} {names[0]} = {shown[0]}"
    return f"{gettext_for(lang)('at')} ({', '.join(names)}) = ({', '.join(shown)})"


def unbound_point(given: Any, problem: Problem, unbound: Unbound) -> tuple[sp.Expr, ...] | None:
    """``at: {x: 1, y: b}`` read with the exercise's parameters left as symbols, in the order
    of the function's variables; None when it does not read so."""
    if not isinstance(given, dict):
        return None
    by_name = {canonical_name(str(k)): v for k, v in given.items()}
    names = [p.name for p in problem.parameters]
    if sorted(by_name) != sorted(names):
        return None
    return unbound.numbers([by_name[n] for n in names])


def symbolic_hessian(function: sp.Expr, symbols: tuple[sp.Symbol, ...]) -> Matrix:
    """The matrix of ∂²f/∂a∂b, expanded, worked out once per function and variables."""
    key = (function, symbols)
    matrix = _HESSIANS.get(key)
    if matrix is None:
        if len(_HESSIANS) >= MAX_HESSIANS:
            _HESSIANS.clear()
        matrix = Matrix.of_rows([[sp.expand(sp.diff(function, a, b)) for b in symbols] for a in symbols])
        _HESSIANS[key] = matrix
    return matrix


def _names_or_true(listed: Any, known: list[str]) -> bool:
    """``true``, a list of names, or one name: what 'variables' may be ('x, y' and [[x, y]] are not)."""
    if listed is True:
        return True
    if isinstance(listed, str):
        return canonical_name(listed) in known
    return isinstance(listed, list) and all(isinstance(v, str) for v in listed)


def entry_value(entry: sp.Expr) -> sp.Expr:
    """An entry at a point, simplified with its logarithms kept apart: ``sp.simplify``
    combines 6860·ln(26) into ln(26^6860), a number of 9,700 digits no one can read or print."""
    logs = {a: sp.Dummy(**a.assumptions0) for a in entry.atoms(sp.log)}
    if not logs:
        return sp.simplify(entry)
    return sp.simplify(entry.xreplace(logs)).xreplace({d: a for a, d in logs.items()})


def entry_models(order: tuple[str, ...], problem: Problem) -> list[Candidate]:
    """The calculus models of one second derivative that can be told from the right one and
    from each other for every variant: a constant kept at the first differentiation and lost at
    the second gives the right entry; for J = θ1⁴/4 + θ2²/5 the mixed entry's 'first derivative
    only' and 'constant kept' are one answer, which diagnosis names by the first."""
    assert problem.function is not None
    right = sp.diff(problem.function, *(problem.vocabulary.variables[n] for n in order))
    kept: list[Candidate] = []
    for candidate in derivative_candidates_by(order, problem):
        if all(sp.expand(candidate.value - other) != 0 for other in (right, *(c.value for c in kept))):
            kept.append(candidate)
    return kept


# -- mistakes of a whole matrix ----------------------------------------------------------------
def whole_matrix_finding(task: Task, given: Matrix, problem: Problem) -> Finding | None:
    """Every entry the same constant times the right one (2·H): one ``constant-factor`` for the
    matrix, as every sign flipped is one ``sign-slip``."""
    expected = task.expected
    assert isinstance(expected, Matrix)
    k = next((k for k, e in enumerate(expected) if e != 0), None)
    if k is None:
        return None
    values = zip(problem.probe.values(given[k]), problem.probe.values(expected[k]), strict=True)
    ratios = [g / e for g, e in values if g is not None and e is not None and abs(e) > 1e-9]
    if not ratios or abs(ratios[0].imag) > 1e-9:
        return None
    guess = Fraction(ratios[0].real).limit_denominator(12)
    if guess in (0, 1, -1):  # no factor, the right answer, or every sign flipped
        return None
    factor = sp.Rational(guess.numerator, guess.denominator)
    if not same_answer(task, given, Matrix((factor * e for e in expected), expected.columns), problem.probe):
        return None
    return Finding("constant-factor", (("factor", number_text(factor)),))


def evaluation_finding(task: Task, given: Value, problem: Problem) -> Finding | None:
    """The matrix at a point given where the function was asked (at the problem's start, or at
    the point another of its tasks asks), or the function given where its value at the task's
    point was asked."""
    expected = task.expected
    if not isinstance(expected, Matrix) or not isinstance(given, Matrix) or given.shape != expected.shape:
        return None
    names = ", ".join(p.name for p in problem.parameters)
    at = point_of(task, problem)
    if at is not None:
        if not any(g.free_symbols for g in given):
            return None
        filled = Matrix((g.xreplace(at) for g in given), given.columns)
        shown = ", ".join(number_text(v) for v in at.values())
        return Finding("not-evaluated", (("point", shown), ("variables", names))) \
            if same_answer(task, filled, expected, problem.probe) else None
    if any(g.free_symbols for g in given):
        return None
    for point in points_of(problem):
        here = dict(zip(problem.parameters, point, strict=True))
        value = Matrix((e.xreplace(here) for e in expected), expected.columns)
        if not any(v.free_symbols for v in value) and same_answer(task, given, value, problem.probe):
            return Finding("evaluated-at-point", (("point", ", ".join(number_text(v) for v in point)),
                                                  ("variables", names)))
    return None


def points_of(problem: Problem) -> list[tuple[sp.Expr, ...]]:
    """The points a problem names: its start and the points its tasks ask at, each once."""
    found = [problem.start] if problem.start is not None else []
    for task in problem.tasks:
        point = asked(task, "at")
        if isinstance(point, tuple) and point not in found:
            found.append(point)
    return found


# -- the Hessian ------------------------------------------------------------------------------
class Hessian(Kind):
    name = "hessian"
    schema: ClassVar[dict[str, Any]] = {"anyOf": [
        {"const": True}, NAMES,
        {"type": "object", "properties": {"variables": {"anyOf": [{"const": True}, NAMES]}, "at": POINT},
         "additionalProperties": False}]}
    role = Role.HESSIAN
    coinciding_numbers_warn = True

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        if reading.function is None:
            if not reading.function_failed:
                reading.error(line, "a hessian task needs the problem's 'function'")
            return None
        settings = given if isinstance(given, dict) else {"variables": given}
        names = self.variables(settings, line, reading)
        if names is None:
            return None
        known = [p.name for p in reading.parameters]
        symbols = [reading.vocabulary.variables[n] for n in names]
        matrix = symbolic_hessian(reading.function, tuple(symbols))
        lang, listed_names = reading.lang, ("variables", ", ".join(names))
        if "at" not in settings:
            return Expected(matrix, False, tuple(names),
                            prompt=messages.render("prompt-hessian", (listed_names,), lang))
        at_line = settings.line_of("at") if isinstance(settings, LineMap) else line
        point = read_point(settings["at"], at_line, "hessian", known, reading)
        if point is None:
            return None
        here = dict(zip(reading.parameters, point, strict=True))
        values = Matrix((entry_value(e.xreplace(here)) for e in matrix), matrix.columns)
        undefined = [k for k, v in enumerate(values) if not v.is_finite]
        if undefined:
            k = undefined[0]
            reading.error(at_line, f"hessian at ({', '.join(number_text(v) for v in point)}): entry "
                                   f"({values.position(k)}), {expression_text(matrix[k])}, is not defined "
                                   f"there; choose another point")
            return None
        shown = ("point", ", ".join(number_text(v) for v in point))
        prompt = messages.render("prompt-hessian-at", (listed_names, shown), lang)
        return Expected(values, True, tuple(names), asked=(("at", point),), prompt=prompt)

    def variables(self, settings: dict[str, Any], line: int, reading: Reading) -> list[str] | None:
        """The variables the Hessian is taken by (all, unless listed); None after an error."""
        extra = sorted(str(k) for k in settings if k not in HESSIAN_KEYS)
        if extra:
            reading.error(line, f"hessian: unknown key(s) {', '.join(extra)}; "
                                f"it takes {', '.join(HESSIAN_KEYS)}")
            return None
        known = [p.name for p in reading.parameters]
        listed = settings.get("variables", True)
        if not _names_or_true(listed, known):
            reading.error(line, f"hessian takes true (every variable) or a list of the function's variables "
                                f"([{', '.join(known)}]), alone or as {{variables: [...], at: {{...}}}}")
            return None
        names = known if listed is True else \
            [canonical_name(str(v)) for v in (listed if isinstance(listed, list) else [listed])]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            reading.error(line, f"hessian lists {', '.join(twice)} more than once; list each variable once")
            return None
        unknown = [n for n in names if n not in known]
        if unknown or not names:
            reading.error(line, f"hessian over unknown variable(s) {', '.join(unknown) or '(none)'}; "
                                f"the function has {', '.join(known)}")
            return None
        if len(names) < 2:  # a 1×1 matrix is no answer a student can write (it reads as a number)
            reading.error(line, f"a hessian needs two or more variables; for f'' by {names[0]} "
                                f"ask derivative: [{names[0]}, {names[0]}]")
            return None
        return names

    def derivative_order(self, task: Task, component: int | None) -> tuple[str, ...]:
        if component is None:
            return ()
        row, column = divmod(component, len(task.variables))
        return task.variables[row], task.variables[column]

    # -- follow-through ------------------------------------------------------------------------
    def depends_on(self, task: Task, exercise: Exercise) -> tuple[Task, ...]:
        """At a point: the student's symbolic Hessian by the same variables, which they evaluate."""
        if asked(task, "at") is None:
            return ()
        symbolic = hessian_task(exercise.problem(task.problem), task.variables)
        return () if symbolic is None else (symbolic,)

    def carried(self, task: Task, given: Value, context: Context) -> bool:
        """At a point: the student's own (wrong) symbolic Hessian evaluated there."""
        problem = context.problem
        point = asked(task, "at")
        expected = task.expected
        if not isinstance(point, tuple) or not isinstance(given, Matrix) or not isinstance(expected, Matrix) \
                or given.shape != expected.shape:
            return False
        own = own_function(context, next(iter(self.depends_on(task, context.exercise)), None), problem)
        there = at_point(own, problem, point) if own is not None else None
        return there is not None and len(there) == len(given) and differs(there, expected, task) and \
            not differs(given, there, task)

    # -- mistakes ------------------------------------------------------------------------------
    def matrix_findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        problem, expected = context.problem, task.expected
        at = point_of(task, problem)
        if self.is_gradient(task, given, problem, at):
            return [Finding("gradient-for-hessian", self.naming(task, problem))]
        if self.is_diagonal(task, given, problem, at):
            return [Finding("hessian-diagonal-only", self.naming(task, problem))]
        evaluated = evaluation_finding(task, given, problem)
        if evaluated is not None:
            return [evaluated]
        if not isinstance(given, Matrix) or not isinstance(expected, Matrix) or given.shape != expected.shape:
            return matrix_findings(task, given, problem, context)
        moved = self.moved_entries(task, given, problem)
        if moved:
            return [Finding("entries-swapped", (("moved", moved), *self.naming(task, problem)))]
        whole = whole_matrix_finding(task, given, problem)
        if whole is not None:
            return [whole]
        unequal = self.unequal_mixed_entries(task, given, problem)
        found = [Finding("hessian-asymmetric", (("pairs", unequal), *self.naming(task, problem)))] \
            if unequal else []
        zeroed = self.zeroed_mixed_entries(task, given, problem)
        if zeroed:
            found.append(self.mixed_term_finding(task, given, problem, zeroed))
            given = Matrix((expected[k] if k in zeroed else g for k, g in enumerate(given)), given.columns)
        return found + matrix_findings(task, given, problem, context,
                                       lambda k: self.derivative_order(task, k), at)

    def naming(self, task: Task, problem: Problem) -> tuple[tuple[str, str], ...]:
        """The function's name and the first two variables, for the messages' ∂²f/∂x∂y."""
        return (("name", problem.function_name or "f"), ("a", task.variables[0]), ("b", task.variables[1]))

    def is_gradient(self, task: Task, given: Value, problem: Problem,
                    at: Mapping[sp.Symbol, sp.Expr] | None) -> bool:
        """The first derivatives, as a vector or a one-column (or one-row) matrix."""
        if not isinstance(given, tuple) or len(given) != len(task.variables):
            return False
        gradient = per_task(task, problem, "gradient", lambda: self.gradient(task, problem, at))
        return same_answer(task, tuple(given), gradient, problem.probe)

    def gradient(self, task: Task, problem: Problem,
                 at: Mapping[sp.Symbol, sp.Expr] | None) -> tuple[sp.Expr, ...]:
        """The first derivatives in the task's variables (at the task's point, when it has one)."""
        assert problem.function is not None
        named = problem.vocabulary.variables
        gradient = tuple(sp.diff(problem.function, named[n]) for n in task.variables)
        return gradient if at is None else tuple(g.xreplace(dict(at)) for g in gradient)

    def is_diagonal(self, task: Task, given: Value, problem: Problem,
                    at: Mapping[sp.Symbol, sp.Expr] | None) -> bool:
        """The diagonal alone, ∂²f/∂x², ∂²f/∂y², …, as a vector: (6w, 6) for [[6w, −6], [−6, 6]]."""
        if not isinstance(given, tuple) or len(given) != len(task.variables) or \
                (isinstance(given, Matrix) and 1 not in given.shape):
            return False
        assert problem.function is not None
        named = problem.vocabulary.variables
        diagonal = tuple(sp.diff(problem.function, named[n], named[n]) for n in task.variables)
        if at is not None:
            diagonal = tuple(d.xreplace(dict(at)) for d in diagonal)
        return same_answer(task, tuple(given), diagonal, problem.probe)

    def moved_entries(self, task: Task, given: Matrix, problem: Problem) -> str:
        """The positions of right entries standing in the wrong place (the diagonal swapped),
        when every entry is one of the right ones; "" otherwise."""
        expected = task.expected
        assert isinstance(expected, Matrix)
        unused = list(range(len(expected)))
        for entry in given:
            match = next((j for j in unused if same_answer(task, entry, expected[j], problem.probe)), None)
            if match is None:
                return ""
            unused.remove(match)
        return ", ".join(f"({given.position(k)})" for k in range(len(given))
                         if not same_answer(task, given[k], expected[k], problem.probe))

    def unequal_mixed_entries(self, task: Task, given: Matrix, problem: Problem) -> str:
        """The pairs of mixed entries that differ: ∂²f/∂x∂y = ∂²f/∂y∂x for these functions."""
        rows, _ = given.shape
        pairs = [(i * rows + j, j * rows + i) for i in range(rows) for j in range(i + 1, rows)]
        return ", ".join(f"({given.position(a)}) ≠ ({given.position(b)})" for a, b in pairs
                         if not same_answer(task, given[a], given[b], problem.probe))

    def zeroed_mixed_entries(self, task: Task, given: Matrix, problem: Problem) -> list[int]:
        """The mixed entries given as 0 where the right one is not: a term with both variables
        taken for a constant."""
        expected = task.expected
        assert isinstance(expected, Matrix)
        return [k for k, (g, e) in enumerate(zip(given, expected, strict=True))
                if len(set(self.derivative_order(task, k))) == 2 and g == 0
                and not same_answer(task, e, sp.Integer(0), problem.probe)]

    def mixed_term_finding(self, task: Task, given: Matrix, problem: Problem, zeroed: list[int]) -> Finding:
        """``mixed-term-as-constant``, naming the terms that hold both variables of the first
        entry given as 0."""
        assert problem.function is not None
        a, b = self.derivative_order(task, zeroed[0])
        named = problem.vocabulary.variables
        terms = [t for t in sp.Add.make_args(sp.expand(problem.function))
                 if t.has(named[a]) and t.has(named[b])]
        entries = ", ".join(f"({given.position(k)})" for k in zeroed)
        return Finding("mixed-term-as-constant",
                       (("entries", entries), ("term", ", ".join(expression_text(t) for t in terms)),
                        ("name", problem.function_name or "f"), ("a", a), ("b", b),
                        *((("variant", "one"),) if len(zeroed) == 1 else ())))

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        """Each entry on or above the diagonal wrong in the ways of its own derivative."""
        expected, problem = task.expected, context.problem
        if not isinstance(expected, Matrix):
            return []
        at = point_of(task, problem)
        rows, _ = expected.shape
        found = []
        for k in (i * rows + j for i in range(rows) for j in range(i, rows)):
            for candidate in entry_models(self.derivative_order(task, k), problem):
                value = candidate.value.xreplace(at) if at is not None else candidate.value
                entries = list(expected)
                entries[k] = value
                found.append(Candidate(candidate.code, Matrix(entries, expected.columns),
                                       (*candidate.params, ("entry", expected.position(k)))))
        return found

    def symbolic_models(self, task: Task, problem: Problem, function: sp.Expr,
                        unbound: Unbound) -> Models | None:
        """The right matrix and each entry on or above the diagonal wrong in the ways of its
        own derivative, as ``mistake_models`` makes them, at the point when one is asked."""
        order = tuple(problem.vocabulary.variables[n] for n in task.variables)
        here: dict[sp.Symbol, sp.Expr] = {}
        if asked(task, "at") is not None:
            settings = unbound.given(task.id, self.name)
            at = settings.get("at") if isinstance(settings, dict) else None
            point = unbound_point(at, problem, unbound)
            if point is None:
                return None
            here = dict(zip(problem.parameters, point, strict=True))

        def there(value: sp.Expr) -> sp.Expr:
            return sp.expand(value.xreplace(here))

        right = tuple(there(sp.diff(function, a, b)) for a in order for b in order)
        found: list[tuple[str, tuple[sp.Expr, ...]]] = [("", right)]
        size = len(order)
        for k in (i * size + j for i in range(size) for j in range(i, size)):
            row, column = divmod(k, size)
            for candidate in derivative_candidates(function, (order[row], order[column]), problem.parameters):
                found.append((candidate.code, right[:k] + (there(candidate.value),) + right[k + 1:]))
        return tuple(found)

    # -- showing -------------------------------------------------------------------------------
    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        """The first derivatives, each second derivative, the matrix, and its value at the point."""
        function = problem.function
        if function is None:
            return ()
        name = problem.function_name or "f"
        named = problem.vocabulary.variables
        lines = [f"∂{name}/∂{n} = {expression_text(sp.diff(function, named[n]))}" for n in task.variables]
        for k, (a, b) in enumerate((a, b) for a in task.variables for b in task.variables):
            if k // len(task.variables) <= k % len(task.variables):  # the mixed ones once
                label = f"∂²{name}/∂{a}²" if a == b else f"∂²{name}/∂{a}∂{b}"
                lines.append(f"{label} = {expression_text(sp.expand(sp.diff(function, named[a], named[b])))}")
        symbolic = Matrix.of_rows([[sp.expand(sp.diff(function, named[a], named[b])) for b in task.variables]
                                   for a in task.variables])
        lines.append(f"H = {value_text(symbolic, False)}")
        point = asked(task, "at")
        if isinstance(point, tuple):
            lines.append(f"H {point_text(problem, point, lang)}: {task.expected_text}")
        return tuple(lines)

    def component_names(self, task: Task, problem: Problem) -> tuple[str, ...]:
        name = problem.function_name or "f"
        return tuple(f"∂²{name}/∂{a}∂{b}" for a in task.variables for b in task.variables)
