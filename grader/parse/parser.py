"""Tokens -> syntax tree, by recursive descent with an allow-list of every construct.

Grammar (lowest to highest binding)::

    answer   := part (('=' | '≈') part)*           a chain; the last part is graded
    part     := expr ((',' | ';') expr)*           a bare list is a vector
    expr     := term (('+' | '-') term)*
    term     := unary (('*' | '/') unary | power)*  juxtaposition multiplies: 2x, x y, 2(x+1)
    unary    := ('-' | '+') unary | power           -4^3 is -(4^3), as in every textbook
    power    := postfix ('^' exponent)?             right-associative: x^y^z = x^(y^z)
    postfix  := primary ('!' | 'ᵀ' | '%' | '°')*   ᵀ only after a vector or matrix; 28% = 28/100
    primary  := number | name | function | (expr) | [expr] | {expr} | |expr| | \\frac | \\sqrt
              | Σ | vector | matrix | pmatrix        a matrix: a bracketed list of bracketed rows
"""

from __future__ import annotations

from fractions import Fraction

from grader.limits import Limits
from grader.parse.errors import parse_error
from grader.parse.lexer import Token
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
    to_text,
)
from grader.parse.vocabulary import LETTER_VARIANTS, SUBSCRIPT_DIGITS, Vocabulary, canonical_name

IMPLICIT_START_KINDS = {"num", "var", "const", "data", "sample", "func", "def", "index", "cmd"}
IMPLICIT_START_OPS = {"(", "[", "{"}


class Note:
    """A remark on how something was written, kept for diagnosis (``negative-base-notation``)."""

    __slots__ = ("code", "position", "text")

    def __init__(self, code: str, position: int, text: str) -> None:
        self.code, self.position, self.text = code, position, text


def resolve_names(tokens: list[Token], vocabulary: Vocabulary) -> list[Token]:
    """Turn runs of letters into known names (``xy`` -> x, y; ``theta_1`` -> θ1)."""
    out: list[Token] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        at += 1
        if token.kind != "name":
            out.append(token)
            continue
        if token.value is not None:  # a LaTeX function command such as \sin
            out.append(Token("func", token.text, token.pos))
            continue
        run = token.text.translate(SUBSCRIPT_DIGITS).translate(LETTER_VARIANTS)
        subscript, after = _subscript(tokens, at)
        if subscript is not None:
            joined = vocabulary.lexicon.get(canonical_name(run + subscript))
            if joined is not None and joined[0] == "var":
                out.append(Token("var", joined[1], token.pos))
                at = after
                continue
        pieces = vocabulary.split(run)
        if isinstance(pieces, int):
            raise parse_error("unknown-name", token.pos, name=token.text,
                              known=vocabulary.describe())
        for kind, name, offset in pieces:
            out.append(Token("cmd", name, token.pos + offset) if kind == "sum" else
                       Token(kind, name, token.pos + offset))
        if subscript is not None and pieces[-1][0] in ("data", "def"):
            last = out.pop()
            if last.kind == "data":
                out.append(_sample_token(last, subscript, vocabulary))
            else:
                out.append(last)  # h_θ(x) is h(x): the subscript only names the parameters
            at = after
        elif subscript is not None and pieces[-1][0] == "var":
            raise parse_error("unknown-name", token.pos, name=f"{token.text}_{subscript}",
                              known=vocabulary.describe())
    return out


def rename_sum_indices(tokens: list[Token], vocabulary: Vocabulary) -> list[Token]:
    """Σ_{j=1}^{n} (h(x^(j)) - y^(j)) is the Σ over the exercise's index i: a bound letter
    may be renamed, so every name ``j`` becomes ``i`` (when j means nothing else here)."""
    index = vocabulary.index
    if index is None:
        return tokens
    renamed = set()
    for at, token in enumerate(tokens):
        if token.kind != "cmd" or token.text != "sum":
            continue
        texts = tokens[at + 1:at + 4]
        if texts and texts[0].text == "_":
            braced = len(texts) > 2 and texts[1].text == "{"
            letter = texts[2] if braced else texts[1] if len(texts) > 1 else None
            if letter is not None and letter.kind == "name" and letter.text != index.name \
                    and len(letter.text) == 1 and letter.text not in vocabulary.lexicon:
                renamed.add(letter.text)
    if not renamed:
        return tokens
    return [Token("name", index.name, t.pos) if t.kind == "name" and t.text in renamed else t
            for t in tokens]


