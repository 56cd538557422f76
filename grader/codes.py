"""The codes results carry: every renderer and exporter reads these, never prose.

A leaf module: it imports nothing of grader, so every layer may use it.
"""

from __future__ import annotations

from typing import Literal, get_args

DiagnosisCode = Literal[
    "sign-slip", "exponent-not-lowered", "coefficient-not-multiplied", "constant-kept",
    "wrong-variable", "other-variable-differentiated", "second-derivative-wrong-variable",
    "first-derivative-only", "constant-factor", "missing-inner-derivative", "gradient-as-sum",
    "components-swapped", "ascent", "learning-rate-missing", "stale-gradient", "rounding",
    "carried-error", "negative-base-notation", "unit-not-checked", "working-inconsistent",
    "arithmetic-slip", "other-variant",
]
DIAGNOSIS_CODES: tuple[str, ...] = get_args(DiagnosisCode)

Verdict = Literal["correct", "partial", "incorrect", "missing", "invalid", "timeout", "unproven",
                  "error", "ambiguous"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
Status = Literal["graded", "error"]
