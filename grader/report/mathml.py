"""grader's syntax tree -> MathML (for HTML) and LaTeX (for Markdown's ``$…$``).

Built from the tree the reader made, not from SymPy, so ``-4^3`` shows as −(4³): exactly how it
was read. Every name and number is escaped; nothing of the answer reaches the page as markup.
Nodes in ``flagged`` (by identity) are wrapped so the page can highlight them: the part of the
answer a diagnosis is about.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from markupsafe import Markup, escape

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
    precedence,
)

MINUS = "\u2212"
_NAME = re.compile(r"^([^\d]+?)(\d+)$")  # θ1 -> θ with subscript 1
_SCIENTIFIC = re.compile(r"^(.+)·10\^\(?(-?\d+)\)?$")
FUNCTION_NAMES = {"log": "ln", "asin": "arcsin", "acos": "arccos", "atan": "arctan"}
# A matrix's parentheses grow to its height only in a font with a MATH table; browsers do not
# pick one for a bare <mo>, so these name the common ones (the page's own style names none).
_MATH_FONTS = "font-family: 'Latin Modern Math', 'STIX Two Math', 'DejaVu Math TeX Gyre', math"
TALL_OPEN = f'<mo stretchy="true" style="{_MATH_FONTS}">(</mo>'
TALL_CLOSE = f'<mo stretchy="true" style="{_MATH_FONTS}">)</mo>'


def chain_mathml(parts: tuple[Node, ...], separators: tuple[str, ...],
                 flagged: Collection[int] = ()) -> Markup:
    """A whole answer: its parts joined by = or ≈, as one ``<math>`` element."""
    inner = _mathml(parts[0], flagged)
    for separator, part in zip(separators, parts[1:], strict=True):
        inner += f"<mo>{escape(separator)}</mo>" + _mathml(part, flagged)
    return Markup(f'<math display="inline"><mrow>{inner}</mrow></math>')


def _mathml(node: Node, flagged: Collection[int]) -> str:
    text = _plain(node, flagged)
    if id(node) in flagged:
        return f'<mrow class="flag">{text}</mrow>'
    return text


def _plain(node: Node, flagged: Collection[int]) -> str:
    match node:
        case Num(text=text):
            return _number(text)
        case Var(name=name):
            return _name(name)
        case Const(name=name):
            return "<mi>π</mi>" if name == "pi" else "<mi>e</mi>"
        case Sample(base=base, index=index):
            return f"<msup>{_name(base)}<mrow><mo>(</mo>{_mathml(index, flagged)}<mo>)</mo></mrow></msup>"
        case Neg(operand=operand):
            inner = _mathml(operand, flagged)
            wrapped = _brackets(inner) if not _atomic(operand) else inner
            return f"<mo>{MINUS}</mo>{wrapped}"
        case BinOp(op="/", left=left, right=right):
            top, bottom = _mathml(left, flagged), _mathml(right, flagged)
            return f"<mfrac><mrow>{top}</mrow><mrow>{bottom}</mrow></mfrac>"
        case BinOp(op="^", left=left, right=right):
            base = _mathml(left, flagged)
            if not _atomic(left):
                base = _brackets(base)
            return f"<msup><mrow>{base}</mrow><mrow>{_mathml(right, flagged)}</mrow></msup>"
        case BinOp(op=op, left=left, right=right):
            sign = {"+": "+", "-": MINUS, "*": "·"}[op]
            return f"{_operand(left, op, False, flagged)}<mo>{sign}</mo>{_operand(right, op, True, flagged)}"
        case Call(function="sqrt", args=(argument,)):
            return f"<msqrt>{_mathml(argument, flagged)}</msqrt>"
        case Call(function="abs", args=(argument,)):
            return f"<mo>|</mo>{_mathml(argument, flagged)}<mo>|</mo>"
        case Call(function=function, args=args):
            name = FUNCTION_NAMES.get(function, function)
            joined = "<mo>,</mo>".join(_mathml(a, flagged) for a in args)
            return f"<mi>{escape(name)}</mi><mo>&#x2061;</mo>{_brackets(joined)}"
        case Factorial(operand=operand):
            inner = _mathml(operand, flagged)
            return f"{inner if _atomic(operand) else _brackets(inner)}<mo>!</mo>"
        case SumOver(body=body, index=index, lower=lower, upper=upper):
            under = f"<mrow>{_name(index)}<mo>=</mo>{_mathml(lower, flagged)}</mrow>"
            return (f"<munderover><mo>∑</mo>{under}<mrow>{_mathml(upper, flagged)}</mrow></munderover>"
                    f"{_brackets(_mathml(body, flagged))}")
        case Vector(items=items):
            return _brackets("<mo>,</mo>".join(_mathml(i, flagged) for i in items))
        case MatrixRows(rows=rows):
            table = "".join("<mtr>" + "".join(f"<mtd>{_mathml(e, flagged)}</mtd>" for e in row) + "</mtr>"
                            for row in rows)
            return f"<mrow>{TALL_OPEN}<mtable>{table}</mtable>{TALL_CLOSE}</mrow>"
    raise TypeError(node)


def _brackets(inner: str) -> str:
    return f"<mrow><mo>(</mo>{inner}<mo>)</mo></mrow>"


def _atomic(node: Node) -> bool:
    if isinstance(node, Num):
        return node.value >= 0 and "·" not in node.text
    return isinstance(node, Var | Const | Sample | Call | Vector | MatrixRows)


def _operand(node: Node, op: str, right: bool, flagged: Collection[int]) -> str:
    inner = _mathml(node, flagged)
    mine = precedence(BinOp(op, node, node))
    theirs = precedence(node)
    needs = theirs < mine or (right and theirs == mine and op == "-")
    if isinstance(node, Neg) and right:
        needs = True
    return _brackets(inner) if needs else inner


def _number(text: str) -> str:
    found = _SCIENTIFIC.match(text)
    if found is not None:
        power = found.group(2).replace("-", MINUS)
        return f"<mn>{escape(found.group(1))}</mn><mo>·</mo><msup><mn>10</mn><mn>{power}</mn></msup>"
    repeating = _REPEATING.match(text)
    if repeating is not None:  # 2.1\overline{6}: the repeating digits under a bar
        return (f"<mrow><mn>{escape(repeating.group(1))}</mn><mover><mn>{repeating.group(2)}</mn>"
                "<mo>‾</mo></mover></mrow>")
    return f"<mn>{escape(text)}</mn>"


_REPEATING = re.compile(r"^([0-9.]*)\\overline\{([0-9]+)\}$")


def _name(name: str) -> str:
    found = _NAME.match(name)
    if found is not None:
        return f"<msub><mi>{escape(found.group(1))}</mi><mn>{found.group(2)}</mn></msub>"
    return f"<mi>{escape(name)}</mi>"


# -- LaTeX, for Markdown ----------------------------------------------------------------------
def chain_latex(parts: tuple[Node, ...], separators: tuple[str, ...]) -> str:
    text = latex(parts[0])
    for separator, part in zip(separators, parts[1:], strict=True):
        text += (r" \approx " if separator == "≈" else " = ") + latex(part)
    return text


def latex(node: Node) -> str:
    match node:
        case Num(text=text):
            found = _SCIENTIFIC.match(text)
            return rf"{found.group(1)} \cdot 10^{{{found.group(2)}}}" if found else _latex_text(text)
        case Var(name=name):
            return _latex_name(name)
        case Const(name=name):
            return r"\pi" if name == "pi" else "e"
        case Sample(base=base, index=index):
            return f"{_latex_name(base)}^{{({latex(index)})}}"
        case Neg(operand=operand):
            inner = latex(operand)
            return f"-{inner}" if _atomic(operand) else rf"-\left({inner}\right)"
        case BinOp(op="/", left=left, right=right):
            return rf"\frac{{{latex(left)}}}{{{latex(right)}}}"
        case BinOp(op="^", left=left, right=right):
            base = latex(left) if _atomic(left) else rf"\left({latex(left)}\right)"
            return f"{base}^{{{latex(right)}}}"
        case BinOp(op=op, left=left, right=right):
            sign = {"+": " + ", "-": " - ", "*": r" \cdot "}[op]
            return _latex_operand(left, op, False) + sign + _latex_operand(right, op, True)
        case Call(function="sqrt", args=(argument,)):
            return rf"\sqrt{{{latex(argument)}}}"
        case Call(function="abs", args=(argument,)):
            return rf"\left|{latex(argument)}\right|"
        case Call(function=function, args=args):
            name = FUNCTION_NAMES.get(function, function)
            command = rf"\{name}" if name in ("sin", "cos", "tan", "ln", "exp", "sinh", "cosh", "tanh",
                                             "arcsin", "arccos", "arctan", "cot", "sec", "csc") else \
                _latex_name(name)
            return rf"{command}\left({', '.join(latex(a) for a in args)}\right)"
        case Factorial(operand=operand):
            inner = latex(operand)
            return f"{inner}!" if _atomic(operand) else rf"\left({inner}\right)!"
        case SumOver(body=body, index=index, lower=lower, upper=upper):
            bounds = rf"_{{{_latex_name(index)}={latex(lower)}}}^{{{latex(upper)}}}"
            return rf"\sum{bounds} \left({latex(body)}\right)"
        case Vector(items=items):
            return r"\left(" + ", ".join(latex(i) for i in items) + r"\right)"
        case MatrixRows(rows=rows):
            table = r" \\ ".join(" & ".join(latex(e) for e in row) for row in rows)
            return rf"\begin{{pmatrix}} {table} \end{{pmatrix}}"
    raise TypeError(node)


def _latex_operand(node: Node, op: str, right: bool) -> str:
    inner = latex(node)
    needs = precedence(node) < precedence(BinOp(op, node, node)) or \
        (right and precedence(node) == precedence(BinOp(op, node, node)) and op == "-") or \
        (isinstance(node, Neg) and right)
    return rf"\left({inner}\right)" if needs else inner


GREEK_LATEX = {"θ": r"\theta", "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta",
               "λ": r"\lambda", "μ": r"\mu", "σ": r"\sigma", "φ": r"\phi", "ω": r"\omega",
               "ε": r"\varepsilon", "η": r"\eta", "π": r"\pi", "τ": r"\tau", "ρ": r"\rho"}


def _latex_name(name: str) -> str:
    found = _NAME.match(name)
    base, sub = (found.group(1), found.group(2)) if found else (name, "")
    base = GREEK_LATEX.get(base, base if base.isascii() else r"\text{" + base + "}")
    if len(base) > 1 and base.isalpha() and base.isascii():
        base = rf"\mathrm{{{base}}}"
    return f"{base}_{{{sub}}}" if sub else base


def _latex_text(text: str) -> str:
    return text.replace("⅖", r"\tfrac{2}{5}").replace("½", r"\tfrac{1}{2}")
