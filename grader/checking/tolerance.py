"""How close a numeric answer must be: absolute, relative, correct to N decimals, or to N
significant figures (optionally also written with N significant figures).

The rules, with examples (each is a test row in tests/checking/test_tolerance.py):

- ``abs: a``: |answer − expected| ≤ a.
- ``rel: r``: |answer − expected| ≤ r·|expected|.
- ``decimals: d``: the answer rounded to d decimals equals the expected value rounded to d
  decimals (half away from zero). For 1.0176 and d = 2: 1.02, 1.018 and 1.0176 are right; 1.01,
  1.013 and 1.0 are not. For 1.6: 1.605 is not (it rounds to 1.61).
- ``sigfigs: n``: the same with n significant figures: for 0.001234567 and n = 3, 0.00123 and
  1.23e-3 are right, 0.00124 is not; 999 is 1000 to 2 significant figures.
- ``sigfigs: n, written: true``: also written with exactly n significant figures (STACK's
  NumSigFigs): 3.142 is π to 4, 3.14 is not written to 4. Trailing zeros of a whole number are
  ambiguous (1000 has 1 to 4), so they count either way; 1.0e3 has 2.
- ``decimals: d, written: true``: also written with exactly d decimals (STACK's NumDecPlaces):
  3.142 is π to 3 decimals; 3.14 and 3.1416 are not written with 3.

Any one satisfied bound accepts (``{abs: 0.01, decimals: 2}`` accepts what either accepts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Tolerance:
    absolute: Fraction | None = None
    relative: Fraction | None = None
    decimals: int | None = None
    sigfigs: int | None = None
    written: bool = False  # with sigfigs: the answer must be written with that many, too

    def accepts(self, answer: Fraction, expected: Fraction, written: str | None = None) -> bool:
        """``written``: the answer's number as the student wrote it, when it is one literal."""
        gap = abs(answer - expected)
        if self.absolute is not None and gap <= self.absolute:
            return True
        if self.relative is not None and gap <= self.relative * abs(expected):
            return True
        if self.decimals is not None and \
                rounded_units(answer, self.decimals) == rounded_units(expected, self.decimals) \
                and (not self.written or _decimals_of(written) == self.decimals):
            return True
        if self.sigfigs is not None and round_significant(answer, self.sigfigs) == \
                round_significant(expected, self.sigfigs):
            if not self.written:
                return True
            low_high = written_sigfigs(written) if written is not None else None
            return low_high is not None and low_high[0] <= self.sigfigs <= low_high[1]
        return False

    def describe(self) -> str:
        parts = []
        if self.decimals is not None:
            parts.append(f"{self.decimals} decimals")
        if self.sigfigs is not None:
            parts.append(f"{self.sigfigs} significant figures")
        if self.absolute is not None:
            parts.append(f"±{float(self.absolute):g}")
        if self.relative is not None:
            parts.append(f"{float(self.relative) * 100:g}%")
        return " or ".join(parts)


def round_to(value: Fraction, places: int) -> Fraction:
    """Round half away from zero, as students learn it (1.0176 -> 1.02, -0.125 -> -0.13).
    ``places`` may be negative: round to tens (-1), hundreds (-2), ..."""
    units = rounded_units(value, places)
    return Fraction(units, 10**places) if places >= 0 else Fraction(units * 10**-places)


def rounded_units(value: Fraction, places: int) -> int:
    """``value`` rounded to ``places`` decimals, in units of 10^-places (integers only: this
    runs for every numeric answer)."""
    numerator, denominator = value.numerator, value.denominator
    if places >= 0:
        numerator *= 10**places
    else:
        denominator *= 10**-places
    units = (2 * abs(numerator) + denominator) // (2 * denominator)
    return units if numerator >= 0 else -units


def truncate_to(value: Fraction, places: int) -> Fraction:
    """Cut off after ``places`` decimals (1.0176 -> 1.01): a rounding mistake."""
    scale = 10**places
    return Fraction(int(value * scale), scale)  # int() truncates toward zero


def leading_exponent(value: Fraction) -> int:
    """k with 10^k ≤ |value| < 10^(k+1), exactly (value ≠ 0)."""
    magnitude = abs(value)
    k = len(str(magnitude.numerator)) - len(str(magnitude.denominator))
    while Fraction(10) ** k > magnitude:
        k -= 1
    while Fraction(10) ** (k + 1) <= magnitude:
        k += 1
    return k


def round_significant(value: Fraction, figures: int) -> Fraction:
    """``value`` rounded to ``figures`` significant figures (999 -> 1000 for 2)."""
    if value == 0:
        return value
    return round_to(value, figures - 1 - leading_exponent(value))


_LITERAL = re.compile(r"^(?P<sign_and_mantissa>[+-]?(?P<mantissa>[0-9]*(?:[.,][0-9]*)?))"
                      r"(?:(?:[eE]|[·*×]10\^)\(?[+-]?[0-9]+\)?)?$")


def _decimals_of(written: str | None) -> int | None:
    return None if written is None else written_decimals(written)


def written_decimals(text: str) -> int | None:
    """The decimal places a plain decimal is written with ("3.140" -> 3, "7" -> 0); None for
    scientific notation or what is not one literal."""
    match = _LITERAL.match(text.replace(" ", ""))
    if match is None or match.group(0) != match.group("sign_and_mantissa"):
        return None
    return len(match.group("mantissa").replace(",", ".").partition(".")[2])


def written_sigfigs(text: str) -> tuple[int, int] | None:
    """The significant figures a number is written with, as a range (trailing zeros of a
    whole number may or may not count): "1.60" -> (3, 3), "0.00120" -> (3, 3), "1000" ->
    (1, 4), "0" -> (1, 1), "0.00" -> (2, 2); None for what is not one decimal literal."""
    match = _LITERAL.match(text.replace(" ", ""))
    if match is None or not any(c.isdigit() for c in match.group("mantissa")):
        return None
    mantissa = match.group("mantissa").replace(",", ".")
    whole, point, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits:  # zero: the places written after the point count (0.00 has 2)
        return (max(1, len(fraction)),) * 2
    if point:
        return len(digits), len(digits)
    trailing = len(digits) - len(digits.rstrip("0"))
    return len(digits) - trailing, len(digits)
