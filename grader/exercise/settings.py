"""Reading the settings of an exercise: numbers as the teacher wrote them, whole numbers,
limits, tolerances and credits. Every problem is collected as a file:line error."""

from __future__ import annotations

import difflib
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import sympy as sp

from grader.checking.tolerance import Tolerance
from grader.codes import DIAGNOSIS_CODES, REVEAL_POLICIES, RevealPolicy
from grader.errors import ExerciseError, english
from grader.exercise.variants import Variant
from grader.limits import DEFAULT_LIMITS, Limits
from grader.parse import ParseError, Vocabulary, read_answer
from grader.parse.answer import Value
from grader.parse.matrix import map_entries
from grader.reading.yamlio import WHOLE, LineMap

MINIMUM_LIMITS = {"memory_mb": 256, "check_seconds": 0.1}  # below this a worker cannot even start
# limits of earlier versions: read with a warning, so that an exercise that sets one still loads
RETIRED_LIMITS = {"max_exponent": "powers are now bounded by what they compute: max_result_digits "
                                  "(digits of a number's value) and max_degree (a power of variables)"}
TOLERANCE_KEYS = {"abs", "rel", "decimals", "sigfigs", "written"}
TOLERANCE_HINT = "{abs: 0.01}, {rel: 0.001}, {decimals: 2} or {sigfigs: 3}"


