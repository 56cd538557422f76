"""Bounds on what one answer may cost, checked before SymPy ever sees it.

A short string can ask SymPy for an astronomically large number (``9^9^9``) or a huge
expansion (``(x+1)^(10^6)``), so size is bounded while the answer is read, and time and
memory while it is checked (the worker process that checks it is killed when it overruns).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Limits:
    max_length: int = 2_000          # characters in one answer
    max_depth: int = 40              # nesting of brackets and operators
    max_nodes: int = 400             # operators, names and numbers in one answer
    max_digits: int = 30             # digits of one number as written
    max_exponent: int = 100          # |n| of a numeric exponent (x^n, e^n)
    max_result_digits: int = 2_000   # digits of an exact number computed while reading
    max_factorial: int = 100         # largest n in n!
    max_sum_terms: int = 1_000       # terms of a Σ with numeric bounds, when evaluated
    check_seconds: float = 5.0       # wall clock for checking one answer
    memory_mb: int = 2_048           # address space of a checking worker

    def updated(self, overrides: dict[str, Any]) -> Limits:
        """A copy with the given fields replaced (names and types checked by the caller)."""
        return replace(self, **overrides)

    @classmethod
    def field_types(cls) -> dict[str, type]:
        return {f.name: (float if f.name == "check_seconds" else int) for f in fields(cls)}


DEFAULT_LIMITS = Limits()
