"""The codes results carry: every renderer and exporter reads these, never prose.

A leaf module: it imports nothing of grader, so every layer may use it.
"""

from __future__ import annotations

from typing import Literal, get_args

DiagnosisCode = Literal[
    "sign-slip", "exponent-not-lowered", "coefficient-not-multiplied", "constant-kept",
    "wrong-variable", "other-variable-differentiated", "second-derivative-wrong-variable",
    "first-derivative-only", "constant-factor", "missing-inner-derivative", "gradient-as-sum",
    "components-swapped", "matrix-transposed", "ascent", "learning-rate-missing", "learning-rate-wrong",
    "stale-gradient", "step-increment-only", "step-repeated",
    # -- Newton's method --
    "newton-hessian-multiplied", "newton-as-descent", "newton-sign-flipped", "newton-stale-hessian",
    "newton-increment-only", "newton-inverse-no-determinant", "newton-inverse-signs",
    "newton-inverse-entrywise", "newton-ratio-inverted", "newton-increment-reused",
    # -- second order: Hessian, directional derivative --
    "hessian-asymmetric", "gradient-for-hessian", "hessian-diagonal-only", "entries-swapped",
    "mixed-term-as-constant",
    "evaluated-at-point", "not-evaluated", "direction-not-normalised",
    "direction-normalised", "gradient-component-for-directional", "gradient-for-directional",
    # -- stationary points and eigenvalues --
    "function-value-for-stationary", "stationary-one-equation", "other-stationary-point",
    "diagonal-for-eigenvalues", "trace-determinant-for-eigenvalues", "characteristic-polynomial-sign",
    "hessian-entry-sign-slip", "gradient-for-eigenvalues", "hessian-for-eigenvalues", "nature-opposite",
    "saddle-as-extremum", "extremum-as-saddle", "zero-eigenvalue", "not-undecided",
    "rounding", "carried-error", "negative-base-notation", "repeating-decimal-dots",
    "mixed-number-notation", "unit-not-checked", "working-inconsistent",
    "working-not-checked", "arithmetic-slip", "other-variant",
]
DIAGNOSIS_CODES: tuple[str, ...] = get_args(DiagnosisCode)
# The parameters of a diagnosis that state (part of) the corrected answer: a self-check that
# does not reveal keeps a diagnosis's code and where it is, and withholds these.
ANSWER_PARAMS: dict[str, frozenset[str]] = {
    "exponent-not-lowered": frozenset({"should"}), "coefficient-not-multiplied": frozenset({"should"}),
    "constant-kept": frozenset({"should"}), "missing-inner-derivative": frozenset({"should"}),
    "other-variable-differentiated": frozenset({"should"}), "gradient-as-sum": frozenset({"components"}),
    "constant-factor": frozenset({"factor"}),
}
# What a finding is when it is no mistake: a note on how something was written, credit given,
# a note on working not read. Every renderer labels findings by this one table.
FindingRole = Literal["mistake", "notation", "credit", "note"]
FINDING_ROLES: dict[str, FindingRole] = {
    "negative-base-notation": "notation", "repeating-decimal-dots": "notation",
    "mixed-number-notation": "notation", "carried-error": "credit", "working-not-checked": "note"}


def finding_role(code: str) -> FindingRole:
    return FINDING_ROLES.get(code, "mistake")


# Parameters for the teacher only (whose variant an answer fits): never in a self-check.
TEACHER_PARAMS: dict[str, frozenset[str]] = {"other-variant": frozenset({"students", "count"})}
# Whether a self-check shows the expected answers: never, for the tasks answered, or always.
RevealPolicy = Literal["never", "after-check", "always"]
REVEAL_POLICIES: tuple[RevealPolicy, ...] = get_args(RevealPolicy)

Verdict = Literal["correct", "partial", "incorrect", "missing", "invalid", "timeout", "unproven",
                  "error", "ambiguous"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
Status = Literal["graded", "error"]
