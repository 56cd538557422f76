"""read_answer: the one way text from a student becomes something grader can check."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from grader.limits import DEFAULT_LIMITS, Limits
from grader.parse.build import Builder
from grader.parse.errors import ParseError, parse_error
from grader.parse.lexer import tokenize
from grader.parse.parser import Parser, resolve_names
from grader.parse.syntax import Node, Vector, to_text
from grader.parse.vocabulary import Vocabulary

Value = sp.Expr | tuple[sp.Expr, ...]


@dataclass(frozen=True)
class Note:
    """How something was written that may matter: ``negative-base-notation`` at a position."""

    code: str
    position: int
    text: str


@dataclass(frozen=True)
class Answer:
    """An answer as read. ``value`` is the last part of a chain ``a = b = c``; ``parts`` holds
    the value of every part, so working shown before the result can be inspected."""

    text: str
    value: Value
    read_as: str
    parts: tuple[Value, ...]
    notes: tuple[Note, ...]

    @property
    def is_vector(self) -> bool:
        return isinstance(self.value, tuple)


def read_answer(text: str, vocabulary: Vocabulary, limits: Limits = DEFAULT_LIMITS) -> Answer:
    """Read ``text`` as math; raise :class:`ParseError` if it is not math grader accepts.

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> read_answer("2x^2", Vocabulary(variables={"x": x})).value
    2*x**2
    """
    if len(text) > limits.max_length:
        raise parse_error("too-long", None, limit=limits.max_length)
    start = _label_end(text)
    try:
        parser = Parser(resolve_names(tokenize(text[start:]), vocabulary), vocabulary, limits)
        nodes = parser.answer()
    except ParseError as exc:
        if start and exc.position is not None:
            raise ParseError(exc.code, exc.position + start, exc.params) from None
        raise
    builder = Builder(vocabulary, limits)
    parts = tuple(_value(node, builder) for node in nodes)
    notes = tuple(Note(n.code, n.position, n.text) for n in parser.notes)
    return Answer(text, parts[-1], " = ".join(to_text(n) for n in nodes), parts, notes)


LABEL_MARKS = ("∂", "\\partial", "∇", "\\nabla", "'", "′", "d/d", "\\frac{d")


def _label_end(text: str) -> int:
    """Where the math starts after a label such as ``∂Z/∂x =`` or ``f'(x) =``, which names
    the quantity rather than computing it (0 when there is none)."""
    equals = text.find("=")
    if equals > 0 and any(mark in text[:equals] for mark in LABEL_MARKS):
        return equals + 1
    return 0


def _value(node: Node, builder: Builder) -> Value:
    if isinstance(node, Vector):
        return tuple(builder.build(item) for item in node.items)
    return builder.build(node)


__all__ = ["Answer", "Note", "ParseError", "read_answer"]
