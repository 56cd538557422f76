"""Exercise files: read the YAML, check it, and compute every task's expected answer.

An exercise is validated completely when it is loaded: every expression is read with the same
safe reader as student answers, every expected answer is computed (derivatives, gradients,
descent paths), and a teacher-written ``expected`` is checked against the computed one. A broken
exercise therefore fails before any submission is graded, with file:line messages.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from fractions import Fraction
from math import prod
from pathlib import Path
from typing import Any

import sympy as sp

from grader import messages
from grader.checking.equivalence import Probe, make_probe
from grader.checking.judging import judge
from grader.checking.sizes import value_digits
from grader.checking.tolerance import Tolerance
from grader.errors import ExerciseError, ExerciseErrors, GraderError
from grader.exercise.model import Descent, DescentTooLarge, Exercise, Problem, Task, descent_path
from grader.exercise.sanity import no_decimal_form, outside_test_points, undefined_reason
from grader.exercise.settings import SettingsReader
from grader.exercise.variants import (
    MAX_COMBINATIONS,
    MAX_VALUES,
    Constraint,
    Parameter,
    TooSparse,
    Unsupported,
    Variant,
    VariantSpace,
    exact_value,
    fill,
    split_constraint,
)
from grader.kinds import KINDS, MAX_STEPS, Expected, Kind
from grader.parse import FunctionDefinition, ParseError, Vocabulary, read_answer
from grader.parse.answer import Value
from grader.parse.mathtext import expression_text
from grader.parse.matrix import Matrix
from grader.parse.vocabulary import BUILTIN_FUNCTIONS, canonical_name
from grader.reading.yamlio import LineMap, load_data
from grader.running.timelimit import cpu_time_limit

EXERCISE_KEYS = {"id", "title", "lang", "description", "problems", "tolerance", "limits",
                 "follow_through", "partial_credit", "parameters", "where", "variant_seed", "feedback"}
PROBLEM_KEYS = {"id", "title", "text", "function", "variables", "define", "data", "index", "size",
                "start", "learning_rate", "tolerance", "tasks", "follow_through", "partial_credit",
                "converges"}
PARAMETER_KINDS = ("integers", "choose")
# a task's keys besides the one that names its kind (``task_keys``)
TASK_SETTINGS = {"id", "title", "prompt", "points", "tolerance", "expected", "variables",
                 "vector_credit", "follow_through", "partial_credit"}
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
SIGNATURE = re.compile(r"^\s*([^\W\d_][^\W_]*(?:_[^\W_]+)?)\s*\(([^()]*)\)\s*=(.*)$", re.DOTALL)
NAME_PATTERN = re.compile(r"^[^\W\d_]+\d*$")


def task_keys() -> set[str]:
    """The keys a task may have: its settings, and the name of each kind registered."""
    return TASK_SETTINGS | set(KINDS)


LOAD_SECONDS = 30.0  # reading, computing and checking one exercise file


class _LoadTimeout(BaseException):
    """Raised by the time limit; a BaseException so that no ``except Exception`` in SymPy eats it."""


def load_exercise(path: Path) -> Exercise:
    """Read and check one exercise file; raise :class:`ExerciseErrors` listing every problem.
    Bounded in time (``LOAD_SECONDS``) as well as in size: an exercise is a teacher's file,
    but a slip (an exact descent of 50 steps) must not hang ``validate`` or ``grade``.

    An exercise with ``parameters`` comes back as its first variant, with a :class:`Family`
    that builds any other (``Exercise.for_student``)."""
    try:
        data = load_data(path)
    except GraderError as exc:
        raise ExerciseErrors([ExerciseError(exc.message, str(path), exc.line, code=exc.code,
                                            params=exc.params)]) from None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    if not (isinstance(data, LineMap) and "parameters" in data):
        return _build(path, data, digest)
    space = _read_space(path, data)
    first = space.first()
    if first is None:
        raise ExerciseErrors([ExerciseError("no combination of the parameters satisfies 'where'; "
                                            "widen a range or relax a constraint",
                                            str(path), data.line_of("where"))])
    return Family(path, data, digest, space).exercise(first)


def _build(path: Path, data: Any, digest: str, variant: Variant | None = None,
           family: Family | None = None) -> Exercise:
    """The exercise of ``data`` (with ``variant``'s values bound to its parameters)."""
    reader = _Reader(path, variant, family)
    try:
        with _time_limit(LOAD_SECONDS):
            exercise = reader.exercise(data, digest)
    except _LoadTimeout:
        reader.errors = [reader.took_too_long()]
        exercise = None
    except (RecursionError, MemoryError) as exc:
        reader.errors = [ExerciseError(
            f"the exercise is too complex to compute ({type(exc).__name__}); simplify it",
            str(path), 1)]
        exercise = None
    except GraderError:
        raise
    except Exception as exc:  # one bad file is reported, never a traceback
        reader.errors = [*reader.errors, ExerciseError(
            f"the exercise cannot be computed ({unexpected(exc)}); simplify it", str(path), 1)]
        exercise = None
    if reader.errors or exercise is None:
        if variant is not None:  # which numbers broke it is what the teacher needs to know
            raise ExerciseErrors([ExerciseError(f"with {variant.describe()}: {e.message}", e.path, e.line)
                                  for e in reader.errors])
        raise ExerciseErrors(reader.errors)
    warnings = tuple(str(w) for w in reader.warnings)
    if variant is None:
        return replace(exercise, warnings=warnings)
    variant_digest = hashlib.sha256(f"{digest}:{variant.key}".encode()).hexdigest()[:16]
    return replace(exercise, warnings=warnings, digest=variant_digest, variant=variant.shown,
                   family=family)


def unexpected(exc: Exception) -> str:
    """An exception nothing foresaw, in one short line: its type and the start of its message."""
    text = " ".join(str(exc).split())
    if not text:
        return type(exc).__name__
    return f"{type(exc).__name__}: {text[:100]}{'…' if len(text) > 100 else ''}"


class Family:
    """A parameterised exercise: builds the exercise of any of its variants, each once per
    process (a class of 5,000 may bring 5,000 variants: the oldest are forgotten past
    ``KEPT``, so memory stays bounded).

    A problem is computed once per combination of the parameters it uses: the 6,252 variants of
    the bundled descent exercise hold 256 first problems and 72 second ones. Which parameters a
    problem uses is read conservatively from its expressions and numbers (any letter run that
    contains a parameter's name counts) and exactly from its prompts (``{name}``)."""

    KEPT = 256
    PROBLEMS_KEPT = 4_096

    def __init__(self, path: Path, data: LineMap, digest: str, space: VariantSpace) -> None:
        self.path, self.data, self.digest, self.space = path, data, digest, space
        self._built: dict[str, Exercise] = {}
        self._problems: dict[tuple[int, tuple[Fraction, ...]], Problem] = {}
        self._uses: dict[int, tuple[int, ...]] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (to a report worker) without what it computed: that is cheap to compute
        again, and the problems are keyed by ``id``, which means nothing in another process."""
        return {**self.__dict__, "_built": {}, "_problems": {}, "_uses": {}}

    def exercise(self, variant: Variant) -> Exercise:
        found = self._built.get(variant.key)
        if found is None:
            if len(self._built) >= self.KEPT:
                self._built.clear()
            found = _build(self.path, self.data, self.digest, variant, self)
            self._built[variant.key] = found
        return found

    def where_line(self) -> int | None:
        """The line of 'where' (of 'parameters' without one): where lines are added."""
        return self.data.line_of("where" if "where" in self.data else "parameters")

    def problem_key(self, data: LineMap, variant: Variant) -> tuple[int, tuple[Fraction, ...]]:
        uses = self._uses.get(id(data))
        if uses is None:
            settings = {k: v for k, v in self.data.items() if k in SETTINGS_KEYS}
            texts = [_texts(settings)] + [_texts(v) for k, v in data.items() if k in EXPRESSION_KEYS]
            words = [str(data.get("title") or data.get("text") or "")]
            for task in data.get("tasks") or []:
                if isinstance(task, LineMap):
                    texts += [_texts(v) for k, v in task.items() if k not in ("id", "prompt", "title")]
                    words.append(str(task.get("prompt") or task.get("title") or ""))
            runs = set(re.findall(r"[^\W_]+", " ".join(texts)))
            filled = set(re.findall(r"\{\s*([^{}\s]+)\s*\}", " ".join(words)))  # as fill() reads them
            uses = tuple(k for k, name in enumerate(variant.names)
                         if name in filled or any(name in run for run in runs))
            self._uses[id(data)] = uses
        return id(data), tuple(variant.values[k] for k in uses)

    def known_problem(self, key: tuple[int, tuple[Fraction, ...]]) -> Problem | None:
        return self._problems.get(key)

    def keep_problem(self, key: tuple[int, tuple[Fraction, ...]], problem: Problem) -> None:
        if len(self._problems) >= self.PROBLEMS_KEPT:
            self._problems.clear()
        self._problems[key] = problem


def unbound_function(family: Family, problem_id: str) -> sp.Expr | None:
    """The function of problem ``problem_id`` with the parameters left as symbols, what
    ``validate`` derives 'where' lines from; None for a problem without a plain function (one
    with definitions or data), or one that does not read."""
    found = _unbound(family, problem_id)
    return None if found is None else found[0]


class UnboundProblem:
    """Problem ``problem_id`` of a variant exercise read again with the exercise's parameters
    left as symbols (``kinds.Unbound``): what ``validate`` derives 'where' lines from."""

    def __init__(self, family: Family, problem_id: str) -> None:
        self.family, self.problem_id = family, problem_id

    def descent(self) -> tuple[tuple[sp.Expr, ...], sp.Expr] | None:
        """The start and learning rate of the problem's descent (``{θ: s}`` gives ``(s,)``);
        None without a descent that reads so."""
        found = _unbound(self.family, self.problem_id)
        rate = found[2].get("learning_rate") if found is not None else None
        start = self.start()
        if found is None or rate is None or start is None:
            return None
        read = self._numbers(found[1], [rate], found[2].line_of("learning_rate"), "learning_rate")
        return None if read is None else (start, read[0])

    def start(self) -> tuple[sp.Expr, ...] | None:
        """The problem's ``start``, one value per variable."""
        found = _unbound(self.family, self.problem_id)
        if found is None:
            return None
        _, reader, data, variables = found
        start = data.get("start")
        values = [start.get(v) for v in variables] if isinstance(start, LineMap) else \
            start if isinstance(start, list) else [start]
        if len(values) != len(variables) or any(v is None for v in values):
            return None
        return self._numbers(reader, values, data.line_of("start"), "start")

    def given(self, task_id: str, key: str) -> Any:
        """What task ``task_id`` asks under ``key`` (its kind's name), as written; None if absent."""
        problems = self.family.data.get("problems")
        data = next((p for p in problems if isinstance(p, LineMap) and str(p.get("id")) == self.problem_id),
                    None) if isinstance(problems, list) else None
        tasks = data.get("tasks") if data is not None else None
        task = next((t for t in tasks if isinstance(t, LineMap) and str(t.get("id")) == task_id), None) \
            if isinstance(tasks, list) else None
        return None if task is None else task.get(key)

    def numbers(self, texts: list[Any]) -> tuple[sp.Expr, ...] | None:
        """Each of ``texts`` read as a teacher's number, the parameters left as symbols."""
        found = _unbound(self.family, self.problem_id)
        return None if found is None else self._numbers(found[1], texts, 0, "value")

    @staticmethod
    def _numbers(reader: _Reader, texts: list[Any], line: int, what: str) -> tuple[sp.Expr, ...] | None:
        read = [reader.expression(str(t), Vocabulary(), line, what) for t in texts]
        if reader.errors or any(r is None for r in read):
            return None
        return tuple(r for r in read if r is not None)


def _unbound(family: Family, problem_id: str) -> tuple[sp.Expr, _Reader, LineMap, list[str]] | None:
    problems = family.data.get("problems")
    data = next((p for p in problems if isinstance(p, LineMap) and str(p.get("id")) == problem_id), None) \
        if isinstance(problems, list) else None
    if data is None or "function" not in data or "define" in data or "data" in data:
        return None
    reader = _Reader(family.path)
    reader.parameter_symbols = {p.name: sp.Symbol(p.name, real=True) for p in family.space.parameters}
    _, names, body, offset = reader.signature(str(data["function"]), data)
    names = names or (reader.names(data, "variables") if "variables" in data else [])
    if body is None or reader.errors:
        return None
    variables = Vocabulary(variables={n: sp.Symbol(n, real=True) for n in names})
    function = reader.expression(body, variables, data.line_of("function"), "function", offset)
    return None if reader.errors or function is None else (function, reader, data, names)


SETTINGS_KEYS = {"tolerance", "limits", "follow_through", "partial_credit"}
EXPRESSION_KEYS = {"function", "variables", "define", "data", "index", "size", "start",
                   "learning_rate", "tolerance", "follow_through", "partial_credit"}


def shaped(vocabulary: Vocabulary, expected: Value) -> Vocabulary:
    """The task's vocabulary, knowing how many components its answer has (how 7,425,000 reads)."""
    return replace(vocabulary, components=len(expected) if isinstance(expected, tuple) else 1)


def _texts(value: Any) -> str:
    """Every value in ``value`` (keys name variables and settings, never parameters), as text."""
    if isinstance(value, dict):
        return " ".join(_texts(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_texts(v) for v in value)
    return str(value)


def _read_space(path: Path, data: LineMap) -> VariantSpace:
    """The ``parameters``, ``where`` and ``variant_seed`` of an exercise, or every error in them;
    with its census taken (a ``where`` too sparse to deal from is refused here, at load)."""
    reader = _Reader(path)
    space = reader.variant_space(data)
    if reader.errors or space is None:
        raise ExerciseErrors(reader.errors)
    try:
        return space.counted()
    except TooSparse as exc:
        raise ExerciseErrors([ExerciseError(exc.message, str(path), data.line_of("where"))]) from None


def _time_limit(seconds: float) -> AbstractContextManager[None]:
    """CPU time: SymPy's big-number arithmetic and simplify both give way to it, in any thread."""
    return cpu_time_limit(seconds, _LoadTimeout)


def exercise_files(paths: list[Path]) -> Iterator[Path]:
    """Every .yaml/.yml file named, or inside a folder named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            yield path


class _Reader(SettingsReader):
    """Walks the YAML of one exercise, collecting every error instead of stopping at the first.
    With a ``variant``, its parameters may appear in every expression and number and ``{name}``
    in every prompt; their values are bound as they are read."""

    lang = "en"  # the exercise's, once read: a kind's default prompt is in it
    within: tuple[tuple[str, LineMap], ...] = ()  # the problem and task being built, outermost first

    def identifier(self, mapping: LineMap, what: str) -> str | None:
        value = mapping.get("id")
        if value is None:
            self.error(mapping.line, f"{what} has no 'id'")
            return None
        text = str(value)
        if not ID_PATTERN.match(text):
            self.error(mapping.line_of("id"), f"{what} id '{text}' may only use letters, digits, - and _")
            return None
        return text

    def children(self, data: LineMap, key: str, owner: str, what: str,
                 build: Callable[[LineMap], Any]) -> list[Any] | None:
        """Read the list ``data[key]`` of problems or tasks with ``build``; ids must be unique."""
        items = data.get(key)
        if not isinstance(items, list) or not items:
            self.error(data.line_of(key), f"{owner} needs '{key}', a non-empty list")
            return None
        built, seen = [], set()
        for item in items:
            if not isinstance(item, LineMap):
                self.error(data.line_of(key), f"each of '{key}' must be a mapping with an id")
                continue
            child = self.built_or_reported(item, what, build)
            if child is None:
                continue
            if child.id in seen:
                self.error(item.line_of("id"), f"duplicate {what.split()[-1]} id '{child.id}' in {owner}")
            seen.add(child.id)
            built.append(child)
        return built

    def built_or_reported(self, item: LineMap, what: str, build: Callable[[LineMap], Any]) -> Any:
        """``build(item)``; a failure nothing foresaw (a SymPy limit, a number too long to print)
        is the exercise's fault, reported at the item's line like any other error."""
        self.within = (*self.within, (what, item))  # left as it is by a timeout: it names the item
        try:
            built = build(item)
        except (GraderError, RecursionError, MemoryError):
            raise  # handled where the whole file is read
        except Exception as exc:  # any failure here is this item's, never a traceback
            self.within = self.within[:-1]
            named = f"{what.split()[-1]} '{item.get('id')}'"
            self.error(item.line, f"{named}: its expected answer cannot be computed ({unexpected(exc)}); "
                                  "change it (a simpler function, point or numbers)")
            return None
        self.within = self.within[:-1]
        return built

    def took_too_long(self) -> ExerciseError:
        """The error of a load past its time limit, at the task (or problem) being computed."""
        limit = f"{LOAD_SECONDS:g} s of CPU time"
        if not self.within:
            return ExerciseError(f"computing the expected answers took longer than {limit}; "
                                 "simplify the exercise", str(self.path), 1)
        what, item = self.within[-1]
        kind = next((f" ({name})" for name in KINDS if name in item), "")
        return ExerciseError(f"{what.split()[-1]} '{item.get('id')}'{kind}: computing its expected answer "
                             f"took longer than {limit}; ask less of it (fewer steps or variables, a "
                             "simpler function or point)", str(self.path), item.line)

    # -- variants ----------------------------------------------------------------------------
    def variant_space(self, data: LineMap) -> VariantSpace | None:
        given = data.get("parameters")
        if not isinstance(given, LineMap) or not given:
            self.error(data.line_of("parameters"), "parameters must map each name to "
                                                   "{integers: [low, high]} or {choose: [values]}")
            return None
        parameters = [p for name, spec in given.items()
                      if (p := self.parameter(canonical_name(str(name)), spec, given.line_of(name)))]
        if len(parameters) != len(given):
            return None
        combinations = prod(len(p.values) for p in parameters)
        if combinations > MAX_COMBINATIONS:
            self.error(data.line_of("parameters"), f"{combinations:,} combinations of parameters; "
                                                   f"at most {MAX_COMBINATIONS:,}: narrow a range")
            return None
        symbols = {p.name: sp.Symbol(p.name, real=True) for p in parameters}
        constraints = self.constraints(data, symbols)
        seed = data.get("variant_seed")
        exercise_id = str(data.get("id", ""))
        return VariantSpace(exercise_id, tuple(parameters), tuple(constraints),
                            "" if seed is None else str(seed))

    def parameter(self, name: str, spec: Any, line: int) -> Parameter | None:
        if not NAME_PATTERN.match(name) or name in BUILTIN_FUNCTIONS or name in ("e", "pi", "π"):
            self.error(line, f"'{name}' is not a usable parameter name (letters, then digits; "
                             "not a function or constant)")
            return None
        kinds = [k for k in PARAMETER_KINDS if isinstance(spec, LineMap) and k in spec]
        if not isinstance(spec, LineMap) or len(kinds) != 1:
            self.error(line, f"parameter '{name}': give one of {{integers: [low, high]}} or "
                             "{choose: [values]}, optionally with not: [values]")
            return None
        self.check_keys(spec, {*PARAMETER_KINDS, "not"}, f"parameter '{name}'")
        listed = spec[kinds[0]]
        if not isinstance(listed, list) or not listed:
            self.error(line, f"parameter '{name}': {kinds[0]} needs a list")
            return None
        if kinds[0] == "integers":
            ends = [self.whole(v, line, f"parameter '{name}': integers", -10**9, 10**9) for v in listed]
            if None in ends:  # said already, which one and why
                return None
            if len(ends) != 2 or ends[0] > ends[1]:  # type: ignore[operator]
                self.error(line, f"parameter '{name}': integers needs [low, high] with low <= high")
                return None
            low, high = ends
            assert low is not None and high is not None
            if high - low + 1 > MAX_VALUES:
                self.error(line, f"parameter '{name}': at most {MAX_VALUES:,} values")
                return None
            pairs = [(Fraction(k), str(k)) for k in range(low, high + 1)]
        else:
            numbers = [self.number(v, line, f"parameter '{name}': choose") for v in listed]
            if None in numbers:
                return None
            pairs = [(Fraction(int(n.p), int(n.q)), str(v).strip())  # type: ignore[union-attr]
                     for n, v in zip(numbers, listed, strict=True)]
            if len({v for v, _ in pairs}) != len(pairs):
                self.error(line, f"parameter '{name}': a value is listed twice")
                return None
        excluded = spec.get("not", [])
        excluded = excluded if isinstance(excluded, list) else [excluded]
        left_out = {Fraction(int(n.p), int(n.q)) for v in excluded
                    if (n := self.number(v, spec.line_of("not"), f"parameter '{name}': not")) is not None}
        pairs = [(v, t) for v, t in pairs if v not in left_out]
        if not pairs:
            self.error(line, f"parameter '{name}' has no value left")
            return None
        return Parameter(name, tuple(v for v, _ in pairs), tuple(t for _, t in pairs))

    def constraints(self, data: LineMap, symbols: dict[str, sp.Symbol]) -> list[Constraint]:
        given = data.get("where", [])
        items = given if isinstance(given, list) else [given]
        line = data.line_of("where")
        vocabulary = Vocabulary(variables=symbols)
        found = []
        for item in items:
            text = str(item)
            pieces = split_constraint(text)
            if pieces is None:
                self.error(line, f"where: '{text}' must compare two sides once, e.g. 'a != -b' "
                                 "(with one of != == < <= > >=)")
                continue
            left_text, op, right_text = pieces
            try:
                left = read_answer(left_text, vocabulary, self.limits).value
                right = read_answer(right_text, vocabulary, self.limits).value
            except ParseError as exc:
                self.error(line, f"where: '{text}': {messages.render(exc.code, exc.params, 'en', None)}")
                continue
            if isinstance(left, tuple) or isinstance(right, tuple):
                self.error(line, f"where: '{text}' compares vectors; compare numbers")
                continue
            constraint = Constraint(text, left, op, right)
            try:
                zero = {name: Fraction(1) for name in symbols}
                exact_value(left, zero), exact_value(right, zero)
            except Unsupported:
                self.error(line, f"where: '{text}' may use the parameters with + - * / ^ "
                                 "(whole powers up to 64) and |...| only")
                continue
            except ZeroDivisionError:
                pass
            found.append(constraint)
        return found

    # -- exercise ----------------------------------------------------------------------------
    def exercise(self, data: Any, digest: str) -> Exercise | None:
        if not isinstance(data, LineMap):
            self.error(1, "an exercise file must be a mapping with id, title and problems")
            return None
        self.check_keys(data, EXERCISE_KEYS, "the exercise")
        self.digest = digest
        exercise_id = self.identifier(data, "the exercise")
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            self.error(data.line_of("title"), "the exercise needs a 'title' (text)")
        lang = str(data.get("lang", "en"))
        self.lang = lang if lang in messages.LANGUAGES else "en"
        if lang not in messages.LANGUAGES:
            self.error(data.line_of("lang"), f"lang must be one of {', '.join(messages.LANGUAGES)}")
        self.limits = self.read_limits(data)
        reveal = self.reveal_policy(data)
        defaults = _Defaults(
            tolerance=self.tolerance(data, data.line_of("tolerance")),
            follow_through=self.fraction_in_unit(data, "follow_through", Fraction(1)),
            partial_credit=self.partial_credit(data))
        problems = self.children(data, "problems", "the exercise", "a problem",
                                 lambda item: self.known_or_new_problem(item, exercise_id or "", defaults))
        if problems is None:
            return None
        if exercise_id is None or not isinstance(title, str) or self.errors:
            return None
        description = data.get("description")
        return Exercise(exercise_id, fill(title.strip(), self.variant), lang, str(self.path),
                        tuple(problems), self.limits, digest,
                        None if description is None else fill(str(description), self.variant),
                        reveal=reveal, description_template=None if description is None else str(description))

    # -- problem -----------------------------------------------------------------------------
    def known_or_new_problem(self, data: LineMap, exercise_id: str, defaults: _Defaults) -> Problem | None:
        """In a variant, a problem already computed for the same values of the parameters it
        uses (prompts included) is taken over."""
        if self.family is None or self.variant is None:
            problem = self.problem(data, exercise_id, defaults)
            if problem is None:
                return None
            return replace(problem, digest=f"{self.digest}/{problem.id}")
        key = self.family.problem_key(data, self.variant)
        known = self.family.known_problem(key)
        if known is not None:
            return known
        errors_before = len(self.errors)
        problem = self.problem(data, exercise_id, defaults)
        if problem is not None and len(self.errors) == errors_before:
            values = "\x1f".join(str(v) for v in key[1])
            problem = replace(problem, digest=hashlib.sha256(
                f"{self.family.digest}/{problem.id}/{values}".encode()).hexdigest()[:16])
            self.family.keep_problem(key, problem)
        return problem

    def problem(self, data: LineMap, exercise_id: str, defaults: _Defaults) -> Problem | None:
        self.check_keys(data, PROBLEM_KEYS, "a problem")
        problem_id = self.identifier(data, "a problem")
        if problem_id is None:
            return None
        errors_before = len(self.errors)
        function_text = data.get("function")
        name, body_text, body_offset = None, None, 0
        parameters: list[str] = []
        if function_text is not None:
            name, parameters, body_text, body_offset = self.signature(str(function_text), data)
        if "variables" in data:
            parameters = parameters or self.names(data, "variables")
        # Real: the exercises are about real functions, and SymPy then knows |x|² = x².
        symbols = {p: sp.Symbol(p, real=True) for p in parameters}
        data_names = self.names(data, "data") if "data" in data else []
        for clash in sorted(set(self.parameter_symbols) & {*parameters, *data_names}):
            self.error(data.line, f"'{clash}' is both a parameter of the exercise and a variable of "
                                  f"problem '{problem_id}'; rename the parameter")
        index = size = None
        if data_names:
            index = sp.Symbol(canonical_name(str(data.get("index", "i"))), integer=True)
            size = sp.Symbol(canonical_name(str(data.get("size", "n"))), integer=True, positive=True)
            symbols[size.name] = size
        base_vocabulary = Vocabulary(variables=symbols, data={d: sp.IndexedBase(d) for d in data_names},
                                     index=index, size=size)
        functions = self.definitions(data, base_vocabulary)
        vocabulary = Vocabulary(variables=symbols, data=base_vocabulary.data, index=index, size=size,
                                functions=functions)
        function = None
        if body_text is not None:
            function = self.expression(body_text, vocabulary, data.line_of("function"), "function",
                                       body_offset)
        probe = make_probe(f"{exercise_id}/{problem_id}", self.limits)
        descent, start = None, None
        if self.descent_wanted(data):
            descent = self.descent(data, function, tuple(symbols[p] for p in parameters))
            start = descent.points[0] if descent is not None else None
        elif "start" in data:
            start = self.start_point(data, function, tuple(symbols[p] for p in parameters))
        tolerance = self.tolerance(data, data.line_of("tolerance")) or defaults.tolerance
        problem_defaults = _Defaults(
            tolerance, self.fraction_in_unit(data, "follow_through", defaults.follow_through),
            {**defaults.partial_credit, **self.partial_credit(data)})
        context = _ProblemContext(problem_id, function, tuple(symbols[p] for p in parameters),
                                  vocabulary, probe, descent, start, problem_defaults,
                                  len(self.errors) > errors_before, name)
        tasks = self.children(data, "tasks", f"problem '{problem_id}'", "a task",
                              lambda item: self.task(item, context))
        if tasks is None:
            return None
        if len(self.errors) > errors_before:
            return None
        title = data.get("title") or data.get("text")
        return Problem(problem_id, data.line, vocabulary, probe, tuple(tasks),
                       None if title is None else fill(str(title), self.variant),
                       self.function_shown(function_text, name, parameters, function),
                       name, function, tuple(symbols[p] for p in parameters), descent,
                       bool(data.get("converges", False)), start)

    def function_shown(self, text: Any, name: str | None, parameters: list[str],
                       function: sp.Expr | None) -> str | None:
        """The function as people see it; in a variant, with its numbers (J(θ) = 9*θ^2)."""
        if text is None or self.variant is None or function is None or name is None:
            return None if text is None else str(text)
        return f"{name}({', '.join(parameters)}) = {expression_text(function)}"

    def signature(self, text: str, data: LineMap) -> tuple[str | None, list[str], str | None, int]:
        """``J(θ1, θ2) = ...`` -> ("J", ["θ1", "θ2"], "...", offset of "..."); a bare expression
        needs ``variables``."""
        match = SIGNATURE.match(text)
        if match is None:
            if "variables" not in data:
                self.error(data.line_of("function"),
                           "write the function as 'Z(x, y) = ...' or list its 'variables'")
            return None, [], text, 0
        params = [canonical_name(p.strip()) for p in match.group(2).split(",") if p.strip()]
        for param in params:
            if not NAME_PATTERN.match(param):
                self.error(data.line_of("function"), f"'{param}' is not a usable variable name")
        if not params:
            self.error(data.line_of("function"), "the function needs at least one variable")
        if len(set(params)) != len(params):
            self.error(data.line_of("function"), "a variable is listed twice in the function")
        return match.group(1), params, match.group(3), match.start(3)

    def names(self, data: LineMap, key: str) -> list[str]:
        value = data.get(key)
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
        if items is None or not items:
            self.error(data.line_of(key), f"'{key}' must be a list of names, e.g. [x, y]")
            return []
        names = [canonical_name(str(v)) for v in items]
        for name in names:
            if not NAME_PATTERN.match(name):
                self.error(data.line_of(key), f"'{name}' in '{key}' is not a usable name")
        return names

    def definitions(self, data: LineMap, vocabulary: Vocabulary) -> dict[str, FunctionDefinition]:
        given = data.get("define")
        if given is None:
            return {}
        items = given if isinstance(given, list) else [given]
        result: dict[str, FunctionDefinition] = {}
        for item in items:
            match = SIGNATURE.match(str(item))
            if match is None:
                self.error(data.line_of("define"), f"write a definition as 'h(x) = ...', got '{item}'")
                continue
            name = canonical_name(match.group(1).split("_")[0])
            params = tuple(sp.Symbol(canonical_name(p.strip()), real=True) for p in match.group(2).split(","))
            local = Vocabulary(variables={**vocabulary.variables, **{p.name: p for p in params}},
                               functions=result)
            body = self.expression(match.group(3), local, data.line_of("define"), f"definition of {name}")
            if body is not None:
                result[name] = FunctionDefinition(name, params, body)
        return result

    def expression(self, text: str, vocabulary: Vocabulary, line: int, what: str,
                   offset: int = 0) -> sp.Expr | None:
        try:
            answer = read_answer(text, self.with_parameters(vocabulary), self.limits, keep=True)
        except ParseError as exc:
            position = None if exc.position is None else exc.position + offset
            self.error(line, f"{what}: {messages.render(exc.code, exc.params, 'en', position)}")
            return None
        if answer.is_vector:
            self.error(line, f"{what} must be a single expression, not a vector")
            return None
        return self.bind(answer.value)

    def descent_wanted(self, data: LineMap) -> bool:
        """Whether the problem's gradient descent is computed: when it gives a learning rate, or
        a start that some task's kind reads with a learning rate. A start that only kinds
        without one read (Newton's method) is read alone; a start no task reads still asks
        for its learning rate, as it always did."""
        if "learning_rate" in data:
            return True
        if "start" not in data:
            return False
        needs = [kind.problem_keys for t in data.get("tasks") or [] if isinstance(t, LineMap)
                 for name, kind in KINDS.items() if name in t]
        return any("learning_rate" in n for n in needs) or not any("start" in n for n in needs)

    def rate_missing(self, data: LineMap) -> str:
        """Why a 'start' without a 'learning_rate' is refused: the tasks that take descent steps
        from it, or that no task reads it at all."""
        tasks = [t for t in data.get("tasks") or [] if isinstance(t, LineMap)]
        stepping = [f"{t.get('id')} ({name})" for t in tasks for name, kind in KINDS.items()
                    if name in t and "learning_rate" in kind.problem_keys]
        if stepping:
            return (f"'learning_rate' is missing: task(s) {', '.join(stepping)} take gradient descent steps "
                    "from 'start' with it; add one, e.g. learning_rate: 0.1")
        readers = [name for name, kind in KINDS.items() if "start" in kind.problem_keys]
        return (f"'start' is unused: no task of this problem reads it (only {', '.join(readers)} tasks do); "
                "remove it, or add 'learning_rate' and such a task")

    def start_point(self, data: LineMap, function: sp.Expr | None,
                    parameters: tuple[sp.Symbol, ...]) -> tuple[sp.Expr, ...] | None:
        """The problem's 'start' alone, for kinds that begin there without a learning rate."""
        if function is None or not parameters:
            self.error(data.line_of("start"), "'start' needs a 'function' with its variables")
            return None
        point = self.start_values(data, parameters)
        return None if point is None or any(v is None for v in point) else tuple(point)

    def descent(self, data: LineMap, function: sp.Expr | None,
                parameters: tuple[sp.Symbol, ...]) -> Descent | None:
        line = data.line_of("start")
        if function is None or not parameters:
            self.error(line, "gradient descent needs a 'function' with its variables")
            return None
        if function.has(sp.Sum):
            self.error(line, "gradient descent on a cost over data needs data values; not supported yet")
            return None
        if "learning_rate" not in data:
            self.error(line, self.rate_missing(data))
            return None
        point = self.start_values(data, parameters)
        if point is None:
            return None
        rate = self.number(data.get("learning_rate"), data.line_of("learning_rate"), "learning_rate")
        if rate is not None and rate <= 0:  # a step of zero stays put, a negative one climbs
            self.error_coded(data.line_of("learning_rate"), "exercise-learning-rate-not-positive",
                             value=str(data.get("learning_rate")), rate=str(rate))
            return None
        if rate is None or any(v is None for v in point):
            return None
        asked = [t for t in data.get("tasks") or [] if isinstance(t, LineMap)]
        steps = max((kind.steps_needed(t[name]) for t in asked for name, kind in KINDS.items() if name in t),
                    default=0)
        try:
            return descent_path(function, parameters, tuple(point), rate, min(max(steps, 1), MAX_STEPS),
                                self.limits.max_result_digits)
        except DescentTooLarge as exc:
            self.error(line, f"exact gradient descent is too large from step {exc.step} on: {exc.what}; "
                             "ask fewer steps, or choose a start and learning rate that stay small")
            return None

    def start_values(self, data: LineMap,
                     parameters: tuple[sp.Symbol, ...]) -> list[sp.Rational | None] | None:
        """The numbers of 'start', one per variable (None for one that is no number); None
        after an error about its shape."""
        line = data.line_of("start")
        start = data.get("start")
        values: list[Any]
        if isinstance(start, LineMap):
            named = {canonical_name(k): v for k, v in start.items()}
            missing = [p.name for p in parameters if p.name not in named]
            extra = [k for k in named if k not in {p.name for p in parameters}]
            if missing or extra:
                self.error(line, f"'start' must give exactly {', '.join(p.name for p in parameters)}")
                return None
            values = [named[p.name] for p in parameters]
        elif isinstance(start, list):
            values = start
        else:
            values = [start]
        if len(values) != len(parameters):
            self.error(line, f"'start' needs {len(parameters)} value(s), one per variable")
            return None
        return [self.number(v, line, "start") for v in values]

    # -- task --------------------------------------------------------------------------------
    def task(self, data: LineMap, context: _ProblemContext) -> Task | None:
        self.check_keys(data, task_keys(), "a task")
        task_id = self.identifier(data, "a task")
        if task_id is None:
            return None
        kinds = [k for k in KINDS.values() if k.name in data]
        if len(kinds) != 1:
            self.error(data.line, f"task '{task_id}' must ask exactly one of: {', '.join(KINDS)}")
            return None
        kind = kinds[0]
        points = Fraction(1)
        if "points" in data:
            value = self.number(data["points"], data.line_of("points"), "points")
            if value is None or value < 0:
                return None
            points = Fraction(int(value.p), int(value.q))
        computed = self.expected(kind, data, context)
        if computed is None:
            return None
        expected, numeric = computed.value, computed.numeric
        if not self.writable(data.line_of(kind.name), task_id, expected, numeric):
            return None
        tolerance = self.tolerance(data, data.line_of("tolerance")) or (
            context.defaults.tolerance if numeric else None)
        vector_credit = str(data.get("vector_credit", "proportional"))
        if vector_credit not in ("proportional", "all"):
            self.error(data.line_of("vector_credit"), "vector_credit must be 'proportional' or 'all'")
        self.check_expected_value(data, task_id, kind.name, expected, numeric, tolerance, context)
        task = Task(task_id, context.problem_id, kind.name, points, expected, numeric, data.line,
                    tolerance, computed.variables, computed.step, vector_credit,  # type: ignore[arg-type]
                    self.fraction_in_unit(data, "follow_through", context.defaults.follow_through),
                    {**context.defaults.partial_credit, **self.partial_credit(data)},
                    self.prompt(data) or computed.prompt,
                    shaped(computed.vocabulary or context.vocabulary, expected),
                    self.prompt_template(data), computed.asked)
        if "expected" in data:
            self.check_teacher_expected(data, task, context)
        task.expected_text  # noqa: B018 - printed once here, before workers fork
        return task

    def prompt(self, data: LineMap) -> str | None:
        text = self.prompt_template(data)
        return None if text is None else fill(text, self.variant)

    def prompt_template(self, data: LineMap) -> str | None:
        text = data.get("prompt") or data.get("title")
        return None if text is None else str(text)

    def writable(self, line: int, task_id: str, expected: Value, numeric: bool) -> bool:
        """Whether a student can write the expected answer within the answer's limits; refused
        with what to do when not (every student would score 0)."""
        size = self.limits.max_matrix_size
        if isinstance(expected, Matrix) and max(expected.shape) > size:
            rows, columns = expected.shape
            self.error(line, f"task '{task_id}': the expected answer is a matrix of {rows} rows and "
                             f"{columns} columns, and an answer has at most {size} of each, so no "
                             "student can write it; ask for fewer variables (or raise max_matrix_size "
                             "under 'limits')")
            return False
        most = self.limits.max_result_digits
        entries = expected if isinstance(expected, tuple) else (expected,)
        widest = max((value_digits(v) for v in entries), default=0.0) if numeric else 0.0
        if widest > most:
            counted = f"{int(widest) + 1:,}" if widest < math.inf else "too many"
            self.error(line, f"task '{task_id}': the expected value has {counted} digits, and a "
                             f"number in an answer at most {most:,}, so no student can write it; choose a "
                             "point or numbers where it is smaller (or raise max_result_digits under "
                             "'limits')")
            return False
        return True

    def check_expected_value(self, data: LineMap, task_id: str, kind: str, expected: Value,
                             numeric: bool, tolerance: Tolerance | None, context: _ProblemContext) -> None:
        reason = undefined_reason(expected, numeric, context.probe)
        if reason is not None:
            self.error(data.line_of(kind), f"task '{task_id}': the expected answer {reason}; "
                                           "every student would score 0: change the exercise")
            return
        if outside_test_points(expected, numeric, context.probe):
            self.warn(data.line_of(kind), f"task '{task_id}': the expected answer has no real value "
                                          "at grader's test points (|x| from 0.4 to 1.6, either sign), "
                                          "so answers are decided by exact proof alone and may be unproven")
        if "tolerance" in data and not numeric:
            self.warn(data.line_of("tolerance"), f"task '{task_id}': a tolerance has no effect on "
                                                 "an answer with variables (it is checked exactly)")
        inexact = no_decimal_form(expected) if numeric and tolerance is None else None
        if inexact is not None:
            self.warn(data.line_of(kind), f"task '{task_id}': the expected value {inexact} has no "
                                          "finite decimal form and there is no tolerance, so only "
                                          "the exact form is right; add e.g. tolerance: {decimals: 2}")

    def expected(self, kind: Kind, data: LineMap, context: _ProblemContext) -> Expected | None:
        """The task's expected answer, as its kind computes it from what the task asks."""
        return kind.expected(data[kind.name], data.line_of(kind.name), data, _KindReading(self, context))

    def read_value(self, text: str, vocabulary: Vocabulary, line: int, what: str) -> Value | None:
        """A teacher's expression (an ``answer:``), with the variant's parameters bound."""
        try:
            answer = read_answer(text, self.with_parameters(vocabulary), self.limits, keep=True)
        except ParseError as exc:
            self.error(line, f"{what}: {messages.render(exc.code, exc.params, 'en', exc.position)}")
            return None
        return self.bind(answer.value)

    def check_teacher_expected(self, data: LineMap, task: Task, context: _ProblemContext) -> None:
        written = str(data["expected"])
        try:
            answer = read_answer(written, self.with_parameters(task.vocabulary), self.limits)
            answer = replace(answer, value=self.bind(answer.value),
                             parts=tuple(self.bind(p) for p in answer.parts))
            verdict = judge(task, answer, context.probe).verdict
        except ParseError as exc:
            reason = messages.render(exc.code, exc.params, "en", exc.position)
            self.error(data.line_of("expected"), f"task '{task.id}': expected: {reason}")
            return
        if verdict != "correct":
            self.error(data.line_of("expected"),
                       f"task '{task.id}': the written expected answer '{written}' does not "
                       f"match the computed one ({task.expected_text}); fix one of them")


@dataclass(frozen=True)
class _Defaults:
    tolerance: Tolerance | None
    follow_through: Fraction
    partial_credit: Mapping[str, Fraction]


@dataclass(frozen=True)
class _ProblemContext:
    problem_id: str
    function: sp.Expr | None
    parameters: tuple[sp.Symbol, ...]
    vocabulary: Vocabulary
    probe: Probe
    descent: Descent | None
    start: tuple[sp.Expr, ...] | None
    defaults: _Defaults
    function_failed: bool = False  # already reported: do not repeat it for every task
    function_name: str | None = None

    @property
    def parameter_names(self) -> list[str]:
        return [p.name for p in self.parameters]


class _KindReading:
    """What a task's kind may use of the reader while it computes the expected answer
    (``kinds.Reading``): the problem's function, variables and descent, and the reader's
    errors and warnings, which carry the file and line."""

    def __init__(self, reader: _Reader, context: _ProblemContext) -> None:
        self._reader, self._context = reader, context
        self.function = context.function
        self.function_failed = context.function_failed
        self.function_name = context.function_name
        self.parameters = context.parameters
        self.vocabulary = context.vocabulary
        self.descent = context.descent
        self.start = context.start
        self.exercise_parameters = frozenset(reader.parameter_symbols)
        self.lang = reader.lang
        self.error, self.warn, self.whole = reader.error, reader.warn, reader.whole
        self.names, self.value = reader.names, reader.read_value
