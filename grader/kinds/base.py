"""What a kind of task is: the base every kind derives from, and what the exercise reader
offers a kind while it computes a task's expected answer.

A kind is one object (``Kind``) that owns all that differs between kinds: the value its YAML
key takes (schema), how the expected answer is computed from it (with file:line errors), the
mistakes diagnosis tries, which other answers its grade reads (follow-through), its worked
steps, which role notes and follow-through know it by, and how its components are named. The
rest of grader asks the task's kind (``grader.kinds.kind_of``) and never tests a kind's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import sympy as sp

from grader import messages
from grader.diagnose.engine import Context, Review, matrix_findings, symbolic_findings, with_credit
from grader.diagnose.models import Candidate, Finding
from grader.parse import Answer, Vocabulary, read_answer
from grader.parse.answer import Value, read_tree
from grader.parse.syntax import Node

if TYPE_CHECKING:
    from grader.exercise.model import Descent, Exercise, Problem, Task
    from grader.limits import Limits
    from grader.reading.yamlio import LineMap

# (code, the whole answer) of each mistake validate's 'where' lines are derived from; "" is right
Models = tuple[tuple[str, tuple[sp.Expr, ...]], ...]


class Role(Enum):
    """What a task's answer is in its problem's terms: how a student's notes name it and how
    follow-through finds the answers a later one builds on. A kind plays at most one role; a
    kind that plays none is found in notes by its heading or label alone."""

    DERIVATIVE = "the function differentiated by the task's variables in turn"
    GRADIENT = "the first derivatives by the task's variables, as a vector"
    SLOPE = "the gradient at the descent's iterate before the task's step"
    ITERATE = "the descent's parameters after the task's step"
    NEWTON_ITERATE = "the parameters after the task's step of Newton's method"
    HESSIAN = "the second derivatives by the task's variables, as a matrix"
    DIRECTIONAL = "the rate of change of the function along a direction"
    STATIONARY = "the point where every first derivative of the function is zero"
    EIGENVALUES = "the eigenvalues of the function's Hessian"


@dataclass(frozen=True)
class Expected:
    """A task's expected answer as its kind computes it."""

    value: Value
    numeric: bool
    variables: tuple[str, ...] = ()   # derivative order, or gradient components
    step: int = 0                     # k of slope k / step k
    vocabulary: Vocabulary | None = None  # names the answer may use, when not the problem's
    # what else the key asked, by name (a point, a direction): diagnosis and worked steps read it
    asked: tuple[tuple[str, Value], ...] = ()
    prompt: str | None = None  # the prompt when the task gives none


class Reading(Protocol):
    """What the exercise reader gives a kind that computes a task's expected answer."""

    @property
    def function(self) -> sp.Expr | None: ...
    @property
    def function_name(self) -> str | None: ...  # J of J(θ1, θ2) = …, for the prompts it writes
    @property
    def function_failed(self) -> bool: ...  # its error is reported already: report no other
    @property
    def parameters(self) -> tuple[sp.Symbol, ...]: ...
    @property
    def vocabulary(self) -> Vocabulary: ...
    @property
    def descent(self) -> Descent | None: ...
    @property
    def start(self) -> tuple[sp.Expr, ...] | None: ...  # the problem's 'start', one value per variable
    @property
    def exercise_parameters(self) -> frozenset[str]: ...  # the variants' parameters, by name
    @property
    def lang(self) -> str: ...  # the exercise's language, for a default prompt

    def error(self, line: int, message: str) -> None: ...
    def warn(self, line: int, message: str) -> None: ...
    def whole(self, value: Any, line: int, what: str, low: int, high: int) -> int | None: ...
    def names(self, data: LineMap, key: str) -> list[str]: ...
    def value(self, text: str, vocabulary: Vocabulary, line: int, what: str) -> Value | None:
        """``text`` read as a teacher's expression (parameters bound), or None after an error."""


