"""read_answer: the one way text from a student becomes something grader can check."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal, TypeAlias

import sympy as sp

from grader.limits import DEFAULT_LIMITS, Limits
from grader.parse.build import Builder
from grader.parse.errors import ParseError, parse_error
from grader.parse.lexer import Token, has_math_letters, plain_letters, tokenize
from grader.parse.matrix import Matrix
from grader.parse.parser import Parser, rename_sum_indices, resolve_names
from grader.parse.syntax import BinOp, MatrixRows, Neg, Node, Num, Vector, to_text
from grader.parse.vocabulary import Vocabulary, canonical_name

# A vector is the tuple of its components; a Matrix the tuple of its entries, row by row.
Value: TypeAlias = sp.Expr | tuple[sp.Expr, ...]
# What a chain whose working cannot be read gets: refused, or its result read alone.
UnreadableWorking: TypeAlias = Literal["refuse", "skip"]


@dataclass(frozen=True)
class Note:
    """How something was written that may matter: ``negative-base-notation`` at a position."""

    code: str
    position: int
    text: str


@dataclass(frozen=True)
class Answer:
    """An answer as read. ``value`` is the last part of a chain ``a = b ≈ c``; ``parts`` holds
    the value of every part and ``separators`` what stands between them ("=" or "≈"), so the
    working shown before the result can be checked. ``part_texts``: each part as read.
    ``literals``: per part and component, the number as written when it is one literal (for
    significant figures and rounded results). ``denominators``: every divisor that is not a
    plain number (SymPy turns 0/(sin²x+cos²x−1) into 0, so a division by zero must be looked
    for where it was written)."""

    text: str
    value: Value
    read_as: str
    parts: tuple[Value, ...]
    notes: tuple[Note, ...]
    separators: tuple[str, ...] = ()
    literals: tuple[tuple[str | None, ...], ...] = ()
    denominators: tuple[sp.Expr, ...] = ()
    part_texts: tuple[str, ...] = ()
    tree: tuple[Node, ...] = ()  # the syntax tree of every part, for MathML and highlighting

    @property
    def is_vector(self) -> bool:
        return isinstance(self.value, tuple)

    @property
    def written(self) -> tuple[str | None, ...]:
        """Per component of the result, the number as written when it is one literal."""
        return self.literals[-1] if self.literals else ()


def read_answer(text: str, vocabulary: Vocabulary, limits: Limits = DEFAULT_LIMITS, *,
                unreadable_working: UnreadableWorking = "refuse", keep: bool = False) -> Answer:
    """Read ``text`` as math; raise :class:`ParseError` if it is not math grader accepts.

    ``unreadable_working="skip"`` (a student's answer being graded): a chain ``A = B = V``
    whose working A, B cannot be read is read as V alone, with the note
    ``working-not-checked``; a teacher's answer is refused instead.

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> read_answer("2x^2", Vocabulary(variables={"x": x})).value
    2*x**2

    A matrix read before with the same names and limits is not read again, nor, with ``keep``,
    any other answer (a teacher's text, which every variant of an exercise reads again).
    """
    key = (text, vocabulary.reading_key, limits, unreadable_working)
    known = _READINGS.get(key)
    if known is not None:
        return known
    answer = _read(text, vocabulary, limits, unreadable_working)
    if (keep or isinstance(answer.value, Matrix)) and len(text) <= TEXT_KEPT:
        if len(_READINGS) >= READINGS_KEPT:
            _READINGS.clear()
        _READINGS[key] = answer
    return answer


# Answers read, per process: a matrix answer is long (its entries often symbolic, in LaTeX),
# reading it is most of grading it, and a class writes the same few. Only what was read within
# the limits is kept (a text that fails is read, and refused, every time), and the key holds
# the limits, so a hit skips no bound. Bounded in count and in the length of a text kept.
READINGS_KEPT = 2_048
TEXT_KEPT = 400
_READINGS: dict[tuple[str, tuple[object, ...], Limits, str], Answer] = {}


def _read(text: str, vocabulary: Vocabulary, limits: Limits,
          unreadable_working: UnreadableWorking = "refuse") -> Answer:
    math, repeat = _prepared(text, vocabulary, limits)
    try:
        return _read_math(text, math, vocabulary, limits, repeat)
    except ParseError as refused:
        if unreadable_working != "skip":
            raise
        for result in _skipping(math, refused):
            try:
                answer = _read_math(text, result.math, vocabulary, limits)
            except ParseError:
                continue
            unchecked = Note("working-not-checked", result.start, result.working)
            return replace(answer, notes=(unchecked, *answer.notes))
        raise


def _prepared(text: str, vocabulary: Vocabulary, limits: Limits) -> tuple[str, int]:
    """The math of ``text``: in bounds, letters made plain, the box, final stop and label
    blanked out (positions stay those of ``text``); and how many times its value stands for
    a component (``w = b = 2``: 2; else 0)."""
    if len(text) > limits.max_length:
        raise parse_error("too-long", None, limit=limits.max_length)
    _refuse_escape_damage(text)
    math, repeat = _boxed_only(_plain_math(text, vocabulary)), 0
    if (vocabulary.components or 0) > 1:
        math = _set_as_list(math)
        if LIST_WORDS.isdisjoint(_names(vocabulary)):
            math = _words_as_separators(math)
        chain = _names_chain(math, vocabulary)
        if chain is not None:
            math, repeat = _blank(math, 0, chain), vocabulary.components or 0
    return _without_labels(_without_final_stop(math)), repeat


# "2,29 en 15,71", "λ₁ ≈ 2.29 and λ₂ ≈ 15.71": a word between the items of a list answer
LIST_WORDS = frozenset({"en", "and"})
LIST_WORD = re.compile(r"\s(?:en|and|\\(?:text|mathrm|textrm|mbox)\s*\{\s*(?:en|and)\s*\})\s")
LIST_COMMA = re.compile(r",(?!\d)|(?<!\d),")  # a comma that is no decimal comma: 2.29, 15.71


# a starred name is the point's component: θ^*, x^{*}, w^\ast, b^{\star}
STAR = r"\^\s*(?:\{\s*(?:\*|\\ast|\\star)\s*\}|\*|\\ast(?![A-Za-z])|\\star(?![A-Za-z]))"
# w = b = 2, θ1 = θ2 = 0.5, w^* = b^* = 2: every component named, all with one value
CHAIN_NAME = r"\\?[^\W\d_]+[0-9₀-₉]*(?:_(?:\{\w+\}|\w))?(?:" + STAR + r")?"
NAMES_CHAIN = re.compile(rf"^\s*(?:{CHAIN_NAME}\s*(?:=|≈|\\approx(?![A-Za-z]))\s*){{2,}}")


def _names_chain(math: str, vocabulary: Vocabulary) -> int | None:
    """Where the value starts after a chain of the point's component names (``w = b = 2``), when
    it names each component once; refused (saying what to write) when it names only some of
    them; None when the text starts with no chain of two names or more, or they are not all
    components."""
    chain = NAMES_CHAIN.match(math)
    if chain is None:
        return None
    names = [canonical_name(re.sub(r"\\|\{|\}", "", re.sub(STAR, "", name.strip())))
             for name in re.split(r"=|≈|\\approx", chain.group()) if name.strip()]
    if not all(name in vocabulary.variables for name in names):
        return None
    count = vocabulary.components or 0
    if len(set(names)) != len(names) or len(names) != count:
        raise parse_error("names-chain", 0, names=", ".join(names), count=count)
    return chain.end()


ELEMENT_OF = re.compile(r"∈|\\in(?![A-Za-z])")


def _set_as_list(math: str) -> str:
    """``λ ∈ {2.29, 15.71}``, ``\\lambda \\in \\{2.29, 15.71\\}``, ``{2.29, 15.71}``: a set of
    values is the list of its elements (for eigenvalues, compared in any order; a point's
    components stay in the order written). The label and ∈ are blanked; plain braces around
    the whole list become brackets (``\\{…\\}`` already are)."""
    element = ELEMENT_OF.search(math)
    if element is not None and _is_label(math[:element.start()]) and not _separator(math, 0, element.start()):
        math = _blank(math, 0, element.end())
    start = len(math) - len(math.lstrip())
    end = len(math.rstrip()) - 1
    if start >= end or math[start] != "{" or math[end] != "}" or math[start - 1:start] == "\\":
        return math
    depths = _depths(math)
    if depths[end] != 1 or any(depths[at] == 0 for at in range(start + 1, end)):
        return math  # {a}{b}: two groups, not one set
    if not any(ch in ",;" and depths[at] == 1 for at, ch in enumerate(math[start:end], start)):
        return math
    return math[:start] + "(" + math[start + 1:end] + ")" + math[end + 1:]


def _names(vocabulary: Vocabulary) -> frozenset[str]:
    return frozenset((*vocabulary.variables, *vocabulary.data, *vocabulary.functions))


def _words_as_separators(math: str) -> str:
    """``en``/``and`` standing between top-level items becomes the list's separator: a comma
    when the list has list commas, else ``;`` (so ``2,29 en 15,71`` keeps its decimal commas).
    Blanked in place: positions stay those of the text."""
    depths = _depths(math)
    found = [m for m in LIST_WORD.finditer(math) if depths[m.start()] == 0]
    if not found:
        return math
    commas = any(depths[m.start()] == 0 for m in LIST_COMMA.finditer(math))
    mark = "," if commas and ";" not in math else ";"
    for word in reversed(found):
        middle = (word.start() + word.end()) // 2
        math = _blank(math, word.start(), word.end())
        math = math[:middle] + mark + math[middle + 1:]
    return math


def _read_math(text: str, math: str, vocabulary: Vocabulary, limits: Limits, repeat: int = 0) -> Answer:
    names = frozenset(vocabulary.variables)
    tokens, units = _units_apart(tokenize(math, limits, names, vocabulary.components))
    parser = Parser(resolve_names(rename_sum_indices(tokens, vocabulary),
                                  vocabulary), vocabulary, limits)
    nodes = _repeated(parser.answer(), repeat)
    if (vocabulary.components or 0) > 1 and not isinstance(nodes[-1], Vector | MatrixRows):
        _refuse_missing_comma(math, tokens, vocabulary.components or 0)
    builder = Builder(vocabulary, limits)
    # the working before the result may compute with vectors ((2, -1) - 0.1·(4, -6)); the
    # result itself is a value, never a calculation
    parts = tuple(_working_value(node, builder) for node in nodes[:-1]) + (_value(nodes[-1], builder),)
    notes = tuple(Note(n.code, n.position, n.text) for n in parser.notes) + units
    texts = tuple(to_text(n) for n in nodes)
    return Answer(text, parts[-1], _joined(texts, parser.separators), parts, notes,
                  tuple(parser.separators), tuple(_written(n) for n in nodes),
                  tuple(builder.denominators), texts, nodes)


def read_tree(text: str, vocabulary: Vocabulary, limits: Limits = DEFAULT_LIMITS, *,
              unreadable_working: UnreadableWorking = "refuse") -> tuple[tuple[Node, ...], tuple[str, ...]]:
    """Only the syntax tree of an answer (its parts and what separates them), without building
    any SymPy value: what a report needs to show the answer as it was read."""
    math, repeat = _prepared(text, vocabulary, limits)
    try:
        return _tree_of(math, vocabulary, limits, repeat)
    except ParseError as refused:
        if unreadable_working != "skip":
            raise
        for result in _skipping(math, refused):
            try:
                return _tree_of(result.math, vocabulary, limits)
            except ParseError:
                continue
        raise


def _tree_of(math: str, vocabulary: Vocabulary, limits: Limits,
             repeat: int = 0) -> tuple[tuple[Node, ...], tuple[str, ...]]:
    tokens, _ = _units_apart(tokenize(math, limits, frozenset(vocabulary.variables), vocabulary.components))
    parser = Parser(resolve_names(rename_sum_indices(tokens, vocabulary), vocabulary), vocabulary, limits)
    return _repeated(parser.answer(), repeat), tuple(parser.separators)


def _repeated(nodes: tuple[Node, ...], repeat: int) -> tuple[Node, ...]:
    """After ``w = b =``: each part (``4/2 = 2``) once for each component named."""
    if not repeat:
        return nodes
    if any(_has_vector(node) or _has_matrix(node) for node in nodes):
        raise parse_error("names-chain-value", None)
    return tuple(Vector((node,) * repeat) for node in nodes)


# -- a result after working that cannot be read ----------------------------------------------
# Refusals that stay refusals even in the working: the bounds hold for the whole text, and a
# division by zero is working that was read and has no value.
KEPT_REFUSALS = frozenset({"too-long", "too-deep", "too-many-nodes", "number-too-large", "number-too-long",
                           "matrix-too-large", "sum-too-long", "factorial-too-large", "degree-too-large",
                           "several-boxed", "escape-damage", "division-by-zero", "undefined-value"})
CHAIN_SEPARATOR = re.compile(r"=|≈|\\approx(?![A-Za-z])")


@dataclass(frozen=True)
class ResultAlone:
    """The math with all but its last part blanked out; ``start``: where that part starts;
    ``working``: what was blanked, as written."""

    math: str
    start: int
    working: str


def _result_alone(math: str, refused: ParseError) -> ResultAlone | None:
    """``θ^{(0)} - H^{-1}∇J = (0.70, -0.35)`` refused for its working: what follows the first
    top-level = or ≈ after the refusal's place (the last one when the refusal has no place),
    when the refusal is not a bound and there is working, but no list (``θ1 = \\foo, θ2 = 1.92``
    labels components: no chain)."""
    if refused.code in KEPT_REFUSALS:
        return None
    depths = _depths(math)
    separators = [found for found in CHAIN_SEPARATOR.finditer(math) if depths[found.start()] == 0]
    if refused.position is not None:
        separators = [found for found in separators if found.start() >= refused.position][:1]
    if not separators:
        return None  # the result itself cannot be read
    last = separators[-1]
    working = math[:last.start()].strip()
    if not working or any(ch in ",;" and depths[at] == 0 for at, ch in enumerate(math[:last.start()])):
        return None  # "=1+1" is no chain (a spreadsheet's formula), nor a labelled list
    return ResultAlone(_blank(math, 0, last.end()), last.end(), working)


def _skipping(math: str, refused: ParseError) -> Iterator[ResultAlone]:
    """What to read instead of working refused for a part it cannot read, in turn: the chain
    without that part, so that the links read are still checked (A = B = \\nabla J = V:
    A = B = V); else the result alone."""
    for result in (_without_unreadable_part(math, refused), _result_alone(math, refused)):
        if result is not None:
            yield result


def _without_unreadable_part(math: str, refused: ParseError) -> ResultAlone | None:
    """``A = B = X = V`` refused within X: the chain with X and the = before it blanked out,
    when there are readable links before it (``A = B``) and a result after it."""
    if refused.code in KEPT_REFUSALS or refused.position is None:
        return None
    depths = _depths(math)
    separators = [found for found in CHAIN_SEPARATOR.finditer(math) if depths[found.start()] == 0]
    before = [found for found in separators if found.end() <= refused.position]
    after = [found for found in separators if found.start() >= refused.position]
    if len(before) < 2 or not after:  # no link read before it: the result alone says as much
        return None
    start, end = before[-1].start(), after[0].start()
    if any(ch in ",;" and depths[at] == 0 for at, ch in enumerate(math[:end])):
        return None
    return ResultAlone(_blank(math, start, end), start, math[start:end].strip())


def _depths(text: str) -> list[int]:
    """The bracket depth before each character of ``text``, in one pass."""
    depths, depth = [], 0
    for ch in text:
        depths.append(depth)
        depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
    return depths


def tree_text(parts: tuple[Node, ...], separators: tuple[str, ...]) -> str:
    """An answer's syntax tree (``read_tree``) as text: its ``read_as`` when it is checked."""
    return _joined(tuple(to_text(n) for n in parts), list(separators))


def _plain_math(text: str, vocabulary: Vocabulary) -> str:
    """Word's math letters (𝜃, 𝐽, 𝑥) as the plain ones, unless the task itself names a
    variable with such a letter: then 𝐱 and x may be two names, and nothing is merged."""
    names = (*vocabulary.variables, *vocabulary.data, *vocabulary.functions)
    if any(has_math_letters(name) for name in names):
        return text
    return plain_letters(text)


def _refuse_missing_comma(math: str, tokens: list[Token], count: int) -> None:
    """On a vector task, one value with a space where a comma would go, as in (1.6 -0.4) or
    (2θ1 6θ2), is a vector with its comma missing, not a difference or a product."""
    for before, token, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if not (before.kind in OPERAND_KINDS or before.text == ")") or token.pos == 0 \
                or not math[token.pos - 1].isspace():
            continue
        signed = token.kind == "op" and token.text in "+-" and after.pos == token.pos + 1 \
            and after.kind in OPERAND_KINDS
        if signed or token.kind == "num":
            raise parse_error("missing-comma", token.pos, count=count)


OPERAND_KINDS = ("num", "name", "var", "const", "sample", "index")


def _units_apart(tokens: list[Token]) -> tuple[list[Token], tuple[Note, ...]]:
    """A unit after the answer (\\text{ cm}) is not math: it becomes a note, unchecked."""
    units = tuple(Note("unit-not-checked", t.pos, t.text) for t in tokens if t.kind == "unit")
    return ([t for t in tokens if t.kind != "unit"] if units else tokens), units


def _joined(texts: tuple[str, ...], separators: list[str]) -> str:
    joined = texts[0]
    for separator, text in zip(separators, texts[1:], strict=True):
        joined += f" {separator} {text}"
    return joined


# -- what is not part of the math ----------------------------------------------------------
# Characters a double-quoted YAML string makes of LaTeX: "\theta" is a tab and "heta", "\frac"
# a form feed and "rac". They never belong in an answer.
ESCAPE_DAMAGE = {"\b": "\\b", "\f": "\\f", "\v": "\\v", "\r": "\\r", "\a": "\\a", "\x1b": "\\e"}
DAMAGED = re.compile("[" + "".join(ESCAPE_DAMAGE) + r"]|\t(?:heta|imes|ext|an|anh|op|au|ilde|frac|riangle)")


def _refuse_escape_damage(text: str) -> None:
    found = DAMAGED.search(text)
    if found is not None:
        ch = found.group()[0]
        raise parse_error("escape-damage", found.start(), unicode=f"U+{ord(ch):04X}",
                          escape=ESCAPE_DAMAGE.get(ch, "\\t"))


def _without_final_stop(text: str) -> str:
    """'1.6.' ends a sentence: the final full stop is not part of the number."""
    stripped = text.rstrip(" \t\n$")
    if stripped.endswith(".") and not stripped.endswith(".."):
        at = len(stripped) - 1
        return text[:at] + " " + text[at + 1:]
    return text


BOXED = "\\boxed{"


def _boxed_only(text: str) -> str:
    """``x = 2 + 3 = \\boxed{5}``: the boxed part is the answer; the rest is blanked out (not
    cut, so that positions in messages stay right). Two boxes are two answers: refused."""
    start = text.find(BOXED)
    if start < 0:
        return text
    if text.find(BOXED, start + 1) >= 0:
        raise parse_error("several-boxed", text.find(BOXED, start + 1))
    depth, inner = 0, start + len(BOXED)
    for close in range(inner - 1, len(text)):
        depth += {"{": 1, "}": -1}.get(text[close], 0)
        if depth == 0:
            return " " * inner + text[inner:close] + " " * (len(text) - close)
    raise parse_error("unexpected-end", len(text), expected="}")


# A label names what follows: ∂Z/∂x, dZ/dx, δZ/δx, Z_x, f_xy, θ1, θ_{1}, θ_new, \theta^{(1)},
# J'(θ), J^{\prime}, f(x, y), (p, q). It is blanked out (not cut, so that positions in messages
# stay right).
LABEL_MARKS = ("∂", "\\partial", "∇", "\\nabla", "'", "′", "\\prime", "d/d", "\\frac{d",
               "\\frac{\\mathrm{d}", "\\right|_")  # \right|_{x=1}: evaluated at
LEIBNIZ = re.compile(r"^\s*(?:d|δ|\\delta\s*)\s*[^\W\d_]\w*\s*/\s*(?:d|δ|\\delta\s*)\s*[^\W\d_]\w*\s*$")
NAME_LABEL = re.compile(
    r"^\s*\\?[^\W\d_]+[0-9₀-₉]*"                     # θ, theta, \theta, θ1, θ₁, Z
    r"(?:_(?:\{[^{}=]*\}|[^\W_]+))?"                  # _1, _{1}, _x, _xy, _new
    r"(?:\^\{?\(\w+\)\}?|" + STAR + r")?"                # ^(1), ^{(1)}, ^*
    r"(?:\s*\([^()=]*\))?\s*$")                       # (x, y)
# a directional derivative: D_u f, D_{\vec u} Z(1, 2), D_{\mathbf{u}} J
DIRECTIONAL_LABEL = re.compile(r"^\s*D_(?:\{[^{}=]*\}|[^\W_])(?:\s*\\?[^\W\d_]+)?(?:\s*\([^()=]*\))?\s*$")
LABEL_NAME = rf"\\?[^\W\d_]+(?:_\{{?\w+\}}?)?(?:{STAR})?"
TUPLE_LABEL = re.compile(rf"^\s*\(\s*{LABEL_NAME}(?:\s*,\s*{LABEL_NAME})+\s*\)\s*$")  # (θ1, θ2), (p, q)
# What only dresses a label: \boldsymbol{\theta}^{(1)} is θ^{(1)}, \quad \theta_2 is θ_2.
LABEL_DRESS = re.compile(r"\\(?:vec|mathbf|boldsymbol|bm|mathit|mathnormal|pmb)\s*\{([^{}]*)\}|"
                         r"\\(?:quad|qquad|displaystyle|textstyle|left|right)(?![A-Za-z])|\\[,;:! ]")
# = and the signs that also end a label: x ≈ 11 names x like x = 11.
SEPARATORS = re.compile(r":=|←|\\leftarrow|\\gets|<-|=|≈|\\approx(?![A-Za-z])")


def _is_label(text: str) -> bool:
    text = text.strip().strip("$")
    if any(mark in text for mark in LABEL_MARKS):
        return True
    text = LABEL_DRESS.sub(lambda found: found.group(1) or " ", text).strip()
    return bool(text) and (bool(LEIBNIZ.match(text)) or bool(NAME_LABEL.match(text))
                           or bool(TUPLE_LABEL.match(text)) or bool(DIRECTIONAL_LABEL.match(text)))


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _separator(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first = (or ≈, :=, ←) between ``start`` and ``end`` outside braces: the = of
    ``\\right|_{x=1}`` is part of the label."""
    end = len(text) if end is None else end
    for found in SEPARATORS.finditer(text, start, end):
        between = text[start:found.start()]
        if between.count("{") == between.count("}"):
            return found
    return None


def _without_labels(text: str) -> str:
    """``θ1 = 2.4, θ2 = 1.92`` -> ``      2.4,       1.92``; ``dZ/dx = 4x^3`` -> ``4x^3``."""
    if not SEPARATORS.search(text):
        return text
    labelled = _labelled_components(text)
    if labelled:
        for start, separator in reversed(labelled):
            text = _blank(text, start, separator.end())
        return text
    found = _separator(text)
    if found is not None and _is_label(text[:found.start()]):
        return _blank(text, 0, found.end())
    return text


def _labelled_components(text: str) -> list[tuple[int, re.Match[str]]]:
    """Where each component's label starts and its separator, when every component of a list
    carries exactly one label; else nothing."""
    pieces = top_level_spans(text, ";" if ";" in text else ",")
    if len(pieces) < 2:
        return []
    labelled = []
    for start, end in pieces:
        found = _separator(text, start, end)
        if found is None or not _is_label(text[start:found.start()]) or _separator(text, found.end(), end):
            return []
        labelled.append((start, found))
    return labelled


def component_labels(text: str) -> tuple[str, ...]:
    """The label of each component when every one carries one: ``y = 19, x = 2`` gives
    ``("y", "x")``; ``(19, 2)`` or a partly labelled list gives ``()``. Found as
    :func:`read_answer` finds them (inside ``\\boxed{}`` too) before it blanks them out."""
    text = _without_final_stop(_words_as_separators(_boxed_only(plain_letters(text))))
    if not SEPARATORS.search(text):
        return ()
    return tuple(re.sub(STAR, "", text[start:found.start()]).strip().strip("$").strip()
                 for start, found in _labelled_components(text))


def top_level_spans(text: str, separator: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between the ``separator`` characters that stand outside brackets
    and braces."""
    pieces, depth, start = [], 0, 0
    for at, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == separator and depth == 0:
            pieces.append((start, at))
            start = at + 1
    pieces.append((start, len(text)))
    return pieces


# -- values ----------------------------------------------------------------------------------
def _value(node: Node, builder: Builder) -> Value:
    if isinstance(node, Vector):
        return tuple(builder.build(item) for item in node.items)
    if isinstance(node, MatrixRows):
        return Matrix((builder.build(entry) for entry in node.entries), len(node.rows[0]))
    return builder.build(node)


def _working_value(node: Node, builder: Builder) -> Value:
    """A part of the working: vectors added, subtracted, negated, scaled and divided by a
    number componentwise; anything else as in a result."""
    if isinstance(node, Vector | MatrixRows):
        return _value(node, builder)
    if _has_matrix(node):  # H·(1, 2) and 2·H are for the tasks that ask for them, not read here
        raise parse_error("matrix-in-expression", None)
    if isinstance(node, Neg) and _has_vector(node.operand):
        return _componentwise(lambda a, _: -a, _working_value(node.operand, builder), sp.Integer(0))
    if isinstance(node, BinOp) and node.op in "+-*/" and (_has_vector(node.left) or _has_vector(node.right)):
        a, b = _working_value(node.left, builder), _working_value(node.right, builder)
        if node.op in "+-" and isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
            return _componentwise((lambda x, y: x + y) if node.op == "+" else (lambda x, y: x - y), a, b)
        if node.op == "*" and isinstance(a, tuple) and not isinstance(b, tuple):
            return _componentwise(lambda x, y: x * y, a, b)
        if node.op == "*" and isinstance(b, tuple) and not isinstance(a, tuple):
            return _componentwise(lambda x, y: y * x, b, a)
        if node.op == "/" and isinstance(a, tuple) and not isinstance(b, tuple) and b != 0:
            return _componentwise(lambda x, y: x / y, a, b)
        raise parse_error("vector-in-expression", None)
    return builder.build(node)


def _has_vector(node: Node) -> bool:
    match node:
        case Vector():
            return True
        case Neg(operand=operand):
            return _has_vector(operand)
        case BinOp(left=left, right=right):
            return _has_vector(left) or _has_vector(right)
    return False


def _has_matrix(node: Node) -> bool:
    match node:
        case MatrixRows():
            return True
        case Neg(operand=operand):
            return _has_matrix(operand)
        case BinOp(left=left, right=right):
            return _has_matrix(left) or _has_matrix(right)
    return False


def _componentwise(operation: Callable[[sp.Expr, sp.Expr], sp.Expr], vector: tuple[sp.Expr, ...],
                   other: Value) -> tuple[sp.Expr, ...]:
    others = other if isinstance(other, tuple) else (other,) * len(vector)
    return tuple(operation(a, b) for a, b in zip(vector, others, strict=True))


def _written(node: Node) -> tuple[str | None, ...]:
    items = node.items if isinstance(node, Vector) else \
        node.entries if isinstance(node, MatrixRows) else (node,)
    return tuple(_literal(item) for item in items)


def _literal(node: Node) -> str | None:
    """A number as written: 1.60, -0.5, 5.1e-2, and 1.38*10^-1 or 138·10^(-3) too."""
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Neg):
        inner = _literal(node.operand)
        return None if inner is None or inner.startswith("-") else "-" + inner
    if isinstance(node, BinOp) and node.op == "*" and isinstance(node.right, BinOp) \
            and node.right.op == "^" and isinstance(node.right.left, Num) and node.right.left.text == "10":
        mantissa, power = _literal(node.left), node.right.right
        if mantissa is not None and "·" not in mantissa and (
                isinstance(power, Num) or (isinstance(power, Neg) and isinstance(power.operand, Num))):
            return f"{mantissa}·10^({to_text(power)})"
    return None


__all__ = ["Answer", "Matrix", "Note", "ParseError", "component_labels", "read_answer", "read_tree"]
