"""Judging a value against a task's expected answer: the verdict, before diagnosis and points.

Used by grading (``grade``) and by the exercise reader to check a teacher's written
``expected:`` against the computed one, which is why it depends on neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy as sp

from grader.checking.equivalence import Equivalence, Probe, compare_numbers, equivalent, has_symbols, is_zero
from grader.codes import Verdict
from grader.parse import Answer
from grader.parse.answer import LABEL_DRESS, Value, component_labels
from grader.parse.mathtext import expression_text
from grader.parse.matrix import Matrix
from grader.parse.syntax import Vector, to_text
from grader.parse.vocabulary import canonical_name
from grader.results.model import Message

if TYPE_CHECKING:  # the model imports nothing of this module; the reader imports both
    from grader.exercise.model import Task


@dataclass(frozen=True)
class Judgement:
    """How one answer compares to the expected value, before points are attached."""

    verdict: Verdict
    fraction: Fraction | None
    message: Message | None = None
    components: tuple[Verdict, ...] = ()


def note(code: str, **params: object) -> Message:
    return Message(code, tuple((k, str(v)) for k, v in params.items()))


def judge(task: Task, answer: Answer, probe: Probe) -> Judgement:
    zero = _zero_denominator(answer, probe)
    if zero is not None:
        return Judgement("invalid", Fraction(0), note("zero-denominator", denominator=expression_text(zero)))
    judgement = judge_value(task, answer.value, answer.written, probe)
    message = judgement.message
    if message is None or not DECIMAL_COMMA.search(answer.text):
        return judgement
    expected, given = task.expected, answer.value
    if judgement.verdict == "incorrect" and isinstance(given, tuple) and isinstance(expected, tuple) \
            and not isinstance(expected, Matrix) \
            and (len(given) > len(expected) or isinstance(given, Matrix)):
        # a vector whose decimal commas separated, or whose rows in brackets made a matrix
        judgement = replace(judgement, message=note(
            "wrong-length-decimal-comma", count=len(expected), given=len(given)))
    elif message.code == "wrong-shape" and len(given) > len(expected):
        judgement = replace(judgement, message=replace(message, code="wrong-shape-decimal-comma"))
    elif message.code == "expected-matrix" and isinstance(given, tuple):
        # a matrix read as a vector, (2,4; 1; 1; 6,5): shown as the column it is
        assert isinstance(expected, Matrix)  # expected-matrix is said of a matrix task only
        rows, columns = expected.shape
        judgement = replace(judgement, message=note(
            "wrong-shape-decimal-comma", rows=rows, columns=columns, given_rows=len(given), given_columns=1))
    return judgement


DECIMAL_COMMA = re.compile(r"\d,\d")


def in_component_order(task: Task, answer: Answer) -> Answer:
    """Labelled components matched by label: ``y = 19, x = 2`` for (x, y) is (2, 19), right,
    not two components swapped. Only when every label names a different component; an
    unlabelled or partly labelled vector is taken in the order written."""
    expected, given = task.expected, answer.value
    if not isinstance(expected, tuple) or not isinstance(given, tuple) or len(given) != len(expected) \
            or isinstance(expected, Matrix) or isinstance(given, Matrix):
        return answer
    labels = component_labels(answer.text)
    names = component_names(task)
    if len(labels) != len(given) or len(names) != len(given):
        return answer
    order = label_order(labels, names)
    if order is None or order == tuple(range(len(order))):
        return answer
    read_as = answer.read_as
    last = answer.tree[-1] if answer.tree else None
    if isinstance(last, Vector) and len(last.items) == len(order):  # shown as matched: x = 2, y = 19
        texts = _placed(tuple(to_text(item) for item in last.items), order)
        read_as = ", ".join(f"{name} = {text}" for name, text in zip(names, texts, strict=True))
    return replace(reordered(answer, order), read_as=read_as)


def reordered(answer: Answer, order: tuple[int, ...]) -> Answer:
    """The answer's vector with component k moved to place ``order[k]`` (its value, and the
    numbers as written that tolerance reads); shown as written."""
    assert isinstance(answer.value, tuple)
    value = _placed(answer.value, order)
    literals = answer.literals
    if literals and len(literals[-1]) == len(order):
        literals = (*literals[:-1], _placed(literals[-1], order))
    return replace(answer, value=value, parts=(*answer.parts[:-1], value), literals=literals)


def component_names(task: Task) -> tuple[str, ...]:
    """What the components of the task's vector are called: a gradient's variables, else
    the problem's variables (θ1, θ2 of a descent step), when there is one for each."""
    count = len(task.expected) if isinstance(task.expected, tuple) else 1
    if len(task.variables) == count:
        return task.variables
    vocabulary = task.vocabulary
    names = tuple(n for n, s in vocabulary.variables.items() if s is not vocabulary.size)
    return names if len(names) == count else ()


def label_order(labels: tuple[str, ...], names: tuple[str, ...]) -> tuple[int, ...] | None:
    """For each label, the index of the component it names; None unless each names another."""
    order = tuple(_named(label, names) for label in labels)
    if None in order or len(set(order)) != len(order):
        return None
    return order  # type: ignore[return-value]


DERIVATIVE_MARK = re.compile(r"(?:∂|\\partial|δ|\\delta|/\s*d|\}\s*\{\s*d)\s*\{?\s*\\?(\w+)\s*\}?\s*$")