def default_prompt(code: str, reading: Reading, unnamed: str = "f", **params: str) -> str:
    """A kind's prompt for a task that gives none, in the exercise's language, naming the
    problem's function (``unnamed`` when it has no name) and its variables: ``{point}`` is
    ``(w, b)``, or ``w`` alone."""
    names = [p.name for p in reading.parameters]
    shown = {"name": reading.function_name or unnamed, "variables": ", ".join(names),
             "point": names[0] if len(names) == 1 else f"({', '.join(names)})", **params}
    return messages.render(code, tuple(shown.items()), reading.lang)


class Unbound(Protocol):
    """A problem of a variant exercise read again with the exercise's parameters left as
    symbols, for the 'where' lines ``validate`` proposes (``Kind.symbolic_models``)."""

    def descent(self) -> tuple[tuple[sp.Expr, ...], sp.Expr] | None:
        """The descent's start and learning rate; None without a descent."""

    def start(self) -> tuple[sp.Expr, ...] | None:
        """The problem's ``start``, one value per variable; None without one."""

    def given(self, task_id: str, key: str) -> Any:
        """What the task asks under ``key`` (its kind's name), as written in the YAML."""

    def numbers(self, texts: list[Any]) -> tuple[sp.Expr, ...] | None:
        """Each of ``texts`` read as a teacher's number; None if one does not read."""


