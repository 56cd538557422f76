"""What a teacher's exercise must not ask: an expected answer without a real value, or a
number students cannot write as a decimal without being told how far to round."""

from __future__ import annotations

import sympy as sp

from grader.checking.equivalence import Probe
from grader.checking.tolerance import Tolerance
from grader.parse.answer import Value


def undefined_reason(expected: Value, numeric: bool, probe: Probe) -> str | None:
    """Why ``expected`` cannot be graded against (every student would score 0), or None."""
    for value in expected if isinstance(expected, tuple) else (expected,):
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return "is undefined (a division by zero?)"
        if numeric:
            if value.is_real is False or abs(complex(value.evalf(20)).imag) > 1e-12:
                return f"is not a real number ({value})"
            continue
        if _never_real(value):
            return "has no real value for any real input (a square root or log of a negative)"
    return None


def _never_real(value: sp.Expr) -> bool:
    """An even root of, or a log of, something that is provably negative for real inputs."""
    for power in value.atoms(sp.Pow):
        if power.exp.is_Rational and not power.exp.is_Integer and power.exp.q % 2 == 0 \
                and power.base.is_negative:
            return True
    return any(log.args[0].is_negative for log in value.atoms(sp.log))


def outside_test_points(expected: Value, numeric: bool, probe: Probe) -> bool:
    """No test point lies in the real domain of the expected answer (√(x − 5) is real only
    for x > 5): answers can then only be decided by an exact proof."""
    if numeric:
        return False
    for value in expected if isinstance(expected, tuple) else (expected,):
        if value.free_symbols and not any(v is not None for v in probe.values(value)):
            return True
    return False


def no_decimal_form(expected: Value) -> sp.Expr | None:
    """A value that no finite decimal equals (-46/3, √2): without a tolerance, only the exact
    form is right, which a teacher rarely means."""
    for value in expected if isinstance(expected, tuple) else (expected,):
        if value.is_Rational:
            denominator = int(value.q)
            for prime in (2, 5):
                while denominator % prime == 0:
                    denominator //= prime
            if denominator != 1:
                return value
        elif value.is_number:
            return value
    return None


def tolerance_hint(tolerance: Tolerance | None) -> str:
    return "" if tolerance is None else f" ({tolerance.describe()})"
