"""Bounds on what one answer may cost, checked before SymPy ever sees it.

A short string can ask SymPy for an astronomically large number (``9^9^9``) or a huge
expansion (``(x+1)^(10^6)``), so size is bounded while the answer is read, and time and
memory while it is checked (the worker process that checks it is killed when it overruns).
What is bounded is what would be computed (digits of a value, degree of a power, terms of an
expansion), never how large an exponent looks: ``1000*1.01^365`` and ``(x-a)^6000`` are fine.
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
    max_result_digits: int = 2_000   # digits of a number's value (2^n, e^n, 1.01^n)
    max_degree: int = 10_000         # degree of a power of variables after expansion
    max_expanded_terms: int = 1_000  # terms an expansion may make; beyond: compared unexpanded
    max_factorial: int = 100         # largest n in n!
    max_sum_terms: int = 1_000       # terms of a Σ with numeric bounds, when evaluated
    max_matrix_size: int = 10        # rows, and columns, of a matrix
    check_seconds: float = 5.0       # wall clock for checking one answer
    memory_mb: int = 2_048           # address space of a checking worker

    def updated(self, overrides: dict[str, Any]) -> Limits:
        """A copy with the given fields replaced (names and types checked by the caller)."""
        return replace(self, **overrides)

    @classmethod
    def field_types(cls) -> dict[str, type]:
        return {f.name: (float if f.name == "check_seconds" else int) for f in fields(cls)}


DEFAULT_LIMITS = Limits()
