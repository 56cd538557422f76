"""The nature of a stationary point: ``classify: true`` (the function's one stationary point),
``classify: {near: {x: 1, y: 2}}`` (of several, the one nearest) or ``classify: {at: {x: 0,
y: 0}}`` (a point where ∇f = 0). The answer is a word: minimum, maximum, saddle point or
undecided (nl: minimum, maximum, zadelpunt, onbeslist), decided by the signs of the Hessian's
eigenvalues there: all positive, all negative, both signs, or one of them 0.

Answer words are read by a fixed vocabulary (``NATURES``), case-insensitively, in English or
Dutch, never as math; a reason after the word (``minimum, want beide eigenwaarden > 0``) is
allowed and not graded; anything else is refused with the words accepted. The expected answer is
the word in the exercise's language, as a SymPy symbol, so it is shown and compared as any
other answer is.

Its mistakes: the nature of the opposite sign (a minimum for a maximum), a saddle point taken
for an extremum (by one positive eigenvalue, or the trace), an extremum taken for a saddle
point, a zero eigenvalue not seen, and "undecided" where the eigenvalues do decide.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

import sympy as sp

from grader import messages
from grader.diagnose.engine import Context
from grader.diagnose.models import Finding
from grader.kinds.base import Expected, Kind, Reading
from grader.kinds.eigenvalues import eigenvalues_of, subscript
from grader.kinds.second_order import POINT, asked, point_text, read_point, symbolic_hessian
from grader.kinds.stationary import chosen_point
from grader.kinds.stationary import point_text as point_shown
from grader.limits import Limits
from grader.parse import Answer
from grader.parse.answer import Value
from grader.parse.errors import parse_error
from grader.parse.mathtext import expression_text, number_text, value_text
from grader.parse.matrix import Matrix
from grader.parse.syntax import Node, Var
from grader.reading.yamlio import LineMap
from grader.report.labels import gettext_for

if TYPE_CHECKING:
    from grader.exercise.model import Problem, Task

CLASSIFY_KEYS = ("at", "near")
NATURES = ("minimum", "maximum", "saddle", "undecided")
# the word shown for each nature, by language
WORDS = {
    "en": {"minimum": "minimum", "maximum": "maximum", "saddle": "saddle point", "undecided": "undecided"},
    "nl": {"minimum": "minimum", "maximum": "maximum", "saddle": "zadelpunt", "undecided": "onbeslist"}}
# what a student may write for each nature, after ``normalised``: either language
SPELLINGS = {
    "minimum": ("minimum", "min", "local minimum", "lokaal minimum", "minimum point", "minimumpunt",
                "minimum punt"),
    "maximum": ("maximum", "max", "local maximum", "lokaal maximum", "maximum point", "maximumpunt",
                "maximum punt"),
    "saddle": ("saddle point", "saddle", "saddlepoint", "saddle-point", "zadelpunt", "zadel", "zadel punt"),
    "undecided": ("undecided", "inconclusive", "onbeslist", "onbepaald"),
}
NATURE_OF = {spelling: nature for nature, spellings in SPELLINGS.items() for spelling in spellings}
MAX_WORD_LENGTH = 60
# a nature named in a sentence of notes: any spelling, as a whole word, the longest first
NATURE_WORD = re.compile(r"(?<![\w-])(?:" + "|".join(
    re.escape(w) for w in sorted(NATURE_OF, key=len, reverse=True)) + r")(?![\w-])")
NEGATION = re.compile(r"\b(?:geen|niet|not|no|isn't|is not|nor|noch)\b")
MAX_JUSTIFIED_LENGTH = 400
ARTICLE = re.compile(r"^(?:a|an|the|een|het|de)\s+")
# "it is a minimum", "het is een zadelpunt": the nature is what follows
IT_IS = re.compile(r"^(?:it is|this is|het is|dit is|is)\s+")
# Where a justification starts: "lokaal minimum, want beide eigenwaarden > 0". The word is the
# first clause; the reason after it is not graded.
CLAUSE_END = re.compile(r"[,;:(]|\s[-–—]\s|\s(?:want|omdat|aangezien|because|since|as)\s", re.IGNORECASE)
WRAPPED = re.compile(r"^\\(?:text|mathrm|textrm|textbf|mbox)\s*\{(.*)\}$")


def nature_of_answer(text: str) -> str:
    """The nature a student's word names; raises ``ParseError`` (with the words accepted)
    for anything else. ``Saddle point.``, ``een zadelpunt``, ``\\text{minimum}`` are read."""
    nature = NATURE_OF.get(normalised(text)) or _justified_nature(text)
    if nature is None:
        shown = text.strip() if len(text.strip()) <= MAX_WORD_LENGTH else text.strip()[:MAX_WORD_LENGTH] + "…"
        raise parse_error("nature-unknown", None, word=shown)
    return nature


def _justified_nature(text: str) -> str | None:
    """The nature named by the first clause of a justified answer (``lokaal minimum, want beide
    eigenwaarden > 0``, ``saddle point because λ₁ < 0 < λ₂``); None when that clause is not a
    nature word or there is no reason after it."""
    if len(text) > MAX_JUSTIFIED_LENGTH:
        return None
    end = CLAUSE_END.search(text)
    if end is None or not text[end.end():].strip() or normalised(text[end.end():]) in NATURE_OF:
        return None  # no reason, or a second nature ("minimum, maximum"): no one answer
    return NATURE_OF.get(ARTICLE.sub("", IT_IS.sub("", normalised(text[:end.start()]))))


def normalised(text: str) -> str:
    word = text.strip()
    if len(word) > MAX_WORD_LENGTH:
        return ""
    wrapped = WRAPPED.match(word)
    if wrapped is not None:
        word = wrapped.group(1)
    word = " ".join(word.casefold().rstrip(".!").split())
    return ARTICLE.sub("", word)


def nature_by_signs(values: tuple[sp.Expr, ...]) -> str | None:
    """minimum (all positive), maximum (all negative), saddle (both signs), undecided (a 0 and
    the rest of one sign); None when a sign cannot be decided exactly."""
    signs = []
    for value in values:
        if value == 0 or value.is_zero:
            signs.append(0)
        elif value.is_positive:
            signs.append(1)
        elif value.is_negative:
            signs.append(-1)
        else:
            return None
    if 1 in signs and -1 in signs:
        return "saddle"
    if 0 in signs:
        return "undecided"
    return "minimum" if signs[0] > 0 else "maximum"


def asked_near(settings: dict[str, Any]) -> str | None:
    """``near: {x: 2, y: 0}`` as the teacher wrote it, ``2, 0``, for the prompt."""
    near = settings.get("near")
    return ", ".join(str(v) for v in near.values()) if isinstance(near, dict) else None


def language_of(task: Task) -> str:
    """The exercise's language, in which the task's words are shown: "minimum" is both."""
    language = dict(task.asked).get("language")
    return language.name if isinstance(language, sp.Symbol) and language.name in WORDS else "en"


def nature_of_expected(expected: Value) -> str | None:
    name = expected.name if isinstance(expected, sp.Symbol) else ""
    return next((n for words in WORDS.values() for n, w in words.items() if w == name), None)


class Classify(Kind):
    name = "classify"
    schema: ClassVar[dict[str, Any]] = {"anyOf": [
        {"const": True},
        {"type": "object", "properties": {"at": POINT, "near": POINT}, "additionalProperties": False}]}

    def expected(self, given: Any, line: int, data: LineMap, reading: Reading) -> Expected | None:
        function = reading.function
        if function is None:
            if not reading.function_failed:
                reading.error(line, "a classify task needs the problem's 'function'")
            return None
        if given is not True and not isinstance(given, dict):
            reading.error(line, "classify takes true, {at: {x: 0, y: 0}} or {near: {x: 1, y: 2}}")
            return None
        settings = given if isinstance(given, dict) else {}
        extra = sorted(str(k) for k in settings if k not in CLASSIFY_KEYS)
        if extra or len(settings) > 1:
            reading.error(line, f"classify: unknown key(s) {', '.join(extra)}; it takes at or near" if extra
                          else "classify takes at or near, not both")
            return None
        point = self.point(function, settings, line, reading)
        if point is None:
            return None
        at_line = settings.line_of("at") if isinstance(settings, LineMap) and "at" in settings else line
        here = dict(zip(reading.parameters, point, strict=True))
        symbolic = symbolic_hessian(function, reading.parameters)
        hessian = Matrix((sp.simplify(e.xreplace(here)) for e in symbolic), symbolic.columns)
        if any(not e.is_finite for e in hessian):
            reading.error(at_line, f"classify: the Hessian is not defined at {point_shown(point)}; "
                                   "choose another point")
            return None
        values = eigenvalues_of(hessian)
        nature = nature_by_signs(values) if values is not None else None
        if values is None or nature is None:
            reading.error(at_line, f"classify: the signs of the eigenvalues of {value_text(hessian, True)} "
                                   "cannot be decided exactly; choose another point or function")
            return None
        lang = reading.lang if reading.lang in WORDS else "en"
        prompt = self.prompt(point, settings, lang)
        return Expected(sp.Symbol(WORDS[lang][nature]), False,
                        asked=(("point", point), ("hessian", hessian), ("eigenvalues", values),
                               ("language", sp.Symbol(lang))),
                        prompt=prompt)

    def prompt(self, point: tuple[sp.Expr, ...], settings: dict[str, Any], lang: str) -> str:
        """The point named when the teacher gave it; a point found is not: it may be the answer
        of a stationary task beside this one."""
        if "at" in settings:
            return messages.render("prompt-classify", (("point", point_shown(point)),), lang)
        near = asked_near(settings)
        where = "" if near is None else messages.render("prompt-stationary-near", (("point", near),), lang)
        return messages.render("prompt-classify-found", (("near", where),), lang)

    def point(self, function: sp.Expr, settings: dict[str, Any], line: int,
              reading: Reading) -> tuple[sp.Expr, ...] | None:
        """The point classified: the one given (checked to be stationary) or the one found."""
        if "at" not in settings:
            chosen = chosen_point("classify", function, settings, line, reading)
            return None if chosen is None else chosen[0]
        at_line = settings.line_of("at") if isinstance(settings, LineMap) else line
        point = read_point(settings["at"], at_line, "classify", [p.name for p in reading.parameters], reading)
        if point is None:
            return None
        here = dict(zip(reading.parameters, point, strict=True))
        gradient = tuple(sp.simplify(sp.diff(function, p).xreplace(here)) for p in reading.parameters)
        if any(g != 0 for g in gradient):
            shown = ", ".join(number_text(g) for g in gradient)
            reading.error(at_line, f"classify: {point_shown(point)} is not a stationary point: ∇f there is "
                                   f"({shown}); give a point where ∇f = 0")
            return None
        return point

    # -- grading ---------------------------------------------------------------------------
    def read(self, text: str, task: Task, limits: Limits) -> Answer:
        """A word, never math: ``saddle point``, ``Zadelpunt.``, ``\\text{minimum}``."""
        word = self.word(text, task)
        value = sp.Symbol(word)
        return Answer(text, value, word, (value,), ())

    def read_shown(self, text: str, task: Task, limits: Limits) -> tuple[tuple[Node, ...], tuple[str, ...]]:
        """The word as it will be graded, for the preview."""
        return (Var(self.word(text, task)),), ()

    def word(self, text: str, task: Task) -> str:
        return WORDS[language_of(task)][nature_of_answer(text)]

    def findings(self, task: Task, given: Value, context: Context) -> list[Finding]:
        """Which reading of the eigenvalues gives the word written."""
        right, wrong = nature_of_expected(task.expected), nature_of_expected(given)
        if right is None or wrong is None or right == wrong:
            return []
        extrema = ("minimum", "maximum")
        if right in extrema and wrong in extrema:
            return [Finding("nature-opposite")]
        if right == "saddle" and wrong in extrema:
            return [Finding("saddle-as-extremum", (("given", given.name),))]  # type: ignore[union-attr]
        if right in extrema and wrong == "saddle":
            return [Finding("extremum-as-saddle")]
        if right == "undecided":
            return [Finding("zero-eigenvalue")]
        return [Finding("not-undecided")]

    # -- notes ---------------------------------------------------------------------------------
    words_not_found: ClassVar[str | None] = "notes-nature-not-found"

    def answer_in_words(self, words: str, task: Task) -> str | None:
        """``Beide positief, dus een minimum.``: the one nature a sentence names (its word as
        written, which ``read`` reads); none in a
        sentence that names two (``geen minimum maar een zadelpunt``) or denies (``geen``,
        ``not``): a word read wrong would cost the student a point written right."""
        text = words.casefold()
        written = [m.group(0) for m in NATURE_WORD.finditer(text)]
        if len({NATURE_OF[w] for w in written}) != 1 or NEGATION.search(text):
            return None
        return written[0]  # as written: the answer shows the student's word

    def at_point(self, task: Task) -> tuple[sp.Expr, ...] | None:
        point = asked(task, "point")
        return point if isinstance(point, tuple) else None

    # -- showing -------------------------------------------------------------------------------
    def working(self, task: Task, problem: Problem, lang: str) -> tuple[str, ...]:
        """The point, H there, its eigenvalues and their signs, the nature."""
        point, hessian, values = asked(task, "point"), asked(task, "hessian"), asked(task, "eigenvalues")
        if not isinstance(point, tuple) or not isinstance(hessian, Matrix) or not isinstance(values, tuple):
            return ()
        words = gettext_for(lang)
        names = [f"λ{subscript(k + 1)}" for k in range(len(values))]
        signs = ", ".join(_signed(n, v) for n, v in zip(names, values, strict=True))
        return (f"H {point_text(problem, point, lang)}: {value_text(hessian, True)}",
                f"{words('eigenvalues')}: {signs}",
                f"{words('nature')}: {expression_text(task.expected)}")


def _signed(name: str, value: sp.Expr) -> str:
    """``λ₁ = 0``, ``λ₂ = 2/5 > 0``."""
    if value == 0:
        return f"{name} = 0"
    return f"{name} = {number_text(value)} {'>' if value.is_positive else '<'} 0"

