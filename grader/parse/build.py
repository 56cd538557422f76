"""Syntax tree -> SymPy, checking on the way that no number or power gets out of hand.

Every SymPy object is built here from a node the parser allowed; no text is ever handed to
``sympify``. Decimal numbers become exact rationals (0.4 is 2/5, 0.33 is not 1/3).
"""

from __future__ import annotations

import sympy as sp

from grader.checking.proof import real_power
from grader.checking.sizes import degree, digits, exp_digits, magnitude, power_digits
from grader.limits import Limits
from grader.parse.errors import parse_error
from grader.parse.syntax import (
    BinOp,
    Call,
    Const,
    Factorial,
    MatrixRows,
    Neg,
    Node,
    Num,
    Sample,
    SumOver,
    Var,
    Vector,
)
from grader.parse.vocabulary import BUILTIN_FUNCTIONS, Vocabulary

SYMPY_FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh,
    "tanh": sp.tanh, "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "Abs": sp.Abs,
}


class Builder:
    def __init__(self, vocabulary: Vocabulary, limits: Limits) -> None:
        self.vocabulary = vocabulary
        self.limits = limits
        self.denominators: list[sp.Expr] = []  # divisors that are not plain numbers

    def build(self, node: Node) -> sp.Expr:
        if isinstance(node, Vector):
            raise parse_error("vector-in-expression", None)
        if isinstance(node, MatrixRows):
            raise parse_error("matrix-in-expression", None)
        result = self._build(node)
        if result.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise parse_error("undefined-value", None)
        return result

    def _build(self, node: Node) -> sp.Expr:
        match node:
            case Num(value=value, text=text):
                if sum(c.isdigit() for c in text) > self.limits.max_digits:
                    raise parse_error("number-too-long", None, limit=self.limits.max_digits)
                return sp.Rational(value.numerator, value.denominator)
            case Var(name=name):
                return self._symbol(name)
            case Const(name=name):
                return sp.pi if name == "pi" else sp.E
            case Sample(base=base, index=index):
                return self.vocabulary.data[base][self._build(index)]
            case Neg(operand=operand):
                return self._checked(-self._build(operand))
            case BinOp(op="^", left=left, right=right):
                return self._power(self._build(left), self._build(right))
            case BinOp(op=op, left=left, right=right):
                a, b = self._build(left), self._build(right)
                if op == "/" and b == 0:
                    raise parse_error("division-by-zero", None)
                if op == "/" and not b.is_Rational:
                    self.denominators.append(b)
                result = a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b
                return self._checked(result)
            case Call(function=function, args=args, defined=True):
                definition = self.vocabulary.functions[function]
                return definition.apply(tuple(self._build(a) for a in args))
            case Call(function=function, args=(argument,)):
                return self._call(function, self._build(argument))
            case Factorial(operand=operand):
                value = self._build(operand)
                if value.is_Number and (not value.is_Integer or value < 0
                                        or value > self.limits.max_factorial):
                    raise parse_error("factorial-too-large", None, limit=self.limits.max_factorial)
                return sp.factorial(value)
            case SumOver(body=body, index=index, lower=lower, upper=upper):
                low, high = self._build(lower), self._build(upper)
                self._bounded_sum(low, high)
                return sp.Sum(self._build(body), (self._symbol(index), low, high))
            case Vector():
                raise parse_error("vector-in-expression", None)
            case MatrixRows():
                raise parse_error("matrix-in-expression", None)
        raise TypeError(node)

    def _bounded_sum(self, low: sp.Expr, high: sp.Expr) -> None:
        """Numeric bounds must be whole numbers, and not too many terms apart."""
        for bound in (low, high):
            if bound.is_number and not bound.is_Integer:
                raise parse_error("bad-sum-bounds", None)
        if low.is_Integer and high.is_Integer and high - low + 1 > self.limits.max_sum_terms:
            raise parse_error("sum-too-long", None, limit=self.limits.max_sum_terms)

    def _symbol(self, name: str) -> sp.Symbol:
        vocabulary = self.vocabulary
        if name in vocabulary.variables:
            return vocabulary.variables[name]
        if vocabulary.index is not None and name == vocabulary.index.name:
            return vocabulary.index
        raise parse_error("unknown-name", None, name=name, known=vocabulary.describe())

    def _checked(self, value: sp.Expr) -> sp.Expr:
        if value.is_Rational and digits(value) > self.limits.max_result_digits:
            raise parse_error("number-too-large", None, limit=self.limits.max_result_digits)
        return value

    def _bounded_power(self, base: sp.Expr, exponent: sp.Expr) -> None:
        """Refuse a power whose value would have too many digits (2^(10^100), π^(10^6)) or
        whose expansion too high a degree ((x+1)^(10^6)), before SymPy tries to compute it.
        How large the exponent is as written does not matter: 1.01^365 and (x-a)^6000 read."""
        if exponent.free_symbols or exponent.has(sp.Sum):
            return
        size = magnitude(exponent)
        if base.free_symbols:
            if size is None or max(1.0, degree(base)) * size > self.limits.max_degree:
                raise parse_error("degree-too-large", None, limit=self.limits.max_degree)
        elif size is None or power_digits(base, size) > self.limits.max_result_digits:
            raise parse_error("number-too-large", None, limit=self.limits.max_result_digits)

    def _power(self, base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
        if base.is_Rational and exponent.is_Rational and base == 0 and exponent < 0:
            raise parse_error("division-by-zero", None)
        self._bounded_power(base, exponent)
        if exponent.is_negative and not base.is_Rational:
            self.denominators.append(base)
        return self._checked(real_power(base, exponent))

    def _call(self, function: str, argument: sp.Expr) -> sp.Expr:
        name = BUILTIN_FUNCTIONS[function]
        if name == "exp" and not argument.free_symbols and not argument.has(sp.Sum):
            size = magnitude(argument)
            if size is None or exp_digits(size) > self.limits.max_result_digits:
                raise parse_error("number-too-large", None, limit=self.limits.max_result_digits)
        if name == "log" and argument == 0:
            raise parse_error("undefined-value", None)
        return SYMPY_FUNCTIONS[name](argument)
