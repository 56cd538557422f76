"""Which piece of a student's notes answers which task of the exercise (docs/notes.md).

- A problem is found by its function, not its number: ``Z(x,y) = x^4 + …``, ``J(θ) = …``,
  ``\\sigma(z) = …``, ``Z = …`` (its name, no arguments) or a labelled expression
  (``kostenfunctie: 3θ^2``) is compared with every problem's function by the checking
  machinery, so any notation and any order works. Pieces after it belong to that problem
  until the next function.
- Within a problem, a piece is attached by what its math names (``\\frac{\\partial Z}{\\partial
  x} =``, ``∂Z/∂x =``, ``Z_{xy} =``, ``J'(θ) =``, ``∇J =``; ``∇J(2, -1) =`` is a slope; ``θ =``,
  ``θ ←``, ``θ :=``, a ``pmatrix`` of the parameters: the next step; ``θ^{(k)} =``: step k), by a
  derivative named just before it (``∂Z/∂x: $…$``, a table row, ``naar $x$: $…$``), and only
  then by its label (``afgeleide``/``derivative``, ``helling``/``slope``, ``update``, ``mixed``).
  Two labelled equations in one display (``∂Z/∂x = … \\qquad ∂Z/∂y = …``) are two pieces.
- In a Newton section (words that name Newton before a piece or its function, the rule
  ``x_{n+1} = x_n − f'(x_n)/f''(x_n)``; throughout a problem that asks Newton steps and no descent
  steps) ``θ^{(k)} =``, ``x_k =`` and ``θ =`` are Newton's iterates, the rule is working.
- Givens are no answers: a start and a learning rate, also in a sentence, are checked against
  the exercise; ``θ = 1.6`` that only restates the last value is no step; a rule line
  (``θ = θ − α∇J``) is working, and the values worked after it the steps (``notesteps``).
  Names in a sentence (``differentiate $Z_x$ with respect to $y$``) answer nothing, but the
  math after its "this gives" answers what it worked out.
- A task with two candidates found alike, or a piece that could answer two tasks, is graded by
  nobody: the task is ``ambiguous`` and flagged for review, with each candidate once. A piece
  the math names beats one found only by the words before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import sympy as sp

from grader.checking.equivalence import Equivalence, equivalent
from grader.exercise import Exercise, Problem, Task
from grader.exercise.reader import SIGNATURE
from grader.kinds import Role, derivatives_of, in_role, kind_of, role_of
from grader.parse import ParseError, read_answer
from grader.parse.answer import top_level_spans
from grader.reading.notenames import (
    POINT,
    at_a_point,
    canonical,
    derivative_order,
    named_by_label,
    second_order_role,
    subscript_order,
    variable_in_words,
)
from grader.reading.notes import ARROW, ASSIGNED, Notes, Piece, Sentence
from grader.reading.notesteps import (
    DERIVATIVE_WORDS,
    NEWTON_WORDS,
    SLOPE_WORDS,
    State,
    check_number,
    enter_section,
    given_start,
    is_parameters,
    labelled_start,
    more_working,
    newton_rule,
    newton_statement,
    next_task,
    parameter_statement,
    value_of,
)
from grader.results.model import Message

FUNCTION_WORDS = ("kostenfunctie", "kostenfunktion", "kosten", "cost", "function", "functie", "funktion")
BY_WORDS = ("naar", "to", "wrt", "w.r.t.")  # afgeleide naar $x$, with respect to $y$
MIXED_WORDS = ("mixed", "gemengd")
HESSIAN_WORDS = ("hessian", "hessiaan", "hesse")
DIRECTIONAL_WORDS = ("directional", "richtingsafgeleide", "richtingsafgeleid")
EIGENVALUE_WORDS = ("eigenvalue", "eigenwaarde")
STATIONARY_WORDS = ("stationary", "stationair", "critical point", "kritiek punt", "kritieke punt")
# the words of a role, in the order they are looked for: "eigenvalues of the Hessian" names eigenvalues
ROLE_WORDS = ((Role.EIGENVALUES, EIGENVALUE_WORDS), (Role.STATIONARY, STATIONARY_WORDS),
              (Role.HESSIAN, HESSIAN_WORDS), (Role.DIRECTIONAL, DIRECTIONAL_WORDS))
# commands that are no letters of an answer (\theta is one)
LATEX_WORD = re.compile(r"\\(?:begin|end)\{[A-Za-z*]*\}|\\(?:d?frac|cdot|times|left|right|sqrt|q?quad)")
# the words before a sentence's result: "…: this gives $…$", "dit levert $…$"
RESULT = re.compile(r"\b(?:gives|geeft|yields|get|krijg(?:en)?(?: ik| we| je)?|levert(?: op)?|results? in)"
                    r"\W*$")
UPDATE_WORDS = ("update", "stap", "step", "iteratie", "iteration", "repeat", "herhaal")
AT_END = re.compile(r"\b(?:in|at|bij|op)\s*$")  # the words before a point, not an answer
DESCENT_METHOD = re.compile(r"gradi[eë]nt[\s-]*(?:descent|daling|afdaling)")
RATE_WORDS = ("learning rate", "leersnelheid", "stapgrootte", "step size")
RATE = re.compile(r"^\s*(?:lr|Lr|LR|\\alpha|α|\\eta|η|learning\s*rate)\s*=\s*(.+)$")
SEPARATED = re.compile(r"[\s|:=→,]*")  # what stands between a name and its value in a table row
GREEK_NAME = re.compile(r"^\s*\\([A-Za-z]+)(?=\s*\()")  # \sigma(z) = …: the name σ
BETWEEN = re.compile(r"[,;]?\s*\\q?quad(?![A-Za-z])|,\s*\\ |;")  # between two equations in one display


@dataclass(frozen=True)
class Found:
    """A task's answer as found: where, and the text taken."""

    task: str
    where: str
    text: str


