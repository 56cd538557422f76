"""Text -> tokens. Plain math, Unicode math and a LaTeX subset share one token stream."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from grader.limits import DEFAULT_LIMITS, Limits
from grader.parse.errors import parse_error
from grader.parse.vocabulary import BUILTIN_FUNCTIONS, GREEK

OPERATOR_ALIASES = {
    "−": "-", "–": "-", "—": "-", "·": "*", "⋅": "*", "×": "*", "∙": "*", "∗": "*",
    "÷": "/", "＋": "+", "（": "(", "）": ")",
    "≈": "≈",  # working ends in a rounded result: 2.4 − 1.3824 = 1.0176 ≈ 1.02
    "ᵀ": "ᵀ",  # a transposed vector (2.4, 1.92)ᵀ is the same vector here
}
PLAIN_OPERATORS = set("+-*/^()[]{},;=!|_&≈ᵀ")
SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
                "⁷": "7", "⁸": "8", "⁹": "9"}
SUBSCRIPT_DIGITS = set("₀₁₂₃₄₅₆₇₈₉")
DIGITS = set("0123456789")  # str.isdigit() also accepts ², which is an exponent here
# LaTeX commands that only space or size things.
IGNORED_COMMANDS = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                    "quad", "qquad", "displaystyle", "limits", "nolimits"}
COMMAND_OPERATORS = {"cdot": "*", "times": "*", "div": "/", "ast": "*", "approx": "≈",
                     "top": "ᵀ", "intercal": "ᵀ"}
FUNCTION_COMMANDS = {"sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan",
                     "sinh", "cosh", "tanh", "exp", "ln", "log"}
STRUCTURE_COMMANDS = {"frac", "dfrac", "tfrac", "sqrt", "sum"}
MATRIX_ENVIRONMENTS = {"pmatrix", "bmatrix", "matrix", "vmatrix", "Bmatrix"}
VULGAR_FRACTIONS = {"½": Fraction(1, 2), "⅓": Fraction(1, 3), "⅔": Fraction(2, 3), "¼": Fraction(1, 4),
                    "¾": Fraction(3, 4), "⅕": Fraction(1, 5), "⅖": Fraction(2, 5), "⅗": Fraction(3, 5),
                    "⅘": Fraction(4, 5), "⅙": Fraction(1, 6), "⅚": Fraction(5, 6), "⅛": Fraction(1, 8),
                    "⅜": Fraction(3, 8), "⅝": Fraction(5, 8), "⅞": Fraction(7, 8)}
# Letters of other scripts that look like Latin ones: a student who types Cyrillic х gets told.
LOOKALIKES = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "к": "k",
              "м": "m", "т": "t", "в": "b", "н": "h", "і": "i", "ј": "j", "ѕ": "s",
              "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
              "С": "C", "Т": "T", "Х": "X", "У": "Y"}
# The transpose mark of a vector: (2.4, 1.92)^T, [..]^{T}, \begin{pmatrix}..\end{pmatrix}^\top
TRANSPOSE = re.compile(r"\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T(?![A-Za-z0-9])|\\top|\\intercal)")
SCIENTIFIC = re.compile(r"[eE]([+-]?)([0-9]+)(?![A-Za-z0-9])")


# The lexer makes num, name, op, cmd, const and end; resolving names turns a name into var,
# data, sample, func, def or index.
TokenKind = Literal["num", "name", "op", "cmd", "end", "const", "var", "data", "sample", "func",
                    "def", "index"]


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str
    pos: int
    value: Fraction | None = None


def tokenize(text: str, limits: Limits = DEFAULT_LIMITS, names: frozenset[str] = frozenset()) -> list[Token]:
    """``names``: the task's variables; where one is ``e`` or ``T``, 2e-1 and (..)^T are read
    as products and powers, not as scientific notation and transposes."""
    return _Lexer(text, limits, names).run()


class _Lexer:
    def __init__(self, text: str, limits: Limits, names: frozenset[str]) -> None:
        self.text = text
        self.limits = limits
        self.scientific = "e" not in names and "E" not in names
        self.transpose = "T" not in names
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
            elif ch in VULGAR_FRACTIONS:
                self._emit("num", ch, self.at, VULGAR_FRACTIONS[ch])
                self.at += 1
            elif ch == "^" and self.transpose and self._transpose():
                pass
            elif ch == "ᵀ":  # a letter to Python, an operator here
                self._operator(ch)
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

    def _emit(self, kind: TokenKind, text: str, pos: int | None = None,
              value: Fraction | None = None) -> None:
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
        if end + 1 < len(text) and text[end] in ".," and text[end + 1] in DIGITS \
                and (text[end] == "." or self._decimal_comma()):
            end += 1
            while end < len(text) and text[end] in DIGITS:
                end += 1
        literal = text[start:end].replace(",", ".")
        value = Fraction(literal)
        shown = text[start:end]
        scientific = SCIENTIFIC.match(text, end) if self.scientific else None
        if scientific is not None:  # 5.1e-2, 1.6E+4: exact, as 5.1·10^(-2)
            power = int(scientific.group(1) + scientific.group(2))
            if len(scientific.group(2)) > 6 or abs(power) + end - start > self.limits.max_result_digits:
                raise parse_error("number-too-large", start, limit=self.limits.max_result_digits)
            value *= Fraction(10) ** power
            shown = f"{shown}·10^({power})" if power < 0 else f"{shown}·10^{power}"
            end = scientific.end()
        elif end < len(text) and text[end] in VULGAR_FRACTIONS:  # a mixed number: 2½
            value += VULGAR_FRACTIONS[text[end]]
            shown = text[start:end + 1]
            end += 1
        self._emit("num", shown, start, value)
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
        for at in range(start, end):
            if text[at] in LOOKALIKES or "\u0400" <= text[at] <= "\u04ff":
                raise parse_error("lookalike-letter", at, char=text[at], unicode=f"U+{ord(text[at]):04X}",
                                  latin=LOOKALIKES.get(text[at], "?"))
        self._emit("name", text[start:end], start)
        self.at = end

    def _transpose(self) -> bool:
        """A transpose mark; the parser checks that it follows a vector."""
        found = TRANSPOSE.match(self.text, self.at)
        if found is None:
            return False
        self._emit("op", "ᵀ")
        self.at = found.end()
        return True

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
            self._braced_word(start, name)
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

    def _braced_word(self, start: int, command: str) -> None:
        """\\operatorname{sin} and \\mathrm{ln} name a function; anything else is not math."""
        text = self.text
        close = text.find("}", self.at)
        word = text[self.at + 1:close].strip() if text.startswith("{", self.at) and close > 0 else ""
        self.at = close + 1
        if word == "e":  # \mathrm{e}: Euler's number, whatever the task's names
            self.tokens.append(Token("const", "e", start))
        elif word in FUNCTION_COMMANDS or word in BUILTIN_FUNCTIONS:
            self.tokens.append(Token("name", word, start, Fraction(1)))
        elif command in ("operatorname", "mathrm") and word.isalpha() and word.isascii():
            raise parse_error("unknown-function", start, name=word)
        else:
            raise parse_error("text-in-answer", start)
