"""Gradient descent and Newton's method in a student's notes: the start, the steps (numbered or
in turn), a rule line and the working after it, and values that only restate where the student
is. The state of a mapping in progress lives here too, for ``notemap``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from grader.exercise import Exercise, Problem, Task
from grader.kinds import Role, in_role
from grader.parse import ParseError, read_answer
from grader.parse.mathtext import value_text
from grader.parse.matrix import Matrix
from grader.reading.notenames import canonical
from grader.reading.notes import Piece
from grader.results.model import Message

DERIVATIVE_WORDS = ("afgeleide", "derivative", "gradiënt", "gradient", "gradiant", "differentiate")
SLOPE_WORDS = ("helling", "slope", "steilheid")
GOING_ON_WORDS = ("then", "next", "again", "dan", "daarna", "vervolgens", "opnieuw")
START_WORDS = ("random", "start", "begin", "initi", "willekeurig", "startwaarde")
VECTOR_MARK = re.compile(r"\\(?:mathbf|vec|boldsymbol|bm)\b")
ITERATE = re.compile(r"(\\?[^\W\d_]+)(?:_\{?(?:\d+|new|nieuw|next)\}?|\^\{?\(\d+\)\}?)")
# θ^{(2)}, θ_2, \boldsymbol{θ}^{(1)}, \vec\theta_2: the parameters after step k (k = 0: the start)
NUMBERED = re.compile(r"(?P<mark>\\(?:mathbf|vec|boldsymbol|bm)\{?)?(?P<name>\\?[^\W\d_]+)\}?"
                      r"(?:_\{?(?P<sub>\d+)\}?|\^\{?\((?P<sup>\d+)\)\}?)")
VECTOR_NAME = "θ"  # θ^{(1)} = (2.25, 2.25): the parameters as a vector, whatever they are called
COMPONENTS = re.compile(r"\((?P<tuple>[^()]*(?:\([^()]*\)[^()]*)*)\)"
                        r"|\\begin\{[pbv]matrix\}(?P<matrix>.*)\\end\{[pbv]matrix\}")
RULE_MARKS = re.compile(r"\\nabla|∇|\\alpha|α|\\eta|η|\blr\b|\bLr\b|'|\\prime")


@dataclass
class State:
    """A mapping in progress: the problem the notes are in, the next slope and step of each, and
    what the pieces just before said."""

    problem: Problem | None = None
    slopes: dict[str, int] = field(default_factory=dict)     # problem -> next slope k
    steps: dict[str, int] = field(default_factory=dict)      # problem -> next step k
    started: set[str] = field(default_factory=set)
    ruled: set[str] = field(default_factory=set)             # problems whose update rule was just written
    ruling: set[str] = field(default_factory=set)            # problems whose steps are worked by that rule
    named: tuple[str, tuple[str, ...]] | None = None         # the derivative the last piece named, and where
    goal: tuple[int, tuple[str, ...]] | None = None          # what a sentence works out, and its line
    last: dict[str, sp.Expr | tuple[sp.Expr, ...]] = field(default_factory=dict)  # latest iterate
    used: set[str] = field(default_factory=set)              # problems found so far
    newton_steps: dict[str, int] = field(default_factory=dict)  # problem -> next Newton step k
    newton: set[str] = field(default_factory=set)            # problems in a Newton section
    newton_name: str = ""                                    # x of the Newton rule x_{n+1} = …, once written
    heading: str = ""                                        # the heading of the last piece's section


def next_task(problem: Problem, role: Role, counters: dict[str, int]) -> list[Task]:
    """The problem's next slope or step (``role``) by ``counters``, which it moves on."""
    k = counters.get(problem.id, 1)
    tasks = in_role(problem, role, step=k)
    if not tasks:
        return []
    counters[problem.id] = k + 1
    return tasks[:1]