@dataclass(frozen=True)
class NoteMapping:
    found: tuple[Found, ...]                            # one per task answered, in task order
    ambiguous: tuple[tuple[str, tuple[Found, ...]], ...]  # task -> every candidate, once
    unused: tuple[Piece, ...]                           # math that answers nothing
    warnings: tuple[Message, ...]
    missing: tuple[tuple[str, Message], ...] = ()       # task -> why the notes' words answer it not

    @property
    def answers(self) -> dict[str, str]:
        return {f.task: f.text for f in self.found}


def map_notes(exercise: Exercise, notes: Notes) -> NoteMapping:
    state = State()
    candidates: dict[str, list[Found]] = {}
    shared: dict[str, list[Found]] = {}  # task -> pieces that might be it or another task
    unused: list[Piece] = []
    warnings = list(notes.warnings)
    named: set[Found] = set()  # found by what the math itself says, not by the words before it
    problems: list[Problem | None] = [None]  # the problem the notes are in after each whole piece
    for whole in notes.pieces:
        for piece in _labelled_parts(whole, state):
            enter_section(piece.heading, state)
            classified = _classify(exercise, piece, state, warnings)
            tasks, text = classified if classified is not None else _by_label(piece, state)
            if not tasks:
                if text is None:
                    unused.append(piece)
                continue
            state.goal = None  # what a sentence worked out is answered: naar $x$: …, naar $y$: …
            found_here = [Found(task.key, piece.where, text or "") for task in tasks]
            if classified is not None:
                named.update(found_here)
            for one in found_here:
                (shared if len(tasks) > 1 else candidates).setdefault(one.task, []).append(one)
        problems.append(state.problem)
    worded, missing = _in_words(exercise, notes, problems, {*candidates, *shared})
    for one in worded:
        candidates.setdefault(one.task, []).append(one)
    found, ambiguous = [], []
    for task in exercise.tasks:
        mine, others = candidates.get(task.key, []), shared.get(task.key, [])
        sure = [f for f in mine if f in named]
        if len(sure) == 1 and not any(f in named for f in others):
            found.append(sure[0])  # "the inner derivative $6x$" beside $f'(x) = …$ is no rival
        elif len(mine) == 1 and not others:
            found.append(mine[0])
        elif mine or others:
            every = [*mine, *others]
            ambiguous.append((task.key, tuple(sorted(set(every), key=every.index))))
    return NoteMapping(tuple(found), tuple(ambiguous), tuple(unused), tuple(warnings), missing)


