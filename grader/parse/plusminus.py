"""``a ± b``: two values in one. grader reads no ± as math (an answer is one value, or a list);
it names the two values to write instead, and a kind whose answer is a list of values
(eigenvalues) reads ``a ± b`` as ``a − b, a + b`` (``both_values``)."""

from __future__ import annotations

import re

PLUS_MINUS = re.compile(r"±|\\pm(?![A-Za-z])")
# what ends the value a ± b is in: = or ≈ of a chain (λ = 9 ± 3√5 ≈ …), a list's comma
BOUNDARY = re.compile(r"=|≈|\\approx(?![A-Za-z])|,|;")
MAX_SHOWN = 40  # longer sides are named "a" and "b" in the message
OPENING, CLOSING = "([{", ")]}"


def both_values(text: str, position: int) -> tuple[str, str] | None:
    """``a - b`` and ``a + b`` for the ± at ``position`` of ``text``, as written (``9 - 3√5``,
    ``9 + 3√5``); None when the ± is not between two whole values of one part of the answer
    (inside a fraction or brackets, at an end, or beside another ±)."""
    sign = PLUS_MINUS.match(text, position)
    if sign is None:
        return None
    starts = [m.end() for m in BOUNDARY.finditer(text, 0, position)]
    stop = BOUNDARY.search(text, sign.end())
    left = text[starts[-1] if starts else 0:position].strip()
    right = text[sign.end():stop.start() if stop else len(text)].strip().rstrip(".").rstrip()
    if not left or not right or any(PLUS_MINUS.search(side) or not _balanced(side) for side in (left, right)):
        return None
    if (stop is not None and stop.group() in ",;") or any(text[s - 1] in ",;" for s in starts[-1:]):
        return None  # a list already: 1, 2 ± 3 is not two values
    return f"{left} - {_grouped(right)}", f"{left} + {_grouped(right)}"


def written_both(text: str, position: int) -> tuple[str, str]:
    """The two values to name in the message refusing the ± at ``position``."""
    both = both_values(text, position)
    if both is None or max(len(v) for v in both) > MAX_SHOWN:
        return "a - b", "a + b"
    return both


def _grouped(value: str) -> str:
    """``b`` as one term after a minus: ``3√5`` stays, ``1 + √5`` is bracketed."""
    depth = 0
    for k, ch in enumerate(value):
        depth += (ch in OPENING) - (ch in CLOSING)
        if depth == 0 and k > 0 and ch in "+-−":
            return f"({value})"
    return value


def _balanced(side: str) -> bool:
    depth = 0
    for ch in side:
        depth += (ch in OPENING) - (ch in CLOSING)
        if depth < 0:
            return False
    return depth == 0
