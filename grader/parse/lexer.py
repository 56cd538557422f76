"""Text -> tokens. Plain math, Unicode math and a LaTeX subset share one token stream."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from grader.parse.errors import parse_error
from grader.parse.vocabulary import GREEK

OPERATOR_ALIASES = {
    "−": "-", "–": "-", "—": "-", "·": "*", "⋅": "*", "×": "*", "∙": "*", "∗": "*",
    "÷": "/", "＋": "+", "（": "(", "）": ")",
    "≈": "=",  # working ends in a rounded result: 2.4 − 1.3824 = 1.0176 ≈ 1.02
}
PLAIN_OPERATORS = set("+-*/^()[]{},;=!|_&")
SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
                "⁷": "7", "⁸": "8", "⁹": "9"}
SUBSCRIPT_DIGITS = set("₀₁₂₃₄₅₆₇₈₉")
DIGITS = set("0123456789")  # str.isdigit() also accepts ², which is an exponent here
# LaTeX commands that only space or size things.
IGNORED_COMMANDS = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                    "quad", "qquad", "displaystyle", "limits", "nolimits"}
COMMAND_OPERATORS = {"cdot": "*", "times": "*", "div": "/", "ast": "*", "approx": "="}
FUNCTION_COMMANDS = {"sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan",
                     "sinh", "cosh", "tanh", "exp", "ln", "log"}
STRUCTURE_COMMANDS = {"frac", "dfrac", "tfrac", "sqrt", "sum"}
MATRIX_ENVIRONMENTS = {"pmatrix", "bmatrix", "matrix", "vmatrix", "Bmatrix"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num | name | op | cmd | end
    text: str
    pos: int
    value: Fraction | None = None


def tokenize(text: str) -> list[Token]:
    return _Lexer(text).run()


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.depth = 0
        self.tokens: list[Token] = []
        # With ';' in the answer it separates components and ',' is a decimal comma (1,6).
        self.semicolon_lists = ";" in text

    def run(self) -> list[Token]:
        text = self.text
        while self.at < len(text):
            ch = text[self.at]
            if ch.isspace() or ch == "$":
                self.at += 1
            elif ch in DIGITS or (ch == "." and self._peek(1) in DIGITS):
                self._number()
            elif ch == "\\":
                self._command()
            elif ch in SUPERSCRIPTS or ch == "⁻":
                self._superscript()
            elif ch in ("Σ", "∑"):
                self._emit("cmd", "sum")
                self.at += 1
            elif ch == "√":
                self._emit("cmd", "sqrt")
                self.at += 1
            elif ch.isalpha():
                self._name()
            elif ch == "*" and self._peek(1) == "*":
                self._emit("op", "^")
                self.at += 2
            else:
                self._operator(OPERATOR_ALIASES.get(ch, ch))
        self.tokens.append(Token("end", "", len(text)))
        return self.tokens

    def _peek(self, ahead: int) -> str:
        at = self.at + ahead
        return self.text[at] if at < len(self.text) else ""

    def _emit(self, kind: str, text: str, pos: int | None = None, value: Fraction | None = None) -> None:
        self.tokens.append(Token(kind, text, self.at if pos is None else pos, value))

    def _operator(self, ch: str) -> None:
        if ch not in PLAIN_OPERATORS:
            shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
            raise parse_error("unexpected-character", self.at, char=shown)
        if ch in "([{":
            self.depth += 1
        elif ch in ")]}":
            self.depth -= 1
        self._emit("op", ";" if ch == ";" else ch)
        self.at += 1

    def _number(self) -> None:
        start, text = self.at, self.text
        end = start
        while end < len(text) and text[end] in DIGITS:
            end += 1
        if end < len(text) and text[end] in ".," and end + 1 < len(text) and text[end + 1] in DIGITS:
            if text[end] == "." or self._decimal_comma():
                end += 1
                while end < len(text) and text[end] in DIGITS:
                    end += 1
        literal = text[start:end].replace(",", ".")
        self._emit("num", literal, start, Fraction(literal))
        self.at = end

    def _decimal_comma(self) -> bool:
        """'1,6' is 1.6 in Dutch: when ';' separates components, or outside brackets."""
        return self.semicolon_lists or self.depth == 0

    def _name(self) -> None:
        start, text = self.at, self.text
        end = start + 1
        while end < len(text) and (text[end].isalpha() or text[end] in DIGITS
                                   or text[end] in SUBSCRIPT_DIGITS) and text[end] not in ("Σ", "∑"):
            end += 1
        self._emit("name", text[start:end], start)
        self.at = end

    def _superscript(self) -> None:
        start = self.at
        self._emit("op", "^", start)
        if self.text[self.at] == "⁻":
            self._emit("op", "-", self.at)
            self.at += 1
        digits = ""
        while self.at < len(self.text) and self.text[self.at] in SUPERSCRIPTS:
            digits += SUPERSCRIPTS[self.text[self.at]]
            self.at += 1
        if not digits:
            raise parse_error("unexpected-character", start, char=self.text[start])
        self._emit("num", digits, start, Fraction(digits))

    def _command(self) -> None:
        start, text = self.at, self.text
        end = start + 1
        while end < len(text) and text[end].isalpha() and text[end].isascii():
            end += 1
        if end == start + 1:  # a one-character command: \\ \, \; \! \{ ...
            ch = self._peek(1)
            self.at = start + 2
            if ch == "\\":
                self._emit("op", "row", start)
            elif ch in ",;:! ()[]":
                pass  # spacing, and \( \) \[ \] math delimiters
            elif ch in "{}":
                self.depth += 1 if ch == "{" else -1
                self._emit("op", "(" if ch == "{" else ")", start)
            else:
                raise parse_error("unknown-command", start, command="\\" + ch)
            return
        name = text[start + 1:end]
        self.at = end
        if name in IGNORED_COMMANDS:
            return
        if name in COMMAND_OPERATORS:
            self._emit("op", COMMAND_OPERATORS[name], start)
        elif name in GREEK:
            self._greek(GREEK[name], start)
        elif name in FUNCTION_COMMANDS:
            self._emit("name", name, start)
            self.tokens[-1] = Token("name", name, start, Fraction(1))  # value marks: no splitting
        elif name in STRUCTURE_COMMANDS:
            self._emit("cmd", "frac" if name.endswith("frac") else name, start)
        elif name in ("begin", "end"):
            self._environment(name, start)
        elif name in ("operatorname", "mathrm", "text", "mathit"):
            self._braced_word(start)
        else:
            raise parse_error("unknown-command", start, command="\\" + name)

    def _greek(self, letter: str, start: int) -> None:
        # \theta1 is read as θ1, like theta1.
        end = self.at
        while end < len(self.text) and self.text[end] in DIGITS:
            end += 1
        self._emit("name", letter + self.text[self.at:end], start)
        self.at = end

    def _environment(self, which: str, start: int) -> None:
        text = self.text
        close = text.find("}", self.at)
        if not text.startswith("{", self.at) or close < 0:
            raise parse_error("unknown-command", start, command="\\" + which)
        environment = text[self.at + 1:close].strip()
        if environment not in MATRIX_ENVIRONMENTS:
            raise parse_error("unknown-environment", start, environment=environment)
        self._emit("cmd", which, start)
        self.at = close + 1

    def _braced_word(self, start: int) -> None:
        """\\operatorname{sin} and \\mathrm{ln} name a function; anything else is not math."""
        text = self.text
        close = text.find("}", self.at)
        word = text[self.at + 1:close].strip() if text.startswith("{", self.at) and close > 0 else ""
        if word not in FUNCTION_COMMANDS and word not in ("sqrt", "e"):
            raise parse_error("text-in-answer", start)
        self.tokens.append(Token("name", word, start, Fraction(1)))
        self.at = close + 1