class Kind:
    """A kind of task. Subclasses set ``name`` and ``schema`` and compute ``expected``; every
    other method has the behaviour of a plain answer, to be overridden where the kind knows
    better."""

    name: ClassVar[str]               # the task's YAML key, and ``Task.kind``
    schema: ClassVar[dict[str, Any]]  # JSON Schema of the value under that key
    role: ClassVar[Role | None] = None
    # The problem keys its expected answer reads besides the function: "start" alone, or
    # "start" and "learning_rate" (the reader computes the descent only for a kind that needs
    # a learning rate, or when the problem gives one).
    problem_keys: ClassVar[frozenset[str]] = frozenset()
    # Two mistakes that give one wrong number where the right answer is a number (an entry of
    # a Hessian at a point, a directional derivative): True makes that a warning of validate,
    # not a refused variant. Both are marked wrong and diagnosis names the first it looks for;
    # such coincidences of small numbers are frequent in an answer with many entries.
    coinciding_numbers_warn: ClassVar[bool] = False

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        """The expected answer of a task that asks ``given`` (at ``line``); None after
        reporting an error through ``reading``."""
        raise NotImplementedError

    def steps_needed(self, given: Any) -> int:
        """How many steps of the problem's descent the expected answer needs (read before the
        tasks are: the descent is computed once for all of them)."""
        return 0

    # -- grading ---------------------------------------------------------------------------
    def read(self, text: str, task: Task, limits: Limits) -> Answer:
        """A student's text read as an answer to this kind's task: math, unless the kind's
        answer is something else (a word); raises ``ParseError`` with what to do. Working
        whose earlier parts cannot be read is graded by its result."""
        return read_answer(text, task.vocabulary, limits, unreadable_working="skip")

    def read_shown(self, text: str, task: Task, limits: Limits) -> tuple[tuple[Node, ...], tuple[str, ...]]:
        """How the preview shows ``text`` while it is typed: its syntax tree (parts and what
        separates them), read as ``read`` reads it but without SymPy; raises ``ParseError``
        where ``read`` would."""
        return read_tree(text, task.vocabulary, limits, unreadable_working="skip")

    def arranged(self, task: Task, answer: Answer) -> Answer:
        """The answer with its components in the order grading compares them with the expected
        ones: as written, unless the kind's answer is a set (eigenvalues, in any order)."""
        return answer

    def depends_on(self, task: Task, exercise: Exercise) -> tuple[Task, ...]:
        """The other tasks whose answers grading ``task`` reads (follow-through). Asked for
        every answer graded (the verdict cache's key): a kind without follow-through answers
        without looking anything up."""
        return ()

    def carried(self, task: Task, given: Value, context: Context) -> bool:
        """The wrong answer ``given`` is right when computed from the student's own wrong
        answers to the tasks ``depends_on`` names (follow-through: credited before any mistake
        is looked for, whatever the answer's shape). A kind whose ``review`` follows errors
        through itself, or that reads no other answer, says False."""
        return False

    def review(self, task: Task, answer: Answer, verdict: str, fraction: Fraction | None,
               components: tuple[str, ...], context: Context) -> Review:
        """A wrong or partly wrong answer reviewed: its mistakes named, credit given where the
        teacher or follow-through grants it."""
        findings = self.findings(task, answer.value, context)
        return with_credit(task, Review(verdict, fraction, tuple(findings), components))

    def findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        return symbolic_findings(task, given, context, lambda k: self.derivative_order(task, k))

    def matrix_findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        """The mistakes of a matrix answer, or of any answer to a task that expects a matrix:
        by default a transposed matrix, every sign flipped, or each entry's own mistakes (the
        calculus models where ``derivative_order`` gives the entry's order)."""
        return matrix_findings(task, given, context.problem, context,
                               lambda k: self.derivative_order(task, k))

    def derivative_order(self, task: Task, component: int | None) -> tuple[str, ...]:
        """The variables by which the answer (or its ``component``: a vector's component, a
        matrix's entry counted row by row) differentiates the problem's function, in turn: what
        the calculus mistake models are made from; () when it is no derivative."""
        return ()

    def mistake_models(self, task: Task, context: Context) -> list[Candidate]:
        """The wrong answers diagnosis looks for on the right path (no follow-through, no
        rounding), each in the shape of the whole answer: what ``validate`` compares."""
        return []

    def symbolic_models(self, task: Task, problem: Problem, function: sp.Expr,
                        unbound: Unbound) -> Models | None:
        """The right answer and ``mistake_models`` made with the exercise's parameters as
        symbols (``function``, and what ``unbound`` reads), for the 'where' lines ``validate``
        proposes; None: none."""
        return None

    def symbolic_conditions(self, task: Task, problem: Problem, function: sp.Expr,
                            unbound: Unbound) -> tuple[tuple[sp.Expr, ...], ...]:
        """What must hold for the task to be computed at all, with the exercise's parameters as
        symbols: each a tuple of expressions that must not all be 0 (a Hessian's determinant
        at a Newton iterate; the gradient at the start). ``validate`` derives a 'where' line
        from one that is 0 in a variant it cannot build; (): none."""
        return ()

    # -- showing ---------------------------------------------------------------------------
    def iterates(self, problem: Problem, steps: int) -> tuple[tuple[sp.Expr, ...], ...] | None:
        """The right iterates from the start through ``steps`` steps, for a kind whose tasks
        walk a path (the pictures draw it); None: no path."""
        return None

    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        """The worked steps that lead to the expected answer (``grader solve``), in ``lang``."""
        return ()

    # the message code of a task the notes' words could answer and do not (None: notes answer
    # this kind by their math only, and say nothing more of a task left missing)
    words_not_found: ClassVar[str | None] = None

    def answer_in_words(self, words: str, task: Task) -> str | None:
        """The answer a sentence of a student's notes gives in words (its math left out), for a
        kind whose answer is a word: the text to grade, or None when the sentence gives none
        (or more than one). Notes are otherwise read for their math only."""
        return None

    def at_point(self, task: Task) -> tuple[sp.Expr, ...] | None:
        """The point the task's answer is taken at, when the task names one (``at``): notes
        written at another point (``H(2, 2) = …``) are no answer to it."""
        at = next((value for key, value in task.asked if key == "at"), None)
        return at if isinstance(at, tuple) else None

    def component_names(self, task: Task, problem: Problem) -> tuple[str, ...]:
        """What the components of a vector answer are called."""
        return task.variables or tuple(p.name for p in problem.parameters)