def is_parameters(left: str, problem: Problem, exercise: Exercise) -> bool:
    """``θ``, ``(θ1, θ2)``, a pmatrix of them; for several parameters also their shared name
    (``\\theta``, ``\\mathbf{\\theta}``, ``\\vec{\\theta}``: θ as a vector)."""
    parameters = problem.parameters  # the descent's, and Newton's method's
    if len(parameters) > 1:
        stem = {canonical(p.name).rstrip("0123456789_") for p in parameters}
        name = canonical(VECTOR_MARK.sub("", left).strip())
        if (len(stem) == 1 and name in stem) or (name == VECTOR_NAME and VECTOR_NAME not in stem) or \
                iterate_number(left, problem) is not None:
            return True
    else:  # θ_1, θ^{(1)}, θ_new: θ after a step, for a problem with the one parameter θ
        iterate = ITERATE.fullmatch("".join(left.split()))
        if iterate is not None and canonical(iterate.group(1)) == canonical(parameters[0].name):
            return True
    value = value_of(left, problem, exercise)
    wanted = parameters[0] if len(parameters) == 1 else tuple(parameters)
    return value == wanted


def parameter_statement(problem: Problem, exercise: Exercise, piece: Piece, sides: list[str],
                         label: str, state: State, warnings: list[Message]) -> tuple[list[Task], str | None]:
    descent = problem.descent
    assert descent is not None
    rules = [k for k, side in enumerate(sides) if k > 0 and is_rule(side, problem, exercise)]
    if rules and rules[-1] == len(sides) - 1:
        state.ruled.add(problem.id)  # θ = θ − α∇J: the update rule, working for the step after it
        return [], ""
    if rules:
        sides = [sides[0], *sides[rules[-1] + 1:]]  # θ = θ − α·6θ = 4 − 0.1·24: from 4 on
    text = " = ".join(sides[1:])
    plain = len(sides) == 2 and value_of(sides[1], problem, exercise, numbers=True) is not None
    number = iterate_number(sides[0], problem)
    if plain and (number == 0 or (problem.id not in state.started and (
            labelled_start(label) or (number is None and state.steps.get(problem.id, 1) == 1)))):
        return given_start(problem, exercise, piece, sides[1], state, warnings)
    state.started.add(problem.id)
    if number is None and plain and "update" not in label and \
            value_of(sides[1], problem, exercise, numbers=True) == state.last.get(problem.id):
        return [], ""  # θ = 1.6 again before the next step: a restatement
    if number:
        state.steps[problem.id] = number  # θ^{(2)} = 0.64 is step 2, whatever came before
    tasks = next_task(problem, Role.ITERATE, state.steps)
    last = value_of(sides[-1], problem, exercise, numbers=True)
    if last is not None:
        state.last[problem.id] = last
    # θ = 4 − 0.1·24 = 1.6 (θ ← …, θ := …) is graded as written (the reader takes θ = as a
    # label); a vector's left side (a pmatrix of θ1, θ2) is left out, and so is a rule
    if len(descent.parameters) > 1:
        return tasks, text
    return tasks, " = ".join(sides) if rules else piece.math


def more_working(sides: list[str], label: str, problem: Problem, exercise: Exercise) -> bool:
    """A later step worked by the rule written above: a calculation of the parameters' shape
    (a vector of them; one number only when the words say it goes on: ``then``, ``dan``), and
    no slope or derivative by its words."""
    descent = problem.descent
    assert descent is not None
    value = value_of(sides[-1], problem, exercise, numbers=True) if len(sides) > 1 else None
    if value is None or any(word in label for word in (*SLOPE_WORDS, *DERIVATIVE_WORDS)):
        return False
    several = len(descent.parameters)
    if several > 1:
        return isinstance(value, tuple) and not isinstance(value, Matrix) and len(value) == several
    return not isinstance(value, tuple) and any(word in label.split() for word in GOING_ON_WORDS)


def iterate_number(left: str, problem: Problem) -> int | None:
    """k of a numbered iterate of the parameters (``θ^{(k)}``, ``θ_k``; with several parameters,
    whose ``θ_1`` is a parameter, only ``θ^{(k)}`` or a vector's ``\\vec\\theta_k``; θ names
    the vector of parameters called otherwise too, and so does ``(w_k, b_k)`` or a pmatrix of
    them); else None."""
    text = "".join(left.split())
    found = NUMBERED.fullmatch(text)
    if found is None:
        return components_number(text, problem)
    several = len(problem.parameters) > 1
    stem = {canonical(p.name).rstrip("0123456789_") if several else canonical(p.name)
            for p in problem.parameters}
    if several and canonical(found["name"]) == VECTOR_NAME and VECTOR_NAME not in stem:
        stem = {VECTOR_NAME}
    if canonical(found["name"]) not in stem or (several and found["sub"] and not found["mark"]):
        return None
    return int(found["sub"] or found["sup"])