def _in_words(exercise: Exercise, notes: Notes, problems: list[Problem | None], taken: set[str]
              ) -> tuple[list[Found], tuple[tuple[str, Message], ...]]:
    """Answers the words of a sentence give (``Beide positief, dus een minimum.``), for tasks
    whose kind answers in words and that no math answers: a sentence in the problem's part of
    the notes. Of several such tasks, a sentence naming a point (``In $(0,0)$ een
    zadelpunt``) answers the one at that point, and one naming none the one task left; a
    task two sentences answer differently is ambiguous. A task none answers gets its kind's
    note."""
    open_tasks = [t for t in exercise.tasks if t.key not in taken and kind_of(t).words_not_found]
    found: list[Found] = []
    pointless: dict[str, list[tuple[Sentence, str]]] = {}  # problem -> sentences naming no point
    for sentence in notes.sentences:
        problem = problems[min(sentence.after, len(problems) - 1)]
        tasks = [t for t in open_tasks if problem is not None and t in problem.tasks]
        answers = [(t, word) for t in tasks if (word := kind_of(t).answer_in_words(sentence.words, t))]
        if not answers or problem is None:
            continue
        points = [p for p in (value_of(m, problem, exercise, numbers=True) for m in sentence.math)
                  if isinstance(p, tuple)]
        if points:
            at = [(t, w) for t, w in answers if any(_same_point(kind_of(t).at_point(t), p) for p in points)]
            if len(at) == 1:
                found.append(Found(at[0][0].key, sentence.where, at[0][1]))
        elif len(tasks) == 1:
            found.append(Found(answers[0][0].key, sentence.where, answers[0][1]))
        else:
            pointless.setdefault(problem.id, []).append((sentence, answers[0][1]))
    for problem_id, sentences in pointless.items():
        left = [t for t in open_tasks if t in exercise.problem(problem_id).tasks and
                not any(f.task == t.key for f in found)]
        if len(left) == 1:
            found += [Found(left[0].key, sentence.where, word) for sentence, word in sentences]
    unique: dict[tuple[str, str], Found] = {}
    for one in found:
        unique.setdefault((one.task, one.text), one)  # a word said twice is one answer, the first
    found = list(unique.values())
    answered = {f.task for f in found}
    missing = tuple((t.key, Message(code)) for t in open_tasks
                    if t.key not in answered and (code := kind_of(t).words_not_found) is not None)
    return found, missing


def _same_point(point: tuple[sp.Expr, ...] | None, other: tuple[sp.Expr, ...]) -> bool:
    return point is not None and len(point) == len(other) and \
        all(sp.simplify(a - b) == 0 for a, b in zip(point, other, strict=True))


def _labelled_parts(piece: Piece, state: State) -> list[Piece]:
    """``∂Z/∂x = … \\qquad ∂Z/∂y = …`` (or ``,\\ ``, ``;`` between them): one piece per
    equation when each names a derivative on its own left side; else the piece as it is."""
    problem = state.problem
    if problem is None:
        return [piece]
    parts, depth, start, at = [], 0, 0, 0
    while at < len(piece.math):
        found = BETWEEN.match(piece.math, at) if depth == 0 else None
        if found is not None:
            parts.append(piece.math[start:at])
            start = at = found.end()
            continue
        depth += (piece.math[at] in "([{") - (piece.math[at] in ")]}")
        at += 1
    parts.append(piece.math[start:])
    parts = [part for part in (part.strip().rstrip(",").strip() for part in parts) if part]
    if len(parts) < 2 or not all(_names_a_derivative(part, problem) for part in parts):
        return [piece]
    return [replace(piece, math=part, label=piece.label if k == 0 else "") for k, part in enumerate(parts)]


def _names_a_derivative(math: str, problem: Problem) -> bool:
    sides = split_top(math)
    return len(sides) > 1 and (derivative_order(sides[0], problem) is not None or
                               subscript_order(sides[0], problem) is not None)