class SettingsReader:
    def __init__(self, path: Path, variant: Variant | None = None, family: Any = None) -> None:
        self.path = path
        self.family = family  # reader.Family of a variant: problems already computed
        self.errors: list[ExerciseError] = []
        self.warnings: list[ExerciseError] = []
        self.limits = DEFAULT_LIMITS
        # A variant's parameters: names a teacher's text may use, bound to the variant's values.
        self.variant = variant
        names = variant.names if variant is not None else ()
        self.parameter_symbols = {n: sp.Symbol(n, real=True) for n in names}
        self.bound: dict[sp.Basic, sp.Basic] = {} if variant is None else {
            self.parameter_symbols[n]: sp.Rational(v.numerator, v.denominator)
            for n, v in zip(variant.names, variant.values, strict=True)}

    def with_parameters(self, vocabulary: Vocabulary) -> Vocabulary:
        """The names a teacher's text may use: the answer's and the exercise's parameters."""
        if not self.parameter_symbols:
            return vocabulary
        return replace(vocabulary, variables={**vocabulary.variables, **self.parameter_symbols})

    def bind(self, value: Value) -> Value:
        """``value`` with this variant's numbers for its parameters."""
        if not self.bound:
            return value
        if isinstance(value, tuple):  # a matrix stays a matrix
            return map_entries(value, lambda v: v.xreplace(self.bound))
        return value.xreplace(self.bound)

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(ExerciseError(message, str(self.path), line))

    def error_coded(self, line: int | None, code: str, **params: str) -> None:
        """An error worded by the message catalogue (``code``), so it can be said in Dutch too."""
        given = tuple(params.items())
        self.errors.append(ExerciseError(english(code, given), str(self.path), line, code=code, params=given))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ExerciseError(message, str(self.path), line))

    def check_keys(self, mapping: LineMap, allowed: set[str], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                allowed_text = ", ".join(sorted(allowed))
                hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {allowed_text}"
                self.error(mapping.line_of(key), f"unknown key '{key}' in {what}{hint}")

    def read_limits(self, data: LineMap) -> Limits:
        given = data.get("limits")
        if given is None:
            return DEFAULT_LIMITS
        if not isinstance(given, LineMap):
            self.error(data.line_of("limits"), "limits must be a mapping, e.g. {max_degree: 1000}")
            return DEFAULT_LIMITS
        types = Limits.field_types()
        self.check_keys(given, set(types) | set(RETIRED_LIMITS), "limits")
        overrides = {}
        for key, value in given.items():
            if key in RETIRED_LIMITS:
                self.warn(given.line_of(key), f"limit {key} is no longer used ({RETIRED_LIMITS[key]}); "
                                              "remove it")
            if key not in types:
                continue
            number = self.number(value, given.line_of(key), f"limit {key}")
            if number is None:
                continue
            least = MINIMUM_LIMITS.get(key, 0)
            if number <= 0 or (types[key] is int and not number.is_Integer) or number > 10**9:
                self.error(given.line_of(key), f"limit {key} must be a positive "
                                               f"{'whole number' if types[key] is int else 'number'}")
            elif number < least:
                self.error(given.line_of(key), f"limit {key} must be at least {least:g}: less "
                                               "leaves no room to check an answer at all")
            else:
                overrides[key] = types[key](number)
        return DEFAULT_LIMITS.updated(overrides)

    def reveal_policy(self, data: LineMap) -> RevealPolicy:
        """``feedback: {reveal: never | after-check | always}``: what a self-check shows."""
        given = data.get("feedback")
        if given is None:
            return "never"
        choices = " | ".join(REVEAL_POLICIES)
        if not isinstance(given, LineMap):
            self.error(data.line_of("feedback"), f"feedback must be a mapping, e.g. {{reveal: {choices}}}")
            return "never"
        self.check_keys(given, {"reveal"}, "feedback")
        value = given.get("reveal", "never")
        for policy in REVEAL_POLICIES:
            if value == policy:
                return policy
        self.error(given.line_of("reveal"), f"feedback reveal must be one of {choices}")
        return "never"

    def number(self, value: Any, line: int, what: str) -> sp.Rational | None:
        """A number written by the teacher, read from its text by grader's own reader: 0.1 is
        exactly 1/10, 1e-3 is 1/1000."""
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.error(line, f"{what} must be a number")
            return None
        try:
            result = self.bind(read_answer(str(value), self.with_parameters(Vocabulary()), self.limits,
                                           keep=True).value)
        except ParseError:
            result = None
        if not isinstance(result, sp.Expr) or not result.is_Rational:
            shown = str(value) if len(str(value)) <= 40 else f"{str(value)[:37]}..."
            self.error(line, f"{what} must be a number, got '{shown}'")
            return None
        return result

    def whole(self, value: Any, line: int, what: str, low: int, high: int) -> int | None:
        """A whole number from ``low`` to ``high`` (YAML gives it as text: see ``yamlio``)."""
        if isinstance(value, bool) or not WHOLE.match(str(value)) or not low <= int(value) <= high:
            self.error(line, f"{what} must be a whole number from {low} to {high}")
            return None
        return int(value)

    def fraction_in_unit(self, data: LineMap, key: str, default: Fraction) -> Fraction:
        if key not in data:
            return default
        value = self.number(data[key], data.line_of(key), key)
        if value is None or not 0 <= value <= 1:
            self.error(data.line_of(key), f"{key} must be a number from 0 to 1")
            return default
        return Fraction(int(value.p), int(value.q))

    def partial_credit(self, data: LineMap) -> dict[str, Fraction]:
        given = data.get("partial_credit")
        if given is None:
            return {}
        if not isinstance(given, LineMap):
            self.error(data.line_of("partial_credit"),
                       "partial_credit must map a mistake code to a fraction, e.g. {rounding: 0.5}")
            return {}
        self.check_keys(given, set(DIAGNOSIS_CODES), "partial_credit (mistake codes)")
        return {code: self.fraction_in_unit(given, code, Fraction(0)) for code in given
                if code in DIAGNOSIS_CODES}

    def tolerance(self, data: LineMap, line: int) -> Tolerance | None:
        given = data.get("tolerance")
        if given is None:
            return None
        if not isinstance(given, LineMap) or not given:
            self.error(line, f"tolerance must be a mapping: {TOLERANCE_HINT}")
            return None
        self.check_keys(given, TOLERANCE_KEYS, "tolerance")
        bounds: dict[str, Fraction | None] = {"abs": None, "rel": None}
        for key in bounds:
            if key in given:
                number = self.number(given[key], given.line_of(key), f"tolerance {key}")
                if number is not None and number < 0:
                    self.error(given.line_of(key), f"tolerance {key} must not be negative")
                elif number is not None:
                    bounds[key] = Fraction(int(number.p), int(number.q))
        decimals = self.whole(given["decimals"], given.line_of("decimals"), "tolerance decimals", 0, 12) \
            if "decimals" in given else None
        sigfigs = self.whole(given["sigfigs"], given.line_of("sigfigs"), "tolerance sigfigs", 1, 15) \
            if "sigfigs" in given else None
        written = given.get("written", False)
        if not isinstance(written, bool) or (written and "sigfigs" not in given and "decimals" not in given):
            self.error(given.line_of("written"),
                       "tolerance written must be true or false, with sigfigs or decimals")
            written = False
        if not any(k in given for k in ("abs", "rel", "decimals", "sigfigs")):
            self.error(line, f"tolerance needs a bound: {TOLERANCE_HINT}")
        return Tolerance(bounds["abs"], bounds["rel"], decimals, sigfigs, written)