def _named(label: str, names: tuple[str, ...]) -> int | None:
    """The component a label names: θ1, θ_1, \\theta_{1}, x; ∂Z/∂x, dZ/dx, Z_x (the variable)."""
    undressed = LABEL_DRESS.sub(lambda found: found.group(1) or " ", label)  # \\boldsymbol{\\theta}_1
    plain = undressed.replace("\\", "").replace("{", "").replace("}", "").replace(" ", "")
    candidates = {canonical_name(plain)}
    derivative = DERIVATIVE_MARK.search(label)
    if derivative is not None:
        candidates.add(canonical_name(derivative.group(1)))
    if "_" in plain:
        candidates.add(canonical_name(plain.rsplit("_", 1)[1]))
    found = [k for k, name in enumerate(names) if name in candidates]
    return found[0] if len(found) == 1 else None


def _placed(items: tuple, order: tuple[int, ...]) -> tuple:
    placed = list(items)
    for k, target in enumerate(order):
        placed[target] = items[k]
    return tuple(placed)


def judge_value(task: Task, given: Value, written: tuple[str | None, ...], probe: Probe) -> Judgement:
    """How a value (the result of an answer, or one part of its working) compares."""
    expected = task.expected
    mismatch = shape_mismatch(expected, given)
    if mismatch is not None:
        return Judgement("incorrect", Fraction(0), mismatch)
    if isinstance(expected, tuple):
        if not isinstance(given, tuple):
            return Judgement("incorrect", Fraction(0), note("expected-vector", count=len(expected)))
        if len(given) != len(expected):
            return Judgement("incorrect", Fraction(0),
                             note("wrong-length", count=len(expected), given=len(given)))
        marks = written if len(written) == len(given) else (None,) * len(given)
        verdicts = tuple(_component(task, g, e, w, probe)
                         for g, e, w in zip(given, expected, marks, strict=True))
        return _combine(task, verdicts)
    if isinstance(given, tuple):
        return Judgement("incorrect", Fraction(0), note("expected-scalar"))
    verdict = _component(task, given, expected, written[0] if len(written) == 1 else None, probe)
    if isinstance(verdict, Judgement):
        return verdict
    return Judgement(verdict, _full_or_none(verdict), note("unproven") if verdict == "unproven" else None)


def shape_mismatch(expected: Value, given: Value) -> Message | None:
    """Where a matrix is involved, a value of another shape: a vector, a number, or a matrix
    with other rows and columns. Checked before any entry (a 2×2 matrix is no 4-vector)."""
    if isinstance(expected, Matrix):
        rows, columns = expected.shape
        if isinstance(given, Matrix):
            if given.shape == expected.shape:
                return None
            given_rows, given_columns = given.shape
            return note("wrong-shape", rows=rows, columns=columns, given_rows=given_rows,
                        given_columns=given_columns)
        return note("expected-matrix", rows=rows, columns=columns)
    if not isinstance(given, Matrix):
        return None
    if isinstance(expected, tuple):
        return note("expected-vector-not-matrix", count=len(expected))
    return note("expected-scalar-not-matrix")


def _zero_denominator(answer: Answer, probe: Probe) -> sp.Expr | None:
    """A divisor that is 0 for every value (0/(sin²x + cos²x − 1)): SymPy has already made the
    quotient 0, so it is looked for where it was written. Only a divisor that is ~0 at every
    test point is put to the exact check."""
    for denominator in answer.denominators:
        values = probe.values(denominator)
        if any(v is not None and abs(v) > 1e-9 for v in values):
            continue
        if is_zero(denominator):
            return denominator
    return None


_OUTCOME: dict[Equivalence, Verdict] = {Equivalence.EQUAL: "correct",
                                        Equivalence.DIFFERENT: "incorrect",
                                        Equivalence.UNPROVEN: "unproven"}


def _component(task: Task, given: sp.Expr, expected: sp.Expr, written: str | None,
               probe: Probe) -> Verdict | Judgement:
    if task.numeric:
        if has_symbols(given):
            names = ", ".join(sorted(s.name for s in given.free_symbols))
            return Judgement("incorrect", Fraction(0), note("expected-number", names=names))
        return _OUTCOME[compare_numbers(given, expected, task.tolerance, written)]
    return _OUTCOME[equivalent(given, expected, probe)]


def _full_or_none(verdict: Verdict) -> Fraction | None:
    return {"correct": Fraction(1), "incorrect": Fraction(0)}.get(verdict)


def _wrong_parts(expected: Value, verdicts: tuple[Verdict, ...]) -> Message:
    """Which components are wrong (1, 3), or which entries of a matrix ((1,2), (2,1))."""
    wrong = [k for k, verdict in enumerate(verdicts) if verdict != "correct"]
    if isinstance(expected, Matrix):
        return note("entries-wrong", which=", ".join(f"({expected.position(k)})" for k in wrong))
    return note("components-wrong", which=", ".join(str(k + 1) for k in wrong))


def _combine(task: Task, parts: tuple[Verdict | Judgement, ...]) -> Judgement:
    verdicts = tuple(p.verdict if isinstance(p, Judgement) else p for p in parts)
    if "unproven" in verdicts:
        return Judgement("unproven", None, note("unproven"), verdicts)
    right = verdicts.count("correct")
    if right == len(verdicts):
        return Judgement("correct", Fraction(1), None, verdicts)
    message = _wrong_parts(task.expected, verdicts)
    if right == 0 or task.vector_credit == "all":
        return Judgement("incorrect", Fraction(0), message, verdicts)
    return Judgement("partial", Fraction(right, len(verdicts)), message, verdicts)