# -- what a piece is -------------------------------------------------------------------------
def _classify(exercise: Exercise, piece: Piece, state: State,
              warnings: list[Message]) -> tuple[list[Task], str | None] | None:
    """The tasks a piece answers by what its math says and the text to grade; ([], "") for a
    piece that was used (a function, a start, a learning rate), ([], None) for one that
    answers nothing, None when only the words before it can tell."""
    math = _assignments_as_equations(piece.math)
    before, state.named = state.named, None
    label = piece.label.casefold()
    if math.startswith("\\text"):
        return [], None  # a remark or a definition in words (\text{met } h(x) = …)
    sides = split_top(math)
    function = _function_statement(math, sides, label)
    if function is None and _names_a_function(sides, exercise):
        problem = _problem_of(exercise, sides[1], state)  # For $Z = x^3 + …$: Z without (x, y)
        if problem is not None:
            state.problem = problem
            return [], ""
    if function is not None:
        problem = _problem_of(exercise, function, state)
        if problem is None and state.problem is not None and second_order_role(sides[0]) is not None:
            function = None  # H(-2, 3) = [[…]]: the Hessian at a point, not a function H
        else:
            state.problem = problem  # None: notes of another exercise follow, until the next function
            if problem is not None and any(word in label for word in NEWTON_WORDS):
                state.newton.add(problem.id)  # Newton voor $J(θ) = …$: its section begins
            return [], "" if problem is not None else None
    problem = state.problem
    if problem is None:
        return [], "" if newton_rule(sides, state) else None  # the method's rule, before an example
    rate = RATE.match(math) or (RATE.match(f"lr = {math}") if any(word in label for word in RATE_WORDS) or
                                label.rstrip(": ").endswith("lr") else None)
    if rate is not None and problem.descent is not None:
        check_number(rate.group(1), problem.descent.learning_rate, problem, exercise, piece,
                      "learning rate", warnings)
        return [], ""
    role = second_order_role(sides[0]) if len(sides) > 1 else None
    if role in (Role.EIGENVALUES, Role.STATIONARY) and not in_role(problem, role):
        role = None  # θ^* = …, λ = … in a problem that asks neither: read as they were before
    if role is Role.EIGENVALUES:  # λ_1 = 3, λ_2 = 5: the labels read with the answer
        return _second_order_tasks(problem, role, sides), math
    if role is not None:  # H = \begin{pmatrix} … \end{pmatrix}, \nabla^2 J = …, D_u f(1, 2) = …, x^* = …
        tasks = _at_the_point(_second_order_tasks(problem, role, sides), sides[0], problem, exercise)
        return tasks, " = ".join(sides[1:]) if tasks else ""
    order = derivative_order(sides[0], problem) if len(sides) > 1 else None
    if order is None and len(sides) > 1:
        order = subscript_order(sides[0], problem)
    if order is not None:
        if at_a_point(sides[0]):  # ∇J(2, -1) = (4, -6), J'(4) = 24: a slope, or working
            return next_task(problem, Role.SLOPE, state.slopes), " = ".join(sides[1:])
        if not order and len(sides) == 2 and _zero(sides[1], problem, exercise):
            return [], ""  # ∇J = 0 geeft …: the gradient set to 0, working towards a stationary point
        return _derivative_tasks(problem, order), " = ".join(sides[1:])
    newton = newton_statement(problem, exercise, piece, sides, label, state, warnings)
    if newton is not None:
        return newton
    if len(sides) > 1 and problem.descent is not None and is_parameters(sides[0], problem, exercise):
        return parameter_statement(problem, exercise, piece, sides, label, state, warnings)
    if problem.descent is not None and problem.id in state.ruled:
        # the working after a rule line (θ = θ − α∇J so (2 − 0.1·4, …) = …) is the next step
        state.ruled.discard(problem.id)
        if value_of(sides[-1], problem, exercise, numbers=True) is not None:
            state.ruling.add(problem.id)
            return next_task(problem, Role.ITERATE, state.steps), math
    if problem.descent is not None and problem.id in state.ruling and \
            more_working(sides, label, problem, exercise):
        return next_task(problem, Role.ITERATE, state.steps), math  # Then $(2.4 + 0.1 \cdot 4.8, …) = …$
    if len(sides) == 1 and problem.descent is not None and labelled_start(label) and \
            not any(word in label for word in (*HESSIAN_WORDS, *DIRECTIONAL_WORDS)) and \
            problem.id not in state.started and value_of(math, problem, exercise, numbers=True) is not None:
        return given_start(problem, exercise, piece, math, state, warnings)  # start $(2, -1)$
    derivative = named_by_label(math, problem)
    variable = None if derivative is not None else _variable_named(math, label, problem, exercise)
    order = derivative if derivative is not None else variable
    if order is not None:  # | $\partial Z/\partial x$ | $4x^3$ |, afgeleide naar $x$: $4x^3$
        state.named = (piece.where, order)
        state.goal = _goal(piece.line, derivative, variable, state.goal)
        return [], None  # "differentiate $Z_x$ with respect to $y$": names, no answer
    if len(sides) == 1 and state.goal is not None and state.goal[0] == piece.line and RESULT.search(label):
        return _derivative_tasks(problem, state.goal[1]), math  # …: this gives $\cos(xy) - …$
    mixed = any(word in label for word in MIXED_WORDS)  # "mixed, first w.r.t. x then y" names no x
    named = None
    if len(sides) == 1:
        named = named_by_label(piece.label, problem)
        if named is None and not mixed:
            named = variable_in_words(piece.label, problem)
    if named is None and len(sides) == 1 and before is not None and before[0] == piece.where \
            and SEPARATED.fullmatch(piece.label):  # eerst naar $x$ en dan naar $y$: $…$ is Z_xy
        named = state.goal[1] if state.goal is not None and state.goal[0] == piece.line else before[1]
    if named is not None:  # - ∂Z/∂x: $4x^3 + 3x^2y^2$
        return _derivative_tasks(problem, named), math
    return None


