"""grader against Math-Verify's own test tables: a second outside yardstick.

The cases come from huggingface/Math-Verify at commit 5d148cf (2025-07-02), its tests
(tests/test_all.py, test_numina_cases.py, test_open_thoughts.py, test_yujianll.py): the
(gold, prediction, expected) rows whose gold and prediction are each one plain answer (a number,
an expression, a vector, a matrix, or such a value after a label or at the end of a chain), copied as data
into ``benchmarks/data/mathverify_cases.yaml`` (its header says which rows and why). The gold is
read as a teacher's answer, the prediction as a student's answer to a task with the gold's shape.
Every row where grader and Math-Verify differ carries ``why``: a convention named and explained in
the file's ``conventions``.

    python benchmarks/mathverify_cases.py          # agreement, and the differences
    python benchmarks/mathverify_cases.py --all    # every row
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import sympy as sp
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.checking.equivalence import Equivalence, equivalent, make_probe
from grader.checking.judging import shape_mismatch
from grader.limits import DEFAULT_LIMITS
from grader.parse import Answer, ParseError, Vocabulary, free_names, read_answer
from grader.parse.answer import Value

DATA = Path(__file__).resolve().parent / "data" / "mathverify_cases.yaml"
PROBE = make_probe("mathverify-cases", DEFAULT_LIMITS)
# LaTeX commands and the text of \text{..} are no variable names.
NOT_NAMES = re.compile(r"\\(?:text\w*|mbox)\{[^}]*\}|\\[A-Za-z]+")


@dataclass(frozen=True)
class Row:
    test: str            # the Math-Verify test file and function it comes from
    gold: str
    prediction: str
    expected: int        # Math-Verify's label: 1 the same, 0 different
    grader: int | str | None = None  # what grader says where it differs, with why
    why: str | None = None


def load() -> tuple[dict[str, str], list[Row]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    fields = Row.__dataclass_fields__
    rows = [Row(**{k: v for k, v in item.items() if k in fields}) for item in data["rows"]]
    return data["conventions"], rows


def bounded_verdict(row: Row, seconds: float = 5.0) -> int | str:
    """``verdict`` in a forked process under grader's default time and memory limits, as the
    batch engine checks an answer: "timeout" or "error" when it overruns."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(row, writer))
    process.start()
    writer.close()
    if reader.poll(seconds):
        try:
            return reader.recv()
        except EOFError:
            pass
        finally:
            process.join()
        return "error"
    process.kill()
    process.join()
    return "timeout"


def _child(row: Row, writer) -> None:
    limit = DEFAULT_LIMITS.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        writer.send(verdict(row))
    except (MemoryError, RecursionError):
        writer.send("error")


def verdict(row: Row) -> int | str:
    """1 the same, 0 different, "unproven", or "invalid" (grader cannot read the prediction;
    "invalid-gold" where it cannot read the gold). A chain of working is graded link by link, as
    grader grades working: every ``=`` must hold, and the last part is the answer."""
    names = sorted({n for text in (row.gold, row.prediction) for n in free_names(NOT_NAMES.sub(" ", text))})
    vocabulary = Vocabulary(variables={n: sp.Symbol(n, real=True) for n in names})
    try:
        teacher = read_answer(row.gold, vocabulary)
    except ParseError:
        return "invalid-gold"
    shaped = replace(vocabulary, components=len(teacher.value) if teacher.is_vector else 1)
    try:
        student = read_answer(row.prediction, shaped)
    except ParseError:
        return "invalid"
    outcomes = [_compare(a, b) for a, b in zip(student.parts, student.parts[1:], strict=False)
                if _is_equation(student, a)]
    outcomes.append(_compare(student.value, teacher.value))
    if Equivalence.DIFFERENT in outcomes:
        return 0
    return 1 if all(o is Equivalence.EQUAL for o in outcomes) else "unproven"


def _is_equation(answer: Answer, part: Value) -> bool:
    """Whether the link after ``part`` is an ``=`` (a rounded value after ≈ is not held to it)."""
    at = next(i for i, p in enumerate(answer.parts) if p is part)
    return answer.separators[at] == "="


def _compare(given: Value, expected: Value) -> Equivalence:
    """A vector or matrix component by component, after grader's own shape check (a 2×2
    matrix is no 4-vector); one component that differs makes it different."""
    if shape_mismatch(expected, given) is not None or isinstance(given, tuple) != isinstance(expected, tuple):
        return Equivalence.DIFFERENT
    if isinstance(given, tuple) and isinstance(expected, tuple):
        if len(given) != len(expected):
            return Equivalence.DIFFERENT
        each = [equivalent(g, e, PROBE) for g, e in zip(given, expected, strict=True)]
        if Equivalence.DIFFERENT in each:
            return Equivalence.DIFFERENT
        return Equivalence.EQUAL if all(o is Equivalence.EQUAL for o in each) else Equivalence.UNPROVEN
    assert not isinstance(given, tuple) and not isinstance(expected, tuple)
    return equivalent(given, expected, PROBE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every row")
    args = parser.parse_args()
    conventions, rows = load()
    agreed, unexplained = 0, 0
    reasons: Counter[str] = Counter()
    for row in rows:
        said = bounded_verdict(row)
        same = said == row.expected
        agreed += same
        explained = not same and row.why in conventions and said == row.grader
        if not same:
            reasons[row.why if explained else "(unexplained)"] += 1
            unexplained += not explained
        if args.all or not same:
            mark = "=" if same else ("~" if explained else "!")
            print(f"{mark} {row.gold!r:<44} {row.prediction!r:<44} math-verify={row.expected} "
                  f"grader={said}  {row.why or ''}", flush=True)
    print()
    print(f"rows: {len(rows)}; agree: {agreed} ({agreed / len(rows):.1%}); "
          f"differ: {len(rows) - agreed}, of which unexplained: {unexplained}")
    for reason, count in sorted(reasons.items()):
        print(f"  {reason}: {count}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
