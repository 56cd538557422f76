"""Working is evidence too: every part of a chain ``a = b ≈ c`` is checked against the next.

Two findings come of it:

- ``working-inconsistent``: the result is right but the working before it disagrees with it
  (``θ = 4 − 0.2·24 = 1.6``: the working gives −0.8). Partial credit by default.
- ``arithmetic-slip``: the working is right up to a part and the next part is wrong
  (``θ = 4 − 0.1·24 = 1.5``): the message shows where.

When is a link of the chain consistent?
- ``=`` between equal values (exactly; expressions by the checking machinery), or a decimal that
  is the part before rounded to the places written (``1.0176 = 1.02``: students write a rounded
  result with ``=``);
- ``≈`` also within the task's tolerance;
- a formula followed by numbers (``6θ = 6·4 = 24``) is a substitution: not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from grader.checking.equivalence import Equivalence, Probe, compare_numbers, equivalent, real_fraction
from grader.checking.judging import shape_mismatch
from grader.checking.tolerance import Tolerance, round_to
from grader.diagnose.models import Finding
from grader.parse import Answer
from grader.parse.answer import Value

IsRight = Callable[[Value, tuple[str | None, ...]], bool]


@dataclass(frozen=True)
class Link:
    """Parts ``index`` and ``index + 1`` of a chain, and whether they agree."""

    index: int
    consistent: bool


def working_findings(answer: Answer, final_right: bool, tolerance: Tolerance | None, probe: Probe,
                     is_right: IsRight) -> tuple[Finding, ...]:
    parts = answer.parts
    if len(parts) < 2:
        return ()
    links = [Link(k, _consistent(parts[k], parts[k + 1], answer.separators[k], answer.literals[k + 1],
                                 tolerance, probe))
             for k in range(len(parts) - 1)]
    broken = [link for link in links if not link.consistent]
    if not broken:
        return ()
    first = broken[0]
    params = (("left", answer.part_texts[first.index]), ("right", answer.part_texts[first.index + 1]))
    if final_right:
        return (Finding("working-inconsistent", params),)
    last = broken[-1]
    if is_right(parts[last.index], answer.literals[last.index]) and \
            all(link.consistent for link in links[:last.index]):
        return (Finding("arithmetic-slip", (("left", answer.part_texts[last.index]),
                                            ("right", answer.part_texts[last.index + 1]))),)
    return ()


def _consistent(left: Value, right: Value, separator: str, written: tuple[str | None, ...],
                tolerance: Tolerance | None, probe: Probe) -> bool:
    lefts = left if isinstance(left, tuple) else (left,)
    rights = right if isinstance(right, tuple) else (right,)
    if len(lefts) != len(rights) or shape_mismatch(left, right) is not None:  # a vector is no matrix
        return False
    return all(_agree(a, b, separator, w, tolerance, probe)
               for a, b, w in zip(lefts, rights, written if len(written) == len(rights) else
                                  (None,) * len(rights), strict=True))


def _agree(left: sp.Expr, right: sp.Expr, separator: str, written: str | None,
           tolerance: Tolerance | None, probe: Probe) -> bool:
    if left.free_symbols and not right.free_symbols:
        return True  # a formula, then its value at the point: a substitution
    if left.free_symbols or right.free_symbols:
        return equivalent(right, left, probe) is not Equivalence.DIFFERENT
    if compare_numbers(right, left, None) is not Equivalence.DIFFERENT:
        return True
    if written is not None and _rounds_to(left, right, written):
        return True
    return separator == "≈" and tolerance is not None and \
        compare_numbers(right, left, tolerance) is Equivalence.EQUAL


def _rounds_to(left: sp.Expr, right: sp.Expr, written: str) -> bool:
    """``right`` is ``left`` rounded to the decimals it is written with (1.0176 = 1.02)."""
    mantissa = written.lstrip("+-").replace(",", ".")
    if "." not in mantissa or not mantissa.replace(".", "").isdigit():
        return False
    places = len(mantissa.partition(".")[2])
    exact, shown = real_fraction(left), real_fraction(right)
    return exact is not None and shown is not None and round_to(exact, places) == shown


def credit_for(code: str, credits: Mapping[str, Fraction] | None) -> Fraction | None:
    """A teacher's credit for a finding, or the default (half for inconsistent working)."""
    if credits is not None and code in credits:
        return credits[code]
    return DEFAULT_CREDIT.get(code)


DEFAULT_CREDIT = {"working-inconsistent": Fraction(1, 2)}