def _goal(line: int, derivative: tuple[str, ...] | None, variable: tuple[str, ...] | None,
          goal: tuple[int, tuple[str, ...]] | None) -> tuple[int, tuple[str, ...]]:
    """What a sentence works out: the derivative it names, or the one named before on its line
    (or the line before: a sentence wraps) differentiated once more by a variable named in words
    (``differentiate $Z_x$ with respect to $y$``: Z_xy)."""
    if derivative is not None:
        return line, derivative
    assert variable is not None
    return line, (goal[1] + variable) if goal is not None and line - 1 <= goal[0] <= line else variable


def _by_label(piece: Piece, state: State) -> tuple[list[Task], str | None]:
    """What the words before a piece say it answers (``helling``, ``afgeleide``, ``update``)."""
    problem, label = state.problem, piece.label.casefold()
    if problem is None:
        return [], None
    label = DESCENT_METHOD.sub(" ", label)  # "een stap gradient descent": a step, no gradient
    if any(word in label for word in SLOPE_WORDS):
        return next_task(problem, Role.SLOPE, state.slopes), piece.math
    mixed = [t for t in in_role(problem, Role.DERIVATIVE) if len(t.variables) == 2]
    if mixed and any(word in label for word in MIXED_WORDS):  # mixed: $…$, de gemengde afgeleide: $…$
        return mixed, piece.math
    for role, words in ROLE_WORDS:
        if any(word in label for word in words) and not AT_END.search(label):
            # before 'afgeleide': de richtingsafgeleide: $…$; "Hessiaan in $(-2, 3)$" names a point
            return _second_order_tasks(problem, role, [piece.math]), piece.math
    if any(word in label for word in DERIVATIVE_WORDS):
        return [t for t in derivatives_of(problem) if len(t.variables) <= 1 or role_of(t) is Role.GRADIENT], \
            piece.math
    if any(word in label for word in UPDATE_WORDS) and problem.descent is not None:
        return next_task(problem, Role.ITERATE, state.steps), piece.math
    return [], None


def _second_order_tasks(problem: Problem, role: Role, sides: list[str]) -> list[Task]:
    """The problem's tasks in ``role``; of several, those at a point when the left side names
    one (``H(1, 2) =``) or the answer has no letters (``H = [[36, 12], [12, 162]]``), the
    others when it has."""
    tasks = in_role(problem, role)
    if len(tasks) < 2:
        return tasks
    answer = LATEX_WORD.sub("", sides[-1])
    numbers = (len(sides) > 1 and at_a_point(sides[0])) or not re.search(r"[^\W\d_]", answer)
    chosen = [t for t in tasks if t.numeric == numbers]
    return chosen or tasks


