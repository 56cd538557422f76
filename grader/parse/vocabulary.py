"""Which names an answer may use, and how each spelling of a name maps to one symbol.

A student may write ``θ1``, ``θ₁``, ``theta1``, ``theta_1``, ``\\theta_1`` for one variable;
all become the canonical name ``θ1``. Letters run together (``xy``, ``sinx``) are split
greedily into known names, so ``3x^2y^2`` reads as ``3*x^2*y^2``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Literal

import sympy as sp

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "omicron": "ο", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Phi": "Φ", "Psi": "Ψ",
    "Omega": "Ω", "vartheta": "θ", "varphi": "φ", "varepsilon": "ε",
}
SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
# Symbols other spellings of which a student may use.
LETTER_VARIANTS = str.maketrans({"ϑ": "θ", "ϕ": "φ", "ϵ": "ε"})

BUILTIN_FUNCTIONS: Mapping[str, str] = MappingProxyType({
    "sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "asin": "asin", "acos": "acos",
    "atan": "atan", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "exp": "exp",
    "ln": "log", "log": "log", "sqrt": "sqrt", "abs": "Abs",
})
CONSTANTS = ("pi", "π", "e")
NameKind = Literal["var", "data", "index", "func", "def", "const", "sum"]


def canonical_name(text: str) -> str:
    """``theta_1`` / ``θ₁`` / ``ϑ1`` -> ``θ1``: the form names are stored in."""
    text = text.translate(SUBSCRIPT_DIGITS).translate(LETTER_VARIANTS).replace("_", "")
    for word in sorted(GREEK, key=len, reverse=True):
        if text.startswith(word):
            return GREEK[word] + text[len(word):]
    return text


def spellings(name: str) -> set[str]:
    """Every way a run of letters may spell the canonical ``name`` (``θ1`` -> ``theta1``)."""
    found = {name}
    for word, letter in GREEK.items():
        if name.startswith(letter) and word.islower():
            found.add(word + name[len(letter):])
    return found


@dataclass(frozen=True)
class FunctionDefinition:
    """A function the exercise defines, such as ``h(x) = θ0 + θ1 x``; calls are inlined."""

    name: str
    parameters: tuple[sp.Symbol, ...]
    body: sp.Expr

    def apply(self, arguments: tuple[sp.Expr, ...]) -> sp.Expr:
        return self.body.xreplace(dict(zip(self.parameters, arguments, strict=True)))


@dataclass(frozen=True)
class Vocabulary:
    """The names one answer may use.

    ``variables``: canonical name -> Symbol. ``data``: names of samples written ``x^(i)`` or
    ``x_i`` (SymPy ``Indexed``), with ``index`` the sample index and ``size`` the number of
    samples, the default bounds of a bare Σ. ``components``: how many the task's answer has,
    when known (1: one value), so that 7,425,000 reads as one number where one is asked.
    """

    variables: Mapping[str, sp.Symbol] = field(default_factory=dict)
    data: Mapping[str, sp.IndexedBase] = field(default_factory=dict)
    index: sp.Symbol | None = None
    size: sp.Symbol | None = None
    functions: Mapping[str, FunctionDefinition] = field(default_factory=dict)
    components: int | None = None

    def __hash__(self) -> int:
        return id(self)

    @cached_property
    def euler_is_constant(self) -> bool:
        return "e" not in self.variables

    @cached_property
    def lexicon(self) -> dict[str, tuple[NameKind, str]]:
        """Spelling -> (kind, canonical name); kinds: var, data, index, func, def, const, sum."""
        table: dict[str, tuple[NameKind, str]] = {}
        for spelling in BUILTIN_FUNCTIONS:
            table[spelling] = ("func", spelling)
        table["sum"] = ("sum", "sum")
        for spelling in ("pi", "π"):
            table[spelling] = ("const", "pi")
        if self.euler_is_constant:
            table["e"] = ("const", "e")
        for name in self.functions:
            for spelling in spellings(name):
                table[spelling] = ("def", name)
        for name in self.data:
            for spelling in spellings(name):
                table[spelling] = ("data", name)
        if self.index is not None:
            table[self.index.name] = ("index", self.index.name)
        for name in self.variables:
            for spelling in spellings(name):
                table[spelling] = ("var", name)
        return table

    @cached_property
    def reading_key(self) -> tuple[object, ...]:
        """All that reading an answer depends on, as a key: the variants of an exercise hold
        equal vocabularies in objects of their own (``__hash__`` is the object's)."""
        return (tuple(self.variables.items()), tuple(self.data.items()), self.index, self.size,
                tuple(self.functions.items()), self.components)

    @cached_property
    def longest_spelling(self) -> int:
        return max(len(s) for s in self.lexicon)

    def split(self, run: str) -> list[tuple[NameKind, str, int]] | int:
        """Split a run of letters into known names: [(kind, name, offset)], or the offset
        of the first part that is no known name."""
        pieces: list[tuple[NameKind, str, int]] = []
        at = 0
        while at < len(run):
            for length in range(min(self.longest_spelling, len(run) - at), 0, -1):
                entry = self.lexicon.get(run[at:at + length])
                if entry is not None:
                    pieces.append((entry[0], entry[1], at))
                    at += length
                    break
            else:
                return at
        return pieces

    def describe(self) -> str:
        """The names a student may use, for error messages: ``x, y``."""
        names = sorted(self.variables) + [f"{d}^(i)" for d in sorted(self.data)]
        names += [f"{f}(…)" for f in sorted(self.functions)]
        return ", ".join(names) if names else "(numbers only)"


UNIT_AFTER_NUMBER = re.compile(r"[0-9]\s+([^\W\d_]{2,})\s*\.?\s*$")


def unit_word(text: str, known: frozenset[str] = frozenset()) -> str | None:
    """A word after the number that ends a teacher's answer (``125 miles``): with no variables
    listed, its letters would silently become variables multiplied together, so it is named."""
    found = UNIT_AFTER_NUMBER.search(text)
    if found is None:
        return None
    word = found.group(1)
    if canonical_name(word) != word or word in BUILTIN_FUNCTIONS or word in CONSTANTS or word in known:
        return None
    return word


ONE_GROUP = re.compile(r"(?<![\d.,{])[1-9]\d{0,2}(?:,|\{,\})\d{3}(?![\d,.])")


def comma_or_thousands(text: str) -> str | None:
    """A number such as ``1,000`` outside brackets, in a teacher's answer whose task is not yet
    known: read with a decimal comma (1.000), though a thousand may be meant."""
    for found in ONE_GROUP.finditer(text):
        before = text[:found.start()]
        if before.count("(") + before.count("[") == before.count(")") + before.count("]") \
                and ";" not in text:
            return found.group()
    return None


def free_names(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The variable names in a teacher's expression, for an ``answer:`` task that lists none:
    each letter run is split into function names, constants, Greek letters (θ1, theta_1) and
    single letters, as the reader would split it (``2xy`` -> x, y; ``sin(θ1)`` -> θ1). Names in
    ``known`` (an exercise's parameters) are words of their own and no variables."""
    names: list[str] = []
    words = sorted({*BUILTIN_FUNCTIONS, "pi", "π", "e", "sum", "frac", "dfrac", "cdot", "sqrt",
                    "left", "right", "times", *known}, key=len, reverse=True)
    for run in re.findall(r"[^\W\d_][^\W_]*(?:_\{?[0-9]+\}?)?", text):
        run = canonical_name(run.replace("{", "").replace("}", ""))
        at = 0
        while at < len(run):
            word = next((w for w in words if run.startswith(w, at)), None)
            if word is not None:
                at += len(word)
                continue
            end = at + 1
            while end < len(run) and run[end].isdigit():
                end += 1
            if run[at].isalpha() and run[at:end] not in names:
                names.append(run[at:end])
            at = end
    return names
