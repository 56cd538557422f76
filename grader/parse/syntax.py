"""The syntax tree of an answer: what the student wrote, before SymPy simplifies it away.

Kept separate from SymPy so that bounds are checked before anything is computed, and so that
grader can show exactly how an answer was read (``-4^3`` as ``-(4^3)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class Num:
    value: Fraction
    text: str


@dataclass(frozen=True, slots=True)
class Var:
    name: str


@dataclass(frozen=True, slots=True)
class Const:
    name: str  # "pi" | "e"


@dataclass(frozen=True, slots=True)
class Sample:
    """The i-th sample of a data name: ``x^(i)``, ``x_i``."""

    base: str
    index: Node


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str  # + - * / ^
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    function: str  # a builtin (sin, log, ...) or a function the exercise defines
    args: tuple[Node, ...]
    defined: bool = False


@dataclass(frozen=True, slots=True)
class Factorial:
    operand: Node


@dataclass(frozen=True, slots=True)
class SumOver:
    body: Node
    index: str
    lower: Node
    upper: Node


@dataclass(frozen=True, slots=True)
class Vector:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class MatrixRows:
    """A matrix as written: its rows, each as long as the others (the parser sees to that)."""

    rows: tuple[tuple[Node, ...], ...]

    @property
    def entries(self) -> tuple[Node, ...]:
        return tuple(entry for row in self.rows for entry in row)


Node = Num | Var | Const | Sample | Neg | BinOp | Call | Factorial | SumOver | Vector | MatrixRows

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "^": 4}


def precedence(node: Node) -> int:
    if isinstance(node, BinOp):
        return _PRECEDENCE[node.op]
    if isinstance(node, Neg):
        return _PRECEDENCE["neg"]
    if isinstance(node, SumOver):
        return 2
    return 9


def to_text(node: Node) -> str:
    """Print the tree fully explicit: every product with ``*``, a fraction inside a product in
    parentheses, a minus before a power as ``-(4^3)``, so the reading is never ambiguous."""
    match node:
        case Num(text=text):
            return text
        case Var(name=name):
            return name
        case Const(name=name):
            return "π" if name == "pi" else "e"
        case Sample(base=base, index=index):
            return f"{base}^({to_text(index)})"
        case Neg(operand=operand):
            inner = to_text(operand)
            return f"-({inner})" if precedence(operand) <= 4 and not _atomic(operand) else f"-{inner}"
        case BinOp(op="^", left=left, right=right):
            base = to_text(left) if _atomic(left) else f"({to_text(left)})"
            exponent = to_text(right) if _atomic(right) else f"({to_text(right)})"
            return f"{base}^{exponent}"
        case BinOp(op=op, left=left, right=right):
            return f"{_operand(left, op, False)}{_spaced(op)}{_operand(right, op, True)}"
        case Call(function=function, args=args):
            return f"{function}({', '.join(to_text(a) for a in args)})"
        case Factorial(operand=operand):
            return f"{to_text(operand) if _atomic(operand) else '(' + to_text(operand) + ')'}!"
        case SumOver(body=body, index=index, lower=lower, upper=upper):
            return f"Σ_{{{index}={to_text(lower)}}}^{{{to_text(upper)}}} ({to_text(body)})"
        case Vector(items=items):
            return "(" + ", ".join(to_text(i) for i in items) + ")"
        case MatrixRows(rows=rows):
            return "[" + ", ".join("[" + ", ".join(to_text(e) for e in row) + "]" for row in rows) + "]"
    raise TypeError(node)


def _atomic(node: Node) -> bool:
    if isinstance(node, Num):  # 5.1·10^(-2) is a product and a power, written as one number
        return node.value >= 0 and "/" not in node.text and "·" not in node.text
    return isinstance(node, Var | Const | Sample | Call | Vector | MatrixRows)


def _spaced(op: str) -> str:
    return f" {op} " if op in "+-" else op


def _operand(node: Node, op: str, right: bool) -> str:
    text = to_text(node)
    mine, theirs = _PRECEDENCE[op], precedence(node)
    needs = theirs < mine or (right and theirs == mine and op in "-/")
    # A fraction inside a product is bracketed so that 1/2x visibly reads as (1/2)*x.
    if op in "*/" and isinstance(node, BinOp) and node.op == "/" and not (op == "/" and not right):
        needs = True
    if isinstance(node, Neg) and right:  # 2*(-3), but -9*x
        needs = True
    return f"({text})" if needs else text


def count_nodes(node: Node) -> int:
    match node:
        case Neg(operand=o) | Factorial(operand=o):
            return 1 + count_nodes(o)
        case BinOp(left=left, right=right):
            return 1 + count_nodes(left) + count_nodes(right)
        case Call(args=args) | Vector(items=args):
            return 1 + sum(count_nodes(a) for a in args)
        case SumOver(body=b, lower=lo, upper=up):
            return 1 + count_nodes(b) + count_nodes(lo) + count_nodes(up)
        case Sample(index=index):
            return 1 + count_nodes(index)
        case MatrixRows():
            return 1 + sum(count_nodes(e) for e in node.entries)
    return 1