def _at_the_point(tasks: list[Task], left: str, problem: Problem, exercise: Exercise) -> list[Task]:
    """Of the tasks, those at the point the left side names (``H(2, 2) =``); a task at another
    point is not answered there. All of them when the left side names no point."""
    found = POINT.search(left) if at_a_point(left) else None
    point = value_of(f"({found.group(1)})", problem, exercise, numbers=True) if found is not None else None
    if point is None:
        return tasks
    here = point if isinstance(point, tuple) else (point,)
    return [t for t in tasks if kind_of(t).at_point(t) is None or _same_point(kind_of(t).at_point(t), here)]


def _zero(text: str, problem: Problem, exercise: Exercise) -> bool:
    """``0``, ``(0, 0)``, ``\vec 0``: nothing but zeros."""
    value = value_of(text, problem, exercise, numbers=True)
    if value is None:
        return False
    return all(v == 0 for v in (value if isinstance(value, tuple) else (value,)))


def _assignments_as_equations(math: str) -> str:
    """``θ := …`` and ``θ \\leftarrow …`` state what θ becomes, as ``θ = …`` does."""
    math = math.replace(":=", "=")
    arrow = ARROW.search(math)
    if arrow is not None and ASSIGNED.fullmatch(math[:arrow.start()]):
        math = f"{math[:arrow.start()].rstrip()} = {math[arrow.end():].lstrip()}"
    return math


def _function_statement(math: str, sides: list[str], label: str) -> str | None:
    """The function's right side, when the piece states a function (``J(θ) = …`` read as an
    exercise file's ``function`` is read, ``\\sigma(z) = …`` too, or an expression labelled as
    a cost function)."""
    signature = SIGNATURE.match(GREEK_NAME.sub(r"\1", math, count=1))
    if len(sides) == 2 and signature is not None:
        return signature.group(3).strip()
    if len(sides) == 1 and any(word in label for word in FUNCTION_WORDS):
        return sides[0]
    return None


def _names_a_function(sides: list[str], exercise: Exercise) -> bool:
    """``Z = …`` whose left side is a problem's function name, written without its arguments."""
    names = {canonical(p.function_name) for p in exercise.problems if p.function_name}
    return len(sides) == 2 and canonical(sides[0].strip()) in names


def _problem_of(exercise: Exercise, text: str, state: State) -> Problem | None:
    matches = []
    for problem in exercise.problems:
        if problem.function is None:
            continue
        try:
            value = read_answer(text, problem.vocabulary, exercise.limits).value
        except ParseError:
            continue
        if not isinstance(value, tuple) and \
                equivalent(value, problem.function, problem.probe) is Equivalence.EQUAL:
            matches.append(problem)
    fresh = [p for p in matches if p.id not in state.used]  # the same function twice: in turn
    if not (fresh or matches):
        return None
    chosen = (fresh or matches)[0]
    state.used.add(chosen.id)
    return chosen


def _derivative_tasks(problem: Problem, order: tuple[str, ...]) -> list[Task]:
    if not order:  # ∇J, J'(θ): the gradient, or the one first derivative
        gradients = in_role(problem, Role.GRADIENT)
        return gradients or [t for t in derivatives_of(problem) if len(t.variables) == 1]
    derivatives = in_role(problem, Role.DERIVATIVE)
    exact = [t for t in derivatives if t.variables == order]
    # ∂²Z/∂x∂y: which is first is written either way; for these functions both agree
    return exact or [t for t in derivatives if sorted(t.variables) == sorted(order)]


def _variable_named(math: str, label: str, problem: Problem, exercise: Exercise) -> tuple[str, ...] | None:
    """``naar $x$``, ``with respect to $y$``: a variable to differentiate by, named in words."""
    if not label.rstrip().endswith(BY_WORDS):
        return None
    value = value_of(math, problem, exercise)
    names = {p.name: p for p in problem.parameters}
    return (value.name,) if isinstance(value, sp.Symbol) and names.get(value.name) == value else None


def split_top(math: str) -> list[str]:
    """``a = b = c`` -> ["a", "b", "c"]: the sides between the ``=`` outside brackets."""
    sides = [math[a:b].strip() for a, b in top_level_spans(math, "=")]
    return [s for s in sides if s] or [math]
