"""The shared shape of mistake models."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from grader.codes import DIAGNOSIS_CODES, DiagnosisCode

Params = tuple[tuple[str, str], ...]



@dataclass(frozen=True)
class Candidate:
    """A wrong answer a mistake would produce: ``code`` names the mistake, ``params`` fill in
    its message (the term concerned, the factor, ...)."""

    code: DiagnosisCode
    value: sp.Expr
    params: Params = ()


@dataclass(frozen=True)
class Finding:
    """A mistake found in an answer (or a notation warning on a right one)."""

    code: DiagnosisCode
    params: Params = ()


__all__ = ["DIAGNOSIS_CODES", "Candidate", "DiagnosisCode", "Finding", "Params"]
