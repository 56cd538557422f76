"""The shared shape of mistake models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import sympy as sp

Params = tuple[tuple[str, str], ...]

DiagnosisCode = Literal[
    "sign-slip", "exponent-not-lowered", "coefficient-not-multiplied", "constant-kept",
    "wrong-variable", "other-variable-differentiated", "second-derivative-wrong-variable",
    "first-derivative-only", "constant-factor", "missing-inner-derivative", "gradient-as-sum",
    "components-swapped", "ascent", "learning-rate-missing", "stale-gradient", "rounding",
    "carried-error", "negative-base-notation", "working-inconsistent", "arithmetic-slip",
]
DIAGNOSIS_CODES: tuple[str, ...] = get_args(DiagnosisCode)


@dataclass(frozen=True)
class Candidate:
    """A wrong answer a mistake would produce: ``code`` names the mistake, ``params`` fill in
    its message (the term concerned, the factor, ...)."""

    code: str
    value: sp.Expr
    params: Params = ()


@dataclass(frozen=True)
class Finding:
    """A mistake found in an answer (or a notation warning on a right one)."""

    code: str
    params: Params = ()