def _subscript(tokens: list[Token], at: int) -> tuple[str | None, int]:
    """The text of a simple subscript ``_1``, ``_{1}``, ``_i``, ``_θ`` after a name."""
    if at >= len(tokens) or tokens[at].text != "_" or tokens[at].kind != "op":
        return None, at
    nxt = tokens[at + 1] if at + 1 < len(tokens) else None
    if nxt is not None and nxt.kind in ("num", "name"):
        return nxt.text, at + 2
    if nxt is not None and nxt.text == "{" and at + 3 < len(tokens) and tokens[at + 3].text == "}" \
            and tokens[at + 2].kind in ("num", "name"):
        return tokens[at + 2].text, at + 4
    return None, at


def _sample_token(token: Token, subscript: str, vocabulary: Vocabulary) -> Token:
    index = vocabulary.index.name if vocabulary.index is not None else None
    if subscript != index and not subscript.isdigit():
        raise parse_error("bad-sample-index", token.pos, name=token.text)
    return Token("sample", token.text, token.pos, Fraction(subscript) if subscript.isdigit() else None)


class Parser:
    def __init__(self, tokens: list[Token], vocabulary: Vocabulary, limits: Limits) -> None:
        self.tokens = tokens
        self.vocabulary = vocabulary
        self.limits = limits
        self.at = 0
        self.depth = 0
        self.nodes = 0
        self.bound: list[str] = []
        self.notes: list[Note] = []
        self.bracketed: set[int] = set()
        self.separators: list[str] = []  # between the parts of a chain: "=" or "≈"

    # -- token helpers -------------------------------------------------------------------
    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def advance(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def is_op(self, *texts: str) -> bool:
        return self.token.kind == "op" and self.token.text in texts

    def expect_op(self, text: str) -> Token:
        if not self.is_op(text):
            self.fail_here(expected=text)
        return self.advance()

    def fail_here(self, expected: str | None = None) -> None:
        token = self.token
        if token.kind == "end":
            raise parse_error("unexpected-end", token.pos, expected=expected or "")
        raise parse_error("unexpected-token", token.pos, token=token.text, expected=expected or "")

    def node(self, node: Node) -> Node:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise parse_error("too-many-nodes", None, limit=self.limits.max_nodes)
        return node

    def enter(self) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise parse_error("too-deep", self.token.pos, limit=self.limits.max_depth)

    def leave(self) -> None:
        self.depth -= 1

    # -- grammar -------------------------------------------------------------------------
    def answer(self) -> tuple[Node, ...]:
        if self.token.kind == "end":
            raise parse_error("empty", 0)
        parts = [self.part()]
        while self.is_op("=", "≈"):
            self.separators.append(self.advance().text)
            parts.append(self.part())
        if self.token.kind != "end":
            self.fail_here()
        return tuple(parts)

    def part(self) -> Node:
        first = self.expr()
        if not self.is_op(",", ";"):
            return first
        items = [first]
        while self.is_op(",", ";"):
            self.advance()
            items.append(self.expr())
        return self.node(Vector(tuple(items)))

    def expr(self) -> Node:
        self.enter()
        left = self.term()
        while self.is_op("+", "-"):
            op = self.advance().text
            left = self.node(BinOp(op, left, self.term()))
        self.leave()
        return left

    def term(self) -> Node:
        left = self.unary()
        while True:
            if self.is_op("*", "/"):
                op = self.advance().text
                left = self.node(BinOp(op, left, self.unary()))
            elif self.starts_factor():
                if self.token.kind == "num" and self.tokens[self.at - 1].kind == "num":
                    # (2.4 1.92): a comma forgotten, or a product without its sign
                    one = self.vocabulary.components == 1
                    raise parse_error("numbers-side-by-side-scalar" if one else "numbers-side-by-side",
                                      self.token.pos)
                fraction = self.token.kind == "cmd" and self.token.text == "frac"
                before = self.tokens[self.at - 1].pos  # where the whole number is
                factor = self.power()
                if fraction:
                    self.note_mixed_number(left, factor, before)
                left = self.node(BinOp("*", left, factor))
            else:
                return left

    def note_mixed_number(self, whole: Node, fraction: Node, position: int) -> None:
        """``2\\frac{1}{6}`` is the product 2·(1/6), as juxtaposition is everywhere else; a
        student may mean the mixed number 2⅙: a note, so the diagnosis can say so."""
        if not (isinstance(whole, Num) and whole.text.isdigit() and isinstance(fraction, BinOp)
                and fraction.op == "/" and isinstance(fraction.left, Num) and isinstance(fraction.right, Num)
                and fraction.left.text.isdigit() and fraction.right.text.isdigit()
                and 0 < fraction.left.value < fraction.right.value):
            return
        self.notes.append(Note("mixed-number-notation", position,
                               f"{whole.text}\\frac{{{fraction.left.text}}}{{{fraction.right.text}}}"))

    def starts_factor(self, allow_functions: bool = True) -> bool:
        token = self.token
        if token.kind == "op":
            return token.text in IMPLICIT_START_OPS
        if token.kind == "cmd" and token.text == "end":
            return False
        if not allow_functions and (token.kind in ("func", "def") or token.text == "sum"):
            return False
        return token.kind in IMPLICIT_START_KINDS

    def unary(self) -> Node:
        if self.is_op("-"):
            minus = self.advance()
            self.enter()
            operand = self.unary()
            self.leave()
            if isinstance(operand, BinOp) and operand.op == "^" and isinstance(operand.left, Num) \
                    and id(operand.left) not in self.bracketed:
                exponent = to_text(operand.right)
                self.notes.append(Note("negative-base-notation", minus.pos,
                                       f"-{operand.left.text}^{exponent}"))
            return self.node(Neg(operand))
        if self.is_op("+"):
            self.advance()
            return self.unary()
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if not self.is_op("^"):
            return base
        self.advance()
        return self.node(BinOp("^", base, self.exponent()))

    def exponent(self) -> Node:
        self.enter()
        if self.is_op("-"):
            self.advance()
            result = self.node(Neg(self.exponent()))
        elif self.is_op("+"):
            self.advance()
            result = self.exponent()
        else:
            result = self.power()
        self.leave()
        return result

    def postfix(self) -> Node:
        node = self.primary()
        while self.is_op("!", "ᵀ", "%", "°"):
            mark = self.advance()
            if mark.text == "ᵀ":
                if isinstance(node, MatrixRows):  # a vector's ᵀ changes nothing; a matrix's does
                    node = MatrixRows(tuple(zip(*node.rows, strict=True)))
                elif not isinstance(node, Vector):
                    raise parse_error("transpose-of-scalar", mark.pos)
                continue
            if isinstance(node, MatrixRows):
                raise parse_error("matrix-in-expression", mark.pos)
            if isinstance(node, Vector):
                raise parse_error("vector-in-expression", mark.pos)
            if mark.text == "%":
                node = self.node(BinOp("/", node, Num(Fraction(100), "100")))
            elif mark.text == "°":
                node = self.node(BinOp("*", node, BinOp("/", Const("pi"), Num(Fraction(180), "180"))))
            else:
                node = self.node(Factorial(node))
        return node

    def primary(self) -> Node:
        token = self.token
        kind = token.kind
        if kind == "num":
            self.advance()
            assert token.value is not None  # the lexer gives every number its value
            if token.text.endswith("..."):
                self.notes.append(Note("repeating-decimal-dots", token.pos, token.text))
            return self.node(Num(token.value, token.text))
        if kind == "var":
            self.advance()
            return self.node(Var(token.text))
        if kind == "const":
            self.advance()
            return self.node(Const(token.text))
        if kind == "index":
            self.advance()
            if token.text not in self.bound:
                raise parse_error("index-outside-sum", token.pos, name=token.text)
            return self.node(Var(token.text))
        if kind == "data":
            return self.data_sample()
        if kind == "sample":
            self.advance()
            index: Node
            if token.value is not None:
                index = Num(token.value, str(token.value))
            else:
                assert self.vocabulary.index is not None  # a sample token needs an index
                index = Var(self.vocabulary.index.name)
            return self.node(Sample(token.text, index))
        if kind == "func":
            return self.function()
        if kind == "def":
            return self.defined_call()
        if kind == "cmd":
            return self.command()
        if kind == "op":
            if token.text in ("(", "["):
                return self.bracketed_group(")" if token.text == "(" else "]")
            if token.text == "{":
                self.advance()
                inner = self.expr()
                self.expect_op("}")
                self.bracketed.add(id(inner))
                return inner
            if token.text == "|":
                self.advance()
                inner = self.expr()
                self.expect_op("|")
                return self.node(Call("abs", (inner,)))
        self.fail_here()
        raise AssertionError  # fail_here always raises

    def bracketed_group(self, closing: str) -> Node:
        opening = self.advance()
        if self.is_op(closing) and self.tokens[self.at - 2:self.at - 1] and \
                self.tokens[self.at - 2].text in ("(", "["):
            raise parse_error("matrix-empty", opening.pos)  # [[]], (())
        starts = [self.token.pos]
        first = self.expr()
        if self.is_op(",", ";"):
            items = [first]
            while self.is_op(",", ";"):
                self.advance()
                starts.append(self.token.pos)
                items.append(self.expr())
            self.expect_op(closing)
            if any(isinstance(item, Vector) for item in items):
                return self.matrix_of([item.items if isinstance(item, Vector) else (item,)
                                       for item in items], starts, opening.pos)
            return self.node(Vector(tuple(items)))
        self.expect_op(closing)
        self.bracketed.add(id(first))
        return first

    def matrix_of(self, rows: list[tuple[Node, ...]], starts: list[int], at: int) -> Node:
        """Rows as written -> a matrix; one row or one column is a vector, as in a pmatrix.
        Rows of different lengths, a single entry and a matrix beyond the limit are refused."""
        width = len(rows[0])
        for number, (row, start) in enumerate(zip(rows, starts, strict=True), 1):
            if len(row) != width:
                raise parse_error("matrix-ragged", start, row=number, count=len(row), expected=width)
        if len(rows) == 1 and width == 1:
            raise parse_error("matrix-one-entry", at)
        if width == 1 or len(rows) == 1:
            return self.node(Vector(tuple(row[0] for row in rows) if width == 1 else rows[0]))
        limit = self.limits.max_matrix_size
        if len(rows) > limit or width > limit:
            raise parse_error("matrix-too-large", at, rows=len(rows), columns=width, limit=limit)
        return self.node(MatrixRows(tuple(rows)))

    def data_sample(self) -> Node:
        """``x^(i)``, ``x^{(i)}``: the i-th sample, not a power (ML notation)."""
        token = self.advance()
        if self.vocabulary.index is None:
            raise parse_error("data-without-index", token.pos, name=token.text)
        index = self.vocabulary.index.name
        texts = [t.text for t in self.tokens[self.at:self.at + 6]]
        for pattern in (["^", "(", index, ")"], ["^", "{", "(", index, ")", "}"]):
            if texts[:len(pattern)] == pattern:
                self.at += len(pattern)
                return self.node(Sample(token.text, Var(index)))
        raise parse_error("data-without-index", token.pos, name=token.text)

    def function(self) -> Node:
        token = self.advance()
        power = None
        if self.is_op("^"):  # sin^2 x = (sin x)^2
            self.advance()
            power = self.exponent()
        if self.is_op("("):
            self.advance()
            argument = self.expr()
            self.expect_op(")")
        elif self.starts_factor(allow_functions=False) or self.is_op("-"):
            argument = self.unary() if self.is_op("-") else self.power()
            while self.starts_factor(allow_functions=False):
                argument = self.node(BinOp("*", argument, self.power()))
        else:
            raise parse_error("function-without-argument", token.pos, name=token.text)
        call = self.node(Call(token.text, (argument,)))
        return self.node(BinOp("^", call, power)) if power is not None else call

    def defined_call(self) -> Node:
        token = self.advance()
        definition = self.vocabulary.functions[token.text]
        self.expect_op("(")
        args = [self.expr()]
        while self.is_op(","):
            self.advance()
            args.append(self.expr())
        self.expect_op(")")
        if len(args) != len(definition.parameters):
            raise parse_error("wrong-argument-count", token.pos, name=token.text,
                              count=len(definition.parameters))
        return self.node(Call(token.text, tuple(args), defined=True))

    def command(self) -> Node:
        token = self.advance()
        if token.text == "frac":
            numerator = self.latex_argument()
            denominator = self.latex_argument()
            return self.node(BinOp("/", numerator, denominator))
        if token.text == "sqrt":
            degree = None
            if self.is_op("["):
                self.advance()
                degree = self.expr()
                self.expect_op("]")
            radicand = self.latex_argument()
            if degree is None:
                return self.node(Call("sqrt", (radicand,)))
            return self.node(BinOp("^", radicand, self.node(BinOp("/", Num(Fraction(1), "1"), degree))))
        if token.text == "sum":
            return self.summation(token)
        if token.text == "begin":
            return self.matrix()
        raise parse_error("unexpected-token", token.pos, token=token.text, expected="")

    def latex_argument(self) -> Node:
        """One argument of \\frac or \\sqrt: ``{...}``, or a single character (\\frac12)."""
        if self.is_op("{"):
            self.advance()
            inner = self.expr()
            self.expect_op("}")
            return inner
        token = self.token
        if token.kind == "num" and token.text.isdigit() and len(token.text) > 1:
            rest = token.text[1:]
            self.tokens[self.at] = Token("num", rest, token.pos + 1, Fraction(rest))
            return self.node(Num(Fraction(token.text[0]), token.text[0]))
        return self.postfix()

    def summation(self, token: Token) -> Node:
        vocabulary = self.vocabulary
        index = vocabulary.index.name if vocabulary.index is not None else None
        lower: Node = Num(Fraction(1), "1")
        upper: Node | None = Var(vocabulary.size.name) if vocabulary.size is not None else None
        if self.is_op("_"):
            self.advance()
            braced = self.is_op("{")
            if braced:
                self.advance()
            named = self.advance()
            if named.kind != "index":
                raise parse_error("bad-sum-index", named.pos, known=index or "")
            if braced:
                if self.is_op("="):
                    self.advance()
                    lower = self.expr()
                self.expect_op("}")
        if self.is_op("^"):
            self.advance()
            upper = self.latex_argument()
        if index is None or upper is None:
            raise parse_error("sum-without-data", token.pos)
        self.bound.append(index)
        self.enter()
        body = self.term()
        self.leave()
        self.bound.pop()
        return self.node(SumOver(body, index, lower, upper))

    def matrix(self) -> Node:
        """\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}: ``&`` between entries, ``\\\\`` between rows."""
        begin = self.tokens[self.at - 1].pos
        if self.at_end_of_environment():
            raise parse_error("matrix-empty", begin)
        rows: list[list[Node]] = [[]]
        starts = [self.token.pos]
        while True:
            rows[-1].append(self.expr())
            if self.is_op("&"):
                self.advance()
            elif self.is_op("row"):
                self.advance()
                if self.at_end_of_environment():
                    break
                starts.append(self.token.pos)
                rows.append([])
            elif self.at_end_of_environment():
                break
            else:
                self.fail_here(expected="\\\\ or \\end")
        self.advance()
        return self.matrix_of([tuple(row) for row in rows], starts, begin)

    def at_end_of_environment(self) -> bool:
        return self.token.kind == "cmd" and self.token.text == "end"
