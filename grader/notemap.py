"""Which piece of a student's notes answers which task of the exercise (docs/notes.md).

- A problem is found by its function, not its number: ``Z(x,y) = x^4 + …``, ``J(θ) = …``,
  ``\\sigma(z) = …`` or a labelled expression (``kostenfunctie: 3θ^2``) is compared with every
  problem's function by the checking machinery, so any notation and any order works. Pieces
  after it belong to that problem until the next function.
- Within a problem, a piece is attached by what its math names (``\\frac{\\partial Z}{\\partial
  x} =``, ``∂Z/∂x =``, ``Z_{xy} =``, ``J'(θ) =``, ``∇J =``; ``∇J(2, -1) =`` is a slope; ``θ =``,
  ``θ ←``, ``θ :=``, ``θ_1 =``, a ``pmatrix`` of the parameters: the next step), by a
  derivative named just before it (``∂Z/∂x: $…$``, a table row, ``naar $x$: $…$``), and only
  then by its label (``afgeleide``/``derivative``, ``helling``/``slope``, ``update``).
- Givens are no answers: a start and a learning rate, also in a sentence, are checked against
  the exercise; ``θ = 1.6`` that only restates the last value is no step; a rule line
  (``θ = θ − α∇J``) is working, and the value after it the step. Names in a sentence
  (``differentiate $Z_x$ with respect to $y$``) answer nothing.
- A task with two candidates found alike, or a piece that could answer two tasks, is graded by
  nobody: the task is ``ambiguous`` and flagged for review, with each candidate once. A piece
  the math names beats one found only by the words before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from grader.check import Equivalence, equivalent
from grader.exercise import Exercise, Problem, Task
from grader.exercise.reader import SIGNATURE
from grader.mathtext import value_text
from grader.notenames import at_a_point, canonical, derivative_order, named_by_label, subscript_order
from grader.notes import ARROW, ASSIGNED, Notes, Piece
from grader.parse import ParseError, read_answer
from grader.parse.answer import top_level_spans
from grader.results import Message

FUNCTION_WORDS = ("kostenfunctie", "kostenfunktion", "kosten", "cost", "function", "functie", "funktion")
DERIVATIVE_WORDS = ("afgeleide", "derivative", "gradiënt", "gradient", "gradiant", "differentiate")
BY_WORDS = ("naar", "to", "wrt", "w.r.t.")  # afgeleide naar $x$, with respect to $y$
SLOPE_WORDS = ("helling", "slope", "steilheid")
UPDATE_WORDS = ("update", "stap", "step", "iteratie", "iteration", "repeat", "herhaal")
START_WORDS = ("random", "start", "begin", "initi", "willekeurig", "startwaarde")
RATE = re.compile(r"^\s*(?:lr|Lr|LR|\\alpha|α|\\eta|η|learning\s*rate)\s*=\s*(.+)$")
VECTOR_MARK = re.compile(r"\\(?:mathbf|vec|boldsymbol|bm)\b")
SEPARATED = re.compile(r"[\s|:=→,]*")  # what stands between a name and its value in a table row
ITERATE = re.compile(r"(\\?[^\W\d_]+)(?:_\{?(?:\d+|new|nieuw|next)\}?|\^\{?\(\d+\)\}?)")
GREEK_NAME = re.compile(r"^\s*\\([A-Za-z]+)(?=\s*\()")  # \sigma(z) = …: the name σ
RULE_MARKS = re.compile(r"\\nabla|∇|\\alpha|α|\\eta|η|\blr\b|\bLr\b|'|\\prime")


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

    @property
    def answers(self) -> dict[str, str]:
        return {f.task: f.text for f in self.found}


@dataclass
class _State:
    problem: Problem | None = None
    slopes: dict[str, int] = field(default_factory=dict)     # problem -> next slope k
    steps: dict[str, int] = field(default_factory=dict)      # problem -> next step k
    started: set[str] = field(default_factory=set)
    ruled: set[str] = field(default_factory=set)             # problems whose update rule was just written
    named: tuple[str, tuple[str, ...]] | None = None         # the derivative the last piece named, and where
    last: dict[str, sp.Expr | tuple[sp.Expr, ...]] = field(default_factory=dict)  # latest iterate
    used: set[str] = field(default_factory=set)              # problems found so far


def map_notes(exercise: Exercise, notes: Notes) -> NoteMapping:
    state = _State()
    candidates: dict[str, list[Found]] = {}
    shared: dict[str, list[Found]] = {}  # task -> pieces that might be it or another task
    unused: list[Piece] = []
    warnings = [Message("notes-warning", (("text", text),)) for text in notes.warnings]
    named: set[Found] = set()  # found by what the math itself says, not by the words before it
    for piece in notes.pieces:
        classified = _classify(exercise, piece, state, warnings)
        tasks, text = classified if classified is not None else _by_label(piece, state)
        if not tasks:
            if text is None:
                unused.append(piece)
            continue
        found_here = [Found(task.key, piece.where, text or "") for task in tasks]
        if classified is not None:
            named.update(found_here)
        for one in found_here:
            (shared if len(tasks) > 1 else candidates).setdefault(one.task, []).append(one)
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
    return NoteMapping(tuple(found), tuple(ambiguous), tuple(unused), tuple(warnings))


# -- what a piece is -------------------------------------------------------------------------
def _classify(exercise: Exercise, piece: Piece, state: _State,
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
    if function is not None:
        problem = _problem_of(exercise, function, state)
        state.problem = problem  # None: notes of another exercise follow, until the next function
        return [], "" if problem is not None else None
    problem = state.problem
    if problem is None:
        return [], None
    rate = RATE.match(math) or (RATE.match(f"lr = {math}") if "learning rate" in label or
                                label.rstrip(": ").endswith(("lr", "learning rate")) else None)
    if rate is not None and problem.descent is not None:
        _check_number(rate.group(1), problem.descent.learning_rate, problem, exercise, piece,
                      "learning rate", warnings)
        return [], ""
    order = derivative_order(sides[0]) if len(sides) > 1 else None
    if order is None and len(sides) > 1:
        order = subscript_order(sides[0], problem)
    if order is not None:
        if at_a_point(sides[0]):  # ∇J(2, -1) = (4, -6), J'(4) = 24: a slope, or working
            return _next(problem, "slope", state.slopes), " = ".join(sides[1:])
        return _derivative_tasks(problem, order), " = ".join(sides[1:])
    if len(sides) > 1 and problem.descent is not None and _is_parameters(sides[0], problem, exercise):
        return _parameter_statement(problem, exercise, piece, sides, label, state, warnings)
    if problem.descent is not None and problem.id in state.ruled:
        # the working after a rule line (θ = θ − α∇J so (2 − 0.1·4, …) = …) is the next step
        state.ruled.discard(problem.id)
        if _value(sides[-1], problem, exercise, numbers=True) is not None:
            return _next(problem, "step", state.steps), math
    if len(sides) == 1 and problem.descent is not None and any(word in label for word in START_WORDS) \
            and problem.id not in state.started and _value(math, problem, exercise, numbers=True) is not None:
        return _start(problem, exercise, piece, math, state, warnings)  # start $(2, -1)$
    order = named_by_label(math, problem) or _variable_named(math, label, problem, exercise)
    if order is not None:  # | $\partial Z/\partial x$ | $4x^3$ |, afgeleide naar $x$: $4x^3$
        state.named = (piece.where, order)
        return [], None  # "differentiate $Z_x$ with respect to $y$": names, no answer
    named = named_by_label(piece.label, problem) if len(sides) == 1 else None
    if named is None and len(sides) == 1 and before is not None and before[0] == piece.where \
            and SEPARATED.fullmatch(piece.label):
        named = before[1]
    if named is not None:  # - ∂Z/∂x: $4x^3 + 3x^2y^2$
        return _derivative_tasks(problem, named), math
    return None


def _by_label(piece: Piece, state: _State) -> tuple[list[Task], str | None]:
    """What the words before a piece say it answers (``helling``, ``afgeleide``, ``update``)."""
    problem, label = state.problem, piece.label.casefold()
    if problem is None:
        return [], None
    if any(word in label for word in SLOPE_WORDS):
        return _next(problem, "slope", state.slopes), piece.math
    if any(word in label for word in DERIVATIVE_WORDS):
        return [t for t in problem.tasks if (t.kind in ("derivative", "gradient")
                and len(t.variables) <= 1) or t.kind == "gradient"], piece.math
    if any(word in label for word in UPDATE_WORDS) and problem.descent is not None:
        return _next(problem, "step", state.steps), piece.math
    return [], None


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


def _problem_of(exercise: Exercise, text: str, state: _State) -> Problem | None:
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
    kinds = [t for t in problem.tasks if t.kind in ("derivative", "gradient")]
    if not order:  # ∇J, J'(θ): the gradient, or the one first derivative
        gradients = [t for t in kinds if t.kind == "gradient"]
        return gradients or [t for t in kinds if len(t.variables) == 1]
    exact = [t for t in kinds if t.kind == "derivative" and t.variables == order]
    # ∂²Z/∂x∂y: which is first is written either way; for these functions both agree
    return exact or [t for t in kinds if t.kind == "derivative" and sorted(t.variables) == sorted(order)]


def _next(problem: Problem, kind: str, counters: dict[str, int]) -> list[Task]:
    k = counters.get(problem.id, 1)
    task = next((t for t in problem.tasks if t.kind == kind and t.step == k), None)
    if task is None:
        return []
    counters[problem.id] = k + 1
    return [task]


# -- descent: starts, updates, restatements ----------------------------------------------------
def _is_parameters(left: str, problem: Problem, exercise: Exercise) -> bool:
    """``θ``, ``(θ1, θ2)``, a pmatrix of them; for several parameters also their shared name
    (``\\theta``, ``\\mathbf{\\theta}``, ``\\vec{\\theta}``: θ as a vector)."""
    descent = problem.descent
    assert descent is not None
    if len(descent.parameters) > 1:
        stem = {canonical(p.name).rstrip("0123456789_") for p in descent.parameters}
        name = canonical(VECTOR_MARK.sub("", left).strip())
        if len(stem) == 1 and name in stem:
            return True
    else:  # θ_1, θ^{(1)}, θ_new: θ after a step, for a problem with the one parameter θ
        iterate = ITERATE.fullmatch("".join(left.split()))
        if iterate is not None and canonical(iterate.group(1)) == canonical(descent.parameters[0].name):
            return True
    value = _value(left, problem, exercise)
    wanted = descent.parameters[0] if len(descent.parameters) == 1 else tuple(descent.parameters)
    return value == wanted


def _parameter_statement(problem: Problem, exercise: Exercise, piece: Piece, sides: list[str],
                         label: str, state: _State, warnings: list[Message]) -> tuple[list[Task], str | None]:
    descent = problem.descent
    assert descent is not None
    rules = [k for k, side in enumerate(sides) if k > 0 and _is_rule(side, problem, exercise)]
    if rules and rules[-1] == len(sides) - 1:
        state.ruled.add(problem.id)  # θ = θ − α∇J: the update rule, working for the step after it
        return [], ""
    if rules:
        sides = [sides[0], *sides[rules[-1] + 1:]]  # θ = θ − α·6θ = 4 − 0.1·24: from 4 on
    text = " = ".join(sides[1:])
    plain = len(sides) == 2 and _value(sides[1], problem, exercise, numbers=True) is not None
    if plain and problem.id not in state.started and (
            any(word in label for word in START_WORDS) or state.steps.get(problem.id, 1) == 1):
        return _start(problem, exercise, piece, sides[1], state, warnings)
    state.started.add(problem.id)
    if plain and _value(sides[1], problem, exercise, numbers=True) == state.last.get(problem.id) and \
            "update" not in label:
        return [], ""  # θ = 1.6 again before the next step: a restatement
    tasks = _next(problem, "step", state.steps)
    last = _value(sides[-1], problem, exercise, numbers=True)
    if last is not None:
        state.last[problem.id] = last
    # θ = 4 − 0.1·24 = 1.6 (θ ← …, θ := …) is graded as written (the reader takes θ = as a
    # label); a vector's left side (a pmatrix of θ1, θ2) is left out, and so is a rule
    if len(descent.parameters) > 1:
        return tasks, text
    return tasks, " = ".join(sides) if rules else piece.math


def _start(problem: Problem, exercise: Exercise, piece: Piece, text: str, state: _State,
           warnings: list[Message]) -> tuple[list[Task], str | None]:
    """A start value in the notes: a given, checked against the exercise, never an answer."""
    descent = problem.descent
    assert descent is not None
    state.started.add(problem.id)
    start = descent.points[0]
    _check_number(text, start[0] if len(start) == 1 else start, problem, exercise, piece, "start", warnings)
    value = _value(text, problem, exercise, numbers=True)
    if value is not None:
        state.last[problem.id] = value
    return [], ""


def _is_rule(side: str, problem: Problem, exercise: Exercise) -> bool:
    """``θ − α∇J``, ``θ - lr \\cdot J'(θ)``: a general rule, not a number (a rate or gradient
    by name, or the parameters themselves in it)."""
    if RULE_MARKS.search(side):
        return True
    value = _value(side, problem, exercise)
    if value is None:
        return False  # not read: graded as written, so that the reason shows
    descent = problem.descent
    assert descent is not None
    symbols = set(descent.parameters)
    return any(v.free_symbols & symbols for v in (value if isinstance(value, tuple) else (value,)))


def _variable_named(math: str, label: str, problem: Problem, exercise: Exercise) -> tuple[str, ...] | None:
    """``naar $x$``, ``with respect to $y$``: a variable to differentiate by, named in words."""
    if not label.rstrip().endswith(BY_WORDS):
        return None
    value = _value(math, problem, exercise)
    names = {p.name: p for p in problem.parameters}
    return (value.name,) if isinstance(value, sp.Symbol) and names.get(value.name) == value else None


def _check_number(text: str, expected: sp.Expr | tuple[sp.Expr, ...], problem: Problem,
                  exercise: Exercise, piece: Piece, what: str, warnings: list[Message]) -> None:
    value = _value(text, problem, exercise, numbers=True)
    if value is None:
        return
    if value != expected:
        code = "notes-start-differs" if what == "start" else "notes-learning-rate-differs"
        warnings.append(Message(code, (("place", piece.where), ("value", value_text(value, True)),
                                       ("expected", value_text(expected, True)))))


def _value(text: str, problem: Problem, exercise: Exercise, numbers: bool = False
           ) -> sp.Expr | tuple[sp.Expr, ...] | None:
    try:
        value = read_answer(text, problem.vocabulary, exercise.limits).value
    except ParseError:
        return None
    if numbers and any(v.free_symbols for v in (value if isinstance(value, tuple) else (value,))):
        return None
    return value


def split_top(math: str) -> list[str]:
    """``a = b = c`` -> ["a", "b", "c"]: the sides between the ``=`` outside brackets."""
    sides = [math[a:b].strip() for a, b in top_level_spans(math, "=")]
    return [s for s in sides if s] or [math]