def components_number(text: str, problem: Problem) -> int | None:
    """k of ``(w_k, b_k)``, ``(w^{(k)}, b^{(k)})`` or a pmatrix of them: every parameter in
    turn with the same k, none of them a parameter's own name (``θ_1`` of θ1, θ2 is one)."""
    inner = COMPONENTS.fullmatch(text)
    if inner is None or len(problem.parameters) < 2:
        return None
    parts = re.split(r",|\\\\", inner["tuple"] or inner["matrix"])
    names = [canonical(p.name) for p in problem.parameters]
    numbers = set()
    for part, name in zip(parts, names, strict=False):
        found = NUMBERED.fullmatch(part)
        if found is None or found["mark"] or canonical(found["name"]) != name or canonical(part) in names:
            return None
        numbers.add(int(found["sub"] or found["sup"]))
    return numbers.pop() if len(parts) == len(names) and len(numbers) == 1 else None


def labelled_start(label: str) -> bool:
    """Words that say a value is the start (``start``, ``beginwaarde``); a slope at the start is
    no start (``the slope at the start: $24$``)."""
    return any(word in label for word in START_WORDS) and not any(
        word in label for word in (*SLOPE_WORDS, *DERIVATIVE_WORDS))


def given_start(problem: Problem, exercise: Exercise, piece: Piece, text: str, state: State,
           warnings: list[Message]) -> tuple[list[Task], str | None]:
    """A start value in the notes: a given, checked against the exercise, never an answer."""
    descent = problem.descent
    assert descent is not None
    state.started.add(problem.id)
    start = descent.points[0]
    check_number(text, start[0] if len(start) == 1 else start, problem, exercise, piece, "start", warnings)
    value = value_of(text, problem, exercise, numbers=True)
    if value is not None:
        state.last[problem.id] = value
    return [], ""


def is_rule(side: str, problem: Problem, exercise: Exercise) -> bool:
    """``θ − α∇J``, ``θ - lr \\cdot J'(θ)``: a general rule, not a number (a rate or gradient
    by name, or the parameters themselves in it)."""
    if RULE_MARKS.search(side):
        return True
    value = value_of(side, problem, exercise)
    if value is None:
        return False  # not read: graded as written, so that the reason shows
    descent = problem.descent
    assert descent is not None
    symbols = set(descent.parameters)
    return any(v.free_symbols & symbols for v in (value if isinstance(value, tuple) else (value,)))


def check_number(text: str, expected: sp.Expr | tuple[sp.Expr, ...], problem: Problem,
                  exercise: Exercise, piece: Piece, what: str, warnings: list[Message]) -> None:
    value = value_of(text, problem, exercise, numbers=True)
    if value is None:
        return
    if value != expected:
        code = "notes-start-differs" if what == "start" else "notes-learning-rate-differs"
        warnings.append(Message(code, (("place", piece.where), ("value", value_text(value, True)),
                                       ("expected", value_text(expected, True)))))


def value_of(text: str, problem: Problem, exercise: Exercise, numbers: bool = False
           ) -> sp.Expr | tuple[sp.Expr, ...] | None:
    try:
        value = read_answer(text, problem.vocabulary, exercise.limits).value
    except ParseError:
        return None
    if numbers and any(v.free_symbols for v in (value if isinstance(value, tuple) else (value,))):
        return None
    return value


# -- Newton's method ---------------------------------------------------------------------------
NEWTON_WORDS = ("newton",)  # Newton step, Newton-stap, methode van Newton, Newton's method
DESCENT_WORDS = ("descent", "gradiëntdaling", "gradient daling")
# θ − J'/J'', x_n − f'(x_n)/f''(x_n), θ − H^{-1}∇J: a side that is the rule, not a number
NEWTON_RULE = re.compile(r"''|\\prime\s*\\prime|\^\{?\\prime\\prime|H\^\{?\(?-1|\\nabla\^\{?2|∇²|∇\^2|"
                         r"_\{?[nkt]\}?(?![\w])")
# the left side of a general rule: x_{n+1}, θ_{k+1}, \theta^{(k+1)}
RULE_LEFT = re.compile(r"(\\?[^\W\d_]+)\s*(?:_\{?[nkt]\s*\+\s*1\}?|\^\{?\([nkt]\s*\+\s*1\)\}?)")


