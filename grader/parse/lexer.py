"""Text -> tokens. Plain math, Unicode math and a LaTeX subset share one token stream."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from grader.limits import DEFAULT_LIMITS, Limits
from grader.parse.errors import parse_error
from grader.parse.plusminus import written_both
from grader.parse.vocabulary import BUILTIN_FUNCTIONS, GREEK

OPERATOR_ALIASES = {
    "−": "-", "–": "-", "—": "-", "·": "*", "⋅": "*", "×": "*", "∙": "*", "∗": "*",
    "÷": "/", "＋": "+", "（": "(", "）": ")",
    "≈": "≈",  # working ends in a rounded result: 2.4 − 1.3824 = 1.0176 ≈ 1.02
    "ᵀ": "ᵀ",  # a transposed vector (2.4, 1.92)ᵀ is the same vector here
}
PLAIN_OPERATORS = set("+-*/^()[]{},;=!|_&≈ᵀ%°")
SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
                "⁷": "7", "⁸": "8", "⁹": "9"}
SUBSCRIPT_DIGITS = set("₀₁₂₃₄₅₆₇₈₉")
DIGITS = set("0123456789")  # str.isdigit() also accepts ², which is an exponent here
# LaTeX commands that only space or size things.
IGNORED_COMMANDS = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                    "quad", "qquad", "displaystyle", "textstyle", "limits", "nolimits", "enspace",
                    "thinspace", "medspace", "thickspace", "negthinspace", "hline"}
# Commands that only set a letter's typeface or mark it as a vector: \vec{\theta} is θ, and
# \boldsymbol{\theta}^{(1)} a label. Their braces are not a group.
TYPEFACE_COMMANDS = {"vec", "mathbf", "boldsymbol", "bm", "mathit", "mathnormal", "pmb"}
# A unit after the number: \text{meters}, \mbox{ cm}. Read as a note, never as math.
TEXT_COMMANDS = {"text", "textnormal", "textrm", "textbf", "textit", "mbox"}
COMMAND_OPERATORS = {"cdot": "*", "times": "*", "div": "/", "ast": "*", "approx": "≈",
                     "top": "ᵀ", "intercal": "ᵀ"}
FUNCTION_COMMANDS = {"sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan",
                     "sinh", "cosh", "tanh", "exp", "ln", "log"}
STRUCTURE_COMMANDS = {"frac", "dfrac", "tfrac", "cfrac", "sqrt", "sum"}
MATRIX_ENVIRONMENTS = {"pmatrix", "bmatrix", "matrix", "Bmatrix", "smallmatrix", "array"}
# array's column spec, {cc}, {c|c}, {rl}, {@{}c@{}}, {p{2cm}c}: its first argument is always
# layout, skipped
COLUMN_SPEC = re.compile(r"\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")
# the length after a row break, \\[4pt], \\[-3pt], \\[1.5em]: layout, skipped
ROW_SPACING = re.compile(r"\s*\[\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*"
                         r"(?:pt|mm|cm|in|em|ex|bp|pc|dd|cc|sp|mu)\s*\]")
# Word's linear format: ■(12&1@1&2) is a matrix, & between entries, @ between rows
WORD_MATRIX = "■"
ROOT_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")  # √5653, √2.5: the whole number is under the root
DETERMINANT_ENVIRONMENTS = {"vmatrix", "Vmatrix"}  # |a b; c d| is a number, not a matrix
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
# Between groups of three digits: a comma (also {,} and ,\! as LaTeX writes it), or a space.
GROUP_SEPARATOR = re.compile(r"\{,\}|,(?:[ ]?\\[!,;:][ ]?)?|\\[,;: ]|\\thinspace ?|[ \u00a0\u2009\u202f]")
GROUP_STARTS = {",", "{", "\\", " ", "\u00a0", "\u2009", "\u202f"}
# A decimal point or comma, {,} included: (1{,}02; 1{,}84).
DECIMAL_MARK = re.compile(r"(?:\.|,|\{,\})(?=[0-9])")
# 2.1\overline{6}, 0.\overline{3}: the digits under the bar repeat, an exact fraction
REPEATING = re.compile(r"\\(?:overline|bar)\s*\{\s*([0-9]{1,12})\s*\}")
# 2.1666..., 2.1666…, 2.1666\ldots: a decimal cut off; read as written, with a note
TRAILING_DOTS = re.compile(r"\.\.\.|…|\\[lc]?dots(?![A-Za-z])")
# A unit: words, maybe with a power (cm^2) or a slash (m/s), and nothing but a full stop after it.
UNIT = re.compile(r"[^\W\d_]+(?:\s*[/^]?\s*[^\W_]+)*")
AFTER_UNIT = re.compile(r"(?:\s|\$|\^\{?[0-9]\}?|\.)*")
DEGREES = re.compile(r"\^\s*(?:\{\s*\\circ\s*\}|\\circ(?![A-Za-z]))")
SCIENTIFIC = re.compile(r"[eE]([+-]?)([0-9]+)(?![A-Za-z0-9])")
# Word's equation editor writes letters as Mathematical Alphanumeric Symbols (𝜃 U+1D703, 𝐽, 𝑥),
# and its italic h as ℎ (U+210E): each is the plain letter or digit it stands for.
MATH_ALPHANUMERICS = re.compile("[\U0001D400-\U0001D7FF\u210e]")


# The lexer makes num, name, op, cmd, const and end; resolving names turns a name into var,
# data, sample, func, def or index.
def repeating_part(literal: str, digits: str) -> Fraction:
    """What the repeating ``digits`` after the decimal ``literal`` add: 2.1 and 6 give 6/90,
    so 2.1\\overline{6} is 2.1 + 1/15 = 13/6."""
    places = len(literal.partition(".")[2])
    return Fraction(int(digits), 10**places * (10**len(digits) - 1))


TokenKind = Literal["num", "name", "op", "cmd", "end", "const", "var", "data", "sample", "func",
                    "def", "index", "unit"]


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str
    pos: int
    value: Fraction | None = None


def tokenize(text: str, limits: Limits = DEFAULT_LIMITS, names: frozenset[str] = frozenset(),
             components: int | None = None) -> list[Token]:
    """``names``: the task's variables; where one is ``e`` or ``T``, 2e-1 and (..)^T are read
    as products and powers, not as scientific notation and transposes. ``components``: how
    many the task's answer has, when known (1 for one number), which decides how 7,425,000
    reads."""
    return _Lexer(text, limits, names, components).run()


def has_math_letters(text: str) -> bool:
    return MATH_ALPHANUMERICS.search(text) is not None


def plain_letters(text: str) -> str:
    """``𝐽(𝜃) = 12𝜃^2`` -> ``J(θ) = 12θ^2``, one character for one, so positions stay right.
    Only the math letters and digits are changed: NFKC of the whole text would also turn x²
    into x2."""
    if not has_math_letters(text):
        return text
    return MATH_ALPHANUMERICS.sub(lambda found: _plain(found.group()), text)


def _plain(ch: str) -> str:
    plain = unicodedata.normalize("NFKC", ch)
    return plain if len(plain) == 1 else ch  # an unassigned code point stays as it is


def semicolons_only_between_rows(text: str) -> bool:
    """Whether every ';' inside brackets stands between two bracketed rows, ``]; [`` or
    ``); (``, as in [[12,1];[1,2]]: then it only separates rows, and no ',' is a decimal comma."""
    depth, found = 0, False
    for at, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ";":
            if depth < 1 or _next_visible(text, at, -1) not in (")", "]") \
                    or _next_visible(text, at, 1) not in ("(", "["):
                return False
            found = True
    return found


def _next_visible(text: str, at: int, step: int) -> str:
    """The first character that is not a space from ``at`` in the direction ``step``."""
    at += step
    while 0 <= at < len(text) and text[at].isspace():
        at += step
    return text[at] if 0 <= at < len(text) else ""


def exact_literal(literal: str) -> Fraction:
    """The exact value of digits with at most one decimal point (``12.50`` is 25/2, ``.5`` is
    1/2): what ``Fraction(literal)`` gives, without its parsing of any text."""
    whole, _, decimals = literal.partition(".")
    return Fraction(int(whole + decimals), 10 ** len(decimals))


class _Lexer:
    def __init__(self, text: str, limits: Limits, names: frozenset[str],
                 components: int | None) -> None:
        self.text = text
        self.components = components
        self.names = names
        self.limits = limits
        self.scientific = "e" not in names and "E" not in names
        self.transpose = "T" not in names
        self.at = 0
        self.depth = 0
        self.tokens: list[Token] = []
        self.invisible: set[int] = set()  # closing braces of \vec{..}, \mathbf{..}
        # With ';' in the answer it separates components and ',' is a decimal comma (1,6);
        # not when it only separates bracketed rows, as in [[12,1];[1,2]].
        self.semicolon_lists = ";" in text and not semicolons_only_between_rows(text)
        # per open \begin{..} (False) or Word ■( (True): the bracket depth of its entries
        self.environments: list[tuple[bool, int]] = []
        self.word_matrix_ends: list[int] = []  # where each open ■( closes

    def run(self) -> list[Token]:
        text = self.text
        while self.at < len(text):
            ch = text[self.at]
            if ch.isspace() or ch == "$" or self.at in self.invisible:
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
                self._root()
            elif ch in VULGAR_FRACTIONS:
                self._emit("num", ch, self.at, VULGAR_FRACTIONS[ch])
                self.at += 1
            elif ch == "^" and ((self.transpose and self._mark(TRANSPOSE, "ᵀ")) or self._mark(DEGREES, "°")):
                pass
            elif ch == "ᵀ":  # a letter to Python, an operator here
                self._operator(ch)
            elif ch == WORD_MATRIX:
                self._word_matrix()
            elif self.word_matrix_ends and self.at == self.word_matrix_ends[-1]:
                self._emit("cmd", "end")
                self.word_matrix_ends.pop()
                self._close_environment(word=True)
                self.depth -= 1
                self.at += 1
            elif ch == "@" and self.word_matrix_ends:
                self._emit("op", "row")
                self.at += 1
            elif ch == "\u2061":  # Word's invisible function application: sin⁡𝑥
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

    def _root(self) -> None:
        """``√`` takes the whole number after it, as plain text and Word mean it (√5653, √2.5);
        ``\\sqrt20`` keeps TeX's rule of one character. Anything else after √ is its argument
        as for \\sqrt (√x, √(x+1))."""
        self._emit("cmd", "sqrt")
        self.at += 1
        number = ROOT_NUMBER.match(self.text, self.at)
        if number is None:
            return
        self._emit("op", "{")
        self._emit("num", number.group(), self.at, exact_literal(number.group()))
        self.at = number.end()
        self._emit("op", "}", self.at - 1)

    def _emit(self, kind: TokenKind, text: str, pos: int | None = None,
              value: Fraction | None = None) -> None:
        self.tokens.append(Token(kind, text, self.at if pos is None else pos, value))

    def _operator(self, ch: str) -> None:
        if ch == "±":
            self._plus_minus()
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
        end = self._digits(start)
        if text.startswith((".O", ".o", ",O", ",o"), end) and "O" not in self.names:
            raise parse_error("letter-o-in-number", end + 1)
        grouped = self._grouped(start, end)
        literal = text[start:end]
        if grouped is not None:  # 7,425,000 is one number; its groups are not components
            end, literal = grouped
        decimal = DECIMAL_MARK.match(text, end) if text[end:end + 1] in (".", ",", "{") else None
        if decimal is not None and (decimal.group() != "," or grouped is None) \
                and (decimal.group() != "," or self._decimal_comma(start, decimal.end())):
            after = self._digits(decimal.end())
            literal += "." + text[decimal.end():after]
            end = after
        elif text.startswith(".", end) and REPEATING.match(text, end + 1):
            literal, end = literal + ".", end + 1  # 0.\overline{3}
        value = exact_literal(literal)
        shown = literal  # as read: 9,6 shows as 9.6, 7,425,000 as 7425000
        if "." in literal and (repeating := REPEATING.match(text, end)) is not None:
            value += repeating_part(literal, repeating.group(1))
            shown = f"{literal}\\overline{{{repeating.group(1)}}}"
            end = repeating.end()
        elif "." in literal and (dots := TRAILING_DOTS.match(text, end)) is not None:
            shown = literal + "..."  # the parser notes it: repeating-decimal-dots
            end = dots.end()
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

    def _digits(self, at: int) -> int:
        while at < len(self.text) and self.text[at] in DIGITS:
            at += 1
        return at

    def _grouped(self, start: int, end: int) -> tuple[int, str] | None:
        """A number written in groups of three digits (7,425,000; 1 000; 12{,}000; 11,\\! 111):
        its end and digits, or None. On a vector task a comma separates components and a space
        is a missing comma, so there are no groups; where the task is not known, a comma groups
        only where it cannot be a decimal comma (two groups, or a decimal point after)."""
        text = self.text
        if (self.components or 0) > 1 or not 1 <= end - start <= 3 or text[start] == "0":
            return None
        if text[end:end + 1] not in GROUP_STARTS:
            return None
        at, digits, kinds = end, text[start:end], set()
        while (found := GROUP_SEPARATOR.match(text, at)) is not None:
            group_end = self._digits(found.end())
            if group_end - found.end() != 3:
                break
            kinds.add("comma" if "," in found.group() else "space")
            digits += text[found.end():group_end]
            at = group_end
        if not kinds or len(kinds) > 1:
            return None
        if "comma" in kinds and self.components is None:
            point_follows = text.startswith(".", at) and self._digits(at + 1) > at + 1
            if self.semicolon_lists or (len(digits) - (end - start) < 6 and not point_follows):
                return None
        return at, digits

    def _decimal_comma(self, start: int, digits: int) -> bool:
        """'1,6' is 1.6 in Dutch: when ';' separates components, or outside brackets; but a
        number has one decimal comma, so in 1,5,2 the commas separate components."""
        if self.semicolon_lists:
            return True
        text, after = self.text, self._digits(digits)
        comma_before = start > 1 and text[start - 1] == "," and text[start - 2] in DIGITS
        comma_after = text.startswith(",", after) and self._digits(after + 1) > after + 1
        # in a matrix environment & and \\ separate: \left[\begin{array}..2,4 & 1..\right]
        outside = self.environments[-1][1] if self.environments else 0
        return self.depth == outside and not comma_before and not comma_after

    def _name(self) -> None:
        start, text = self.at, self.text
        if text[start] in "Oo" and start > 0 and text[start - 1] in DIGITS | {"."} \
                and text[start] not in self.names:
            raise parse_error("letter-o-in-number", start)  # 1.8O, 1O: the letter for a zero
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

    def _mark(self, pattern: re.Pattern[str], op: str) -> bool:
        """A superscript that is a sign of its own: a transpose mark (the parser checks that it
        follows a vector), or the degree sign of 90^\\circ, 90^{\\circ} (as 90°)."""
        found = pattern.match(self.text, self.at)
        if found is None:
            return False
        self._emit("op", op)
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
                spacing = ROW_SPACING.match(text, self.at)
                if spacing is not None:
                    self.at = spacing.end()
            elif ch in ",;:! ()[]":
                pass  # spacing, and \( \) \[ \] math delimiters
            elif ch in "{}":
                self.depth += 1 if ch == "{" else -1
                self._emit("op", "(" if ch == "{" else ")", start)
            elif ch == "%":
                self._emit("op", "%", start)
            else:
                raise parse_error("unknown-command", start, command="\\" + ch)
            return
        name = text[start + 1:end]
        self.at = end
        if name in IGNORED_COMMANDS:
            if name in ("left", "right") and text.startswith(".", self.at):
                self.at += 1  # \left. and \right.: a delimiter that shows nothing
            return
        if name == "pm":
            self.at = start
            self._plus_minus()
        if name in TYPEFACE_COMMANDS:
            self._unbraced()
        elif name in ("circ", "degree"):
            self._emit("op", "°", start)
        elif name in COMMAND_OPERATORS:
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
        elif name in ("operatorname", "mathrm") or name in TEXT_COMMANDS:
            self._braced_word(start, name)
        else:
            raise parse_error("unknown-command", start, command="\\" + name)

    def _plus_minus(self) -> None:
        """± (\\pm) is two values: refused, naming them (a kind that reads a list reads both)."""
        minus, plus = written_both(self.text, self.at)
        raise parse_error("plus-minus", self.at, minus=minus, plus=plus)

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
        if environment in DETERMINANT_ENVIRONMENTS:
            raise parse_error("determinant-not-matrix", start, environment=environment)
        if environment not in MATRIX_ENVIRONMENTS and environment != "array":
            raise parse_error("unknown-environment", start, environment=environment)
        self._emit("cmd", which, start)
        self.at = close + 1
        if which == "begin":
            self.environments.append((False, self.depth))
            spec = COLUMN_SPEC.match(text, self.at) if environment == "array" else None
            if spec is not None:
                self.at = spec.end()
        else:
            self._close_environment(word=False)

    def _close_environment(self, word: bool) -> None:
        """An \\end or the ) of ■( closes its own kind; a mismatch is the parser's to refuse."""
        if self.environments and self.environments[-1][0] == word:
            self.environments.pop()

    def _word_matrix(self) -> None:
        """Word's ■(12&1@1&2): read as \\begin{matrix} 12 & 1 \\\\ 1 & 2 \\end{matrix}."""
        start, text = self.at, self.text
        if not text.startswith("(", start + 1):
            raise parse_error("word-linear-matrix", start)
        depth = 0
        for close in range(start + 1, len(text)):
            depth += {"(": 1, ")": -1}.get(text[close], 0)
            if depth == 0:
                self._emit("cmd", "begin", start)
                self.word_matrix_ends.append(close)
                self.depth += 1
                self.environments.append((True, self.depth))
                self.at = start + 2
                return
        raise parse_error("word-linear-matrix", start)

    def _unbraced(self) -> None:
        """The braces after \\vec or \\mathbf only delimit a letter: skip both."""
        text = self.text
        at = self.at
        while at < len(text) and text[at] == " ":
            at += 1
        if not text.startswith("{", at):
            return
        depth = 0
        for close in range(at, len(text)):
            depth += {"{": 1, "}": -1}.get(text[close], 0)
            if depth == 0:
                self.invisible.add(close)
                self.at = at + 1
                return

    def _braced_word(self, start: int, command: str) -> None:
        """\\operatorname{sin} and \\mathrm{ln} name a function, \\mathrm{d} a letter; a word
        after the math (\\text{ m}, \\mathrm{cm}) is a unit, kept apart and not checked;
        anything else is not math."""
        text = self.text
        close = text.find("}", self.at)
        word = text[self.at + 1:close].strip() if text.startswith("{", self.at) and close > 0 else ""
        self.at = close + 1
        if word == "e" and command != "operatorname":  # \mathrm{e}: Euler's number, whatever the task's names
            self.tokens.append(Token("const", "e", start))
        elif word in FUNCTION_COMMANDS or word in BUILTIN_FUNCTIONS:
            self.tokens.append(Token("name", word, start, Fraction(1)))
        elif command == "mathrm" and len(word) == 1 and word.isalpha():
            self.tokens.append(Token("name", word, start))  # \mathrm{d}: an upright letter
        elif self.tokens and UNIT.fullmatch(word) and AFTER_UNIT.fullmatch(text, self.at):
            self.tokens.append(Token("unit", word, start))
            self.at = len(text)
        elif command in ("operatorname", "mathrm") and word.isalpha() and word.isascii():
            raise parse_error("unknown-function", start, name=word)
        else:
            raise parse_error("text-in-answer", start)
