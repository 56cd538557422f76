"""How close a numeric answer must be: absolute, relative, or correct to N decimals."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Tolerance:
    """Any one satisfied bound accepts. ``decimals=2`` accepts what rounds to the same two
    decimals as the exact value or is closer: 1.02 and 1.0176 for 1.0176, not 1.01."""

    absolute: Fraction | None = None
    relative: Fraction | None = None
    decimals: int | None = None

    def bound(self, expected: Fraction) -> Fraction:
        candidates = [Fraction(0)]
        if self.absolute is not None:
            candidates.append(self.absolute)
        if self.relative is not None:
            candidates.append(self.relative * abs(expected))
        if self.decimals is not None:
            candidates.append(Fraction(1, 2 * 10**self.decimals))
        return max(candidates)

    def describe(self) -> str:
        parts = []
        if self.decimals is not None:
            parts.append(f"{self.decimals} decimals")
        if self.absolute is not None:
            parts.append(f"±{float(self.absolute):g}")
        if self.relative is not None:
            parts.append(f"{float(self.relative) * 100:g}%")
        return " or ".join(parts)


def round_to(value: Fraction, places: int) -> Fraction:
    """Round half away from zero, as students learn it (1.0176 -> 1.02, -0.125 -> -0.13)."""
    scale = 10**places
    rounded = int(abs(value) * scale + Fraction(1, 2))
    return Fraction(rounded if value >= 0 else -rounded, scale)


def truncate_to(value: Fraction, places: int) -> Fraction:
    """Cut off after ``places`` decimals (1.0176 -> 1.01): a rounding mistake."""
    scale = 10**places
    return Fraction(int(value * scale), scale)  # int() truncates toward zero