def newton_statement(problem: Problem, exercise: Exercise, piece: Piece, sides: list[str], label: str,
                     state: State, warnings: list[Message]) -> tuple[list[Task], str | None] | None:
    """A piece of a Newton section (``Newton-stap``, a heading or label naming Newton, the rule
    ``x_{n+1} = x_n − f'(x_n)/f''(x_n)``; a problem with Newton iterates and no descent steps is
    one throughout): the rule is working, ``θ^{(k)} = …`` or ``x_k = …`` Newton step k, ``θ = …``
    the next; None when the piece is not Newton's."""
    if not in_role(problem, Role.NEWTON_ITERATE):
        return None
    if any(word in label for word in NEWTON_WORDS):
        state.newton.add(problem.id)
    elif any(word in label for word in DESCENT_WORDS):
        state.newton.discard(problem.id)
    rules = [k for k, side in enumerate(sides) if k > 0 and NEWTON_RULE.search(side)]
    if rules and rules[-1] == len(sides) - 1:  # the rule itself: working, and a Newton section
        newton_rule(sides, state)
        state.newton.add(problem.id)
        return [], ""
    if problem.id not in state.newton and in_role(problem, Role.ITERATE):
        return None  # descent steps are asked too: only a Newton section's iterates are Newton's
    sides = [sides[0], *sides[rules[-1] + 1:]] if rules else sides
    if len(sides) == 1:  # Newton-stap 1: $1.5$
        named = any(word in label for word in NEWTON_WORDS)
        if named and value_of(sides[0], problem, exercise, numbers=True) is not None:
            return next_task(problem, Role.NEWTON_ITERATE, state.newton_steps), sides[0]
        return None
    number = _newton_number(sides[0], problem, state)
    if number is None and not is_parameters(sides[0], problem, exercise):
        return None
    if number == 0 or (labelled_start(label) and problem.id not in state.newton_steps):
        if problem.start is not None:
            check_number(sides[-1], problem.start[0] if len(problem.start) == 1 else problem.start,
                         problem, exercise, piece, "start", warnings)
        return [], ""
    if number:
        state.newton_steps[problem.id] = number  # θ^{(2)} = … is step 2, whatever came before
    # w^{(1)} = 2.25, b^{(1)} = 2.25: labelled components, read whole as an answer sheet's are
    whole = " = ".join(sides if _component(sides[0], problem) else sides[1:])
    return next_task(problem, Role.NEWTON_ITERATE, state.newton_steps), whole


def _component(left: str, problem: Problem) -> bool:
    """``w^{(1)}`` of a problem with parameters w and b: one component of an iterate."""
    found = NUMBERED.fullmatch("".join(left.split()))
    names = [canonical(p.name) for p in problem.parameters]
    return found is not None and len(names) > 1 and canonical(found["name"]) in names


def enter_section(heading: str, state: State) -> None:
    """A Markdown heading that names Newton (``## Methode van Newton``) starts a Newton section
    of the problem the notes are in, as a label does; the next heading ends it."""
    if state.problem is not None:
        if any(word in heading.casefold() for word in NEWTON_WORDS):
            state.newton.add(state.problem.id)
        elif heading != state.heading and any(word in state.heading.casefold() for word in NEWTON_WORDS):
            state.newton.discard(state.problem.id)
    state.heading = heading


def newton_rule(sides: list[str], state: State) -> bool:
    """``x_{n+1} = x_n − f'(x_n)/f''(x_n)``, also before any function: the rule, whose name
    (x) the steps worked after it use (``x_1 = 2 − 6/12``)."""
    left = RULE_LEFT.fullmatch(sides[0].strip()) if len(sides) == 2 else None
    if left is None or not NEWTON_RULE.search(sides[1]):
        return False
    state.newton_name = canonical(left.group(1))
    return True


def _newton_number(left: str, problem: Problem, state: State) -> int | None:
    """k of ``θ^{(k)}``, ``θ_k`` (one parameter), or ``x_k`` named as the rule named it."""
    number = iterate_number(left, problem)
    if number is not None:
        return number
    found = NUMBERED.fullmatch("".join(left.split()))
    name = state.newton_name
    if found is None or not name or canonical(found["name"]) != name:
        return None
    return int(found["sub"] or found["sup"])
