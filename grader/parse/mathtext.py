"""SymPy values as students write them: ``^`` for powers, Σ and x^(i) for sums over data,
exact decimals for numbers that have one (12/5 -> 2.4)."""

from __future__ import annotations

import decimal

import sympy as sp
from sympy.printing.str import StrPrinter

from grader.parse.matrix import Matrix


class _StudentPrinter(StrPrinter):
    printmethod = "_grader_str"  # bypass Indexed._sympystr, which prints x[i]

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        text = super()._print_Pow(expr, rational)
        return text.replace("**", "^")

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        return f"{expr.base}^({self._print(expr.indices[0])})"

    def _print_Sum(self, expr: sp.Sum) -> str:
        index, lower, upper = expr.limits[0]
        return f"Σ_{{{index}={self._print(lower)}}}^{{{self._print(upper)}}} ({self._print(expr.function)})"

    def _print_log(self, expr: sp.Basic) -> str:
        return f"ln({self._print(expr.args[0])})"

    def _print_Exp1(self, expr: sp.Basic) -> str:
        return "e"

    def _print_Pi(self, expr: sp.Basic) -> str:
        return "π"


_PRINTER = _StudentPrinter({"order": "lex"})


def expression_text(expr: sp.Basic) -> str:
    return _PRINTER.doprint(expr).replace("**", "^")


def exact_decimal(value: sp.Rational) -> str | None:
    """12/5 -> '2.4'; None when the rational has no finite decimal expansion (1/3)."""
    q = int(value.q)
    twos = fives = 0
    while q % 2 == 0:
        q //= 2
        twos += 1
    while q % 5 == 0:
        q //= 5
        fives += 1
    if q != 1:
        return None
    places = max(twos, fives)
    scaled = abs(int(value.p)) * 10**places // int(value.q)
    sign = "-" if value < 0 else ""
    if places == 0:
        return f"{sign}{scaled}"
    whole, fraction = divmod(scaled, 10**places)
    return f"{sign}{whole}.{fraction:0{places}d}"


def number_text(value: sp.Expr) -> str:
    if value.is_Rational:
        decimal = exact_decimal(value)
        if decimal is not None:
            return decimal
        return f"{value.p}/{value.q} ≈ {float(value):.6g}"
    return f"{expression_text(value)} ≈ {approximation(value)}"


def approximation(value: sp.Expr) -> str:
    """``value`` to 8 digits, as SymPy formats a Float (``5.1847055E+21``); with SymPy's own
    exponent where the decimal module's context has none so large (e^(10^30))."""
    text = str(value.evalf(8))
    try:
        return format(decimal.Decimal(text), "")
    except (decimal.InvalidOperation, ValueError):
        return text


def value_text(value: sp.Expr | tuple[sp.Expr, ...], numeric: bool) -> str:
    show = number_text if numeric else expression_text
    if isinstance(value, Matrix):  # as students write it: [[2, 1], [1, 6]]
        return "[" + ", ".join("[" + ", ".join(show(v) for v in row) + "]" for row in value.rows) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ")"
    return show(value)
